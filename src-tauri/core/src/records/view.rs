//! The full record of one consultation, as the record screen, the printout and the JSON export
//! show it: the consultation, the client, its outcome and retention (with why), consents, and
//! every row other modules keep for it (clause states, questionnaire answers, advice results -
//! the advice's JSON columns nested as JSON, not as text).

use super::client::{self, Client};
use super::outcome::{self, Outcome};
use super::record::{self, Consultation};
use super::retention::{self, Retention};
use crate::db::{attached_tables, quoted};
use crate::Result;
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
    /// Rows of every other table with a `consultation_id` column, by table name, in insertion
    /// order, each as `{column: value}`: `clause_states` (clause id, content hash, shown /
    /// explained / acknowledged times), the questionnaire's answers, the advice results (their
    /// `result`, `profile` and `overrides` as JSON). Read generically so the record is complete
    /// whatever those modules add later; the outcome is in `outcome`, not here.
    pub attached: BTreeMap<String, Vec<serde_json::Map<String, serde_json::Value>>>,
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
        attached.insert(table, rows);
    }
    let outcome = outcome::get(conn, id)?;
    let retention = retention::of_consultation(&consultation, outcome.as_ref());
    Ok(Record {
        consultation,
        client,
        outcome,
        retention,
        consents,
        attached,
    })
}

/// The outcome's table, which `Record::outcome` shows typed.
const OUTCOMES: &str = "consultation_outcomes";

/// Replaces the text of JSON columns by the JSON it holds (left as text if it is not JSON), so an
/// export nests the advice instead of quoting it.
fn nest_json(row: &mut serde_json::Map<String, serde_json::Value>, columns: &[&str]) {
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
