//! Backups of the database with SQLite's online backup API (consistent while the app runs) into
//! `backups/` beside the database (or a folder on a second medium), and restoring one: the
//! backup is checked first, the current file is kept under a new name, and nothing is ever
//! deleted except our own backups past the keep rule (`backup_keep`).
//!
//! Backups follow the work: one at start-up at most once a day (`backup_if_due`), one after a
//! consultation is finished at most once an hour (`after_finish`), one when the window goes idle
//! after records changed (`at_idle`), and any made by hand.

use super::backup_keep;
pub use super::backup_keep::{Keep, DEFAULT_KEEP};
use crate::{clock, db, Error, Result};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The folder inside the data directory.
pub const DIR: &str = "backups";
/// After a finished consultation, no new backup when the newest is younger than this.
pub const AFTER_FINISH_GAP_SECS: i64 = 3600;
const PREFIX: &str = "presale-";
/// Held while a backup is written, so two (start-up and after a finish) never pick one name.
static WRITING: Mutex<()> = Mutex::new(());

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
    list_in(&dir(data_dir))
}

/// The backups in `folder` itself, newest first.
pub fn list_in(folder: &Path) -> Result<Vec<BackupFile>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(mut b) = BackupFile::from_name(&name) {
            b.bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            b.path = entry.path();
            out.push(b);
        }
    }
    sort_newest_first(&mut out);
    Ok(out)
}

impl BackupFile {
    /// A backup named `name` (no path, no size yet), if the name is one of ours.
    pub fn from_name(name: &str) -> Option<BackupFile> {
        made_at(name).map(|made_at| BackupFile {
            name: name.to_string(),
            path: PathBuf::new(),
            made_at,
            bytes: 0,
        })
    }
}

/// Newest first, a second backup in the same second after the first.
pub fn sort_newest_first(backups: &mut [BackupFile]) {
    backups.sort_by_key(|b| std::cmp::Reverse(sort_key(&b.name)));
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

pub(crate) fn sort_key(name: &str) -> (String, u32) {
    let stem = name.trim_end_matches(".db");
    let base = stem.get(..PREFIX.len() + 15).unwrap_or(stem).to_string();
    let n = stem
        .get(PREFIX.len() + 16..)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    (base, n)
}

/// Backs up the open database now into `backups/`; then applies the keep rule there.
pub fn backup_now(conn: &Connection, data_dir: &Path, keep: Keep) -> Result<BackupFile> {
    backup_into(conn, &dir(data_dir), keep)
}

/// Backs up the open database now into `folder` (created if missing: `backups/`, or a second
/// medium), then applies the keep rule to the backups in that folder.
pub fn backup_into(conn: &Connection, folder: &Path, keep: Keep) -> Result<BackupFile> {
    let _one = WRITING.lock().unwrap_or_else(|p| p.into_inner());
    fs::create_dir_all(folder)?;
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
    sync_dir(folder);
    prune(folder, &now[..10], keep)?;
    let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupFile {
        made_at: made_at(&name).unwrap_or_default(),
        name,
        path,
        bytes,
    })
}

/// At start-up: backs up unless a backup was already made today (UTC). `None` when not due, and
/// for a database with nothing worth restoring yet (a first start: no agent, client or lead;
/// such a backup would also take the day's slot and the hour's after a finish).
pub fn backup_if_due(conn: &Connection, data_dir: &Path, keep: Keep) -> Result<Option<BackupFile>> {
    let today = clock::today();
    if !worth_keeping(conn)?
        || list(data_dir)?
            .first()
            .is_some_and(|b| b.made_at[..10] == today)
    {
        return Ok(None);
    }
    backup_now(conn, data_dir, keep).map(Some)
}

/// After a consultation is finished: backs up `<data_dir>/presale.db` through its own
/// connection (so the caller may run it on another thread), unless the newest backup is less
/// than an hour old or the database holds nothing worth restoring. `None` when not due.
pub fn after_finish(data_dir: &Path) -> Result<Option<BackupFile>> {
    let now = clock::now_rfc3339();
    let recent = list(data_dir)?.first().is_some_and(|b| {
        backup_keep::seconds_between(&b.made_at, &now)
            .is_some_and(|age| age.abs() < AFTER_FINISH_GAP_SECS)
    });
    if recent {
        return Ok(None);
    }
    let conn = open_read_only(data_dir)?;
    if !worth_keeping(&conn)? {
        return Ok(None);
    }
    backup_now(&conn, data_dir, DEFAULT_KEEP).map(Some)
}

