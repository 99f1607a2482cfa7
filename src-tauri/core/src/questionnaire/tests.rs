//! The shipped questionnaires load and check clean; versions and ids behave.

use super::*;
use std::path::PathBuf;

/// The content tree shipped in the repository.
pub(crate) fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

#[test]
fn the_shipped_questionnaires_have_no_problems() {
    let problems = check(&content_dir());
    assert!(
        problems.is_empty(),
        "content/questionnaires must check clean:\n{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for id in ["family", "enterprise"] {
        let (all, _) = Questionnaires::load(&content_dir());
        let q = all.get(id).unwrap();
        assert_eq!(q.definition.id, id);
        assert_eq!(q.version.len(), 64, "the version is a hex SHA-256");
    }
}

#[test]
fn the_version_changes_with_the_text() {
    assert_ne!(
        version_of("a"),
        version_of("b"),
        "a change of text is a new version"
    );
    assert_eq!(
        version_of(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA-256 of nothing"
    );
}

#[test]
fn unknown_or_malformed_ids_are_refused() {
    let (all, _) = Questionnaires::load(&content_dir());
    let err = all.get("no-such-questionnaire").unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = all.get("../secrets").unwrap_err();
    assert_eq!(
        err.code(),
        "invalid_input",
        "a path is never a questionnaire id"
    );
}

#[test]
fn a_questionnaire_with_errors_is_not_served() {
    let text = r#"
id = "x"
kind = "family"
title = { zh = "x", en = "x" }
[[sections]]
id = "s"
title = { zh = "s", en = "s" }
[[sections.questions]]
id = "a"
type = "yes_no"
label = { zh = "a", en = "a" }
show_if = "ghost == yes"
"#;
    let err = parse(text, "questionnaires/x.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown question id `ghost`"), "{err}");
}
