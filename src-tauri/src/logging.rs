//! Logging through `tracing`: to stderr, and for the window also to a file in the log directory.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Starts logging. Keep the returned guard alive: dropping it flushes and closes the log file.
/// `PRESALE_LOG` (e.g. `debug`) changes the level; the default is `info` for the window and `warn`
/// for command-line tools, whose stdout must stay clean.
pub fn init(log_dir: Option<&Path>, default_level: &str) -> Option<WorkerGuard> {
    let filter =
        || EnvFilter::try_from_env("PRESALE_LOG").unwrap_or_else(|_| EnvFilter::new(default_level));
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let mut guard = None;
    let file = log_dir.and_then(|dir| {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("presale: cannot create the log directory ({e}); logging to stderr only");
            return None;
        }
        let appender = tracing_appender::rolling::never(dir, "presale.log");
        let (writer, g) = tracing_appender::non_blocking(appender);
        guard = Some(g);
        Some(
            fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter()),
        )
    });
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
    guard
}
