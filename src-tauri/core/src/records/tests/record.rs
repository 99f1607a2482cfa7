//! Tests of finishing and editing a consultation record, its history and its full view.

use super::{bought_longer, finish_edit, finished_record, no_purchase, person};
use crate::consultation::{self, Mode};
use crate::db;
use crate::records::outcome::OutcomeStatus;
use crate::records::record::{self, FollowUpStatus, RecordEdit};
use crate::records::{client, history, retention, view};
use crate::settings::Language;
use crate::validate;
use crate::{clock, Error};

fn field(e: Error) -> Option<String> {
    e.to_public().field
}

#[test]
fn finishing_needs_a_client_and_the_agents_licence() {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let err = record::finish(&conn, "agent", id, &RecordEdit::default()).unwrap_err();
    assert_eq!(field(err).as_deref(), Some("client_id"), "no client yet");
    let c = client::save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
    let mut edit = finish_edit(c.id);
    edit.agent_licence = None;
    let err = record::finish(&conn, "agent", id, &edit).unwrap_err();
    assert_eq!(field(err).as_deref(), Some("agent_licence"), "NFRA art. 24");
    assert_eq!(
        record::get(&conn, id).unwrap().status,
        "draft",
        "a refused finish changes nothing, not even the fields it carried"
    );
}

#[test]
fn a_finished_record_has_its_end_and_retention_dates() {
    let conn = db::open_in_memory().unwrap();
    let (client_id, id) = finished_record(&conn, "李娜", "13800138000");
    let c = record::get(&conn, id).unwrap();
    assert_eq!(c.status, "finished");
    assert_eq!(c.client_id, Some(client_id));
    assert!(c.ended_at.is_some(), "the end time is stamped");
    assert_eq!(
        c.retention_until.as_deref(),
        Some("2056-12-01"),
        "a policy longer than a year: 10 years from the contract's end (2046-12-01)"
    );
    assert_eq!(c.products, vec!["critical-illness".to_string()]);
    let again = record::finish(&conn, "agent", id, &RecordEdit::default()).unwrap_err();
    assert_eq!(
        field(again).as_deref(),
        Some("consultation"),
        "finishing twice is refused"
    );
}

#[test]
fn finishing_needs_an_outcome_and_a_declined_one_is_kept_one_year() {
    let conn = db::open_in_memory().unwrap();
    let c = client::save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let mut edit = finish_edit(c.id);
    edit.outcome = None;
    let err = record::finish(&conn, "agent", id, &edit).unwrap_err();
    assert_eq!(field(err).as_deref(), Some("outcome_status"));
    assert_eq!(record::get(&conn, id).unwrap().status, "draft");

    edit.outcome = Some(no_purchase("declined"));
    let saved = record::finish(&conn, "agent", id, &edit).unwrap();
    let today = validate::Date::parse(&clock::today()).unwrap();
    assert_eq!(
        saved.retention_until,
        Some(today.add_years(retention::NO_PURCHASE_YEARS).to_string()),
        "no purchase: one year from the consultation's end"
    );
    let v = view::get(&conn, id).unwrap();
    assert_eq!(v.retention.basis, retention::Basis::NoPurchase);
    assert_eq!(v.outcome.map(|o| o.status), Some(OutcomeStatus::Declined));
    assert!(
        !v.attached.contains_key("consultation_outcomes"),
        "the outcome is shown typed, once"
    );
}

#[test]
fn a_client_who_buys_later_moves_the_retention_date_and_the_history_keeps_both() {
    let conn = db::open_in_memory().unwrap();
    let c = client::save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let mut edit = finish_edit(c.id);
    edit.outcome = Some(no_purchase("deciding"));
    let first = record::finish(&conn, "agent", id, &edit)
        .unwrap()
        .retention_until;

    let later = RecordEdit {
        outcome: Some(bought_longer("2046-12-01")),
        ..Default::default()
    };
    let saved = record::update(&conn, "agent", id, &later).unwrap();
    assert_eq!(saved.retention_until.as_deref(), Some("2056-12-01"));
    let changes = history::of_record(&conn, id).unwrap();
    let moved = changes
        .iter()
        .rev()
        .find(|ch| ch.field == "retention_until")
        .unwrap();
    assert_eq!(moved.old_value, first);
    assert_eq!(moved.new_value.as_deref(), Some("2056-12-01"));
    assert!(changes
        .iter()
        .any(|ch| ch.field == "outcome_status" && ch.new_value.as_deref() == Some("bought")));

    // The same outcome again changes nothing, not even the history.
    let n = changes.len();
    record::update(&conn, "agent", id, &later).unwrap();
    assert_eq!(history::of_record(&conn, id).unwrap().len(), n);
}

