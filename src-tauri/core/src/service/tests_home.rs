//! Tests of the agent's home (each panel with data and empty, one audited read, the agent's
//! task only), starting and resuming a consultation at its step, and a call-back request
//! becoming a consultation.

use super::home::{self, Opened};
use super::{consulting, leads, reading, Actor};
use crate::access::agent::{self, NewAgent};
use crate::access::Role;
use crate::consultation::{self, Mode};
use crate::privacy::consent::Purpose;
use crate::privacy::lead::{self, NewLead};
use crate::records::client::ClientFields;
use crate::records::followup::Due;
use crate::settings::Language;
use crate::{db, Error};
use rusqlite::Connection;

const TODAY: &str = "2026-12-01";

fn setup() -> (Connection, Actor) {
    let conn = db::open_in_memory().unwrap();
    let id = agent::create_first(
        &conn,
        &NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: "246810".into(),
            supervisor: true,
        },
    )
    .unwrap()
    .id;
    (conn, Actor::new(Role::Agent(id)))
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn field(e: Error) -> String {
    e.to_public().field.unwrap_or_default()
}

fn call_back(conn: &Connection, name: &str) -> i64 {
    lead::submit(
        conn,
        Mode::Kiosk,
        Language::ZhCn,
        &NewLead {
            name: name.into(),
            phone: "13800138000".into(),
            topic: "health_cover".into(),
            preferred_time: "morning".into(),
            consent_to_contact: true,
            notice_version: "2026-01".into(),
        },
    )
    .unwrap()
    .id
}

/// A finished-looking consultation with a pending follow-up on `on`.
fn follow_up(conn: &Connection, on: &str, status: &str) -> i64 {
    let id = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    conn.execute(
        "UPDATE consultations SET status = 'finished', follow_up_on = ?1, follow_up_status = ?2
         WHERE id = ?3",
        rusqlite::params![on, status, id],
    )
    .unwrap();
    id
}

fn consent(conn: &Connection, actor: Actor) {
    consulting::give_consents(conn, actor, "2026-01", &[Purpose::SaveConsultation]).unwrap();
}

#[test]
fn an_empty_home_says_so_panel_by_panel() {
    let (conn, actor) = setup();
    let home = home::agent_home(&conn, actor, TODAY).unwrap();
    assert!(home.in_progress.is_empty(), "{:?}", home.in_progress);
    assert!(home.follow_ups.is_empty(), "{:?}", home.follow_ups);
    assert!(home.call_backs.is_empty(), "{:?}", home.call_backs);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM consultations"),
        0,
        "reading the home starts no consultation"
    );
}

#[test]
fn the_home_lists_drafts_with_their_step_follow_ups_of_the_week_and_waiting_call_backs() {
    let (conn, actor) = setup();
    // A draft with the consent and a client: at the questionnaire.
    consent(&conn, actor);
    let client = consulting::create_client(
        &conn,
        actor,
        None,
        &ClientFields {
            name: Some("张伟".into()),
            ..ClientFields::default()
        },
    )
    .unwrap();
    let late = follow_up(&conn, "2026-11-28", "pending");
    let today = follow_up(&conn, TODAY, "pending");
    let soon = follow_up(&conn, "2026-12-06", "pending");
    let later = follow_up(&conn, "2026-12-20", "pending");
    follow_up(&conn, "2026-11-30", "done");
    let waiting = call_back(&conn, "李娜");
    let contacted = call_back(&conn, "赵强");
    leads::mark_contacted(&conn, actor, contacted).unwrap();

    let home = home::agent_home(&conn, actor, TODAY).unwrap();
    assert_eq!(home.in_progress.len(), 1, "{:?}", home.in_progress);
    let draft = &home.in_progress[0];
    assert_eq!(draft.client_name.as_deref(), Some("张伟"));
    assert_eq!(draft.step, "questionnaire", "consents and client are done");
    assert!(client.id > 0);

    let listed: Vec<(i64, Due, i64)> = home
        .follow_ups
        .iter()
        .map(|f| (f.row.id, f.due, f.days))
        .collect();
    assert_eq!(
        listed,
        vec![
            (late, Due::Overdue, -3),
            (today, Due::Today, 0),
            (soon, Due::Soon, 5)
        ],
        "overdue first, the coming 7 days, never a done one nor one due later"
    );
    let page = reading::follow_ups(&conn, actor, TODAY).unwrap();
    assert_eq!(
        page.iter().map(|f| (f.row.id, f.due)).collect::<Vec<_>>(),
        vec![
            (late, Due::Overdue),
            (today, Due::Today),
            (soon, Due::Soon),
            (later, Due::Later)
        ],
        "the follow-ups page lists the later ones too"
    );

    let names: Vec<&str> = home.call_backs.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["李娜"], "a contacted request no longer waits");
    assert_eq!(home.call_backs[0].id, waiting);
    assert!(!home.call_backs[0].consent_granted_at.is_empty());
}

