//! Follow-up contacts: the list of those due today or overdue, oldest due first, for the agent's
//! start screen. The date and status are edited through the record (`record::update`).

use super::search::{row, RecordRow, ROW_SELECT};
use crate::validate;
use crate::Result;
use rusqlite::{params, Connection};

/// Pending follow-ups due on or before `today` (`YYYY-MM-DD`), most overdue first, at most
/// `limit`.
pub fn due(conn: &Connection, today: &str, limit: u32) -> Result<Vec<RecordRow>> {
    validate::iso_date("today", today)?;
    let sql = format!(
        "{ROW_SELECT} WHERE c.follow_up_status = 'pending' AND c.follow_up_on <= ?1
         ORDER BY c.follow_up_on, c.id LIMIT ?2"
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(params![today, limit], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
