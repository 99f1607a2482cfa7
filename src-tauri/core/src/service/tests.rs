//! Tests of the application layer: a consultation's boundaries (previews record nothing, events
//! wait for the consent and the client), the session's agent on the record, products derived
//! from the clause events, and the use cases' single transactions.

use super::consulting;
use super::presenting::{self, ClauseEvent};
use super::reading;
use super::Actor;
use crate::access::agent::{self, NewAgent};
use crate::access::Role;
use crate::content::Library;
use crate::privacy::consent::Purpose;
use crate::records::client::ClientFields;
use crate::records::record::{self, RecordEdit};
use crate::settings::Language;
use crate::{db, Error};
use rusqlite::Connection;
use std::path::Path;

fn library() -> Library {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
    let (library, problems) = Library::load(&dir);
    assert!(problems.is_empty(), "{problems:?}");
    library
}

/// A database with the agent 王芳 logged in, as the shell's session would say.
pub(super) fn setup() -> (Connection, Library, Actor) {
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
    (conn, library(), Actor::new(Role::Agent(id)))
}

/// An edit that finishes a consultation: the client is still deciding (finishing needs an outcome).
pub(super) fn deciding() -> RecordEdit {
    RecordEdit {
        outcome: Some(crate::records::outcome::OutcomeEdit {
            status: Some("deciding".into()),
            ..Default::default()
        }),
        ..RecordEdit::default()
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn field(e: Error) -> String {
    e.to_public().field.unwrap_or_default()
}

fn event(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: Option<i64>,
    clause: &str,
    e: ClauseEvent<'_>,
) -> crate::Result<crate::content::presenter::ClauseState> {
    presenting::clause_event(
        conn,
        actor,
        library,
        consultation,
        clause,
        Some(Language::ZhCn),
        e,
    )
}

pub(super) fn consent(conn: &Connection, actor: Actor) {
    consulting::give_consents(conn, actor, "2026-11", &[Purpose::SaveConsultation]).unwrap();
}

pub(super) fn person(name: &str) -> ClientFields {
    ClientFields {
        name: Some(name.into()),
        phone: Some("13812345678".into()),
        ..ClientFields::default()
    }
}

/// Shows, explains and has the client acknowledge the demo exclusion in `consultation`.
fn acknowledge_exclusion(conn: &Connection, actor: Actor, library: &Library, c: i64) {
    let hash = library.clause("demo-exclusions").unwrap().hash.zh.clone();
    event(
        conn,
        actor,
        library,
        Some(c),
        "demo-exclusions",
        ClauseEvent::Shown,
    )
    .unwrap();
    event(
        conn,
        actor,
        library,
        Some(c),
        "demo-exclusions",
        ClauseEvent::Explained,
    )
    .unwrap();
    event(
        conn,
        actor,
        library,
        Some(c),
        "demo-exclusions",
        ClauseEvent::Acknowledged { seen_hash: &hash },
    )
    .unwrap();
}

#[test]
fn a_preview_records_nothing_against_anyone() {
    let (conn, library, actor) = setup();
    let p = presenting::presentation(&conn, actor, &library, None).unwrap();
    assert_eq!(p.consultation_id, None);
    assert!(!p.recording && p.not_recorded == Some("preview"));
    for e in [ClauseEvent::Shown, ClauseEvent::Explained] {
        let err = event(&conn, actor, &library, None, "demo-exclusions", e).unwrap_err();
        assert_eq!(
            field(err),
            "consultation_id",
            "{e:?} outside a consultation"
        );
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM clause_states"), 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM consultations"),
        0,
        "browsing starts no consultation"
    );
    // The next consultation starts clean.
    let next = consulting::current(&conn, actor).unwrap();
    assert!(next.attached["clause_states"].is_empty());
}

#[test]
fn clause_events_wait_for_the_consent_to_saving_and_go_only_to_their_consultation() {
    let (conn, library, actor) = setup();
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    let p = presenting::presentation(&conn, actor, &library, Some(draft)).unwrap();
    assert!(!p.recording && p.not_recorded == Some("consent"));
    let err = event(
        &conn,
        actor,
        &library,
        Some(draft),
        "demo-coverage",
        ClauseEvent::Shown,
    )
    .unwrap_err();
    assert_eq!(field(err), "consent", "before the consent: refused");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM clause_states"),
        0,
        "and not stored"
    );
    consent(&conn, actor);
    let shown = event(
        &conn,
        actor,
        &library,
        Some(draft),
        "demo-coverage",
        ClauseEvent::Shown,
    );
    assert!(shown.is_ok(), "{shown:?}");
    let p = presenting::presentation(&conn, actor, &library, Some(draft)).unwrap();
    assert!(p.recording);
    assert_eq!(p.states.len(), 1);
    assert_eq!(
        p.products,
        ["demo"],
        "the products shown come from the events"
    );
    // A finished consultation's clause record no longer changes.
    let client = consulting::create_client(&conn, actor, Some(draft), &person("张伟")).unwrap();
    assert!(client.id > 0);
    consulting::finish(&conn, actor, &library, draft, &deciding()).unwrap();
    let err = event(
        &conn,
        actor,
        &library,
        Some(draft),
        "demo-coverage",
        ClauseEvent::Shown,
    )
    .unwrap_err();
    assert_eq!(field(err), "consultation_id");
}

