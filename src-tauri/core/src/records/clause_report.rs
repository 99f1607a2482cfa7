//! What a consultation's clause record says, as the record view and the client's printout state
//! it: per product presented, each clause with when it was shown, explained and acknowledged, and
//! totals that are counted from those same lines, so a sentence built from them is true of them.
//! Nothing here claims an explanation or an acknowledgement the clause states do not hold.

use crate::content::presenter::{self, ClauseState};
use crate::content::{Category, Library, Localized};
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;

/// Where one clause stands in the consultation (its latest wording shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseStatus {
    /// The client confirmed it (after the agent explained it, when it had to be explained).
    Acknowledged,
    /// The agent explained it; the client did not confirm it.
    Explained,
    /// Shown only: neither explained nor confirmed.
    Shown,
}

/// One clause as the paper states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseLine {
    pub clause_id: String,
    /// `None` when the clause is no longer in the library (its id stays in the details).
    pub title: Option<Localized<String>>,
    pub category: Option<Category>,
    pub must_explain: bool,
    pub shown_at: String,
    pub explained_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub status: ClauseStatus,
    /// Earlier wordings of the same clause shown in this consultation (kept in the details).
    pub earlier_versions: usize,
}

/// The clauses of one product, in the order they were first shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductClauses {
    /// `None` for clauses no longer in the library.
    pub product_id: Option<String>,
    pub name: Option<Localized<String>>,
    pub clauses: Vec<ClauseLine>,
}

/// Counts over every line of the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Clauses shown (one per clause, whatever the number of wordings).
    pub shown: usize,
    /// Of those, clauses that must be explained (exclusions and the like).
    pub must_explain: usize,
    pub explained: usize,
    pub acknowledged: usize,
    /// Must-explain clauses the agent did not explain.
    pub must_unexplained: usize,
    /// Clauses the client did not confirm.
    pub unacknowledged: usize,
}

/// The whole clause record of a consultation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseReport {
    pub products: Vec<ProductClauses>,
    pub totals: Totals,
}

/// The report of consultation `id`'s clause states.
pub fn of_consultation(conn: &Connection, library: &Library, id: i64) -> Result<ClauseReport> {
    Ok(report(library, &presenter::states(conn, id)?))
}

/// Groups `states` (in the order first shown) by product and clause; a clause shown in several
/// wordings is stated by its latest one.
pub fn report(library: &Library, states: &[ClauseState]) -> ClauseReport {
    let mut products: Vec<ProductClauses> = Vec::new();
    for s in states {
        let clause = library.clause(&s.clause_id);
        let product_id = clause.map(|c| c.product_id.clone());
        let group = match products.iter().position(|p| p.product_id == product_id) {
            Some(i) => &mut products[i],
            None => {
                products.push(ProductClauses {
                    name: product_id
                        .as_deref()
                        .and_then(|p| library.product(p))
                        .map(|p| p.name.clone()),
                    product_id,
                    clauses: Vec::new(),
                });
                products.last_mut().expect("just pushed")
            }
        };
        let line = ClauseLine {
            clause_id: s.clause_id.clone(),
            title: clause.map(|c| c.title.clone()),
            category: clause.map(|c| c.category),
            must_explain: s.must_explain,
            shown_at: s.shown_at.clone(),
            explained_at: s.explained_at.clone(),
            acknowledged_at: s.acknowledged_at.clone(),
            status: status(s),
            earlier_versions: 0,
        };
        match group
            .clauses
            .iter_mut()
            .find(|l| l.clause_id == s.clause_id)
        {
            // States come oldest first: a later row is a newer wording, which is what stands.
            Some(old) => {
                let earlier = old.earlier_versions + 1;
                *old = ClauseLine {
                    earlier_versions: earlier,
                    ..line
                };
            }
            None => group.clauses.push(line),
        }
    }
    let mut totals = Totals::default();
    for l in products.iter().flat_map(|p| &p.clauses) {
        totals.shown += 1;
        totals.must_explain += usize::from(l.must_explain);
        totals.explained += usize::from(l.explained_at.is_some());
        totals.acknowledged += usize::from(l.acknowledged_at.is_some());
        totals.must_unexplained += usize::from(l.must_explain && l.explained_at.is_none());
        totals.unacknowledged += usize::from(l.acknowledged_at.is_none());
    }
    ClauseReport { products, totals }
}

