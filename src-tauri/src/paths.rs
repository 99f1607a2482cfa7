//! Where Presale keeps its data and finds its content, with the command-line and environment overrides.

use std::path::{Path, PathBuf};

/// Tauri's identifier (see `Tauri.toml`); also the data directory's name, so the command line and
/// the window agree on where the database lives.
pub const IDENTIFIER: &str = "cn.presale.desktop";

/// Environment variable overriding the data directory.
pub const DATA_DIR_ENV: &str = "PRESALE_DATA_DIR";
/// Environment variable overriding the content directory.
pub const CONTENT_DIR_ENV: &str = "PRESALE_CONTENT_DIR";

/// The data directory: `--data-dir`, else `PRESALE_DATA_DIR` (both handled by clap), else the OS's
/// app data directory.
pub fn data_dir(from_cli: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = from_cli {
        return Ok(dir.to_path_buf());
    }
    dirs::data_dir().map(|d| d.join(IDENTIFIER)).ok_or_else(|| {
        format!("cannot find the user's data directory; pass --data-dir or set {DATA_DIR_ENV}")
    })
}

/// The content directory: `--content`, else `PRESALE_CONTENT_DIR`, else the library shipped with
/// the app (next to the installed binary, or the repository's `content/` in a development build).
pub fn content_dir(from_cli: Option<&Path>) -> PathBuf {
    if let Some(dir) = from_cli {
        return dir.to_path_buf();
    }
    bundled_content_dir()
}

fn bundled_content_dir() -> PathBuf {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    // A development build reads the repository's live content (the copy tauri-build makes next
    // to the binary would go stale while an author edits).
    if cfg!(debug_assertions) && repository.join("README.md").is_file() {
        return repository;
    }
    // The .deb installs resources under /usr/lib/<productName>/ beside /usr/bin/presale.
    if let Ok(exe) = std::env::current_exe() {
        if let Some(bin) = exe.parent() {
            for candidate in [
                bin.join("../lib/Presale/content"),
                bin.join("../lib/presale/content"),
                bin.join("content"),
            ] {
                if candidate.join("README.md").is_file() {
                    return candidate;
                }
            }
        }
    }
    repository
}

/// The log directory inside the data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins() {
        assert_eq!(
            data_dir(Some(Path::new("/tmp/x"))).unwrap(),
            PathBuf::from("/tmp/x")
        );
        assert_eq!(content_dir(Some(Path::new("/c"))), PathBuf::from("/c"));
    }

    #[test]
    fn the_development_build_finds_the_repository_content() {
        assert!(
            content_dir(None).join("README.md").is_file(),
            "a development build uses the repository's content/"
        );
    }
}
