//! Opening Presale's SQLite database: connection settings and schema migrations.

mod migrations;
mod schema;
mod write;

pub use migrations::{current_version, migrate, MIGRATIONS};
/// Re-exported so the app uses exactly the rusqlite the domain was built with.
pub use rusqlite;
pub(crate) use schema::{attached_tables, has_column, quoted};
pub(crate) use write::write_tx;
pub use write::{write, Write};

use crate::Result;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "presale.db";

/// Opens (creating if needed) the database at `path`, configures it and brings the schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&conn)?;
    Ok(conn)
}

/// An in-memory database with every migration applied, for tests and benchmarks.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn)?;
    Ok(conn)
}

/// Applies the settings every connection needs.
pub fn configure(conn: &Connection) -> Result<()> {
    // WAL: readers (search, lists) never wait for a writer, and a crash mid-write cannot corrupt
    // the main file. (In-memory databases answer "memory"; that is fine.)
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    // FULL: a save the UI calls done has been synced to disk, even across a power cut (NORMAL in
    // WAL mode may lose the last transactions). Consultation records need that guarantee.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // SQLite leaves foreign keys off by default; records rely on them to never orphan rows.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The command line (backup, export) may run while the app holds the file: wait, don't fail.
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

/// Runs SQLite's integrity check; `Ok(None)` when the file is sound, else the first problem found.
pub fn integrity_problem(conn: &Connection) -> Result<Option<String>> {
    let first: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    Ok(if first == "ok" { None } else { Some(first) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_has_every_migration() {
        let conn = open_in_memory().unwrap();
        assert_eq!(
            current_version(&conn).unwrap(),
            MIGRATIONS.last().unwrap().version,
            "a fresh database is at the newest schema"
        );
        assert_eq!(integrity_problem(&conn).unwrap(), None);
    }

    #[test]
    fn file_databases_use_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join(FILE_NAME)).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1, "foreign keys must be enforced");
    }

    #[test]
    fn opening_twice_does_not_reapply_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        drop(open(&path).unwrap());
        let conn = open(&path).unwrap();
        assert_eq!(
            current_version(&conn).unwrap(),
            MIGRATIONS.last().unwrap().version
        );
    }
}
