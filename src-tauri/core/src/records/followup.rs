//! Follow-up contacts still to make: the overdue ones first, then by date, each saying how it
//! stands against the agent's `today` (overdue, today, in the coming days, later). The agent's
//! home lists those due within `SOON_DAYS`; the follow-ups page lists them all. The date and
//! status are edited through the record (`record::update`).

use super::search::{row, RecordRow, ROW_SELECT};
use crate::validate;
use crate::Result;
use rusqlite::{params, Connection};
use serde::Serialize;

/// "The coming days": follow-ups due within this many days after today.
pub const SOON_DAYS: i64 = 7;

/// How a pending follow-up stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    Overdue,
    Today,
    /// Within the next `SOON_DAYS` days.
    Soon,
    Later,
}

impl Due {
    /// `days` from today to the follow-up's date (negative when overdue).
    pub fn of(days: i64) -> Due {
        match days {
            d if d < 0 => Due::Overdue,
            0 => Due::Today,
            d if d <= SOON_DAYS => Due::Soon,
            _ => Due::Later,
        }
    }
}

/// A pending follow-up: its record's line and when it is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    #[serde(flatten)]
    pub row: RecordRow,
    pub due: Due,
    /// Days from today to the date: negative when overdue, 0 today.
    pub days: i64,
}

/// Pending follow-ups due on or before `today` (`YYYY-MM-DD`), most overdue first, at most
/// `limit`.
pub fn due(conn: &Connection, today: &str, limit: u32) -> Result<Vec<RecordRow>> {
    Ok(pending(conn, today, Some(0), limit)?
        .into_iter()
        .map(|f| f.row)
        .collect())
}

/// Pending follow-ups, overdue first then by date, at most `limit`; with `within`, only those
/// due at most that many days after `today` (`YYYY-MM-DD`). Erased records have none.
pub fn pending(
    conn: &Connection,
    today: &str,
    within: Option<i64>,
    limit: u32,
) -> Result<Vec<FollowUp>> {
    let today = validate::iso_date("today", today)?.to_string();
    // ROW_SELECT's columns, then the days from today to the date.
    let select = ROW_SELECT.replacen(
        " FROM consultations",
        ", CAST(julianday(c.follow_up_on) - julianday(?1) AS INTEGER) FROM consultations",
        1,
    );
    let sql = format!(
        "{select} WHERE c.follow_up_status = 'pending' AND c.follow_up_on IS NOT NULL
           AND c.erased_at IS NULL
           AND (?2 IS NULL OR c.follow_up_on <= date(?1, '+' || ?2 || ' days'))
         ORDER BY c.follow_up_on, c.id LIMIT ?3"
    );
    let found = conn
        .prepare(&sql)?
        .query_map(params![today, within, limit], |r| {
            let days: i64 = r.get(13)?;
            Ok(FollowUp {
                row: row(r)?,
                due: Due::of(days),
                days,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}
