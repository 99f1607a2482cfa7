//! The full record of one consultation, as the record screen, the consultation flow, the printout
//! and the JSON export show it: the consultation, the client, its outcome and retention (with
//! why), consents, the steps done (`steps::done`, the one rule), the clause states, the answers
//! and the latest analysis typed, and every row other modules keep for it (the advice's JSON
//! columns nested as JSON, not as text). The UI reads the typed fields; `attached` is for the
//! export's completeness.

use super::client::{self, Client};
use super::outcome::{self, Outcome};
use super::record::{self, Consultation};
use super::retention::{self, Retention};
use crate::content::presenter::{self, ClauseState};
use crate::db::{attached_tables, quoted};
use crate::{steps, Result};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// A consent given for one purpose (PIPL), as the privacy module records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consent {
    pub id: i64,
    pub purpose: String,
    pub notice_version: String,
    pub granted_at: String,
    pub withdrawn_at: Option<String>,
    /// The consultation the client gave it in, when carried from an earlier one.
    pub carried_from_consultation: Option<i64>,
}

/// Everything known about one consultation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub consultation: Consultation,
    pub client: Option<Client>,
    /// What the client did (bought, deciding...); `None` before it was recorded.
    pub outcome: Option<Outcome>,
    /// Until when the record is kept and why (see `retention`).
    pub retention: Retention,
    /// Consents that covered this consultation (given in it or carried into it).
    pub consents: Vec<Consent>,
    /// Whether each step of the flow is done, by step name (`steps::STEPS`), as `steps::done`
    /// decides: the flow's bar and where it resumes read this, never a rule of their own.
    pub steps_done: BTreeMap<&'static str, bool>,
    /// The questionnaire this consultation uses: the latest analysis's, else the first answer's,
    /// else the enterprise one for a unit client and the family one otherwise.
    pub questionnaire_id: String,
    /// The clause events (shown / explained / acknowledged), one row per clause and wording.
    pub clause_states: Vec<ClauseState>,
    /// The questionnaire answers, in the order given, each value as the JSON it is stored as.
    pub answers: Vec<Answer>,
    /// The latest needs analysis stored with the record, its result as structured data.
    pub latest_advice: Option<StoredAdvice>,
    /// The latest household policy review kept with the record (`household::Review` as JSON,
    /// from `household_reviews`), if any.
    pub latest_review: Option<serde_json::Value>,
    /// Rows of every other table with a `consultation_id` column, by table name, in insertion
    /// order, each as `{column: value}`: `clause_states` (clause id, content hash, shown /
    /// explained / acknowledged times), the questionnaire's answers, the advice results (their
    /// `result`, `profile` and `overrides` as JSON). Read generically so the record is complete
    /// whatever those modules add later; the outcome is in `outcome`, not here.
    pub attached: BTreeMap<String, Vec<serde_json::Map<String, serde_json::Value>>>,
}

/// One questionnaire answer as the record holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub questionnaire_id: String,
    /// The version (hash) of the questionnaire it answered.
    pub questionnaire_version: String,
    pub question_id: String,
    /// The canonical value (see `questionnaire::value`): a number, text, a list of options...
    pub value: serde_json::Value,
    pub answered_at: String,
}

/// A needs analysis stored with the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAdvice {
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub engine_version: String,
    /// The engine's result (conclusion, methods, recommendations, warnings...).
    pub advice: serde_json::Value,
    pub created_at: String,
}

