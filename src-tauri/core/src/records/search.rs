//! Finding records again: by the client's name, phone, unit name or contact person (Chinese or
//! English, any fragment), by date range and follow-up due; newest first, a page at a time.
//!
//! Fragments of 3+ characters use the FTS5 trigram index; 1-2 character fragments (a Chinese
//! surname, a two-character given name) use the gram index `client_grams` (migration 9), and a
//! 1-2 digit fragment also scans the phones with LIKE. Measured by the benchmark (`cargo bench -p
//! presale-tests --bench presale records`) on 100,000 consultations of 50,000 clients, p99: first
//! page 1.1 ms; 3+ characters 1.1 ms; phone 0.6 ms; two Chinese characters 1.1 ms (38 ms with
//! LIKE); one common surname matching 9% of the clients 6.6 ms (41 ms with LIKE), most of it
//! counting the 9,000 matches for the pager.

use crate::validate::{self, Date};
use crate::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use serde::{Deserialize, Serialize};

/// The most rows one page may hold.
pub const MAX_PAGE_SIZE: u32 = 200;

/// What the records list asks for (JSON from the UI; every key optional).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordQuery {
    /// A fragment of the client's name / unit name, phone or contact person.
    pub text: Option<String>,
    /// Started on or after this day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Started on or before this day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Only records with a pending follow-up due on or before `today`.
    pub follow_up_due: bool,
    /// `draft` or `finished`; both when absent.
    pub status: Option<String>,
    /// 0-based page number.
    pub page: u32,
    /// Rows per page: 1 to 200; 50 when 0.
    pub page_size: u32,
}

/// One line of the records list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordRow {
    pub id: i64,
    pub status: String,
    pub mode: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub client_id: Option<i64>,
    /// `person` or `enterprise`.
    pub client_kind: Option<String>,
    /// The person's name or the unit name.
    pub client_name: Option<String>,
    pub phone: Option<String>,
    pub agent_name: Option<String>,
    pub follow_up_on: Option<String>,
    pub follow_up_status: Option<String>,
    pub decision_against_warning: bool,
}

/// A page of results; `total` counts every match, for the pager.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordPage {
    pub rows: Vec<RecordRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

pub(crate) const ROW_SELECT: &str = "SELECT c.id, c.status, c.mode, c.started_at, c.ended_at,
    c.client_id, k.kind, k.name, k.phone, c.agent_name, c.follow_up_on, c.follow_up_status,
    c.decision_against_warning
    FROM consultations c LEFT JOIN clients k ON k.id = c.client_id";

pub(crate) fn row(r: &Row<'_>) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: r.get(0)?,
        status: r.get(1)?,
        mode: r.get(2)?,
        started_at: r.get(3)?,
        ended_at: r.get(4)?,
        client_id: r.get(5)?,
        client_kind: r.get(6)?,
        client_name: r.get(7)?,
        phone: r.get(8)?,
        agent_name: r.get(9)?,
        follow_up_on: r.get(10)?,
        follow_up_status: r.get(11)?,
        decision_against_warning: r.get(12)?,
    })
}

/// The start of day `d` and the end of day `d` as stored timestamps (UTC, to the millisecond).
pub(crate) fn day_bounds(from: Option<Date>, to: Option<Date>) -> (Option<String>, Option<String>) {
    (
        from.map(|d| format!("{d}T00:00:00.000Z")),
        to.map(|d| format!("{d}T23:59:59.999Z")),
    )
}

