//! The purge at the end of retention: the personal data of records past their own retention date
//! (computed once, when the outcome is written: `records::retention::rule`), and of clients left
//! with no retained record, is erased as on a request (`erase`), with one audit entry.

use super::erase::erase_consultation_in;
use crate::audit;
use crate::records::client;
use crate::validate;
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

/// What a purge removes (or would remove, on a dry run).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Purge {
    /// Consultations whose retention date is before `today`.
    pub consultations: Vec<i64>,
    /// Clients left with no record still retained: their file is erased too.
    pub clients: Vec<i64>,
    pub dry_run: bool,
}

/// Purges the personal data of records whose own retention date is before `today`
/// (`YYYY-MM-DD`), and of clients with no retained record left. A record with no date (a draft,
/// a contract whose end is not known) is never purged. With `dry_run`, only says what it would do.
pub fn purge_expired(conn: &Connection, actor: &str, today: &str, dry_run: bool) -> Result<Purge> {
    validate::iso_date("today", today)?;
    let tx = crate::db::write(conn)?;
    let consultations: Vec<i64> = tx
        .prepare(
            "SELECT id FROM consultations
             WHERE retention_until < ?1 AND erased_at IS NULL ORDER BY id",
        )?
        .query_map([today], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let clients: Vec<i64> = tx
        .prepare(
            "SELECT DISTINCT c.client_id FROM consultations c
             WHERE c.retention_until < ?1 AND c.erased_at IS NULL AND c.client_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM consultations d
                   WHERE d.client_id = c.client_id AND d.erased_at IS NULL
                     AND (d.retention_until IS NULL OR d.retention_until >= ?1))
             ORDER BY c.client_id",
        )?
        .query_map([today], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !dry_run && !consultations.is_empty() {
        for &id in &consultations {
            erase_consultation_in(&tx, id)?;
        }
        for &id in &clients {
            client::erase_in(&tx, id)?;
        }
        audit::append(
            &tx,
            actor,
            "records.purge",
            "consultation",
            None,
            json!({ "reason": "retention", "before": today,
                    "consultations": consultations, "clients": clients }),
        )?;
        tx.commit()?;
    }
    Ok(Purge {
        consultations,
        clients,
        dry_run,
    })
}

#[cfg(test)]
#[path = "retention_tests.rs"]
mod tests;
