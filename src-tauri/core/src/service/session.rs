//! Who acts at the window, kept by the backend: the agent logged in (or nobody), whom PIN attempts
//! are charged to, and the idle limits the backend enforces behind the window's own timers.
//!
//! The window locks itself after `agent_lock_secs` without input and resets a kiosk visit after
//! `kiosk_idle_secs + kiosk_warning_secs`; it tells the backend of input with `touch` (at most
//! every [`TOUCH_EVERY_SECS`]) and every command that acts counts as activity too. The backend
//! allows [`GRACE_SECS`] more than the window's limit (so a working window always locks first), and
//! after that no command acts as the agent any more, whatever the page does; `take_lapsed` then
//! tells the shell's watchdog to audit the lock or clear the kiosk visitor (`settle`).

use super::{visiting, Actor};
use crate::access::agent::{self, Agent, NewAgent};
use crate::access::pin::{self, LoginRefused};
use crate::access::Role;
use crate::consultation::Mode;
use crate::{audit, Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::sync::{Mutex, MutexGuard};

/// How much longer than the window's own limit the backend waits before it locks.
pub const GRACE_SECS: i64 = 60;

/// How often, at most, the window reports input (`touch_session`).
pub const TOUCH_EVERY_SECS: i64 = 30;

/// The idle limits, from `presale.toml` (the tests shorten them to seconds).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Timeouts {
    /// Kiosk: seconds without a touch before "Still there?" (default 90).
    pub kiosk_idle_secs: u32,
    /// Kiosk: seconds the "Still there?" countdown lasts before the reset (default 20).
    pub kiosk_warning_secs: u32,
    /// Agent: seconds without input before the window locks (default 300).
    pub agent_lock_secs: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            kiosk_idle_secs: 90,
            kiosk_warning_secs: 20,
            agent_lock_secs: 300,
        }
    }
}

impl Timeouts {
    /// Milliseconds without activity after which the backend stops a session in `mode`.
    fn limit_ms(&self, mode: Mode) -> i64 {
        let window = match mode {
            Mode::Agent => i64::from(self.agent_lock_secs),
            Mode::Kiosk => i64::from(self.kiosk_idle_secs) + i64::from(self.kiosk_warning_secs),
        };
        (window + GRACE_SECS) * 1000
    }
}

/// A session the backend stopped for inactivity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lapsed {
    /// This agent's session was locked.
    Agent(i64),
    /// The kiosk visitor left without ending the visit.
    Visit,
}

/// The window's session (see the module).
#[derive(Debug, Default)]
pub struct Session {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    timeouts: Timeouts,
    agent: Option<i64>,
    /// The agent whose session was open last at this window: PINs typed after it ended are
    /// still charged to it, so a lock they cause is not that agent's to lift.
    last: Option<i64>,
    /// Last activity (ms since the epoch); `None` before any.
    active_ms: Option<i64>,
}

impl Inner {
    fn idle(&self, mode: Mode, now_ms: i64) -> bool {
        self.active_ms
            .is_some_and(|at| now_ms - at > self.timeouts.limit_ms(mode))
    }
}

