//! Backups at idle, through the mock IPC over a real data directory: the window's lock (what
//! its idle timer calls) backs up the work done since the newest backup, and nothing when
//! nothing changed.

use crate::commands::mock::{self, call};
use crate::state::AppState;
use presale_core::consultation::Mode;
use presale_core::records::backup;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

/// The backups' names once their count reaches `n` (the backup runs on its own thread), or
/// after a few seconds whatever they are.
fn backups_after(dir: &Path, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let names: Vec<String> = backup::list(dir)
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .collect();
        if names.len() >= n || Instant::now() > deadline {
            return names;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_idle_lock_backs_up_the_work_since_the_last_backup_and_only_then() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(dir.path().into(), mock::fixture_content(), Mode::Agent).unwrap();
    let w = mock::window(state, "main");
    mock::log_in_agent(&w);
    let notice = call(&w, "get_notice", json!({"id": "privacy"})).unwrap();
    call(
        &w,
        "record_consents",
        json!({"noticeVersion": notice["version"], "purposes": ["save_consultation"]}),
    )
    .unwrap();
    call(
        &w,
        "save_client",
        json!({"client": {"kind": "person", "name": "李娜", "phone": "13800138000"}}),
    )
    .unwrap();
    // A change in the backup's own second counts as after it (`backup::changed_since`, one
    // backup too many rather than a change without one): lock in the next second.
    std::thread::sleep(Duration::from_millis(1100));
    call(&w, "lock_now", json!({})).unwrap();
    let first = backups_after(dir.path(), 1);
    assert_eq!(
        first.len(),
        1,
        "the lock after work made a backup: {first:?}"
    );
    let copy =
        presale_core::db::rusqlite::Connection::open(backup::dir(dir.path()).join(&first[0]))
            .unwrap();
    let n: i64 = copy
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "holding the client saved before the lock");

    let agents = call(&w, "list_agents", json!({})).unwrap();
    let ok = call(
        &w,
        "login",
        json!({"agentId": agents[0]["id"], "pin": "246810"}),
    )
    .unwrap();
    assert_eq!(ok["status"], "ok");
    call(&w, "lock_now", json!({})).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        backups_after(dir.path(), 2),
        first,
        "a login and a lock without work make none"
    );
}
