//! Checking the audit log's hash chain (`presale audit verify`): where the chain breaks and how -
//! an entry changed, removed, or moved to another place.
//!
//! The chain proves the log was not edited with ordinary tools; someone who rewrites every hash
//! after an edit is not caught by the chain alone. For that, `verify` prints the head (last entry
//! and its hash) to be noted outside the machine, and `hash_of` lets a later check compare an
//! entry with what was noted (`presale audit verify --expect ENTRY:HASH`).

use super::{chain_hash, GENESIS};
use crate::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// How the chain is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Break {
    /// The entry's content no longer matches its hash.
    Changed,
    /// An entry is missing (in the middle, or cut off the end).
    Removed,
    /// The entry is intact but not where the chain puts it.
    Reordered,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Break::Changed => "changed",
            Break::Removed => "removed",
            Break::Reordered => "reordered",
        })
    }
}

/// The first place the chain breaks: the entry's id (for a removed entry, the id it had) and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BrokenAt {
    pub id: i64,
    pub why: Break,
}

struct Row {
    id: i64,
    prev: String,
    hash: String,
    intact: bool,
}

/// Walks the whole log in id order. `Ok(Ok(n))`: intact with `n` entries; `Ok(Err(at))`: the
/// first entry that was changed, removed or reordered.
pub fn verify(conn: &Connection) -> Result<std::result::Result<u64, BrokenAt>> {
    let rows = read_rows(conn)?;
    let position: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.hash.as_str(), i))
        .collect();
    let mut expected_prev = GENESIS;
    let mut last_id = 0;
    for (i, r) in rows.iter().enumerate() {
        if !r.intact {
            return Ok(Err(BrokenAt {
                id: r.id,
                why: Break::Changed,
            }));
        }
        if r.prev != expected_prev {
            // The predecessor it names is still in the log, elsewhere: moved. Otherwise it is gone.
            let why = match position.get(r.prev.as_str()) {
                Some(&j) if j != i => Break::Reordered,
                _ if r.prev == GENESIS => Break::Reordered,
                _ => Break::Removed,
            };
            let id = if why == Break::Removed {
                last_id + 1
            } else {
                r.id
            };
            return Ok(Err(BrokenAt { id, why }));
        }
        expected_prev = &r.hash;
        last_id = r.id;
    }
    // The chain is whole as far as it goes; the head says whether entries were cut off the end.
    let head: Option<(i64, String, i64)> = conn
        .query_row(
            "SELECT last_id, last_hash, entries FROM audit_head WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((head_id, head_hash, entries)) = head {
        if entries > rows.len() as i64 || head_id > last_id {
            return Ok(Err(BrokenAt {
                id: last_id + 1,
                why: Break::Removed,
            }));
        }
        if head_hash != expected_prev && !rows.is_empty() {
            return Ok(Err(BrokenAt {
                id: last_id,
                why: Break::Changed,
            }));
        }
    }
    Ok(Ok(rows.len() as u64))
}

/// The last entry's id and hash, if the log has any.
pub fn head(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The hash entry `id` carries now, if it exists.
pub fn hash_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

fn read_rows(conn: &Connection) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        let prev: String = r.get(7)?;
        let hash: String = r.get(8)?;
        let recomputed = chain_hash(
            &prev,
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            r.get(5)?,
            &r.get::<_, String>(6)?,
        );
        Ok(Row {
            id: r.get(0)?,
            intact: recomputed == hash,
            prev,
            hash,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
