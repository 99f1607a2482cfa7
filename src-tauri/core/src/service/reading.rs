//! Audited reads (NFRA art. 31): every read of records, client files, a history or the
//! follow-ups by an agent leaves an audit entry, written in the same transaction as the read.
//! Entries hold ids and counts, never what was searched for (a query may hold a name).
//!
//! The questionnaire's commands return the draft's answers (health ones included) and the
//! profile derived from them, so they run through here too: an agent's call is audited against
//! the draft consultation. A kiosk's is not: there the visitor sees only their own answers, and
//! the audit trail says which member of staff saw whose data.

use super::answering::{self, QuestionnaireView};
use super::reviewing::{self, ReviewOutcome};
use super::Actor;
use crate::audit;
use crate::catalogue::Catalogue;
use crate::consultation;
use crate::content::Library;
use crate::privacy::lead::Lead;
use crate::questionnaire::answers::AdviceOutcome;
use crate::questionnaire::rows::{RowEdit, RowOutcome};
use crate::questionnaire::FormState;
use crate::records::clause_report::{self, ClauseReport};
use crate::records::client::{self, Client};
use crate::records::followup::{self, FollowUp};
use crate::records::history::{self, Change};
use crate::records::search::{self, RecordPage, RecordQuery};
use crate::records::view;
use crate::{db, Result};
use rusqlite::Connection;
use serde_json::{json, Value};

/// Clients shown when choosing one (the most recently updated first).
pub const CLIENTS_FOUND_MAX: u32 = 20;
/// Follow-ups listed at most.
pub const FOLLOW_UPS_MAX: u32 = 500;

/// The full record of consultation `id`.
pub fn record(conn: &Connection, actor: Actor, id: i64) -> Result<view::Record> {
    audited(
        conn,
        actor,
        "record.read",
        "consultation",
        Some(id),
        |c| view::get(c, id),
        |_| json!({}),
    )
}

/// What consultation `id`'s record states about its clauses, per product (the record view and
/// the printout).
pub fn clauses(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    id: i64,
) -> Result<ClauseReport> {
    audited(
        conn,
        actor,
        "record.read",
        "consultation",
        Some(id),
        |c| clause_report::of_consultation(c, library, id),
        |_| json!({ "part": "clauses" }),
    )
}

/// A page of the records list; `today` (`YYYY-MM-DD`) decides which follow-ups are due.
pub fn records(
    conn: &Connection,
    actor: Actor,
    query: &RecordQuery,
    today: &str,
) -> Result<RecordPage> {
    audited(
        conn,
        actor,
        "record.search",
        "consultation",
        None,
        |c| search::search(c, query, today),
        |page| json!({ "total": page.total }),
    )
}

/// Existing clients (not erased) matching a fragment of a name, phone or contact person.
pub fn clients(conn: &Connection, actor: Actor, text: &str) -> Result<Vec<Client>> {
    audited(
        conn,
        actor,
        "client.search",
        "client",
        None,
        |c| client::find(c, text, CLIENTS_FOUND_MAX),
        |found| json!({ "count": found.len() }),
    )
}

/// The change history of consultation `id` and its client, oldest first.
pub fn history(conn: &Connection, actor: Actor, id: i64) -> Result<Vec<Change>> {
    audited(
        conn,
        actor,
        "record.history",
        "consultation",
        Some(id),
        |c| history::of_record(c, id),
        |changes| json!({ "changes": changes.len() }),
    )
}

/// Every pending follow-up, overdue first then by date, each saying how it stands against the
/// agent's `today` (`YYYY-MM-DD`).
pub fn follow_ups(conn: &Connection, actor: Actor, today: &str) -> Result<Vec<FollowUp>> {
    audited(
        conn,
        actor,
        "followup.list",
        "consultation",
        None,
        |c| followup::pending(c, today, None, FOLLOW_UPS_MAX),
        |rows| json!({ "count": rows.len() }),
    )
}

/// The call-back requests (names and phone numbers): `leads::list`, whose audit entry then
/// commits in one transaction with the read.
pub fn leads(conn: &Connection, actor: Actor) -> Result<Vec<Lead>> {
    let tx = db::write(conn)?;
    let found = super::leads::list(&tx, actor)?;
    tx.commit()?;
    Ok(found)
}

