//! Tests of access: PIN lockout with a moved clock, the audit chain under tampering, consents and
//! their withdrawal, leads, and the kiosk reset.

use super::agent::{self, LoginRefused, NewAgent, LOCK_MS};
use super::consent::{self, Grant, Purpose};
use super::lead::{self, NewLead};
use super::reset;
use crate::audit::{self, Break, BrokenAt};
use crate::consultation::{self, Mode};
use crate::db;
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

#[test]
fn only_granted_purposes_are_stored_with_the_notice_version() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let stored = consent::record(
        &conn,
        "agent:1",
        &Grant {
            consultation_id: Some(c),
            client_id: None,
            notice_version: "2026-11".into(),
            purposes: vec![Purpose::SaveConsultation],
        },
    )
    .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].notice_version, "2026-11");
    assert!(consent::has(&conn, c, Purpose::SaveConsultation).unwrap());
    assert!(
        !consent::has(&conn, c, Purpose::HealthData).unwrap(),
        "not granted, not stored"
    );
    let err = consent::record(
        &conn,
        "agent:1",
        &Grant {
            consultation_id: Some(c),
            client_id: None,
            notice_version: " ".into(),
            purposes: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("notice_version"));
}

#[test]
fn withdrawing_consent_to_save_deletes_the_draft_and_keeps_the_evidence() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let grant = Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes: vec![Purpose::SaveConsultation, Purpose::HealthData],
    };
    let ids: Vec<i64> = consent::record(&conn, "agent:1", &grant)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let out = consent::withdraw(&conn, "agent:1", ids[0]).unwrap();
    assert!(out.rows >= 1, "the draft was deleted");
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM consultations WHERE id = {c}")
        ),
        0
    );
    let kept = consent::get(&conn, ids[0]).unwrap();
    assert!(kept.withdrawn_at.is_some(), "the withdrawal itself is kept");
    assert!(
        consent::withdraw(&conn, "agent:1", ids[0]).is_err(),
        "twice is an error"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'consent.withdraw'"
        ),
        1
    );
}

#[test]
fn withdrawing_health_consent_deletes_only_sensitive_rows() {
    let conn = db::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE t_answers (id INTEGER PRIMARY KEY, consultation_id INTEGER, sensitive INTEGER);",
    )
    .unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    conn.execute(
        "INSERT INTO t_answers (consultation_id, sensitive) VALUES (?1, 1), (?1, 0)",
        [c],
    )
    .unwrap();
    let g = Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "v".into(),
        purposes: vec![Purpose::HealthData],
    };
    let id = consent::record(&conn, "agent:1", &g).unwrap()[0].id;
    assert_eq!(consent::withdraw(&conn, "agent:1", id).unwrap().rows, 1);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM t_answers"),
        1,
        "the non-health answer stays"
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

#[test]
fn saving_a_consultation_requires_its_consent_in_force() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let err = consent::require(&conn, c, Purpose::SaveConsultation).unwrap_err();
    assert_eq!(
        err.to_public().field.as_deref(),
        Some("consent"),
        "no consent yet: refused, naming the consent"
    );
    let grant = Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes: vec![Purpose::HealthData],
    };
    consent::record(&conn, "agent:1", &grant).unwrap();
    assert!(
        consent::require(&conn, c, Purpose::SaveConsultation).is_err(),
        "a consent to another purpose does not count"
    );
    let grant = Grant {
        purposes: vec![Purpose::SaveConsultation],
        ..grant
    };
    consent::record(&conn, "agent:1", &grant).unwrap();
    consent::require(&conn, c, Purpose::SaveConsultation).unwrap();
}

