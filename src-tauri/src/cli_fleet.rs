//! `presale fleet init|add-device` (head office's DBA, with the schema's owner role) and
//! `presale sync now|status` (on a device): the command line of the fleet (see README "Fleet").
//! Head office's other commands (agents, status, revoke-device, purge) are `cli_fleet_admin`'s.

use crate::cli_records::{data_dir, open_data_dir};
use presale_core::fleet::outbox;
use presale_fleet::{config, connect, enrol, schema, sync, FleetError, SyncConfig};
use std::path::{Path, PathBuf};

pub(crate) const BAD_INPUT: i32 = 2;

/// `presale fleet ...`.
#[derive(Debug, clap::Subcommand)]
pub enum FleetCommand {
    /// Create the central schema on the server, or upgrade it; refuses a newer one.
    Init {
        /// The server, as the schema's owner: `postgres://owner@host:5432/presale` (the password
        /// in the URL or in PGPASSWORD).
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
    },
    /// Enrol a device: its own login, a password file, and the settings for its presale.toml.
    AddDevice {
        /// The device's name: lower-case letters, digits, `-` or `_` (e.g. `branch-017`).
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
        /// Where to write the device's password (created, mode 600; default `NAME.password`).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// The agent roster: add an agent, revoke a licence.
    Agent {
        #[command(subcommand)]
        action: crate::cli_fleet_admin::AgentCommand,
    },
    /// Every device: last contact, rows received, rows it reported, backlog, revoked or not.
    Status {
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
    },
    /// Revoke a device: its login can no longer connect; what it sent is kept.
    RevokeDevice {
        #[arg(value_name = "NAME")]
        name: String,
        /// Why (kept at head office).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
    },
    /// The retention purge of the central copy, by the retention dates in the central rows;
    /// prints what it erased (counts only).
    Purge {
        /// Erase the records past their retention date (the only purge there is).
        #[arg(long)]
        expired: bool,
        /// The day to purge before (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        #[arg(long, value_name = "URL", env = "PRESALE_FLEET_SERVER")]
        server: String,
    },
}

/// `presale sync ...`.
#[derive(Debug, clap::Subcommand)]
pub enum SyncCommand {
    /// Send what waits in the outbox now.
    Now,
    /// Last success, rows waiting and the last error, in plain words.
    Status,
}

pub(crate) fn owner(server: &str) -> Result<postgres::Client, i32> {
    let mut config = connect::parse(server).map_err(|e| bad("--server", &e))?;
    let password = std::env::var("PGPASSWORD").ok();
    if config.get_password().is_some() {
        // Kept from the URL.
    } else if let Some(p) = &password {
        config.password(p.as_bytes());
    }
    connect::connect(&config, None, None).map_err(|e| report(&e))
}

fn bad(arg: &str, e: &FleetError) -> i32 {
    eprintln!("presale: {arg}: {e}");
    BAD_INPUT
}

pub(crate) fn report(e: &FleetError) -> i32 {
    eprintln!("presale: {e}");
    match e {
        FleetError::Config(_) => BAD_INPUT,
        _ => 1,
    }
}

pub fn fleet(command: &FleetCommand) -> i32 {
    use crate::cli_fleet_admin as admin;
    match command {
        FleetCommand::Agent { action } => admin::agent(action),
        FleetCommand::Status { server } => admin::status(server),
        FleetCommand::RevokeDevice {
            name,
            reason,
            server,
        } => admin::revoke_device(name, reason.as_deref(), server),
        FleetCommand::Purge {
            expired,
            today,
            server,
        } => admin::purge(*expired, today.as_deref(), server),
        FleetCommand::Init { server } => {
            let mut client = match owner(server) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match schema::init(&mut client) {
                Ok(u) if u.from == u.to => println!("fleet schema already at version {}", u.to),
                Ok(u) if u.from == 0 => println!("fleet schema created (version {})", u.to),
                Ok(u) => println!("fleet schema upgraded from version {} to {}", u.from, u.to),
                Err(e) => return report(&e),
            }
            0
        }
        FleetCommand::AddDevice {
            name,
            server,
            password_file,
        } => {
            if let Err(e) = enrol::check_name(name) {
                return bad("NAME", &e);
            }
            let file = password_file
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("{name}.password")));
            if file.exists() {
                eprintln!(
                    "presale: --password-file: {} exists already",
                    file.display()
                );
                return BAD_INPUT;
            }
            let server_config = match connect::parse(server) {
                Ok(c) => c,
                Err(e) => return bad("--server", &e),
            };
            let mut client = match owner(server) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let enrolled = match enrol::add_device(&mut client, name) {
                Ok(d) => d,
                Err(e) => return report(&e),
            };
            if let Err(e) = config::write_password_file(&file, &enrolled.password) {
                // The login exists but its password is lost: say how to start again.
                eprintln!(
                    "presale: {e}; the login {} was created: drop it (DROP ROLE) and the row in \
                     fleet.devices, then enrol again",
                    enrolled.role
                );
                return 1;
            }
            println!(
                "# device {} enrolled as login {}.\n# Copy {} into the device's data directory as \
                 `fleet-password`, owned by the app's user, mode 600, and add to its presale.toml:",
                enrolled.name,
                enrolled.role,
                file.display()
            );
            print!(
                "{}",
                enrol::settings_for(&server_config, &enrolled, "fleet-password")
            );
            0
        }
    }
}

pub fn run(dir: Option<&Path>, command: &SyncCommand) -> i32 {
    let data = match data_dir(dir) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let config = match SyncConfig::load(&data) {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    let conn = match open_data_dir(dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match command {
        SyncCommand::Status => {
            let s = match outbox::status(&conn) {
                Ok(s) => s,
                Err(e) => return crate::cli_records::fail(e),
            };
            if config.is_none() {
                println!("sync: not set up (presale.toml has no [sync] section)");
            }
            println!(
                "last success: {}",
                s.last_success_at.as_deref().unwrap_or("never")
            );
            println!("rows waiting: {}", s.waiting);
            println!("last error: {}", s.last_error.as_deref().unwrap_or("none"));
            0
        }
        SyncCommand::Now => {
            let Some(config) = config else {
                eprintln!(
                    "presale: sync is not set up: add a [sync] section to {} (see README \"Fleet\")",
                    data.join("presale.toml").display()
                );
                return BAD_INPUT;
            };
            match sync::sync_now(&conn, &config) {
                Ok(r) => {
                    println!(
                        "sent {} (applied {}, already there {}); nothing waiting",
                        r.sent,
                        r.applied,
                        r.sent - r.applied
                    );
                    0
                }
                Err(e) => {
                    let waiting = outbox::status(&conn).map(|s| s.waiting).unwrap_or(0);
                    eprintln!("presale: sync failed: {e}; {waiting} rows kept for the next try");
                    match e {
                        FleetError::Config(_) => BAD_INPUT,
                        _ => 1,
                    }
                }
            }
        }
    }
}
