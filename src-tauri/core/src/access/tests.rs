//! Tests of access: PIN lockout with a moved clock, the audit chain under tampering, leads (and
//! withdrawing the consent they were left under), and the kiosk reset leaving leads alone.

use super::agent::{self, LoginRefused, NewAgent, LOCK_MS};
use super::lead::{self, NewLead};
use crate::audit::{self, Break, BrokenAt};
use crate::consultation::{self, Mode};
use crate::db;
use crate::privacy::consent::{self, Grant, Purpose};
use crate::privacy::reset;
use crate::settings::Language;
use rusqlite::Connection;
use serde_json::json;

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

fn log_of(n: i64) -> Connection {
    let conn = db::open_in_memory().unwrap();
    for i in 1..=n {
        audit::append(
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
    assert_eq!(audit::verify(&conn).unwrap(), Ok(4));
    assert_eq!(
        audit::verify(&db::open_in_memory().unwrap()).unwrap(),
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
        audit::verify(&conn).unwrap(),
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
        audit::verify(&conn).unwrap(),
        Err(BrokenAt {
            id: 2,
            why: Break::Removed
        })
    );
    let conn = log_of(4);
    conn.execute("DELETE FROM audit_log WHERE id = 4", [])
        .unwrap();
    assert_eq!(
        audit::verify(&conn).unwrap(),
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
        audit::verify(&conn).unwrap(),
        Err(BrokenAt {
            id: 2,
            why: Break::Reordered
        })
    );
}

fn lead_form(phone: &str, consent: bool) -> NewLead {
    NewLead {
        name: "<img src=x onerror=alert(1)>".into(),
        phone: phone.into(),
        topic: "health_cover".into(),
        preferred_time: "weekday afternoon".into(),
        consent_to_contact: consent,
        notice_version: "2026-11".into(),
    }
}

#[test]
fn a_lead_needs_a_phone_number_a_topic_and_consent() {
    let conn = db::open_in_memory().unwrap();
    for bad in ["12345", "2381234567", "12012345678", "1381234567a", ""] {
        let err =
            lead::submit(&conn, Mode::Kiosk, Language::En, &lead_form(bad, true)).unwrap_err();
        assert_eq!(
            err.to_public().field.as_deref(),
            Some("phone"),
            "{bad:?} is not a mobile"
        );
    }
    let err = lead::submit(
        &conn,
        Mode::Kiosk,
        Language::En,
        &lead_form("13812345678", false),
    )
    .unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("consent_to_contact"));
    assert_eq!(
        count(&conn, "SELECT count(*) FROM leads"),
        0,
        "nothing kept without consent"
    );
    let lead = lead::submit(
        &conn,
        Mode::Kiosk,
        Language::En,
        &lead_form("+86 138-1234-5678", true),
    )
    .unwrap();
    assert_eq!(lead.phone, "13812345678");
    let landline = lead::submit(
        &conn,
        Mode::Kiosk,
        Language::En,
        &lead_form("021-5888 1234", true),
    )
    .unwrap();
    assert_eq!(
        landline.phone, "021-58881234",
        "a landline can be called back too"
    );
    let mut no_topic = lead_form("13812345678", true);
    no_topic.topic = "cheap stuff".into();
    let err = lead::submit(&conn, Mode::Kiosk, Language::En, &no_topic).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("topic"));
    let listed = lead::list(&conn, "agent:1").unwrap();
    assert_eq!(
        listed[0].topic, "health_cover",
        "the agent sees what it is about"
    );
    assert_eq!(
        listed[1].name, "<img src=x onerror=alert(1)>",
        "stored as typed; the UI shows text"
    );
}

#[test]
fn withdrawing_contact_consent_empties_the_lead() {
    let conn = db::open_in_memory().unwrap();
    lead::submit(
        &conn,
        Mode::Kiosk,
        Language::ZhCn,
        &lead_form("13812345678", true),
    )
    .unwrap();
    let consent_id = count(&conn, "SELECT consent_id FROM leads");
    consent::withdraw(&conn, "agent:1", consent_id).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM leads WHERE phone IS NOT NULL"),
        0
    );
    assert!(
        lead::list(&conn, "agent:1").unwrap().is_empty(),
        "an emptied lead is not listed"
    );
}

#[test]
fn reset_visitor_clears_one_kiosk_draft_and_leaves_everyone_else_alone() {
    let conn = db::open_in_memory().unwrap();
    let visitor = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    let other = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    let agents = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    for c in [visitor, other, agents] {
        conn.execute(
            "INSERT INTO clause_states (consultation_id, clause_id, content_hash, language,
               must_explain, shown_at) VALUES (?1, 'x', 'h', 'zh-CN', 0, 't')",
            [c],
        )
        .unwrap();
        consent::record(
            &conn,
            "kiosk",
            &Grant {
                consultation_id: Some(c),
                client_id: None,
                notice_version: "v".into(),
                purposes: vec![Purpose::SaveConsultation],
            },
        )
        .unwrap();
    }
    lead::submit(
        &conn,
        Mode::Kiosk,
        Language::ZhCn,
        &lead_form("13812345678", true),
    )
    .unwrap();
    let cleared = reset::reset_visitor(&conn, visitor).unwrap();
    assert_eq!(cleared.consultations, 1);
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM clause_states WHERE consultation_id = {visitor}")
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM consents WHERE consultation_id = {visitor}")
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM consultations WHERE id = {visitor}")
        ),
        0
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM clause_states"),
        2,
        "others' clause states stay"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM leads"),
        1,
        "a consented lead stays"
    );
    assert!(
        reset::reset_visitor(&conn, agents).is_err(),
        "an agent's draft is not the kiosk's to delete"
    );
    let all = reset::reset_kiosk(&conn).unwrap();
    assert_eq!(
        all.consultations, 1,
        "the other kiosk draft goes on a full reset"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM consultations"),
        1,
        "the agent's draft stays"
    );
    assert_eq!(
        audit::verify(&conn).unwrap().map(|n| n > 0),
        Ok(true),
        "resets are audited, chain intact"
    );
}
