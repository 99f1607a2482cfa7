//! Opening the database at start-up without ever letting a bad file stop the app: a damaged,
//! unreadable, read-only or too-new database yields a `StartupProblem` in plain words (and the
//! newest good backup to offer), and the app runs on a temporary database meanwhile. The damaged
//! file is never written, moved or deleted here; only a restore the agent chooses moves it aside.

use super::backup::{self, BackupFile};
use crate::{db, Error};
use rusqlite::{Connection, ErrorCode};
use serde::Serialize;
use std::path::Path;

/// Why the records database could not be used as it is. Serialised for the UI as
/// `{"kind": "corrupt" | "unreadable" | "read_only" | "too_new", "message": ..., "backup": ...}`;
/// the UI translates by `kind`, `message` is the English text for the log and the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartupProblem {
    pub kind: ProblemKind,
    pub message: String,
    /// The newest backup that passed its integrity check, offered for restore.
    pub backup: Option<BackupFile>,
    /// True when the app runs on a temporary in-memory database: nothing entered is kept.
    pub temporary_database: bool,
}

/// The kinds of start-up problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file is damaged (integrity check failed, or not a database).
    Corrupt,
    /// The file or folder cannot be read or created (permissions, missing disk).
    Unreadable,
    /// Records can be read but not saved (read-only disk or file).
    ReadOnly,
    /// Written by a newer Presale.
    TooNew,
}

/// The connection to use, and the problem to tell the agent about, if any.
pub struct Startup {
    pub conn: Connection,
    pub problem: Option<StartupProblem>,
}

/// Opens `<data_dir>/presale.db`: checks integrity, applies migrations, and on any problem falls
/// back as described above. Never fails: the worst case is an in-memory database and a notice.
pub fn open_checked(data_dir: &Path) -> Startup {
    let path = data_dir.join(db::FILE_NAME);
    match try_open(data_dir, &path) {
        Ok(conn) => {
            if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
                let problem = problem(
                    data_dir,
                    ProblemKind::ReadOnly,
                    "The records database can be read but not saved to (the disk or file is \
                     read-only). New work will not be kept until this is fixed.",
                    false,
                );
                return Startup {
                    conn,
                    problem: Some(problem),
                };
            }
            Startup {
                conn,
                problem: None,
            }
        }
        Err((kind, detail)) => {
            tracing::error!(?kind, %detail, path = %path.display(), "database unusable at start");
            let message = match kind {
                ProblemKind::Corrupt => {
                    "The records database is damaged and cannot be used. It has been left exactly \
                     as it is. You can restore the newest good backup; the damaged file is kept."
                }
                ProblemKind::Unreadable => {
                    "The records database cannot be opened (the file or its folder cannot be read \
                     or created). Check the disk and its permissions, or restore a backup."
                }
                ProblemKind::ReadOnly => {
                    "The records database cannot be updated because the disk is read-only. \
                     New work will not be kept until this is fixed."
                }
                ProblemKind::TooNew => {
                    "The records database was written by a newer version of Presale. Install the \
                     newer version; the file has not been changed."
                }
            };
            let conn = temporary();
            Startup {
                conn,
                problem: Some(problem(data_dir, kind, message, true)),
            }
        }
    }
}

fn problem(data_dir: &Path, kind: ProblemKind, message: &str, temporary: bool) -> StartupProblem {
    let backup = match kind {
        ProblemKind::Corrupt | ProblemKind::Unreadable => {
            backup::newest_good(data_dir).ok().flatten()
        }
        ProblemKind::ReadOnly | ProblemKind::TooNew => None,
    };
    StartupProblem {
        kind,
        message: message.to_string(),
        backup,
        temporary_database: temporary,
    }
}

/// An in-memory database with the schema, so every screen still works.
fn temporary() -> Connection {
    match db::open_in_memory() {
        Ok(c) => c,
        // Only fails when out of memory or on a broken SQLite build; a bare connection still lets
        // the app start and show the notice.
        Err(_) => Connection::open_in_memory().unwrap_or_else(|_| {
            unreachable!("SQLite cannot open an in-memory database: the process cannot continue")
        }),
    }
}

fn try_open(data_dir: &Path, path: &Path) -> Result<Connection, (ProblemKind, String)> {
    let classify = |e: &Error| match e {
        Error::Database(d) => match d.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => ProblemKind::Corrupt,
            Some(ErrorCode::ReadOnly | ErrorCode::DiskFull) => ProblemKind::ReadOnly,
            _ => ProblemKind::Unreadable,
        },
        Error::Content(_) => ProblemKind::TooNew,
        _ => ProblemKind::Unreadable,
    };
    let fail = |e: Error| (classify(&e), e.to_string());
    std::fs::create_dir_all(data_dir).map_err(|e| fail(e.into()))?;
    let existed = path.exists();
    let conn = Connection::open(path).map_err(|e| fail(e.into()))?;
    // Wait for a command-line writer rather than mistaking its lock for an unreadable file.
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| fail(e.into()))?;
    if existed {
        // Read-only checks before anything could write to the file.
        match db::integrity_problem(&conn) {
            Ok(None) => {}
            Ok(Some(p)) => return Err((ProblemKind::Corrupt, p)),
            Err(e) => return Err(fail(e)),
        }
        let version = db::current_version(&conn).map_err(fail)?;
        if version > db::MIGRATIONS.last().map_or(0, |m| m.version) {
            return Err((ProblemKind::TooNew, format!("schema version {version}")));
        }
    }
    let read_only = conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
    if read_only {
        // A read-only file at the newest schema is usable for reading; otherwise it is not.
        let current = db::current_version(&conn).map_err(fail)?;
        if current != db::MIGRATIONS.last().map_or(0, |m| m.version) {
            return Err((ProblemKind::ReadOnly, "read-only and not up to date".into()));
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| fail(e.into()))?;
        return Ok(conn);
    }
    db::configure(&conn).map_err(fail)?;
    db::migrate(&conn).map_err(fail)?;
    Ok(conn)
}
