//! Retention: each finished record is kept for a configurable number of years (default 10, the
//! longer of the two periods the rules set), then its personal data may be purged.

use super::erase::erase_consultation_in;
use super::{audit, client};
use crate::{settings, Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

/// The setting holding the number of years.
pub const YEARS_KEY: &str = "retention_years";
/// Ten years: the rules ask for at least 10 years for policies longer than a year.
pub const DEFAULT_YEARS: u32 = 10;
/// The shortest period the rules allow (policies of a year or less).
pub const MIN_YEARS: u32 = 5;

/// The retention period in years. A stored value that is not a sensible number falls back to the
/// default rather than shortening retention by accident.
pub fn years(conn: &Connection) -> Result<u32> {
    Ok(settings::get(conn, YEARS_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|y| (MIN_YEARS..=100).contains(y))
        .unwrap_or(DEFAULT_YEARS))
}

/// Sets the retention period for records finished from now on.
pub fn set_years(conn: &Connection, years: u32) -> Result<()> {
    if !(MIN_YEARS..=100).contains(&years) {
        return Err(Error::invalid(
            "retention_years",
            format!("must be between {MIN_YEARS} and 100 years"),
        ));
    }
    settings::set(conn, YEARS_KEY, &years.to_string())
}

/// What a purge removes (or would remove, on a dry run).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Purge {
    /// Consultations whose retention date is before `today`.
    pub consultations: Vec<i64>,
    /// Clients left with no record still retained: their file is erased too.
    pub clients: Vec<i64>,
    pub dry_run: bool,
}

/// Purges the personal data of records whose retention ended before `today` (`YYYY-MM-DD`), and
/// of clients with no retained record left. With `dry_run`, only says what it would do.
pub fn purge_expired(conn: &Connection, actor: &str, today: &str, dry_run: bool) -> Result<Purge> {
    super::validate::date("today", today)?;
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
