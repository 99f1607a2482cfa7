//! Backups of the database with SQLite's online backup API (consistent while the app runs) into
//! `backups/` beside the database, and restoring one: the backup is checked first, the current
//! file is kept under a new name, and nothing is ever deleted except our own oldest backups.

use crate::{clock, db, Error, Result};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder inside the data directory.
pub const DIR: &str = "backups";
/// How many backups are kept by default.
pub const DEFAULT_KEEP: usize = 7;
const PREFIX: &str = "presale-";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    /// The file name, e.g. `presale-20261128-073228.db`; the UI refers to a backup by it.
    pub name: String,
    #[serde(skip)]
    pub path: PathBuf,
    /// When it was made, `YYYY-MM-DDTHH:MM:SSZ` (from the name).
    pub made_at: String,
    pub bytes: u64,
}

/// `<data_dir>/backups`.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR)
}

/// The backups in `data_dir`, newest first. A missing folder means none.
pub fn list(data_dir: &Path) -> Result<Vec<BackupFile>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(dir(data_dir)) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(made_at) = made_at(&name) {
            out.push(BackupFile {
                bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                path: entry.path(),
                name,
                made_at,
            });
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(sort_key(&b.name)));
    Ok(out)
}

/// `presale-YYYYMMDD-HHMMSS.db` or, for a second one in the same second, `...-HHMMSS-N.db`.
fn made_at(name: &str) -> Option<String> {
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    let (d, t) = (stem.get(0..8)?, stem.get(9..15)?);
    let rest = stem.get(15..)?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let counter_ok = rest.is_empty() || rest.strip_prefix('-').is_some_and(digits);
    (stem.as_bytes().get(8) == Some(&b'-') && digits(d) && digits(t) && counter_ok).then(|| {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[0..4],
            &d[4..6],
            &d[6..8],
            &t[0..2],
            &t[2..4],
            &t[4..6]
        )
    })
}

fn sort_key(name: &str) -> (String, u32) {
    let stem = name.trim_end_matches(".db");
    let base = stem.get(..PREFIX.len() + 15).unwrap_or(stem).to_string();
    let n = stem
        .get(PREFIX.len() + 16..)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    (base, n)
}

/// Backs up the open database now into a new file; keeps the newest `keep` backups.
pub fn backup_now(conn: &Connection, data_dir: &Path, keep: usize) -> Result<BackupFile> {
    let folder = dir(data_dir);
    fs::create_dir_all(&folder)?;
    let now = clock::now_rfc3339();
    let stamp = format!(
        "{}{}{}-{}{}{}",
        &now[0..4],
        &now[5..7],
        &now[8..10],
        &now[11..13],
        &now[14..16],
        &now[17..19]
    );
    let mut name = format!("{PREFIX}{stamp}.db");
    let mut n = 2;
    while folder.join(&name).exists() {
        name = format!("{PREFIX}{stamp}-{n}.db");
        n += 1;
    }
    // Written under a temporary name and renamed when complete, so a backup interrupted by a
    // crash is never taken for a good one.
    let partial = folder.join(format!("{name}.partial"));
    {
        let mut dst = Connection::open(&partial)?;
        let backup = Backup::new(conn, &mut dst)?;
        backup.run_to_completion(1000, Duration::from_millis(5), None)?;
        drop(backup);
        // A standalone file: rollback journal, not WAL, so it is complete without a -wal file.
        dst.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    }
    let path = folder.join(&name);
    fs::rename(&partial, &path)?;
    sync_dir(&folder);
    prune(data_dir, keep)?;
    let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupFile {
        made_at: made_at(&name).unwrap_or_default(),
        name,
        path,
        bytes,
    })
}

/// At start-up: backs up unless a backup was already made today (UTC). `None` when not due.
pub fn backup_if_due(
    conn: &Connection,
    data_dir: &Path,
    keep: usize,
) -> Result<Option<BackupFile>> {
    let today = clock::today();
    if list(data_dir)?
        .first()
        .is_some_and(|b| b.made_at[..10] == today)
    {
        return Ok(None);
    }
    backup_now(conn, data_dir, keep).map(Some)
}

