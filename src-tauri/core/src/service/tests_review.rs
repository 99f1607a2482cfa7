//! The household review as a use case: kept with an agent's consultation (each review a row of
//! its history), shown in the record, erased with the client; a kiosk visitor's is never kept.

use super::tests::{consent, person, setup};
use super::{consulting, reading, reviewing, Actor};
use crate::access::Role;
use crate::catalogue::Catalogue;
use crate::household::{self, store};
use crate::{consultation, privacy};
use rusqlite::Connection;
use std::path::Path;

pub(super) fn content() -> Catalogue {
    Catalogue::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"))
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn household_input() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/fixtures/advise/household.json"),
        )
        .unwrap(),
    )
    .unwrap()
}

#[test]
fn a_family_without_members_is_refused_naming_the_group_and_other_questionnaires_are_not_reviewed()
{
    let (conn, _library, agent) = setup();
    let content = content();
    let err = reviewing::compute(&conn, agent, &content, "family", None).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("members"));
    let err = reviewing::compute(&conn, agent, &content, "enterprise", None).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("questionnaire"));
    assert_eq!(count(&conn, "SELECT count(*) FROM household_reviews"), 0);
    let locked = Actor::new(Role::Locked);
    assert_eq!(
        reviewing::compute(&conn, locked, &content, "family", None)
            .unwrap_err()
            .code(),
        "locked"
    );
}

#[test]
fn reviews_are_kept_as_history_shown_in_the_record_and_erased_with_the_client() {
    let (conn, _library, agent) = setup();
    consent(&conn, agent);
    let client = consulting::create_client(&conn, agent, None, &person("张伟")).unwrap();
    let draft = consultation::current_draft(&conn, consultation::Mode::Agent)
        .unwrap()
        .unwrap();
    let input = household_input();
    let review = household::review(
        &household::from_json(&input, household::today_date("2026-12-01").unwrap()).unwrap(),
    )
    .unwrap();
    store::save(&conn, draft, ("family", "v1"), &input, &review).unwrap();
    let second = store::save(&conn, draft, ("family", "v1"), &input, &review).unwrap();
    assert_eq!(
        store::count(&conn, draft).unwrap(),
        2,
        "each review is a row"
    );
    let latest = store::latest(&conn, draft, "family").unwrap().unwrap();
    assert_eq!(latest.id, second);
    assert_eq!(latest.review["findings"][0]["id"], "lapsed");
    assert_eq!(latest.input["members"][0]["id"], "r1");
    let shown = reviewing::latest(&conn, agent, &content(), "family")
        .unwrap()
        .unwrap();
    assert_eq!(shown.id, Some(second));
    assert!(shown.saved);
    // The record nests the review, as it does the advice.
    let record = reading::record(&conn, agent, draft).unwrap();
    let rows = &record.attached["household_reviews"];
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["result"]["kind"], "household");
    assert_eq!(rows[1]["input"]["policies"][0]["id"], "p1");
    assert_eq!(
        record
            .latest_review
            .as_ref()
            .map(|r| &r["findings"][0]["id"]),
        Some(&serde_json::json!("lapsed")),
        "the latest review, typed for the screens"
    );
    // Erasing the client takes the reviews with the rest of the personal data.
    privacy::erase::erase_client(&conn, "agent:1", client.id).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM household_reviews"),
        0,
        "the review names the family's members and policies"
    );
}

/// Adds a row to `group` and answers its cells, as the window does; returns the row id.
pub(super) fn row(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    group: &str,
    cells: &[(&str, serde_json::Value)],
) -> String {
    use crate::questionnaire::rows::RowEdit;
    let added =
        super::answering::edit_rows(conn, actor, content, "family", group, &RowEdit::Add).unwrap();
    let id = added.row.unwrap();
    for (question, value) in cells {
        super::answering::edit_rows(
            conn,
            actor,
            content,
            "family",
            group,
            &RowEdit::Answer {
                row: id.clone(),
                question: question.to_string(),
                value: value.clone(),
            },
        )
        .unwrap_or_else(|e| panic!("{group}.{question}: {e}"));
    }
    id
}