#[test]
fn an_acknowledgement_is_the_clients_only_once_the_client_is_chosen() {
    let (conn, library, actor) = setup();
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    consent(&conn, actor);
    let hash = library.clause("demo-exclusions").unwrap().hash.zh.clone();
    event(
        &conn,
        actor,
        &library,
        Some(draft),
        "demo-exclusions",
        ClauseEvent::Shown,
    )
    .unwrap();
    event(
        &conn,
        actor,
        &library,
        Some(draft),
        "demo-exclusions",
        ClauseEvent::Explained,
    )
    .unwrap();
    let ack = ClauseEvent::Acknowledged { seen_hash: &hash };
    let err = event(&conn, actor, &library, Some(draft), "demo-exclusions", ack).unwrap_err();
    assert_eq!(field(err), "client_id", "no client in the flow yet");
    assert!(
        !presenting::presentation(&conn, actor, &library, Some(draft))
            .unwrap()
            .client_present
    );
    consulting::create_client(&conn, actor, Some(draft), &person("张伟")).unwrap();
    let done = event(&conn, actor, &library, Some(draft), "demo-exclusions", ack).unwrap();
    assert!(done.acknowledged_at.is_some());
    // Those confirmations are this client's: the consultation's client no longer changes.
    let li = crate::records::client::save(&conn, "agent:1", None, &person("李雷")).unwrap();
    let err = consulting::choose_client(&conn, actor, &library, draft, li.id).unwrap_err();
    assert_eq!(field(err), "client_id");
}

#[test]
fn a_kiosk_records_in_its_visitors_draft_after_their_consent_and_never_explains() {
    let (conn, library, _) = setup();
    let kiosk = Actor::new(Role::Kiosk);
    let p = presenting::presentation(&conn, kiosk, &library, None).unwrap();
    assert_eq!(p.not_recorded, Some("preview"), "no visitor draft yet");
    let err = event(
        &conn,
        kiosk,
        &library,
        None,
        "demo-coverage",
        ClauseEvent::Shown,
    )
    .unwrap_err();
    assert_eq!(field(err), "consultation_id");
    consent(&conn, kiosk);
    let shown = event(
        &conn,
        kiosk,
        &library,
        None,
        "demo-coverage",
        ClauseEvent::Shown,
    )
    .unwrap();
    assert_eq!(shown.clause_id, "demo-coverage");
    let p = presenting::presentation(&conn, kiosk, &library, None).unwrap();
    assert!(p.recording && p.client_present, "the visitor is the client");
    let err = event(
        &conn,
        kiosk,
        &library,
        None,
        "demo-exclusions",
        ClauseEvent::Explained,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    let own = p.consultation_id.unwrap();
    let err = event(
        &conn,
        kiosk,
        &library,
        Some(own + 1),
        "demo-coverage",
        ClauseEvent::Shown,
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Forbidden(_)),
        "never another consultation: {err:?}"
    );
    let locked = Actor::new(Role::Locked);
    let err = presenting::presentation(&conn, locked, &library, None).unwrap_err();
    assert_eq!(err.code(), "locked");
}