/// Where a record's change leaves its time: a consultation (answers and clause events touch
/// it), a client, a change in the history, a consent, a lead, an agent profile.
const CHANGE_TIMES: &[(&str, &[&str])] = &[
    ("consultations", &["updated_at", "ended_at", "erased_at"]),
    ("clients", &["updated_at", "erased_at"]),
    ("record_changes", &["changed_at"]),
    ("consents", &["granted_at", "withdrawn_at"]),
    ("leads", &["created_at", "erased_at"]),
    ("agents", &["created_at"]),
];

/// At idle (the agent's window locked after inactivity, a kiosk's visit reset): backs up
/// `<data_dir>/presale.db` through its own connection when a record changed since the newest
/// backup was made (`changed_since`), or when there is no backup yet; never a database with
/// nothing worth restoring. No hourly gap: an idle lock comes at most every few minutes, and
/// only after work. `None` when not due.
pub fn at_idle(data_dir: &Path) -> Result<Option<BackupFile>> {
    let conn = open_read_only(data_dir)?;
    if !worth_keeping(&conn)? {
        return Ok(None);
    }
    if let Some(newest) = list(data_dir)?.first() {
        if !changed_since(&conn, &newest.made_at)? {
            return Ok(None);
        }
    }
    backup_now(&conn, data_dir, DEFAULT_KEEP).map(Some)
}

/// Whether a record changed at or after `since` (`YYYY-MM-DDTHH:MM:SS...`, a backup's
/// `made_at`). Compared to the second, a change in the backup's own second counts as after it:
/// one backup too many rather than a change without one.
pub fn changed_since(conn: &Connection, since: &str) -> Result<bool> {
    let second = since
        .get(..19)
        .ok_or_else(|| Error::invalid("since", "not a time"))?;
    for (table, columns) in CHANGE_TIMES {
        let any = columns
            .iter()
            .map(|c| format!("substr({c}, 1, 19) >= ?1"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let changed: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE {any})"),
            [second],
            |r| r.get(0),
        )?;
        if changed {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `<data_dir>/presale.db` through a read-only connection of its own (another thread's).
fn open_read_only(data_dir: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        data_dir.join(db::FILE_NAME),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// Deletes the backups in `folder` that the keep rule no longer keeps (never the newest).
fn prune(folder: &Path, today: &str, keep: Keep) -> Result<()> {
    let backups = list_in(folder)?;
    for old in backup_keep::to_delete(&backups, today, keep) {
        fs::remove_file(&old.path)?;
    }
    Ok(())
}

/// How many agent profiles the database holds (0 for a schema from before agents existed).
fn agent_count(conn: &Connection) -> Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agents')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(0);
    }
    Ok(conn.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))?)
}

/// Whether the database holds anything a restore would bring back: an agent, a client or a
/// lead (a kiosk has no agent, but its call-back requests are worth a backup).
fn worth_keeping(conn: &Connection) -> Result<bool> {
    Ok(agent_count(conn)? > 0
        || conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM clients) OR EXISTS (SELECT 1 FROM leads)",
            [],
            |r| r.get(0),
        )?)
}

/// The agent profiles in a database file, opened read-only; `None` when it cannot be read.
fn agents_in_file(path: &Path) -> Option<i64> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    agent_count(&conn).ok()
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

