//! "Ask an agent": a call-back request left by a kiosk visitor or taken by an agent (kept only
//! with the consent to be contacted, `privacy::lead`), the agents' list of them (audited there)
//! and marking one contacted. Leaving one needs no login at a kiosk; the list is an agent's.

use super::Actor;
use crate::privacy::lead::{self, Lead, NewLead};
use crate::{settings, Result};
use rusqlite::Connection;

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
