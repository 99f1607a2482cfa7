//! The agent's home: what waits for the logged-in agent, in one audited read (it shows client
//! names and phone numbers): the consultations in progress and the step each is at, the
//! follow-ups overdue and of the coming days, and the call-back requests nobody took yet.
//!
//! Whose drafts: a consultation draft belongs to the agent window, not to one agent (nothing
//! names its agent before it is finished, and the flow resumes the window's newest draft for
//! whoever is logged in), so every agent draft is listed to every agent logged in here.

use super::Actor;
use crate::audit;
use crate::consultation::{self, Mode};
use crate::privacy::lead::{self, Lead};
use crate::records::followup::{self, FollowUp};
use crate::{db, steps, Error, Result};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;

/// Consultations in progress listed at most (the newest first).
pub const DRAFTS_MAX: u32 = 20;
/// Follow-ups listed at most on the home (the follow-ups page has them all).
pub const FOLLOW_UPS_MAX: u32 = 50;
/// Call-backs listed at most on the home (the leads page has them all).
pub const CALL_BACKS_MAX: u32 = 50;

/// Everything the agent's home shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentHome {
    /// Agent drafts, the most recently changed first.
    pub in_progress: Vec<Draft>,
    /// Pending follow-ups overdue or due within `followup::SOON_DAYS` days, overdue first.
    pub follow_ups: Vec<FollowUp>,
    /// Call-back requests waiting (`new`), the longest waiting first.
    pub call_backs: Vec<Lead>,
}

/// A consultation in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub id: i64,
    pub started_at: String,
    pub updated_at: String,
    /// The client's name (or unit name) once a client was chosen.
    pub client_name: Option<String>,
    /// The name the call-back request gave, for a consultation started from one.
    pub lead_name: Option<String>,
    /// The step it is at (`steps::STEPS`): where resuming opens it.
    pub step: &'static str,
}

/// Where a consultation opens: its id and the step it is at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opened {
    pub consultation_id: i64,
    pub step: &'static str,
}

/// The agent's home as of the agent's `today` (`YYYY-MM-DD`), audited as one read.
pub fn agent_home(conn: &Connection, actor: Actor, today: &str) -> Result<AgentHome> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let home = AgentHome {
        in_progress: drafts(&tx)?,
        follow_ups: followup::pending(&tx, today, Some(followup::SOON_DAYS), FOLLOW_UPS_MAX)?,
        call_backs: lead::waiting(&tx, CALL_BACKS_MAX)?,
    };
    audit::append(
        &tx,
        &actor.tag(),
        "home.read",
        "consultation",
        None,
        json!({
            "drafts": home.in_progress.len(),
            "follow_ups": home.follow_ups.len(),
            "call_backs": home.call_backs.len(),
        }),
    )?;
    tx.commit()?;
    Ok(home)
}

/// "Start a consultation": the window's agent draft (started if there is none) and its step.
pub fn start(conn: &Connection, actor: Actor) -> Result<Opened> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let language = crate::settings::language(&tx)?;
    let id = consultation::current_or_start(&tx, Mode::Agent, language)?;
    let opened = Opened {
        consultation_id: id,
        step: steps::at(&tx, id)?,
    };
    tx.commit()?;
    Ok(opened)
}

/// Makes agent draft `id` the window's current consultation (the flow works on the newest
/// draft) and says the step to open. Refused for a finished record or a kiosk visit's.
pub fn resume(conn: &Connection, actor: Actor, id: i64) -> Result<Opened> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let (status, mode): (String, String) = tx
        .query_row(
            "SELECT status, mode FROM consultations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|_| Error::NotFound(format!("consultation {id}")))?;
    if mode != Mode::Agent.tag() || status != "draft" {
        return Err(Error::invalid(
            "consultation",
            "only a consultation in progress can be resumed; open a finished one from the records",
        ));
    }
    // Newer than every other draft: the flow's `current_consultation` is now this one.
    tx.execute(
        "UPDATE consultations SET updated_at = max(?1, (SELECT max(updated_at) FROM consultations
           WHERE status = 'draft' AND mode = 'agent')) WHERE id = ?2",
        params![crate::clock::now_rfc3339(), id],
    )?;
    let opened = Opened {
        consultation_id: id,
        step: steps::at(&tx, id)?,
    };
    tx.commit()?;
    Ok(opened)
}

fn drafts(conn: &Connection) -> Result<Vec<Draft>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.started_at, c.updated_at, k.name, l.name
         FROM consultations c
         LEFT JOIN clients k ON k.id = c.client_id
         LEFT JOIN leads l ON l.consultation_id = c.id AND l.erased_at IS NULL
         WHERE c.status = 'draft' AND c.mode = 'agent'
         ORDER BY c.updated_at DESC, c.id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([DRAFTS_MAX], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, started_at, updated_at, client_name, lead_name)| {
            Ok(Draft {
                id,
                started_at,
                updated_at,
                client_name,
                lead_name,
                step: steps::at(conn, id)?,
            })
        })
        .collect()
}
