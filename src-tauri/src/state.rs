//! What the window's commands share: the database connection and where the content lives.

use presale_core::catalogue::Catalogue;
use presale_core::consultation::Mode;
use presale_core::content::search;
use presale_core::db::rusqlite::Connection;
use presale_core::problem::Problem;
use presale_core::records::backup;
use presale_core::records::startup::{self, StartupProblem};
use presale_core::{Error, Result};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

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
    /// The content library and what was wrong with it: loaded on a background thread right
    /// after the window opens (`load_in_background`) or by the first command needing it, and
    /// replaced whole by `reload_content`. Commands hold an `Arc` of the version they started
    /// with, so a reload never changes the content under a command.
    content: Mutex<Option<Arc<LoadedContent>>>,
    /// Held while the content is read from disk, so two loads never run at once.
    loading: Mutex<()>,
    /// Whether the search index matches the current library.
    index_synced: Mutex<bool>,
    /// Whether the database's integrity check was left for after the window opened
    /// (`startup::open_deferred`); the connection is read-only until it has passed.
    check_due: bool,
    /// Set once that check has run (or was not due).
    checked: OnceLock<()>,
    /// Whether the page has asked for its first screen (`get_home`), with its signal.
    first_screen: (Mutex<bool>, std::sync::Condvar),
    /// Who is logged in (agent mode) and the idle limits from `presale.toml` (set by the command
    /// line before the window); commands check it, never the UI.
    pub session: crate::session::Session,
    /// A read-only connection of its own for the session's check that its agent's licence was
    /// not revoked (`agent_revoked`): commands often hold `db` while asking for their role.
    revocation_db: Mutex<Option<Connection>>,
    /// When this process opened its state (RFC 3339): kiosk drafts older than this were left by
    /// an earlier run.
    started_at: String,
}

impl AppState {
    /// Opens the database in `data_dir` (creating the directory) and prepares the state. A
    /// damaged or unusable database does not stop the app: it runs with the problem recorded for
    /// `get_startup_problem`. Content is not read yet: see `load_in_background`.
    pub fn open(data_dir: PathBuf, content_dir: PathBuf, mode: Mode) -> Result<Self> {
        let (opened, check_due) = startup::open_deferred(&data_dir);
        if let Some(p) = &opened.problem {
            tracing::warn!(kind = ?p.kind, "starting with a database problem");
        }
        let mut state = Self::with_connection(opened.conn, data_dir, content_dir, mode);
        state.check_due = check_due;
        *state.problem.lock().unwrap_or_else(|p| p.into_inner()) = opened.problem;
        Ok(state)
    }

    /// State over an already open connection (tests use an in-memory database). The content
    /// loads when first needed.
    pub fn with_connection(
        conn: Connection,
        data_dir: PathBuf,
        content_dir: PathBuf,
        mode: Mode,
    ) -> Self {
        AppState {
            db: Mutex::new(conn),
            data_dir,
            content_dir,
            mode,
            problem: Mutex::new(None),
            content: Mutex::new(None),
            loading: Mutex::new(()),
            index_synced: Mutex::new(false),
            check_due: false,
            checked: OnceLock::new(),
            first_screen: Default::default(),
            session: Default::default(),
            revocation_db: Mutex::new(None),
            started_at: presale_core::clock::now_rfc3339(),
        }
    }

    /// Start-up work whose cost grows with the content and the records, moved off the path to the
    /// first screen (the window calls this on a background thread once the page has made its
    /// first command): checks the database's integrity, loads the content, brings the search
    /// index up to date, then makes the daily backup of a healthy database. A command that needs
    /// the content meanwhile waits for it (`library`), and `startup_problem` for the check; the
    /// check and the backup read through their own connections, so other commands are not held
    /// up by them.
    pub fn load_in_background(&self) {
        self.finish_integrity_check();
        self.library();
        self.sync_index();
        self.shed_index_text();
        if self.startup_problem().is_some() {
            return;
        }
        if self.mode == Mode::Kiosk {
            self.clear_left_over_visitors();
        }
        let path = self.data_dir.join(presale_core::db::FILE_NAME);
        let made = Connection::open(&path)
            .map_err(presale_core::Error::from)
            .and_then(|conn| {
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                backup::backup_if_due(&conn, &self.data_dir, backup::DEFAULT_KEEP)
            });
        match made {
            Ok(Some(b)) => tracing::info!(backup = %b.name, "daily backup made"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "the daily backup failed"),
        }
    }

    /// After a consultation is finished: a backup on a background thread through its own
    /// connection, at most once an hour (`backup::after_finish`), never of a file the app does
    /// not use (a damaged one while a temporary database serves).
    pub fn backup_after_finish(&self) {
        if self.startup_problem().is_some() {
            return;
        }
        let data_dir = self.data_dir.clone();
        std::thread::spawn(move || match backup::after_finish(&data_dir) {
            Ok(Some(b)) => tracing::info!(backup = %b.name, "backup after a finished consultation"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "the backup after a finished consultation failed"),
        });
    }

