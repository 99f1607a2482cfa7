//! Tests of `backup`: online backups, when they are made (a day at start-up, an hour after a
//! finish, a second medium), restore that checks first, keeps the old file and never leaves a
//! database without agents when the replaced one had them.

use super::finished_record;
use crate::access::agent::{self, NewAgent};
use crate::db;
use crate::records::{backup, backup_keep};
use rusqlite::Connection;
use std::fs;

/// The first agent profile, so that backups of this database are made and restorable.
pub(crate) fn with_agent(conn: &Connection) {
    agent::create_first(
        conn,
        &NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: "246810".into(),
            supervisor: true,
        },
    )
    .unwrap();
}

#[test]
fn a_backup_is_a_sound_standalone_copy() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    finished_record(&conn, "李娜", "13800138000");
    let b = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
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
fn at_start_a_backup_is_made_once_a_day_and_never_of_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    assert_eq!(
        backup::backup_if_due(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap(),
        None,
        "a first start (no agent, client or lead) has nothing worth a backup"
    );
    with_agent(&conn);
    assert!(
        backup::backup_if_due(&conn, dir.path(), backup::DEFAULT_KEEP)
            .unwrap()
            .is_some(),
        "the first start of the day makes one"
    );
    assert_eq!(
        backup::backup_if_due(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap(),
        None,
        "a backup was already made today"
    );
}

#[test]
fn after_a_finish_a_backup_is_made_at_most_once_an_hour() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    assert_eq!(
        backup::after_finish(dir.path()).unwrap(),
        None,
        "nothing to keep, no backup"
    );
    with_agent(&conn);
    finished_record(&conn, "李娜", "13800138000");
    let made = backup::after_finish(dir.path())
        .unwrap()
        .expect("one is made");
    let copy = rusqlite::Connection::open(&made.path).unwrap();
    let n: i64 = copy
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "it holds the finished consultation");
    assert_eq!(
        backup::after_finish(dir.path()).unwrap(),
        None,
        "not again within the hour"
    );
    // The newest backup made 61 minutes ago (renamed to an older time): due again.
    let old = made.path.with_file_name("presale-20200101-000000.db");
    fs::rename(&made.path, &old).unwrap();
    assert!(backup::after_finish(dir.path()).unwrap().is_some());
}

#[test]
fn a_second_medium_gets_its_own_backups_under_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    finished_record(&conn, "李娜", "13800138000");
    let folder = usb.path().join("presale");
    let b = backup::backup_into(&conn, &folder, backup::DEFAULT_KEEP).unwrap();
    assert_eq!(b.path.parent(), Some(folder.as_path()));
    assert_eq!(backup::check(&b.path).unwrap(), None);
    assert!(
        backup::list(dir.path()).unwrap().is_empty(),
        "not in backups/"
    );
    assert_eq!(backup::list_in(&folder).unwrap().len(), 1);
}

#[test]
fn backups_made_in_the_same_second_sort_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let folder = backup::dir(dir.path());
    fs::create_dir_all(&folder).unwrap();
    let made = [
        "presale-20261201-080000.db",
        "presale-20261201-080000-2.db",
        "presale-20261201-080000-10.db",
    ];
    for name in made {
        fs::write(folder.join(name), b"x").unwrap();
    }
    let listed: Vec<String> = backup::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    let mut newest_first: Vec<String> = made.iter().map(|s| s.to_string()).collect();
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
    let b = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
    finished_record(&conn, "张伟", "13912345678");
    drop(conn);

    let bad = dir.path().join("not-a-backup.db");
    fs::write(&bad, b"this is not SQLite at all, just some text....").unwrap();
    let err = backup::restore(dir.path(), &bad, false).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("file"));
    assert!(path.exists(), "a bad backup changes nothing");

    let restored = backup::restore(dir.path(), &b.path, false).unwrap();
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