#[test]
fn finishing_stamps_the_sessions_agent_whatever_the_edit_says() {
    let (conn, library, actor) = setup();
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    consent(&conn, actor);
    consulting::create_client(&conn, actor, Some(draft), &person("张伟")).unwrap();
    let forged = RecordEdit {
        agent_name: Some("Another Agent".into()),
        agent_licence: Some("FORGED-1".into()),
        decision: Some("先考虑".into()),
        ..deciding()
    };
    let updated = consulting::update(&conn, actor, &library, draft, &forged).unwrap();
    assert_eq!(updated.agent_name, None, "an edit never sets the agent");
    assert_eq!(
        updated.decision.as_deref(),
        Some("先考虑"),
        "the rest applies"
    );
    let done = consulting::finish(&conn, actor, &library, draft, &forged).unwrap();
    assert_eq!(done.agent_name.as_deref(), Some("王芳"));
    assert_eq!(done.agent_licence.as_deref(), Some("0201-2024-88"));
    let kiosk = Actor::new(Role::Kiosk);
    let err = consulting::finish(&conn, kiosk, &library, draft, &forged).unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
}

#[test]
fn the_products_discussed_are_the_ticked_ones_and_those_presented() {
    let (conn, library, actor) = setup();
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    consent(&conn, actor);
    consulting::create_client(&conn, actor, Some(draft), &person("张伟")).unwrap();
    let ticked = RecordEdit {
        products: Some(vec!["term-life".into()]),
        ..RecordEdit::default()
    };
    consulting::update(&conn, actor, &library, draft, &ticked).unwrap();
    acknowledge_exclusion(&conn, actor, &library, draft);
    // The finish step offers what finishing will record.
    let p = presenting::presentation(&conn, actor, &library, Some(draft)).unwrap();
    assert_eq!(p.discussed, ["term-life", "demo"]);
    let done = consulting::finish(&conn, actor, &library, draft, &deciding()).unwrap();
    assert_eq!(done.products, ["term-life", "demo"]);
    // Without any clause shown and nothing ticked, no product is claimed.
    let next = consulting::current(&conn, actor).unwrap().consultation.id;
    consent(&conn, actor);
    consulting::create_client(&conn, actor, Some(next), &person("李雷")).unwrap();
    let done = consulting::finish(&conn, actor, &library, next, &deciding()).unwrap();
    assert!(done.products.is_empty(), "{:?}", done.products);
}