#[test]
fn the_home_is_one_audited_read_for_an_agent_only() {
    let (conn, actor) = setup();
    call_back(&conn, "李娜");
    let before = count(&conn, "SELECT count(*) FROM audit_log");
    home::agent_home(&conn, actor, TODAY).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM audit_log"), before + 1);
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'home.read'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("\"call_backs\":1"), "{detail}");
    let kiosk = home::agent_home(&conn, Actor::new(Role::Kiosk), TODAY).unwrap_err();
    assert!(matches!(kiosk, Error::Forbidden(_)), "{kiosk:?}");
    let locked = home::agent_home(&conn, Actor::new(Role::Locked), TODAY).unwrap_err();
    assert!(matches!(locked, Error::Locked), "{locked:?}");
    let bad = home::agent_home(&conn, actor, "1.12.2026").unwrap_err();
    assert_eq!(field(bad), "today");
}

#[test]
fn start_resumes_the_draft_and_resume_makes_an_older_draft_current() {
    let (conn, actor) = setup();
    let first = home::start(&conn, actor).unwrap();
    assert_eq!(first.step, "consents");
    assert_eq!(
        home::start(&conn, actor).unwrap(),
        first,
        "the same draft again"
    );
    consent(&conn, actor);
    assert_eq!(home::start(&conn, actor).unwrap().step, "client");

    // A second draft (from a call-back) is now the current one; resuming the first brings it back.
    let lead_id = call_back(&conn, "李娜");
    let second = leads::start_consultation(&conn, actor, lead_id).unwrap();
    assert_ne!(second.consultation_id, first.consultation_id);
    let current = consulting::current(&conn, actor).unwrap();
    assert_eq!(current.consultation.id, second.consultation_id);
    std::thread::sleep(std::time::Duration::from_millis(3));
    let resumed = home::resume(&conn, actor, first.consultation_id).unwrap();
    assert_eq!(
        resumed,
        Opened {
            consultation_id: first.consultation_id,
            step: "client"
        }
    );
    let current = consulting::current(&conn, actor).unwrap();
    assert_eq!(current.consultation.id, first.consultation_id);
    let home = home::agent_home(&conn, actor, TODAY).unwrap();
    assert_eq!(
        home.in_progress.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![first.consultation_id, second.consultation_id],
        "the most recently resumed first"
    );
    assert_eq!(home.in_progress[1].lead_name.as_deref(), Some("李娜"));

    let finished = follow_up(&conn, TODAY, "pending");
    assert_eq!(
        field(home::resume(&conn, actor, finished).unwrap_err()),
        "consultation"
    );
    assert!(matches!(
        home::resume(&conn, actor, 9999).unwrap_err(),
        Error::NotFound(_)
    ));
    let kiosk_visit = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    assert_eq!(
        field(home::resume(&conn, actor, kiosk_visit).unwrap_err()),
        "consultation",
        "a kiosk visit is not an agent's consultation"
    );
}

