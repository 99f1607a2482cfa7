//! The checker on repeating groups: each problem found with the file and the line of the group's
//! own question, and a sound group left alone.

use super::super::check_text;
use std::path::Path;

const HEAD: &str = r#"
id = "t"
kind = "family"
title = { zh = "测试", en = "Test" }
[[sections]]
id = "once"
title = { zh = "一次", en = "Once" }
[[sections.questions]]
id = "kind"
type = "yes_no"
label = { zh = "问", en = "Q" }
"#;

fn group(id: &str, keys: &str) -> String {
    format!("[[sections]]\nid = \"{id}\"\nrepeat = true\ntitle = {{ zh = \"组\", en = \"Group\" }}\n{keys}\n")
}

fn q(id: &str, rest: &str) -> String {
    format!(
        "[[sections.questions]]\nid = \"{id}\"\nlabel = {{ zh = \"问\", en = \"Q\" }}\n{rest}\n"
    )
}

fn problems(body: &str) -> Vec<String> {
    check_text(&format!("{HEAD}{body}"), Path::new("questionnaires/t.toml"))
        .iter()
        .map(|p| p.to_string())
        .collect()
}

fn assert_finds(body: &str, needle: &str) -> String {
    let found = problems(body);
    found
        .iter()
        .find(|p| p.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("expected a problem containing `{needle}`, got {found:#?}"))
}

const KINDS: &str = "type = \"single_choice\"\noptions = [{ value = \"medical_indemnity\", label = { zh = \"医\", en = \"M\" } }, { value = \"term_life\", label = { zh = \"寿\", en = \"T\" } }]";

fn members() -> String {
    group("members", "row_label = [\"name\"]")
        + &q("name", "type = \"text\"")
        + &q("birth_date", "type = \"date_of_birth\"")
        + "[[sections.computed]]\nid = \"age\"\nlabel = { zh = \"年龄\", en = \"Age\" }\ncompute = \"age\"\nof = [\"birth_date\"]\n"
}

#[test]
fn a_sound_group_has_no_problems() {
    // `kind` is asked once and again in each policy: a row's ids are its own.
    let body = members()
        + &group("policies", "min_rows = 0\nmax_rows = 30")
        + &q("kind", KINDS)
        + &q(
            "deductible",
            "type = \"money\"\nshow_if = \"kind == medical_indemnity\"",
        )
        + &q("insured", "type = \"row_ref\"\ngroup = \"members\"")
        + &q("start_date", "type = \"date\"")
        + &q("end_date", "type = \"date\"\nnot_before = \"start_date\"");
    assert_eq!(problems(&body), Vec::<String>::new());
}

#[test]
fn a_reference_to_an_unknown_group_is_found_with_its_line() {
    let body = members()
        + &group("policies", "")
        + &q("insured", "type = \"row_ref\"\ngroup = \"memebers\"");
    let p = assert_finds(&body, "group `memebers` is not a repeating group of this questionnaire (groups: members, policies)");
    let line = format!("{HEAD}{body}")
        .lines()
        .position(|l| l.contains("\"insured\""))
        .unwrap()
        + 1;
    assert!(
        p.starts_with(&format!("questionnaires/t.toml:{line}: error:")),
        "{p}"
    );
    assert_finds(
        &(members() + &q("x", "type = \"row_ref\"")),
        "a row reference needs `group",
    );
    assert_finds(
        &(members() + &q("x", "type = \"text\"\ngroup = \"members\"")),
        "`group` is for row_ref and row_refs questions",
    );
}

#[test]
fn duplicate_ids_within_a_row_are_found_at_the_groups_line() {
    let body = members() + &q("name", "type = \"text\"");
    let p = assert_finds(
        &body,
        "id `name` is used twice in the repeating group `members`",
    );
    let text = format!("{HEAD}{body}");
    let group_start = text
        .lines()
        .position(|l| l.contains("\"members\""))
        .unwrap();
    let line: usize = p.split(':').nth(1).unwrap().parse().unwrap();
    assert!(line > group_start, "the line is inside the group: {p}");
    assert_finds(
        &(members() + &q("id", "type = \"text\"")),
        "`id` is the row's own id",
    );
}

