//! Editing a repeating group's rows in a consultation: add, duplicate, remove (and put back, for
//! an undo), answer one cell, import a CSV file. Each edit checks what it changes, stores the
//! group's whole array of rows as one answer (`answers::put`, with the questionnaire's version)
//! and returns the form, so a group saves, resumes and exports like every answer.
//!
//! A bad answer names the row and the question as `policies[3].sum_insured` (the row's index in
//! the group, from 0) in the error's `field`, and the message in the session's language.

pub mod csv;

use super::answers::{self, Session};
use super::form::{evaluate, Answers, FormState};
use super::model::{Question, QuestionType};
use super::repeat::{self, stored_rows, Group, RowIds};
use super::rules::{names_itself, over_limit, own_row_message};
use super::value::{row_id_ok, validate};
use super::Questionnaire;
use crate::date::Date;
use crate::settings::Language;
use crate::text::{text, Text};
use crate::{consultation, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One edit of a group's rows, as the window sends it (`{"op": "add"}`, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum RowEdit {
    /// A new empty row at the end.
    Add,
    /// A copy of row `row` (every answer, a new id) right after it.
    Duplicate { row: String },
    /// Removes row `row`; the outcome holds it, so an undo can `restore` it.
    Remove { row: String },
    /// Puts a removed row back at `index` with its own id (the undo of `remove`).
    Restore {
        row: Map<String, Value>,
        index: usize,
    },
    /// Answers one question of row `row` (`value: null` clears it).
    Answer {
        row: String,
        question: String,
        value: Value,
    },
    /// Imports the rows of a CSV file (`csv`), checked whole before anything is saved; added
    /// after the rows there are, or instead of them with `replace`.
    Import {
        csv: String,
        #[serde(default)]
        replace: bool,
    },
}

impl RowEdit {
    /// Reads an edit as the window sends it; anything else is `invalid_input` on `edit`.
    pub fn from_json(v: &Value) -> Result<RowEdit> {
        RowEdit::deserialize(v).map_err(|e| Error::invalid("edit", format!("not a row edit: {e}")))
    }
}

/// What an edit did.
#[derive(Debug, Clone, Serialize)]
pub struct RowOutcome {
    pub state: FormState,
    /// The row added or duplicated (for the window to move to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The row removed and where it was, for an undo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Removed>,
    /// How many rows an import added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported: Option<usize>,
    /// The answers a duplicate was made without, because the copy would have broken a rule
    /// across the rows (a second `self`): the copy leaves them unanswered, and says why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
}

/// An answer a copy was made without.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    pub question: String,
    /// The rule's message, in the session's language.
    pub message: String,
}

/// A removed row, as `restore` takes it back.
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub row: Map<String, Value>,
    pub index: usize,
}

