//! The device's `[sync]` section of `presale.toml` in the data directory:
//!
//! ```toml
//! [sync]
//! server = "postgres://presale_device_branch_017@db.insurer.example:5432/presale"
//! password_file = "fleet-password"   # relative to the data directory; readable only by its owner
//! ca_file = "insurer-ca.pem"         # optional: the CA that signed the server's certificate
//! interval_secs = 60                 # optional: how often the app syncs
//! ```

use crate::{FleetError, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct SyncConfig {
    pub server: postgres::Config,
    pub password_file: PathBuf,
    pub ca_file: Option<PathBuf>,
    pub interval: Duration,
}

const FILE: &str = "presale.toml";

impl SyncConfig {
    /// `Ok(None)` when the data directory's `presale.toml` has no `[sync]` section (the device is
    /// not part of a fleet); an error names the key that is wrong.
    pub fn load(data_dir: &Path) -> Result<Option<SyncConfig>> {
        let path = data_dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(FleetError::Config(format!("{}: {e}", path.display()))),
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e| FleetError::Config(format!("{}: not valid TOML: {e}", path.display())))?;
        let Some(sync) = table.get("sync") else {
            return Ok(None);
        };
        let bad = |key: &str, what: &str| {
            FleetError::Config(format!("{} [sync] {key}: {what}", path.display()))
        };
        let sync = sync
            .as_table()
            .ok_or_else(|| bad("", "must be a section"))?;
        let text_of = |key: &str| -> Result<Option<&str>> {
            match sync.get(key) {
                None => Ok(None),
                Some(v) => v.as_str().map(Some).ok_or_else(|| bad(key, "must be text")),
            }
        };
        let server = text_of("server")?.ok_or_else(|| bad("server", "is missing"))?;
        let server = crate::connect::parse(server).map_err(|e| bad("server", &e.to_string()))?;
        if server.get_password().is_some() {
            return Err(bad(
                "server",
                "holds a password; put it in the file named by password_file instead",
            ));
        }
        let password_file = data_dir
            .join(text_of("password_file")?.ok_or_else(|| bad("password_file", "is missing"))?);
        let ca_file = text_of("ca_file")?.map(|f| data_dir.join(f));
        let interval = match sync.get("interval_secs") {
            None => Duration::from_secs(60),
            Some(v) => match v.as_integer() {
                Some(n) if (5..=86_400).contains(&n) => Duration::from_secs(n as u64),
                _ => {
                    return Err(bad(
                        "interval_secs",
                        "must be a whole number of seconds, 5-86400",
                    ))
                }
            },
        };
        Ok(Some(SyncConfig {
            server,
            password_file,
            ca_file,
            interval,
        }))
    }

    /// The password, from a file only its owner may read (refused otherwise: anyone else on the
    /// machine could then send records as this branch).
    pub fn password(&self) -> Result<String> {
        let path = &self.password_file;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(path).map_err(|e| {
                FleetError::Config(format!("the password file {}: {e}", path.display()))
            })?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(FleetError::Config(format!(
                    "the password file {} may be read by other users: `chmod 600` it",
                    path.display()
                )));
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            FleetError::Config(format!("the password file {}: {e}", path.display()))
        })?;
        let p = text.trim();
        if p.is_empty() {
            return Err(FleetError::Config(format!(
                "the password file {} is empty",
                path.display()
            )));
        }
        Ok(p.to_string())
    }
}

/// Writes a password file readable only by the current user (created with mode 0600; never
/// overwrites one).
pub fn write_password_file(path: &Path, password: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut f = options
        .open(path)
        .map_err(|e| FleetError::Config(format!("the password file {}: {e}", path.display())))?;
    writeln!(f, "{password}")
        .and_then(|_| f.sync_all())
        .map_err(|e| FleetError::Config(format!("the password file {}: {e}", path.display())))
}
