//! The risk questionnaire's use cases, for an agent's client and a kiosk visitor alike: each
//! works on the actor's draft consultation (started if needed), in one transaction. Health
//! questions wait for the `health_data` consent (`questionnaire::answers`); only an agent edits
//! the analysis' assumptions (`forbidden` at a kiosk); nobody logged in gets `locked`.

use super::Actor;
use crate::catalogue::Catalogue;
use crate::consultation::Mode;
use crate::questionnaire::answers::{self, AdviceOutcome, Session};
use crate::questionnaire::rows::{self, RowEdit, RowOutcome};
use crate::questionnaire::{Definition, FormState, Questionnaire};
use crate::{clock, db, Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

/// A questionnaire and where the consultation stands in it.
#[derive(Debug, Serialize)]
pub struct QuestionnaireView {
    pub definition: Definition,
    /// Hex SHA-256 of the file: stored with every answer.
    pub version: String,
    pub state: FormState,
}

/// A questionnaire's questions alone, for a screen that only labels answers already given (a
/// finished record): no draft is opened or started, nothing is read of anyone.
#[derive(Debug, Serialize)]
pub struct DefinitionView {
    pub definition: Definition,
    /// Hex SHA-256 of the file.
    pub version: String,
}

/// Questionnaire `id`'s definition from the content, touching no consultation: reading a
/// record's labels must not start a draft (it would show as a consultation in progress).
pub fn definition(content: &Catalogue, id: &str) -> Result<DefinitionView> {
    let q = content.questionnaires.get(id)?;
    Ok(DefinitionView {
        definition: q.definition.clone(),
        version: q.version.clone(),
    })
}

/// Questionnaire `id` with the saved answers, so the screen resumes where it stopped. With
/// `prefill` (the form opening, not a screen reading labels) what the consultation's client file
/// already holds (the birth date) is answered from it first, editable.
pub fn open(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    id: &str,
    prefill: bool,
) -> Result<QuestionnaireView> {
    in_session(conn, actor, content, id, |tx, s, q| {
        if prefill {
            answers::prefill(tx, s, q)?;
        }
        Ok(QuestionnaireView {
            state: answers::state(tx, s, q)?,
            version: q.version.clone(),
            definition: q.definition.clone(),
        })
    })
}

/// Validates and saves one answer (`null` removes it); returns what to show now.
pub fn answer(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    question_id: &str,
    value: &Value,
) -> Result<FormState> {
    in_session(conn, actor, content, questionnaire_id, |tx, s, q| {
        answers::save(tx, s, q, question_id, value)
    })
}

/// Edits the rows of repeating group `group` (add, duplicate, remove, restore, answer a cell,
/// import a CSV file): the whole edit is checked before anything is saved.
pub fn edit_rows(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    group: &str,
    edit: &RowEdit,
) -> Result<RowOutcome> {
    in_session(conn, actor, content, questionnaire_id, |tx, s, q| {
        rows::edit(tx, s, q, group, edit)
    })
}

/// Where the consultation stands in questionnaire `questionnaire_id`.
pub fn answers(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
) -> Result<FormState> {
    in_session(conn, actor, content, questionnaire_id, |tx, s, q| {
        answers::state(tx, s, q)
    })
}

/// Runs the needs analysis on the answers with `overrides` (the agent's edited assumptions;
/// null or `{}` for none) and stores the result, family recommendations priced from the
/// content's rate tables. Edits are refused at a kiosk.
pub fn compute_advice(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    overrides: Option<&Value>,
) -> Result<AdviceOutcome> {
    let edits = overrides.filter(|o| !o.is_null() && o.as_object().map_or(true, |m| !m.is_empty()));
    if edits.is_some() && actor.mode()? == Mode::Kiosk {
        return Err(Error::Forbidden(
            "assumptions are edited by an agent".into(),
        ));
    }
    in_session(conn, actor, content, questionnaire_id, |tx, s, q| {
        answers::compute_advice(
            tx,
            s,
            q,
            edits,
            content.library.products(),
            content.library.rates(),
        )
    })
}

/// The latest stored analysis of questionnaire `questionnaire_id`, if any.
pub fn latest_advice(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
) -> Result<Option<AdviceOutcome>> {
    in_session(conn, actor, content, questionnaire_id, |tx, s, _| {
        answers::latest_advice(tx, s.consultation_id, questionnaire_id)
    })
}

/// Removes every answer and analysis of the actor's draft (a visitor's "end and clear my
/// data"); returns how many rows went.
pub fn clear(conn: &Connection, actor: Actor) -> Result<usize> {
    let mode = actor.mode()?;
    let tx = db::write(conn)?;
    let today = clock::today();
    let s = answers::current_session(&tx, mode, &today)?;
    let cleared = answers::clear(&tx, s.consultation_id)?;
    tx.commit()?;
    Ok(cleared)
}

/// Checks the actor, takes questionnaire `id` from those loaded with the content, and runs `f` in
/// the draft's session, in one transaction.
pub(super) fn in_session<T>(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    id: &str,
    f: impl FnOnce(&Connection, Session<'_>, &Questionnaire) -> Result<T>,
) -> Result<T> {
    let mode = actor.mode()?;
    let q = content.questionnaires.get(id)?;
    let tx = db::write(conn)?;
    let today = clock::today();
    let s = answers::current_session(&tx, mode, &today)?;
    let out = f(&tx, s, q)?;
    tx.commit()?;
    Ok(out)
}