#[test]
fn a_backup_without_agents_never_replaces_a_database_with_agents_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let conn = db::open(&path).unwrap();
    // The only backup was made before any agent existed (a first start, by hand).
    let empty = backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
    with_agent(&conn);
    finished_record(&conn, "李娜", "13800138000");
    drop(conn);
    let err = backup::restore(dir.path(), &empty.path, false).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("agents"), "{err:?}");
    let still: i64 = db::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM agents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(still, 1, "nothing was changed");
    assert_eq!(
        backup::newest_good(dir.path()).unwrap(),
        None,
        "never offered after a damage either"
    );

    // A damaged current database cannot say whether it had agents: refused as well.
    fs::write(&path, b"garbage".repeat(500)).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = fs::remove_file(dir.path().join(format!("{}{side}", db::FILE_NAME)));
    }
    let err = backup::restore(dir.path(), &empty.path, false).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("agents"));

    let forced = backup::restore(dir.path(), &empty.path, true).unwrap();
    assert!(
        forced.replaced.is_some(),
        "forced: restored, the old file kept"
    );

    // With no agents on either side (a fresh install), a restore is just a restore.
    let fresh = tempfile::tempdir().unwrap();
    db::open(&fresh.path().join(db::FILE_NAME)).unwrap();
    assert!(backup::restore(fresh.path(), &empty.path, false).is_ok());
}

/// Backups named by their time (`YYYYMMDD-HHMMSS`), in the order given.
fn named(stamps: &[&str]) -> Vec<backup::BackupFile> {
    stamps
        .iter()
        .map(|s| backup::BackupFile::from_name(&format!("presale-{s}.db")).unwrap())
        .collect()
}

fn deleted(stamps: &[&str], today: &str) -> Vec<String> {
    let list = named(stamps);
    let mut out: Vec<String> = backup_keep::to_delete(&list, today, backup::DEFAULT_KEEP)
        .into_iter()
        .map(|b| b.name["presale-".len()..b.name.len() - 3].to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn the_keep_rule_keeps_the_newest_of_each_day_for_a_week() {
    let week = [
        "20261201-170000",
        "20261201-120000",
        "20261201-080000",
        "20261130-090000",
        "20261125-230000",
        "20261125-100000",
        "20261124-120000",
    ];
    // 25 November is the seventh day counting today; 24 November is older, and not the newest
    // of its month (30 November is).
    assert_eq!(
        deleted(&week, "2026-12-01"),
        [
            "20261124-120000",
            "20261125-100000",
            "20261201-080000",
            "20261201-120000"
        ]
    );
    let mut shuffled = week;
    shuffled.reverse();
    shuffled.swap(1, 4);
    assert_eq!(
        deleted(&shuffled, "2026-12-01"),
        deleted(&week, "2026-12-01"),
        "the order of the list does not matter"
    );
}

#[test]
fn the_keep_rule_keeps_the_newest_of_each_month_for_a_year() {
    let year = [
        "20261201-080000",
        "20261015-100000",
        "20261003-100000",
        "20260301-000000",
        "20260102-000000",
        "20251231-235959",
        "20240101-000000",
    ];
    // January 2026 is the twelfth month counting this one; December 2025 is the thirteenth.
    assert_eq!(
        deleted(&year, "2026-12-01"),
        ["20240101-000000", "20251231-235959", "20261003-100000"]
    );
}

#[test]
fn the_keep_rule_always_keeps_the_newest_and_orders_same_second_backups() {
    assert!(
        deleted(&["20200101-000000"], "2026-12-01").is_empty(),
        "the only backup stays, however old"
    );
    assert_eq!(
        deleted(&["20200101-000000", "20190101-000000"], "2026-12-01"),
        ["20190101-000000"]
    );
    assert_eq!(
        deleted(&["20261201-080000", "20261201-080000-2"], "2026-12-01"),
        ["20261201-080000"],
        "the second backup of a second is the newer one"
    );
    assert_eq!(
        deleted(&["20261203-080000", "20261201-080000"], "2026-12-01"),
        Vec::<String>::new(),
        "a backup dated after today (the clock was moved) is kept"
    );
}

#[test]
fn pruning_after_a_backup_deletes_only_what_the_rule_drops() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    let folder = backup::dir(dir.path());
    fs::create_dir_all(&folder).unwrap();
    for stamp in ["20200101-000000", "20200102-000000"] {
        fs::write(folder.join(format!("presale-{stamp}.db")), b"old").unwrap();
    }
    fs::write(folder.join("notes.txt"), b"not ours").unwrap();
    backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
    let left: Vec<String> = backup::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(
        left.len(),
        1,
        "the two 2020 backups are past the year: {left:?}"
    );
    assert!(
        folder.join("notes.txt").exists(),
        "only our own files are touched"
    );
}
