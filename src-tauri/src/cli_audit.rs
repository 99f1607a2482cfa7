//! `presale audit verify`: checks the audit log's hash chain and reports the first entry that was
//! changed, removed or reordered. Exit 0 when intact, 1 when broken or unreadable. It prints the
//! head (last entry and hash) to note elsewhere; `--expect ENTRY:HASH` checks a noted head again,
//! which catches a log rewritten with every hash recomputed.

use crate::paths;
use presale_core::audit::{self, BrokenAt};
use presale_core::db;
use std::path::Path;

/// `presale audit ...`.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was changed, removed or reordered; exits with 1 if one was.
    Verify {
        /// An entry and hash noted from an earlier run (`ENTRY:HASH`, as printed): the entry
        /// must still carry that hash.
        #[arg(long, value_name = "ENTRY:HASH", value_parser = parse_anchor)]
        expect: Option<Anchor>,
    },
}

/// A noted entry and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: i64,
    pub hash: String,
}

fn parse_anchor(s: &str) -> Result<Anchor, String> {
    let bad =
        || "write ENTRY:HASH as `presale audit verify` printed it, e.g. 42:3f9a...".to_string();
    let (id, hash) = s.split_once(':').ok_or_else(bad)?;
    let id: i64 = id.trim().parse().map_err(|_| bad())?;
    let hash = hash.trim().to_ascii_lowercase();
    if id < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok(Anchor { id, hash })
}

/// Runs a `presale audit` subcommand; returns the exit code.
pub fn run(dir: Option<&Path>, command: &AuditCommand) -> i32 {
    match command {
        AuditCommand::Verify { expect } => verify(dir, expect.as_ref()),
    }
}

fn verify(dir: Option<&Path>, expect: Option<&Anchor>) -> i32 {
    let data_dir = match paths::data_dir(dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("presale: {e}");
            return 1;
        }
    };
    let path = data_dir.join(db::FILE_NAME);
    if !path.is_file() {
        eprintln!("presale: no database at `{}`", path.display());
        return 1;
    }
    let outcome = db::open(&path).and_then(|conn| {
        let verdict = audit::verify(&conn)?;
        let head = audit::head(&conn)?;
        let noted = match expect {
            Some(a) => Some(audit::hash_of(&conn, a.id)?),
            None => None,
        };
        Ok((verdict, head, noted))
    });
    match outcome {
        Ok((Ok(n), head, noted)) => {
            if let (Some(a), Some(now)) = (expect, noted) {
                match now {
                    Some(h) if h == a.hash => {}
                    Some(_) => {
                        println!(
                            "audit log rewritten: entry {} no longer has the hash noted",
                            a.id
                        );
                        return 1;
                    }
                    None => {
                        println!("audit log broken at entry {}: removed", a.id);
                        return 1;
                    }
                }
            }
            println!("audit log intact: {n} entries");
            if let Some((id, hash)) = head {
                println!(
                    "head: {id}:{hash} (note it elsewhere; check later with --expect {id}:{hash})"
                );
            }
            0
        }
        Ok((Err(BrokenAt { id, why }), _, _)) => {
            println!("audit log broken at entry {id}: {why}");
            1
        }
        Err(e) => {
            eprintln!("presale: cannot read the audit log: {e}");
            1
        }
    }
}
