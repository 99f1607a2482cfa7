//! Agent profiles: name, licence number, a PIN hashed with argon2id, and the lockout after too
//! many wrong PINs, stored in the database so that restarting the app does not lift it.

use crate::records::{audit, write_tx};
use crate::{clock, Error, Result};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Wrong PINs in a row that lock the profile.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a locked profile stays locked.
pub const LOCK_MS: i64 = 5 * 60 * 1000;
/// The shortest PIN accepted.
pub const MIN_PIN_DIGITS: usize = 6;

/// What is needed to create a profile.
#[derive(Debug, Clone, Deserialize)]
pub struct NewAgent {
    pub name: String,
    pub licence_number: String,
    pub pin: String,
}

/// A profile as the UI sees it (never the PIN hash).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub licence_number: String,
    /// Until when (Unix ms) the profile is locked after wrong PINs, if it is now.
    pub locked_until_ms: Option<i64>,
    /// The last successful login (RFC 3339, UTC), if any.
    pub last_login_at: Option<String>,
}

/// Why a login failed (besides storage errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum LoginRefused {
    /// Wrong PIN; `attempts_left` before the lock.
    WrongPin { attempts_left: i64 },
    /// Locked after too many wrong PINs, until `until_ms` (Unix ms).
    Locked { until_ms: i64 },
}

/// Whether any profile exists (the first start shows the set-up screen when none does).
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM agents)", [], |r| r.get(0))?)
}

/// Creates a profile after checking each field; the PIN is stored only as an argon2id hash.
pub fn create(conn: &Connection, actor: &str, new: &NewAgent) -> Result<Agent> {
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
    check_pin(&new.pin)?;
    let hash = hash_pin(&new.pin)?;
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
    tx.execute(
        "INSERT INTO agents (name, licence_number, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, licence, hash, clock::now_rfc3339()],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(&tx, actor, "agent.create", "agent", Some(id), json!({}))?;
    tx.commit()?;
    get(conn, id)
}

/// One profile.
pub fn get(conn: &Connection, id: i64) -> Result<Agent> {
    conn.query_row(
        "SELECT id, name, licence_number, locked_until_ms, last_login_at FROM agents WHERE id = ?1",
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("agent {id}")))
}

/// Every profile, by name. `now_ms` decides which locks have already expired.
pub fn list(conn: &Connection, now_ms: i64) -> Result<Vec<Agent>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, licence_number, locked_until_ms, last_login_at FROM agents
         ORDER BY name, id",
    )?;
    let agents = stmt
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<Agent>>>()?;
    Ok(agents
        .into_iter()
        .map(|mut a| {
            a.locked_until_ms = a.locked_until_ms.filter(|&t| t > now_ms);
            a
        })
        .collect())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        licence_number: r.get(2)?,
        locked_until_ms: r.get(3)?,
        last_login_at: r.get(4)?,
    })
}

/// Checks a PIN at `now_ms`. A locked profile refuses without checking; the fifth wrong PIN in a
/// row locks it for `LOCK_MS`; a right PIN clears the count. Every outcome is audited.
pub fn login(
    conn: &Connection,
    id: i64,
    pin: &str,
    now_ms: i64,
) -> Result<std::result::Result<Agent, LoginRefused>> {
    let tx = write_tx(conn)?;
    if let Err(refused) = verify_pin(&tx, id, pin, now_ms, None)? {
        tx.commit()?;
        return Ok(Err(refused));
    }
    tx.execute(
        "UPDATE agents SET last_login_at = ?1 WHERE id = ?2",
        params![clock::now_rfc3339(), id],
    )?;
    audit::append(
        &tx,
        &format!("agent:{id}"),
        "agent.login",
        "agent",
        Some(id),
        json!({}),
    )?;
    tx.commit()?;
    get(conn, id).map(Ok)
}

/// Changes a profile's PIN. The current PIN is checked exactly as at login (a wrong one counts
/// toward the lock, and a locked profile refuses), so this cannot be used to guess PINs faster.
/// The new PIN follows the creation rules and is refused (field `new_pin`) before anything is
/// checked or counted.
pub fn change_pin(
    conn: &Connection,
    id: i64,
    current_pin: &str,
    new_pin: &str,
    now_ms: i64,
) -> Result<std::result::Result<(), LoginRefused>> {
    check_pin(new_pin).map_err(|e| match e {
        Error::Invalid { message, .. } => Error::invalid("new_pin", message),
        other => other,
    })?;
    if new_pin == current_pin {
        return Err(Error::invalid(
            "new_pin",
            "choose a PIN different from the current one",
        ));
    }
    let hash = hash_pin(new_pin)?;
    let tx = write_tx(conn)?;
    if let Err(refused) = verify_pin(&tx, id, current_pin, now_ms, Some("change_pin"))? {
        tx.commit()?;
        return Ok(Err(refused));
    }
    tx.execute(
        "UPDATE agents SET pin_hash = ?1 WHERE id = ?2",
        params![hash, id],
    )?;
    audit::append(
        &tx,
        &format!("agent:{id}"),
        "agent.change_pin",
        "agent",
        Some(id),
        json!({}),
    )?;
    tx.commit()?;
    Ok(Ok(()))
}

