//! Agent profiles: name, licence number, a PIN hashed with argon2id, and the supervisor role (who
//! may lift a colleague's lock). Checking a PIN and the lockout live in `pin`.

use super::pin;
use crate::audit;
use crate::db::write_tx;
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub use super::pin::{change_pin, login, replace_initial, unlock, LoginRefused, Unlocker};
pub use super::pin::{LOCK_STEPS_MS, MAX_ATTEMPTS, UNTIL_UNLOCKED};

/// The first lock's length (the later ones are longer: `LOCK_STEPS_MS`).
pub const LOCK_MS: i64 = LOCK_STEPS_MS[0];
/// The shortest PIN accepted.
pub const MIN_PIN_DIGITS: usize = 6;

/// What is needed to create a profile.
#[derive(Debug, Clone, Deserialize)]
pub struct NewAgent {
    pub name: String,
    pub licence_number: String,
    pub pin: String,
    /// May unlock colleagues' profiles. The first agent is one whatever this says; afterwards
    /// only a supervisor may create another.
    #[serde(default)]
    pub supervisor: bool,
}

/// A profile as the UI sees it (never the PIN hash).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub licence_number: String,
    /// May unlock colleagues' profiles.
    pub supervisor: bool,
    /// Whether the profile is locked after wrong PINs now.
    pub locked: bool,
    /// Until when (Unix ms) it is locked; `None` when not locked or locked until a supervisor
    /// (or the machine's owner) unlocks it.
    pub locked_until_ms: Option<i64>,
    /// The last successful login (RFC 3339, UTC), if any.
    pub last_login_at: Option<String>,
    /// When head office revoked the licence (RFC 3339), and its reason: no login any more.
    pub revoked_at: Option<String>,
    pub revoked_reason: Option<String>,
    /// The PIN is the initial one head office gave: the first login chooses a new one.
    pub pin_must_change: bool,
}

/// Whether any profile exists (the first start shows the set-up screen when none does).
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM agents)", [], |r| r.get(0))?)
}

/// The first profile, at set-up: refused (`forbidden`) once any profile exists, always a
/// supervisor (someone must be able to unlock the others). Setting up logs its agent in, so
/// this is their first login (`last_login_at`).
pub fn create_first(conn: &Connection, new: &NewAgent) -> Result<Agent> {
    if any(conn)? {
        return Err(Error::Forbidden("an agent already exists".into()));
    }
    insert(conn, "setup", new, true, true)
}

/// A further profile, added by the logged-in agent `by`. Only a supervisor may make another
/// supervisor, so that an agent cannot give themselves a second profile that unlocks.
pub fn add(conn: &Connection, by: i64, new: &NewAgent) -> Result<Agent> {
    if new.supervisor && !get(conn, by)?.supervisor {
        return Err(Error::Forbidden(
            "only a supervisor may add a supervisor".into(),
        ));
    }
    insert(conn, &format!("agent:{by}"), new, new.supervisor, false)
}

/// Checks each field and stores the profile; the PIN only as an argon2id hash. `logged_in`: the
/// profile's agent is logged in by its creation (the set-up), which is then their last login.
fn insert(
    conn: &Connection,
    actor: &str,
    new: &NewAgent,
    supervisor: bool,
    logged_in: bool,
) -> Result<Agent> {
    let name = new.name.trim();
    let licence = new.licence_number.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(Error::invalid(
            "name",
            "enter the agent's name (at most 60 characters)",
        ));
    }
    if !valid_licence(licence) {
        return Err(Error::invalid(
            "licence_number",
            "enter the licence number: 6 to 32 letters, digits or hyphens",
        ));
    }
    pin::check_new(&new.pin, "pin")?;
    let hash = pin::hash(&new.pin)?;
    let tx = write_tx(conn)?;
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM agents WHERE licence_number = ?1)",
        [licence],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid(
            "licence_number",
            "a profile with this licence number already exists",
        ));
    }
    let now = clock::now_rfc3339();
    tx.execute(
        "INSERT INTO agents (name, licence_number, pin_hash, created_at, supervisor, last_login_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            name,
            licence,
            hash,
            now,
            supervisor,
            logged_in.then_some(&now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        &tx,
        actor,
        "agent.create",
        "agent",
        Some(id),
        json!({ "supervisor": supervisor }),
    )?;
    tx.commit()?;
    get(conn, id)
}

const COLUMNS: &str = "id, name, licence_number, supervisor, locked_until_ms, last_login_at, \
                       revoked_at, revoked_reason, pin_must_change";

/// One profile, its lock as stored (see `list` for the lock as of a time).
pub fn get(conn: &Connection, id: i64) -> Result<Agent> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM agents WHERE id = ?1"),
        [id],
        |r| row(r, None),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("agent {id}")))
}

/// Every profile, by name. `now_ms` decides which locks have already expired.
pub fn list(conn: &Connection, now_ms: i64) -> Result<Vec<Agent>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM agents ORDER BY name, id"))?;
    let agents = stmt
        .query_map([], |r| row(r, Some(now_ms)))?
        .collect::<rusqlite::Result<Vec<Agent>>>()?;
    Ok(agents)
}

/// The profile a person names on the command line: its id, or its exact name when only one
/// profile has it. Bad input is `invalid` on field `agent`, saying what was found.
pub fn resolve(conn: &Connection, name_or_id: &str) -> Result<Agent> {
    let wanted = name_or_id.trim();
    if let Ok(id) = wanted.parse::<i64>() {
        if let Some(a) = get(conn, id).map(Some).or_else(|e| match e {
            Error::NotFound(_) => Ok(None),
            other => Err(other),
        })? {
            return Ok(a);
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM agents WHERE name = ?1 ORDER BY id"
    ))?;
    let found = stmt
        .query_map([wanted], |r| row(r, None))?
        .collect::<rusqlite::Result<Vec<Agent>>>()?;
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::invalid(
            "agent",
            format!("no agent has the id or name `{wanted}` (`presale agents list` shows them)"),
        )),
        many => {
            let ids: Vec<String> = many.iter().map(|a| a.id.to_string()).collect();
            Err(Error::invalid(
                "agent",
                format!(
                    "{} agents are named `{wanted}`: give the id instead ({})",
                    many.len(),
                    ids.join(", ")
                ),
            ))
        }
    }
}

/// A row of `COLUMNS`; with `now_ms`, a lock that has run out shows as none.
fn row(r: &rusqlite::Row<'_>, now_ms: Option<i64>) -> rusqlite::Result<Agent> {
    let until: Option<i64> = r.get(4)?;
    let until = until.filter(|&t| now_ms.map_or(true, |now| t > now));
    Ok(Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        licence_number: r.get(2)?,
        supervisor: r.get(3)?,
        locked: until.is_some(),
        locked_until_ms: until.filter(|&t| t != UNTIL_UNLOCKED),
        last_login_at: r.get(5)?,
        revoked_at: r.get(6)?,
        revoked_reason: r.get(7)?,
        pin_must_change: r.get(8)?,
    })
}

fn valid_licence(s: &str) -> bool {
    (6..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}