    /// The backend's idle limit (the idle watchdog calls this every few seconds): an agent idle
    /// past it is logged out and the lock audited, a kiosk visitor who walked away is cleared;
    /// then the backup at idle, as when the window locks itself.
    pub fn settle_idle(&self) {
        let Some(lapsed) = self
            .session
            .take_lapsed(self.mode, presale_core::access::now_ms())
        else {
            return;
        };
        let settled = presale_core::service::session::settle(&self.db(), lapsed);
        match settled {
            Ok(true) => {
                tracing::info!(?lapsed, "session stopped after the idle limit");
                self.backup_at_idle();
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not settle an idle session"),
        }
    }

    /// When the window goes idle (the agent's window locks, a kiosk's visit is reset): a backup
    /// on a background thread if records changed since the newest one (`backup::at_idle`),
    /// never of a file the app does not use.
    pub fn backup_at_idle(&self) {
        if self.startup_problem().is_some() {
            return;
        }
        let data_dir = self.data_dir.clone();
        std::thread::spawn(move || match backup::at_idle(&data_dir) {
            Ok(Some(b)) => tracing::info!(backup = %b.name, "backup at idle"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "the backup at idle failed"),
        });
    }

    /// Whether the app runs on a temporary database (the file could not be used): known at
    /// once when the file failed to open, else once the deferred check has found it damaged.
    /// Whether head office revoked agent `id`'s licence (the fleet sync's roster wrote it into
    /// the database file): read through the state's own read-only connection, never the
    /// commands' one. `false` where there is no database file to read (a temporary database,
    /// the tests' in-memory one): nobody could have been revoked there by a sync.
    pub fn agent_revoked(&self, id: i64) -> bool {
        let mut guard = self.revocation_db.lock().unwrap_or_else(|p| p.into_inner());
        let conn = match &mut *guard {
            Some(conn) => conn,
            empty => {
                let path = self.data_dir.join(presale_core::db::FILE_NAME);
                if self.on_temporary_database() || !path.exists() {
                    return false;
                }
                match Connection::open_with_flags(
                    &path,
                    presale_core::db::rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                ) {
                    Ok(c) => empty.insert(c),
                    Err(e) => {
                        tracing::warn!(error = %e, "the revocation check cannot read the database");
                        return false;
                    }
                }
            }
        };
        match presale_core::access::roster::revocation(conn, id) {
            Ok(found) => found.is_some(),
            Err(e) => {
                tracing::warn!(error = %e, "the revocation check failed");
                false
            }
        }
    }

    pub fn on_temporary_database(&self) -> bool {
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|p| p.temporary_database)
    }

