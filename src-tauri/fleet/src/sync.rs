//! Shipping the device's outbox: batches in sequence order, each applied on the server in one
//! transaction that also advances the device's cursor; the rows are deleted on the device only
//! after that transaction committed. At-least-once delivery with an apply keyed by (device,
//! sequence) on the server: a batch resent after a crash or a lost answer is applied once.

use crate::{connect, schema, FleetError, Result, SyncConfig};
use postgres::types::Json;
use postgres::Client;
use presale_core::access::roster;
use presale_core::db::rusqlite::Connection;
use presale_core::fleet::outbox::{self, Pending};

/// Rows per server transaction.
pub const BATCH: usize = 200;

/// What one sync did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Rows sent to the server.
    pub sent: usize,
    /// Of those, applied now (the rest had been applied before: a resend).
    pub applied: usize,
    /// Rows deleted from the device's outbox, acknowledged.
    pub deleted: usize,
}

/// One batch sent in one server transaction; `through` is the device's cursor after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub through: i64,
    pub applied: usize,
}

/// The device's cursor on the server: the highest sequence number applied from it.
pub fn cursor(client: &mut Client) -> Result<i64> {
    Ok(client.query_one("SELECT fleet.my_cursor()", &[])?.get(0))
}

/// Sends `rows` in one transaction. `before_row` is called with each row's index before it is
/// sent (the fault tests stop the server there); a failure anywhere sends nothing at all.
pub fn send(
    client: &mut Client,
    rows: &[Pending],
    before_row: &mut dyn FnMut(usize),
) -> Result<Sent> {
    let mut tx = client.transaction()?;
    let ingest = tx.prepare("SELECT fleet.ingest($1, $2, $3, $4)")?;
    let mut applied = 0;
    for (i, row) in rows.iter().enumerate() {
        before_row(i);
        let payload = (!row.payload.is_null()).then_some(Json(&row.payload));
        let now: bool = tx
            .query_one(&ingest, &[&row.seq, &row.kind, &row.entity_id, &payload])?
            .get(0);
        applied += usize::from(now);
    }
    let through: i64 = tx.query_one("SELECT fleet.my_cursor()", &[])?.get(0);
    tx.commit()?;
    Ok(Sent { through, applied })
}

/// Drains the outbox through an open connection, batch after batch.
pub fn drain(
    sqlite: &Connection,
    client: &mut Client,
    before_row: &mut dyn FnMut(usize),
) -> Result<Report> {
    schema::check_device(client)?;
    // A database restored from a backup may hand out numbers the server already applied:
    // those rows are numbered after the server's cursor first, so none is taken for a resend.
    let server = cursor(client)?;
    outbox::continue_after(sqlite, server)?;
    client.execute(
        "SELECT fleet.report_newest($1)",
        &[&outbox::newest(sqlite)?],
    )?;
    let mut report = Report::default();
    loop {
        let rows = outbox::pending(sqlite, BATCH)?;
        if rows.is_empty() {
            outbox::acknowledge(sqlite, cursor(client)?)?;
            let roster = pull_roster(sqlite, client)?;
            if roster != roster::Applied::default() {
                tracing::info!(
                    added = roster.added,
                    revoked = roster.revoked,
                    reinstated = roster.reinstated,
                    "the agent roster changed this device's profiles"
                );
            }
            return Ok(report);
        }
        let sent = send(client, &rows, before_row)?;
        let last = rows.last().map_or(0, |r| r.seq);
        if sent.through < last {
            return Err(FleetError::Server(format!(
                "the server acknowledged up to {} but was sent up to {last}",
                sent.through
            )));
        }
        report.sent += rows.len();
        report.applied += sent.applied;
        report.deleted += outbox::acknowledge(sqlite, last)?;
    }
}

/// Reads head office's roster (through `fleet.roster()`, the device's only way to it) and
/// applies it on the device: revoked licences can no longer log in here, new agents get a
/// profile with their initial PIN.
pub fn pull_roster(sqlite: &Connection, client: &mut Client) -> Result<roster::Applied> {
    let entries: Vec<roster::Entry> = client
        .query(
            "SELECT licence_number, name, supervisor, initial_pin_hash, revoked_at, \
                    revoked_reason FROM fleet.roster()",
            &[],
        )?
        .iter()
        .map(|r| roster::Entry {
            licence_number: r.get(0),
            name: r.get(1),
            supervisor: r.get(2),
            initial_pin_hash: r.get(3),
            revoked_at: r.get(4),
            revoked_reason: r.get(5),
        })
        .collect();
    Ok(roster::apply(sqlite, &entries)?)
}

/// `presale sync now` and the app's worker: connects with the device's settings, drains the
/// outbox, and notes the outcome on the device (a failure in plain words; the rows stay).
pub fn sync_now(sqlite: &Connection, config: &SyncConfig) -> Result<Report> {
    let result = (|| {
        let password = config.password()?;
        let mut client =
            connect::connect(&config.server, Some(&password), config.ca_file.as_deref())?;
        drain(sqlite, &mut client, &mut |_| {})
    })();
    if let Err(e) = &result {
        if let Err(local) = outbox::record_failure(sqlite, &e.to_string()) {
            tracing::warn!(error = %local, "the sync's failure could not be noted");
        }
    }
    result
}