#[test]
fn a_condition_may_use_only_the_rows_own_answers() {
    // `kind` is a question asked once, not in this row.
    let outside = members() + &q("note", "type = \"text\"\nshow_if = \"kind == yes\"");
    let p = assert_finds(
        &outside,
        "`note`: show_if uses `kind`, which is not a question of this row",
    );
    let line = format!("{HEAD}{outside}")
        .lines()
        .position(|l| l.contains("\"note\""))
        .unwrap()
        + 1;
    assert!(p.contains(&format!("t.toml:{line}:")), "{p}");
    assert_finds(
        &(members() + &q("note", "type = \"text\"\nshow_if = \"ghost == yes\"")),
        "show_if uses unknown question id `ghost`",
    );
    // And a question asked once cannot look into a group's rows.
    let into = members()
        + "[[sections]]\nid = \"after\"\ntitle = { zh = \"后\", en = \"After\" }\n"
        + &q("later", "type = \"yes_no\"\nshow_if = \"name == x\"");
    assert_finds(
        &into,
        "`later`: show_if uses `name`, a question of the repeating group `members`",
    );
    // The row's own order holds as for questions asked once.
    let forward = members()
        + &q("note", "type = \"text\"\nshow_if = \"later == yes\"")
        + &q("later", "type = \"yes_no\"");
    assert_finds(
        &forward,
        "`note`: show_if uses `later`, which is not answered before it",
    );
    // A row's computed value is the row's.
    let computed_ok = members() + &q("note", "type = \"text\"\nshow_if = \"age < 18\"");
    assert_eq!(problems(&computed_ok), Vec::<String>::new());
}

#[test]
fn a_groups_keys_limits_and_label_are_checked() {
    assert_finds(
        &(group("g", "min_rows = 5\nmax_rows = 2") + &q("a", "type = \"text\"")),
        "`g`: min_rows 5 is above max_rows 2",
    );
    assert_finds(
        &(group("g", "max_rows = 0") + &q("a", "type = \"text\"")),
        "max_rows must be at least 1",
    );
    assert_finds(
        &(group("g", "row_label = [\"nom\"]") + &q("a", "type = \"text\"")),
        "row_label `nom` is not a question of this group",
    );
    assert_finds(
        &(group("g", "row_label = [\"a\"]") + &q("a", "type = \"money\"")),
        "row_label `a` must be a text or single-choice question",
    );
    let not_repeat = "[[sections]]\nid = \"s\"\nmax_rows = 3\ntitle = { zh = \"节\", en = \"S\" }\n"
        .to_string() + &q("a", "type = \"text\"");
    assert_finds(
        &not_repeat,
        "section `s`: `max_rows` is for repeating groups",
    );
    assert_finds(
        &(group("g", "") + &q("a", "type = \"yes_no\"\nsensitive = true")),
        "health questions are asked once",
    );
    assert_finds(
        &(group("g", "") + &q("a", "type = \"money\"\nprofile = \"annual_income\"")),
        "an answer in a repeating group fills no single profile field",
    );
    assert_finds(
        &(group("g", "")
            + &q("s", "type = \"date\"")
            + &q("e", "type = \"date\"\nnot_before = \"x\"")),
        "`e`: not_before `x` is not a date question of the same row",
    );
    assert_finds(
        &(group("g", "")
            + &q("r", "type = \"row_refs\"\ngroup = \"g\"")
            + &q("b", "type = \"text\"\nshow_if = \"r == x\"")),
        "`r` is a list of rows and cannot be compared",
    );
    assert_finds(
        &(group("g", "repeats = 3") + &q("a", "type = \"text\"")),
        "unknown field `repeats`",
    );
}
