//! Enrolling a device: its own PostgreSQL login that may only call the functions of
//! `DEVICE_FUNCTIONS` (send, its own cursor, the roster; no privilege on any table), a random
//! password kept out of the server's logs (only its SCRAM verifier is sent), and the settings
//! for the device's `presale.toml`.

use crate::{FleetError, Result};
use postgres::Client;

/// What a device needs to connect, printed by `presale fleet add-device`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub name: String,
    pub role: String,
    pub password: String,
}

/// Every function a device's login may call, and nothing else: send its rows, read its cursor
/// and the schema's version, report its newest row, read the agent roster.
pub const DEVICE_FUNCTIONS: &str = "fleet.ingest(bigint, text, bigint, jsonb), fleet.my_cursor(), \
     fleet.schema_version(), fleet.report_newest(bigint), fleet.roster()";

/// A device name: 1-40 of `a-z`, `0-9`, `-`, `_` (it becomes part of a login name).
pub fn check_name(name: &str) -> Result<()> {
    let ok = (1..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(FleetError::Config(format!(
            "device name `{name}`: use 1-40 lower-case letters, digits, `-` or `_` (e.g. `branch-017`)"
        )))
    }
}

/// The login a device named `name` gets.
pub fn role_for(name: &str) -> String {
    format!("presale_device_{}", name.replace('-', "_"))
}

fn new_password() -> Result<String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| FleetError::Config(format!("no random source for the password: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Creates the device's login and its row, in one transaction. Run with the schema's owner role
/// (which needs CREATEROLE).
pub fn add_device(client: &mut Client, name: &str) -> Result<Enrolled> {
    check_name(name)?;
    crate::schema::require_current(client)?;
    let role = role_for(name);
    let password = new_password()?;
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let mut tx = client.transaction()?;
    let taken: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                 OR EXISTS (SELECT 1 FROM fleet.devices WHERE name = $2)",
            &[&role, &name],
        )?
        .get(0);
    if taken {
        return Err(FleetError::Config(format!(
            "a device named `{name}` (login {role}) exists already: choose another name"
        )));
    }
    // Role names and the verifier are ours (checked name, base64 and `$:` characters), and
    // CREATE ROLE takes no bind parameters; quote_ident/quote_literal on the server all the same.
    let create: String = tx
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION \
                            CONNECTION LIMIT 4 PASSWORD %L', $1::text, $2::text)",
            &[&role, &verifier],
        )?
        .get(0);
    tx.batch_execute(&create)?;
    let grants: String = tx
        .query_one(
            &format!(
                "SELECT format('GRANT USAGE ON SCHEMA fleet TO %1$I; \
                GRANT EXECUTE ON FUNCTION {DEVICE_FUNCTIONS} TO %1$I; \
                GRANT CONNECT ON DATABASE %2$I TO %1$I', $1::text, current_database())"
            ),
            &[&role],
        )?
        .get(0);
    tx.batch_execute(&grants)?;
    tx.execute(
        "WITH d AS (INSERT INTO fleet.devices (name, role_name) VALUES ($1, $2) RETURNING id)
         INSERT INTO fleet.device_cursors (device_id) SELECT id FROM d",
        &[&name, &role],
    )?;
    tx.commit()?;
    Ok(Enrolled {
        name: name.to_string(),
        role,
        password,
    })
}

/// The `[sync]` section for the device, with the server URL's user replaced by the device's
/// login and no password in it (that goes to `password_file`).
pub fn settings_for(server: &postgres::Config, enrolled: &Enrolled, password_file: &str) -> String {
    use postgres::config::Host;
    let hosts: Vec<String> = server
        .get_hosts()
        .iter()
        .zip(server.get_ports().iter().chain(std::iter::repeat(&5432)))
        .map(|(h, p)| match h {
            Host::Tcp(name) if name.contains(':') => format!("[{name}]:{p}"),
            Host::Tcp(name) => format!("{name}:{p}"),
            #[cfg(unix)]
            Host::Unix(_) => format!("localhost:{p}"),
        })
        .collect();
    let db = server.get_dbname().unwrap_or("postgres");
    format!(
        "[sync]\nserver = \"postgres://{}@{}/{}\"\npassword_file = \"{}\"\n",
        enrolled.role,
        hosts.join(","),
        db,
        password_file.replace('\\', "\\\\").replace('"', "\\\"")
    )
}
