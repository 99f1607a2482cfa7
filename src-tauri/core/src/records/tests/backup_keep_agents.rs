//! Tests of `backup::restore_keeping_agents` (`presale restore FILE --keep-agents`): the
//! restored database holds the backup's records and the replaced database's agent profiles,
//! PINs and locks included; a backup from another database is refused with nothing changed.

use super::backup::with_agent;
use super::finished_record;
use crate::access::agent::{self, NewAgent};
use crate::db;
use crate::records::backup;
use rusqlite::Connection;

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn colleague(conn: &Connection) -> i64 {
    let new = NewAgent {
        name: "李强".into(),
        licence_number: "0201-2025-17".into(),
        pin: "135790".into(),
        supervisor: false,
    };
    agent::add(conn, 1, &new).unwrap().id
}

#[test]
fn a_backup_from_before_any_agent_is_restored_with_the_agents_who_could_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let empty = {
        let conn = db::open(&path).unwrap();
        finished_record(&conn, "李娜", "13800138000");
        let b = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
        with_agent(&conn);
        colleague(&conn);
        // The colleague's profile is locked after wrong PINs: the restore must not lift it.
        conn.execute("UPDATE agents SET lock_level = 2 WHERE id = 2", [])
            .unwrap();
        finished_record(&conn, "张伟", "13900139000");
        b
    };
    let refused = backup::restore(dir.path(), &empty.path, false).unwrap_err();
    assert!(
        refused.to_string().contains("agent"),
        "without --keep-agents such a backup is refused: {refused}"
    );
    let r = backup::restore_keeping_agents(dir.path(), &empty.path).unwrap();
    assert_eq!(r.from, empty.path);
    let kept = r.replaced.expect("the replaced file is kept");
    assert!(kept.exists());
    let conn = db::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM agents"), 2);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM clients"),
        1,
        "the backup's records, not the replaced ones"
    );
    assert_eq!(
        count(&conn, "SELECT lock_level FROM agents WHERE id = 2"),
        2,
        "locks stay"
    );
    let login = agent::login(&conn, 1, "246810", crate::access::now_ms(), None).unwrap();
    assert!(login.is_ok(), "the first agent logs in with their PIN");
    let replaced = Connection::open(&kept).unwrap();
    assert_eq!(count(&replaced, "SELECT count(*) FROM clients"), 2);
    assert_eq!(backup::check(&path).unwrap(), None);
    assert!(
        !dir.path().join("presale.db.keeping-agents").exists(),
        "no working copy is left behind"
    );
}

#[test]
fn profiles_are_updated_by_id_and_one_only_in_the_backup_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let b = {
        let conn = db::open(&path).unwrap();
        with_agent(&conn);
        colleague(&conn);
        let b = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
        let now = crate::access::now_ms();
        agent::change_pin(&conn, 1, "246810", "864200", now)
            .unwrap()
            .unwrap();
        // A profile removed by hand after the backup: the backup's copy comes back.
        conn.execute("DELETE FROM agents WHERE id = 2", []).unwrap();
        b
    };
    backup::restore_keeping_agents(dir.path(), &b.path).unwrap();
    let conn = db::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM agents"), 2);
    let now = crate::access::now_ms();
    assert!(
        agent::login(&conn, 1, "864200", now, None).unwrap().is_ok(),
        "the PIN of the replaced database, not the backup's"
    );
}

#[test]
fn a_backup_of_another_database_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    {
        let conn = db::open(&path).unwrap();
        with_agent(&conn);
        finished_record(&conn, "李娜", "13800138000");
    }
    let foreign = {
        let conn = db::open(&other.path().join(db::FILE_NAME)).unwrap();
        agent::create_first(
            &conn,
            &NewAgent {
                name: "赵敏".into(),
                licence_number: "0301-2023-05".into(),
                pin: "975310".into(),
                supervisor: true,
            },
        )
        .unwrap();
        backup::backup_now(&conn, other.path(), backup::DEFAULT_KEEP).unwrap()
    };
    let err = backup::restore_keeping_agents(dir.path(), &foreign.path).unwrap_err();
    match &err {
        crate::Error::Invalid { field, message } => {
            assert_eq!(field, "keep_agents");
            assert!(message.contains("another"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let conn = db::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM clients"), 1, "unchanged");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("replaced") || n.contains("keeping")),
        "{names:?}"
    );
}