#[test]
fn choosing_a_returning_client_carries_their_consents_in_the_same_transaction() {
    let (conn, library, actor) = setup();
    let first = consulting::current(&conn, actor).unwrap().consultation.id;
    consulting::give_consents(
        &conn,
        actor,
        "2026-11",
        &[Purpose::SaveConsultation, Purpose::Contact],
    )
    .unwrap();
    let client = consulting::create_client(&conn, actor, Some(first), &person("张伟")).unwrap();
    consulting::finish(&conn, actor, &library, first, &deciding()).unwrap();

    let second = consulting::current(&conn, actor).unwrap().consultation.id;
    assert_ne!(first, second);
    // Should carrying fail, the client is not chosen either.
    conn.execute_batch(
        "CREATE TRIGGER no_carry BEFORE INSERT ON consents WHEN NEW.carried_from IS NOT NULL
         BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .unwrap();
    assert!(consulting::choose_client(&conn, actor, &library, second, client.id).is_err());
    assert_eq!(
        record::get(&conn, second).unwrap().client_id,
        None,
        "rolled back whole"
    );
    conn.execute_batch("DROP TRIGGER no_carry").unwrap();
    let chosen = consulting::choose_client(&conn, actor, &library, second, client.id).unwrap();
    assert_eq!(chosen.client_id, Some(client.id));
    let carried = consulting::current(&conn, actor).unwrap().consents;
    assert_eq!(carried.len(), 2, "{carried:?}");
    assert!(carried
        .iter()
        .all(|c| c.carried_from_consultation == Some(first)));
}

#[test]
fn creating_a_client_needs_the_consents_and_links_it_in_one_transaction() {
    let (conn, library, actor) = setup();
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    let err = consulting::create_client(&conn, actor, Some(draft), &person("张伟")).unwrap_err();
    assert_eq!(field(err), "consent");
    consent(&conn, actor);
    let child = ClientFields {
        birth_date: Some("2020-01-01".into()),
        ..person("小明")
    };
    let err = consulting::create_client(&conn, actor, Some(draft), &child).unwrap_err();
    assert_eq!(field(err), "guardian_consent");
    conn.execute_batch(
        "CREATE TRIGGER no_link BEFORE UPDATE OF client_id ON consultations
         BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .unwrap();
    assert!(consulting::create_client(&conn, actor, Some(draft), &person("张伟")).is_err());
    assert_eq!(
        count(&conn, "SELECT count(*) FROM clients"),
        0,
        "no client file without its link to the consultation"
    );
    conn.execute_batch("DROP TRIGGER no_link").unwrap();
    let made = consulting::create_client(&conn, actor, None, &person("张伟")).unwrap();
    assert_eq!(record::get(&conn, draft).unwrap().client_id, Some(made.id));
    let _ = library;
}

#[test]
fn reads_are_audited_in_their_transaction_and_only_for_an_agent() {
    let (conn, _library, actor) = setup();
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    let audited = |action: &str| {
        count(
            &conn,
            &format!("SELECT count(*) FROM audit_log WHERE action = '{action}'"),
        )
    };
    assert_eq!(audited("record.read"), 1, "the flow's read of its draft");
    reading::record(&conn, actor, draft).unwrap();
    reading::clients(&conn, actor, "张").unwrap();
    reading::history(&conn, actor, draft).unwrap();
    reading::follow_ups(&conn, actor, "2026-12-01").unwrap();
    reading::records(&conn, actor, &Default::default(), "2026-12-01").unwrap();
    for action in [
        "client.search",
        "record.history",
        "followup.list",
        "record.search",
    ] {
        assert_eq!(audited(action), 1, "{action}");
    }
    assert_eq!(audited("record.read"), 2);
    assert_eq!(
        crate::audit::verify(&conn).unwrap().ok(),
        Some(count(&conn, "SELECT count(*) FROM audit_log") as u64),
        "the chain holds"
    );
    let locked = Actor::new(Role::Locked);
    assert_eq!(
        reading::clients(&conn, locked, "张").unwrap_err().code(),
        "locked"
    );
    let kiosk = Actor::new(Role::Kiosk);
    assert_eq!(
        reading::record(&conn, kiosk, draft).unwrap_err().code(),
        "forbidden"
    );
    assert_eq!(audited("record.read"), 2, "a refused read leaves no entry");
}

#[test]
fn only_an_agent_edits_assumptions_and_nobody_answers_while_locked() {
    let (conn, _library, agent) = setup();
    let content = crate::catalogue::Catalogue::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"),
    );
    let kiosk = Actor::new(Role::Kiosk);
    let edits = serde_json::json!({ "support_years": 3 });
    let err = super::answering::compute_advice(&conn, kiosk, &content, "family", Some(&edits))
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    let locked = Actor::new(Role::Locked);
    let err = super::answering::open(&conn, locked, &content, "family", true).unwrap_err();
    assert_eq!(err.code(), "locked");
    let state = super::answering::answer(
        &conn,
        agent,
        &content,
        "family",
        "annual_income",
        &serde_json::json!(100000),
    )
    .unwrap();
    assert_eq!(state.answered, 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM consultations WHERE mode = 'kiosk'"
        ),
        0,
        "the refused calls started nothing"
    );
}

