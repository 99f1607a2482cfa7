//! The device's side of the fleet: what it must send to the insurer's central PostgreSQL.
//!
//! Only SQLite lives here (the outbox and the sync state); talking to the server is the
//! `presale-fleet` crate's job, so the domain crate links no network client.

pub mod outbox;
