//! The outbox: a change head office must see is marked here in the same transaction as the change
//! itself, with a per-device sequence number; the sync sends the rows in order and deletes them
//! only once the server acknowledged them.
//!
//! A row names what changed, not a copy of it: the content is read when the row is sent, so a
//! later edit or an erasure travels as it is by then, and no second copy of a client's personal
//! data waits on the disk. At most one row waits per entity (a newer change takes a higher
//! sequence number and replaces it).
//!
//! Who marks what: a finished consultation and its later edits are marked by the use case
//! (`consultation_changed`); the client file of a finished consultation, consents, leads and
//! audit entries by the schema's triggers on their tables (migration 16), so no write path can
//! forget them. An erasure (on request, on a withdrawn consent, at the end of retention) leaves
//! a tombstone, also by trigger: an `erasure` row whose `ids` name the device-local ids erased
//! (`{"consultations": [..]}`, `{"clients": [..]}` or `{"leads": [..]}`), sent as they are, so the
//! central copy is erased even once the rows here are gone.

use crate::privacy::{consent, lead};
use crate::records::{client, view};
use crate::{clock, db, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// What an outbox row is about: a finished consultation (its record as the record view holds it).
pub const CONSULTATION: &str = "consultation";
/// A client file (of a client with a finished consultation).
pub const CLIENT: &str = "client";
/// A consent, given or withdrawn (no personal data: purpose, notice version, times, ids).
pub const CONSENT: &str = "consent";
/// A call-back request.
pub const LEAD: &str = "lead";
/// An audit entry (ids and counts only), with its place in the hash chain.
pub const AUDIT: &str = "audit";
/// A tombstone: the device-local ids erased; its payload is those ids.
pub const ERASURE: &str = "erasure";

/// Marks a consultation for sending if it is finished (a draft stays on the device). Call it in
/// the transaction that finished or changed the record.
pub fn consultation_changed(conn: &Connection, consultation: i64) -> Result<()> {
    let status: Option<String> = conn
        .prepare_cached("SELECT status FROM consultations WHERE id = ?1")?
        .query_row([consultation], |r| r.get(0))
        .optional()?;
    if status.as_deref() != Some("finished") {
        return Ok(());
    }
    enqueue(conn, CONSULTATION, consultation)
}

fn enqueue(conn: &Connection, kind: &str, entity_id: i64) -> Result<()> {
    let tx = db::write(conn)?;
    // Cached: a mark runs inside every save.
    tx.prepare_cached("DELETE FROM fleet_outbox WHERE kind = ?1 AND entity_id = ?2")?
        .execute(params![kind, entity_id])?;
    tx.prepare_cached(
        "INSERT INTO fleet_outbox (kind, entity_id, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![kind, entity_id, clock::now_rfc3339()])?;
    tx.commit()
}

/// One row ready to send: its sequence number, what it is, and its content as it is now
/// (`null` when the entity no longer exists on the device, or was erased: a lead; for a
/// tombstone, the ids it names).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pending {
    pub seq: i64,
    pub kind: String,
    pub entity_id: i64,
    pub payload: serde_json::Value,
}

/// The oldest `limit` rows waiting, in sequence order, with their content read now.
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, entity_id, ids FROM fleet_outbox ORDER BY seq LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, i64, Option<String>)>>>()?;
    rows.into_iter()
        .map(|(seq, kind, entity_id, ids)| {
            let payload = content(conn, &kind, entity_id, ids.as_deref()).map_err(|e| match e {
                Error::Content(m) => Error::Content(format!("outbox row {seq}: {m}")),
                e => e,
            })?;
            Ok(Pending {
                seq,
                kind,
                entity_id,
                payload,
            })
        })
        .collect()
}

/// A row's content as it is now; `null` when the entity is gone.
fn content(conn: &Connection, kind: &str, id: i64, ids: Option<&str>) -> Result<serde_json::Value> {
    fn json<T: Serialize>(found: Result<T>) -> Result<serde_json::Value> {
        match found {
            Ok(v) => serde_json::to_value(v).map_err(|e| Error::Content(e.to_string())),
            Err(Error::NotFound(_)) => Ok(serde_json::Value::Null),
            Err(e) => Err(e),
        }
    }
    match kind {
        CONSULTATION => json(view::get(conn, id)),
        CLIENT => json(client::get(conn, id)),
        CONSENT => json(consent::get(conn, id)),
        LEAD => json(lead::get(conn, id)),
        AUDIT => json(audit_entry(conn, id)),
        ERASURE => serde_json::from_str(ids.unwrap_or("null"))
            .map_err(|e| Error::Content(format!("a tombstone's ids are not JSON: {e}"))),
        other => Err(Error::Content(format!("unknown outbox row kind `{other}`"))),
    }
}

/// One audit entry with its hash and the previous one, so head office can check each device's
/// chain.
fn audit_entry(conn: &Connection, id: i64) -> Result<serde_json::Value> {
    conn.query_row(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash
           FROM audit_log WHERE id = ?1",
        [id],
        |r| {
            let detail: String = r.get(6)?;
            Ok(serde_json::json!({
                "id": r.get::<_, i64>(0)?,
                "at": r.get::<_, String>(1)?,
                "actor": r.get::<_, String>(2)?,
                "action": r.get::<_, String>(3)?,
                "entity": r.get::<_, String>(4)?,
                "entity_id": r.get::<_, Option<i64>>(5)?,
                "detail": serde_json::from_str::<serde_json::Value>(&detail)
                    .unwrap_or(serde_json::Value::Null),
                "prev_hash": r.get::<_, String>(7)?,
                "hash": r.get::<_, String>(8)?,
            }))
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("audit entry {id}")))
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
    "revoked",
    "tls",
    "schema",
    "server",
    "local",
];

/// Where the device's sync stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Rows waiting to be sent (every kind).
    pub waiting: i64,
    /// Of them, the finished consultations (what an agent counts).
    pub records_waiting: i64,
    /// Of them, audit entries (every read writes one, so they alone never make the device
    /// "waiting" to the agent).
    pub audit_waiting: i64,
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
    let (waiting, records_waiting, audit_waiting): (i64, i64, i64) = conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE kind = 'consultation'),
                count(*) FILTER (WHERE kind = 'audit')
           FROM fleet_outbox",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(conn.query_row(
        "SELECT acknowledged_through, last_attempt_at, last_success_at, last_error,
                last_error_kind
           FROM fleet_sync_state WHERE id = 1",
        [],
        |r| {
            Ok(Status {
                waiting,
                records_waiting,
                audit_waiting,
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
            tx.prepare("SELECT kind, entity_id, ids, created_at FROM fleet_outbox ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
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
    for (kind, entity_id, ids, created_at) in &rows {
        tx.execute(
            "INSERT INTO fleet_outbox (kind, entity_id, ids, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![kind, entity_id, ids, created_at],
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

/// The newest sequence number this device has handed out (0 before the first): reported to the
/// server on each sync, so head office sees the backlog of a device that cannot send it all.
pub fn newest(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'fleet_outbox'), 0)",
        [],
        |r| r.get(0),
    )?)
}
