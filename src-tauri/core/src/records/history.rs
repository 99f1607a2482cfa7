//! The change history of records: every change to a client or a consultation, field by field,
//! with who and when. An edit never destroys what was there before.

use crate::{clock, Result};
use rusqlite::{params, Connection};
use serde::Serialize;

/// What a change belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Client,
    Consultation,
}

impl Entity {
    pub fn tag(self) -> &'static str {
        match self {
            Entity::Client => "client",
            Entity::Consultation => "consultation",
        }
    }
}

/// One changed field.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub id: i64,
    /// `client` or `consultation`.
    pub entity: String,
    pub entity_id: i64,
    pub field: String,
    /// `None` when the field was empty.
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor: String,
    pub changed_at: String,
}

/// Records the changed fields among `(field, old, new)`; unchanged ones are skipped. Call inside
/// the write transaction of the change.
pub fn record(
    conn: &Connection,
    actor: &str,
    entity: Entity,
    entity_id: i64,
    fields: &[(&str, Option<String>, Option<String>)],
) -> Result<usize> {
    let now = clock::now_rfc3339();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO record_changes
             (entity, entity_id, field, old_value, new_value, actor, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut n = 0;
    for (field, old, new) in fields.iter().filter(|(_, old, new)| old != new) {
        stmt.execute(params![
            entity.tag(),
            entity_id,
            field,
            old,
            new,
            actor,
            now
        ])?;
        n += 1;
    }
    Ok(n)
}

/// The history of one consultation and of its client, oldest first.
pub fn of_record(conn: &Connection, consultation_id: i64) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare(
        "SELECT id, entity, entity_id, field, old_value, new_value, actor, changed_at
         FROM record_changes
         WHERE (entity = 'consultation' AND entity_id = ?1)
            OR (entity = 'client' AND entity_id =
                (SELECT client_id FROM consultations WHERE id = ?1))
         ORDER BY id",
    )?;
    let rows = stmt.query_map([consultation_id], |r| {
        Ok(Change {
            id: r.get(0)?,
            entity: r.get(1)?,
            entity_id: r.get(2)?,
            field: r.get(3)?,
            old_value: r.get(4)?,
            new_value: r.get(5)?,
            actor: r.get(6)?,
            changed_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes the history of an entity (its old values are personal data when it is erased).
pub fn forget(conn: &Connection, entity: Entity, entity_id: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM record_changes WHERE entity = ?1 AND entity_id = ?2",
        params![entity.tag(), entity_id],
    )?)
}