/// Applies `edit` to group `group_id` of the session's consultation.
pub fn edit(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    group_id: &str,
    edit: &RowEdit,
) -> Result<RowOutcome> {
    let g = q
        .group(group_id)
        .ok_or_else(|| Error::NotFound(format!("repeating group `{group_id}`")))?;
    let stored = answers::load(conn, s.consultation_id, &q.definition.id)?;
    let mut rows: Vec<Map<String, Value>> = stored_rows(stored.get(group_id)).cloned().collect();
    let before = rows.clone();
    let mut outcome = (None, None, None);
    let mut left_out = Vec::new();
    // The question a breach of a rule is shown at: the one answered, else the rule's own.
    let mut edited: Option<&str> = None;
    let lang = s.language;
    match edit {
        RowEdit::Add => {
            room_for(g, rows.len() + 1, lang)?;
            let id = next_ids(conn, s, q, &stored, 1)?.remove(0);
            rows.push(Map::from_iter([("id".into(), Value::String(id.clone()))]));
            outcome.0 = Some(id);
        }
        RowEdit::Duplicate { row } => {
            let i = index_of(&rows, g, row)?;
            room_for(g, rows.len() + 1, lang)?;
            let id = next_ids(conn, s, q, &stored, 1)?.remove(0);
            let mut copy = rows[i].clone();
            copy.insert("id".into(), Value::String(id.clone()));
            left_out = without_breaches(q, g, &stored, &rows, i + 1, &mut copy, s);
            rows.insert(i + 1, copy);
            outcome.0 = Some(id);
        }
        RowEdit::Remove { row } => {
            let index = index_of(&rows, g, row)?;
            outcome.1 = Some(Removed {
                row: rows.remove(index),
                index,
            });
        }
        RowEdit::Restore { row, index } => {
            let restored = restorable(conn, s, q, g, &rows, row, *index, &stored)?;
            room_for(g, rows.len() + 1, lang)?;
            rows.insert((*index).min(rows.len()), restored);
        }
        RowEdit::Answer {
            row,
            question,
            value,
        } => {
            let i = index_of(&rows, g, row)?;
            answer(q, g, &stored, &mut rows, i, question, value, s)?;
            edited = Some(question.as_str());
        }
        RowEdit::Import { csv, replace } => {
            let kept = if *replace { 0 } else { rows.len() };
            let parsed = csv::read(q, g, &stored, &rows[..kept], csv, s.today)
                .map_err(|why| Error::invalid(group_id, why.get(lang)))?;
            room_for(g, kept + parsed.len(), lang)?;
            rows.truncate(kept);
            outcome.2 = Some(parsed.len());
            let ids = next_ids(conn, s, q, &stored, parsed.len())?;
            rows.extend(csv::with_ids(g, parsed, &ids));
        }
    }
    // An import was checked row by row against the rules already (`csv::read`).
    if !matches!(edit, RowEdit::Import { .. }) {
        let ids = ids_with(q, &stored, g, &rows);
        if let Some(b) = over_limit(g, &before, &rows, s.today, &ids).first() {
            let question = edited.or_else(|| b.rule.question(g)).unwrap_or_default();
            return Err(Error::invalid(
                field(&g.id, b.index, question),
                b.rule.message.get(lang),
            ));
        }
    }
    let value = Value::Array(rows.into_iter().map(Value::Object).collect());
    answers::put(conn, s, q, group_id, &value, false)?;
    consultation::touch(conn, s.consultation_id)?;
    Ok(RowOutcome {
        state: answers::state(conn, s, q)?,
        row: outcome.0,
        removed: outcome.1,
        imported: outcome.2,
        left_out,
    })
}

/// The row ids of every group as stored, group `g`'s as in `rows` (being edited).
fn ids_with(q: &Questionnaire, stored: &Answers, g: &Group, rows: &[Map<String, Value>]) -> RowIds {
    let mut ids = repeat::row_ids(q, stored);
    ids.insert(
        g.id.clone(),
        rows.iter()
            .filter_map(|r| r.get("id")?.as_str().map(str::to_string))
            .collect(),
    );
    ids
}

/// A copy to be put at `at` among `rows`, made without the answers that would break a rule
/// across the rows (the relation of a copied `self`): what it left out, and why. A copy still
/// breaking one is refused by the check every edit has.
fn without_breaches(
    q: &Questionnaire,
    g: &Group,
    stored: &Answers,
    rows: &[Map<String, Value>],
    at: usize,
    copy: &mut Map<String, Value>,
    s: Session<'_>,
) -> Vec<LeftOut> {
    let mut trial = rows.to_vec();
    trial.insert(at, copy.clone());
    let ids = ids_with(q, stored, g, &trial);
    let mut out: Vec<LeftOut> = Vec::new();
    for b in over_limit(g, rows, &trial, s.today, &ids) {
        for question in b.rule.questions(g) {
            if copy.remove(question).is_some() {
                out.push(LeftOut {
                    question: question.to_string(),
                    message: b.rule.message.get(s.language).to_string(),
                });
            }
        }
    }
    out
}

/// The `field` of an error about question `question` of row `i`: `policies[3].sum_insured`.
pub fn field(group: &str, i: usize, question: &str) -> String {
    format!("{group}[{i}].{question}")
}

fn index_of(rows: &[Map<String, Value>], g: &Group, row: &str) -> Result<usize> {
    rows.iter()
        .position(|r| r.get("id").and_then(Value::as_str) == Some(row))
        .ok_or_else(|| Error::NotFound(format!("row `{row}` of `{}`", g.id)))
}

