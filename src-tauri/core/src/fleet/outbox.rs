//! The outbox: a change head office must see is marked here in the same transaction as the change
//! itself, with a per-device sequence number; the sync sends the rows in order and deletes them
//! only once the server acknowledged them.
//!
//! A row names what changed, not a copy of it: the content is read when the row is sent, so a
//! later edit or an erasure travels as it is by then, and no second copy of a client's personal
//! data waits on the disk. At most one row waits per record (a newer change takes a higher
//! sequence number and replaces it). Today only finished consultations are sent.

use crate::records::view;
use crate::{clock, db, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// What an outbox row is about.
pub const CONSULTATION: &str = "consultation";

/// Marks a consultation for sending if it is finished (a draft stays on the device). Call it in
/// the transaction that finished or changed the record.
pub fn consultation_changed(conn: &Connection, consultation: i64) -> Result<()> {
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM consultations WHERE id = ?1",
            [consultation],
            |r| r.get(0),
        )
        .optional()?;
    if status.as_deref() != Some("finished") {
        return Ok(());
    }
    enqueue(conn, CONSULTATION, consultation)
}

fn enqueue(conn: &Connection, kind: &str, entity_id: i64) -> Result<()> {
    let tx = db::write(conn)?;
    tx.execute(
        "DELETE FROM fleet_outbox WHERE kind = ?1 AND entity_id = ?2",
        params![kind, entity_id],
    )?;
    tx.execute(
        "INSERT INTO fleet_outbox (kind, entity_id, created_at) VALUES (?1, ?2, ?3)",
        params![kind, entity_id, clock::now_rfc3339()],
    )?;
    tx.commit()
}

/// One row ready to send: its sequence number, what it is, and its content as it is now
/// (`null` when the record no longer exists on the device).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pending {
    pub seq: i64,
    pub kind: String,
    pub entity_id: i64,
    pub payload: serde_json::Value,
}

/// The oldest `limit` rows waiting, in sequence order, with their content read now.
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<Pending>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, kind, entity_id FROM fleet_outbox ORDER BY seq LIMIT ?1")?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, i64)>>>()?;
    rows.into_iter()
        .map(|(seq, kind, entity_id)| {
            let payload = match view::get(conn, entity_id) {
                Ok(record) => serde_json::to_value(record)
                    .map_err(|e| Error::Content(format!("outbox row {seq}: {e}")))?,
                Err(Error::NotFound(_)) => serde_json::Value::Null,
                Err(e) => return Err(e),
            };
            Ok(Pending {
                seq,
                kind,
                entity_id,
                payload,
            })
        })
        .collect()
}

/// The server acknowledged every row up to `through`: deletes them and notes the success.
/// Returns how many rows were deleted.
pub fn acknowledge(conn: &Connection, through: i64) -> Result<usize> {
    let tx = db::write(conn)?;
    let deleted = tx.execute("DELETE FROM fleet_outbox WHERE seq <= ?1", [through])?;
    let now = clock::now_rfc3339();
    tx.execute(
        "UPDATE fleet_sync_state SET acknowledged_through = max(acknowledged_through, ?1),
                last_attempt_at = ?2, last_success_at = ?2, last_error = NULL,
                last_error_kind = NULL WHERE id = 1",
        params![through, now],
    )?;
    tx.commit()?;
    Ok(deleted)
}

/// Notes a failed attempt: its kind (see `ERROR_KINDS`) and its plain words (shown by
/// `presale sync status`); the rows stay.
pub fn record_failure(conn: &Connection, kind: &str, message: &str) -> Result<()> {
    if !ERROR_KINDS.contains(&kind) {
        return Err(Error::invalid(
            "kind",
            format!("`{kind}` is not a kind of sync failure"),
        ));
    }
    conn.execute(
        "UPDATE fleet_sync_state SET last_attempt_at = ?1, last_error = ?2, last_error_kind = ?3
          WHERE id = 1",
        params![clock::now_rfc3339(), message, kind],
    )?;
    Ok(())
}

/// What a sync can fail on, as `presale_fleet::FleetError` names it: the window words each in
/// the agent's language.
pub const ERROR_KINDS: &[&str] = &[
    "config",
    "unreachable",
    "refused",
    "tls",
    "schema",
    "server",
    "local",
];

/// Where the device's sync stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Rows waiting to be sent.
    pub waiting: i64,
    /// The highest sequence number the server acknowledged.
    pub acknowledged_through: i64,
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    /// The last attempt's problem, in plain words; `None` once an attempt succeeded.
    pub last_error: Option<String>,
    /// Its kind, one of `ERROR_KINDS`.
    pub last_error_kind: Option<String>,
}

pub fn status(conn: &Connection) -> Result<Status> {
    let waiting: i64 = conn.query_row("SELECT count(*) FROM fleet_outbox", [], |r| r.get(0))?;
    Ok(conn.query_row(
        "SELECT acknowledged_through, last_attempt_at, last_success_at, last_error,
                last_error_kind
           FROM fleet_sync_state WHERE id = 1",
        [],
        |r| {
            Ok(Status {
                waiting,
                acknowledged_through: r.get(0)?,
                last_attempt_at: r.get(1)?,
                last_success_at: r.get(2)?,
                last_error: r.get(3)?,
                last_error_kind: r.get(4)?,
            })
        },
    )?)
}

/// Before sending: when the server has applied numbers beyond any this database handed out (it
/// was restored from an older backup), the waiting rows are numbered after the server's cursor,
/// or the server would take them for rows it had already applied. Their content is the record
/// as it is now, so applying them again loses nothing. Returns how many rows were renumbered.
pub fn continue_after(conn: &Connection, server_cursor: i64) -> Result<usize> {
    let local: i64 = conn
        .query_row(
            "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'fleet_outbox'), 0)",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    if server_cursor <= local {
        return Ok(0);
    }
    let tx = db::write(conn)?;
    let rows = {
        let mut stmt =
            tx.prepare("SELECT kind, entity_id, created_at FROM fleet_outbox ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    tx.execute("DELETE FROM fleet_outbox", [])?;
    tx.execute(
        "DELETE FROM sqlite_sequence WHERE name = 'fleet_outbox'",
        [],
    )?;
    tx.execute(
        "INSERT INTO sqlite_sequence (name, seq) VALUES ('fleet_outbox', ?1)",
        [server_cursor],
    )?;
    for (kind, entity_id, created_at) in &rows {
        tx.execute(
            "INSERT INTO fleet_outbox (kind, entity_id, created_at) VALUES (?1, ?2, ?3)",
            params![kind, entity_id, created_at],
        )?;
    }
    tx.commit()?;
    tracing::warn!(
        rows = rows.len(),
        server_cursor,
        "outbox numbered after the server's cursor"
    );
    Ok(rows.len())
}