#[test]
fn a_decision_against_a_warning_is_recorded_as_the_clients_own() {
    let conn = db::open_in_memory().unwrap();
    let c = client::save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let mut edit = finish_edit(c.id);
    edit.decision = Some("保费超出预算，客户坚持投保——客户本人的决定".into());
    edit.decision_against_warning = Some(true);
    let saved = record::finish(&conn, "agent", id, &edit).unwrap();
    assert!(saved.decision_against_warning, "the flag is kept");
    assert_eq!(saved.decision, edit.decision, "the words are kept as typed");
}

#[test]
fn edits_after_finishing_keep_the_history_and_fixed_fields_stay() {
    let conn = db::open_in_memory().unwrap();
    let (_, id) = finished_record(&conn, "李娜", "13800138000");
    let edit = RecordEdit {
        notes: Some("客户来电：已决定投保。".into()),
        follow_up_on: Some("2030-01-15".into()),
        ..Default::default()
    };
    let c = record::update(&conn, "agent 2", id, &edit).unwrap();
    assert_eq!(
        c.follow_up_status,
        Some(FollowUpStatus::Pending),
        "a new date is pending"
    );
    let changes = history::of_record(&conn, id).unwrap();
    let notes: Vec<_> = changes.iter().filter(|c| c.field == "notes").collect();
    assert_eq!(notes.len(), 2, "the first notes and the edit are both kept");
    assert_eq!(
        notes[1].old_value.as_deref(),
        Some("客户关心等待期。"),
        "old value kept"
    );
    assert_eq!(notes[1].actor, "agent 2", "who edited is kept");
    let refused = RecordEdit {
        agent_name: Some("someone else".into()),
        ..Default::default()
    };
    let err = record::update(&conn, "agent", id, &refused).unwrap_err();
    assert_eq!(
        field(err).as_deref(),
        Some("agent_name"),
        "who advised cannot be rewritten"
    );
}

#[test]
fn bad_input_names_the_field() {
    let conn = db::open_in_memory().unwrap();
    let (_, id) = finished_record(&conn, "李娜", "13800138000");
    let cases: [(&str, RecordEdit); 4] = [
        (
            "follow_up_on",
            RecordEdit {
                follow_up_status: Some(FollowUpStatus::Done),
                ..Default::default()
            },
        ),
        (
            "notes",
            RecordEdit {
                notes: Some("字".repeat(10_001)),
                ..Default::default()
            },
        ),
        (
            "follow_up_on",
            RecordEdit {
                follow_up_on: Some("2030-02-30".into()),
                ..Default::default()
            },
        ),
        (
            "decision",
            RecordEdit {
                decision: Some("x\u{7}".into()),
                ..Default::default()
            },
        ),
    ];
    for (name, edit) in cases {
        let err = record::update(&conn, "agent", id, &edit).unwrap_err();
        assert_eq!(field(err).as_deref(), Some(name), "{name} is checked");
    }
}

#[test]
fn the_full_record_includes_rows_other_modules_keep() {
    let conn = db::open_in_memory().unwrap();
    // The clause presenter's table as announced; created here if that migration is not in yet.
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS clause_states (
             id INTEGER PRIMARY KEY,
             consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
             clause_id TEXT NOT NULL, content_hash TEXT NOT NULL, language TEXT NOT NULL,
             must_explain INTEGER NOT NULL, shown_at TEXT NOT NULL, explained_at TEXT,
             acknowledged_at TEXT)",
    )
    .unwrap();
    let (client_id, id) = finished_record(&conn, "李娜", "13800138000");
    conn.execute(
        "INSERT INTO clause_states (consultation_id, clause_id, content_hash, language,
             must_explain, shown_at, explained_at, acknowledged_at)
         VALUES (?1, 'ci-exclusions', 'abc123', 'zh-CN', 1, '2026-01-01T00:00:00.000Z',
                 '2026-01-01T00:00:30.000Z', '2026-01-01T00:01:00.000Z')",
        [id],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO consents (client_id, purpose, notice_version, granted_at)
         VALUES (?1, 'consultation', 'v1', '2026-01-01T00:00:00.000Z')",
        [client_id],
    )
    .unwrap();
    let r = view::get(&conn, id).unwrap();
    assert_eq!(r.client.unwrap().fields.name.as_deref(), Some("李娜"));
    assert_eq!(
        r.consents.len(),
        1,
        "the client's consent is part of the record"
    );
    let clauses = &r.attached["clause_states"];
    assert_eq!(clauses.len(), 1);
    assert_eq!(clauses[0]["clause_id"], "ci-exclusions");
    assert_eq!(
        clauses[0]["content_hash"], "abc123",
        "the content version is shown"
    );
}