#[test]
fn a_call_back_becomes_a_consultation_whose_client_file_waits_for_the_consent() {
    let (conn, actor) = setup();
    let lead_id = call_back(&conn, "李娜");
    let opened = leads::start_consultation(&conn, actor, lead_id).unwrap();
    assert_eq!(opened.step, "consents", "the flow starts with the consents");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM clients"),
        0,
        "nothing of the lead is copied into a client file yet"
    );
    let taken = lead::get(&conn, lead_id).unwrap();
    assert_eq!(taken.status, "in_consultation");
    assert_eq!(taken.consultation_id, Some(opened.consultation_id));
    let handled_by: Option<i64> = conn
        .query_row(
            "SELECT handled_by FROM leads WHERE id = ?1",
            [lead_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(handled_by, actor.agent_id().ok());
    let home = home::agent_home(&conn, actor, TODAY).unwrap();
    assert!(home.call_backs.is_empty(), "no longer waiting");

    // The flow shows the lead's own consent to be contacted, with its time.
    let origin = leads::of_consultation(&conn, actor, opened.consultation_id)
        .unwrap()
        .expect("the consultation knows its lead");
    assert_eq!(
        (origin.name.as_str(), origin.phone.as_str()),
        ("李娜", "13800138000")
    );
    assert_eq!(origin.consent_granted_at, taken.consent_granted_at);
    assert_eq!(
        consulting::consents(&conn, actor).unwrap().len(),
        0,
        "the lead's consent is not a consent given in the consultation"
    );

    // The lead's details become a client file only with the consent to saving.
    let from_lead = ClientFields {
        name: Some(origin.name.clone()),
        phone: Some(origin.phone.clone()),
        ..ClientFields::default()
    };
    let refused = consulting::create_client(&conn, actor, Some(opened.consultation_id), &from_lead)
        .unwrap_err();
    assert_eq!(field(refused), "consent");
    assert_eq!(count(&conn, "SELECT count(*) FROM clients"), 0);
    consent(&conn, actor);
    let client =
        consulting::create_client(&conn, actor, Some(opened.consultation_id), &from_lead).unwrap();
    assert_eq!(client.fields.phone.as_deref(), Some("13800138000"));
    assert_eq!(
        home::resume(&conn, actor, opened.consultation_id)
            .unwrap()
            .step,
        "questionnaire"
    );

    // Taking the same request again opens the same consultation.
    let again = leads::start_consultation(&conn, actor, lead_id).unwrap();
    assert_eq!(again.consultation_id, opened.consultation_id);
    assert_eq!(count(&conn, "SELECT count(*) FROM consultations"), 1);
    // Once that consultation is finished, the request cannot start another.
    conn.execute(
        "UPDATE consultations SET status = 'finished' WHERE id = ?1",
        [opened.consultation_id],
    )
    .unwrap();
    assert_eq!(
        field(leads::start_consultation(&conn, actor, lead_id).unwrap_err()),
        "lead"
    );
}

#[test]
fn a_call_back_is_taken_into_a_consultation_only_by_an_agent_and_only_while_kept() {
    let (conn, actor) = setup();
    let lead_id = call_back(&conn, "李娜");
    let kiosk = leads::start_consultation(&conn, Actor::new(Role::Kiosk), lead_id).unwrap_err();
    assert!(matches!(kiosk, Error::Forbidden(_)), "{kiosk:?}");
    assert!(matches!(
        leads::start_consultation(&conn, actor, 9999).unwrap_err(),
        Error::NotFound(_)
    ));
    conn.execute(
        "UPDATE leads SET erased_at = '2026-12-01T00:00:00.000Z', name = NULL, phone = NULL",
        [],
    )
    .unwrap();
    assert!(matches!(
        leads::start_consultation(&conn, actor, lead_id).unwrap_err(),
        Error::NotFound(_)
    ));
    assert_eq!(count(&conn, "SELECT count(*) FROM consultations"), 0);
    assert_eq!(
        leads::of_consultation(&conn, actor, 1).unwrap(),
        None,
        "a consultation not started from a call-back has none"
    );
}
