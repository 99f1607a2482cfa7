//! `presale check-content [DIR]`: every problem of a content tree (markdown content and
//! questionnaires) as `path:line: error|warning: message`, errors first, then a summary; exit
//! code 1 when there is any error.

use presale_core::catalogue::Catalogue;
use presale_core::problem::{Problem, Severity};
use std::path::Path;

/// Checks the tree at `dir`, prints the problems; returns the exit code.
pub fn run(dir: &Path) -> i32 {
    let mut loaded = Catalogue::load(dir);
    let (text, code) = report(loaded.library.file_count(), &mut loaded.problems);
    print!("{text}");
    code
}

/// The printed report and exit code for `problems` found in `files` files.
fn report(files: usize, problems: &mut [Problem]) -> (String, i32) {
    problems.sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let mut out = String::new();
    for p in problems.iter() {
        out.push_str(&format!("{p}\n"));
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}, {}\n",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    ));
    (out, i32::from(errors > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_first_and_any_error_fails() {
        let mut problems = vec![
            Problem::warning("a.zh.md", Some(1), "w"),
            Problem::error("b.zh.md", Some(2), "e"),
        ];
        let (text, code) = report(12, &mut problems);
        assert_eq!(
            text,
            "b.zh.md:2: error: e\na.zh.md:1: warning: w\n12 files, 1 error, 1 warning\n"
        );
        assert_eq!(code, 1, "an error fails the check");
        let (text, code) = report(3, &mut [Problem::warning("a.zh.md", None, "w")]);
        assert!(text.ends_with("3 files, 0 errors, 1 warning\n"), "{text}");
        assert_eq!(code, 0, "warnings alone pass");
    }

    #[test]
    fn the_repository_content_passes() {
        let dir = crate::paths::content_dir(None);
        let mut loaded = Catalogue::load(&dir);
        let (text, code) = report(loaded.library.file_count(), &mut loaded.problems);
        assert_eq!(code, 0, "content/ must pass check-content:\n{text}");
    }
}
