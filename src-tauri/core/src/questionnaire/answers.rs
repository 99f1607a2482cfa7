//! Answer drafts in SQLite: every answer saved as it is given, keyed by consultation,
//! questionnaire and question, with the questionnaire's version; and the advice results computed
//! from them, with the engine version, so a consultation resumes where it stopped and every
//! result can be reproduced.

use super::form::{evaluate, Answers, FormState};
use super::mapping::{self, MappedProfile};
use super::prefill_rows;
use super::value::validate;
use super::Questionnaire;
use crate::advice::assumptions::{self, Assumption};
use crate::consultation::Mode;
use crate::content::rates::RateBook;
use crate::content::Product;
use crate::privacy::consent::{self, Purpose};
use crate::settings::{self, Language};
use crate::{advice, clock, consultation, Error, Result};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Who is answering, and when: the consultation, whether the separate health-data consent was
/// given, the language of messages, and today's date (`YYYY-MM-DD`) for ages.
#[derive(Debug, Clone, Copy)]
pub struct Session<'a> {
    pub consultation_id: i64,
    pub health_consent: bool,
    pub language: Language,
    pub today: &'a str,
}

/// Loads the stored answers of one questionnaire in a consultation.
pub fn load(conn: &Connection, consultation_id: i64, questionnaire_id: &str) -> Result<Answers> {
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, value FROM answers
         WHERE consultation_id = ?1 AND questionnaire_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![consultation_id, questionnaire_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Answers::new();
    for row in rows {
        let (question, text) = row?;
        // A row we wrote ourselves is always JSON; a damaged one is skipped, not fatal.
        match serde_json::from_str(&text) {
            Ok(v) => {
                out.insert(question, v);
            }
            Err(e) => tracing::warn!(question, error = %e, "an answer could not be read"),
        }
    }
    Ok(out)
}

/// The form as it stands for this consultation, saying which answers are the client file's.
pub fn state(conn: &Connection, s: Session<'_>, q: &Questionnaire) -> Result<FormState> {
    let stored = load(conn, s.consultation_id, &q.definition.id)?;
    let mut form = evaluate(q, &stored, s.health_consent, s.today);
    let client = client_values(conn, s.consultation_id)?;
    form.prefilled = q
        .definition
        .questions()
        .filter_map(|(_, question)| {
            let from = client.get(question.prefill.as_deref()?)?;
            let answer = form.answers.get(&question.id)?.as_str()?;
            (answer == from).then(|| question.id.clone())
        })
        .collect();
    form.prefilled_groups = prefill_rows::prefilled(conn, s, q)?
        .into_iter()
        .filter(|(g, _)| form.rows.get(g).is_some_and(|rows| !rows.is_empty()))
        .collect();
    Ok(form)
}

/// The values of the consultation's client file that questions may be prefilled from
/// (`model::PREFILL_SOURCES`); none without a client (a kiosk visit, a client not chosen yet).
fn client_values(
    conn: &Connection,
    consultation_id: i64,
) -> Result<BTreeMap<&'static str, String>> {
    use rusqlite::OptionalExtension;
    let birth_date: Option<String> = conn
        .query_row(
            "SELECT cl.birth_date FROM consultations c JOIN clients cl ON cl.id = c.client_id
             WHERE c.id = ?1",
            [consultation_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(birth_date
        .filter(|d| !d.is_empty())
        .map(|d| ("client.birth_date", d))
        .into_iter()
        .collect())
}

/// Answers the unanswered, shown questions that have a `prefill` from the client file, so the
/// client is not asked again what the file already says; each stays editable. A file value the
/// question would refuse (a date of birth over 120 years ago) is left for the client to give.
/// The household groups without rows are filled from the file's household (`prefill_rows`).
pub fn prefill(conn: &Connection, s: Session<'_>, q: &Questionnaire) -> Result<()> {
    prefill_rows::fill(conn, s, q)?;
    let client = client_values(conn, s.consultation_id)?;
    if client.is_empty() {
        return Ok(());
    }
    let form = state(conn, s, q)?;
    for (_, question) in q.definition.questions() {
        let Some(value) = question.prefill.as_deref().and_then(|p| client.get(p)) else {
            continue;
        };
        if form.answers.contains_key(&question.id) || !form.visible.contains(&question.id) {
            continue;
        }
        match save(conn, s, q, &question.id, &Value::String(value.clone())) {
            Ok(_) | Err(Error::Invalid { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// Validates and saves one answer (`null` removes it), then returns the updated form. The
/// question must be shown for the answers so far; health questions need `health_consent`.
/// Validation messages come in `language`.
pub fn save(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    question_id: &str,
    value: &Value,
) -> Result<FormState> {
    let Session {
        consultation_id,
        health_consent,
        language,
        today,
    } = s;
    if q.group(question_id).is_some() {
        return Err(Error::invalid(
            question_id,
            "a repeating group is answered row by row (`rows::edit`)",
        ));
    }
    let question = q
        .definition
        .question(question_id)
        .ok_or_else(|| Error::NotFound(format!("question `{question_id}`")))?;
    if question.sensitive && !health_consent {
        return Err(Error::invalid(
            question_id,
            match language {
                Language::ZhCn => "健康问题需要客户单独同意处理健康信息后才能回答。",
                Language::En => {
                    "Health questions need the client's separate consent to health data first."
                }
            },
        ));
    }
    let before = state(conn, s, q)?;
    if !before.visible.iter().any(|v| v == question_id) {
        return Err(Error::invalid(
            question_id,
            match language {
                Language::ZhCn => "按目前的回答，这个问题不需要回答。",
                Language::En => "This question does not apply given the answers so far.",
            },
        ));
    }
    if value.is_null() {
        conn.execute(
            "DELETE FROM answers WHERE consultation_id = ?1 AND questionnaire_id = ?2 AND question_id = ?3",
            params![consultation_id, q.definition.id, question_id],
        )?;
    } else {
        let stored = validate(question, value, today)
            .map_err(|why| Error::invalid(question_id, why.get(language)))?;
        put(conn, s, q, question_id, &stored, question.sensitive)?;
    }
    consultation::touch(conn, consultation_id)?;
    state(conn, s, q)
}

/// Stores one answer in its canonical form (a question's, or a repeating group's array of rows),
/// keeping when it was first given.
pub(super) fn put(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    question_id: &str,
    stored: &Value,
    sensitive: bool,
) -> Result<()> {
    conn.execute(
        "INSERT INTO answers (consultation_id, questionnaire_id, questionnaire_version, question_id,
                              value, sensitive, answered_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (consultation_id, questionnaire_id, question_id) DO UPDATE SET
             value = excluded.value, questionnaire_version = excluded.questionnaire_version,
             sensitive = excluded.sensitive, updated_at = excluded.updated_at",
        params![
            s.consultation_id,
            q.definition.id,
            q.version,
            question_id,
            stored.to_string(),
            sensitive,
            clock::now_rfc3339()
        ],
    )?;
    Ok(())
}

/// Removes every answer and advice result of a consultation (the kiosk's "end and clear my
/// data"); returns how many rows went.
pub fn clear(conn: &Connection, consultation_id: i64) -> Result<usize> {
    let tx = crate::db::write(conn)?;
    let a = tx.execute(
        "DELETE FROM answers WHERE consultation_id = ?1",
        [consultation_id],
    )?;
    let b = tx.execute(
        "DELETE FROM advice_results WHERE consultation_id = ?1",
        [consultation_id],
    )?;
    tx.commit()?;
    Ok(a + b)
}

/// Removes the health answers of a consultation, for when the health-data consent is withdrawn.
pub fn clear_sensitive(conn: &Connection, consultation_id: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM answers WHERE consultation_id = ?1 AND sensitive = 1",
        [consultation_id],
    )?)
}

/// A computed and stored needs analysis.
#[derive(Debug, Clone, Serialize)]
pub struct AdviceOutcome {
    /// The row in `advice_results`.
    pub id: i64,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub engine_version: String,
    /// The profile the methods read: the answers' fields plus the agent's edits.
    pub profile: Value,
    /// The analysis (`advice::FamilyAdvice` or `advice::EnterpriseAdvice` as JSON).
    pub advice: Value,
    /// The assumptions the agent may edit, with defaults, allowed and usual ranges.
    pub editable: &'static [Assumption],
}

/// Maps the visible answers to a profile, applies the agent's `overrides` (profile fields by
/// name), runs the advice against what the library offers (`products`, priced from `rates`) and
/// stores the result. An error names the question (or the edited field) that needs attention.
pub fn compute_advice(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    overrides: Option<&Value>,
    products: &[Product],
    rates: &RateBook,
) -> Result<AdviceOutcome> {
    let consultation_id = s.consultation_id;
    let form = state(conn, s, q)?;
    let mapped: MappedProfile = mapping::with_overrides(mapping::to_profile(q, &form), overrides)?;
    let result = mapping::advise(&mapped, products, rates)?;
    let advice = serde_json::to_value(&result)
        .map_err(|e| Error::Content(format!("the advice could not be serialised: {e}")))?;
    conn.execute(
        "INSERT INTO advice_results (consultation_id, questionnaire_id, questionnaire_version,
                                     engine_version, profile, overrides, result, sensitive, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            consultation_id,
            q.definition.id,
            q.version,
            advice::ENGINE_VERSION,
            mapped.profile.to_string(),
            overrides.filter(|o| !o.is_null()).map(Value::to_string),
            advice.to_string(),
            used_health_answers(q, &form),
            clock::now_rfc3339()
        ],
    )?;
    let id = conn.last_insert_rowid();
    consultation::touch(conn, consultation_id)?;
    Ok(AdviceOutcome {
        id,
        questionnaire_id: q.definition.id.clone(),
        questionnaire_version: q.version.clone(),
        engine_version: advice::ENGINE_VERSION.to_string(),
        profile: mapped.profile,
        advice,
        editable: assumptions::of_kind(&q.definition.kind),
    })
}

/// Whether any health (sensitive) answer is among the answers used.
fn used_health_answers(q: &Questionnaire, form: &FormState) -> bool {
    form.answers
        .keys()
        .any(|id| q.definition.question(id).is_some_and(|x| x.sensitive))
}

/// The session of the current draft consultation of `mode` (started if there is none): the
/// interface language and whether the health-data consent is in force.
pub fn current_session<'a>(conn: &Connection, mode: Mode, today: &'a str) -> Result<Session<'a>> {
    let language = settings::language(conn)?;
    let consultation_id = consultation::current_or_start(conn, mode, language)?;
    let health_consent = consent::has(conn, consultation_id, Purpose::HealthData)?;
    Ok(Session {
        consultation_id,
        health_consent,
        language,
        today,
    })
}

/// The latest stored advice of a consultation for a questionnaire, if any.
pub fn latest_advice(
    conn: &Connection,
    consultation_id: i64,
    questionnaire_id: &str,
) -> Result<Option<AdviceOutcome>> {
    use rusqlite::OptionalExtension;
    let row = conn
        .query_row(
            "SELECT id, questionnaire_version, engine_version, profile, result FROM advice_results
             WHERE consultation_id = ?1 AND questionnaire_id = ?2 ORDER BY id DESC LIMIT 1",
            params![consultation_id, questionnaire_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(id, version, engine, profile, result)| {
        let profile: Value = serde_json::from_str(&profile).unwrap_or(Value::Null);
        let kind = profile["kind"].as_str().unwrap_or("family");
        AdviceOutcome {
            id,
            questionnaire_id: questionnaire_id.to_string(),
            questionnaire_version: version,
            engine_version: engine,
            editable: assumptions::of_kind(kind),
            advice: serde_json::from_str(&result).unwrap_or(Value::Null),
            profile,
        }
    }))
}

#[cfg(test)]
mod tests;
