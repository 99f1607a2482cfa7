//! `presale agents list|unlock`: the machine's owner looks at the agent profiles and lifts a lock
//! after wrong PINs from the command line (audited as `cli`), e.g. when the only supervisor is
//! the one locked out, or the lock was caused while their own session was open.

use crate::cli_records::{fail, open_data_dir};
use presale_core::access::agent::{self, Unlocker};
use presale_core::access::now_ms;
use presale_core::clock;
use std::path::Path;

/// `presale agents ...`.
#[derive(Debug, clap::Subcommand)]
pub enum AgentsCommand {
    /// List the profiles: id, name, licence number, role and lock.
    List,
    /// Lift the lock of a profile locked after wrong PINs.
    Unlock {
        /// The profile's id or its exact name (as `presale agents list` shows them).
        #[arg(value_name = "NAME|ID")]
        agent: String,
    },
}

/// Runs a `presale agents` subcommand; returns the exit code.
pub fn run(dir: Option<&Path>, command: &AgentsCommand) -> i32 {
    let conn = match open_data_dir(dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match command {
        AgentsCommand::List => match agent::list(&conn, now_ms()) {
            Ok(agents) => {
                for a in agents {
                    let role = if a.supervisor { "supervisor" } else { "agent" };
                    let lock = match (a.locked, a.locked_until_ms) {
                        _ if a.revoked_at.is_some() => format!(
                            "licence revoked by head office {}",
                            a.revoked_at.as_deref().unwrap_or_default()
                        ),
                        (false, _) if a.pin_must_change => "active, initial PIN".to_string(),
                        (false, _) => "active".to_string(),
                        (true, None) => "locked until unlocked".to_string(),
                        (true, Some(ms)) => {
                            format!("locked until {}", clock::format_unix_millis(ms))
                        }
                    };
                    println!("{}\t{}\t{}\t{role}\t{lock}", a.id, a.name, a.licence_number);
                }
                0
            }
            Err(e) => fail(e),
        },
        AgentsCommand::Unlock { agent: wanted } => {
            let result = agent::resolve(&conn, wanted)
                .and_then(|a| agent::unlock(&conn, Unlocker::Owner, a.id, now_ms()));
            match result {
                Ok(a) => {
                    println!("unlocked {} ({})", a.name, a.licence_number);
                    0
                }
                Err(presale_core::Error::Invalid { field, message }) if field == "id" => {
                    eprintln!("presale: NAME|ID `{wanted}`: {message}");
                    2
                }
                Err(presale_core::Error::Invalid { message, .. }) => {
                    eprintln!("presale: NAME|ID: {message}");
                    2
                }
                Err(e) => fail(e),
            }
        }
    }
}