/// Searches the records; `today` (`YYYY-MM-DD`) decides which follow-ups are due.
pub fn search(conn: &Connection, q: &RecordQuery, today: &str) -> Result<RecordPage> {
    let page_size = match q.page_size {
        0 => 50,
        n if n > MAX_PAGE_SIZE => {
            return Err(Error::invalid(
                "page_size",
                format!("at most {MAX_PAGE_SIZE} rows per page"),
            ))
        }
        n => n,
    };
    let from = validate::optional_date("from", q.from.as_deref())?;
    let to = validate::optional_date("to", q.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Error::invalid("to", "must not be before `from`"));
        }
    }
    let (from, to) = day_bounds(from, to);
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(m) = matching_clients(q.text.as_deref())? {
        // A fragment that matches a large share of the clients (a common surname) pages faster
        // by walking the consultations newest first and stopping at the page than by sorting
        // every match: the unary `+` keeps SQLite from using the client index for that term.
        let broad = match &m.gram {
            Some(gram) => is_broad(conn, gram)?,
            None => false,
        };
        conditions.push(format!(
            "{}c.client_id IN ({})",
            if broad { "+" } else { "" },
            m.sql
        ));
        args.extend(m.values);
    }
    if let Some(f) = from {
        conditions.push("c.started_at >= ?".into());
        args.push(Value::Text(f));
    }
    if let Some(t) = to {
        conditions.push("c.started_at <= ?".into());
        args.push(Value::Text(t));
    }
    if q.follow_up_due {
        validate::iso_date("today", today)?;
        conditions.push("c.follow_up_status = 'pending' AND c.follow_up_on <= ?".into());
        args.push(Value::Text(today.to_string()));
    }
    match q.status.as_deref() {
        None | Some("") => {}
        Some(s @ ("draft" | "finished")) => {
            conditions.push("c.status = ?".into());
            args.push(Value::Text(s.to_string()));
        }
        Some(_) => return Err(Error::invalid("status", "must be `draft` or `finished`")),
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM consultations c{filter}"),
        params_from_iter(&args),
        |r| r.get(0),
    )?;
    let sql = format!(
        "{ROW_SELECT}{filter} ORDER BY c.started_at DESC, c.id DESC LIMIT {page_size} OFFSET {}",
        i64::from(q.page) * i64::from(page_size)
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(params_from_iter(&args), row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(RecordPage {
        rows,
        total,
        page: q.page,
        page_size,
    })
}

/// Whether a 1-2 character gram matches more than one client in 50 (counting its index entries
/// is cheap).
fn is_broad(conn: &Connection, gram: &str) -> Result<bool> {
    let (matches, clients): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM client_grams WHERE gram = ?1),
                (SELECT coalesce(max(id), 0) FROM clients)",
        [gram],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(matches * 50 > clients && clients > 1_000)
}

/// The clients a text fragment matches, as a subquery of their ids.
pub(crate) struct ClientMatch {
    /// `SELECT <id> FROM ...` with `?` placeholders.
    pub sql: String,
    /// One value per placeholder.
    pub values: Vec<Value>,
    /// The gram looked up, for a 1-2 character fragment (it may match many clients).
    pub gram: Option<String>,
}

/// A subquery of the ids of clients whose name (or unit name), phone or
/// contact person contains `text`; `None` when `text` is empty.
pub(crate) fn matching_clients(text: Option<&str>) -> Result<Option<ClientMatch>> {
    let Some(text) = validate::text("text", text, 100)? else {
        return Ok(None);
    };
    if text.chars().count() >= 3 {
        // A phrase in double quotes, the query's own quotes doubled, so any text is literal.
        let phrase = format!("\"{}\"", text.replace('"', "\"\""));
        return Ok(Some(ClientMatch {
            sql: "SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?".into(),
            values: vec![Value::Text(phrase)],
            gram: None,
        }));
    }
    // Trigrams need 3 characters; a 1-2 character fragment of a name or contact person is looked
    // up in the gram index (lower-cased as LIKE compares). Only a fragment that could be part of
    // a phone number scans the phones with LIKE.
    let gram = text.to_ascii_lowercase();
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || "+- ".contains(c))
    {
        return Ok(Some(ClientMatch {
            sql: "SELECT client_id FROM client_grams WHERE gram = ?".into(),
            values: vec![Value::Text(gram.clone())],
            gram: Some(gram),
        }));
    }
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Ok(Some(ClientMatch {
        sql: "SELECT client_id FROM client_grams WHERE gram = ?
         UNION SELECT id FROM clients WHERE phone LIKE ? ESCAPE '\\'"
            .into(),
        values: vec![
            Value::Text(gram.clone()),
            Value::Text(format!("%{escaped}%")),
        ],
        gram: Some(gram),
    }))
}
