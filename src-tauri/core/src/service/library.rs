//! Reading the content library again (an insurer's updated tree, without a restart): an agent's
//! task, audited. The shell holds the library, so it passes the reading in as `reload`; the
//! connection is taken only afterwards (the reload brings the search index up to date through
//! it).

use super::Actor;
use crate::audit;
use crate::problem::Problem;
use crate::{db, Result};
use rusqlite::Connection;
use serde_json::json;
use std::ops::Deref;

/// Runs `reload` for an agent (it returns the new library's product count and its problems),
/// then notes it in the audit log; returns the problems.
pub fn reload<C: Deref<Target = Connection>>(
    actor: Actor,
    reload: impl FnOnce() -> (usize, Vec<Problem>),
    conn: impl FnOnce() -> C,
) -> Result<Vec<Problem>> {
    actor.agent_id()?;
    let (products, problems) = reload();
    let conn = conn();
    let tx = db::write(&conn)?;
    audit::append(
        &tx,
        &actor.tag(),
        "content.reload",
        "content",
        None,
        json!({ "products": products, "problems": problems.len() }),
    )?;
    tx.commit()?;
    Ok(problems)
}
