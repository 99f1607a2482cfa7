//! Clearing a kiosk visitor: when they end the session or walk away, every row their consultation
//! left (answers, clause states, consents, anything another module hangs on the consultation id)
//! is deleted with the draft itself, in one transaction. Leads they consented to are not tied to
//! the consultation and stay.

use super::{consent, delete_attached, Rows};
use crate::audit;
use crate::records::history::{self, Entity};
use crate::records::record;
use crate::{Error, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

/// What a reset removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cleared {
    pub consultations: usize,
    /// Rows deleted, the drafts included.
    pub rows: usize,
}

/// Deletes one kiosk draft and everything attached to it. Finished records and agents' drafts are
/// refused: a kiosk never deletes a record.
pub fn reset_visitor(conn: &Connection, consultation_id: i64) -> Result<Cleared> {
    let tx = crate::db::write(conn)?;
    let found: Option<(String, String)> = tx
        .query_row(
            "SELECT status, mode FROM consultations WHERE id = ?1",
            [consultation_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found.as_ref().map(|(s, m)| (s.as_str(), m.as_str())) {
        None => return Err(Error::NotFound(format!("consultation {consultation_id}"))),
        Some(("draft", "kiosk")) => {}
        Some(_) => {
            return Err(Error::Forbidden(format!(
                "consultation {consultation_id} is not a kiosk draft"
            )))
        }
    }
    let rows = delete_consultation_in(&tx, consultation_id)?;
    audit::append(
        &tx,
        "kiosk",
        "kiosk.reset",
        "consultation",
        Some(consultation_id),
        json!({ "rows": rows }),
    )?;
    tx.commit()?;
    Ok(Cleared {
        consultations: 1,
        rows,
    })
}

/// Deletes the kiosk drafts started before `started_before` (RFC 3339, as stored): at start-up,
/// what a visitor left when the app stopped (a crash, a power cut) before their reset ran. A
/// visitor who began after the start is left alone.
pub fn clear_left_over(conn: &Connection, started_before: &str) -> Result<Cleared> {
    reset_drafts(conn, Some(started_before))
}

/// Deletes every kiosk draft: what "End and clear my data" and the idle timeout do, so that no
/// earlier visitor's draft can survive either.
pub fn reset_kiosk(conn: &Connection) -> Result<Cleared> {
    reset_drafts(conn, None)
}

/// Resets, one by one, the kiosk drafts started before `started_before` (all when `None`).
fn reset_drafts(conn: &Connection, started_before: Option<&str>) -> Result<Cleared> {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM consultations
              WHERE mode = 'kiosk' AND status = 'draft' AND (?1 IS NULL OR started_at < ?1)
              ORDER BY id",
        )?
        .query_map([started_before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut total = Cleared::default();
    for id in ids {
        let c = reset_visitor(conn, id)?;
        total.consultations += c.consultations;
        total.rows += c.rows;
    }
    Ok(total)
}

/// Deletes a consultation and its attached rows inside the caller's transaction; returns the
/// number of rows deleted. Withdrawn consents are kept (detached) as evidence of the withdrawal.
pub(crate) fn delete_consultation_in(conn: &Connection, id: i64) -> Result<usize> {
    let mut rows = consent::release_in(conn, id)?;
    rows += delete_attached(conn, id, Rows::All)?;
    rows += history::forget(conn, Entity::Consultation, id)?;
    rows += record::delete_in(conn, id)?;
    Ok(rows)
}

/// Deletes the consultation's sensitive rows (health answers): rows of its tables that carry a
/// `sensitive` column set to 1.
pub(crate) fn delete_sensitive_in(conn: &Connection, id: i64) -> Result<usize> {
    delete_attached(conn, id, Rows::Sensitive)
}
