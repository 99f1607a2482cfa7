//! Consultation records: the insured's file (`client`) and its household (`household`), the
//! finished consultation (`record`), its outcome (`outcome`) and the retention that follows from
//! it (`retention`), its full view (`view`) and what its clause record states (`clause_report`),
//! the change history (`history`), search and follow-ups, export, backups and the start-up
//! health check. Erasing, purging and
//! withdrawing consents are `privacy`'s, which calls the owners' functions here (`*_in`).
//!
//! Every function that writes takes an `actor` (who did it, for the history and the audit log)
//! and runs in one IMMEDIATE transaction (`db::write`): when it returns Ok, the change is on disk
//! (`synchronous=FULL`, see `db::configure`). Called inside a use case of `service`, it runs as
//! a savepoint of the use case's transaction instead, and lands with it.

pub mod backup;
pub mod backup_keep;
pub mod clause_report;
pub mod client;
pub mod export;
pub mod export_csv;
pub mod followup;
pub mod history;
pub mod household;
pub mod outcome;
pub mod record;
pub mod retention;
pub mod search;
pub mod startup;
pub mod view;

/// The checks on what people type now live at `crate::validate`; this path stays for callers
/// outside the core written before the move.
pub use crate::validate;

#[cfg(test)]
pub(crate) mod tests;
