//! Erasing personal data: a client's right to deletion (PIPL art. 47), and the end of retention.
//! What stays is what holds no personal data: the emptied rows (ids, kind, dates, the agent) and
//! an audit entry saying what was erased, when and by whom.

use super::{delete_attached, Rows};
use crate::audit;
use crate::records::history::{self, Entity};
use crate::records::{client, record};
use crate::Result;
use rusqlite::Connection;
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

/// Empties one consultation's personal content inside the caller's transaction: its own columns
/// (`record::erase_in`), the rows other modules keep for it (answers, advice results...) except
/// the evidence of which clauses were presented, and its change history. An erased draft is
/// closed so it is never resumed.
pub(crate) fn erase_consultation_in(conn: &Connection, id: i64) -> Result<()> {
    record::erase_in(conn, id)?;
    delete_attached(conn, id, Rows::Personal)?;
    history::forget(conn, Entity::Consultation, id)?;
    Ok(())
}
