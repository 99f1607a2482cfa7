//! Tests of `backup`: online backups, keeping the last N, restore that checks first and keeps the
//! old file.

use super::finished_record;
use crate::db;
use crate::records::backup;
use std::fs;

#[test]
fn a_backup_is_a_sound_standalone_copy() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    finished_record(&conn, "李娜", "13800138000");
    let b = backup::backup_now(&conn, dir.path(), 7).unwrap();
    assert!(
        b.name.starts_with("presale-") && b.name.ends_with(".db"),
        "{}",
        b.name
    );
    assert_eq!(
        backup::check(&b.path).unwrap(),
        None,
        "the backup passes the integrity check"
    );
    let copy = rusqlite::Connection::open(&b.path).unwrap();
    let name: String = copy
        .query_row("SELECT name FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "李娜", "the backup holds the saved data");
    let mode: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "no -wal file is needed to read it");
}

#[test]
fn keeps_only_the_newest_backups_and_at_most_one_a_day_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    for _ in 0..4 {
        backup::backup_now(&conn, dir.path(), 3).unwrap();
    }
    let list = backup::list(dir.path()).unwrap();
    assert_eq!(list.len(), 3, "only the newest 3 are kept");
    assert!(list[0].name > list[2].name || list[0].name.len() > list[2].name.len());
    assert_eq!(
        backup::backup_if_due(&conn, dir.path(), 3).unwrap(),
        None,
        "a backup was already made today"
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(
        backup::backup_if_due(&conn, empty.path(), 3)
            .unwrap()
            .is_some(),
        "the first start of the day makes one"
    );
}

#[test]
fn backups_made_in_the_same_second_sort_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    let made: Vec<String> = (0..3)
        .map(|_| backup::backup_now(&conn, dir.path(), 10).unwrap().name)
        .collect();
    let listed: Vec<String> = backup::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    let mut newest_first = made.clone();
    newest_first.reverse();
    assert_eq!(
        listed, newest_first,
        "the list is newest first whatever the names"
    );
}

#[test]
fn restore_checks_the_backup_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let conn = db::open(&path).unwrap();
    finished_record(&conn, "李娜", "13800138000");
    let b = backup::backup_now(&conn, dir.path(), 7).unwrap();
    finished_record(&conn, "张伟", "13912345678");
    drop(conn);

    let bad = dir.path().join("not-a-backup.db");
    fs::write(&bad, b"this is not SQLite at all, just some text....").unwrap();
    let err = backup::restore(dir.path(), &bad).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("file"));
    assert!(path.exists(), "a bad backup changes nothing");

    let restored = backup::restore(dir.path(), &b.path).unwrap();
    let aside = restored.replaced.expect("the old file is kept");
    assert!(aside.exists(), "the replaced database is still there");
    let old = db::open(&aside).unwrap();
    let n: i64 = old
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        n, 2,
        "the kept file has everything, including what came after the backup"
    );
    let now = db::open(&path).unwrap();
    let n: i64 = now
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "the database is the backup now");
}
