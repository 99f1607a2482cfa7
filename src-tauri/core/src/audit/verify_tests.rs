//! Tests of `verify`: the audit chain under tampering (an entry changed, removed in the middle
//! or cut off the end, reordered).

use super::{verify, Break, BrokenAt};
use crate::audit::append;
use crate::db;
use rusqlite::Connection;
use serde_json::json;

fn log_of(n: i64) -> Connection {
    let conn = db::open_in_memory().unwrap();
    for i in 1..=n {
        append(
            &conn,
            "agent:1",
            "record.read",
            "consultation",
            Some(i),
            json!({}),
        )
        .unwrap();
    }
    conn
}

#[test]
fn an_untouched_audit_log_verifies() {
    let conn = log_of(4);
    assert_eq!(verify(&conn).unwrap(), Ok(4));
    assert_eq!(
        verify(&db::open_in_memory().unwrap()).unwrap(),
        Ok(0),
        "empty is intact"
    );
}

#[test]
fn an_edited_audit_entry_is_found() {
    let conn = log_of(4);
    conn.execute("UPDATE audit_log SET actor = 'agent:2' WHERE id = 3", [])
        .unwrap();
    assert_eq!(
        verify(&conn).unwrap(),
        Err(BrokenAt {
            id: 3,
            why: Break::Changed
        })
    );
}

#[test]
fn a_removed_audit_entry_is_found_in_the_middle_and_at_the_end() {
    let conn = log_of(4);
    conn.execute("DELETE FROM audit_log WHERE id = 2", [])
        .unwrap();
    assert_eq!(
        verify(&conn).unwrap(),
        Err(BrokenAt {
            id: 2,
            why: Break::Removed
        })
    );
    let conn = log_of(4);
    conn.execute("DELETE FROM audit_log WHERE id = 4", [])
        .unwrap();
    assert_eq!(
        verify(&conn).unwrap(),
        Err(BrokenAt {
            id: 4,
            why: Break::Removed
        }),
        "the head catches an entry cut off the end"
    );
}

#[test]
fn reordered_audit_entries_are_found() {
    let conn = log_of(4);
    // Swap entries 2 and 3 (ids are the order).
    conn.execute_batch(
        "UPDATE audit_log SET id = -2 WHERE id = 2;
         UPDATE audit_log SET id = 2 WHERE id = 3;
         UPDATE audit_log SET id = 3 WHERE id = -2;",
    )
    .unwrap();
    assert_eq!(
        verify(&conn).unwrap(),
        Err(BrokenAt {
            id: 2,
            why: Break::Reordered
        })
    );
}
