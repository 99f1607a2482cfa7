//! The clause presenter's record: per consultation and clause version, when it was shown, when
//! the agent explained it, and when the client acknowledged it. This is the evidence article 17
//! of the Insurance Law asks for, so the rules are enforced here, not in the window:
//! a must-explain clause is acknowledged only after it was explained, only in the version that
//! was explained, and only as the client's own action (a separate call; nothing is pre-set).

use super::Clause;
use crate::settings::Language;
use crate::{clock, consultation, Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// One clause version in one consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseState {
    pub clause_id: String,
    /// The hash of the text shown (see `Clause::hash`); compare with the clause's current hash to
    /// tell whether this row is about the current wording.
    pub content_hash: String,
    pub language: Language,
    pub must_explain: bool,
    /// First shown (RFC 3339, UTC).
    pub shown_at: String,
    pub explained_at: Option<String>,
    pub acknowledged_at: Option<String>,
}

const COLUMNS: &str =
    "clause_id, content_hash, language, must_explain, shown_at, explained_at, acknowledged_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ClauseState> {
    let language: String = r.get(2)?;
    Ok(ClauseState {
        clause_id: r.get(0)?,
        content_hash: r.get(1)?,
        // The column's CHECK allows only the two tags.
        language: language.parse().unwrap_or_default(),
        must_explain: r.get(3)?,
        shown_at: r.get(4)?,
        explained_at: r.get(5)?,
        acknowledged_at: r.get(6)?,
    })
}

fn current(
    conn: &Connection,
    consultation_id: i64,
    clause: &Clause,
    language: Language,
) -> Result<Option<ClauseState>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM clause_states
                 WHERE consultation_id = ?1 AND clause_id = ?2 AND content_hash = ?3"
            ),
            params![consultation_id, clause.id, clause.hash.get(language)],
            from_row,
        )
        .optional()?)
}

fn required(state: Option<ClauseState>) -> Result<ClauseState> {
    // The row was written in the same call; its absence would be a database fault.
    state.ok_or_else(|| Error::NotFound("clause state".into()))
}

/// Records that the clause, in its current wording in `language`, was shown. Showing it again
/// changes nothing; showing a new wording adds a row and keeps the old one.
pub fn mark_shown(
    conn: &Connection,
    consultation_id: i64,
    clause: &Clause,
    language: Language,
) -> Result<ClauseState> {
    conn.execute(
        "INSERT INTO clause_states
             (consultation_id, clause_id, content_hash, language, must_explain, shown_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (consultation_id, clause_id, content_hash) DO NOTHING",
        params![
            consultation_id,
            clause.id,
            clause.hash.get(language),
            language.tag(),
            clause.must_explain,
            clock::now_rfc3339()
        ],
    )?;
    consultation::touch(conn, consultation_id)?;
    required(current(conn, consultation_id, clause, language)?)
}

/// Records that the agent explained the clause's current wording (showing it if it was not yet).
pub fn mark_explained(
    conn: &Connection,
    consultation_id: i64,
    clause: &Clause,
    language: Language,
) -> Result<ClauseState> {
    mark_shown(conn, consultation_id, clause, language)?;
    conn.execute(
        "UPDATE clause_states SET explained_at = COALESCE(explained_at, ?4)
         WHERE consultation_id = ?1 AND clause_id = ?2 AND content_hash = ?3",
        params![
            consultation_id,
            clause.id,
            clause.hash.get(language),
            clock::now_rfc3339()
        ],
    )?;
    required(current(conn, consultation_id, clause, language)?)
}

/// Records the client's own acknowledgement of the wording they saw (`seen_hash`). Refused when
/// that wording is no longer the clause's, when it was never shown, or, for a must-explain
/// clause, before the agent explained this very wording.
pub fn acknowledge(
    conn: &Connection,
    consultation_id: i64,
    clause: &Clause,
    language: Language,
    seen_hash: &str,
) -> Result<ClauseState> {
    if seen_hash != clause.hash.get(language) {
        return Err(Error::invalid(
            "content_hash",
            "this clause has changed since it was shown; show the new wording (and explain it) \
             before the client confirms",
        ));
    }
    let Some(state) = current(conn, consultation_id, clause, language)? else {
        return Err(Error::invalid(
            "clause_id",
            "this clause has not been shown in this consultation; show it before the client confirms",
        ));
    };
    if clause.must_explain && state.explained_at.is_none() {
        let older_explained: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM clause_states WHERE consultation_id = ?1
                 AND clause_id = ?2 AND content_hash <> ?3 AND explained_at IS NOT NULL)",
            params![consultation_id, clause.id, seen_hash],
            |r| r.get(0),
        )?;
        let message = if older_explained {
            "the clause changed since it was explained; explain the new wording before the client confirms"
        } else {
            "this clause must be explained by the agent before the client confirms it"
        };
        return Err(Error::invalid("explained_at", message));
    }
    conn.execute(
        "UPDATE clause_states SET acknowledged_at = COALESCE(acknowledged_at, ?4)
         WHERE consultation_id = ?1 AND clause_id = ?2 AND content_hash = ?3",
        params![consultation_id, clause.id, seen_hash, clock::now_rfc3339()],
    )?;
    consultation::touch(conn, consultation_id)?;
    required(current(conn, consultation_id, clause, language)?)
}

/// Every clause state of a consultation, including older wordings, in the order first shown.
pub fn states(conn: &Connection, consultation_id: i64) -> Result<Vec<ClauseState>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM clause_states WHERE consultation_id = ?1 ORDER BY shown_at, id"
    ))?;
    let rows = stmt.query_map([consultation_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How far a consultation's clauses got, as the products step says it: clauses shown, and of the
/// must-explain ones, how many were explained and acknowledged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClauseCounts {
    pub shown: usize,
    pub must: usize,
    pub explained: usize,
    pub acknowledged: usize,
}

/// Counts per clause, not per row: a clause shown in both languages (or in an older wording) has
/// a row for each text and counts once; it is explained or acknowledged if any of its texts was.
pub fn counts(states: &[ClauseState]) -> ClauseCounts {
    let mut clauses: Vec<(&str, bool, bool, bool)> = Vec::new();
    for s in states {
        let i = match clauses.iter().position(|c| c.0 == s.clause_id) {
            Some(i) => i,
            None => {
                clauses.push((&s.clause_id, false, false, false));
                clauses.len() - 1
            }
        };
        let c = &mut clauses[i];
        c.1 |= s.must_explain;
        c.2 |= s.explained_at.is_some();
        c.3 |= s.acknowledged_at.is_some();
    }
    let must: Vec<_> = clauses.iter().filter(|c| c.1).collect();
    ClauseCounts {
        shown: clauses.len(),
        must: must.len(),
        explained: must.iter().filter(|c| c.2).count(),
        acknowledged: must.iter().filter(|c| c.3).count(),
    }
}

#[cfg(test)]
#[path = "presenter_tests.rs"]
mod tests;
