//! The central schema as versioned migrations, applied by `presale fleet init` with the
//! insurer's owner role. A server whose schema is newer than this program knows is refused and
//! named; so is one older than a device needs (a device never upgrades the server).

use crate::{FleetError, Result};
use postgres::{Client, GenericClient};

/// One step of the central schema; never edited once shipped.
pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "devices, cursors, the ingest log; consultations, clients, consents, audit entries, leads, agents; the ingest functions",
        sql: include_str!("../migrations/0001_central.sql"),
    },
    Migration {
        version: 2,
        name: "every outbox kind (client files, consents, leads, audit entries, erasure tombstones); central erasure and retention purge; the roster through fleet.roster(); reported backlog",
        sql: include_str!("../migrations/0002_privacy_roster.sql"),
    },
];

/// The newest version this program knows.
pub fn newest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The server's schema version, 0 when it has none.
pub fn server_version(client: &mut impl GenericClient) -> Result<i32> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('fleet.schema_migrations') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM fleet.schema_migrations", &[])?
        .get(0);
    Ok(v.unwrap_or(0))
}

fn newer_refused(server: i32) -> FleetError {
    FleetError::Schema(format!(
        "the server's fleet schema is version {server}, newer than this Presale knows \
         (version {}): use a newer Presale",
        newest()
    ))
}

/// What `init` did: the version found and the version left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upgrade {
    pub from: i32,
    pub to: i32,
}

/// Creates or upgrades the schema, each migration in its own transaction under an advisory lock
/// (two DBAs running it at once apply each step once).
pub fn init(client: &mut Client) -> Result<Upgrade> {
    let from = server_version(client)?;
    if from > newest() {
        return Err(newer_refused(from));
    }
    for m in MIGRATIONS {
        let mut tx = client.transaction()?;
        // The key is arbitrary but fixed: "presale fleet schema".
        tx.execute("SELECT pg_advisory_xact_lock(7011517001)", &[])?;
        let applied = server_version(&mut tx)?;
        if applied >= m.version {
            tx.rollback()?;
            continue;
        }
        tx.batch_execute(m.sql).map_err(|e| {
            FleetError::Server(format!("migration {} ({}) failed: {e}", m.version, m.name))
        })?;
        tx.execute(
            "INSERT INTO fleet.schema_migrations (version, name) VALUES ($1, $2)",
            &[&m.version, &m.name],
        )?;
        tx.commit()?;
        tracing::info!(version = m.version, "fleet schema migration applied");
    }
    Ok(Upgrade { from, to: newest() })
}

/// A device's check before it sends: the server must be at exactly the version it speaks.
pub fn check_device(client: &mut Client) -> Result<()> {
    let v: Option<i32> = client
        .query_one("SELECT fleet.schema_version()", &[])?
        .get(0);
    let v = v.unwrap_or(0);
    if v > newest() {
        return Err(newer_refused(v));
    }
    if v < newest() {
        return Err(FleetError::Schema(format!(
            "the server's fleet schema is version {v}, older than this Presale needs \
             (version {}): run `presale fleet init` on the server",
            newest()
        )));
    }
    Ok(())
}

/// For the owner's other commands (enrolling a device): the schema must be there and current.
pub fn require_current(client: &mut Client) -> Result<()> {
    let v = server_version(client)?;
    if v > newest() {
        return Err(newer_refused(v));
    }
    if v < newest() {
        return Err(FleetError::Schema(format!(
            "the server's fleet schema is version {v}, this Presale needs version {}: \
             run `presale fleet init` first",
            newest()
        )));
    }
    Ok(())
}
