//! The device killed for real (SIGKILL) between the server's commit and the local delete of its
//! outbox rows: `presale sync now` runs as a child process, paused at that very point by the
//! test-only hook `PRESALE_TEST_PAUSE_AFTER_COMMIT` (see `presale_fleet::sync`), and is killed
//! there; started again, it resends the batch and the server applies it once. Against the
//! private PostgreSQL `test.sh` starts (skipped, saying why, without `PRESALE_TEST_PG_URL`;
//! failing instead when `PRESALE_TEST_PG_REQUIRED` is set).

mod fleet_device;

use fleet_device::{finish, waiting};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server_url(test: &str) -> Option<String> {
    fleet_device::server_url(test, "presale_kill")
}

fn presale(data_dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_presale"));
    c.arg("--data-dir")
        .arg(data_dir)
        .env_remove("PRESALE_DATA_DIR")
        .env_remove("PRESALE_FLEET_SERVER")
        .env_remove("PGPASSWORD")
        .env_remove("PRESALE_TEST_PAUSE_AFTER_COMMIT")
        .current_dir(data_dir);
    c
}

fn run(data_dir: &Path, args: &[&str]) -> (bool, String, String) {
    let o = presale(data_dir).args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn newest(data_dir: &Path) -> i64 {
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME)).unwrap();
    presale_core::fleet::outbox::newest(&conn).unwrap()
}

fn count(url: &str, sql: &str) -> i64 {
    let mut c = url
        .parse::<postgres::Config>()
        .unwrap()
        .connect(postgres::NoTls)
        .unwrap();
    c.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_device_killed_after_the_servers_commit_resends_and_the_batch_is_applied_once() {
    let Some(url) = server_url("fleet_sigkill") else {
        return;
    };
    let office = tempfile::tempdir().unwrap();
    let (ok, _, e) = run(office.path(), &["fleet", "init", "--server", &url]);
    assert!(ok, "{e}");
    let name = format!("kill-{}", std::process::id());
    let (ok, printed, e) = run(
        office.path(),
        &["fleet", "add-device", &name, "--server", &url],
    );
    assert!(ok, "{e}");
    let branch = tempfile::tempdir().unwrap();
    let toml: String = printed
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(branch.path().join("presale.toml"), toml).unwrap();
    std::fs::copy(
        office.path().join(format!("{name}.password")),
        branch.path().join("fleet-password"),
    )
    .unwrap();
    finish(branch.path(), &["甲", "乙", "丙"]);
    // Three records, their clients, consents and audit entries: every row the outbox holds.
    let first = waiting(branch.path());
    let newest = newest(branch.path());
    assert!(first > 3, "more than the three records wait: {first}");

    let marker = branch.path().join("committed");
    let mut child = presale(branch.path())
        .args(["sync", "now"])
        .env("PRESALE_TEST_PAUSE_AFTER_COMMIT", &marker)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !marker.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("`presale sync now` ended ({status}) before the server committed");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the sync never reached the server's commit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Paused after the commit: the server has the batch, the device still has its rows.
    assert_eq!(count(&url, "SELECT count(*) FROM fleet.received"), first);
    assert_eq!(
        count(&url, "SELECT applied_through FROM fleet.device_cursors"),
        newest
    );
    assert_eq!(waiting(branch.path()), first);
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no goodbye.
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
    }
    assert_eq!(waiting(branch.path()), first, "the rows survive the kill");

    // Another consultation finished meanwhile; then the device starts again.
    finish(branch.path(), &["丁"]);
    let both = waiting(branch.path());
    let (ok, out, e) = run(branch.path(), &["sync", "now"]);
    assert!(ok, "{e}");
    assert!(
        out.contains(&format!(
            "sent {both} (applied {}, already there {first})",
            both - first
        )),
        "the first batch resent and applied once, the new rows applied: {out}"
    );
    assert_eq!(waiting(branch.path()), 0);
    assert_eq!(count(&url, "SELECT count(*) FROM fleet.received"), both);
    assert_eq!(count(&url, "SELECT count(*) FROM fleet.consultations"), 4);
    assert_eq!(
        count(
            &url,
            "SELECT count(DISTINCT name) FROM fleet.clients WHERE name IN ('甲', '乙', '丙', '丁')"
        ),
        4,
        "none lost"
    );
    assert_eq!(
        count(&url, "SELECT count(*) FROM fleet.clients"),
        4,
        "none doubled"
    );
}
