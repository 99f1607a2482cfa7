//! "Ask an agent": a call-back request left by a kiosk visitor or taken by an agent (kept only
//! with the consent to be contacted, `privacy::lead`), the agents' list of them (audited there)
//! and marking one contacted. Leaving one needs no login at a kiosk; the list is an agent's.
//!
//! A call-back becomes a consultation (`start_consultation`): a new agent draft, the lead marked
//! as being handled in it by the logged-in agent. Nothing of the lead is copied then: the
//! visitor agreed to be contacted, not to a client file. The flow offers the lead's name and
//! phone for the new client file (`of_consultation`), which, like every client file, is created
//! only once the consent to saving the consultation is given (`consulting::create_client`). The
//! lead's own consent to be contacted is shown with its time, as the lead's; it is not turned
//! into a consent given in the consultation.

use super::home::{self, Opened};
use super::Actor;
use crate::audit;
use crate::consultation::{self, Mode};
use crate::privacy::lead::{self, Lead, NewLead};
use crate::{db, settings, steps, Error, Result};
use rusqlite::Connection;
use serde_json::json;

/// Leaves a call-back request, from the kiosk or the agent's window (`source`).
pub fn leave(conn: &Connection, actor: Actor, new: &NewLead) -> Result<Lead> {
    let source = actor.mode()?;
    let language = settings::language(conn)?;
    lead::submit(conn, source, language, new)
}

/// The call-back requests, for an agent.
pub fn list(conn: &Connection, actor: Actor) -> Result<Vec<Lead>> {
    actor.agent_id()?;
    lead::list(conn, &actor.tag())
}

/// Marks a request as contacted by the logged-in agent.
pub fn mark_contacted(conn: &Connection, actor: Actor, id: i64) -> Result<()> {
    lead::mark_contacted(conn, actor.agent_id()?, id)
}

/// Starts a consultation from call-back request `lead_id` (see the module's doc). A request
/// already taken into a consultation still in progress opens that one again; one whose
/// consultation was finished is refused (field `lead`).
pub fn start_consultation(conn: &Connection, actor: Actor, lead_id: i64) -> Result<Opened> {
    let agent = actor.agent_id()?;
    let found = lead::get(conn, lead_id)?;
    if let Some(id) = found.consultation_id {
        let status: String = conn.query_row(
            "SELECT status FROM consultations WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if status == "draft" {
            return home::resume(conn, actor, id);
        }
        return Err(Error::invalid(
            "lead",
            "this call-back request was already taken into a consultation that is finished; \
             open it from the records",
        ));
    }
    let tx = db::write(conn)?;
    let language = settings::language(&tx)?;
    let id = consultation::start_draft(&tx, Mode::Agent, language)?;
    lead::take_into(&tx, agent, lead_id, id)?;
    let opened = Opened {
        consultation_id: id,
        step: steps::at(&tx, id)?,
    };
    tx.commit()?;
    Ok(opened)
}

/// The call-back request consultation `id` was started from (`None` for any other), for the
/// flow to show its consent and offer its details; audited as a read of the lead.
pub fn of_consultation(conn: &Connection, actor: Actor, id: i64) -> Result<Option<Lead>> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let found = lead::of_consultation(&tx, id)?;
    // Audited whether or not there is one: the read asked for a call-back's personal data.
    audit::append(
        &tx,
        &actor.tag(),
        "lead.read",
        "lead",
        found.as_ref().map(|l| l.id),
        json!({ "consultation": id }),
    )?;
    tx.commit()?;
    Ok(found)
}
