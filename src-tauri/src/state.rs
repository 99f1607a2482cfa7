//! What the window's commands share: the database connection and where the content lives.

use presale_core::consultation::Mode;
use presale_core::content::{search, Library};
use presale_core::db::rusqlite::Connection;
use presale_core::problem::Problem;
use presale_core::records::backup;
use presale_core::records::startup::{self, StartupProblem};
use presale_core::{Error, Result};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// Shared state of the running app.
pub struct AppState {
    db: Mutex<Connection>,
    /// The data directory (database, backups, logs).
    pub data_dir: PathBuf,
    /// The content tree this app was started with.
    pub content_dir: PathBuf,
    /// Agent or kiosk: fixed for the life of the process.
    pub mode: Mode,
    /// Why the database could not be used at start-up, if so (the UI shows it as a notice).
    problem: Mutex<Option<StartupProblem>>,
    /// The content library, loaded once at start-up.
    pub library: Library,
    /// What was wrong with the content at start-up (shown on the admin screen).
    pub content_problems: Vec<Problem>,
    /// Who is logged in (agent mode); commands check it, never the UI.
    pub session: crate::session::Session,
    /// Idle and lock timeouts from `presale.toml` (set by the command line before the window).
    pub timeouts: crate::session::Timeouts,
}

impl AppState {
    /// Opens the database in `data_dir` (creating the directory) and prepares the state. A
    /// damaged or unusable database does not stop the app: it runs with the problem recorded for
    /// `get_startup_problem`. A healthy one is backed up once a day.
    pub fn open(data_dir: PathBuf, content_dir: PathBuf, mode: Mode) -> Result<Self> {
        let opened = startup::open_checked(&data_dir);
        match &opened.problem {
            Some(p) => tracing::warn!(kind = ?p.kind, "starting with a database problem"),
            None => {
                if let Err(e) = backup::backup_if_due(&opened.conn, &data_dir, backup::DEFAULT_KEEP)
                {
                    tracing::warn!(error = %e, "the daily backup failed");
                }
            }
        }
        let state = Self::with_connection(opened.conn, data_dir, content_dir, mode);
        *state.problem.lock().unwrap_or_else(|p| p.into_inner()) = opened.problem;
        Ok(state)
    }

    /// State over an already open connection (tests use an in-memory database).
    pub fn with_connection(
        conn: Connection,
        data_dir: PathBuf,
        content_dir: PathBuf,
        mode: Mode,
    ) -> Self {
        let (library, content_problems) = load_content(&conn, &content_dir);
        AppState {
            db: Mutex::new(conn),
            data_dir,
            content_dir,
            mode,
            problem: Mutex::new(None),
            library,
            content_problems,
            session: Default::default(),
            timeouts: Default::default(),
        }
    }

    /// The start-up problem still in force, if any.
    pub fn startup_problem(&self) -> Option<StartupProblem> {
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Restores the backup named `name` from `backups/` and reopens the database. The current
    /// file is closed first, then kept under a new name by the restore.
    pub fn restore_backup(&self, name: &str) -> Result<()> {
        let chosen = backup::list(&self.data_dir)?
            .into_iter()
            .find(|b| b.name == name)
            .ok_or_else(|| Error::invalid("name", "no such backup"))?;
        let mut db = self.db();
        // Dropping the old connection closes it, so nothing writes to the file moved aside.
        *db = Connection::open_in_memory()?;
        let restored = backup::restore(&self.data_dir, &chosen.path);
        let opened = startup::open_checked(&self.data_dir);
        *db = opened.conn;
        let healthy = opened.problem.is_none();
        *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = opened.problem;
        restored?;
        if healthy {
            backup::audit_restore(&db, self.mode.tag(), name)?;
        }
        Ok(())
    }

    /// The database connection. A command that panicked while holding it leaves SQLite itself
    /// consistent (transactions roll back), so a poisoned lock is recovered rather than fatal.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Loads the content library and brings the search index up to date. Bad content and a failed
/// index are logged, never fatal: the app starts with every valid item.
fn load_content(conn: &Connection, content_dir: &std::path::Path) -> (Library, Vec<Problem>) {
    let started = std::time::Instant::now();
    let (library, problems) = Library::load(content_dir);
    for p in &problems {
        match p.severity {
            presale_core::problem::Severity::Error => tracing::warn!(problem = %p, "content"),
            presale_core::problem::Severity::Warning => tracing::info!(problem = %p, "content"),
        }
    }
    match search::sync_index(conn, &library) {
        Ok(rebuilt) => tracing::info!(
            products = library.products().len(),
            problems = problems.len(),
            rebuilt,
            ms = started.elapsed().as_millis() as u64,
            "content loaded"
        ),
        Err(e) => tracing::error!(error = %e, "the content search index could not be updated"),
    }
    (library, problems)
}
