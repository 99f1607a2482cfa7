//! Tests of access: PIN login and lockout with a moved clock.

use super::agent::{self, LoginRefused, NewAgent, LOCK_MS};
use crate::db;
use rusqlite::Connection;

const T0: i64 = 1_800_000_000_000;

/// The agent 王芳 with PIN 246810 (also used by `tests_admin`).
pub(super) fn new_agent(conn: &Connection) -> i64 {
    agent::create_first(
        conn,
        &NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: "246810".into(),
            supervisor: false,
        },
    )
    .unwrap()
    .id
}

pub(super) fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_right_pin_logs_in_and_a_wrong_one_says_how_many_tries_are_left() {
    let conn = db::open_in_memory().unwrap();
    assert!(!agent::any(&conn).unwrap(), "no agent before set-up");
    let id = new_agent(&conn);
    assert!(agent::any(&conn).unwrap());
    let ok = agent::login(&conn, id, "246810", T0, None).unwrap();
    assert_eq!(ok.map(|a| a.licence_number), Ok("0201-2024-88".to_string()));
    let wrong = agent::login(&conn, id, "111112", T0, None).unwrap();
    assert_eq!(wrong, Err(LoginRefused::WrongPin { attempts_left: 4 }));
    let stored: String = conn
        .query_row("SELECT pin_hash FROM agents WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        stored.starts_with("$argon2id$"),
        "the PIN is stored as an argon2id hash: {stored}"
    );
    assert!(!stored.contains("246810"), "never the PIN itself");
}

#[test]
fn rejects_short_repeated_or_non_digit_pins_and_duplicate_licences() {
    let conn = db::open_in_memory().unwrap();
    for pin in ["12345", "111111", "12a456", "", "1234567890123"] {
        let err = agent::create_first(
            &conn,
            &NewAgent {
                name: "A".into(),
                licence_number: "LIC-000001".into(),
                pin: pin.into(),
                supervisor: false,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_public().field.as_deref(),
            Some("pin"),
            "PIN {pin:?} must be refused"
        );
    }
    let first = new_agent(&conn);
    let err = agent::add(
        &conn,
        first,
        &NewAgent {
            name: "B".into(),
            licence_number: "0201-2024-88".into(),
            pin: "135790".into(),
            supervisor: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_public().field.as_deref(),
        Some("licence_number"),
        "licences are unique"
    );
}

#[test]
fn five_wrong_pins_lock_for_five_minutes_even_against_the_right_pin() {
    let conn = db::open_in_memory().unwrap();
    let id = new_agent(&conn);
    for n in 1..=4 {
        assert_eq!(
            agent::login(&conn, id, "000001", T0 + n, None).unwrap(),
            Err(LoginRefused::WrongPin {
                attempts_left: 5 - n
            }),
        );
    }
    let locked = agent::login(&conn, id, "000001", T0 + 5, None).unwrap();
    assert_eq!(
        locked,
        Err(LoginRefused::Locked {
            until_ms: Some(T0 + 5 + LOCK_MS)
        }),
        "the fifth locks"
    );
    assert_eq!(
        agent::login(&conn, id, "246810", T0 + LOCK_MS, None).unwrap(),
        Err(LoginRefused::Locked {
            until_ms: Some(T0 + 5 + LOCK_MS)
        }),
        "the right PIN is not even checked while locked"
    );
    assert!(
        agent::login(&conn, id, "246810", T0 + 6 + LOCK_MS, None)
            .unwrap()
            .is_ok(),
        "the lock expires after five minutes"
    );
    assert_eq!(
        agent::login(&conn, id, "000001", T0 + 7 + LOCK_MS, None).unwrap(),
        Err(LoginRefused::WrongPin { attempts_left: 4 }),
        "a good login starts the count again"
    );
}

#[test]
fn the_lock_survives_reopening_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let id = {
        let conn = db::open(&path).unwrap();
        let id = new_agent(&conn);
        for n in 0..5 {
            let _ = agent::login(&conn, id, "999998", T0 + n, None).unwrap();
        }
        id
    };
    let conn = db::open(&path).unwrap();
    assert!(
        matches!(
            agent::login(&conn, id, "246810", T0 + 10, None).unwrap(),
            Err(LoginRefused::Locked { .. })
        ),
        "a restart does not lift the lock"
    );
    let listed = agent::list(&conn, T0 + 10).unwrap();
    assert_eq!(
        listed[0].locked_until_ms,
        Some(T0 + 4 + LOCK_MS),
        "the list shows the lock"
    );
}
