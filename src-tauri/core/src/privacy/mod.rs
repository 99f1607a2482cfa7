//! The privacy rules (PIPL) in one place: consent per purpose and its withdrawal (`consent`),
//! the call-back requests kept only under the consent to be contacted (`lead`), erasing a client
//! on request (`erase`), the purge at the end of retention (`retention`), and clearing a kiosk
//! visitor (`reset`). Every removal of personal data goes through here, in the caller's
//! transaction, with an audit entry.
//!
//! This module sits above `records` (it erases through the owners' functions there: `*_in`) and
//! below `service`. Nothing in `records` calls back into it: a consultation's consents follow its
//! client by the schema's `consents_follow_client` trigger (see `consent`), and the retention
//! date is computed once, where the outcome is written (`records::retention::rule`); the purge
//! here reads the stored date.
//!
//! Which module owns which table (writes its rows; the others read it, or change it through the
//! owner's functions):
//!
//! | table | owner |
//! | --- | --- |
//! | `consents` | `privacy::consent` |
//! | `leads` | `privacy::lead` |
//! | `consultations` | `records::record` (a draft is started by `consultation`) |
//! | `consultation_outcomes` | `records::outcome` |
//! | `clients` | `records::client` |
//! | `client_households` (the household kept in the client file) | `records::household` |
//! | `clients_fts`, `client_grams`, `gram_positions` | the schema's triggers on `clients`; read by `records::search` |
//! | `record_changes` | `records::history` |
//! | `audit_log`, `audit_head` | `audit` |
//! | `clause_states` | `content::presenter` |
//! | `answers`, `advice_results` | `questionnaire::answers` |
//! | `answer_row_ids` | `questionnaire::rows` |
//! | `answer_prefills` | `questionnaire::prefill_rows` |
//! | `household_reviews` | `household::store` |
//! | `agents` | `access::agent`, `access::pin` |
//! | `settings` | `settings` |
//! | `content_fts`, `content_index_state` | `content::search` |
//!
//! One removal reaches into other modules' tables without their functions, and only here: the
//! rows hanging on a consultation id are deleted generically (`delete_attached`, over the
//! schema's one list `db::attached_tables`), so a table added later is covered without being
//! named.
//!
//! The client file's household (`client_households`) is the client's and hangs on the
//! consultation it came from: erasing the client takes it (`records::client::erase_in`), and so
//! does any removal of that consultation (erased on request, at the end of its retention while
//! the client is still kept, or on a withdrawn consent to saving), by the generic removal. It
//! holds no health details (only the fields the household review reads), so the health-data
//! consent's withdrawal has nothing to take from it.

pub mod consent;
pub mod erase;
pub mod lead;
pub mod reset;
pub mod retention;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_enterprise;
#[cfg(test)]
mod tests_erase;
#[cfg(test)]
mod tests_lead;

use crate::db::{attached_tables, has_column, quoted};
use crate::Result;
use rusqlite::Connection;

/// Which rows of a consultation's attached tables a removal takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    /// Every row (a draft deleted).
    All,
    /// Every row except the evidence kept on erasure ([`KEPT_ON_ERASE`]).
    Personal,
    /// Only rows marked `sensitive = 1` (health answers), in tables that have the column.
    Sensitive,
}

/// Tables attached to a consultation that hold no personal data and are kept as evidence when a
/// record is erased: which clause versions were shown, explained and acknowledged when (PRC
/// Insurance Law art. 17).
const KEPT_ON_ERASE: [&str; 1] = ["clause_states"];

/// Deletes consultation `id`'s rows from every attached table (`db::attached_tables`), as `rows`
/// says, inside the caller's transaction; returns the rows deleted. Tables may reference one
/// another, so a delete refused by a foreign key is retried after the others; a whole pass with
/// nothing deleted (a cycle, an outside reference) is the error.
fn delete_attached(conn: &Connection, id: i64, rows: Rows) -> Result<usize> {
    let mut pending = attached_tables(conn)?;
    match rows {
        Rows::All => {}
        Rows::Personal => pending.retain(|t| !KEPT_ON_ERASE.contains(&t.as_str())),
        Rows::Sensitive => pending.retain(|t| has_column(conn, t, "sensitive").unwrap_or(false)),
    }
    let filter = if rows == Rows::Sensitive {
        " AND sensitive = 1"
    } else {
        ""
    };
    let mut deleted = 0;
    while !pending.is_empty() {
        let attempted = pending.len();
        let mut refused = Vec::new();
        let mut last_error = None;
        for table in pending.drain(..) {
            let sql = format!(
                "DELETE FROM {} WHERE consultation_id = ?1{filter}",
                quoted(&table)
            );
            match conn.execute(&sql, [id]) {
                Ok(n) => deleted += n,
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                {
                    refused.push(table);
                    last_error = Some(e);
                }
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(e) = last_error {
            if refused.len() == attempted {
                return Err(e.into());
            }
        }
        pending = refused;
    }
    Ok(deleted)
}
