//! Erasing personal data: a client's right to deletion (PIPL art. 47), and the end of retention.
//! What stays is what holds no personal data: the emptied rows (ids, kind, dates, the agent) and
//! an audit entry saying what was erased, when and by whom.

use super::client;
use super::history::{self, Entity};
use super::view::{attached_tables, quoted};
use crate::audit;
use crate::{clock, Error, Result};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erased {
    pub client_id: i64,
    /// Consultations whose personal content was removed.
    pub consultations: Vec<i64>,
}

/// Removes a client's personal data and that of all their consultations (notes, decision text,
/// answers, advice, the change history), leaving an audit entry without it. What holds no
/// personal data stays: the emptied rows, consents given, and which clauses were shown,
/// explained and acknowledged.
pub fn erase_client(conn: &Connection, actor: &str, client_id: i64) -> Result<Erased> {
    let tx = crate::db::write(conn)?;
    let consultations: Vec<i64> = tx
        .prepare("SELECT id FROM consultations WHERE client_id = ?1 ORDER BY id")?
        .query_map([client_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    client::erase_in(&tx, client_id)?;
    for &id in &consultations {
        erase_consultation_in(&tx, id)?;
    }
    audit::append(
        &tx,
        actor,
        "client.erase",
        "client",
        Some(client_id),
        json!({ "reason": "request", "consultations": consultations }),
    )?;
    tx.commit()?;
    Ok(Erased {
        client_id,
        consultations,
    })
}

/// Empties one consultation's personal content inside the caller's transaction. An erased draft
/// is closed so it is never resumed.
pub(crate) fn erase_consultation_in(conn: &Connection, id: i64) -> Result<()> {
    let now = clock::now_rfc3339();
    let n = conn.execute(
        "UPDATE consultations SET notes = NULL, decision = NULL, follow_up_on = NULL,
             follow_up_status = NULL, erased_at = ?1, updated_at = ?1,
             status = 'finished', ended_at = coalesce(ended_at, ?1)
         WHERE id = ?2",
        params![now, id],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("consultation {id}")));
    }
    delete_attached(conn, id)?;
    history::forget(conn, Entity::Consultation, id)?;
    Ok(())
}

/// Tables attached to a consultation that hold no personal data and are kept as evidence: which
/// clause versions were shown, explained and acknowledged when (PRC Insurance Law art. 17).
const KEPT_ON_ERASE: [&str; 1] = ["clause_states"];

/// Deletes the rows other modules keep for the consultation (answers, advice results...), except
/// the evidence in [`KEPT_ON_ERASE`]. Their tables may reference one
/// another, so a delete refused by a foreign key is retried after the others.
fn delete_attached(conn: &Connection, id: i64) -> Result<()> {
    let mut pending = attached_tables(conn)?;
    pending.retain(|t| !KEPT_ON_ERASE.contains(&t.as_str()));
    while !pending.is_empty() {
        let attempted = pending.len();
        let mut refused = Vec::new();
        let mut last_error = None;
        for table in pending.drain(..) {
            let sql = format!("DELETE FROM {} WHERE consultation_id = ?1", quoted(&table));
            match conn.execute(&sql, [id]) {
                Ok(_) => {}
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                {
                    refused.push(table);
                    last_error = Some(e);
                }
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(e) = last_error {
            if refused.len() == attempted {
                // No table could be emptied in a whole pass: a cycle or an outside reference.
                return Err(e.into());
            }
        }
        pending = refused;
    }
    Ok(())
}
