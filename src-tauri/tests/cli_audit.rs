//! `presale audit verify` as an administrator runs it: exit 0 with the entry count when the log
//! is intact, exit 1 naming the first entry changed, removed or reordered.

use presale_core::audit;
use presale_core::db;
use std::path::Path;
use std::process::{Command, Output};

fn verify(data_dir: &Path) -> Output {
    verify_with(data_dir, &[])
}

fn verify_with(data_dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presale"))
        .args(["audit", "verify", "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .env_remove("PRESALE_DATA_DIR")
        .output()
        .expect("the presale binary runs")
}

/// The first line of standard output (the verdict; an intact log adds its head below).
fn verdict(o: &Output) -> String {
    stdout(o).lines().next().unwrap_or_default().to_string()
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
    assert_eq!(verdict(&out), "audit log intact: 4 entries");
    assert!(stdout(&out).contains("head: 4:"), "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0));
}

/// The `ENTRY:HASH` the head line prints.
fn noted_head(o: &Output) -> String {
    let text = stdout(o);
    let line = text
        .lines()
        .find(|l| l.starts_with("head: "))
        .expect("a head line");
    line["head: ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_noted_head_catches_a_log_rewritten_with_every_hash_recomputed() {
    let dir = log_with("");
    let noted = noted_head(&verify(dir.path()));
    let same = verify_with(dir.path(), &["--expect", &noted]);
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    {
        // A forger rewrites the log from scratch: the chain is whole again, hashes and all.
        let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
        conn.execute_batch("DELETE FROM audit_log; UPDATE audit_head SET last_id = 0, entries = 0, last_hash = '0000000000000000000000000000000000000000000000000000000000000000'")
            .unwrap();
        for i in 1..=4 {
            audit::append(
                &conn,
                "agent:2",
                "record.read",
                "consultation",
                Some(i),
                serde_json::json!({}),
            )
            .unwrap();
        }
    }
    let plain = verify(dir.path());
    assert_eq!(plain.status.code(), Some(0), "the chain alone cannot tell");
    let out = verify_with(dir.path(), &["--expect", &noted]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        verdict(&out),
        format!(
            "audit log rewritten: entry {} no longer has the hash noted",
            noted.split(':').next().unwrap()
        )
    );
    let gone = verify_with(
        dir.path(),
        &[
            "--expect",
            &format!("99:{}", &noted[noted.find(':').unwrap() + 1..]),
        ],
    );
    assert_eq!(verdict(&gone), "audit log broken at entry 99: removed");
}

#[test]
fn a_malformed_expect_is_a_usage_error() {
    let dir = log_with("");
    for bad in ["4", "x:abc", "4:abc", "0:00", ":"] {
        let out = verify_with(dir.path(), &["--expect", bad]);
        assert_eq!(out.status.code(), Some(2), "`{bad}` is refused");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("ENTRY:HASH"), "`{bad}`: {err}");
    }
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
        assert_eq!(verdict(&out), expected, "after `{tamper}`");
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
