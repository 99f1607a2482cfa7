//! Head office's roster of agents, pulled by the device on each sync (`presale-fleet`): a licence
//! revoked there stops that agent here (no login, and a session open is ended at its next
//! check), and an agent added there gets a profile here with the initial PIN head office gave,
//! which they must replace at their first login (`pin::replace_initial`).
//!
//! Only the initial PIN's argon2id hash travels, never a PIN; once the agent chose their own PIN
//! on a device, its hash stays on that device. A profile created on the device is left as it is
//! unless head office names its licence.

use crate::audit;
use crate::db::write_tx;
use crate::{clock, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The actor the audit log names for changes that came from head office's roster.
pub const ACTOR: &str = "head-office";

/// One agent in head office's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub licence_number: String,
    pub name: String,
    pub supervisor: bool,
    /// The argon2id hash (PHC string) of the initial PIN head office gave.
    pub initial_pin_hash: Option<String>,
    /// When the licence was revoked (RFC 3339), and why, in head office's words.
    pub revoked_at: Option<String>,
    pub revoked_reason: Option<String>,
}

/// What applying a roster changed here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub added: usize,
    pub revoked: usize,
    pub reinstated: usize,
}

/// Applies the roster in one transaction, each change audited under `head-office`.
pub fn apply(conn: &Connection, roster: &[Entry]) -> Result<Applied> {
    let tx = write_tx(conn)?;
    let mut applied = Applied::default();
    for e in roster {
        let found: Option<(i64, Option<String>)> = tx
            .query_row(
                "SELECT id, revoked_at FROM agents WHERE licence_number = ?1",
                [&e.licence_number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match (found, &e.revoked_at) {
            (Some((id, None)), Some(at)) => {
                tx.execute(
                    "UPDATE agents SET revoked_at = ?1, revoked_reason = ?2 WHERE id = ?3",
                    params![at, e.revoked_reason, id],
                )?;
                audit::append(&tx, ACTOR, "agent.revoke", "agent", Some(id), json!({}))?;
                applied.revoked += 1;
            }
            (Some((id, Some(_))), None) => {
                tx.execute(
                    "UPDATE agents SET revoked_at = NULL, revoked_reason = NULL WHERE id = ?1",
                    [id],
                )?;
                audit::append(&tx, ACTOR, "agent.reinstate", "agent", Some(id), json!({}))?;
                applied.reinstated += 1;
            }
            (Some(_), _) => {}
            (None, Some(_)) => {}
            (None, None) => {
                // Without an initial PIN nobody could log in as this profile: it waits for one.
                let Some(hash) = &e.initial_pin_hash else {
                    continue;
                };
                tx.execute(
                    "INSERT INTO agents (name, licence_number, pin_hash, created_at, supervisor,
                                         central, pin_must_change)
                     VALUES (?1, ?2, ?3, ?4, ?5, 1, 1)",
                    params![
                        e.name,
                        e.licence_number,
                        hash,
                        clock::now_rfc3339(),
                        e.supervisor
                    ],
                )?;
                let id = tx.last_insert_rowid();
                audit::append(
                    &tx,
                    ACTOR,
                    "agent.create",
                    "agent",
                    Some(id),
                    json!({ "supervisor": e.supervisor, "central": true }),
                )?;
                applied.added += 1;
            }
        }
    }
    tx.commit()?;
    Ok(applied)
}

/// Why agent `id` may no longer act here, if head office revoked their licence: when, and the
/// reason head office gave.
pub fn revocation(conn: &Connection, id: i64) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT revoked_at, coalesce(revoked_reason, '') FROM agents
              WHERE id = ?1 AND revoked_at IS NOT NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The hash head office keeps and sends of an initial PIN (`presale fleet agent add`): the PIN
/// follows the rules of a new PIN (reported on field `pin`), and only its argon2id hash leaves
/// the machine it was typed on.
pub fn initial_pin_hash(pin: &str) -> Result<String> {
    super::pin::check_new(pin, "pin")?;
    super::pin::hash(pin)
}
