//! What the window's commands share: the database connection and where the content lives.

use presale_core::consultation::Mode;
use presale_core::content::{search, Library};
use presale_core::db::rusqlite::Connection;
use presale_core::problem::Problem;
use presale_core::{db, Result};
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
    /// The content library, loaded once at start-up.
    pub library: Library,
    /// What was wrong with the content at start-up (shown on the admin screen).
    pub content_problems: Vec<Problem>,
}

impl AppState {
    /// Opens the database in `data_dir` (creating the directory) and prepares the state.
    pub fn open(data_dir: PathBuf, content_dir: PathBuf, mode: Mode) -> Result<Self> {
        std::fs::create_dir_all(&data_dir)?;
        let conn = db::open(&data_dir.join(db::FILE_NAME))?;
        Ok(Self::with_connection(conn, data_dir, content_dir, mode))
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
            library,
            content_problems,
        }
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
