//! The audit log, the one module that writes and checks it: what was done (to records, agents,
//! consents, the content), by whom and when, never with personal data. Entries are hash-chained
//! (sha256 over the previous hash and the entry's canonical content); `verify` says whether and
//! where the chain breaks (`presale audit verify`).
//!
//! Owns the tables `audit_log` and `audit_head`. Every other module appends through `append`,
//! inside the transaction of the change it describes.

mod verify;

pub use verify::{hash_of, head, verify, Break, BrokenAt};

use crate::{clock, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry as read back.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// JSON object with ids and counts only.
    pub detail: serde_json::Value,
}

/// Appends an entry. Call inside the write transaction of the change it describes, so the entry
/// and the change are committed together or not at all. `detail` must hold no personal data.
pub fn append(
    conn: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<()> {
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = clock::now_rfc3339();
    let detail = detail.to_string();
    let hash = chain_hash(&prev, &at, actor, action, entity, entity_id, &detail);
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![at, actor, action, entity, entity_id, detail, prev, hash],
    )?;
    Ok(())
}

/// Appends an entry in its own IMMEDIATE transaction (or a savepoint of the caller's), for events
/// that change nothing else (an export). A use case that reads and audits does both in one
/// transaction instead (`service::reading`).
pub fn log(
    conn: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<()> {
    let tx = crate::db::write(conn)?;
    append(&tx, actor, action, entity, entity_id, detail)?;
    tx.commit()?;
    Ok(())
}

/// The hash of an entry: sha256 of the previous hash, a newline, and the entry's canonical
/// content (a JSON array of its fields in a fixed order; `detail` as stored).
pub fn chain_hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> String {
    let canonical = serde_json::json!([at, actor, action, entity, entity_id, detail]).to_string();
    let digest = Sha256::new()
        .chain_update(prev.as_bytes())
        .chain_update(b"\n")
        .chain_update(canonical.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The newest entries, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log
         ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        let detail: String = r.get(6)?;
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use serde_json::json;

    #[test]
    fn entries_chain_and_tampering_is_found() {
        let conn = db::open_in_memory().unwrap();
        let verify = |c: &Connection| verify(c).unwrap();
        assert_eq!(verify(&conn), Ok(0), "an empty log is intact");
        for i in 1..=3 {
            append(
                &conn,
                "agent",
                "client.create",
                "client",
                Some(i),
                json!({}),
            )
            .unwrap();
        }
        assert_eq!(verify(&conn), Ok(3), "an untouched log verifies");
        let first_prev: String = conn
            .query_row("SELECT prev_hash FROM audit_log WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(first_prev, GENESIS, "the chain starts at the genesis hash");
        conn.execute(
            "UPDATE audit_log SET actor = 'someone else' WHERE id = 2",
            [],
        )
        .unwrap();
        assert_eq!(
            verify(&conn).map_err(|b| b.id),
            Err(2),
            "an edited entry breaks the chain"
        );
    }

    #[test]
    fn the_hash_depends_on_every_field() {
        let base = chain_hash(GENESIS, "t", "a", "x", "client", Some(1), "{}");
        assert_eq!(base.len(), 64, "hex sha256");
        assert_ne!(
            base,
            chain_hash(GENESIS, "t", "a", "x", "client", Some(2), "{}")
        );
        assert_ne!(
            base,
            chain_hash(GENESIS, "t", "a", "x", "client", Some(1), "{\"n\":1}")
        );
        assert_ne!(
            base,
            chain_hash(&base, "t", "a", "x", "client", Some(1), "{}")
        );
    }
}