/// A client whose first consultation (with `purposes` consented under `notice`) is finished.
fn returning_client(conn: &Connection, notice: &str, purposes: Vec<Purpose>) -> (i64, i64) {
    use crate::records::client::{self, ClientFields};
    use crate::records::record::{self, RecordEdit};
    let first = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    consent::record(
        conn,
        "agent:1",
        &Grant {
            consultation_id: Some(first),
            client_id: None,
            notice_version: notice.into(),
            purposes,
        },
    )
    .unwrap();
    let client = client::save(
        conn,
        "agent:1",
        None,
        &ClientFields {
            name: Some("李雷".into()),
            phone: Some("13812345678".into()),
            ..ClientFields::default()
        },
    )
    .unwrap()
    .id;
    let edit = RecordEdit {
        client_id: Some(client),
        agent_name: Some("王芳".into()),
        agent_licence: Some("0201-2024-88".into()),
        outcome: Some(crate::records::outcome::OutcomeEdit {
            status: Some("deciding".into()),
            ..Default::default()
        }),
        ..RecordEdit::default()
    };
    record::finish(conn, "agent:1", first, &edit).unwrap();
    (client, first)
}

/// A new draft for `client`, chosen as the flow's client step does.
fn draft_for(conn: &Connection, client: i64) -> i64 {
    use crate::records::record::{self, RecordEdit};
    let c = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    let edit = RecordEdit {
        client_id: Some(client),
        ..RecordEdit::default()
    };
    record::update(conn, "agent:1", c, &edit).unwrap();
    c
}

#[test]
fn consents_given_before_the_client_was_chosen_become_the_clients() {
    let conn = db::open_in_memory().unwrap();
    let (client, first) = returning_client(&conn, "2026-11", vec![Purpose::SaveConsultation]);
    let given = consent::of_consultation(&conn, first).unwrap();
    assert_eq!(given.len(), 1);
    assert_eq!(
        given[0].client_id,
        Some(client),
        "tied to the client on choosing"
    );
    assert_eq!(given[0].given_in, Some(first));
    assert_eq!(given[0].carried_from, None);
}

#[test]
fn a_returning_client_is_not_asked_again_under_the_same_notice() {
    let conn = db::open_in_memory().unwrap();
    let (client, first) = returning_client(
        &conn,
        "2026-11",
        vec![Purpose::SaveConsultation, Purpose::HealthData],
    );
    let second = draft_for(&conn, client);
    assert!(
        !consent::has(&conn, second, Purpose::SaveConsultation).unwrap(),
        "nothing carried before carry_over runs"
    );
    let carried = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    assert_eq!(carried.len(), 2, "{carried:?}");
    for c in &carried {
        assert!(c.carried_from.is_some());
        assert_eq!(c.given_in, Some(first), "names where the client gave it");
        assert_eq!(c.consultation_id, Some(second));
    }
    let original = consent::of_consultation(&conn, first).unwrap();
    assert_eq!(
        carried[0].granted_at, original[0].granted_at,
        "the time the client gave it"
    );
    consent::require(&conn, second, Purpose::SaveConsultation).unwrap();
    assert!(consent::has(&conn, second, Purpose::HealthData).unwrap());
    let again = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    assert_eq!(again.len(), 2, "running it again adds nothing");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'consent.carry'"
        ),
        1
    );
}

#[test]
fn consents_under_an_older_notice_or_withdrawn_ones_are_not_carried() {
    let conn = db::open_in_memory().unwrap();
    let (client, _) = returning_client(
        &conn,
        "2026-05",
        vec![Purpose::SaveConsultation, Purpose::Contact],
    );
    let second = draft_for(&conn, client);
    let carried = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    assert!(carried.is_empty(), "a new notice: ask again: {carried:?}");
    assert!(consent::require(&conn, second, Purpose::SaveConsultation).is_err());

    let conn = db::open_in_memory().unwrap();
    let (client, first_b) = returning_client(&conn, "2026-11", vec![Purpose::Contact]);
    let contact = consent::of_consultation(&conn, first_b).unwrap()[0].id;
    consent::withdraw(&conn, "agent:1", contact).unwrap();
    let second = draft_for(&conn, client);
    assert!(consent::carry_over(&conn, "agent:1", second, "2026-11")
        .unwrap()
        .is_empty());
}

