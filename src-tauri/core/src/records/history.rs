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
    /// The values in words where the stored value is an id (`client_id`: the client's name), so
    /// nobody reads "1" for a client; `None` for other fields and for an erased client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_text: Option<String>,
    /// A list-valued field's values as lists (`products`: product ids), so no reader parses the
    /// stored text; `None` for other fields and for an empty value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_list: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_list: Option<Vec<String>>,
    /// Who made the change, as the stored tag (`agent:3`, `kiosk`): kept for exports and audits.
    pub actor: String,
    /// Who made the change, in words: the agent's name while the agent is on file, `None` for
    /// the kiosk, the system or an agent since removed (the screen says which), so nobody reads
    /// an internal id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
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
            old_text: None,
            new_text: None,
            old_list: None,
            new_list: None,
            actor: r.get(6)?,
            actor_name: None,
            changed_at: r.get(7)?,
        })
    })?;
    let mut changes: Vec<Change> = rows.collect::<rusqlite::Result<_>>()?;
    for ch in changes.iter_mut().filter(|ch| ch.field == "client_id") {
        ch.old_text = client_name(conn, ch.old_value.as_deref())?;
        ch.new_text = client_name(conn, ch.new_value.as_deref())?;
    }
    for ch in changes.iter_mut() {
        if LIST_FIELDS.contains(&ch.field.as_str()) {
            ch.old_list = list(ch.old_value.as_deref());
            ch.new_list = list(ch.new_value.as_deref());
        }
        ch.actor_name = agent_name(conn, &ch.actor)?;
    }
    Ok(changes)
}

/// The fields stored as a JSON list of ids.
const LIST_FIELDS: &[&str] = &["products"];

/// A stored JSON list of strings; `None` when empty or not a list (an old value kept as text).
fn list(v: Option<&str>) -> Option<Vec<String>> {
    serde_json::from_str::<Vec<String>>(v?).ok()
}

/// The name of the agent an actor tag (`agent:3`) names, while that agent is on file.
fn agent_name(conn: &Connection, actor: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let Some(id) = actor
        .strip_prefix("agent:")
        .and_then(|v| v.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    Ok(conn
        .query_row("SELECT name FROM agents WHERE id = ?1", [id], |r| r.get(0))
        .optional()?)
}

/// The name of the client whose id is `id` (as the history stores it), if it is still on file.
fn client_name(conn: &Connection, id: Option<&str>) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let Some(id) = id.and_then(|v| v.parse::<i64>().ok()) else {
        return Ok(None);
    };
    Ok(conn
        .query_row("SELECT name FROM clients WHERE id = ?1", [id], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// Removes the history of an entity (its old values are personal data when it is erased).
pub fn forget(conn: &Connection, entity: Entity, entity_id: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM record_changes WHERE entity = ?1 AND entity_id = ?2",
        params![entity.tag(), entity_id],
    )?)
}
