//! `presale audit verify` as an administrator runs it: exit 0 with the entry count when the log
//! is intact, exit 1 naming the first entry changed, removed or reordered.

use presale_core::access::audit;
use presale_core::db;
use std::path::Path;
use std::process::{Command, Output};

fn verify(data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presale"))
        .args(["audit", "verify", "--data-dir"])
        .arg(data_dir)
        .env_remove("PRESALE_DATA_DIR")
        .output()
        .expect("the presale binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// A data directory whose audit log has four entries, after `tamper` ran on it.
fn log_with(tamper: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    for i in 1..=4 {
        audit::append(
            &conn,
            "agent:1",
            "record.read",
            "consultation",
            Some(i),
            serde_json::json!({}),
        )
        .unwrap();
    }
    conn.execute_batch(tamper).unwrap();
    dir
}

#[test]
fn an_intact_log_verifies_with_exit_zero() {
    let dir = log_with("");
    let out = verify(dir.path());
    assert_eq!(stdout(&out), "audit log intact: 4 entries");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn changed_removed_and_reordered_entries_are_named_with_exit_one() {
    for (tamper, expected) in [
        (
            "UPDATE audit_log SET actor = 'agent:9' WHERE id = 3",
            "audit log broken at entry 3: changed",
        ),
        (
            "DELETE FROM audit_log WHERE id = 2",
            "audit log broken at entry 2: removed",
        ),
        (
            "DELETE FROM audit_log WHERE id = 4",
            "audit log broken at entry 4: removed",
        ),
        (
            "UPDATE audit_log SET id = -2 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3;
             UPDATE audit_log SET id = 3 WHERE id = -2;",
            "audit log broken at entry 2: reordered",
        ),
    ] {
        let dir = log_with(tamper);
        let out = verify(dir.path());
        assert_eq!(stdout(&out), expected, "after `{tamper}`");
        assert_eq!(
            out.status.code(),
            Some(1),
            "a broken log exits 1 after `{tamper}`"
        );
    }
}

#[test]
fn a_missing_database_is_an_error_not_an_empty_log() {
    let dir = tempfile::tempdir().unwrap();
    let out = verify(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database"));
}
