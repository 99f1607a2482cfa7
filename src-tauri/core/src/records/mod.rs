//! Consultation records: the insured's file (`client`), the finished consultation (`record`), its
//! outcome (`outcome`) and the retention that follows from it (`retention`), its full view
//! (`view`) and what its clause record states (`clause_report`), the change history (`history`)
//! and audit log (`audit`), erasure, search and follow-ups, export, backups and the start-up
//! health check.
//!
//! Every function that writes takes an `actor` (who did it, for the history and the audit log)
//! and runs in one IMMEDIATE transaction (`db::write`): when it returns Ok, the change is on disk
//! (`synchronous=FULL`, see `db::configure`). Called inside a use case of `service`, it runs as
//! a savepoint of the use case's transaction instead, and lands with it.

pub mod audit;
pub mod backup;
pub mod backup_keep;
pub mod clause_report;
pub mod client;
pub mod erase;
pub mod export;
pub mod export_csv;
pub mod followup;
pub mod history;
pub mod outcome;
pub mod record;
pub mod retention;
pub mod search;
pub mod startup;
pub mod validate;
pub mod view;

#[cfg(test)]
mod tests;

use crate::Result;
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// A top-level write transaction as rusqlite's own type, for code that names that type
/// (`access::agent`); everything else uses the nestable `db::write`, which a use case of
/// `service` can wrap in its one transaction. A write transaction that takes the write lock at once. IMMEDIATE because writes read first
/// (the audit chain's head, the old values for the history): with a deferred transaction a second
/// writer (the command line while the app runs) could slip in between and fork the audit chain;
/// this way it waits (busy timeout) instead.
pub(crate) fn write_tx(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?)
}