#[test]
fn ending_a_visit_clears_every_kiosk_draft_and_only_the_kiosk_may() {
    let (conn, library, agent) = setup();
    let kiosk = Actor::new(Role::Kiosk);
    consent(&conn, kiosk);
    event(
        &conn,
        kiosk,
        &library,
        None,
        "demo-coverage",
        ClauseEvent::Shown,
    )
    .unwrap();
    crate::settings::set_language(&conn, Language::En).unwrap();
    let err = super::visiting::end_visit(&conn, agent).unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    let cleared = super::visiting::end_visit(&conn, kiosk).unwrap();
    assert_eq!(cleared.consultations, 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM clause_states"), 0);
    assert_eq!(
        crate::settings::language(&conn).unwrap(),
        Language::default(),
        "the next visitor starts in the default language"
    );
}

#[test]
fn a_visitor_leaves_a_lead_that_only_an_agent_lists_and_marks() {
    let (conn, _library, agent) = setup();
    let kiosk = Actor::new(Role::Kiosk);
    let new = crate::privacy::lead::NewLead {
        name: "李雷".into(),
        phone: "13912345678".into(),
        topic: "other".into(),
        preferred_time: "any".into(),
        consent_to_contact: true,
        notice_version: "2026-11".into(),
    };
    let left = super::leads::leave(&conn, kiosk, &new).unwrap();
    let err = super::leads::list(&conn, kiosk).unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    let locked = Actor::new(Role::Locked);
    assert_eq!(
        super::leads::mark_contacted(&conn, locked, left.id)
            .unwrap_err()
            .code(),
        "locked"
    );
    assert_eq!(super::leads::list(&conn, agent).unwrap().len(), 1);
    super::leads::mark_contacted(&conn, agent, left.id).unwrap();
}

#[test]
fn only_an_agent_reads_the_content_again_and_it_is_audited() {
    let (conn, _library, agent) = setup();
    let mut ran = false;
    let kiosk = Actor::new(Role::Kiosk);
    let err = super::library::reload(
        kiosk,
        || {
            ran = true;
            (0, Vec::new())
        },
        || &conn,
    );
    assert!(err.is_err() && !ran, "a kiosk never triggers a reload");
    let problems = super::library::reload(agent, || (3, Vec::new()), || &conn).unwrap();
    assert!(problems.is_empty());
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'content.reload'"
        ),
        1
    );
}

#[test]
fn only_the_form_opening_prefills_from_the_client_file() {
    let (conn, _library, actor) = setup();
    let content = crate::catalogue::Catalogue::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"),
    );
    let draft = consulting::current(&conn, actor).unwrap().consultation.id;
    consent(&conn, actor);
    let born = ClientFields {
        birth_date: Some("1988-03-15".into()),
        ..person("张伟")
    };
    consulting::create_client(&conn, actor, Some(draft), &born).unwrap();
    let read = super::answering::open(&conn, actor, &content, "family", false).unwrap();
    assert!(
        read.state.answers.is_empty(),
        "reading the definition (a record's labels) answers nothing"
    );
    let opened = super::answering::open(&conn, actor, &content, "family", true).unwrap();
    assert_eq!(
        opened.state.answers.get("birth_date"),
        Some(&serde_json::json!("1988-03-15"))
    );
    assert_eq!(opened.state.prefilled, ["birth_date"]);
}
