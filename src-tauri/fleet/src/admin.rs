//! Head office's side, run with the schema's owner role: the agent roster (`agent add`,
//! `agent revoke`), revoking a device, the devices' status (last contact and backlog), and the
//! central retention purge. Every one checks first that the schema is the one this program
//! speaks.

use crate::{enrol, schema, FleetError, Result};
use postgres::Client;
use serde::Serialize;

/// What head office gives an agent it adds: the initial PIN's hash (`roster::initial_pin_hash`,
/// computed where the PIN was typed), never the PIN.
pub fn add_agent(
    client: &mut Client,
    name: &str,
    licence: &str,
    supervisor: bool,
    initial_pin_hash: &str,
) -> Result<()> {
    schema::require_current(client)?;
    let name = name.trim();
    let licence = licence.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(FleetError::Config(
            "the agent's name: enter 1 to 60 characters".into(),
        ));
    }
    if !(6..=32).contains(&licence.len())
        || !licence
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(FleetError::Config(format!(
            "--licence `{licence}`: 6 to 32 letters, digits or hyphens"
        )));
    }
    let n = client.execute(
        "INSERT INTO fleet.agents (licence_number, name, supervisor, initial_pin_hash)
         VALUES ($1, $2, $3, $4) ON CONFLICT (licence_number) DO NOTHING",
        &[&licence, &name, &supervisor, &initial_pin_hash],
    )?;
    if n == 0 {
        return Err(FleetError::Config(format!(
            "--licence {licence}: an agent with this licence number is on the roster already"
        )));
    }
    Ok(())
}

/// Revokes a licence on the roster (added there or not: a device's own profile with this licence
/// is stopped too). Every device stops the agent at its next sync. Returns whether it was newly
/// revoked (false: it already was).
pub fn revoke_agent(client: &mut Client, licence: &str, reason: &str) -> Result<bool> {
    schema::require_current(client)?;
    let licence = licence.trim();
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(FleetError::Config(
            "--reason: say why in 1 to 200 characters (the agent is shown it)".into(),
        ));
    }
    if licence.is_empty() {
        return Err(FleetError::Config(
            "--licence: the licence number is missing".into(),
        ));
    }
    let n = client.execute(
        "INSERT INTO fleet.agents (licence_number, name, revoked_at, revoked_reason)
         VALUES ($1, '', now(), $2)
         ON CONFLICT (licence_number) DO UPDATE
            SET revoked_at = now(), revoked_reason = excluded.revoked_reason, updated_at = now()
          WHERE fleet.agents.revoked_at IS NULL",
        &[&licence, &reason],
    )?;
    Ok(n > 0)
}

/// Revokes a device: its login may no longer connect (rows already received stay), and it is
/// marked revoked. Returns false when it already was.
pub fn revoke_device(client: &mut Client, name: &str, reason: &str) -> Result<bool> {
    enrol::check_name(name)?;
    schema::require_current(client)?;
    let mut tx = client.transaction()?;
    let found: Option<(String, bool)> = tx
        .query_opt(
            "SELECT role_name, revoked_at IS NOT NULL FROM fleet.devices WHERE name = $1 FOR UPDATE",
            &[&name],
        )?
        .map(|r| (r.get(0), r.get(1)));
    let Some((role, already)) = found else {
        return Err(FleetError::Config(format!(
            "no device named `{name}` is enrolled (`presale fleet status` lists them)"
        )));
    };
    if already {
        return Ok(false);
    }
    tx.execute(
        "UPDATE fleet.devices SET revoked_at = now(), revoked_reason = $2 WHERE name = $1",
        &[&name, &reason],
    )?;
    let alter: String = tx
        .query_one("SELECT format('ALTER ROLE %I NOLOGIN', $1::text)", &[&role])?
        .get(0);
    tx.batch_execute(&alter)?;
    tx.commit()?;
    // A session open now ends too, where the owner may end it (PostgreSQL 15 lets a
    // non-superuser end only its roles' sessions); either way its next call is refused, since
    // every device function checks `revoked_at`.
    if let Err(e) = client.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
        &[&role],
    ) {
        tracing::warn!(error = %e, "the revoked device's open session was not ended");
    }
    Ok(true)
}

/// One device as head office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceStatus {
    pub name: String,
    pub enrolled_at: String,
    pub last_contact_at: Option<String>,
    pub revoked_at: Option<String>,
    /// The highest sequence number applied from it.
    pub received_through: i64,
    /// The newest it reported having.
    pub reported_through: i64,
}

impl DeviceStatus {
    /// Rows the device reported and the server has not received yet.
    pub fn backlog(&self) -> i64 {
        (self.reported_through - self.received_through).max(0)
    }
}

pub fn devices(client: &mut Client) -> Result<Vec<DeviceStatus>> {
    schema::require_current(client)?;
    let fmt = "'YYYY-MM-DD HH24:MI:SS\"Z\"'";
    let rows = client.query(
        &format!(
            "SELECT d.name, to_char(d.enrolled_at AT TIME ZONE 'UTC', {fmt}),
                    to_char(d.last_contact_at AT TIME ZONE 'UTC', {fmt}),
                    to_char(d.revoked_at AT TIME ZONE 'UTC', {fmt}),
                    coalesce(c.applied_through, 0), d.reported_through
               FROM fleet.devices d LEFT JOIN fleet.device_cursors c ON c.device_id = d.id
              ORDER BY d.name"
        ),
        &[],
    )?;
    Ok(rows
        .iter()
        .map(|r| DeviceStatus {
            name: r.get(0),
            enrolled_at: r.get(1),
            last_contact_at: r.get(2),
            revoked_at: r.get(3),
            received_through: r.get(4),
            reported_through: r.get(5),
        })
        .collect())
}

/// What head office's retention purge erased: counts only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Purged {
    pub consultations: i32,
    pub clients: i32,
}

/// Erases the central copy of every record past its retention date (`today`, `YYYY-MM-DD`), and
/// the files of clients left with no record retained, in one transaction.
pub fn purge_expired(client: &mut Client, today: &str) -> Result<Purged> {
    presale_core::validate::iso_date("--today", today)
        .map_err(|e| FleetError::Config(e.to_string()))?;
    schema::require_current(client)?;
    let mut tx = client.transaction()?;
    let row = tx.query_one(
        "SELECT consultations, clients FROM fleet.purge_expired($1::text::date)",
        &[&today],
    )?;
    tx.commit()?;
    Ok(Purged {
        consultations: row.get(0),
        clients: row.get(1),
    })
}

/// A random initial PIN of six digits that passes the rules of a new PIN, with its hash.
pub fn new_initial_pin() -> Result<(String, String)> {
    loop {
        let mut b = [0u8; 4];
        getrandom::fill(&mut b)
            .map_err(|e| FleetError::Config(format!("no random source for the PIN: {e}")))?;
        let pin = format!("{:06}", u32::from_le_bytes(b) % 1_000_000);
        if let Ok(hash) = presale_core::access::roster::initial_pin_hash(&pin) {
            return Ok((pin, hash));
        }
    }
}
