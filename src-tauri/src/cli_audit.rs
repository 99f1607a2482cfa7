//! `presale audit verify`: checks the audit log's hash chain and reports the first entry that was
//! changed, removed or reordered. Exit 0 when intact, 1 when broken or unreadable.

use crate::paths;
use presale_core::access::audit::{self, BrokenAt};
use presale_core::db;
use std::path::Path;

/// `presale audit ...`.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was changed, removed or reordered; exits with 1 if one was.
    Verify,
}

/// Runs a `presale audit` subcommand; returns the exit code.
pub fn run(dir: Option<&Path>, command: &AuditCommand) -> i32 {
    match command {
        AuditCommand::Verify => verify(dir),
    }
}

fn verify(dir: Option<&Path>) -> i32 {
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
    let outcome = db::open(&path).and_then(|conn| audit::verify(&conn));
    match outcome {
        Ok(Ok(n)) => {
            println!("audit log intact: {n} entries");
            0
        }
        Ok(Err(BrokenAt { id, why })) => {
            println!("audit log broken at entry {id}: {why}");
            1
        }
        Err(e) => {
            eprintln!("presale: cannot read the audit log: {e}");
            1
        }
    }
}
