//! Head office's fleet commands beyond the schema and enrolment: `presale fleet agent add|revoke`,
//! `presale fleet status`, `presale fleet revoke-device` and `presale fleet purge --expired`
//! (with the schema's owner role; see README "Fleet").

use crate::cli_fleet::{owner, report, BAD_INPUT};
use presale_fleet::admin;
use std::path::PathBuf;

/// `presale fleet agent ...`.
#[derive(Debug, clap::Subcommand)]
pub enum AgentCommand {
    /// Put an agent on the roster: every device gives them a profile at its next sync, with an
    /// initial PIN they replace at their first login there.
    Add {
        /// The agent's name as clients see it.
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "NO")]
        licence: String,
        /// May unlock colleagues' profiles.
        #[arg(long)]
        supervisor: bool,
        /// A file holding the initial PIN (6-12 digits); without it a random one is printed once.
        #[arg(long, value_name = "FILE")]
        pin_file: Option<PathBuf>,
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
    },
    /// Revoke a licence: the agent can no longer log in on any device after its next sync, and
    /// a session open there ends.
    Revoke {
        #[arg(long, value_name = "NO")]
        licence: String,
        /// Why, in words the agent is shown on the login screen.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
    },
}

pub fn agent(command: &AgentCommand) -> i32 {
    match command {
        AgentCommand::Add {
            name,
            licence,
            supervisor,
            pin_file,
            server,
        } => {
            let (shown, hash) = match pin_file {
                Some(file) => {
                    let pin = match std::fs::read_to_string(file) {
                        Ok(t) => t.trim().to_string(),
                        Err(e) => {
                            eprintln!("presale: --pin-file {}: {e}", file.display());
                            return BAD_INPUT;
                        }
                    };
                    match presale_core::access::roster::initial_pin_hash(&pin) {
                        Ok(h) => (None, h),
                        Err(e) => {
                            eprintln!("presale: --pin-file {}: {e}", file.display());
                            return BAD_INPUT;
                        }
                    }
                }
                None => match admin::new_initial_pin() {
                    Ok((pin, hash)) => (Some(pin), hash),
                    Err(e) => return report(&e),
                },
            };
            let mut client = match owner(server) {
                Ok(c) => c,
                Err(code) => return code,
            };
            if let Err(e) = admin::add_agent(&mut client, name, licence, *supervisor, &hash) {
                return report(&e);
            }
            println!(
                "agent {} (licence {}) is on the roster; every device adds them at its next sync",
                name.trim(),
                licence.trim()
            );
            if let Some(pin) = shown {
                println!(
                    "initial PIN: {pin}  (give it to the agent in person; only its hash is kept, \
                     and they choose their own PIN at their first login on each device)"
                );
            }
            0
        }
        AgentCommand::Revoke {
            licence,
            reason,
            server,
        } => {
            let mut client = match owner(server) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match admin::revoke_agent(&mut client, licence, reason) {
                Ok(true) => {
                    println!(
                        "licence {} revoked; every device refuses the agent after its next sync",
                        licence.trim()
                    );
                    0
                }
                Ok(false) => {
                    println!("licence {} was already revoked", licence.trim());
                    0
                }
                Err(e) => report(&e),
            }
        }
    }
}

pub fn status(server: &str) -> i32 {
    let mut client = match owner(server) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let devices = match admin::devices(&mut client) {
        Ok(d) => d,
        Err(e) => return report(&e),
    };
    if devices.is_empty() {
        println!("no device is enrolled (presale fleet add-device NAME)");
        return 0;
    }
    println!(
        "{:<24} {:<21} {:>10} {:>10} {:>8}  state",
        "device", "last contact", "received", "reported", "backlog"
    );
    for d in &devices {
        println!(
            "{:<24} {:<21} {:>10} {:>10} {:>8}  {}",
            d.name,
            d.last_contact_at.as_deref().unwrap_or("never"),
            d.received_through,
            d.reported_through,
            d.backlog(),
            d.revoked_at
                .as_deref()
                .map_or("enrolled".to_string(), |at| format!("revoked {at}"))
        );
    }
    0
}

pub fn revoke_device(name: &str, reason: Option<&str>, server: &str) -> i32 {
    let mut client = match owner(server) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match admin::revoke_device(&mut client, name, reason.unwrap_or("")) {
        Ok(true) => {
            println!(
                "device {name} revoked: its login can no longer connect; what it sent stays, and \
                 what waits on it stays there"
            );
            0
        }
        Ok(false) => {
            println!("device {name} was already revoked");
            0
        }
        Err(e) => report(&e),
    }
}

pub fn purge(expired: bool, today: Option<&str>, server: &str) -> i32 {
    if !expired {
        eprintln!("presale: fleet purge: say what to purge: --expired (records past retention)");
        return BAD_INPUT;
    }
    let today = today.map_or_else(presale_core::clock::today, str::to_string);
    let mut client = match owner(server) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match admin::purge_expired(&mut client, &today) {
        Ok(p) => {
            println!(
                "retention purge before {today}: {} consultations and {} client files erased \
                 centrally",
                p.consultations, p.clients
            );
            0
        }
        Err(e) => report(&e),
    }
}
