//! `get_sync_status` through the window's IPC: an agent sees whether the device is in a fleet
//! and how its sync stands; a kiosk or a locked window gets nothing.

use crate::commands::mock::{self, call};
use crate::state::AppState;
use presale_core::consultation::Mode;
use serde_json::json;

fn state_in(dir: &std::path::Path, mode: Mode) -> AppState {
    AppState::with_connection(
        presale_core::db::open_in_memory().unwrap(),
        dir.to_path_buf(),
        mock::fixture_content(),
        mode,
    )
}

#[test]
fn an_agent_reads_the_sync_state_and_the_kiosk_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let w = mock::window(state_in(dir.path(), Mode::Agent), "main");
    let locked = call(&w, "get_sync_status", json!({})).unwrap_err();
    assert_eq!(locked["code"], "locked");
    mock::log_in_agent(&w);
    let s = call(&w, "get_sync_status", json!({})).unwrap();
    assert_eq!(s["configured"], false, "{s}");
    assert_eq!(s["state"], "not_yet");
    std::fs::write(
        dir.path().join("presale.toml"),
        "[sync]\nserver = \"postgres://presale_device_a@127.0.0.1:5432/p\"\npassword_file = \"pw\"\n",
    )
    .unwrap();
    let s = call(&w, "get_sync_status", json!({})).unwrap();
    assert_eq!(s["configured"], true, "{s}");
    // The set-up's audit entries wait for the first sync (every audit entry goes to head office),
    // but audit entries alone do not make the agent's device "waiting".
    assert_eq!(s["state"], "not_yet", "{s}");
    assert!(s["waiting"].as_i64().unwrap() >= 1, "{s}");
    assert_eq!(s["records_waiting"], 0, "{s}");
    assert_eq!(s["problem"], serde_json::Value::Null);

    let kiosk = mock::window(state_in(dir.path(), Mode::Kiosk), "kiosk");
    // The kiosk's capability does not grant it (and the command would refuse a kiosk too).
    let refused = call(&kiosk, "get_sync_status", json!({})).unwrap_err();
    assert!(refused.to_string().contains("not allowed"), "{refused}");
}
