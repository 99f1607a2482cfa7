//! Tests of the lockout against guessing: the escalating lock, who may unlock (a supervisor,
//! never for their own profile nor for a lock caused while their session was open), the
//! supervisor role at set-up and when adding an agent, and the guessing sequence that used to
//! succeed through a colleague's session.

use super::agent::{self, LoginRefused, NewAgent, Unlocker, LOCK_STEPS_MS, MAX_ATTEMPTS};
use super::tests::{count, new_agent};
use crate::{db, Error};
use rusqlite::Connection;

const T0: i64 = 1_800_000_000_000;
const PIN: &str = "246810";
const WRONG: &str = "000001";

fn colleague(conn: &Connection, by: i64, licence: &str, supervisor: bool) -> i64 {
    agent::add(
        conn,
        by,
        &NewAgent {
            name: format!("同事{licence}"),
            licence_number: licence.into(),
            pin: "135790".into(),
            supervisor,
        },
    )
    .unwrap()
    .id
}

/// Five wrong PINs for `id` typed at `t` while `at_window`'s session was open; the last outcome.
fn five_wrong(conn: &Connection, id: i64, t: i64, at_window: Option<i64>) -> LoginRefused {
    let mut last = None;
    for n in 0..MAX_ATTEMPTS {
        last = agent::login(conn, id, WRONG, t + n, at_window)
            .unwrap()
            .err();
    }
    last.expect("a wrong PIN is refused")
}

fn forbidden(e: Error) -> String {
    assert_eq!(e.to_public().code, "forbidden", "{e:?}");
    e.to_string()
}

#[test]
fn the_lock_escalates_from_five_to_thirty_minutes_then_lasts_until_unlocked() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    let t1 = T0;
    assert_eq!(
        five_wrong(&conn, id, t1, None),
        LoginRefused::Locked {
            until_ms: Some(t1 + 4 + LOCK_STEPS_MS[0])
        },
        "the first lock: 5 minutes"
    );
    let t2 = t1 + 4 + LOCK_STEPS_MS[0] + 1;
    assert_eq!(
        five_wrong(&conn, id, t2, None),
        LoginRefused::Locked {
            until_ms: Some(t2 + 4 + LOCK_STEPS_MS[1])
        },
        "the second series after the first lock ran out: 30 minutes"
    );
    let t3 = t2 + 4 + LOCK_STEPS_MS[1] + 1;
    assert_eq!(
        five_wrong(&conn, id, t3, None),
        LoginRefused::Locked { until_ms: None },
        "the third: until someone unlocks"
    );
    let year_later = t3 + 365 * 24 * 3600 * 1000;
    assert_eq!(
        agent::login(&conn, id, PIN, year_later, None).unwrap(),
        Err(LoginRefused::Locked { until_ms: None }),
        "it never runs out, and the right PIN is not checked"
    );
    let listed = &agent::list(&conn, year_later).unwrap()[0];
    assert!(listed.locked, "listed as locked");
    assert_eq!(listed.locked_until_ms, None, "with no end");
    agent::unlock(&conn, Unlocker::Owner, id, year_later).unwrap();
    assert!(agent::login(&conn, id, PIN, year_later + 1, None)
        .unwrap()
        .is_ok());
    assert_eq!(
        five_wrong(&conn, id, year_later + 10, None),
        LoginRefused::Locked {
            until_ms: Some(year_later + 14 + LOCK_STEPS_MS[0])
        },
        "a right PIN starts the series again at 5 minutes"
    );
}

#[test]
fn an_unlock_keeps_the_level_so_it_never_buys_a_fresh_series() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    five_wrong(&conn, id, T0, None);
    agent::unlock(&conn, Unlocker::Owner, id, T0 + 10).unwrap();
    assert_eq!(
        five_wrong(&conn, id, T0 + 20, None),
        LoginRefused::Locked {
            until_ms: Some(T0 + 24 + LOCK_STEPS_MS[1])
        },
        "the next lock after an unlock is the longer one"
    );
    agent::unlock(&conn, Unlocker::Owner, id, T0 + 30).unwrap();
    assert_eq!(
        five_wrong(&conn, id, T0 + 40, None),
        LoginRefused::Locked { until_ms: None }
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.locked'
             AND json_extract(detail, '$.level') = 3"
        ),
        1,
        "each lock is audited with its level"
    );
}

#[test]
fn only_a_supervisor_unlocks_and_never_their_own_profile() {
    let conn = db::open_in_memory().unwrap();
    let boss = new_agent(&conn);
    let plain = colleague(&conn, boss, "LIC-000002", false);
    let other = colleague(&conn, boss, "LIC-000003", false);
    five_wrong(&conn, other, T0, None);
    let why = forbidden(agent::unlock(&conn, Unlocker::Agent(plain), other, T0 + 10).unwrap_err());
    assert!(why.contains("supervisor"), "{why}");
    five_wrong(&conn, boss, T0, None);
    let why = forbidden(agent::unlock(&conn, Unlocker::Agent(boss), boss, T0 + 10).unwrap_err());
    assert!(why.contains("own"), "{why}");
    assert!(
        agent::unlock(&conn, Unlocker::Agent(boss), other, T0 + 10).is_ok(),
        "a supervisor unlocks a colleague"
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.unlock'
                 AND actor = 'agent:{boss}' AND entity_id = {other}"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.unlock'"
        ),
        1,
        "refusals change and audit nothing"
    );
}

