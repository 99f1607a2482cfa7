//! The guessing attack through a colleague's session, through Tauri's mock IPC as a window's
//! script would run it: what used to open agent 1's profile in 15 guesses and two unlocks now
//! ends agent 2's session, refuses the unlocks and never checks the right PIN.

use crate::commands::mock::{self, call, Window};
use presale_core::consultation::Mode;
use serde_json::{json, Value};

const FIRST_PIN: &str = "246810";
const SECOND_PIN: &str = "135790";

/// An agent window with 王芳 (set up first: a supervisor) and 李雷 (added by her, `supervisor`);
/// nobody logged in. Returns the window and both ids.
fn two_agents(supervisor: bool) -> (Window, i64, i64) {
    let w = mock::window(mock::state(Mode::Agent, mock::fixture_content()), "main");
    let first = call(
        &w,
        "create_first_agent",
        json!({"agent": {"name": "王芳", "licence_number": "0201-2024-88", "pin": FIRST_PIN}}),
    )
    .unwrap();
    assert_eq!(first["supervisor"], true, "the set-up's agent supervises");
    let second = call(
        &w,
        "create_agent",
        json!({"agent": {"name": "李雷", "licence_number": "LIC-2024-002", "pin": SECOND_PIN,
                         "supervisor": supervisor}}),
    )
    .unwrap();
    assert_eq!(second["supervisor"], supervisor);
    call(&w, "logout", json!({})).unwrap();
    (
        w,
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    )
}

fn login(w: &Window, id: i64, pin: &str) -> Value {
    call(w, "login", json!({"agentId": id, "pin": pin})).unwrap()
}

fn who(w: &Window) -> Value {
    call(w, "get_session", json!({})).unwrap()["agent"]["id"].clone()
}

#[test]
fn fifteen_guesses_and_two_unlocks_through_a_colleagues_session_now_fail() {
    let (w, one, two) = two_agents(true);
    assert_eq!(login(&w, two, SECOND_PIN)["status"], "ok");
    let mut statuses = Vec::new();
    for round in 0..3 {
        for _ in 0..5 {
            statuses.push(login(&w, one, "000001")["status"].clone());
        }
        assert_eq!(
            who(&w),
            Value::Null,
            "agent 2's session ended at the first guess"
        );
        let unlock = call(&w, "unlock_agent", json!({"id": one})).unwrap_err();
        assert_eq!(
            unlock["code"], "locked",
            "round {round}: nobody is logged in: {unlock}"
        );
        // Agent 2 comes back with their own PIN and tries again: refused too.
        assert_eq!(login(&w, two, SECOND_PIN)["status"], "ok");
        let unlock = call(&w, "unlock_agent", json!({"id": one})).unwrap_err();
        assert_eq!(
            unlock["code"], "forbidden",
            "a lock caused from their session: {unlock}"
        );
    }
    assert_eq!(statuses[4], "locked", "the fifth locks");
    assert!(
        statuses[5..].iter().all(|s| s == "locked"),
        "the later guesses are not even checked: {statuses:?}"
    );
    let right = login(&w, one, FIRST_PIN);
    assert_eq!(
        right["status"], "locked",
        "the right PIN does not open it: {right}"
    );
    assert_eq!(
        who(&w),
        Value::Null,
        "and the window is agent 1's no more than agent 2's"
    );
}

#[test]
fn a_login_as_another_agent_ends_the_current_session_first() {
    let (w, one, two) = two_agents(false);
    assert_eq!(login(&w, two, SECOND_PIN)["status"], "ok");
    assert_eq!(who(&w), two);
    let ok = login(&w, one, FIRST_PIN);
    assert_eq!(ok["status"], "ok");
    assert_eq!(who(&w), one, "the window is agent 1's alone");
    assert!(
        call(&w, "search_records", json!({"query": {}})).is_ok(),
        "as agent 1"
    );
    let wrong = login(&w, two, "000001");
    assert_eq!(wrong["status"], "wrong_pin");
    assert_eq!(
        who(&w),
        Value::Null,
        "even a wrong PIN for another agent ends the session"
    );
}

#[test]
fn unlocking_needs_a_supervisor_and_a_lock_caused_elsewhere() {
    let (w, one, two) = two_agents(false);
    // Five wrong PINs for 李雷 at the login screen, after 王芳 (the supervisor) logged out: the
    // lock is charged to her last session at this window, so she may not lift it herself.
    for _ in 0..5 {
        login(&w, two, "000001");
    }
    assert_eq!(login(&w, one, FIRST_PIN)["status"], "ok");
    let err = call(&w, "unlock_agent", json!({"id": two})).unwrap_err();
    assert_eq!(err["code"], "forbidden", "{err}");
    let agents = call(&w, "list_agents", json!({})).unwrap();
    let listed = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == two)
        .unwrap();
    assert_eq!(listed["locked"], true, "{listed}");
    assert!(
        listed["locked_until_ms"].as_i64().is_some(),
        "a 5-minute lock"
    );

    // A profile that is not a supervisor's may not unlock anyone.
    let (w, one, two) = two_agents(false);
    for _ in 0..5 {
        login(&w, one, "000001");
    }
    assert_eq!(login(&w, two, SECOND_PIN)["status"], "ok");
    let err = call(&w, "unlock_agent", json!({"id": one})).unwrap_err();
    assert_eq!(err["code"], "forbidden", "{err}");
    let err = call(
        &w,
        "create_agent",
        json!({"agent": {"name": "赵六", "licence_number": "LIC-2024-009", "pin": "192837",
                         "supervisor": true}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "forbidden", "nor make a supervisor: {err}");
}

#[test]
fn another_supervisor_lifts_the_lock_and_the_unlock_is_audited() {
    let (w, one, two) = two_agents(true);
    // 王芳 mistypes her own PIN after her session ended: charged to her, not to 李雷.
    for _ in 0..5 {
        login(&w, one, "000001");
    }
    assert_eq!(login(&w, two, SECOND_PIN)["status"], "ok");
    let unlocked = call(&w, "unlock_agent", json!({"id": one})).unwrap();
    assert_eq!(unlocked["locked"], false, "{unlocked}");
    let own = call(&w, "unlock_agent", json!({"id": two})).unwrap_err();
    assert_eq!(own["code"], "forbidden", "never one's own: {own}");
    assert_eq!(login(&w, one, FIRST_PIN)["status"], "ok");
}
