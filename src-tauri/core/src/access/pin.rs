//! Checking an agent's PIN and the lockout after wrong ones, stored in the database so that
//! neither a restart nor a colleague's session lifts it: wrong PINs count per profile whoever
//! types them; the fifth in a row locks for 5 minutes, the next series for 30, the next until a
//! supervisor (or the machine's owner, on the command line) unlocks. Only a right PIN resets the
//! series; an unlock lifts the lock but not the level, so it never buys a fresh series.

use super::agent::{self, Agent};
use crate::audit;
use crate::db::write_tx;
use crate::{clock, Error, Result};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::json;

/// Wrong PINs in a row that lock the profile.
pub const MAX_ATTEMPTS: i64 = 5;
/// The first and the second lock's length; the third and later last until unlocked.
pub const LOCK_STEPS_MS: [i64; 2] = [5 * 60 * 1000, 30 * 60 * 1000];
/// `locked_until_ms` of a lock that lasts until a supervisor unlocks it.
pub const UNTIL_UNLOCKED: i64 = i64::MAX;

/// Why a PIN was refused (besides storage errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum LoginRefused {
    /// Wrong PIN; `attempts_left` before the lock.
    WrongPin { attempts_left: i64 },
    /// Locked after too many wrong PINs, until `until_ms` (Unix ms), or until a supervisor
    /// unlocks it when `None`.
    Locked { until_ms: Option<i64> },
    /// Head office revoked the agent's licence (`roster`): when, and the reason it gave. No PIN
    /// is checked.
    Revoked { revoked_at: String, because: String },
    /// The right PIN, but the initial one head office gave: the agent must choose their own
    /// first (`replace_initial`).
    MustChangePin,
}

/// Who lifts a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlocker {
    /// A logged-in agent: a supervisor, not the profile's owner, not the one whose session was
    /// open at the window when the lock was caused.
    Agent(i64),
    /// The machine's owner on the command line (`presale agents unlock`).
    Owner,
}

/// Checks a PIN at `now_ms`. `at_window` is the agent whose session was open at the window when
/// the PIN was typed (the current one, or the last one before it ended), kept with a lock it
/// causes. Every outcome is audited.
pub fn login(
    conn: &Connection,
    id: i64,
    pin: &str,
    now_ms: i64,
    at_window: Option<i64>,
) -> Result<std::result::Result<Agent, LoginRefused>> {
    let tx = write_tx(conn)?;
    if let Err(refused) = verify(&tx, id, pin, now_ms, None, at_window)? {
        tx.commit()?;
        return Ok(Err(refused));
    }
    let must_change: bool = tx.query_row(
        "SELECT pin_must_change FROM agents WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if must_change {
        tx.commit()?;
        return Ok(Err(LoginRefused::MustChangePin));
    }
    log_in(&tx, id)?;
    tx.commit()?;
    agent::get(conn, id).map(Ok)
}

/// The first login of a profile head office created: the initial PIN is checked as at login,
/// replaced by the agent's own (the rules of a new PIN; a different one), and the agent is
/// logged in. Refused (`invalid`, field `new_pin`) for a profile whose PIN is already its own.
pub fn replace_initial(
    conn: &Connection,
    id: i64,
    initial_pin: &str,
    new_pin: &str,
    now_ms: i64,
    at_window: Option<i64>,
) -> Result<std::result::Result<Agent, LoginRefused>> {
    check_new(new_pin, "new_pin")?;
    if new_pin == initial_pin {
        return Err(Error::invalid(
            "new_pin",
            "choose a PIN different from the one head office gave",
        ));
    }
    let must_change: Option<bool> = conn
        .query_row(
            "SELECT pin_must_change FROM agents WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match must_change {
        None => return Err(Error::NotFound(format!("agent {id}"))),
        Some(false) => {
            return Err(Error::invalid(
                "new_pin",
                "this profile already has its own PIN: change it from the agents screen",
            ))
        }
        Some(true) => {}
    }
    let new_hash = hash(new_pin)?;
    let tx = write_tx(conn)?;
    if let Err(refused) = verify(&tx, id, initial_pin, now_ms, None, at_window)? {
        tx.commit()?;
        return Ok(Err(refused));
    }
    tx.execute(
        "UPDATE agents SET pin_hash = ?1, pin_must_change = 0 WHERE id = ?2",
        params![new_hash, id],
    )?;
    audit::append(
        &tx,
        &format!("agent:{id}"),
        "agent.change_pin",
        "agent",
        Some(id),
        json!({ "initial": true }),
    )?;
    log_in(&tx, id)?;
    tx.commit()?;
    agent::get(conn, id).map(Ok)
}

