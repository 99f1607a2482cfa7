//! The household policy review of a consultation (issue #16): computed from the draft's answers
//! (`household::from_answers`: the `members` and `policies` repeat groups and the household-wide
//! questions) and kept with the consultation beside its advice, each review a new row
//! (`household::store`). A kiosk visitor sees the review and nothing of it is kept. Only an
//! agent edits the review's assumptions (`forbidden` at a kiosk, which shows them read-only);
//! the edits are the input's `assumptions`, kept with it, and the review lists them (`edited`).

use super::answering::in_session;
use super::Actor;
use crate::catalogue::Catalogue;
use crate::consultation::{self, Mode};
use crate::household::assumptions::{Editable, EDITABLE};
use crate::household::{self, store};
use crate::questionnaire::answers;
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

/// A review computed or read back.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewOutcome {
    /// The stored row; `None` when nothing was kept (a kiosk visit).
    pub id: Option<i64>,
    pub saved: bool,
    pub questionnaire_id: String,
    pub engine_version: String,
    /// `household::Review` as JSON; its `edited` lists the assumptions the agent changed.
    pub review: Value,
    /// The assumptions an agent may edit, with defaults, limits and usual ranges.
    pub editable: &'static [Editable],
}

/// Reviews the household of the draft's answers to questionnaire `questionnaire_id` (a family
/// questionnaire) with `overrides` (the agent's edited assumptions, as the input's
/// `assumptions`; null or `{}` for none) and, for an agent, stores the review with the
/// consultation. Bad rows are refused naming the group, the row and the question
/// (`policies[3].sum_insured: ...`), a bad edit naming the assumption
/// (`assumptions.discount_rate: must be from 0 to 0.2, got 0.5`); edits at a kiosk are refused.
pub fn compute(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    overrides: Option<&Value>,
) -> Result<ReviewOutcome> {
    let mode = actor.mode()?;
    let edits = overrides.filter(|o| !o.is_null() && o.as_object().map_or(true, |m| !m.is_empty()));
    if edits.is_some() && mode == Mode::Kiosk {
        return Err(Error::Forbidden(
            "assumptions are edited by an agent".into(),
        ));
    }
    in_session(conn, actor, content, questionnaire_id, |tx, s, q| {
        if q.definition.kind != "family" {
            return Err(Error::invalid(
                "questionnaire",
                "the household review is made from a family questionnaire",
            ));
        }
        let form = answers::state(tx, s, q)?;
        let given = Value::Object(form.answers.into_iter().collect());
        let mut input = household::to_input(&given)?;
        if let (Some(edits), Value::Object(top)) = (edits, &mut input) {
            top.insert("assumptions".into(), edits.clone());
        }
        let today = household::today_date(s.today)?;
        let review = household::review(&household::from_json(&input, today)?)?;
        let id = match mode {
            Mode::Kiosk => None,
            Mode::Agent => {
                let id = store::save(
                    tx,
                    s.consultation_id,
                    (&q.definition.id, &q.version),
                    &input,
                    &review,
                )?;
                consultation::touch(tx, s.consultation_id)?;
                Some(id)
            }
        };
        Ok(ReviewOutcome {
            id,
            saved: id.is_some(),
            questionnaire_id: q.definition.id.clone(),
            engine_version: household::ENGINE_VERSION.to_string(),
            review: serde_json::to_value(&review)
                .map_err(|e| Error::Content(format!("the review could not be serialised: {e}")))?,
            editable: EDITABLE,
        })
    })
}

/// The latest stored review of the draft, if any, with the edits it was made with.
pub fn latest(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
) -> Result<Option<ReviewOutcome>> {
    in_session(conn, actor, content, questionnaire_id, |tx, s, _| {
        Ok(
            store::latest(tx, s.consultation_id, questionnaire_id)?.map(|r| ReviewOutcome {
                id: Some(r.id),
                saved: true,
                questionnaire_id: r.questionnaire_id,
                engine_version: r.engine_version,
                review: r.review,
                editable: EDITABLE,
            }),
        )
    })
}
