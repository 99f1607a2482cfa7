//! Fuzz target: any clause file (front matter, sections, body) loads as content or as a problem
//! pointing at one of its lines, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presale_core::content::Library;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let clauses = dir.path().join("products/p/clauses");
    if std::fs::create_dir_all(&clauses).is_err() {
        return;
    }
    // Lines as the loader counts them, UTF-8 or not: one more than the line breaks.
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    if std::fs::write(clauses.join("c.zh.md"), data).is_err() {
        return;
    }
    let (_, problems) = Library::load(dir.path());
    for p in problems {
        if p.path.ends_with("c.zh.md") {
            if let Some(line) = p.line {
                assert!(
                    line >= 1 && line <= lines.max(1) + 1,
                    "{p} points past the file"
                );
            }
        }
    }
});