/// Questionnaire `id` with the draft's answers (`answering::open`).
pub fn questionnaire(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    id: &str,
    prefill: bool,
) -> Result<QuestionnaireView> {
    of_draft(
        conn,
        actor,
        "answers.read",
        json!({ "questionnaire": id }),
        |c| answering::open(c, actor, content, id, prefill),
    )
}

/// Where the draft stands in questionnaire `questionnaire_id`, its answers included.
pub fn answers(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
) -> Result<FormState> {
    of_draft(
        conn,
        actor,
        "answers.read",
        json!({ "questionnaire": questionnaire_id }),
        |c| answering::answers(c, actor, content, questionnaire_id),
    )
}

/// Saves one answer (`answering::answer`); what it returns holds every answer of the draft.
pub fn answer(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    question_id: &str,
    value: &Value,
) -> Result<FormState> {
    of_draft(
        conn,
        actor,
        "answers.save",
        json!({ "questionnaire": questionnaire_id, "question": question_id }),
        |c| answering::answer(c, actor, content, questionnaire_id, question_id, value),
    )
}

/// Edits a repeating group's rows (`answering::edit_rows`); what it returns holds every answer
/// of the draft.
pub fn edit_rows(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    group: &str,
    edit: &Value,
) -> Result<RowOutcome> {
    let edit = RowEdit::from_json(edit)?;
    of_draft(
        conn,
        actor,
        "answers.save",
        json!({ "questionnaire": questionnaire_id, "group": group }),
        |c| answering::edit_rows(c, actor, content, questionnaire_id, group, &edit),
    )
}

/// Runs and stores the needs analysis (`answering::compute_advice`): the profile it returns is
/// the client's figures.
pub fn compute_advice(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    overrides: Option<&Value>,
) -> Result<AdviceOutcome> {
    of_draft(
        conn,
        actor,
        "advice.compute",
        json!({ "questionnaire": questionnaire_id }),
        |c| answering::compute_advice(c, actor, content, questionnaire_id, overrides),
    )
}

/// The latest stored analysis of the draft (`answering::latest_advice`).
pub fn latest_advice(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
) -> Result<Option<AdviceOutcome>> {
    of_draft(
        conn,
        actor,
        "advice.read",
        json!({ "questionnaire": questionnaire_id }),
        |c| answering::latest_advice(c, actor, content, questionnaire_id),
    )
}

/// Computes the household policy review of the draft with the agent's edited assumptions
/// (`reviewing::compute`; kept for an agent).
pub fn compute_review(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
    assumptions: Option<&Value>,
) -> Result<ReviewOutcome> {
    of_draft(
        conn,
        actor,
        "review.compute",
        json!({ "questionnaire": questionnaire_id }),
        |c| reviewing::compute(c, actor, content, questionnaire_id, assumptions),
    )
}

/// The latest stored household review of the draft (`reviewing::latest`).
pub fn latest_review(
    conn: &Connection,
    actor: Actor,
    content: &Catalogue,
    questionnaire_id: &str,
) -> Result<Option<ReviewOutcome>> {
    of_draft(
        conn,
        actor,
        "review.read",
        json!({ "questionnaire": questionnaire_id }),
        |c| reviewing::latest(c, actor, content, questionnaire_id),
    )
}

/// Runs `run` (a use case on the actor's draft) and, for an agent, appends its audit entry
/// naming the draft, in one transaction.
fn of_draft<T>(
    conn: &Connection,
    actor: Actor,
    action: &str,
    detail: Value,
    run: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let mode = actor.mode()?;
    let tx = db::write(conn)?;
    let out = run(&tx)?;
    if actor.agent_id().is_ok() {
        let draft = consultation::current_draft(&tx, mode)?;
        audit::append(&tx, &actor.tag(), action, "consultation", draft, detail)?;
    }
    tx.commit()?;
    Ok(out)
}

/// Runs `read` as a logged-in agent and appends its audit entry, in one transaction.
fn audited<T>(
    conn: &Connection,
    actor: Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    read: impl FnOnce(&Connection) -> Result<T>,
    detail: impl FnOnce(&T) -> Value,
) -> Result<T> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let found = read(&tx)?;
    audit::append(&tx, &actor.tag(), action, entity, entity_id, detail(&found))?;
    tx.commit()?;
    Ok(found)
}