#[test]
fn choosing_another_client_drops_what_was_carried_from_the_first() {
    let conn = db::open_in_memory().unwrap();
    let (client, _) = returning_client(&conn, "2026-11", vec![Purpose::SaveConsultation]);
    let second = draft_for(&conn, client);
    consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    let other = crate::records::client::save(
        &conn,
        "agent:1",
        None,
        &crate::records::client::ClientFields {
            name: Some("韩梅梅".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let edit = crate::records::record::RecordEdit {
        client_id: Some(other),
        ..Default::default()
    };
    crate::records::record::update(&conn, "agent:1", second, &edit).unwrap();
    assert!(
        consent::of_consultation(&conn, second).unwrap().is_empty(),
        "李雷's consent does not cover 韩梅梅"
    );
}

#[test]
fn withdrawing_a_carried_consent_withdraws_it_everywhere_it_applied() {
    let conn = db::open_in_memory().unwrap();
    let (client, first) = returning_client(&conn, "2026-11", vec![Purpose::SaveConsultation]);
    let second = draft_for(&conn, client);
    let carried = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    let out = consent::withdraw(&conn, "agent:1", carried[0].id).unwrap();
    assert!(
        out.rows >= 2,
        "the draft deleted and the first record erased: {out:?}"
    );
    let original = consent::of_consultation(&conn, first).unwrap();
    assert!(
        original[0].withdrawn_at.is_some(),
        "the consent the client gave is withdrawn too"
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM consultations WHERE id = {second}")
        ),
        0,
        "the draft that relied on it is gone"
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM consultations WHERE id = {first} AND erased_at IS NOT NULL"
            )
        ),
        1,
        "the finished record is erased"
    );
    let third = draft_for(&conn, client);
    assert!(
        consent::carry_over(&conn, "agent:1", third, "2026-11")
            .unwrap()
            .is_empty(),
        "withdrawn: never carried again"
    );
}

#[test]
fn visitor_drafts_left_by_an_earlier_run_are_cleared_and_later_ones_kept() {
    let conn = db::open_in_memory().unwrap();
    let left = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    let agents = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    conn.execute(
        "UPDATE consultations SET started_at = '2026-01-01T08:00:00.000Z' WHERE id IN (?1, ?2)",
        [left, agents],
    )
    .unwrap();
    let current = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    let cleared = reset::clear_left_over(&conn, "2026-06-01T00:00:00.000Z").unwrap();
    assert_eq!(cleared.consultations, 1);
    let kept: Vec<i64> = conn
        .prepare("SELECT id FROM consultations ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        kept,
        [agents, current],
        "an agent's draft and the visitor who began after the start stay"
    );
}

#[test]
fn under_14_counts_whole_years_to_the_birthday() {
    assert!(
        consent::under_14(Some("2012-11-29"), "2026-11-28"),
        "13 until tomorrow"
    );
    assert!(
        !consent::under_14(Some("2012-11-28"), "2026-11-28"),
        "14 today"
    );
    assert!(!consent::under_14(Some("1980-01-01"), "2026-11-28"));
    assert!(
        consent::under_14(Some("2026-01-01"), "2026-11-28"),
        "a baby"
    );
    assert!(
        !consent::under_14(None, "2026-11-28"),
        "no date: not known to be"
    );
    assert!(!consent::under_14(Some("not a date"), "2026-11-28"));
    assert!(
        consent::under_14(Some("2015/3/1"), "2026-11-28"),
        "a child's birth date typed with slashes is still a child's"
    );
}

#[test]
fn a_child_clients_data_needs_a_guardians_consent() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let grant = |purposes| Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes,
    };
    consent::record(&conn, "agent:1", &grant(vec![Purpose::SaveConsultation])).unwrap();
    let err =
        consent::require_guardian_if_minor(&conn, c, Some("2016-05-01"), "2026-11-28").unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("guardian_consent"));
    consent::require_guardian_if_minor(&conn, c, Some("1990-05-01"), "2026-11-28").unwrap();
    consent::record(&conn, "agent:1", &grant(vec![Purpose::Guardian])).unwrap();
    consent::require_guardian_if_minor(&conn, c, Some("2016-05-01"), "2026-11-28").unwrap();
}
