//! Connecting to the central server: TLS is required except to a loopback address (a server on
//! the same machine, where there is no network to listen on).

use crate::{FleetError, Result};
use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

/// Parses a `postgres://` URL (or `key=value` settings), naming what is wrong.
pub fn parse(url: &str) -> Result<Config> {
    url.parse::<Config>()
        .map_err(|e| FleetError::Config(format!("the server address is not a PostgreSQL URL: {e}")))
}

/// Whether every host of `config` is this machine: a Unix socket, `localhost` or a loopback IP.
pub fn is_loopback(config: &Config) -> bool {
    !config.get_hosts().is_empty()
        && config.get_hosts().iter().all(|h| match h {
            Host::Tcp(name) => {
                name == "localhost"
                    || name
                        .trim_matches(|c| c == '[' || c == ']')
                        .parse::<IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
            #[cfg(unix)]
            Host::Unix(_) => true,
        })
}

/// Opens a connection. `ca_file` adds a certificate authority (PEM) to the system's for the
/// server's certificate; without TLS a non-loopback server is refused before anything is sent.
pub fn connect(config: &Config, password: Option<&str>, ca_file: Option<&Path>) -> Result<Client> {
    let mut config = config.clone();
    if let Some(p) = password {
        config.password(p);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.application_name("presale");
    if is_loopback(&config) && config.get_ssl_mode() != SslMode::Require {
        return Ok(config.connect(NoTls)?);
    }
    config.ssl_mode(SslMode::Require);
    let mut tls = native_tls::TlsConnector::builder();
    if let Some(ca) = ca_file {
        let pem = std::fs::read(ca).map_err(|e| {
            FleetError::Config(format!("the CA file {} cannot be read: {e}", ca.display()))
        })?;
        let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            FleetError::Config(format!(
                "the CA file {} is not a PEM certificate: {e}",
                ca.display()
            ))
        })?;
        tls.add_root_certificate(cert);
    }
    let tls = tls
        .build()
        .map_err(|e| FleetError::Tls(format!("TLS cannot be set up: {e}")))?;
    config
        .connect(postgres_native_tls::MakeTlsConnector::new(tls))
        .map_err(|e| match FleetError::from(e) {
            FleetError::Unreachable(m) | FleetError::Server(m) => FleetError::Tls(format!(
                "a secure (TLS) connection to the server could not be made, and one is required \
                 except to this machine: {m}"
            )),
            other => other,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_goes_without_tls() {
        for local in [
            "postgres://d@127.0.0.1:5432/p",
            "postgres://d@localhost/p",
            "postgres://d@[::1]:5432/p",
            "host=/var/run/postgresql user=d",
        ] {
            assert!(is_loopback(&parse(local).unwrap()), "{local}");
        }
        for remote in [
            "postgres://d@db.insurer.example:5432/p",
            "postgres://d@10.0.0.5/p",
            "postgres://d@127.0.0.1,10.0.0.5/p",
        ] {
            assert!(!is_loopback(&parse(remote).unwrap()), "{remote}");
        }
    }

    #[test]
    fn a_remote_server_without_tls_is_refused_before_login() {
        // Nothing listens on this port of a documentation address: the error must still be about
        // TLS being required, never a silent plain-text fallback.
        let config = parse("postgres://d@192.0.2.1:1/p?connect_timeout=1").unwrap();
        let Err(err) = connect(&config, Some("x"), None) else {
            panic!("connected without TLS");
        };
        assert!(matches!(err, FleetError::Tls(_)), "{err:?}");
        assert!(err.to_string().contains("TLS"), "{err}");
    }

    #[test]
    fn a_bad_url_names_the_problem() {
        let err = parse("postgres://d@host:notaport/p").unwrap_err();
        assert!(err.to_string().starts_with("the server address"), "{err}");
    }
}