/// The newest backup that passes [`check`] and holds an agent profile (the one offered when the
/// database is damaged: a backup without agents would be refused, see `restore`).
pub fn newest_good(data_dir: &Path) -> Result<Option<BackupFile>> {
    for b in list(data_dir)? {
        if check(&b.path)?.is_none() && agents_in_file(&b.path).is_some_and(|n| n > 0) {
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
///
/// A backup without any agent profile is refused (`invalid`, field `agents`) when the database
/// it would replace has agents or cannot be read to tell, unless `allow_empty` (the command
/// line's `--allow-empty`): otherwise the window would offer "set up the first agent" to
/// whoever stands at it, with every record restored later within reach.
pub fn restore(data_dir: &Path, backup: &Path, allow_empty: bool) -> Result<Restored> {
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
    if !allow_empty && agents_in_file(backup) == Some(0) {
        let replaced = if target.exists() {
            agents_in_file(&target)
        } else {
            Some(0)
        };
        if replaced != Some(0) {
            return Err(Error::invalid(
                "agents",
                "the backup holds no agent profile, while the database it would replace has                  agents (or cannot be read to tell): restored, it would let anyone set up a new                  agent. Choose a later backup; nothing was changed",
            ));
        }
    }
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

/// Makes `backup` the database of `data_dir` keeping the agent profiles of the database it
/// replaces (`presale restore FILE --keep-agents`): whoever could log in before still can, with
/// the same PIN, role and lock, and a backup made before any agent existed opens no door. The
/// profiles are copied into a copy of the backup brought to this version's schema, then that is
/// restored as `restore` does (checked, the current file kept aside). A profile of the backup
/// with the same id but another licence number is another person (a backup from another
/// machine): refused (`invalid`, field `keep_agents`), nothing changed; one only in the backup
/// stays. Refused too when the current database cannot be read to take its agents from.
pub fn restore_keeping_agents(data_dir: &Path, backup: &Path) -> Result<Restored> {
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
    if !target.exists() {
        return restore(data_dir, backup, false);
    }
    let unreadable = || {
        Error::invalid(
            "keep_agents",
            "the current database cannot be read, so its agent profiles cannot be kept; \
             nothing was changed",
        )
    };
    let current = Connection::open_with_flags(
        &target,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| unreadable())?;
    agent_count(&current).map_err(|_| unreadable())?;
    let merged = data_dir.join(format!("{}.keeping-agents", db::FILE_NAME));
    let copied = (|| {
        fs::copy(backup, &merged)?;
        let conn = db::open(&merged)?;
        copy_agents(&current, &conn)?;
        // A standalone file again, so the copy `restore` makes takes all of it.
        conn.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
        Ok(())
    })();
    // Closed before the current file (and its -wal, -shm) is moved aside.
    drop(current);
    let outcome = copied.and_then(|()| restore(data_dir, &merged, false));
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", merged.display()));
    }
    outcome.map(|r| Restored {
        from: backup.to_path_buf(),
        ..r
    })
}

/// Copies every agent profile of `from` into `to` (same ids: updated, new ones inserted), with
/// the columns both schemas have; in one transaction.
fn copy_agents(from: &Connection, to: &Connection) -> Result<()> {
    let columns_of = |c: &Connection| -> Result<Vec<String>> {
        let mut q = c.prepare("SELECT name FROM pragma_table_info('agents')")?;
        let names = q.query_map([], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    };
    let theirs = columns_of(to)?;
    let cols: Vec<String> = columns_of(from)?
        .into_iter()
        .filter(|c| theirs.contains(c) && c != "id")
        .collect();
    let tx = db::write(to)?;
    let mut q = from.prepare(&format!(
        "SELECT id, licence_number, {} FROM agents ORDER BY id",
        cols.join(", ")
    ))?;
    let rows = q.query_map([], |r| {
        let values = (0..cols.len())
            .map(|i| r.get::<_, rusqlite::types::Value>(i + 2))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, values))
    })?;
    let update = format!(
        "UPDATE agents SET {} WHERE id = ?{}",
        cols.iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(", "),
        cols.len() + 1
    );
    let insert = format!(
        "INSERT INTO agents (id, {}) VALUES (?{}, {})",
        cols.join(", "),
        cols.len() + 1,
        (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for row in rows {
        let (id, licence, mut values) = row?;
        let in_backup: Option<String> = tx
            .query_row(
                "SELECT licence_number FROM agents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        if in_backup.as_ref().is_some_and(|l| *l != licence) {
            return Err(Error::invalid(
                "keep_agents",
                format!(
                    "agent profile {id} is another person in the backup (another licence \
                     number): it comes from another database; nothing was changed"
                ),
            ));
        }
        values.push(rusqlite::types::Value::Integer(id));
        let sql = if in_backup.is_some() {
            &update
        } else {
            &insert
        };
        tx.execute(sql, rusqlite::params_from_iter(values))?;
    }
    tx.commit()?;
    Ok(())
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
    crate::audit::append(
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
