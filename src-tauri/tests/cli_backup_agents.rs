//! `presale backup --to DIR`, `presale restore FILE [--allow-empty]` and `presale agents
//! list|unlock` as the machine's owner runs them: files, exit codes (2 for input to fix) and
//! one-line errors naming the argument.

use presale_core::access::agent::{self, NewAgent};
use presale_core::db;
use presale_core::records::backup;
use std::path::Path;
use std::process::{Command, Output};

fn presale(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presale"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PRESALE_DATA_DIR")
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn agents(conn: &db::rusqlite::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))
        .unwrap()
}

fn first_agent(conn: &db::rusqlite::Connection) -> i64 {
    agent::create_first(
        conn,
        &NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: "246810".into(),
            supervisor: true,
        },
    )
    .unwrap()
    .id
}

#[test]
fn a_backup_goes_to_a_second_medium_with_to() {
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    first_agent(&db::open(&dir.path().join(db::FILE_NAME)).unwrap());
    let folder = usb.path().join("presale-backups");
    let o = presale(dir.path(), &["backup", "--to", folder.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let printed = out(&o).trim().to_string();
    assert!(printed.starts_with(folder.to_str().unwrap()), "{printed}");
    assert_eq!(backup::check(Path::new(&printed)).unwrap(), None);
    assert!(
        backup::list(dir.path()).unwrap().is_empty(),
        "not in backups/"
    );

    let file = usb.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = presale(dir.path(), &["backup", "--to", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).starts_with("presale: --to:"), "{}", err(&o));
}

#[test]
fn a_backup_without_agents_replaces_one_with_agents_only_with_allow_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let empty = {
        let conn = db::open(&path).unwrap();
        let b = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
        first_agent(&conn);
        b.path
    };
    let o = presale(dir.path(), &["restore", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--allow-empty"), "{}", err(&o));
    assert_eq!(agents(&db::open(&path).unwrap()), 1, "nothing changed");
    let o = presale(
        dir.path(),
        &["restore", empty.to_str().unwrap(), "--allow-empty"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(agents(&db::open(&path).unwrap()), 0, "forced");
}

#[test]
fn the_owner_lists_agents_and_unlocks_one_by_name_or_id() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    let id = first_agent(&conn);
    let now = presale_core::access::now_ms();
    for n in 0..5 {
        agent::login(&conn, id, "000001", now + n, None)
            .unwrap()
            .unwrap_err();
    }
    let o = presale(dir.path(), &["agents", "list"]);
    assert!(o.status.success(), "{}", err(&o));
    let listed = out(&o);
    assert!(
        listed.contains("王芳\t0201-2024-88\tsupervisor\tlocked until"),
        "{listed}"
    );
    let o = presale(dir.path(), &["agents", "unlock", "王芳"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("unlocked 王芳"), "{}", out(&o));
    assert_eq!(
        conn.query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'agent.unlock' AND actor = 'cli'",
            [],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        1,
        "audited as the command line"
    );
    let o = presale(dir.path(), &["agents", "unlock", &id.to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not locked"), "{}", err(&o));
    let o = presale(dir.path(), &["agents", "unlock", "李雷"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("presale: NAME|ID:"), "{}", err(&o));
    // Head office revoked the licence (the fleet sync's roster): the list says so.
    presale_core::access::roster::apply(
        &conn,
        &[presale_core::access::roster::Entry {
            licence_number: "0201-2024-88".into(),
            name: "王芳".into(),
            supervisor: true,
            initial_pin_hash: None,
            revoked_at: Some("2026-12-01T09:00:00Z".into()),
            revoked_reason: Some("left".into()),
        }],
    )
    .unwrap();
    let listed = out(&presale(dir.path(), &["agents", "list"]));
    assert!(
        listed.contains("licence revoked by head office 2026-12-01T09:00:00Z"),
        "{listed}"
    );
}
