//! Filling a consultation's household groups from the client file (`records::household`): when
//! the questionnaire opens in a consultation whose client's file keeps a household, and its
//! `members` and `policies` groups have no rows yet, their rows are copied in, once (table
//! `answer_prefills`: rows the agent then removes are not filled again), with ids this
//! consultation gives (`rows::next_ids`, never reused) and every reference between rows (the
//! insured, the beneficiaries, who depends on whom) following its row. Each value is checked
//! as an answer typed now; one the question refuses (or a reference to a row not kept) is left
//! unanswered, for the agent to ask. Everything stays editable; ages are worked out from the
//! birth dates as of this consultation's day.
//!
//! The form says which groups came from the file and as of which day (`prefilled_groups`), so
//! the table can ask the agent to check each row with the client: a policy may have lapsed, a
//! new one been taken out.

use super::answers::{self, Session};
use super::form::evaluate;
use super::model::QuestionType;
use super::repeat::stored_rows;
use super::rows::next_ids;
use super::value::validate;
use super::Questionnaire;
use crate::records::household::{self, Row, GROUPS};
use crate::{clock, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Fills the household groups of `q` from the consultation's client file, if they have no rows
/// and were not filled before. Returns the groups filled.
pub fn fill(conn: &Connection, s: Session<'_>, q: &Questionnaire) -> Result<Vec<String>> {
    let groups: Vec<&str> = GROUPS
        .into_iter()
        .filter(|g| q.group(g).is_some())
        .collect();
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let client: Option<i64> = conn
        .query_row(
            "SELECT client_id FROM consultations WHERE id = ?1",
            [s.consultation_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(client) = client else {
        return Ok(Vec::new());
    };
    let Some(file) = household::get(conn, client)? else {
        return Ok(Vec::new());
    };
    if file.consultation_id == s.consultation_id || !prefilled(conn, s, q)?.is_empty() {
        return Ok(Vec::new());
    }
    let stored = answers::load(conn, s.consultation_id, &q.definition.id)?;
    if groups
        .iter()
        .any(|g| stored_rows(stored.get(*g)).next().is_some())
    {
        return Ok(Vec::new());
    }
    let from_file = |g: &str| -> &[Row] {
        match g {
            "members" => &file.members,
            _ => &file.policies,
        }
    };
    let total: usize = groups.iter().map(|g| from_file(g).len()).sum();
    if total == 0 {
        return Ok(Vec::new());
    }
    // New ids for every row first, so a reference to a row of either group can follow it.
    let ids = next_ids(conn, s, q, &stored, total)?;
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut next = ids.into_iter();
    for g in &groups {
        for row in from_file(g) {
            let old = row.get("id").and_then(Value::as_str).unwrap_or_default();
            if let Some(new) = next.next() {
                renamed.insert(old.to_string(), new);
            }
        }
    }
    let mut filled = Vec::new();
    for g in &groups {
        let rows = from_file(g);
        if rows.is_empty() {
            continue;
        }
        let copied: Vec<Value> = rows
            .iter()
            .filter_map(|row| copy_row(q, g, row, &renamed, s.today))
            .map(Value::Object)
            .collect();
        answers::put(conn, s, q, g, &Value::Array(copied), false)?;
        filled.push((*g).to_string());
    }
    // Stored as the form counts them: a value a row's condition now hides is not kept.
    let stored = answers::load(conn, s.consultation_id, &q.definition.id)?;
    let form = evaluate(q, &stored, s.health_consent, s.today);
    for g in &filled {
        if let Some(rows) = form.answers.get(g) {
            answers::put(conn, s, q, g, rows, false)?;
        }
        conn.execute(
            "INSERT INTO answer_prefills (consultation_id, questionnaire_id, group_id, as_of,
                                          prefilled_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                s.consultation_id,
                q.definition.id,
                g,
                file.as_of,
                clock::now_rfc3339()
            ],
        )?;
    }
    Ok(filled)
}

/// One row of the file as a row of this consultation: its new id, each value the group's
/// question takes today, references renamed (to a row not kept: left out).
fn copy_row(
    q: &Questionnaire,
    group: &str,
    row: &Row,
    renamed: &HashMap<String, String>,
    today: &str,
) -> Option<Map<String, Value>> {
    let g = q.group(group)?;
    let id = renamed.get(row.get("id")?.as_str()?)?;
    let mut out = Map::from_iter([("id".to_string(), Value::String(id.clone()))]);
    for (key, value) in row.iter().filter(|(k, _)| k.as_str() != "id") {
        let Some(question) = g.form.definition.question(key) else {
            continue;
        };
        let rename = |v: &Value| v.as_str().and_then(|s| renamed.get(s)).cloned();
        let value = match question.kind {
            QuestionType::RowRef => match rename(value) {
                Some(new) => Value::String(new),
                None => continue,
            },
            QuestionType::RowRefs => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(rename)
                    .map(Value::String)
                    .collect(),
            ),
            _ => value.clone(),
        };
        if let Ok(v) = validate(question, &value, today) {
            out.insert(key.clone(), v);
        }
    }
    Some(out)
}

/// The groups of `q` filled from the client file in this consultation, with the day the file's
/// rows were as of.
pub fn prefilled(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT group_id, as_of FROM answer_prefills
          WHERE consultation_id = ?1 AND questionnaire_id = ?2",
    )?;
    let rows = stmt
        .query_map(params![s.consultation_id, q.definition.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Takes out, inside the caller's transaction, the rows a consultation's groups were filled with
/// from its client's file, and the note that they were (the consultation's client changes: the
/// rows were another person's). Returns how many groups were taken out.
pub fn forget_in(conn: &Connection, consultation_id: i64) -> Result<usize> {
    conn.execute(
        "DELETE FROM answers WHERE consultation_id = ?1 AND EXISTS (
             SELECT 1 FROM answer_prefills p
              WHERE p.consultation_id = answers.consultation_id
                AND p.questionnaire_id = answers.questionnaire_id
                AND p.group_id = answers.question_id)",
        [consultation_id],
    )?;
    Ok(conn.execute(
        "DELETE FROM answer_prefills WHERE consultation_id = ?1",
        [consultation_id],
    )?)
}