/// Lifts a profile's lock after wrong PINs (an administrator's act, audited under `actor`).
/// A profile that is not locked at `now_ms` is refused (`invalid`, field `id`) so that the UI
/// never reports an unlock that did nothing.
pub fn unlock(conn: &Connection, actor: &str, id: i64, now_ms: i64) -> Result<Agent> {
    let tx = write_tx(conn)?;
    let locked_until: Option<Option<i64>> = tx
        .query_row(
            "SELECT locked_until_ms FROM agents WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(locked_until) = locked_until else {
        return Err(Error::NotFound(format!("agent {id}")));
    };
    let Some(until) = locked_until.filter(|&t| t > now_ms) else {
        return Err(Error::invalid("id", "this profile is not locked"));
    };
    tx.execute(
        "UPDATE agents SET failed_attempts = 0, locked_until_ms = NULL WHERE id = ?1",
        [id],
    )?;
    audit::append(
        &tx,
        actor,
        "agent.unlock",
        "agent",
        Some(id),
        json!({ "was_locked_until_ms": until }),
    )?;
    tx.commit()?;
    get(conn, id)
}

/// The one place a PIN is checked against a profile, inside the caller's transaction: a locked
/// profile refuses without checking, a wrong PIN counts (the fifth locks for `LOCK_MS`), a right
/// one clears the count. Refusals are audited here, with `during` naming the act if not a login;
/// the caller audits the success.
fn verify_pin(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    pin: &str,
    now_ms: i64,
    during: Option<&str>,
) -> Result<std::result::Result<(), LoginRefused>> {
    let found: Option<(String, i64, Option<i64>)> = tx
        .query_row(
            "SELECT pin_hash, failed_attempts, locked_until_ms FROM agents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((hash, failed, locked_until)) = found else {
        return Err(Error::NotFound(format!("agent {id}")));
    };
    let actor = format!("agent:{id}");
    let details = |mut d: serde_json::Value| {
        if let (Some(during), Some(map)) = (during, d.as_object_mut()) {
            map.insert("during".into(), during.into());
        }
        d
    };
    if let Some(until) = locked_until.filter(|&t| t > now_ms) {
        audit::append(
            tx,
            &actor,
            "agent.login_refused_locked",
            "agent",
            Some(id),
            details(json!({})),
        )?;
        return Ok(Err(LoginRefused::Locked { until_ms: until }));
    }
    // A lock that has run out starts a fresh count.
    let failed = if locked_until.is_some() { 0 } else { failed };
    if pin_matches(pin, &hash) {
        tx.execute(
            "UPDATE agents SET failed_attempts = 0, locked_until_ms = NULL WHERE id = ?1",
            [id],
        )?;
        return Ok(Ok(()));
    }
    let failed = failed + 1;
    if failed >= MAX_ATTEMPTS {
        let until = now_ms + LOCK_MS;
        tx.execute(
            "UPDATE agents SET failed_attempts = 0, locked_until_ms = ?1 WHERE id = ?2",
            params![until, id],
        )?;
        audit::append(
            tx,
            &actor,
            "agent.locked",
            "agent",
            Some(id),
            details(json!({ "attempts": failed })),
        )?;
        return Ok(Err(LoginRefused::Locked { until_ms: until }));
    }
    tx.execute(
        "UPDATE agents SET failed_attempts = ?1, locked_until_ms = NULL WHERE id = ?2",
        params![failed, id],
    )?;
    audit::append(
        tx,
        &actor,
        "agent.wrong_pin",
        "agent",
        Some(id),
        details(json!({ "attempts": failed })),
    )?;
    Ok(Err(LoginRefused::WrongPin {
        attempts_left: MAX_ATTEMPTS - failed,
    }))
}

fn valid_licence(s: &str) -> bool {
    (6..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn check_pin(pin: &str) -> Result<()> {
    if pin.len() < MIN_PIN_DIGITS || pin.len() > 12 || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid("pin", "the PIN must be 6 to 12 digits"));
    }
    if pin.bytes().all(|b| b == pin.as_bytes()[0]) {
        return Err(Error::invalid(
            "pin",
            "choose a PIN that is not one digit repeated",
        ));
    }
    Ok(())
}

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Content(format!("the PIN could not be hashed: {e}")))
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    // A hash that does not parse matches nothing: the profile then needs an administrator.
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}