/// Notes a successful login, inside the caller's transaction.
fn log_in(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.execute(
        "UPDATE agents SET last_login_at = ?1 WHERE id = ?2",
        params![clock::now_rfc3339(), id],
    )?;
    audit::append(
        tx,
        &format!("agent:{id}"),
        "agent.login",
        "agent",
        Some(id),
        json!({}),
    )?;
    Ok(())
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
    check_new(new_pin, "new_pin")?;
    if new_pin == current_pin {
        return Err(Error::invalid(
            "new_pin",
            "choose a PIN different from the current one",
        ));
    }
    let new_hash = hash(new_pin)?;
    let tx = write_tx(conn)?;
    if let Err(refused) = verify(&tx, id, current_pin, now_ms, Some("change_pin"), Some(id))? {
        tx.commit()?;
        return Ok(Err(refused));
    }
    tx.execute(
        "UPDATE agents SET pin_hash = ?1, pin_must_change = 0 WHERE id = ?2",
        params![new_hash, id],
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

/// Lifts a profile's lock, audited under who did it. Refused (`forbidden`) for an agent who is
/// not a supervisor, for one's own profile, and for the agent whose session was open when the
/// lock was caused (else guessing a colleague's PIN would only need an unlock every five tries).
/// A profile that is not locked at `now_ms` is refused (`invalid`, field `id`) so that the UI
/// never reports an unlock that did nothing. The lock level stays: see the module.
pub fn unlock(conn: &Connection, by: Unlocker, id: i64, now_ms: i64) -> Result<Agent> {
    let tx = write_tx(conn)?;
    let found: Option<(Option<i64>, Option<i64>)> = tx
        .query_row(
            "SELECT locked_until_ms, locked_from FROM agents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((locked_until, locked_from)) = found else {
        return Err(Error::NotFound(format!("agent {id}")));
    };
    let actor = match by {
        Unlocker::Owner => "cli".to_string(),
        Unlocker::Agent(by) => {
            let supervisor: Option<bool> = tx
                .query_row("SELECT supervisor FROM agents WHERE id = ?1", [by], |r| {
                    r.get(0)
                })
                .optional()?;
            if supervisor != Some(true) {
                return Err(Error::Forbidden(
                    "only a supervisor may unlock a colleague's profile".into(),
                ));
            }
            if by == id {
                return Err(Error::Forbidden(
                    "a profile cannot be unlocked by its own agent".into(),
                ));
            }
            if locked_from == Some(by) {
                return Err(Error::Forbidden(
                    "this lock was caused while your session was open at this window: another \
                     supervisor, or `presale agents unlock` on the command line, can lift it"
                        .into(),
                ));
            }
            format!("agent:{by}")
        }
    };
    let Some(until) = locked_until.filter(|&t| t > now_ms) else {
        return Err(Error::invalid("id", "this profile is not locked"));
    };
    tx.execute(
        "UPDATE agents SET failed_attempts = 0, locked_until_ms = NULL, locked_from = NULL
         WHERE id = ?1",
        [id],
    )?;
    let until = (until != UNTIL_UNLOCKED).then_some(until);
    audit::append(
        &tx,
        &actor,
        "agent.unlock",
        "agent",
        Some(id),
        json!({ "was_locked_until_ms": until }),
    )?;
    tx.commit()?;
    agent::get(conn, id)
}

/// How long the `level`-th lock in a row lasts (1 = the first), `None` for until unlocked.
pub fn lock_length_ms(level: i64) -> Option<i64> {
    usize::try_from(level - 1)
        .ok()
        .and_then(|i| LOCK_STEPS_MS.get(i).copied())
}

/// The one place a PIN is checked against a profile, inside the caller's transaction: a locked
/// profile refuses without checking, a wrong PIN counts (the fifth locks, longer each time), a
/// right one clears the count and the level. Refusals are audited here, with `during` naming
/// the act if not a login; the caller audits the success.
fn verify(
    tx: &Transaction<'_>,
    id: i64,
    pin: &str,
    now_ms: i64,
    during: Option<&str>,
    at_window: Option<i64>,
) -> Result<std::result::Result<(), LoginRefused>> {
    let found: Option<(String, i64, Option<i64>, i64)> = tx
        .query_row(
            "SELECT pin_hash, failed_attempts, locked_until_ms, lock_level FROM agents
             WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((stored, failed, locked_until, level)) = found else {
        return Err(Error::NotFound(format!("agent {id}")));
    };
    let actor = format!("agent:{id}");
    let details = |mut d: serde_json::Value| {
        if let (Some(during), Some(map)) = (during, d.as_object_mut()) {
            map.insert("during".into(), during.into());
        }
        d
    };
    if let Some((revoked_at, because)) = super::roster::revocation(tx, id)? {
        audit::append(
            tx,
            &actor,
            "agent.login_refused_revoked",
            "agent",
            Some(id),
            details(json!({})),
        )?;
        return Ok(Err(LoginRefused::Revoked {
            revoked_at,
            because,
        }));
    }
    let shown = |until: i64| (until != UNTIL_UNLOCKED).then_some(until);
    if let Some(until) = locked_until.filter(|&t| t > now_ms) {
        audit::append(
            tx,
            &actor,
            "agent.login_refused_locked",
            "agent",
            Some(id),
            details(json!({})),
        )?;
        return Ok(Err(LoginRefused::Locked {
            until_ms: shown(until),
        }));
    }
    // A lock that has run out (or was lifted) starts a fresh count, at the level reached.
    let failed = if locked_until.is_some() { 0 } else { failed };
    if matches(pin, &stored) {
        tx.execute(
            "UPDATE agents SET failed_attempts = 0, locked_until_ms = NULL, lock_level = 0,
             locked_from = NULL WHERE id = ?1",
            [id],
        )?;
        return Ok(Ok(()));
    }
    let failed = failed + 1;
    if failed >= MAX_ATTEMPTS {
        let level = level + 1;
        let until = lock_length_ms(level).map_or(UNTIL_UNLOCKED, |ms| now_ms + ms);
        tx.execute(
            "UPDATE agents SET failed_attempts = 0, locked_until_ms = ?1, lock_level = ?2,
             locked_from = ?3 WHERE id = ?4",
            params![until, level, at_window, id],
        )?;
        audit::append(
            tx,
            &actor,
            "agent.locked",
            "agent",
            Some(id),
            details(json!({ "attempts": failed, "level": level, "until_ms": shown(until) })),
        )?;
        return Ok(Err(LoginRefused::Locked {
            until_ms: shown(until),
        }));
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

/// The rules for a new PIN, reported on `field`.
pub(super) fn check_new(pin: &str, field: &str) -> Result<()> {
    if pin.len() < agent::MIN_PIN_DIGITS
        || pin.len() > 12
        || !pin.chars().all(|c| c.is_ascii_digit())
    {
        return Err(Error::invalid(field, "the PIN must be 6 to 12 digits"));
    }
    if pin.bytes().all(|b| b == pin.as_bytes()[0]) {
        return Err(Error::invalid(
            field,
            "choose a PIN that is not one digit repeated",
        ));
    }
    Ok(())
}

pub(crate) fn hash(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Content(format!("the PIN could not be hashed: {e}")))
}

fn matches(pin: &str, stored: &str) -> bool {
    // A hash that does not parse matches nothing: the profile then needs an administrator.
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}