impl Session {
    /// A session with these limits.
    pub fn new(timeouts: Timeouts) -> Session {
        let s = Session::default();
        s.inner().timeouts = timeouts;
        s
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The limits this session enforces.
    pub fn timeouts(&self) -> Timeouts {
        self.inner().timeouts
    }

    /// The role of the session in this process's mode at `now_ms`: an agent idle past the limit
    /// is `Locked` already, before the watchdog has settled it.
    pub fn role(&self, mode: Mode, now_ms: i64) -> Role {
        let s = self.inner();
        match mode {
            Mode::Kiosk => Role::Kiosk,
            Mode::Agent => match s.agent {
                Some(id) if !s.idle(mode, now_ms) => Role::Agent(id),
                _ => Role::Locked,
            },
        }
    }

    /// The role at `now_ms`, after ending the session of an agent whom `revoked` says may no
    /// longer act (head office revoked their licence: the roster of the last sync): they are back
    /// at the login screen, which says why.
    pub fn role_unless_revoked(
        &self,
        mode: Mode,
        now_ms: i64,
        revoked: impl Fn(i64) -> bool,
    ) -> Role {
        match self.role(mode, now_ms) {
            Role::Agent(id) if revoked(id) => {
                let mut s = self.inner();
                if s.agent == Some(id) {
                    s.agent = None;
                }
                tracing::info!(agent = id, "session ended: the agent's licence was revoked");
                Role::Locked
            }
            role => role,
        }
    }

    /// Activity at the window (input reported by the page, or a command acting).
    pub fn touch(&self, mode: Mode, now_ms: i64) {
        let mut s = self.inner();
        // A lapsed session stays lapsed until the watchdog settles it: activity cannot revive it.
        if !s.idle(mode, now_ms) {
            s.active_ms = Some(now_ms);
        }
    }

    /// The session to stop for inactivity, if any, and stops it: the agent is logged out, a
    /// kiosk visit forgotten (the caller clears it: `settle`).
    pub fn take_lapsed(&self, mode: Mode, now_ms: i64) -> Option<Lapsed> {
        let mut s = self.inner();
        if !s.idle(mode, now_ms) {
            return None;
        }
        s.active_ms = None;
        match mode {
            Mode::Agent => s.agent.take().map(Lapsed::Agent),
            Mode::Kiosk => Some(Lapsed::Visit),
        }
    }

    /// Records a successful PIN login.
    pub fn log_in(&self, agent_id: i64, now_ms: i64) {
        let mut s = self.inner();
        s.agent = Some(agent_id);
        s.last = Some(agent_id);
        s.active_ms = Some(now_ms);
    }

    /// Back to the login screen (log out, lock now, a restore); returns who was logged in.
    pub fn lock(&self) -> Option<i64> {
        self.inner().agent.take()
    }

    /// Before a PIN is checked for `agent_id`: a login as another agent ends the current session
    /// first (returned, for the caller to audit), so whoever types a colleague's PIN no longer
    /// acts as the agent who was logged in. Also returns the agent the attempt is charged to.
    fn begin_login(&self, agent_id: i64) -> (Option<i64>, Option<i64>) {
        let mut s = self.inner();
        let ended = s.agent.filter(|&current| current != agent_id);
        if ended.is_some() {
            s.agent = None;
        }
        (ended, s.agent.or(s.last))
    }
}

/// The first agent's set-up (agent mode, once), logged in at once. Refused on a temporary
/// database: an agent set up there would vanish with it, and it must not open the window to
/// whoever stands at it while the real records await a restore.
pub fn set_up(
    conn: &Connection,
    session: &Session,
    actor: Actor,
    new: &NewAgent,
    temporary_database: bool,
    now_ms: i64,
) -> Result<Agent> {
    if actor.role() == Role::Kiosk {
        return Err(Error::Forbidden("agent set-up at a kiosk".into()));
    }
    if temporary_database {
        return Err(Error::Forbidden(
            "the app runs on a temporary database: restore a backup first".into(),
        ));
    }
    let created = agent::create_first(conn, new)?;
    session.log_in(created.id, now_ms);
    Ok(created)
}

/// Who may restore a backup: a logged-in agent; and, while the app runs on a temporary database
/// (where nobody can log in), whoever is at an agent window. Never a kiosk.
pub fn may_restore(actor: Actor, temporary_database: bool) -> Result<()> {
    match actor.role() {
        Role::Locked if temporary_database => Ok(()),
        _ => actor.agent_id().map(|_| ()),
    }
}

/// The outcome of a PIN entry.
#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LoginOutcome {
    Ok {
        agent: Agent,
    },
    WrongPin {
        attempts_left: i64,
    },
    Locked {
        until_ms: Option<i64>,
    },
    /// Head office revoked the agent's licence: when, and its reason.
    Revoked {
        revoked_at: String,
        because: String,
    },
    /// The initial PIN head office gave: the agent chooses their own (`first_pin`).
    MustChangePin,
}

