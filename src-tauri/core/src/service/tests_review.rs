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

fn content() -> Catalogue {
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
    let err = reviewing::compute(&conn, agent, &content, "family").unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("members"));
    let err = reviewing::compute(&conn, agent, &content, "enterprise").unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("questionnaire"));
    assert_eq!(count(&conn, "SELECT count(*) FROM household_reviews"), 0);
    let locked = Actor::new(Role::Locked);
    assert_eq!(
        reviewing::compute(&conn, locked, &content, "family")
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
    // Erasing the client takes the reviews with the rest of the personal data.
    privacy::erase::erase_client(&conn, "agent:1", client.id).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM household_reviews"),
        0,
        "the review names the family's members and policies"
    );
}