fn status(s: &ClauseState) -> ClauseStatus {
    if s.acknowledged_at.is_some() {
        ClauseStatus::Acknowledged
    } else if s.explained_at.is_some() {
        ClauseStatus::Explained
    } else {
        ClauseStatus::Shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::{self, Mode};
    use crate::content::presenter::{acknowledge, mark_explained, mark_shown};
    use crate::db;
    use crate::settings::Language;
    use std::path::Path;

    fn library() -> Library {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
        let (library, problems) = Library::load(&dir);
        assert!(problems.is_empty(), "{problems:?}");
        library
    }

    fn state(clause: &str, hash: &str, explained: bool, acknowledged: bool) -> ClauseState {
        ClauseState {
            clause_id: clause.into(),
            content_hash: hash.into(),
            language: Language::ZhCn,
            must_explain: clause.contains("exclusions"),
            shown_at: "2026-12-01T07:05:00Z".into(),
            explained_at: explained.then(|| "2026-12-01T07:06:00Z".into()),
            acknowledged_at: acknowledged.then(|| "2026-12-01T07:07:00Z".into()),
        }
    }

    #[test]
    fn lines_are_grouped_by_product_and_counted_as_they_stand() {
        let library = library();
        let conn = db::open_in_memory().unwrap();
        let id = consultation::current_or_start(&conn, Mode::Agent, Language::ZhCn).unwrap();
        let coverage = library.clause("demo-coverage").unwrap();
        let exclusions = library.clause("demo-exclusions").unwrap();
        mark_shown(&conn, id, coverage, Language::ZhCn).unwrap();
        acknowledge(&conn, id, coverage, Language::ZhCn, &coverage.hash.zh).unwrap();
        mark_shown(&conn, id, exclusions, Language::ZhCn).unwrap();

        let r = of_consultation(&conn, &library, id).unwrap();
        assert_eq!(r.products.len(), 1, "both clauses are the demo product's");
        assert_eq!(r.products[0].product_id.as_deref(), Some("demo"));
        assert!(r.products[0].name.is_some());
        let lines = &r.products[0].clauses;
        assert_eq!(lines[0].status, ClauseStatus::Acknowledged);
        assert_eq!(lines[1].status, ClauseStatus::Shown);
        assert!(lines[1].must_explain);
        let t = r.totals;
        assert_eq!((t.shown, t.must_explain, t.explained), (2, 1, 0));
        assert_eq!(
            (t.acknowledged, t.must_unexplained, t.unacknowledged),
            (1, 1, 1)
        );

        mark_explained(&conn, id, exclusions, Language::ZhCn).unwrap();
        let r = of_consultation(&conn, &library, id).unwrap();
        assert_eq!(r.products[0].clauses[1].status, ClauseStatus::Explained);
        assert_eq!(r.totals.must_unexplained, 0);
        assert_eq!(r.totals.unacknowledged, 1, "explained is not acknowledged");
    }

    #[test]
    fn a_newer_wording_stands_for_the_clause_and_the_older_one_is_counted_once() {
        let library = library();
        let states = [
            state("demo-exclusions", "old", true, true),
            state("demo-exclusions", "new", false, false),
        ];
        let r = report(&library, &states);
        let lines = &r.products[0].clauses;
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].earlier_versions, 1);
        assert_eq!(
            lines[0].status,
            ClauseStatus::Shown,
            "the new wording was not confirmed, whatever the old one was"
        );
        assert_eq!((r.totals.shown, r.totals.acknowledged), (1, 0));
    }

    #[test]
    fn a_clause_gone_from_the_library_is_kept_under_no_product() {
        let library = library();
        let r = report(&library, &[state("removed-clause", "h", false, false)]);
        assert_eq!(r.products[0].product_id, None);
        assert_eq!(r.products[0].clauses[0].title, None);
        assert_eq!(r.totals.shown, 1);
    }
}
