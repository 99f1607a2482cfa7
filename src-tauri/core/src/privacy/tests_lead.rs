//! Tests of leads: what a call-back request needs, withdrawing the consent it was left under, and
//! the kiosk reset clearing a visitor's draft while the lead they consented to stays.

use super::consent::{self, Grant, Purpose};
use super::lead::{self, NewLead};
use super::reset;
use super::tests::count;
use crate::audit;
use crate::consultation::{self, Mode};
use crate::db;
use crate::settings::Language;

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
