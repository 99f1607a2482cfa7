//! The window's settings file (`presale.toml`): kiosk mode and the idle timeouts. The session
//! itself (who acts, the backend's idle lock) lives in `presale_core::service::session`.

pub use presale_core::service::session::{Session, Timeouts};
use std::path::Path;

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
}
