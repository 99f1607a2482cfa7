//! Tests of `backup::at_idle`: when the window goes idle, a backup only if a record changed
//! since the newest one (or there is none yet), and never of a database with nothing in it.

use super::backup::with_agent;
use super::finished_record;
use crate::db;
use crate::records::backup;

/// Every time a record's change leaves, set to long ago: the database as if last changed then.
const AGES_AGO: &str = "UPDATE agents SET created_at = '2020-01-01T00:00:00.000Z';
    UPDATE consultations SET updated_at = '2020-01-01T00:00:00.000Z',
        ended_at = '2020-01-01T00:00:00.000Z';
    UPDATE clients SET updated_at = '2020-01-01T00:00:00.000Z';
    UPDATE record_changes SET changed_at = '2020-01-01T00:00:00.000Z';
    UPDATE consents SET granted_at = '2020-01-01T00:00:00.000Z';";

#[test]
fn at_idle_a_backup_is_made_only_after_changes_since_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    assert_eq!(
        backup::at_idle(dir.path()).unwrap(),
        None,
        "nothing worth a backup yet"
    );
    with_agent(&conn);
    conn.execute_batch(AGES_AGO).unwrap();
    let first = backup::at_idle(dir.path()).unwrap();
    assert!(first.is_some(), "no backup yet: one is made");
    assert_eq!(
        backup::at_idle(dir.path()).unwrap(),
        None,
        "idle again with nothing changed since: none"
    );
    finished_record(&conn, "李娜", "13800138000");
    let made = backup::at_idle(dir.path())
        .unwrap()
        .expect("a consultation finished since the last backup: one is made");
    let copy = rusqlite::Connection::open(&made.path).unwrap();
    let n: i64 = copy
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "it holds the consultation");
    // No hourly gap at idle: a change after the last backup is backed up at the next idle.
    conn.execute_batch(AGES_AGO).unwrap();
    assert_eq!(backup::at_idle(dir.path()).unwrap(), None);
    conn.execute(
        "UPDATE clients SET phone = '13900139000', updated_at = ?1",
        [crate::clock::now_rfc3339()],
    )
    .unwrap();
    assert!(
        backup::at_idle(dir.path()).unwrap().is_some(),
        "an edit since"
    );
}

#[test]
fn a_change_in_any_kind_of_record_counts_and_the_backups_own_second_too() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    with_agent(&conn);
    finished_record(&conn, "李娜", "13800138000");
    conn.execute_batch(AGES_AGO).unwrap();
    let since = "2024-06-01T12:00:00Z";
    assert!(!backup::changed_since(&conn, since).unwrap());
    for (change, sql) in [
        (
            "a consultation touched (an answer, a clause event)",
            "UPDATE consultations SET updated_at = '2024-06-01T12:00:00.500Z'",
        ),
        (
            "a client edited",
            "UPDATE clients SET updated_at = '2024-06-02T08:00:00.000Z'",
        ),
        (
            "a change in the history",
            "UPDATE record_changes SET changed_at = '2024-06-03T00:00:00.000Z'",
        ),
        (
            "an agent added",
            "UPDATE agents SET created_at = '2025-01-01T00:00:00.000Z'",
        ),
    ] {
        conn.execute_batch(sql).unwrap();
        assert!(backup::changed_since(&conn, since).unwrap(), "{change}");
        conn.execute_batch(AGES_AGO).unwrap();
    }
    conn.execute_batch("UPDATE consultations SET updated_at = '2024-06-01T11:59:59.999Z'")
        .unwrap();
    assert!(
        !backup::changed_since(&conn, since).unwrap(),
        "a change before the backup's second is in it"
    );
    let err = backup::changed_since(&conn, "2024").unwrap_err();
    assert!(err.to_string().contains("since"), "{err}");
}
