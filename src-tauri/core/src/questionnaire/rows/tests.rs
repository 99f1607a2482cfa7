//! Editing rows in a consultation: ids never reused, duplicate and undo, each answer checked
//! and named by row and question, saved and resumed as one answer.

use super::*;
use crate::consultation::{self, Mode};
use crate::db;
use crate::questionnaire::{tests::content_dir, Questionnaires};
use serde_json::json;

fn setup() -> (Connection, i64, Questionnaire) {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let (all, _) = Questionnaires::load(&content_dir());
    (conn, id, all.get("family").unwrap().clone())
}

fn session(id: i64) -> Session<'static> {
    Session {
        consultation_id: id,
        health_consent: false,
        language: Language::En,
        today: "2026-11-28",
    }
}

fn add(conn: &Connection, s: Session<'_>, q: &Questionnaire, g: &str) -> String {
    edit(conn, s, q, g, &RowEdit::Add).unwrap().row.unwrap()
}

fn set(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    g: &str,
    row: &str,
    question: &str,
    value: Value,
) -> Result<RowOutcome> {
    edit(
        conn,
        s,
        q,
        g,
        &RowEdit::Answer {
            row: row.into(),
            question: question.into(),
            value,
        },
    )
}

fn invalid(e: Error) -> (String, String) {
    match e {
        Error::Invalid { field, message } => (field, message),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn rows_are_added_answered_and_resumed_as_one_answer() {
    let (conn, id, q) = setup();
    let s = session(id);
    let me = add(&conn, s, &q, "members");
    let child = add(&conn, s, &q, "members");
    assert_eq!((me.as_str(), child.as_str()), ("r1", "r2"));
    set(&conn, s, &q, "members", &me, "relation", json!("self")).unwrap();
    set(
        &conn,
        s,
        &q,
        "members",
        &me,
        "birth_date",
        json!("1988/3/2"),
    )
    .unwrap();
    set(&conn, s, &q, "members", &me, "annual_income", json!(300000)).unwrap();
    set(&conn, s, &q, "members", &child, "relation", json!("child")).unwrap();
    let out = set(&conn, s, &q, "members", &child, "depends_on", json!([me])).unwrap();
    let expected = json!([
        {"id": "r1", "relation": "self", "birth_date": "1988-03-02", "annual_income": "300000.00"},
        {"id": "r2", "relation": "child", "depends_on": ["r1"]},
    ]);
    assert_eq!(out.state.answers["members"], expected);
    // Resumed from the database as any answer is.
    let again = answers::state(&conn, s, &q).unwrap();
    assert_eq!(again.answers["members"], expected);
    assert_eq!(again.rows["members"][0].computed["age"], json!(38));
    let stored: String = conn
        .query_row(
            "SELECT questionnaire_version FROM answers WHERE question_id = 'members'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        stored, q.version,
        "the group's answer keeps the version like every answer"
    );
}

#[test]
fn a_bad_answer_names_the_row_and_the_question() {
    let (conn, id, q) = setup();
    let s = session(id);
    for _ in 0..4 {
        add(&conn, s, &q, "policies");
    }
    let (field, message) =
        invalid(set(&conn, s, &q, "policies", "r4", "sum_insured", json!("lots")).unwrap_err());
    assert_eq!(field, "policies[3].sum_insured");
    assert!(message.contains("number"), "{message}");
    let (field, _) =
        invalid(set(&conn, s, &q, "policies", "r2", "kind", json!("pet")).unwrap_err());
    assert_eq!(field, "policies[1].kind");
    // A question the row does not show is refused: no deductible on a term policy.
    set(&conn, s, &q, "policies", "r1", "kind", json!("term_life")).unwrap();
    let (field, message) =
        invalid(set(&conn, s, &q, "policies", "r1", "deductible", json!(100)).unwrap_err());
    assert_eq!(field, "policies[0].deductible");
    assert!(message.contains("does not apply"), "{message}");
    set(
        &conn,
        s,
        &q,
        "policies",
        "r1",
        "kind",
        json!("medical_indemnity"),
    )
    .unwrap();
    set(&conn, s, &q, "policies", "r1", "deductible", json!(10000)).unwrap();
    // An end before the start, either way round, is refused.
    set(
        &conn,
        s,
        &q,
        "policies",
        "r1",
        "start_date",
        json!("2024-03-01"),
    )
    .unwrap();
    let (field, message) = invalid(
        set(
            &conn,
            s,
            &q,
            "policies",
            "r1",
            "end_date",
            json!("2023-03-01"),
        )
        .unwrap_err(),
    );
    assert_eq!(field, "policies[0].end_date");
    assert!(
        message.contains("Cannot be before “Start date” (2024-03-01)"),
        "{message}"
    );
    set(
        &conn,
        s,
        &q,
        "policies",
        "r1",
        "end_date",
        json!("2025-03-01"),
    )
    .unwrap();
    let (field, message) = invalid(
        set(
            &conn,
            s,
            &q,
            "policies",
            "r1",
            "start_date",
            json!("2026-01-01"),
        )
        .unwrap_err(),
    );
    assert_eq!(field, "policies[0].start_date");
    assert!(message.contains("Cannot be after “End date”"), "{message}");
    // A date that is no day.
    let (_, message) = invalid(
        set(
            &conn,
            s,
            &q,
            "policies",
            "r1",
            "waiting_end",
            json!("2024-02-30"),
        )
        .unwrap_err(),
    );
    assert!(message.contains("no such day"), "{message}");
    // Nothing of the refused answers was saved.
    let state = answers::state(&conn, s, &q).unwrap();
    assert_eq!(state.answers["policies"][0]["start_date"], "2024-03-01");
    assert!(state.answers["policies"][3].get("sum_insured").is_none());
}

#[test]
fn references_name_rows_there_are_and_never_the_row_itself() {
    let (conn, id, q) = setup();
    let s = session(id);
    let me = add(&conn, s, &q, "members");
    let policy = add(&conn, s, &q, "policies");
    set(&conn, s, &q, "policies", &policy, "kind", json!("accident")).unwrap();
    set(&conn, s, &q, "policies", &policy, "insured", json!(me)).unwrap();
    let (field, message) =
        invalid(set(&conn, s, &q, "policies", &policy, "holder", json!("r77")).unwrap_err());
    assert_eq!(field, "policies[0].holder");
    assert!(message.contains("no longer there"), "{message}");
    // A policy's row is not a member.
    let (_, _) =
        invalid(set(&conn, s, &q, "policies", &policy, "holder", json!(policy)).unwrap_err());
    let (field, message) =
        invalid(set(&conn, s, &q, "members", &me, "depends_on", json!([me])).unwrap_err());
    assert_eq!(field, "members[0].depends_on");
    assert!(
        message.contains("cannot depend on themselves"),
        "the content's message (rule `not_own_dependant`): {message}"
    );
    let (_, message) =
        invalid(set(&conn, s, &q, "members", &me, "depends_on", json!("r1")).unwrap_err());
    assert!(message.contains("choose"), "{message}");
}

#[test]
fn a_duplicate_copies_every_answer_under_a_new_id_after_its_row() {
    let (conn, id, q) = setup();
    let s = session(id);
    let a = add(&conn, s, &q, "policies");
    let b = add(&conn, s, &q, "policies");
    set(
        &conn,
        s,
        &q,
        "policies",
        &a,
        "kind",
        json!("medical_indemnity"),
    )
    .unwrap();
    set(&conn, s, &q, "policies", &a, "insurer", json!("平安")).unwrap();
    let out = edit(
        &conn,
        s,
        &q,
        "policies",
        &RowEdit::Duplicate { row: a.clone() },
    )
    .unwrap();
    assert_eq!(out.row.as_deref(), Some("r3"));
    let rows = &out.state.answers["policies"];
    assert_eq!(
        rows[1],
        json!({"id": "r3", "kind": "medical_indemnity", "insurer": "平安"})
    );
    assert_eq!(
        rows[2]["id"],
        b.as_str(),
        "the copy sits right after its row"
    );
}

#[test]
fn a_removed_rows_id_is_never_given_again_and_an_undo_puts_it_back() {
    let (conn, id, q) = setup();
    let s = session(id);
    let a = add(&conn, s, &q, "members");
    let b = add(&conn, s, &q, "members");
    set(&conn, s, &q, "members", &a, "relation", json!("self")).unwrap();
    let out = edit(&conn, s, &q, "members", &RowEdit::Remove { row: b.clone() }).unwrap();
    assert_eq!(out.removed.as_ref().map(|r| r.index), Some(1));
    // The last row went; the next one is still new.
    assert_eq!(add(&conn, s, &q, "members"), "r3");
    let out = edit(&conn, s, &q, "members", &RowEdit::Remove { row: a.clone() }).unwrap();
    let removed = out.removed.unwrap();
    assert_eq!(removed.row["relation"], "self");
    let back = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Restore {
            row: removed.row.clone(),
            index: removed.index,
        },
    )
    .unwrap();
    assert_eq!(
        back.state.answers["members"],
        json!([{"id": "r1", "relation": "self"}, {"id": "r3"}])
    );
    // Twice is not an undo; nor is an id never given, or a row made up.
    for row in [
        removed.row.clone(),
        Map::from_iter([("id".into(), json!("r99"))]),
        Map::from_iter([("id".into(), json!("x"))]),
    ] {
        let (field, _) = invalid(
            edit(&conn, s, &q, "members", &RowEdit::Restore { row, index: 0 }).unwrap_err(),
        );
        assert_eq!(field, "members");
    }
    let bad = Map::from_iter([
        ("id".into(), json!("r2")),
        ("relation".into(), json!("cousin")),
    ]);
    let (field, _) = invalid(
        edit(
            &conn,
            s,
            &q,
            "members",
            &RowEdit::Restore { row: bad, index: 0 },
        )
        .unwrap_err(),
    );
    assert_eq!(
        field, "members[0].relation",
        "named at the row it would have been put back as"
    );
}

#[test]
fn unknown_groups_rows_and_questions_are_refused() {
    let (conn, id, q) = setup();
    let s = session(id);
    let e = edit(&conn, s, &q, "pets", &RowEdit::Add).unwrap_err();
    assert_eq!(e.code(), "not_found");
    let e = set(&conn, s, &q, "members", "r1", "relation", json!("self")).unwrap_err();
    assert_eq!(e.code(), "not_found");
    let r = add(&conn, s, &q, "members");
    let e = set(&conn, s, &q, "members", &r, "kind", json!("x")).unwrap_err();
    assert_eq!(
        e.code(),
        "not_found",
        "`kind` is a policy's question, not a member's"
    );
    // A group is not answered as one question.
    let e = answers::save(&conn, s, &q, "members", &json!([])).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
}

#[test]
fn a_group_takes_at_most_its_rows() {
    let (conn, id, q) = setup();
    let s = session(id);
    for _ in 0..12 {
        add(&conn, s, &q, "members");
    }
    let (field, message) = invalid(edit(&conn, s, &q, "members", &RowEdit::Add).unwrap_err());
    assert_eq!(field, "members");
    assert!(message.contains("at most 12"), "{message}");
}

#[test]
fn the_single_earner_advice_still_works_beside_the_groups() {
    let (conn, id, q) = setup();
    let s = session(id);
    let me = add(&conn, s, &q, "members");
    set(&conn, s, &q, "members", &me, "annual_income", json!(500000)).unwrap();
    let state = answers::state(&conn, s, &q).unwrap();
    let mapped = crate::questionnaire::to_profile(&q, &state);
    assert!(
        mapped.profile.get("members").is_none(),
        "{}",
        mapped.profile
    );
    assert!(
        mapped.profile.get("annual_income").is_none(),
        "a member's income is not the earner's answer"
    );
}
