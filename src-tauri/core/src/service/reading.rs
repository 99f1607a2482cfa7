//! Audited reads (NFRA art. 31): every read of records, client files, a history or the
//! follow-ups by an agent leaves an audit entry, written in the same transaction as the read.
//! Entries hold ids and counts, never what was searched for (a query may hold a name).

use super::Actor;
use crate::audit;
use crate::content::Library;
use crate::records::clause_report::{self, ClauseReport};
use crate::records::client::{self, Client};
use crate::records::history::{self, Change};
use crate::records::search::{self, RecordPage, RecordQuery, RecordRow};
use crate::records::{followup, view};
use crate::{db, Result};
use rusqlite::Connection;
use serde_json::{json, Value};

/// Clients shown when choosing one (the most recently updated first).
pub const CLIENTS_FOUND_MAX: u32 = 20;
/// Follow-ups listed at most.
pub const FOLLOW_UPS_MAX: u32 = 500;

/// The full record of consultation `id`.
pub fn record(conn: &Connection, actor: Actor, id: i64) -> Result<view::Record> {
    audited(
        conn,
        actor,
        "record.read",
        "consultation",
        Some(id),
        |c| view::get(c, id),
        |_| json!({}),
    )
}

/// What consultation `id`'s record states about its clauses, per product (the record view and
/// the printout).
pub fn clauses(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    id: i64,
) -> Result<ClauseReport> {
    audited(
        conn,
        actor,
        "record.read",
        "consultation",
        Some(id),
        |c| clause_report::of_consultation(c, library, id),
        |_| json!({ "part": "clauses" }),
    )
}

/// A page of the records list; `today` (`YYYY-MM-DD`) decides which follow-ups are due.
pub fn records(
    conn: &Connection,
    actor: Actor,
    query: &RecordQuery,
    today: &str,
) -> Result<RecordPage> {
    audited(
        conn,
        actor,
        "record.search",
        "consultation",
        None,
        |c| search::search(c, query, today),
        |page| json!({ "total": page.total }),
    )
}

/// Existing clients (not erased) matching a fragment of a name, phone or contact person.
pub fn clients(conn: &Connection, actor: Actor, text: &str) -> Result<Vec<Client>> {
    audited(
        conn,
        actor,
        "client.search",
        "client",
        None,
        |c| client::find(c, text, CLIENTS_FOUND_MAX),
        |found| json!({ "count": found.len() }),
    )
}

/// The change history of consultation `id` and its client, oldest first.
pub fn history(conn: &Connection, actor: Actor, id: i64) -> Result<Vec<Change>> {
    audited(
        conn,
        actor,
        "record.history",
        "consultation",
        Some(id),
        |c| history::of_record(c, id),
        |changes| json!({ "changes": changes.len() }),
    )
}

/// The follow-ups due by `today`, most overdue first.
pub fn follow_ups(conn: &Connection, actor: Actor, today: &str) -> Result<Vec<RecordRow>> {
    audited(
        conn,
        actor,
        "followup.list",
        "consultation",
        None,
        |c| followup::due(c, today, FOLLOW_UPS_MAX),
        |rows| json!({ "count": rows.len() }),
    )
}

/// Runs `read` as a logged-in agent and appends its audit entry, in one transaction.
fn audited<T>(
    conn: &Connection,
    actor: Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    read: impl FnOnce(&Connection) -> Result<T>,
    detail: impl FnOnce(&T) -> Value,
) -> Result<T> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let found = read(&tx)?;
    audit::append(&tx, &actor.tag(), action, entity, entity_id, detail(&found))?;
    tx.commit()?;
    Ok(found)
}
