//! What can go wrong between a device and the server, in words a person can act on.

use std::fmt;

pub type Result<T, E = FleetError> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum FleetError {
    /// `presale.toml`'s `[sync]`, a password file or an argument is wrong; says what and where.
    Config(String),
    /// The server could not be reached (down, wrong address, network).
    Unreachable(String),
    /// The server refused the login: a wrong password or a user it does not know.
    Refused(String),
    /// Head office revoked this device's enrolment (`presale fleet revoke-device`).
    Revoked(String),
    /// TLS was required and could not be set up.
    Tls(String),
    /// The server's schema is not the one this program speaks.
    Schema(String),
    /// The server answered with an error.
    Server(String),
    /// The device's own database.
    Local(presale_core::Error),
}

impl fmt::Display for FleetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FleetError::Config(m)
            | FleetError::Unreachable(m)
            | FleetError::Refused(m)
            | FleetError::Revoked(m)
            | FleetError::Tls(m)
            | FleetError::Schema(m)
            | FleetError::Server(m) => f.write_str(m),
            FleetError::Local(e) => write!(f, "the device's database: {e}"),
        }
    }
}

impl std::error::Error for FleetError {}

/// What a revoked device says, on its next sync and in `presale sync status`.
pub const REVOKED: &str = "head office has revoked this device's enrolment: nothing more is \
     sent from it, and every record waiting stays on this device. Ask head office to enrol it \
     again (presale fleet add-device) and put the new password file in place";

impl From<presale_core::Error> for FleetError {
    fn from(e: presale_core::Error) -> Self {
        FleetError::Local(e)
    }
}

impl From<postgres::Error> for FleetError {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        if let Some(db) = e.as_db_error() {
            let code = db.code();
            if *code == SqlState::INVALID_PASSWORD {
                return FleetError::Refused(
                    "the server refused the device's password: check the password file named \
                     in presale.toml [sync], or enrol the device again"
                        .into(),
                );
            }
            if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                && (db.message().contains("not permitted to log in")
                    || db.message().contains("was revoked"))
            {
                return FleetError::Revoked(REVOKED.into());
            }
            if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
                return FleetError::Refused(format!(
                    "the server refused this device: {}",
                    db.message()
                ));
            }
            if *code == SqlState::UNDEFINED_FUNCTION || *code == SqlState::INVALID_SCHEMA_NAME {
                return FleetError::Schema(
                    "the server has no Presale fleet schema: run `presale fleet init` on it".into(),
                );
            }
            if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                return FleetError::Refused(format!("the server refused: {}", db.message()));
            }
            return FleetError::Server(format!("the server answered: {}", db.message()));
        }
        if e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>())
        {
            return FleetError::Unreachable(format!("the server cannot be reached: {e}"));
        }
        FleetError::Unreachable(format!("the connection to the server failed: {e}"))
    }
}
