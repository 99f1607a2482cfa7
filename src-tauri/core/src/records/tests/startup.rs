//! Tests of `startup`: a damaged, too-new or read-only database never stops the app and is never
//! changed.

use super::finished_record;
use crate::db;
use crate::records::backup;
use crate::records::record::{self, RecordEdit};
use crate::records::startup::{open_checked, ProblemKind};
use std::fs;

/// Overwrites the middle of the file with garbage, the way a failing disk might.
fn damage(path: &std::path::Path) {
    let mut bytes = fs::read(path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len - 100] {
        *b = 0x5a;
    }
    fs::write(path, bytes).unwrap();
}

#[test]
fn a_healthy_database_opens_without_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let s = open_checked(dir.path());
    assert_eq!(s.problem, None, "a new database is fine");
    finished_record(&s.conn, "李娜", "13800138000");
    drop(s);
    let s = open_checked(dir.path());
    assert_eq!(s.problem, None);
    let n: i64 = s
        .conn
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "the data is there on the next start");
}

#[test]
fn a_corrupt_file_is_reported_left_untouched_and_a_good_backup_offered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    {
        let conn = db::open(&path).unwrap();
        super::backup::with_agent(&conn);
        finished_record(&conn, "李娜", "13800138000");
        // Enough pages that the damage below hits the b-trees, in one transaction to stay fast.
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
             INSERT INTO clients (kind, name, created_at, updated_at)
             SELECT 'person', '客户' || i, 'now', 'now' FROM n",
        )
        .unwrap();
        backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    damage(&path);
    let before = fs::read(&path).unwrap();
    let s = open_checked(dir.path());
    let p = s.problem.clone().expect("damage is reported");
    assert_eq!(p.kind, ProblemKind::Corrupt);
    assert!(
        p.temporary_database,
        "the app runs on a temporary database meanwhile"
    );
    assert!(p.backup.is_some(), "the newest good backup is offered");
    assert!(p.message.contains("damaged"), "plain words: {}", p.message);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the damaged file is not changed"
    );
    drop(s);
    let restored = backup::restore(dir.path(), &p.backup.unwrap().path, false).unwrap();
    assert_eq!(
        fs::read(restored.replaced.unwrap()).unwrap(),
        before,
        "kept, byte for byte"
    );
    assert_eq!(
        open_checked(dir.path()).problem,
        None,
        "after the restore all is well"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_reported_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    fs::write(
        &path,
        "not a database, but someone's precious file".repeat(100),
    )
    .unwrap();
    let s = open_checked(dir.path());
    assert_eq!(s.problem.map(|p| p.kind), Some(ProblemKind::Corrupt));
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("not a database"),
        "never overwritten"
    );
}

#[test]
fn a_database_from_a_newer_presale_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    drop(db::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let s = open_checked(dir.path());
    assert_eq!(s.problem.map(|p| p.kind), Some(ProblemKind::TooNew));
}

#[test]
fn a_read_only_database_gives_a_clear_error_on_save() {
    // Running as root ignores file permissions, so the read-only medium is simulated by opening
    // the file read-only, which is what SQLite does on a read-only disk.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let id = {
        let conn = db::open(&path).unwrap();
        let (_, id) = finished_record(&conn, "李娜", "13800138000");
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
            .unwrap();
        id
    };
    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let edit = RecordEdit {
        notes: Some("新的备注".into()),
        ..Default::default()
    };
    let err = record::update(&conn, "agent", id, &edit).unwrap_err();
    let public = err.to_public();
    assert_eq!(
        public.code, "storage_unavailable",
        "the UI keeps the draft in memory"
    );
    assert!(public.message.contains("read-only"), "{}", public.message);
    assert!(!public.message.contains(".db"), "no paths reach a person");
}

#[test]
fn a_data_directory_that_cannot_be_created_still_lets_the_app_start() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("occupied");
    fs::write(&blocker, "a file where the data folder should be").unwrap();
    let s = open_checked(&blocker.join("data"));
    let p = s.problem.expect("reported");
    assert_eq!(p.kind, ProblemKind::Unreadable);
    assert!(p.temporary_database);
    let n: i64 = s
        .conn
        .query_row("SELECT count(*) FROM consultations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        n, 0,
        "the temporary database has the schema, so screens still work"
    );
}

#[test]
fn a_deferred_check_allows_no_write_until_it_passes_and_reports_damage_later() {
    use crate::records::startup::{deferred_check, open_deferred};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let (s, deferred) = open_deferred(dir.path());
    assert!(!deferred, "a new database has nothing to check");
    finished_record(&s.conn, "李娜", "13800138000");
    s.conn
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
             INSERT INTO clients (kind, name, created_at, updated_at)
             SELECT 'person', '客户' || i, 'now', 'now' FROM n;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    drop(s);

    let (s, deferred) = open_deferred(dir.path());
    assert!(
        deferred,
        "an existing database at the newest schema is checked later"
    );
    assert_eq!(s.problem, None);
    let n: i64 = s
        .conn
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 401, "reads work before the check");
    assert!(
        s.conn
            .execute("UPDATE clients SET name = 'x' WHERE id = 1", [])
            .is_err(),
        "no write reaches the file before the check has passed"
    );
    assert_eq!(deferred_check(dir.path()), None, "a sound file passes");
    drop(s);

    damage(&path);
    let before = fs::read(&path).unwrap();
    let (s, deferred) = open_deferred(dir.path());
    if deferred {
        // The header and schema survived the damage: the background check finds it.
        let p = deferred_check(dir.path()).expect("the deferred check finds the damage");
        assert_eq!(p.kind, ProblemKind::Corrupt);
        assert!(
            p.temporary_database,
            "the app switches to a temporary database"
        );
    } else {
        assert_eq!(
            s.problem.as_ref().map(|p| p.kind),
            Some(ProblemKind::Corrupt)
        );
    }
    drop(s);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the damaged file is not changed"
    );
}
