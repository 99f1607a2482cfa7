//! `presale restore FILE --keep-agents` as the machine's owner runs it: the backup made before
//! any agent existed is restored with the agents who could log in, and a backup of another
//! database is refused with exit 2 and a line naming the option.

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

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn first_agent(conn: &db::rusqlite::Connection, licence: &str) {
    let new = NewAgent {
        name: "王芳".into(),
        licence_number: licence.into(),
        pin: "246810".into(),
        supervisor: true,
    };
    agent::create_first(conn, &new).unwrap();
}

#[test]
fn keep_agents_restores_an_empty_backup_with_the_current_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let empty = {
        let conn = db::open(&path).unwrap();
        let b = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
        first_agent(&conn, "0201-2024-88");
        b.path
    };
    let refused = presale(dir.path(), &["restore", empty.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(err(&refused).contains("--keep-agents"), "{}", err(&refused));
    let o = presale(
        dir.path(),
        &["restore", empty.to_str().unwrap(), "--keep-agents"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let conn = db::open(&path).unwrap();
    let login = agent::login(&conn, 1, "246810", presale_core::access::now_ms(), None).unwrap();
    assert!(login.is_ok(), "the agent still logs in with their PIN");
    let both = presale(
        dir.path(),
        &[
            "restore",
            empty.to_str().unwrap(),
            "--keep-agents",
            "--allow-empty",
        ],
    );
    assert_eq!(
        both.status.code(),
        Some(2),
        "the two options exclude each other"
    );
}

#[test]
fn keep_agents_refuses_a_backup_of_another_database() {
    let dir = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    first_agent(
        &db::open(&dir.path().join(db::FILE_NAME)).unwrap(),
        "0201-2024-88",
    );
    let foreign = {
        let conn = db::open(&other.path().join(db::FILE_NAME)).unwrap();
        first_agent(&conn, "0301-2023-05");
        backup::backup_now(&conn, other.path(), backup::DEFAULT_KEEP)
            .unwrap()
            .path
    };
    let o = presale(
        dir.path(),
        &["restore", foreign.to_str().unwrap(), "--keep-agents"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let line = err(&o);
    assert!(
        line.starts_with("presale: --keep-agents:") && line.contains("another"),
        "{line}"
    );
}
