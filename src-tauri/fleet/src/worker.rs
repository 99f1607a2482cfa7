//! The app's background sync: a thread of its own with its own database connection, so the
//! window never waits on the network. It syncs at start, then every `interval_secs`, backing off
//! (doubling, up to 15 minutes) while the server cannot be reached.

use crate::{sync, SyncConfig};
use std::path::{Path, PathBuf};
use std::time::Duration;

const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// Starts the worker when `presale.toml` has a `[sync]` section; `None` when it has none or it is
/// wrong (logged, and kept as the sync's last error for `presale sync status`).
pub fn spawn(data_dir: PathBuf) -> Option<std::thread::JoinHandle<()>> {
    let db_path = data_dir.join(presale_core::db::FILE_NAME);
    let config = match SyncConfig::load(&data_dir) {
        Ok(Some(c)) => c,
        Ok(None) => return None,
        Err(e) => {
            tracing::warn!(error = %e, "sync is not started");
            if let Ok(conn) = presale_core::db::open(&db_path) {
                let _ =
                    presale_core::fleet::outbox::record_failure(&conn, e.kind(), &e.to_string());
            }
            return None;
        }
    };
    std::thread::Builder::new()
        .name("fleet-sync".into())
        .spawn(move || run(config, db_path))
        .map_err(|e| tracing::warn!(error = %e, "the sync thread could not start"))
        .ok()
}

fn run(config: SyncConfig, db_path: PathBuf) {
    run_with(&config, &db_path, &mut |wait| {
        std::thread::sleep(wait);
        true
    });
}

/// The worker's loop, its waits handed to `sleep`: the app's thread sleeps them; a test adds them
/// to a simulated clock (a week offline in a second). Returns when `sleep` returns false.
pub fn run_with(config: &SyncConfig, db_path: &Path, sleep: &mut dyn FnMut(Duration) -> bool) {
    let mut wait = config.interval;
    loop {
        match presale_core::db::open(db_path) {
            Ok(conn) => match sync::sync_now(&conn, config) {
                Ok(report) => {
                    if report.sent > 0 {
                        tracing::info!(sent = report.sent, applied = report.applied, "synced");
                    }
                    wait = config.interval;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "sync failed; the rows are kept");
                    wait = backoff(wait, config.interval);
                }
            },
            Err(e) => tracing::warn!(error = %e, "sync: the database cannot be opened"),
        }
        if !sleep(wait) {
            return;
        }
    }
}

/// The wait after a failed attempt: doubled, up to 15 minutes (or the interval, if longer).
pub fn backoff(wait: Duration, interval: Duration) -> Duration {
    (wait * 2).min(MAX_BACKOFF.max(interval))
}
