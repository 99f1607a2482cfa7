//! `presale fleet init|add-device` and `presale sync now|status` as a DBA and a branch run them,
//! against the private PostgreSQL `test.sh` starts (skipped, saying why, without
//! `PRESALE_TEST_PG_URL`; failing instead when `PRESALE_TEST_PG_REQUIRED` is set).

mod fleet_device;

use fleet_device::{finish, unique, waiting};
use std::path::Path;
use std::process::{Command, Output};

fn server_url(test: &str) -> Option<String> {
    fleet_device::server_url(test, "presale_cli")
}

fn presale(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presale"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PRESALE_DATA_DIR")
        .env_remove("PRESALE_FLEET_SERVER")
        .env_remove("PGPASSWORD")
        .current_dir(data_dir)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_dba_enrols_a_device_and_the_device_syncs_from_the_command_line() {
    let Some(url) = server_url("cli_fleet") else {
        return;
    };
    let office = tempfile::tempdir().unwrap();
    let init = presale(office.path(), &["fleet", "init", "--server", &url]);
    assert!(init.status.success(), "{}", err(&init));
    assert!(
        out(&init).contains("fleet schema created"),
        "{}",
        out(&init)
    );
    let again = presale(office.path(), &["fleet", "init", "--server", &url]);
    assert!(
        out(&again).contains("already at version"),
        "{}",
        out(&again)
    );

    let name = format!("cli-{}", unique());
    let added = presale(
        office.path(),
        &["fleet", "add-device", &name, "--server", &url],
    );
    assert!(added.status.success(), "{}", err(&added));
    let printed = out(&added);
    assert!(printed.contains("[sync]") && printed.contains("password_file = \"fleet-password\""));
    assert!(
        !printed.contains("presale_owner"),
        "the owner's login is not handed out"
    );
    let pw_file = office.path().join(format!("{name}.password"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pw_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable only by its owner");
    }

    // The branch: the printed section and the password file go into its data directory.
    let branch = tempfile::tempdir().unwrap();
    let toml: String = printed
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(branch.path().join("presale.toml"), toml).unwrap();
    let copied = branch.path().join("fleet-password");
    std::fs::copy(&pw_file, &copied).unwrap();
    finish(branch.path(), &["张伟"]);
    // The record, and the audit entries and consents that came with it.
    let n = waiting(branch.path());
    assert!(n > 1);

    let status = presale(branch.path(), &["sync", "status"]);
    assert!(status.status.success(), "{}", err(&status));
    let s = out(&status);
    assert!(
        s.contains("last success: never") && s.contains(&format!("rows waiting: {n}")),
        "{s}"
    );

    let now = presale(branch.path(), &["sync", "now"]);
    assert!(now.status.success(), "{}", err(&now));
    assert!(
        out(&now).contains(&format!("sent {n} (applied {n}")),
        "{}",
        out(&now)
    );
    let s = out(&presale(branch.path(), &["sync", "status"]));
    assert!(
        s.contains("rows waiting: 0") && s.contains("last error: none"),
        "{s}"
    );
    assert!(!s.contains("last success: never"), "{s}");

    // A wrong password: said plainly, the row kept, the reason in the status.
    finish(branch.path(), &["李娜"]);
    let n = waiting(branch.path());
    std::fs::remove_file(&copied).unwrap();
    presale_fleet::config::write_password_file(&copied, "wrong").unwrap();
    let refused = presale(branch.path(), &["sync", "now"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        err(&refused).contains("refused the device's password"),
        "{}",
        err(&refused)
    );
    assert!(
        err(&refused).contains(&format!("{n} rows kept")),
        "{}",
        err(&refused)
    );
    let s = out(&presale(branch.path(), &["sync", "status"]));
    assert!(
        s.contains(&format!("rows waiting: {n}")) && s.contains("last error: the server refused"),
        "{s}"
    );

    // Head office: the device with its backlog, the roster, the central purge, the revocation.
    let st = out(&presale(
        office.path(),
        &["fleet", "status", "--server", &url],
    ));
    assert!(st.contains(&name) && st.contains("enrolled"), "{st}");
    let licence = format!("L-{}", unique().replace('_', "-"));
    let add = presale(
        office.path(),
        &[
            "fleet",
            "agent",
            "add",
            "陈静",
            "--licence",
            &licence,
            "--server",
            &url,
        ],
    );
    assert!(add.status.success(), "{}", err(&add));
    assert!(out(&add).contains("initial PIN: "), "{}", out(&add));
    let revoke = presale(
        office.path(),
        &[
            "fleet",
            "agent",
            "revoke",
            "--licence",
            &licence,
            "--reason",
            "licence suspended",
            "--server",
            &url,
        ],
    );
    assert!(out(&revoke).contains("revoked"), "{}", err(&revoke));
    let purge = presale(
        office.path(),
        &["fleet", "purge", "--expired", "--server", &url],
    );
    assert!(
        out(&purge).contains("0 consultations and 0 client files erased"),
        "{}",
        err(&purge)
    );
    let gone = presale(
        office.path(),
        &["fleet", "revoke-device", &name, "--server", &url],
    );
    assert!(gone.status.success(), "{}", err(&gone));
    std::fs::remove_file(&copied).unwrap();
    std::fs::copy(&pw_file, &copied).unwrap();
    let refused = presale(branch.path(), &["sync", "now"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        err(&refused).contains("head office has revoked this device"),
        "{}",
        err(&refused)
    );
}

#[test]
fn sync_now_without_a_sync_section_says_how_to_set_it_up() {
    let dir = tempfile::tempdir().unwrap();
    presale_core::db::open(&dir.path().join(presale_core::db::FILE_NAME)).unwrap();
    let o = presale(dir.path(), &["sync", "now"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("[sync]"), "{}", err(&o));
    let s = out(&presale(dir.path(), &["sync", "status"]));
    assert!(
        s.contains("not set up") && s.contains("rows waiting: 0"),
        "{s}"
    );
}

#[test]
fn a_bad_server_url_or_device_name_names_the_argument() {
    let dir = tempfile::tempdir().unwrap();
    let o = presale(
        dir.path(),
        &["fleet", "init", "--server", "postgres://x@h:port/db"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("presale: --server:"), "{}", err(&o));
    let o = presale(
        dir.path(),
        &[
            "fleet",
            "add-device",
            "Branch 1",
            "--server",
            "postgres://x@h/db",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("presale: NAME:"), "{}", err(&o));
}