/// A parent of 38 earning 300 000 with a child, a term policy to 2040 and a mortgage to 2046.
fn answer_household(conn: &Connection, actor: Actor, content: &Catalogue) {
    use serde_json::json;
    let me = row(
        conn,
        actor,
        content,
        "members",
        &[
            ("relation", json!("self")),
            ("birth_date", json!("1988-03-02")),
            ("annual_income", json!("300000")),
        ],
    );
    let child = row(
        conn,
        actor,
        content,
        "members",
        &[
            ("relation", json!("child")),
            ("birth_date", json!("2019-06-01")),
            ("depends_on", json!([me])),
        ],
    );
    row(
        conn,
        actor,
        content,
        "policies",
        &[
            ("kind", json!("term_life")),
            ("insured", json!(me)),
            ("beneficiaries", json!([child])),
            ("sum_insured", json!("1000000")),
            ("end_date", json!("2040-12-31")),
            ("status", json!("in_force")),
        ],
    );
    for (q, v) in [
        ("has_mortgage", json!(true)),
        ("mortgage", json!("900000")),
        ("mortgage_end", json!("2046-06-30")),
    ] {
        super::answering::answer(conn, actor, content, "family", q, &v)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
}

#[test]
fn the_review_of_answered_rows_is_kept_for_an_agent_and_shown_not_kept_at_a_kiosk() {
    let (conn, _library, agent) = setup();
    let content = content();
    answer_household(&conn, agent, &content);
    let first = reading::compute_review(&conn, agent, &content, "family", None).unwrap();
    assert!(first.saved && first.id.is_some());
    let ids: Vec<&str> = first.review["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"cover_ends_before_need"), "{ids:?}");
    assert!(ids.contains(&"minor_beneficiary"), "{ids:?}");
    assert_eq!(first.review["members"].as_array().unwrap().len(), 2);
    // 900 000 mortgage + 300 000 x 0.7 x (22 - the child's age) years (on 2026-12-01: 7, so
    // 4 050 000); the review runs on today's date.
    let today = household::today_date(&crate::clock::today()).unwrap();
    let age = crate::date::Date::parse("2019-06-01")
        .unwrap()
        .years_until(today);
    let need = 900_000 + 210_000 * i64::from((22 - age).max(0));
    assert_eq!(
        first.review["members"][0]["methods"][0]["need"],
        format!("{need}.00")
    );
    let second = reading::compute_review(&conn, agent, &content, "family", None).unwrap();
    let draft = consultation::current_draft(&conn, consultation::Mode::Agent)
        .unwrap()
        .unwrap();
    assert_eq!(
        store::count(&conn, draft).unwrap(),
        2,
        "the history is the rows"
    );
    assert_eq!(
        reading::latest_review(&conn, agent, &content, "family")
            .unwrap()
            .unwrap()
            .id,
        second.id
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'review.compute'"
        ),
        2
    );

    let kiosk = Actor::new(Role::Kiosk);
    answer_household(&conn, kiosk, &content);
    let shown = reading::compute_review(&conn, kiosk, &content, "family", None).unwrap();
    assert!(!shown.saved && shown.id.is_none());
    assert_eq!(shown.review["kind"], "household");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM household_reviews"),
        2,
        "nothing of the kiosk's review is kept"
    );
}

#[test]
fn an_agents_edited_assumptions_change_the_review_are_kept_with_it_and_refused_at_a_kiosk() {
    use serde_json::json;
    let (conn, _library, agent) = setup();
    let content = content();
    answer_household(&conn, agent, &content);
    let plain =
        reading::compute_review(&conn, agent, &content, "family", Some(&json!({}))).unwrap();
    assert_eq!(plain.review["edited"], json!([]), "{{}} is no edit");
    assert!(plain.editable.iter().any(|a| a.field == "income_shares"));
    let edits = json!({"family_share": "0.6"});
    let edited = reading::compute_review(&conn, agent, &content, "family", Some(&edits)).unwrap();
    // One earner of 300 000: the DIME need falls by 300 000 x 0.1 x the years of support.
    let years = plain.review["support_years"].as_i64().unwrap();
    let need = |o: &reviewing::ReviewOutcome| {
        let s = o.review["members"][0]["methods"][0]["need"]
            .as_str()
            .unwrap();
        s.trim_end_matches(".00").parse::<i64>().unwrap()
    };
    assert_eq!(need(&plain) - need(&edited), 30_000 * years);
    assert_eq!(edited.review["edited"][0]["field"], "family_share");
    assert_eq!(edited.review["edited"][0]["value"], "0.6");
    // Kept with the review's input, and read back with it (the screen after a reload, the
    // record view).
    let latest = reading::latest_review(&conn, agent, &content, "family")
        .unwrap()
        .unwrap();
    assert_eq!(latest.id, edited.id);
    assert_eq!(latest.review["edited"][0]["value"], "0.6");
    let draft = consultation::current_draft(&conn, consultation::Mode::Agent)
        .unwrap()
        .unwrap();
    let stored = store::latest(&conn, draft, "family").unwrap().unwrap();
    assert_eq!(stored.input["assumptions"], edits);
    let record = reading::record(&conn, agent, draft).unwrap();
    assert_eq!(
        record.latest_review.as_ref().unwrap()["edited"][0]["text"]["zh"],
        "死亡时家人失去的收入：收入中用于家庭的比例：60%（默认 70%）"
    );
    // A bad value names the assumption; nothing is kept of it.
    let err = reading::compute_review(
        &conn,
        agent,
        &content,
        "family",
        Some(&json!({"discount_rate": "0.5"})),
    )
    .unwrap_err()
    .to_public();
    assert_eq!(err.code, "invalid_input");
    assert_eq!(err.field.as_deref(), Some("assumptions.discount_rate"));
    assert_eq!(
        store::count(&conn, draft).unwrap(),
        2,
        "the refused edit kept nothing"
    );
    // A kiosk shows the assumptions and edits none.
    let kiosk = Actor::new(Role::Kiosk);
    answer_household(&conn, kiosk, &content);
    let err = reading::compute_review(&conn, kiosk, &content, "family", Some(&edits)).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let shown = reading::compute_review(&conn, kiosk, &content, "family", None).unwrap();
    assert_eq!(shown.review["edited"], json!([]));
}
