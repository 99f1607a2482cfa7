//! Who is logged in at the window, and the timeouts the UI enforces. Kept in the backend: the
//! role a command runs under never comes from the UI.

use presale_core::access::Role;
use presale_core::consultation::Mode;
use serde::Serialize;
use std::path::Path;
use std::sync::Mutex;

/// The logged-in agent, if any (agent mode only), and the agent whose session was open last at
/// this window: PINs typed after that session ended (a logout, the auto-lock, a switch to another
/// agent) are still charged to it, so that a lock they cause is not that agent's to lift.
#[derive(Debug, Default)]
pub struct Session {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    agent: Option<i64>,
    last: Option<i64>,
}

impl Session {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The role of the window's session in this process's mode.
    pub fn role(&self, mode: Mode) -> Role {
        match mode {
            Mode::Kiosk => Role::Kiosk,
            Mode::Agent => match self.inner().agent {
                Some(id) => Role::Agent(id),
                None => Role::Locked,
            },
        }
    }

    /// The role, after ending the session of an agent `revoked` says may no longer act (head
    /// office revoked their licence): they are back at the login screen, which says why.
    pub fn role_unless_revoked(&self, mode: Mode, revoked: impl Fn(i64) -> bool) -> Role {
        match self.role(mode) {
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

    /// Records a successful PIN login.
    pub fn log_in(&self, agent_id: i64) {
        let mut s = self.inner();
        s.agent = Some(agent_id);
        s.last = Some(agent_id);
    }

    /// Back to the login screen (log out, lock now, or inactivity); returns who was logged in.
    pub fn lock(&self) -> Option<i64> {
        self.inner().agent.take()
    }

    /// Before a PIN is checked for `agent_id`: a login as another agent ends the current session
    /// first (returned, for the caller to audit), so whoever types a colleague's PIN no longer
    /// acts as the agent who was logged in. Also returns the agent the attempt is charged to.
    pub fn begin_login(&self, agent_id: i64) -> (Option<i64>, Option<i64>) {
        let mut s = self.inner();
        let ended = s.agent.filter(|&current| current != agent_id);
        if ended.is_some() {
            s.agent = None;
        }
        (ended, s.agent.or(s.last))
    }
}

/// Settings read from `presale.toml` in the data directory, with environment overrides (the
/// tests shorten the timeouts to seconds). Unknown or bad values fall back to the defaults.
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

/// The data directory's settings file.
pub const CONFIG_FILE: &str = "presale.toml";

/// What `presale.toml` says: whether to run as a kiosk, and the timeouts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Config {
    pub kiosk: bool,
    pub timeouts: Timeouts,
}

impl Config {
    /// Reads `presale.toml` from the data directory (absent means defaults) and applies the
    /// `PRESALE_KIOSK_IDLE_SECS`, `PRESALE_KIOSK_WARNING_SECS`, `PRESALE_AGENT_LOCK_SECS` overrides.
    pub fn load(data_dir: &Path) -> Config {
        let table = std::fs::read_to_string(data_dir.join(CONFIG_FILE))
            .ok()
            .and_then(|text| match text.parse::<toml::Table>() {
                Ok(t) => Some(t),
                Err(e) => {
                    tracing::warn!(error = %e, "presale.toml is not valid TOML; using defaults");
                    None
                }
            })
            .unwrap_or_default();
        let d = Timeouts::default();
        let secs = |key: &str, env: &str, default: u32| -> u32 {
            let from_env = std::env::var(env).ok().and_then(|v| v.trim().parse().ok());
            let from_file = table
                .get(key)
                .and_then(|v| v.as_integer())
                .and_then(|n| u32::try_from(n).ok());
            from_env.or(from_file).filter(|&n| n > 0).unwrap_or(default)
        };
        Config {
            kiosk: table
                .get("kiosk")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            timeouts: Timeouts {
                kiosk_idle_secs: secs(
                    "kiosk_idle_secs",
                    "PRESALE_KIOSK_IDLE_SECS",
                    d.kiosk_idle_secs,
                ),
                kiosk_warning_secs: secs(
                    "kiosk_warning_secs",
                    "PRESALE_KIOSK_WARNING_SECS",
                    d.kiosk_warning_secs,
                ),
                agent_lock_secs: secs(
                    "agent_lock_secs",
                    "PRESALE_AGENT_LOCK_SECS",
                    d.agent_lock_secs,
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_file_turns_on_kiosk_mode_and_sets_timeouts() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(dir.path()),
            Config::default(),
            "no file: defaults"
        );
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "kiosk = true\nkiosk_idle_secs = 60\nagent_lock_secs = -1\n",
        )
        .unwrap();
        let c = Config::load(dir.path());
        assert!(c.kiosk, "kiosk = true in presale.toml");
        assert_eq!(c.timeouts.kiosk_idle_secs, 60);
        assert_eq!(
            c.timeouts.agent_lock_secs, 300,
            "a bad value falls back to the default"
        );
    }

    #[test]
    fn a_kiosk_is_never_an_agent_whoever_logged_in() {
        let s = Session::default();
        assert_eq!(s.role(Mode::Agent), Role::Locked);
        s.log_in(3);
        assert_eq!(s.role(Mode::Agent), Role::Agent(3));
        assert_eq!(s.role(Mode::Kiosk), Role::Kiosk);
        assert_eq!(s.lock(), Some(3));
        assert_eq!(s.role(Mode::Agent), Role::Locked, "locked after lock()");
    }

    #[test]
    fn a_revoked_agent_is_logged_out_at_the_next_check() {
        let s = Session::default();
        s.log_in(4);
        assert_eq!(
            s.role_unless_revoked(Mode::Agent, |_| false),
            Role::Agent(4)
        );
        assert_eq!(
            s.role_unless_revoked(Mode::Agent, |id| id == 4),
            Role::Locked
        );
        assert_eq!(s.role(Mode::Agent), Role::Locked, "the session stays ended");
        assert_eq!(s.role_unless_revoked(Mode::Kiosk, |_| true), Role::Kiosk);
    }

    #[test]
    fn a_login_as_another_agent_ends_the_session_and_is_charged_to_it() {
        let s = Session::default();
        assert_eq!(s.begin_login(1), (None, None), "nobody at the window yet");
        s.log_in(2);
        assert_eq!(s.begin_login(2), (None, Some(2)), "one's own PIN again");
        assert_eq!(s.role(Mode::Agent), Role::Agent(2), "keeps the session");
        assert_eq!(
            s.begin_login(1),
            (Some(2), Some(2)),
            "agent 2's session ends; the attempt is charged to it"
        );
        assert_eq!(s.role(Mode::Agent), Role::Locked);
        assert_eq!(
            s.begin_login(1),
            (None, Some(2)),
            "still charged to agent 2 after the session ended"
        );
        s.log_in(1);
        assert_eq!(s.begin_login(3), (Some(1), Some(1)));
    }
}