    /// Kiosk: deletes the drafts an earlier run left behind (a visitor's data must not outlive
    /// the visit, even across a crash).
    pub fn clear_left_over_visitors(&self) {
        match presale_core::privacy::reset::clear_left_over(&self.db(), &self.started_at) {
            Ok(c) if c.consultations > 0 => {
                tracing::info!(
                    drafts = c.consultations,
                    rows = c.rows,
                    "cleared visitor data left by an earlier run"
                )
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "could not clear visitor data left by an earlier run")
            }
        }
    }

    /// Called by the page's first command: the window is up, start-up work may begin.
    pub fn first_screen_asked(&self) {
        let (asked, signal) = &self.first_screen;
        *asked.lock().unwrap_or_else(|p| p.into_inner()) = true;
        signal.notify_all();
    }

    /// Waits until `first_screen_asked` or `timeout`, whichever comes first.
    pub fn wait_for_first_screen(&self, timeout: std::time::Duration) {
        let (asked, signal) = &self.first_screen;
        let guard = asked.lock().unwrap_or_else(|p| p.into_inner());
        let _ = signal
            .wait_timeout_while(guard, timeout, |asked| !*asked)
            .unwrap_or_else(|p| p.into_inner());
    }

    /// The content library (waits while it is being loaded).
    pub fn library(&self) -> Arc<LoadedContent> {
        self.content()
    }

    /// What was wrong with the content when it was loaded (shown on the admin screen).
    pub fn content_problems(&self) -> Vec<Problem> {
        self.content().problems.clone()
    }

    /// Reads the content tree again (after an insurer updated it) and brings the search index up
    /// to date, without a restart. Commands already running finish with the version they had.
    /// Returns what is wrong with the new content.
    pub fn reload_content(&self) -> Vec<Problem> {
        {
            let _one_load = self.loading.lock().unwrap_or_else(|p| p.into_inner());
            let fresh = Arc::new(load_content(&self.content_dir));
            *self.content.lock().unwrap_or_else(|p| p.into_inner()) = Some(fresh);
            *self.index_synced.lock().unwrap_or_else(|p| p.into_inner()) = false;
        }
        self.sync_index();
        self.shed_index_text();
        self.content_problems()
    }

    /// Once the search index is in step with the library, replaces it with a copy without the
    /// clause text kept only to build the index (`Library::without_index_text`); the original
    /// is freed when the last command holding it ends.
    fn shed_index_text(&self) {
        if !*self.index_synced.lock().unwrap_or_else(|p| p.into_inner()) {
            return;
        }
        let Some(current) = self
            .content
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        else {
            return;
        };
        if current.library.is_shed() {
            return;
        }
        // Built outside the lock: commands keep reading the current version meanwhile.
        let lighter = Arc::new(current.without_index_text());
        let mut slot = self.content.lock().unwrap_or_else(|p| p.into_inner());
        // Unless a reload replaced it in the meantime.
        if slot.as_ref().is_some_and(|c| Arc::ptr_eq(c, &current)) {
            *slot = Some(lighter);
        }
    }

    fn content(&self) -> Arc<LoadedContent> {
        if let Some(c) = self
            .content
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return c;
        }
        let _one_load = self.loading.lock().unwrap_or_else(|p| p.into_inner());
        // Another thread may have loaded it while this one waited.
        let mut slot = self.content.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = slot.clone() {
            return c;
        }
        let loaded = Arc::new(load_content(&self.content_dir));
        *slot = Some(loaded.clone());
        loaded
    }

    /// Brings the content search index up to date with the library, once. Call it before
    /// searching, never while holding `db()` (it takes the connection itself).
    pub fn sync_index(&self) {
        let mut synced = self.index_synced.lock().unwrap_or_else(|p| p.into_inner());
        if *synced {
            return;
        }
        let started = std::time::Instant::now();
        let library = self.library();
        let conn = self.db();
        // Titles are searched in memory: read them now rather than on the first search.
        match search::sync_index(&conn, &library).and_then(|r| search::warm(&conn).map(|()| r)) {
            Ok(rebuilt) => {
                *synced = true;
                tracing::info!(
                    rebuilt,
                    ms = started.elapsed().as_millis() as u64,
                    "content search index checked"
                )
            }
            Err(e) => {
                // Marked as synced all the same, as before: search then serves the old index
                // rather than retrying (and failing) on every keystroke.
                *synced = true;
                tracing::error!(error = %e, "the content search index could not be updated")
            }
        }
    }

    /// Runs the deferred integrity check once, if it is due: a sound file becomes writable; a
    /// damaged or unreadable one is set aside for a temporary database and reported, exactly as
    /// at start-up (the file itself is never written). Callers wait while it runs.
    fn finish_integrity_check(&self) {
        self.checked.get_or_init(|| {
            if !self.check_due {
                return;
            }
            let started = std::time::Instant::now();
            match startup::deferred_check(&self.data_dir) {
                None => {
                    if let Err(e) = self.raw_db().pragma_update(None, "query_only", "OFF") {
                        tracing::error!(error = %e, "cannot make the database writable");
                    }
                    tracing::info!(
                        ms = started.elapsed().as_millis() as u64,
                        "database integrity checked"
                    );
                }
                Some(problem) => {
                    tracing::warn!(kind = ?problem.kind, "database problem found after start");
                    *self.raw_db() = startup::temporary_database();
                    *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = Some(problem);
                }
            }
        });
    }

    /// The start-up problem still in force, if any (waits for the deferred integrity check).
    pub fn startup_problem(&self) -> Option<StartupProblem> {
        self.finish_integrity_check();
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Restores the backup named `name` from `backups/` and reopens the database. The current
    /// file is closed first, then kept under a new name by the restore; the session ends.
    pub fn restore_backup(&self, name: &str) -> Result<()> {
        let chosen = backup::list(&self.data_dir)?
            .into_iter()
            .find(|b| b.name == name)
            .ok_or_else(|| Error::invalid("name", "no such backup"))?;
        // The deferred check must not later judge (or replace) the restored file.
        self.finish_integrity_check();
        let mut db = self.db();
        // Dropping the old connection closes it, so nothing writes to the file moved aside.
        *db = Connection::open_in_memory()?;
        // The window never forces a backup without agents in (`presale restore --allow-empty`
        // can): see `backup::restore`.
        let restored = backup::restore(&self.data_dir, &chosen.path, false);
        let opened = startup::open_checked(&self.data_dir);
        *db = opened.conn;
        let healthy = opened.problem.is_none();
        *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = opened.problem;
        restored?;
        // Whoever was logged in belongs to the replaced database: the window asks for a PIN of
        // the restored one (its own set-up form only if it truly has no agent).
        if let Some(id) = self.session.lock() {
            tracing::info!(agent = id, "session ended by a restore");
        }
        if healthy {
            backup::audit_restore(&db, self.mode.tag(), name)?;
            drop(db);
            // The restored file's search index may come from other content: build it again from
            // a fresh read of the tree (the library in memory no longer holds the clause text).
            self.reload_content();
        }
        Ok(())
    }

    /// The database connection, once the deferred integrity check (if due) has passed: until then
    /// the connection is read-only, and a save must wait for the verdict rather than fail.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.finish_integrity_check();
        self.raw_db()
    }

    /// The connection without waiting for the integrity check: for the first screen's reads
    /// (the language), which must not wait for a check that grows with the database.
    pub fn db_for_first_screen(&self) -> MutexGuard<'_, Connection> {
        self.raw_db()
    }

    /// A command that panicked while holding the connection leaves SQLite itself consistent
    /// (transactions roll back), so a poisoned lock is recovered rather than fatal.
    fn raw_db(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One loaded version of the content tree (the library, the questionnaires, their problems).
pub type LoadedContent = Catalogue;

/// Loads the content tree. Bad content is logged, never fatal: the app runs with every valid item.
fn load_content(content_dir: &std::path::Path) -> LoadedContent {
    Catalogue::load(content_dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn state(content: &std::path::Path) -> AppState {
        let conn = presale_core::db::open_in_memory().unwrap();
        AppState::with_connection(
            conn,
            PathBuf::from("/nonexistent"),
            content.into(),
            Mode::Agent,
        )
    }

    #[test]
    fn start_up_work_waits_for_the_first_screen_but_not_forever() {
        let s = state(std::path::Path::new("/nonexistent"));
        let t = Instant::now();
        s.wait_for_first_screen(Duration::from_millis(50));
        assert!(
            t.elapsed() >= Duration::from_millis(50),
            "without the page's first command it waits out the timeout"
        );
        s.first_screen_asked();
        let t = Instant::now();
        s.wait_for_first_screen(Duration::from_secs(10));
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "once the page has asked, the work starts at once"
        );
    }

    #[test]
    fn content_and_its_index_load_on_first_use() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let s = state(&content);
        assert!(
            !s.library().products().is_empty(),
            "a command needing the content loads it itself"
        );
        s.sync_index();
        let rows: i64 = s
            .db()
            .query_row("SELECT count(*) FROM content_fts", [], |r| r.get(0))
            .unwrap();
        assert!(rows > 0, "the search index is built on first use");
    }

    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn reloading_reads_the_changed_tree_and_the_index_follows() {
        let dir = tempfile::tempdir().unwrap();
        let base =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/content/base");
        copy_tree(&base, dir.path());
        let s = state(dir.path());
        s.sync_index();
        let before = s.library();
        assert_eq!(before.products().len(), 1);
        let file = dir.path().join("products/demo/product.zh.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("示例重疾险", "示例重疾险二代")).unwrap();
        std::fs::write(
            dir.path().join("glossary/broken.zh.md"),
            "+++\nid = \"x\"\n",
        )
        .unwrap();
        let problems = s.reload_content();
        assert!(
            problems
                .iter()
                .any(|p| p.path.ends_with("glossary/broken.zh.md")),
            "the new tree's problems: {problems:?}"
        );
        let hits = search::search(&s.db(), "二代", None, 10).unwrap();
        assert!(!hits.is_empty(), "the index was rebuilt for the new text");
        assert!(
            s.library().is_shed(),
            "the text kept only for indexing is dropped once the index is built"
        );
        let name = format!("{:?}", s.library().products()[0]);
        assert!(name.contains("示例重疾险二代"), "{name}");
        let old = format!("{:?}", before.products()[0]);
        assert!(
            !old.contains("二代"),
            "a command holding the old version keeps it whole"
        );
    }

    #[test]
    fn questionnaires_are_read_with_the_tree_and_change_only_on_reload() {
        let dir = tempfile::tempdir().unwrap();
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        copy_tree(
            &shipped.join("questionnaires"),
            &dir.path().join("questionnaires"),
        );
        let s = state(dir.path());
        let first = s
            .library()
            .questionnaires
            .get("family")
            .unwrap()
            .version
            .clone();
        let file = dir.path().join("questionnaires/family.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\n# edited\n")).unwrap();
        assert_eq!(
            s.library().questionnaires.get("family").unwrap().version,
            first,
            "an edit on disk does not change the questionnaire under a consultation"
        );
        s.reload_content();
        assert_ne!(
            s.library().questionnaires.get("family").unwrap().version,
            first,
            "'Read the content again' brings the edited questionnaire in"
        );
    }
}
