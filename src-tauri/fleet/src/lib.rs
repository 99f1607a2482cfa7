//! Presale's fleet: every branch's finished consultations reach the insurer's central
//! PostgreSQL, offline-first. `schema` creates and upgrades the central schema, `enrol` gives a
//! device its own least-privileged login, `sync` ships a device's outbox (kept in SQLite by
//! `presale_core::fleet::outbox`) and pulls the agent roster, `worker` does it in the
//! background in the app, and `admin` is head office's: the roster, revoking a device, the
//! devices' status and the central retention purge.
//!
//! A crate of its own so the domain crate never links a network client: only the app and its
//! command line depend on this one.

pub mod admin;
pub mod config;
pub mod connect;
pub mod enrol;
pub mod error;
pub mod schema;
pub mod sync;
pub mod worker;

pub use config::SyncConfig;
pub use error::{FleetError, Result};
