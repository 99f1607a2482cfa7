//! `presale records export|purge`: administering the records database from the command line
//! (`presale backup` and `presale restore` are in `cli_backup`).
//!
//! Bad input gets one line naming the argument (`presale: --since: must be a date ...`) and exit
//! code 2; a failure of the program or the disk gets exit code 1. Run these with the app closed:
//! `restore` moves the database file aside.

use crate::paths;
use presale_core::db::{self, rusqlite::Connection};
use presale_core::privacy::retention;
use presale_core::records::export::{self, Format};
use presale_core::{clock, Error};
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Exit code for input the user can fix.
const BAD_INPUT: i32 = 2;
/// Who the audit log names for command-line actions.
const ACTOR: &str = "cli";

/// `presale records ...`.
#[derive(Debug, clap::Subcommand)]
pub enum RecordsCommand {
    /// Export consultations for the insurer's CRM: CSV (UTF-8 with BOM, one row per
    /// consultation, formulas neutralised) or JSON (the full records).
    Export(ExportArgs),
    /// Remove the personal data of records whose retention period has ended.
    Purge {
        /// Purge the records past their retention date (required, so a purge is never implied).
        #[arg(long, required = true)]
        expired: bool,
        /// Only list what would be purged.
        #[arg(long)]
        dry_run: bool,
    },
}

/// The arguments of `presale records export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// `csv` or `json`.
    #[arg(long, value_parser = ["csv", "json"])]
    pub format: String,
    /// Only consultations started on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only consultations started on or before this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs a `presale records` subcommand; returns the exit code.
pub fn run(dir: Option<&Path>, command: &RecordsCommand) -> i32 {
    match command {
        RecordsCommand::Export(args) => export(dir, args),
        RecordsCommand::Purge { dry_run, .. } => purge(dir, *dry_run),
    }
}

/// Prints the error in one line and returns the exit code: 2 for input, 1 for the rest. The
/// field names of the domain become the argument names the user typed.
pub(crate) fn fail(e: Error) -> i32 {
    match e {
        Error::Invalid { field, message } => {
            let arg = match field.as_str() {
                "since" | "until" | "format" | "out" => format!("--{field}"),
                "file" => "FILE".to_string(),
                other => other.to_string(),
            };
            eprintln!("presale: {arg}: {message}");
            BAD_INPUT
        }
        other => {
            eprintln!("presale: {other}");
            1
        }
    }
}

/// Opens the existing database of `data_dir`; a missing one is an error, not a new empty file.
fn open_existing(data_dir: &Path) -> Result<Connection, i32> {
    let path = data_dir.join(db::FILE_NAME);
    if !path.is_file() {
        eprintln!(
            "presale: --data-dir: no database at `{}` (start the app once, or pass --data-dir)",
            path.display()
        );
        return Err(BAD_INPUT);
    }
    db::open(&path).map_err(|e| {
        eprintln!(
            "presale: cannot open `{}`: {e} (if it is damaged, `presale restore FILE` puts a \
             backup in its place and keeps it)",
            path.display()
        );
        1
    })
}

/// The existing database of the data directory named on the command line (or the default one).
pub(crate) fn open_data_dir(from_cli: Option<&Path>) -> Result<Connection, i32> {
    open_existing(&data_dir(from_cli)?)
}

pub(crate) fn data_dir(from_cli: Option<&Path>) -> Result<PathBuf, i32> {
    paths::data_dir(from_cli).map_err(|e| {
        eprintln!("presale: {e}");
        1
    })
}

/// `presale records export --format csv|json [--since DATE] [--until DATE] [--out FILE]`.
pub fn export(dir: Option<&Path>, args: &ExportArgs) -> i32 {
    let format: Format = match args.format.parse() {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let dir = match data_dir(dir) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let conn = match open_existing(&dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (since, until) = (args.since.as_deref(), args.until.as_deref());
    let result = match &args.out {
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            export::export(&conn, format, since, until, &mut w)
        }
        Some(path) => export_to_file(&conn, format, since, until, path),
    };
    let count = match result {
        Ok(n) => n,
        Err(e) => return fail(e),
    };
    if let Err(e) = export::audit_export(&conn, ACTOR, format, since, until, count) {
        eprintln!("presale: exported, but the audit log could not be written: {e}");
        return 1;
    }
    if let Some(path) = &args.out {
        eprintln!(
            "presale: {count} consultations written to `{}`",
            path.display()
        );
    }
    0
}

/// Writes to `<out>.partial` and renames, so a failed export never leaves a truncated file under
/// the name a CRM import would pick up.
fn export_to_file(
    conn: &Connection,
    format: Format,
    since: Option<&str>,
    until: Option<&str>,
    out: &Path,
) -> presale_core::Result<usize> {
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file = fs::File::create(&partial)
        .map_err(|e| Error::invalid("out", format!("cannot create `{}`: {e}", out.display())))?;
    let mut w = BufWriter::new(file);
    let n = match export::export(conn, format, since, until, &mut w) {
        Ok(n) => n,
        Err(e) => {
            drop(w);
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    };
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    fs::rename(&partial, out)?;
    Ok(n)
}

/// `presale records purge --expired [--dry-run]`.
pub fn purge(dir: Option<&Path>, dry_run: bool) -> i32 {
    let dir = match data_dir(dir) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let conn = match open_existing(&dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match retention::purge_expired(&conn, ACTOR, &clock::today(), dry_run) {
        Ok(p) => {
            let verb = if dry_run { "would purge" } else { "purged" };
            println!(
                "{verb} {} consultations and {} clients whose retention ended",
                p.consultations.len(),
                p.clients.len()
            );
            if !p.consultations.is_empty() {
                let ids: Vec<String> = p.consultations.iter().map(i64::to_string).collect();
                println!("consultations: {}", ids.join(" "));
            }
            0
        }
        Err(e) => fail(e),
    }
}