#[test]
fn a_record_that_does_not_exist_is_not_found() {
    let conn = db::open_in_memory().unwrap();
    let err = view::get(&conn, 42).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn the_history_names_the_client_not_its_id() {
    let conn = db::open_in_memory().unwrap();
    let (client_id, id) = finished_record(&conn, "李娜", "13800138000");
    let changes = history::of_record(&conn, id).unwrap();
    let linked = changes
        .iter()
        .find(|ch| ch.field == "client_id")
        .expect("choosing the client is in the history");
    assert_eq!(
        linked.new_value,
        Some(client_id.to_string()),
        "the id is kept"
    );
    assert_eq!(
        linked.new_text.as_deref(),
        Some("李娜"),
        "and shown as the name"
    );
    assert_eq!(linked.old_text, None, "there was no client before");
    assert!(
        changes
            .iter()
            .filter(|ch| ch.field != "client_id")
            .all(|ch| ch.new_text.is_none()),
        "other fields are words already"
    );
}

#[test]
fn the_record_carries_the_steps_done_the_answers_and_the_latest_analysis_typed() {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let run = |sql: &str| conn.execute(sql, [id]).unwrap();
    let r = view::get(&conn, id).unwrap();
    assert!(r.steps_done.values().all(|d| !d), "{:?}", r.steps_done);
    assert_eq!(r.steps_done.len(), crate::steps::STEPS.len());
    assert_eq!(
        r.questionnaire_id, "family",
        "no client, no answer: the family one"
    );
    assert!(r.answers.is_empty() && r.latest_advice.is_none() && r.clause_states.is_empty());
    run(
        "INSERT INTO consents (consultation_id, purpose, notice_version, granted_at)
         VALUES (?1, 'save_consultation', 'v1', '2026-12-01T00:00:00.000Z')",
    );
    run(
        "INSERT INTO answers (consultation_id, questionnaire_id, questionnaire_version,
           question_id, value, answered_at, updated_at)
         VALUES (?1, 'enterprise', 'q1', 'employees', '40', 't1', 't1')",
    );
    for (engine, conclusion) in [("e1", "first"), ("e2", "second")] {
        conn.execute(
            "INSERT INTO advice_results (consultation_id, questionnaire_id, questionnaire_version,
               engine_version, profile, result, created_at)
             VALUES (?1, 'enterprise', 'q1', ?2, '{}', ?3, 't2')",
            rusqlite::params![id, engine, format!(r#"{{"conclusion": "{conclusion}"}}"#)],
        )
        .unwrap();
    }
    run(
        "INSERT INTO clause_states (consultation_id, clause_id, content_hash, language,
           must_explain, shown_at) VALUES (?1, 'c1', 'h1', 'zh-CN', 1, 't3')",
    );
    let r = view::get(&conn, id).unwrap();
    // The steps as the core's one rule says, by name: a must-explain clause not confirmed
    // leaves the products step open.
    let done = crate::steps::done(&conn, id).unwrap();
    assert_eq!(
        r.steps_done,
        crate::steps::STEPS.into_iter().zip(done).collect()
    );
    assert!(r.steps_done["consents"] && r.steps_done["questionnaire"] && r.steps_done["result"]);
    assert!(!r.steps_done["client"] && !r.steps_done["products"]);
    assert_eq!(
        r.questionnaire_id, "enterprise",
        "the analysis's questionnaire"
    );
    assert_eq!(r.answers.len(), 1);
    assert_eq!(r.answers[0].question_id, "employees");
    assert_eq!(
        r.answers[0].value,
        serde_json::json!(40),
        "the value as JSON, not text"
    );
    let advice = r.latest_advice.expect("an analysis");
    assert_eq!(
        (
            advice.engine_version.as_str(),
            advice.advice["conclusion"].as_str()
        ),
        ("e2", Some("second"))
    );
    assert_eq!(r.clause_states.len(), 1);
    assert!(r.clause_states[0].must_explain && r.clause_states[0].acknowledged_at.is_none());
    let json = serde_json::to_value(view::get(&conn, id).unwrap()).unwrap();
    assert_eq!(
        json["steps_done"]["result"], true,
        "serialised by step name"
    );
}

#[test]
fn the_history_gives_lists_as_lists_and_agents_by_name() {
    let conn = db::open_in_memory().unwrap();
    super::backup::with_agent(&conn);
    let c = client::save(&conn, "agent:1", None, &person("李娜", "13800138000")).unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    record::finish(&conn, "agent:1", id, &finish_edit(c.id)).unwrap();
    record::update(
        &conn,
        "agent:7",
        id,
        &RecordEdit {
            notes: Some("已回电。".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let changes = history::of_record(&conn, id).unwrap();
    let products = changes.iter().find(|ch| ch.field == "products").unwrap();
    assert_eq!(
        products.new_list.as_deref(),
        Some(&["critical-illness".to_string()][..]),
        "the products come as a list, not as the stored text"
    );
    assert_eq!(products.actor_name.as_deref(), Some("王芳"));
    let notes = changes.iter().rev().find(|ch| ch.field == "notes").unwrap();
    assert_eq!(notes.actor, "agent:7");
    assert_eq!(
        notes.actor_name, None,
        "no agent 7 on file: no name, and no id to show"
    );
    assert!(changes
        .iter()
        .filter(|ch| ch.field != "products")
        .all(|ch| ch.new_list.is_none() && ch.old_list.is_none()));
}