impl LoginOutcome {
    fn of(outcome: std::result::Result<Agent, LoginRefused>, session: &Session, now: i64) -> Self {
        match outcome {
            Ok(agent) => {
                session.log_in(agent.id, now);
                LoginOutcome::Ok { agent }
            }
            Err(LoginRefused::WrongPin { attempts_left }) => {
                LoginOutcome::WrongPin { attempts_left }
            }
            Err(LoginRefused::Locked { until_ms }) => LoginOutcome::Locked { until_ms },
            Err(LoginRefused::Revoked {
                revoked_at,
                because,
            }) => LoginOutcome::Revoked {
                revoked_at,
                because,
            },
            Err(LoginRefused::MustChangePin) => LoginOutcome::MustChangePin,
        }
    }
}

/// A PIN entered at the window's login screen (agent mode): a login as another agent than the one
/// logged in ends that session first; wrong PINs are charged to the agent whose session was open.
pub fn login(
    conn: &Connection,
    session: &Session,
    agent_id: i64,
    pin_text: &str,
    now_ms: i64,
) -> Result<LoginOutcome> {
    let (ended, at_window) = session.begin_login(agent_id);
    if let Some(id) = ended {
        audit_end(conn, id, "agent.logout")?;
    }
    let outcome = pin::login(conn, agent_id, pin_text, now_ms, at_window)?;
    Ok(LoginOutcome::of(outcome, session, now_ms))
}

/// The first login of an agent head office added: their initial PIN and the one they choose,
/// charged like any login.
pub fn first_pin(
    conn: &Connection,
    session: &Session,
    agent_id: i64,
    initial: &str,
    chosen: &str,
    now_ms: i64,
) -> Result<LoginOutcome> {
    let (ended, at_window) = session.begin_login(agent_id);
    if let Some(id) = ended {
        audit_end(conn, id, "agent.logout")?;
    }
    let outcome = pin::replace_initial(conn, agent_id, initial, chosen, now_ms, at_window)?;
    Ok(LoginOutcome::of(outcome, session, now_ms))
}

/// The outcome of a PIN change.
#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PinChange {
    Ok,
    WrongPin { attempts_left: i64 },
    Locked { until_ms: Option<i64> },
}

/// The logged-in agent changes their own PIN; a change that locks the profile ends the session
/// (whoever is at the window must not stay logged in as it).
pub fn change_pin(
    conn: &Connection,
    session: &Session,
    actor: Actor,
    current: &str,
    new: &str,
    now_ms: i64,
) -> Result<PinChange> {
    let id = actor.agent_id()?;
    Ok(match pin::change_pin(conn, id, current, new, now_ms)? {
        Ok(()) => PinChange::Ok,
        Err(LoginRefused::WrongPin { attempts_left }) => PinChange::WrongPin { attempts_left },
        Err(LoginRefused::Locked { until_ms }) => {
            end(conn, session, "agent.lock")?;
            PinChange::Locked { until_ms }
        }
        // Head office revoked the licence: the session ends as at any other check.
        Err(LoginRefused::Revoked { .. }) => {
            end(conn, session, "agent.logout")?;
            PinChange::Locked { until_ms: None }
        }
        // Not a refusal a PIN change makes (only a login does): the PIN was checked and changed.
        Err(LoginRefused::MustChangePin) => PinChange::Ok,
    })
}

/// Ends the agent's session (`agent.logout` or `agent.lock`), audited.
pub fn end(conn: &Connection, session: &Session, action: &str) -> Result<()> {
    if let Some(id) = session.lock() {
        audit_end(conn, id, action)?;
    }
    Ok(())
}

/// What follows a lapse: the agent's lock is audited (`agent.idle_lock`); a kiosk visitor who
/// walked away is cleared as "End and clear" would (returns whether anything was deleted).
pub fn settle(conn: &Connection, lapsed: Lapsed) -> Result<bool> {
    match lapsed {
        Lapsed::Agent(id) => {
            audit_end(conn, id, "agent.idle_lock")?;
            Ok(true)
        }
        Lapsed::Visit => {
            let cleared = visiting::end_visit(conn, Actor::new(Role::Kiosk))?;
            Ok(cleared.consultations > 0 || cleared.rows > 0)
        }
    }
}

fn audit_end(conn: &Connection, id: i64, action: &str) -> Result<()> {
    audit::append(
        conn,
        &format!("agent:{id}"),
        action,
        "agent",
        Some(id),
        serde_json::json!({}),
    )?;
    Ok(())
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
