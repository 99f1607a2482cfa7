//! No open door after a restore, through the mock IPC: a temporary database offers neither the
//! PIN pad nor the set-up form, a restore ends the session so the window asks for a PIN, and a
//! backup without agents is refused in place of a database with agents.

use crate::commands::mock::{self, call};
use crate::state::AppState;
use presale_core::access::agent::{self, NewAgent};
use presale_core::consultation::Mode;
use presale_core::db;
use presale_core::records::backup;
use serde_json::json;
use std::path::Path;

const PIN: &str = "246810";

fn first_agent(conn: &db::rusqlite::Connection) -> i64 {
    agent::create_first(
        conn,
        &NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: PIN.into(),
            supervisor: true,
        },
    )
    .unwrap()
    .id
}

fn open(dir: &Path) -> mock::Window {
    let state = AppState::open(dir.into(), mock::fixture_content(), Mode::Agent).unwrap();
    mock::window(state, "main")
}

#[test]
fn a_temporary_database_says_so_and_offers_neither_pin_nor_set_up_until_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    {
        let conn = db::open(&path).unwrap();
        first_agent(&conn);
        backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
    }
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{}{side}", db::FILE_NAME)));
    }
    std::fs::write(&path, b"damaged beyond use ".repeat(300)).unwrap();
    let w = open(dir.path());
    let s = call(&w, "get_session", json!({})).unwrap();
    assert_eq!(s["temporary_database"], true, "{s}");
    assert_eq!(
        s["agent_exists"], false,
        "the temporary database has no agent"
    );
    let setup = call(
        &w,
        "create_first_agent",
        json!({"agent": {"name": "路人", "licence_number": "LIC-000999", "pin": "135790"}}),
    )
    .unwrap_err();
    assert_eq!(setup["code"], "forbidden", "no set-up on it: {setup}");
    let problem = call(&w, "get_startup_problem", json!({})).unwrap();
    let name = problem["backup"]["name"].as_str().unwrap().to_string();
    call(&w, "restore_backup", json!({ "name": name })).unwrap();
    let s = call(&w, "get_session", json!({})).unwrap();
    assert_eq!(s["temporary_database"], false, "{s}");
    assert_eq!(
        s["agent_exists"], true,
        "the PIN login comes next, not the set-up"
    );
    assert_eq!(s["agent"], serde_json::Value::Null);
}

#[test]
fn a_restore_ends_the_session_and_one_without_agents_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
        // The backup of the first start, before anyone was set up.
        backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
        first_agent(&conn)
    };
    let empty = backup::list(dir.path()).unwrap()[0].name.clone();
    let w = open(dir.path());
    let ok = call(&w, "login", json!({"agentId": id, "pin": PIN})).unwrap();
    assert_eq!(ok["status"], "ok");
    let err = call(&w, "restore_backup", json!({ "name": empty })).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert_eq!(err["field"], "agents", "{err}");
    let s = call(&w, "get_session", json!({})).unwrap();
    assert_eq!(s["agent"]["id"], id, "a refused restore changes nothing");

    // A backup with the agent: restored, the window must ask for the PIN again.
    let good = {
        let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
        backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP)
            .unwrap()
            .name
    };
    call(&w, "restore_backup", json!({ "name": good })).unwrap();
    let s = call(&w, "get_session", json!({})).unwrap();
    assert_eq!(s["agent"], serde_json::Value::Null, "logged out: {s}");
    assert_eq!(s["agent_exists"], true);
    assert_eq!(
        call(&w, "search_records", json!({"query": {}})).unwrap_err()["code"],
        "locked"
    );
}
