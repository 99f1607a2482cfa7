//! `presale backup [--to DIR]` and `presale restore FILE [--allow-empty | --keep-agents]`: backing up the records
//! database (also onto a second medium) and putting a backup in its place, from the command line.
//! Run `restore` with the app closed: it moves the database file aside.

use crate::cli_records::{data_dir, fail, open_data_dir};
use presale_core::db;
use presale_core::records::backup;
use presale_core::Error;
use std::io::Write;
use std::path::Path;

/// Exit code for input the user can fix.
const BAD_INPUT: i32 = 2;

/// `presale backup [--to DIR]`: into `backups/` beside the database, or into DIR (a USB disk, a
/// network share), where the same keep rule applies to the backups already there.
pub fn backup(dir: Option<&Path>, to: Option<&Path>) -> i32 {
    let conn = match open_data_dir(dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let made = match to {
        None => {
            let dir = match data_dir(dir) {
                Ok(d) => d,
                Err(code) => return code,
            };
            backup::backup_now(&conn, &dir, backup::DEFAULT_KEEP)
        }
        Some(folder) => {
            backup::backup_into(&conn, folder, backup::DEFAULT_KEEP).map_err(|e| match e {
                Error::Io(io) => Error::invalid(
                    "to",
                    format!("cannot write a backup into `{}`: {io}", folder.display()),
                ),
                other => other,
            })
        }
    };
    match made {
        Ok(b) => {
            println!("{}", b.path.display());
            0
        }
        Err(Error::Invalid { message, .. }) => {
            eprintln!("presale: --to: {message}");
            BAD_INPUT
        }
        Err(e) => fail(e),
    }
}

/// `presale restore FILE [--allow-empty]`: checks FILE, keeps the current database under a new
/// name, and puts FILE in its place. Never opens the current database for writing, so it works
/// when that file is damaged. A backup without agents replaces one with agents only with
/// `--allow-empty`; `--keep-agents` keeps the current database's agent profiles in the restored
/// one (`backup::restore_keeping_agents`).
pub fn restore(dir: Option<&Path>, file: &Path, allow_empty: bool, keep_agents: bool) -> i32 {
    let dir = match data_dir(dir) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!(
            "presale: --data-dir: cannot create `{}`: {e}",
            dir.display()
        );
        return 1;
    }
    let restored = if keep_agents {
        backup::restore_keeping_agents(&dir, file)
    } else {
        backup::restore(&dir, file, allow_empty)
    };
    match restored {
        Ok(r) => {
            match &r.replaced {
                Some(old) => println!(
                    "restored `{}`; the previous database is kept as `{}`",
                    file.display(),
                    old.display()
                ),
                None => println!("restored `{}`", file.display()),
            }
            if let Ok(conn) = db::open(&dir.join(db::FILE_NAME)) {
                let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                if let Err(e) = backup::audit_restore(&conn, "cli", &name.unwrap_or_default()) {
                    eprintln!("presale: restored, but the audit log could not be written: {e}");
                }
            }
            let _ = std::io::stdout().flush();
            0
        }
        Err(Error::Invalid { field, message }) if field == "agents" => {
            eprintln!(
                "presale: FILE `{}`: {message} (or keep the current agents with --keep-agents, or force it with --allow-empty)",
                file.display()
            );
            BAD_INPUT
        }
        Err(Error::Invalid { field, message }) if field == "keep_agents" => {
            eprintln!("presale: --keep-agents: {message}");
            BAD_INPUT
        }
        Err(Error::Invalid { message, .. }) => {
            eprintln!("presale: FILE `{}`: {message}", file.display());
            BAD_INPUT
        }
        Err(e) => fail(e),
    }
}
