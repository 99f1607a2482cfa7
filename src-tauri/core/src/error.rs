//! Errors of the domain, and the `{code, message}` form in which they reach a person.
//!
//! The full error (with SQL or file paths) is for the log only; `PublicError` is what a screen or a
//! client may see, so it never carries internal detail.

use serde::Serialize;

/// Any failure of the domain code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value a person gave is not acceptable; `field` names it so the UI can point at it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Something asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The current role may not do this (for example a kiosk visitor reading records).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Agent mode with nobody logged in: the PIN comes first.
    #[error("locked: nobody is logged in")]
    Locked,
    /// Content files could not be used.
    #[error("content: {0}")]
    Content(String),
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

/// Shorthand used across the domain.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an `Invalid` error for one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A stable code the UI can branch on and translate.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_input",
            Error::NotFound(_) => "not_found",
            Error::Forbidden(_) => "forbidden",
            Error::Locked => "locked",
            Error::Content(_) => "content",
            Error::Database(e) if is_disk_full_or_read_only(e) => "storage_unavailable",
            Error::Database(_) | Error::Io(_) => "storage",
        }
    }

    /// The error as a person may see it: no SQL, no paths.
    pub fn to_public(&self) -> PublicError {
        let (message, field) = match self {
            Error::Invalid { field, message } => (message.clone(), Some(field.clone())),
            Error::NotFound(what) => (format!("not found: {what}"), None),
            Error::Forbidden(_) => ("this action is not allowed here".to_string(), None),
            Error::Locked => ("log in with your PIN first".to_string(), None),
            Error::Content(_) => ("some content could not be loaded".to_string(), None),
            Error::Database(e) if is_disk_full_or_read_only(e) => (
                "the disk is full or read-only; your work is kept in memory until it can be saved"
                    .to_string(),
                None,
            ),
            Error::Database(_) | Error::Io(_) => (
                "the data could not be read or saved; nothing was lost, please try again"
                    .to_string(),
                None,
            ),
        };
        PublicError {
            code: self.code().to_string(),
            message,
            field,
        }
    }
}

fn is_disk_full_or_read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DiskFull) | Some(rusqlite::ErrorCode::ReadOnly)
    )
}

/// What crosses into the UI: a stable `code`, a message fit for a person, and the field at fault.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PublicError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<Error> for PublicError {
    fn from(e: Error) -> Self {
        if !matches!(
            e,
            Error::Invalid { .. } | Error::NotFound(_) | Error::Locked
        ) {
            tracing::error!(error = %e, "request failed");
        }
        e.to_public()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_errors_never_show_sql_to_a_person() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let err: Error = conn
            .execute("SELECT * FROM no_such_table", [])
            .unwrap_err()
            .into();
        let public = err.to_public();
        assert_eq!(public.code, "storage");
        assert!(
            !public.message.contains("no_such_table"),
            "the table name must stay in the log: {}",
            public.message
        );
    }

    #[test]
    fn invalid_input_names_the_field() {
        let public = Error::invalid("phone", "must be 11 digits").to_public();
        assert_eq!(public.field.as_deref(), Some("phone"));
        assert_eq!(public.code, "invalid_input");
    }
}
