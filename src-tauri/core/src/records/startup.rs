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
    open(data_dir, false).0
}

/// `open_checked` for the window, whose start-up must not grow with the records: the integrity
/// check of an existing database already at the newest schema (SQLite's quick_check reads the
/// whole file, and re-tokenises every full-text index: ~1 s at 100,000 consultations and 10,000
/// clauses) is left to `deferred_check`, which the app runs on a background thread. Until then
/// the connection is `query_only`: it reads, but any write fails, so a damaged file is still never
/// written. Returns whether the check is still due. A database that needs migrating is checked
/// here first, as before, since migrating writes.
pub fn open_deferred(data_dir: &Path) -> (Startup, bool) {
    open(data_dir, true)
}

/// The deferred integrity check of `<data_dir>/presale.db`, through its own read-only connection
/// (readers do not wait for the app's connection in WAL mode). `None` when the file is sound.
pub fn deferred_check(data_dir: &Path) -> Option<StartupProblem> {
    let path = data_dir.join(db::FILE_NAME);
    let verdict = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(Error::from)
        .and_then(|conn| {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            db::integrity_problem(&conn)
        });
    let kind = match verdict {
        Ok(None) => return None,
        Ok(Some(detail)) => {
            tracing::error!(%detail, path = %path.display(), "database damaged (deferred check)");
            ProblemKind::Corrupt
        }
        Err(e) => {
            tracing::error!(error = %e, path = %path.display(), "deferred check failed");
            classify(&e)
        }
    };
    Some(problem(data_dir, kind, message(kind), true))
}

/// An in-memory database with the schema, for when the file turns out to be unusable.
pub fn temporary_database() -> Connection {
    temporary()
}

fn open(data_dir: &Path, defer: bool) -> (Startup, bool) {
    let path = data_dir.join(db::FILE_NAME);
    match try_open(data_dir, &path, defer) {
        Ok((conn, deferred)) => {
            if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
                let problem = problem(
                    data_dir,
                    ProblemKind::ReadOnly,
                    "The records database can be read but not saved to (the disk or file is \
                     read-only). New work will not be kept until this is fixed.",
                    false,
                );
                return (
                    Startup {
                        conn,
                        problem: Some(problem),
                    },
                    deferred,
                );
            }
            (
                Startup {
                    conn,
                    problem: None,
                },
                deferred,
            )
        }
        Err((kind, detail)) => {
            tracing::error!(?kind, %detail, path = %path.display(), "database unusable at start");
            let conn = temporary();
            (
                Startup {
                    conn,
                    problem: Some(problem(data_dir, kind, message(kind), true)),
                },
                false,
            )
        }
    }
}

/// What the agent is told for each kind of problem (English; the UI translates by kind).
fn message(kind: ProblemKind) -> &'static str {
    match kind {
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

fn classify(e: &Error) -> ProblemKind {
    match e {
        Error::Database(d) => match d.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => ProblemKind::Corrupt,
            Some(ErrorCode::ReadOnly | ErrorCode::DiskFull) => ProblemKind::ReadOnly,
            _ => ProblemKind::Unreadable,
        },
        Error::Content(_) => ProblemKind::TooNew,
        _ => ProblemKind::Unreadable,
    }
}

/// The connection, and whether its integrity check was deferred (`defer` and nothing to migrate).
fn try_open(
    data_dir: &Path,
    path: &Path,
    defer: bool,
) -> Result<(Connection, bool), (ProblemKind, String)> {
    let fail = |e: Error| (classify(&e), e.to_string());
    std::fs::create_dir_all(data_dir).map_err(|e| fail(e.into()))?;
    let existed = path.exists();
    let conn = Connection::open(path).map_err(|e| fail(e.into()))?;
    // Wait for a command-line writer rather than mistaking its lock for an unreadable file.
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| fail(e.into()))?;
    let latest = db::MIGRATIONS.last().map_or(0, |m| m.version);
    let mut deferred = false;
    if existed {
        // Read-only checks before anything could write to the file. Reading the version reads
        // the header and the schema, so a file that is not a database at all fails here.
        let version = db::current_version(&conn).map_err(fail)?;
        if version > latest {
            return Err((ProblemKind::TooNew, format!("schema version {version}")));
        }
        deferred = defer && version == latest;
        if !deferred {
            match db::integrity_problem(&conn) {
                Ok(None) => {}
                Ok(Some(p)) => return Err((ProblemKind::Corrupt, p)),
                Err(e) => return Err(fail(e)),
            }
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
        return Ok((conn, deferred));
    }
    db::configure(&conn).map_err(fail)?;
    db::migrate(&conn).map_err(fail)?;
    if deferred {
        // No write until the deferred check has passed (the app turns this off then).
        conn.pragma_update(None, "query_only", "ON")
            .map_err(|e| fail(e.into()))?;
    }
    Ok((conn, deferred))
}