fn room_for(g: &Group, rows: usize, lang: Language) -> Result<()> {
    if rows <= g.max_rows {
        return Ok(());
    }
    let max = g.max_rows;
    Err(Error::invalid(
        &g.id,
        text(
            format!("这一组最多 {max} 行。"),
            format!("This group takes at most {max} rows."),
        )
        .get(lang),
    ))
}

/// `n` new row ids for the consultation's questionnaire, never given before in it (the last one
/// given is kept in `answer_row_ids`; rows stored before it was kept count too).
pub(super) fn next_ids(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    stored: &Answers,
    n: usize,
) -> Result<Vec<String>> {
    let kept: Option<i64> = conn
        .query_row(
            "SELECT last_row FROM answer_row_ids WHERE consultation_id = ?1 AND questionnaire_id = ?2",
            params![s.consultation_id, q.definition.id],
            |r| r.get(0),
        )
        .optional()?;
    let seen = q
        .groups
        .iter()
        .flat_map(|g| stored_rows(stored.get(&g.id)))
        .filter_map(|r| {
            r.get("id")?
                .as_str()?
                .strip_prefix('r')?
                .parse::<i64>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    let first = kept.unwrap_or(0).max(seen) + 1;
    let last = first + n as i64 - 1;
    conn.execute(
        "INSERT INTO answer_row_ids (consultation_id, questionnaire_id, last_row) VALUES (?1, ?2, ?3)
         ON CONFLICT (consultation_id, questionnaire_id) DO UPDATE SET last_row = excluded.last_row",
        params![s.consultation_id, q.definition.id, last.max(first - 1)],
    )?;
    Ok((first..=last).map(|i| format!("r{i}")).collect())
}

/// A removed row coming back: its id must be one this consultation gave and not in use, and
/// every answer must still be valid.
#[allow(clippy::too_many_arguments)]
fn restorable(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    g: &Group,
    rows: &[Map<String, Value>],
    row: &Map<String, Value>,
    index: usize,
    stored: &Answers,
) -> Result<Map<String, Value>> {
    let id = row.get("id").and_then(Value::as_str).unwrap_or_default();
    let given: i64 = conn
        .query_row(
            "SELECT last_row FROM answer_row_ids WHERE consultation_id = ?1 AND questionnaire_id = ?2",
            params![s.consultation_id, q.definition.id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let number = id.strip_prefix('r').and_then(|n| n.parse::<i64>().ok());
    let in_use = q
        .groups
        .iter()
        .flat_map(|x| stored_rows(stored.get(&x.id)))
        .any(|r| r.get("id").and_then(Value::as_str) == Some(id));
    if !row_id_ok(id) || number.map_or(true, |n| n > given) || in_use {
        return Err(Error::invalid(
            &g.id,
            format!("`{id}` is not a removed row of this consultation"),
        ));
    }
    let i = index.min(rows.len());
    let mut out = Map::from_iter([("id".into(), Value::String(id.to_string()))]);
    for (key, value) in row.iter().filter(|(k, _)| k.as_str() != "id") {
        let question =
            g.form.definition.question(key).ok_or_else(|| {
                Error::invalid(field(&g.id, i, key), "not a question of this group")
            })?;
        let v = validate(question, value, s.today)
            .map_err(|why| Error::invalid(field(&g.id, i, key), why.get(s.language)))?;
        out.insert(key.clone(), v);
    }
    if let Some(question) = names_itself(g, &out) {
        return Err(Error::invalid(
            field(&g.id, i, question),
            own_row_message(g, question).get(s.language),
        ));
    }
    Ok(out)
}

/// Answers question `question_id` of row `i`: the question must be shown in that row, the value
/// valid, a reference must name a row there is (not the row itself), and the row's own rules
/// (an end date not before its start) must hold.
#[allow(clippy::too_many_arguments)]
fn answer(
    q: &Questionnaire,
    g: &Group,
    stored: &Answers,
    rows: &mut [Map<String, Value>],
    i: usize,
    question_id: &str,
    value: &Value,
    s: Session<'_>,
) -> Result<()> {
    let at = field(&g.id, i, question_id);
    let lang = s.language;
    let question = g
        .form
        .definition
        .question(question_id)
        .ok_or_else(|| Error::NotFound(format!("question `{question_id}` of `{}`", g.id)))?;
    let form = evaluate(q, stored, s.health_consent, s.today);
    let shown = form
        .rows
        .get(&g.id)
        .and_then(|r| r.get(i))
        .is_some_and(|r| r.visible.iter().any(|v| v == question_id));
    if !shown {
        return Err(Error::invalid(
            at,
            text(
                "按这一行目前的回答，这个问题不需要回答。",
                "This question does not apply to this row given its other answers.",
            )
            .get(lang),
        ));
    }
    if value.is_null() {
        rows[i].remove(question_id);
        return Ok(());
    }
    let v = validate(question, value, s.today).map_err(|why| Error::invalid(&at, why.get(lang)))?;
    let own = rows[i]
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let itself = own_row_message(g, question_id);
    refs_exist(question, &v, stored, own.as_deref(), &g.id, rows, &itself)
        .map_err(|why| Error::invalid(&at, why.get(lang)))?;
    let mut changed = rows[i].clone();
    changed.insert(question_id.to_string(), v);
    row_rules(g, &changed, question_id).map_err(|why| Error::invalid(&at, why.get(lang)))?;
    rows[i] = changed;
    Ok(())
}

/// A `row_ref`/`row_refs` answer names rows of its group there are, never the row itself
/// (refused with `itself`, the content's message when a rule gives one).
/// `rows` are the rows of `group` (the row's own group) as they are being edited.
pub(super) fn refs_exist(
    question: &Question,
    v: &Value,
    stored: &Answers,
    own: Option<&str>,
    group: &str,
    rows: &[Map<String, Value>],
    itself: &Text,
) -> std::result::Result<(), Text> {
    if !matches!(question.kind, QuestionType::RowRef | QuestionType::RowRefs) {
        return Ok(());
    }
    let target = question.group.as_deref().unwrap_or_default();
    let in_target = |id: &str| {
        let has = |r: &Map<String, Value>| r.get("id").and_then(Value::as_str) == Some(id);
        if target == group {
            rows.iter().any(has)
        } else {
            stored_rows(stored.get(target)).any(has)
        }
    };
    let ids: Vec<&str> = match v {
        Value::String(id) => vec![id.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for id in ids {
        if Some(id) == own {
            return Err(itself.clone());
        }
        if !in_target(id) {
            return Err(text(
                "所选的那一行已不存在，请重新选择。",
                "The row chosen is no longer there; please choose again.",
            ));
        }
    }
    Ok(())
}

/// The rules across one row's answers: a `date` with `not_before` is not earlier than that
/// other date. Only the rules involving `edited` are checked, so a row saved before a rule was
/// added can still be corrected one answer at a time.
pub(super) fn row_rules(
    g: &Group,
    row: &Map<String, Value>,
    edited: &str,
) -> std::result::Result<(), Text> {
    let date = |id: &str| row.get(id).and_then(Value::as_str).and_then(Date::parse);
    let label = |id: &str| {
        g.form
            .definition
            .question(id)
            .and_then(|x| x.label.to_text())
            .unwrap_or_else(|| text(id, id))
    };
    for later in &g.section().questions {
        let Some(earlier) = later.not_before.as_deref() else {
            continue;
        };
        if later.id != edited && earlier != edited {
            continue;
        }
        let (Some(a), Some(b)) = (date(earlier), date(&later.id)) else {
            continue;
        };
        if b < a {
            let (e, l) = (label(earlier), label(&later.id));
            return Err(if later.id == edited {
                text(
                    format!("不能早于「{}」（{a}）。", e.zh),
                    format!("Cannot be before “{}” ({a}).", e.en),
                )
            } else {
                text(
                    format!("不能晚于「{}」（{b}）。", l.zh),
                    format!("Cannot be after “{}” ({b}).", l.en),
                )
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_csv;
