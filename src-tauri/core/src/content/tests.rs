//! Tests of the whole loader and checker: the fixture cases under `tests/fixtures/content/` and the
//! repository's own library.

use super::*;
use crate::problem::{Problem, Severity};
use crate::settings::Language;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content")
}

pub(super) fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of the valid base tree.
fn base_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    dir
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn the_base_fixture_is_clean() {
    let (library, problems) = Library::load(&fixtures().join("base"));
    assert!(
        problems.is_empty(),
        "base must be valid: {:#?}",
        lines(&problems)
    );
    assert_eq!(library.products().len(), 1);
    assert_eq!(library.clauses_of("demo").len(), 2);
    assert!(library.term("waiting-period").is_some());
    assert!(library.company().is_some());
    assert_eq!(
        library.notice("privacy").map(|n| n.version.as_str()),
        Some("2026-11")
    );
}

#[test]
fn checker_reports_every_fixture_case() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("base"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the fixture cases are found");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = base_copy();
        if case.join("files").is_dir() {
            copy_tree(&case.join("files"), dir.path());
        }
        if let Ok(remove) = std::fs::read_to_string(case.join("remove.txt")) {
            for path in remove.lines().filter(|l| !l.trim().is_empty()) {
                std::fs::remove_file(dir.path().join(path.trim())).unwrap();
            }
        }
        let expected: Vec<String> = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name}: expected.txt is missing"))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let problems = check(dir.path());
        let printed = lines(&problems);
        for e in &expected {
            if !printed.iter().any(|p| p.contains(e.as_str())) {
                failures.push(format!("{name}: expected `{e}`\n  got: {printed:#?}"));
            }
        }
        for p in problems.iter().filter(|p| p.severity == Severity::Error) {
            let shown = p.to_string();
            if !expected.iter().any(|e| shown.contains(e.as_str())) {
                failures.push(format!("{name}: unexpected `{shown}`"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_file_over_one_mebibyte_is_refused() {
    let dir = base_copy();
    let mut text = String::from("+++\nid = \"big\"\nterm = \"big\"\n+++\n");
    text.push_str(&"x".repeat(MAX_FILE_BYTES as usize));
    std::fs::write(dir.path().join("glossary/big.zh.md"), text).unwrap();
    let printed = lines(&check(dir.path()));
    assert!(
        printed.iter().any(|p| p.starts_with("glossary/big.zh.md: error: the file is") && p.contains("1 MiB")),
        "{printed:#?}"
    );
}

#[test]
fn a_missing_folder_is_a_problem_not_a_panic() {
    let (library, problems) = Library::load(Path::new("/nonexistent/presale/content"));
    assert!(library.products().is_empty());
    assert_eq!(problems[0].severity, Severity::Error);
}

#[test]
fn a_broken_item_does_not_stop_the_others_loading() {
    let dir = base_copy();
    std::fs::write(
        dir.path().join("products/demo/clauses/demo-coverage.zh.md"),
        "garbage",
    )
    .unwrap();
    let (library, problems) = Library::load(dir.path());
    assert!(!problems.is_empty());
    assert!(
        library.clause("demo-coverage").is_none(),
        "the broken clause is left out"
    );
    assert!(
        library.clause("demo-exclusions").is_some(),
        "its sibling still loads"
    );
    assert_eq!(
        library.product("demo").unwrap().clause_ids,
        vec!["demo-exclusions"]
    );
}

#[test]
fn exclusions_must_always_be_explained() {
    let (library, _) = Library::load(&fixtures().join("base"));
    let exclusion = library.clause("demo-exclusions").unwrap();
    assert!(
        exclusion.must_explain,
        "an exclusion is must-explain even without the key"
    );
    assert!(!library.clause("demo-coverage").unwrap().must_explain);
}

#[test]
fn the_hash_changes_with_the_text_and_differs_by_language() {
    let dir = base_copy();
    let (before, _) = Library::load(dir.path());
    let h = before.clause("demo-coverage").unwrap().hash.clone();
    assert_ne!(h.zh, h.en, "each language has its own hash");
    assert_eq!(h.zh.len(), 64, "sha256 in hex");
    let path = dir.path().join("products/demo/clauses/demo-coverage.zh.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("赔付保险金", "赔付全部保险金")).unwrap();
    let (after, _) = Library::load(dir.path());
    let h2 = &after.clause("demo-coverage").unwrap().hash;
    assert_ne!(h.zh, h2.zh, "changing the Chinese text changes its hash");
    assert_eq!(h.en, h2.en, "the English hash is untouched");
    assert_ne!(before.fingerprint(), after.fingerprint());
}

#[test]
fn localized_values_serialise_with_language_tags() {
    let (library, _) = Library::load(&fixtures().join("base"));
    let json = serde_json::to_value(library.clause("demo-coverage").unwrap()).unwrap();
    assert_eq!(json["title"]["zh-CN"], "保险责任");
    assert_eq!(json["title"]["en"], "Coverage");
    assert!(json["sections"]["en"]["legal"]["html"]
        .as_str()
        .unwrap()
        .contains("data-term=\"waiting-period\""));
    assert!(
        json["sections"]["en"]["legal"].get("source").is_none(),
        "markdown stays on the backend"
    );
    assert_eq!(
        library
            .clause("demo-coverage")
            .unwrap()
            .title
            .get(Language::En),
        "Coverage"
    );
}

#[test]
fn the_repository_library_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let (library, problems) = Library::load(&root);
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(library.products().len() >= 3, "the sample products load");
    for p in library.products() {
        assert!(
            !library.clauses_of(&p.id).is_empty(),
            "{} has clauses",
            p.id
        );
    }
    assert!(library.glossary().count() >= 20, "the glossary loads");
}