/// Deletes all but the newest `keep` backups (never fewer than one).
fn prune(data_dir: &Path, keep: usize) -> Result<()> {
    for old in list(data_dir)?.into_iter().skip(keep.max(1)) {
        fs::remove_file(&old.path)?;
    }
    Ok(())
}

/// Checks a database file without changing it: `Ok(None)` when SQLite's full integrity check
/// passes, else what is wrong in plain words.
pub fn check(path: &Path) -> Result<Option<String>> {
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(c) => c,
        Err(e) => return Ok(Some(format!("cannot be opened ({e})"))),
    };
    match conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get::<_, String>(0)) {
        Ok(s) if s == "ok" => {}
        Ok(s) => return Ok(Some(format!("is damaged ({s})"))),
        Err(e) => return Ok(Some(format!("is not a readable database ({e})"))),
    }
    let version = db::current_version(&conn)?;
    let newest = db::MIGRATIONS.last().map_or(0, |m| m.version);
    if version > newest {
        return Ok(Some(format!(
            "comes from a newer Presale (schema {version}, this one knows {newest})"
        )));
    }
    Ok(None)
}

/// The newest backup that passes [`check`].
pub fn newest_good(data_dir: &Path) -> Result<Option<BackupFile>> {
    for b in list(data_dir)? {
        if check(&b.path)?.is_none() {
            return Ok(Some(b));
        }
    }
    Ok(None)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// The backup that is now the database.
    pub from: PathBuf,
    /// Where the previous database file was moved (`presale.db.replaced-<timestamp>`), if
    /// there was one. Its `-wal` file, if any, moved alongside with the same suffix rule.
    pub replaced: Option<PathBuf>,
}

/// Makes `backup` the database of `data_dir`. The backup is checked first; the current file (even
/// a damaged one) is renamed, never deleted. The app must not hold the database open.
pub fn restore(data_dir: &Path, backup: &Path) -> Result<Restored> {
    if !backup.is_file() {
        return Err(Error::invalid("file", "no such backup file"));
    }
    if let Some(problem) = check(backup)? {
        return Err(Error::invalid(
            "file",
            format!("the backup {problem}; nothing was changed"),
        ));
    }
    let target = data_dir.join(db::FILE_NAME);
    // Copy first, under a temporary name: if the copy fails, the current file is untouched.
    let incoming = data_dir.join(format!("{}.restoring", db::FILE_NAME));
    fs::copy(backup, &incoming)?;
    fs::File::open(&incoming)?.sync_all()?;
    let replaced = if target.exists() {
        let stamp = clock::now_rfc3339().replace([':', '.'], "");
        let aside = data_dir.join(format!("{}.replaced-{stamp}", db::FILE_NAME));
        fs::rename(&target, &aside)?;
        // The WAL and shared-memory files follow SQLite's naming (`<db>-wal`), so the kept file
        // can still be opened with its last transactions.
        for suffix in ["-wal", "-shm"] {
            let side = data_dir.join(format!("{}{suffix}", db::FILE_NAME));
            if side.exists() {
                fs::rename(&side, format!("{}{suffix}", aside.display()))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    fs::rename(&incoming, &target)?;
    sync_dir(data_dir);
    Ok(Restored {
        from: backup.to_path_buf(),
        replaced,
    })
}

/// Makes renames durable (a directory fsync on Unix; elsewhere a no-op at best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Records a restore in the audit log of the restored database (backup names hold no personal
/// data).
pub fn audit_restore(conn: &Connection, actor: &str, backup_name: &str) -> Result<()> {
    let tx = crate::db::write(conn)?;
    super::audit::append(
        &tx,
        actor,
        "database.restore",
        "database",
        None,
        serde_json::json!({ "backup": backup_name }),
    )?;
    tx.commit()?;
    Ok(())
}