/// The full record of consultation `id`.
pub fn get(conn: &Connection, id: i64) -> Result<Record> {
    let consultation = record::get(conn, id)?;
    let client = match consultation.client_id {
        Some(cid) => Some(client::get(conn, cid)?),
        None => None,
    };
    // The consents that covered this consultation: given in it, or carried into it from the
    // client's earlier one (each carried copy names where the client gave it); and the client's
    // own consents outside any consultation.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.purpose, c.notice_version, c.granted_at, c.withdrawn_at,
                o.consultation_id
           FROM consents c LEFT JOIN consents o ON o.id = c.carried_from
          WHERE c.consultation_id = ?1
             OR (c.consultation_id IS NULL AND c.carried_from IS NULL AND c.client_id = ?2)
          ORDER BY c.id",
    )?;
    let consents = stmt
        .query_map(rusqlite::params![id, consultation.client_id], |r| {
            Ok(Consent {
                id: r.get(0)?,
                purpose: r.get(1)?,
                notice_version: r.get(2)?,
                granted_at: r.get(3)?,
                withdrawn_at: r.get(4)?,
                carried_from_consultation: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut attached = BTreeMap::new();
    for table in attached_tables(conn)? {
        if table == OUTCOMES {
            continue;
        }
        let mut rows = rows_of(conn, &table, id)?;
        if table == "advice_results" {
            for row in &mut rows {
                nest_json(row, &["result", "profile", "overrides"]);
            }
        }
        if table == "household_reviews" {
            for row in &mut rows {
                nest_json(row, &["result", "input"]);
            }
        }
        if table == "client_households" {
            for row in &mut rows {
                nest_json(row, &["members", "policies"]);
            }
        }
        attached.insert(table, rows);
    }
    let outcome = outcome::get(conn, id)?;
    let retention = retention::of_consultation(&consultation, outcome.as_ref());
    let done = steps::done(conn, id)?;
    let steps_done = steps::STEPS.into_iter().zip(done).collect();
    let answers = attached.get("answers").map_or_else(Vec::new, |rows| {
        rows.iter().map(answer_of).collect::<Vec<_>>()
    });
    let latest_advice = attached
        .get("advice_results")
        .and_then(|rows| rows.last())
        .map(advice_of);
    let questionnaire_id = questionnaire_of(&latest_advice, &answers, client.as_ref());
    let latest_review = attached
        .get("household_reviews")
        .and_then(|rows| rows.last())
        .and_then(|row| row.get("result").cloned());
    Ok(Record {
        clause_states: presenter::states(conn, id)?,
        consultation,
        client,
        outcome,
        retention,
        consents,
        steps_done,
        questionnaire_id,
        answers,
        latest_advice,
        latest_review,
        attached,
    })
}

type Row = serde_json::Map<String, serde_json::Value>;

fn text_of(row: &Row, column: &str) -> String {
    row.get(column)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// An `answers` row typed; its value text parsed (a damaged one is kept as the text it is).
fn answer_of(row: &Row) -> Answer {
    let raw = text_of(row, "value");
    Answer {
        questionnaire_id: text_of(row, "questionnaire_id"),
        questionnaire_version: text_of(row, "questionnaire_version"),
        question_id: text_of(row, "question_id"),
        value: serde_json::from_str(&raw).unwrap_or(serde_json::Value::String(raw)),
        answered_at: text_of(row, "answered_at"),
    }
}

/// An `advice_results` row typed (its `result` already nested as JSON by `nest_json`).
fn advice_of(row: &Row) -> StoredAdvice {
    StoredAdvice {
        questionnaire_id: text_of(row, "questionnaire_id"),
        questionnaire_version: text_of(row, "questionnaire_version"),
        engine_version: text_of(row, "engine_version"),
        advice: row.get("result").cloned().unwrap_or_default(),
        created_at: text_of(row, "created_at"),
    }
}

/// The questionnaire a consultation uses (see `Record::questionnaire_id`).
fn questionnaire_of(
    advice: &Option<StoredAdvice>,
    answers: &[Answer],
    client: Option<&Client>,
) -> String {
    if let Some(a) = advice {
        return a.questionnaire_id.clone();
    }
    if let Some(a) = answers.first() {
        return a.questionnaire_id.clone();
    }
    let unit = client.is_some_and(|c| matches!(c.fields.kind, client::ClientKind::Enterprise));
    if unit { "enterprise" } else { "family" }.to_string()
}

/// The outcome's table, which `Record::outcome` shows typed.
const OUTCOMES: &str = "consultation_outcomes";

/// Replaces the text of JSON columns by the JSON it holds (left as text if it is not JSON), so an
/// export nests the advice instead of quoting it.
fn nest_json(row: &mut Row, columns: &[&str]) {
    for c in columns {
        if let Some(serde_json::Value::String(text)) = row.get(*c) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                row.insert((*c).to_string(), v);
            }
        }
    }
}

fn rows_of(
    conn: &Connection,
    table: &str,
    id: i64,
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM {} WHERE consultation_id = ?1 ORDER BY rowid",
        quoted(table)
    ))?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut map = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(f) => f.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                // Blobs are shown by size only: a record view has no use for raw bytes.
                ValueRef::Blob(b) => format!("<{} bytes>", b.len()).into(),
            };
            map.insert(name.clone(), v);
        }
        out.push(map);
    }
    Ok(out)
}