#[test]
fn a_supervisor_cannot_lift_a_lock_caused_while_their_session_was_open() {
    let conn = db::open_in_memory().unwrap();
    let first = new_agent(&conn);
    let second = colleague(&conn, first, "LIC-000002", true);
    five_wrong(&conn, first, T0, Some(second));
    let why = forbidden(agent::unlock(&conn, Unlocker::Agent(second), first, T0 + 10).unwrap_err());
    assert!(why.contains("your session"), "{why}");
    let third = colleague(&conn, first, "LIC-000003", true);
    assert!(
        agent::unlock(&conn, Unlocker::Agent(third), first, T0 + 10).is_ok(),
        "another supervisor can"
    );
    five_wrong(&conn, second, T0 + 20, None);
    assert!(
        agent::unlock(&conn, Unlocker::Agent(third), second, T0 + 30).is_ok(),
        "a lock caused with no session open is any supervisor's to lift"
    );
}

#[test]
fn fifteen_guesses_through_a_colleagues_session_no_longer_reach_the_pin() {
    // Agent 2, a supervisor, guesses agent 1's PIN at the window: the old attack was five wrong
    // PINs, unlock, five more, unlock, five more, then the right one.
    let conn = db::open_in_memory().unwrap();
    let one = new_agent(&conn);
    let two = colleague(&conn, one, "LIC-000002", true);
    let mut t = T0;
    let mut outcomes = Vec::new();
    for round in 0..3 {
        for _ in 0..MAX_ATTEMPTS {
            t += 100;
            outcomes.push(agent::login(&conn, one, WRONG, t, Some(two)).unwrap());
        }
        if round < 2 {
            assert!(
                agent::unlock(&conn, Unlocker::Agent(two), one, t + 1).is_err(),
                "the unlock between the series is refused"
            );
        }
    }
    assert!(
        outcomes[5..]
            .iter()
            .all(|o| matches!(o, Err(LoginRefused::Locked { .. }))),
        "after the fifth, no PIN is even checked: {outcomes:?}"
    );
    assert!(
        matches!(
            agent::login(&conn, one, PIN, t + 100, Some(two)).unwrap(),
            Err(LoginRefused::Locked { .. })
        ),
        "the right PIN does not open the profile within the 1.5 s"
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.wrong_pin' AND entity_id = {one}"
            )
        ),
        4,
        "only four PINs were checked and wrong; the fifth locked"
    );
}

#[test]
fn the_first_agent_is_a_supervisor_and_only_a_supervisor_adds_one() {
    let conn = db::open_in_memory().unwrap();
    let first = new_agent(&conn);
    assert!(
        agent::get(&conn, first).unwrap().supervisor,
        "the set-up's agent is a supervisor even unasked"
    );
    let err = agent::create_first(
        &conn,
        &NewAgent {
            name: "B".into(),
            licence_number: "LIC-000009".into(),
            pin: "135790".into(),
            supervisor: false,
        },
    )
    .unwrap_err();
    forbidden(err);
    let plain = colleague(&conn, first, "LIC-000002", false);
    assert!(!agent::get(&conn, plain).unwrap().supervisor);
    let err = agent::add(
        &conn,
        plain,
        &NewAgent {
            name: "C".into(),
            licence_number: "LIC-000003".into(),
            pin: "135790".into(),
            supervisor: true,
        },
    )
    .unwrap_err();
    assert!(forbidden(err).contains("supervisor"));
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM agents"),
        2,
        "nothing added"
    );
    let boss2 = colleague(&conn, first, "LIC-000004", true);
    assert!(agent::get(&conn, boss2).unwrap().supervisor);
}

#[test]
fn the_migration_makes_the_oldest_existing_profile_a_supervisor() {
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for m in db::MIGRATIONS.iter().filter(|m| m.version < 10) {
        conn.execute_batch(m.sql).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", m.version))
            .unwrap();
    }
    for (name, licence) in [("甲", "LIC-000001"), ("乙", "LIC-000002")] {
        conn.execute(
            "INSERT INTO agents (name, licence_number, pin_hash, created_at)
             VALUES (?1, ?2, 'x', '2026-01-01T00:00:00Z')",
            [name, licence],
        )
        .unwrap();
    }
    db::migrate(&conn).unwrap();
    let flags: Vec<bool> = [1, 2]
        .into_iter()
        .map(|id| agent::get(&conn, id).unwrap().supervisor)
        .collect();
    assert_eq!(
        flags,
        [true, false],
        "甲 (the first) supervises, 乙 does not"
    );
}

#[test]
fn an_agent_is_named_on_the_command_line_by_id_or_by_a_unique_name() {
    let conn = db::open_in_memory().unwrap();
    let first = new_agent(&conn);
    assert_eq!(agent::resolve(&conn, &first.to_string()).unwrap().id, first);
    assert_eq!(agent::resolve(&conn, " 王芳 ").unwrap().id, first);
    let err = agent::resolve(&conn, "李雷").unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("agent"));
    for licence in ["LIC-000002", "LIC-000003"] {
        agent::add(
            &conn,
            first,
            &NewAgent {
                name: "张伟".into(),
                licence_number: licence.into(),
                pin: "135790".into(),
                supervisor: false,
            },
        )
        .unwrap();
    }
    let err = agent::resolve(&conn, "张伟").unwrap_err();
    assert!(err.to_string().contains("give the id"), "{err}");
}
