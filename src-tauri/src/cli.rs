//! The command line: `presale` opens the window; subcommands administer content and records.

use crate::{logging, paths, state::AppState, window};
use clap::{Parser, Subcommand};
use presale_core::consultation::Mode;
use std::path::PathBuf;

/// Presale: a pre-sale consultation assistant for insurance.
///
/// With no subcommand, opens the window.
#[derive(Debug, Parser)]
#[command(name = "presale", version, about, long_about = None)]
pub struct Cli {
    /// Where the database, backups and logs live (default: the OS app data directory).
    #[arg(long, global = true, env = paths::DATA_DIR_ENV, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// A content tree to use instead of the library shipped with the app.
    #[arg(long, global = true, env = paths::CONTENT_DIR_ENV, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Run as a branch kiosk for clients browsing alone.
    /// (`PRESALE_KIOSK=1|true|yes` too; a data directory's `presale.toml` may say `kiosk = true`.)
    #[arg(long, env = "PRESALE_KIOSK", value_parser = clap::builder::BoolishValueParser::new())]
    pub kiosk: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Admin subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a needs profile (JSON) and print the advice as JSON; see README.md for the fields.
    Advise {
        /// The profile file, or `-` to read standard input.
        #[arg(long, value_name = "FILE")]
        profile: PathBuf,
    },
    /// Check a content tree and print every problem as `path:line: error|warning: message`;
    /// exits with 1 when there is an error.
    CheckContent {
        /// The content folder (default: the one the app would use).
        dir: Option<PathBuf>,
    },
    /// Consultation records: export for the insurer's CRM, purge after the retention period.
    Records {
        #[command(subcommand)]
        action: crate::cli_records::RecordsCommand,
    },
    /// The audit log: `presale audit verify` checks its hash chain.
    Audit {
        #[command(subcommand)]
        action: crate::cli_audit::AuditCommand,
    },
    /// Back up the database now into `backups/` beside it, or into DIR (a second medium). The
    /// newest backup of each day is kept for a week, of each month for a year.
    Backup {
        /// Write the backup into this folder instead (created if missing), e.g. a USB disk.
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Put a backup in place of the database after checking it; the current file is kept as
    /// `presale.db.replaced-<time>`. Close the app first.
    Restore {
        /// The backup file to restore.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Restore it even though it holds no agent profile while the current database has some
        /// (the window would then offer to set up a new first agent).
        #[arg(long)]
        allow_empty: bool,
        /// Keep the current database's agent profiles (PINs, roles, locks) in the restored one,
        /// so whoever could log in still can and an old backup opens no door.
        #[arg(long, conflicts_with = "allow_empty")]
        keep_agents: bool,
    },
    /// Agent profiles: `presale agents list`, `presale agents unlock NAME|ID`.
    Agents {
        #[command(subcommand)]
        action: crate::cli_agents::AgentsCommand,
    },
    /// Head office: `presale fleet init|add-device --server URL` (the central PostgreSQL).
    Fleet {
        #[command(subcommand)]
        action: crate::cli_fleet::FleetCommand,
    },
    /// This device's sync with head office: `presale sync now|status`.
    Sync {
        #[command(subcommand)]
        action: crate::cli_fleet::SyncCommand,
    },
}

/// Parses the arguments and runs; returns the process exit code.
pub fn main() -> i32 {
    // clap prints a one-line error and the usage for unknown arguments and exits with 2.
    let cli = Cli::parse();
    match cli.command {
        None => open_window(&cli),
        Some(command) => match command {
            Command::Advise { profile } => {
                crate::cli_advise::run(&profile, &paths::content_dir(cli.content.as_deref()))
            }
            Command::Records { action } => {
                crate::cli_records::run(cli.data_dir.as_deref(), &action)
            }
            Command::Audit { action } => crate::cli_audit::run(cli.data_dir.as_deref(), &action),
            Command::Backup { to } => {
                crate::cli_backup::backup(cli.data_dir.as_deref(), to.as_deref())
            }
            Command::Restore {
                file,
                allow_empty,
                keep_agents,
            } => {
                crate::cli_backup::restore(cli.data_dir.as_deref(), &file, allow_empty, keep_agents)
            }
            Command::Agents { action } => crate::cli_agents::run(cli.data_dir.as_deref(), &action),
            Command::Fleet { action } => crate::cli_fleet::fleet(&action),
            Command::Sync { action } => crate::cli_fleet::run(cli.data_dir.as_deref(), &action),
            Command::CheckContent { dir } => crate::cli_content::run(
                &dir.unwrap_or_else(|| paths::content_dir(cli.content.as_deref())),
            ),
        },
    }
}

fn open_window(cli: &Cli) -> i32 {
    if let Some(why) = window::missing_display() {
        eprintln!("presale: {why}");
        return 1;
    }
    let data_dir = match paths::data_dir(cli.data_dir.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("presale: {e}");
            return 1;
        }
    };
    let _log = logging::init(Some(&paths::log_dir(&data_dir)), "info");
    let content_dir = paths::content_dir(cli.content.as_deref());
    // `--kiosk` (or PRESALE_KIOSK) wins; otherwise `kiosk = true` in the data dir's presale.toml.
    let config = crate::session::Config::load(&data_dir);
    let mode = if cli.kiosk || config.kiosk {
        Mode::Kiosk
    } else {
        Mode::Agent
    };
    tracing::info!(data_dir = %data_dir.display(), content_dir = %content_dir.display(), ?mode, "starting");
    let state = match AppState::open(data_dir, content_dir, mode) {
        Ok(mut s) => {
            s.session = crate::session::Session::new(config.timeouts);
            s
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot open the database");
            eprintln!("presale: cannot open the database: {e}");
            return 1;
        }
    };
    // GTK panics when the display named by DISPLAY cannot be opened, and a panic anywhere in the
    // window's life would otherwise print a backtrace at the user: say it in one line instead
    // (the log file keeps the details).
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        tracing::error!(%what, %at, "panic");
        if what.contains("Failed to initialize gtk") {
            let display = std::env::var("DISPLAY").unwrap_or_default();
            eprintln!("presale: no display found: cannot open the display `{display}` (is the X server running?)");
        } else {
            eprintln!("presale: the window failed: {what}");
        }
    }));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| window::run(state))) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "window failed");
            eprintln!("presale: {e}");
            1
        }
        Err(_) => 1,
    }
}
