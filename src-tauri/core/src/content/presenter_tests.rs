//! Tests of `presenter`: the order shown, explained, acknowledged, and wording changes.

use super::*;
use crate::consultation::{self, Mode};
use crate::content::Library;
use crate::db;
use std::path::Path;

fn setup() -> (Connection, Library, i64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
    let (library, problems) = Library::load(&dir);
    assert!(problems.is_empty(), "{problems:?}");
    let conn = db::open_in_memory().unwrap();
    let id = consultation::current_or_start(&conn, Mode::Agent, Language::ZhCn).unwrap();
    (conn, library, id)
}

fn field(e: Error) -> String {
    e.to_public().field.unwrap_or_default()
}

#[test]
fn a_must_explain_clause_cannot_be_acknowledged_before_it_is_explained() {
    let (conn, library, id) = setup();
    let clause = library.clause("demo-exclusions").unwrap();
    let hash = clause.hash.zh.clone();
    let err = acknowledge(&conn, id, clause, Language::ZhCn, &hash).unwrap_err();
    assert_eq!(field(err), "clause_id", "not even shown yet");
    mark_shown(&conn, id, clause, Language::ZhCn).unwrap();
    let err = acknowledge(&conn, id, clause, Language::ZhCn, &hash).unwrap_err();
    assert_eq!(field(err), "explained_at", "shown but not explained");
    assert!(
        states(&conn, id).unwrap()[0].acknowledged_at.is_none(),
        "nothing was recorded"
    );

    let explained = mark_explained(&conn, id, clause, Language::ZhCn).unwrap();
    assert!(explained.explained_at.is_some());
    let done = acknowledge(&conn, id, clause, Language::ZhCn, &hash).unwrap();
    assert!(
        done.acknowledged_at.is_some(),
        "explained first, then acknowledged"
    );
    assert!(done.must_explain);
}

#[test]
fn an_ordinary_clause_needs_only_to_have_been_shown() {
    let (conn, library, id) = setup();
    let clause = library.clause("demo-coverage").unwrap();
    mark_shown(&conn, id, clause, Language::En).unwrap();
    let s = acknowledge(&conn, id, clause, Language::En, &clause.hash.en).unwrap();
    assert!(s.acknowledged_at.is_some() && s.explained_at.is_none());
    assert_eq!(s.language, Language::En);
}

#[test]
fn a_changed_wording_cannot_be_acknowledged_on_the_old_explanation() {
    let (conn, library, id) = setup();
    let old = library.clause("demo-exclusions").unwrap();
    mark_explained(&conn, id, old, Language::ZhCn).unwrap();
    let mut new = old.clone();
    new.hash.zh = "0".repeat(64);

    let err = acknowledge(&conn, id, &new, Language::ZhCn, &old.hash.zh).unwrap_err();
    assert_eq!(
        field(err),
        "content_hash",
        "the client saw a wording that is no longer current"
    );

    mark_shown(&conn, id, &new, Language::ZhCn).unwrap();
    let err = acknowledge(&conn, id, &new, Language::ZhCn, &new.hash.zh).unwrap_err();
    assert_eq!(
        field(err),
        "explained_at",
        "the new wording was never explained"
    );
    assert!(err_message(&conn, id, &new).contains("changed since it was explained"));

    let rows = states(&conn, id).unwrap();
    assert_eq!(rows.len(), 2, "the old version's row is kept as history");
    assert_eq!(rows[0].content_hash, old.hash.zh);
    assert!(rows[0].explained_at.is_some());
    assert!(rows[1].explained_at.is_none());
}

fn err_message(conn: &Connection, id: i64, clause: &Clause) -> String {
    acknowledge(conn, id, clause, Language::ZhCn, &clause.hash.zh)
        .unwrap_err()
        .to_public()
        .message
}

#[test]
fn showing_and_explaining_twice_keeps_the_first_times() {
    let (conn, library, id) = setup();
    let clause = library.clause("demo-exclusions").unwrap();
    let first = mark_explained(&conn, id, clause, Language::ZhCn).unwrap();
    let again = mark_explained(&conn, id, clause, Language::ZhCn).unwrap();
    assert_eq!(first, again, "repeating an action does not move its time");
    mark_shown(&conn, id, clause, Language::En).unwrap();
    assert_eq!(
        states(&conn, id).unwrap().len(),
        2,
        "each language's wording has its own row"
    );
}

#[test]
fn the_database_refuses_an_acknowledgement_without_explanation() {
    let (conn, library, id) = setup();
    let clause = library.clause("demo-exclusions").unwrap();
    mark_shown(&conn, id, clause, Language::ZhCn).unwrap();
    let direct = conn.execute("UPDATE clause_states SET acknowledged_at = 'now'", []);
    assert!(
        direct.is_err(),
        "the CHECK constraint guards the rule even outside this module"
    );
}

fn state(
    id: &str,
    language: Language,
    must: bool,
    explained: bool,
    acknowledged: bool,
) -> ClauseState {
    ClauseState {
        clause_id: id.into(),
        content_hash: format!("{id}-{language:?}"),
        language,
        must_explain: must,
        shown_at: "2026-12-01T08:00:00Z".into(),
        explained_at: explained.then(|| "2026-12-01T08:01:00Z".into()),
        acknowledged_at: acknowledged.then(|| "2026-12-01T08:02:00Z".into()),
    }
}

#[test]
fn counts_are_per_clause_and_only_must_explain_ones_count_as_explained_or_acknowledged() {
    assert_eq!(counts(&[]), ClauseCounts::default(), "nothing shown");
    let states = [
        // Shown in Chinese, then acknowledged in its English text: one clause, acknowledged.
        state("waiting", Language::ZhCn, true, true, false),
        state("waiting", Language::En, true, false, true),
        state("exclusions", Language::ZhCn, true, false, false),
        // Not a must-explain clause: shown, never counted as explained or acknowledged.
        state("claims", Language::ZhCn, false, true, true),
    ];
    assert_eq!(
        counts(&states),
        ClauseCounts {
            shown: 3,
            must: 2,
            explained: 1,
            acknowledged: 1
        }
    );
}
