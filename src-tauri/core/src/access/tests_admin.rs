//! Tests of agent administration: lifting a lock, and changing one's PIN through the same PIN
//! check as login (wrong PINs count toward the lock).

use super::agent::{self, LoginRefused, NewAgent, Unlocker, LOCK_MS, MAX_ATTEMPTS};
use super::tests::{count, new_agent};
use crate::db;
use crate::Error;
use rusqlite::Connection;

const T0: i64 = 1_800_000_000_000;
const PIN: &str = "246810";

fn lock(conn: &Connection, id: i64) -> i64 {
    for n in 0..MAX_ATTEMPTS {
        agent::login(conn, id, "000001", T0 + n, None)
            .unwrap()
            .unwrap_err();
    }
    let until = agent::get(conn, id).unwrap().locked_until_ms;
    assert_eq!(until, Some(T0 + 4 + LOCK_MS), "five wrong PINs lock");
    T0 + 4 + LOCK_MS
}

#[test]
fn unlock_lifts_the_lock_at_once_and_is_audited() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    lock(&conn, id);
    let unlocked = agent::unlock(&conn, Unlocker::Owner, id, T0 + 10).unwrap();
    assert_eq!(unlocked.locked_until_ms, None, "the lock is gone");
    assert_eq!(
        count(&conn, "SELECT failed_attempts FROM agents"),
        0,
        "the count starts afresh"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.unlock' AND actor = 'cli'"
        ),
        1,
        "the unlock is audited under who did it"
    );
    assert!(
        agent::login(&conn, id, PIN, T0 + 11, None).unwrap().is_ok(),
        "the right PIN works again well before the five minutes are up"
    );
    assert_eq!(
        agent::login(&conn, id, "000001", T0 + 12, None).unwrap(),
        Err(LoginRefused::WrongPin { attempts_left: 4 }),
        "a fresh count after the unlock"
    );
}

#[test]
fn unlock_refuses_an_unknown_profile_and_one_that_is_not_locked() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    let err = agent::unlock(&conn, Unlocker::Owner, id + 100, T0).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "unknown id: {err:?}");
    let err = agent::unlock(&conn, Unlocker::Owner, id, T0).unwrap_err();
    assert_eq!(err.to_public().code, "invalid_input", "not locked: {err:?}");
    let until = lock(&conn, id);
    let err = agent::unlock(&conn, Unlocker::Owner, id, until + 1).unwrap_err();
    assert_eq!(
        err.to_public().code,
        "invalid_input",
        "a lock that has run out is not a lock"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.unlock'"
        ),
        0,
        "a refused unlock writes nothing"
    );
}

#[test]
fn change_pin_with_the_right_pin_replaces_it_and_the_old_one_no_longer_logs_in() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    let before: String = conn
        .query_row("SELECT pin_hash FROM agents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        agent::change_pin(&conn, id, PIN, "135790", T0).unwrap(),
        Ok(())
    );
    let after: String = conn
        .query_row("SELECT pin_hash FROM agents", [], |r| r.get(0))
        .unwrap();
    assert_ne!(before, after, "a new hash is stored");
    assert!(after.starts_with("$argon2id$") && !after.contains("135790"));
    assert_eq!(
        agent::login(&conn, id, PIN, T0 + 1, None).unwrap(),
        Err(LoginRefused::WrongPin { attempts_left: 4 }),
        "the old PIN no longer logs in"
    );
    assert!(agent::login(&conn, id, "135790", T0 + 2, None)
        .unwrap()
        .is_ok());
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.change_pin' AND actor = 'agent:1'"
        ),
        1
    );
}

#[test]
fn a_wrong_current_pin_counts_toward_the_lock_like_a_wrong_login() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    // One wrong login, then wrong current PINs: they share the count.
    agent::login(&conn, id, "000001", T0, None)
        .unwrap()
        .unwrap_err();
    for n in 1..MAX_ATTEMPTS - 1 {
        assert_eq!(
            agent::change_pin(&conn, id, "000001", "135790", T0 + n).unwrap(),
            Err(LoginRefused::WrongPin {
                attempts_left: MAX_ATTEMPTS - 1 - n
            }),
        );
    }
    assert_eq!(
        agent::change_pin(&conn, id, "000001", "135790", T0 + 9).unwrap(),
        Err(LoginRefused::Locked {
            until_ms: Some(T0 + 9 + LOCK_MS)
        }),
        "the fifth wrong PIN, whichever the form, locks"
    );
    assert_eq!(
        agent::change_pin(&conn, id, PIN, "135790", T0 + 10).unwrap(),
        Err(LoginRefused::Locked {
            until_ms: Some(T0 + 9 + LOCK_MS)
        }),
        "a locked profile does not even check the right PIN"
    );
    assert!(
        agent::login(&conn, id, PIN, T0 + 9 + LOCK_MS + 1, None)
            .unwrap()
            .is_ok(),
        "the PIN was never changed"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.wrong_pin'
             AND json_extract(detail, '$.during') = 'change_pin'"
        ),
        3,
        "the wrong PINs are audited as such"
    );
}

#[test]
fn a_bad_new_pin_is_refused_on_its_field_and_changes_nothing() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    let before: String = conn
        .query_row("SELECT pin_hash FROM agents", [], |r| r.get(0))
        .unwrap();
    for new in ["12345", "111111", "12a456", "1234567890123", PIN] {
        let err = agent::change_pin(&conn, id, PIN, new, T0).unwrap_err();
        assert_eq!(
            err.to_public().field.as_deref(),
            Some("new_pin"),
            "new PIN {new:?} must be refused"
        );
    }
    let err = agent::change_pin(&conn, id, "000001", "1", T0).unwrap_err();
    assert_eq!(
        err.to_public().field.as_deref(),
        Some("new_pin"),
        "the new PIN is checked before the current one"
    );
    let after: String = conn
        .query_row("SELECT pin_hash FROM agents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after, "the PIN is unchanged");
    assert_eq!(
        count(&conn, "SELECT failed_attempts FROM agents"),
        0,
        "a refused new PIN costs no attempt"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'agent.%' AND action <> 'agent.create'"
        ),
        0,
        "nothing audited"
    );
}

#[test]
fn the_listing_shows_the_last_login() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    let first = agent::list(&conn, T0).unwrap()[0].last_login_at.clone();
    assert!(first.is_some(), "the set-up logs its agent in: {first:?}");
    let other = agent::add(
        &conn,
        id,
        &NewAgent {
            name: "李雷".into(),
            licence_number: "0201-2024-99".into(),
            pin: "135790".into(),
            supervisor: false,
        },
    )
    .unwrap();
    assert_eq!(
        agent::get(&conn, other.id).unwrap().last_login_at,
        None,
        "an agent added by a colleague has not logged in yet"
    );
    std::thread::sleep(std::time::Duration::from_millis(5));
    agent::login(&conn, id, PIN, T0, None).unwrap().unwrap();
    let again = agent::get(&conn, id).unwrap().last_login_at;
    assert!(again > first, "a login is noted: {first:?} then {again:?}");
}
