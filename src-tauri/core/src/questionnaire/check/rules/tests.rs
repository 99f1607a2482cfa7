//! The checker on rules across rows: each bad rule found naming the file, the line of the rule
//! and the rule; sound rules left alone.

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
id = "married"
type = "yes_no"
label = { zh = "问", en = "Q" }
[[sections]]
id = "members"
repeat = true
max_rows = 12
title = { zh = "成员", en = "Members" }
[[sections.questions]]
id = "relation"
type = "single_choice"
label = { zh = "关系", en = "Relation" }
options = [{ value = "self", label = { zh = "本人", en = "Self" } }, { value = "child", label = { zh = "子女", en = "Child" } }]
[[sections.questions]]
id = "income"
type = "money"
label = { zh = "收入", en = "Income" }
[[sections.questions]]
id = "depends_on"
type = "row_refs"
group = "members"
label = { zh = "靠谁", en = "Depends on" }
[[sections.questions]]
id = "carer"
type = "row_ref"
group = "other"
label = { zh = "照顾", en = "Carer" }
[[sections]]
id = "other"
repeat = true
title = { zh = "其他", en = "Others" }
[[sections.questions]]
id = "name"
type = "text"
label = { zh = "名", en = "Name" }
"#;

/// The text with `rules` put after the members' questions.
fn with_rules(rules: &str) -> String {
    HEAD.replacen(
        "[[sections]]\nid = \"other\"",
        &format!("{rules}\n[[sections]]\nid = \"other\""),
        1,
    )
}

fn rule(id: &str, keys: &str) -> String {
    format!(
        "[[sections.rules]]\nid = \"{id}\"\n{keys}\nmessage = {{ zh = \"不行\", en = \"No\" }}\n"
    )
}

fn problems(text: &str) -> Vec<String> {
    check_text(text, Path::new("questionnaires/t.toml"))
        .iter()
        .map(|p| p.to_string())
        .collect()
}

/// The one problem of `rules`, checked to name the file, the rule's line and the rule.
fn found(id: &str, keys: &str, needle: &str) {
    let text = with_rules(&rule(id, keys));
    let line = text
        .lines()
        .position(|l| l == format!("id = \"{id}\""))
        .unwrap()
        + 1;
    let all = problems(&text);
    let p = all
        .iter()
        .find(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("expected `{needle}`, got {all:#?}"));
    assert!(
        p.starts_with(&format!("questionnaires/t.toml:{line}:")),
        "names the file and the rule's line: {p}"
    );
    assert!(p.contains(&format!("rule `{id}`")), "names the rule: {p}");
}

#[test]
fn sound_rules_have_no_problems() {
    let rules = rule("one_self", "at_most = 1\nrows_where = \"relation == self\"")
        + &rule(
            "self_needed",
            "at_least = 1\nrows_where = \"relation == self\"",
        )
        + &rule("earners", "at_most = 2\nrows_where = \"income > 0\"")
        + &rule("not_own", "not_own_row = \"depends_on\"");
    assert_eq!(problems(&with_rules(&rules)), Vec::<String>::new());
}

#[test]
fn an_unknown_question_is_found() {
    found(
        "one_self",
        "at_most = 1\nrows_where = \"relaton == self\"",
        "rows_where uses `relaton`, which is not a question or computed value of this row",
    );
    // A question asked once is not the row's.
    found(
        "one_self",
        "at_most = 1\nrows_where = \"married == yes\"",
        "rows_where uses `married`",
    );
}

#[test]
fn a_bad_expression_is_found() {
    found(
        "one_self",
        "at_most = 1\nrows_where = \"relation = self\"",
        "rows_where: `=` is not an operator",
    );
    found(
        "one_self",
        "at_most = 1\nrows_where = \"relation == selff\"",
        "`selff` is not an option of `relation`",
    );
    found(
        "one_self",
        "at_most = 1\nrows_where = \"relation == self and relation == child\"",
        "rows_where can never be true",
    );
    found("self_needed", "at_least = 1", "needs rows_where");
}

#[test]
fn a_limit_out_of_range_is_found() {
    found(
        "lots",
        "at_most = 12\nrows_where = \"relation == self\"",
        "at_most 12 can never be broken: the group takes at most 12 rows",
    );
    found(
        "lots",
        "at_least = 13\nrows_where = \"relation == self\"",
        "at_least 13 can never be met",
    );
    found(
        "none",
        "at_least = 0\nrows_where = \"relation == self\"",
        "at_least 0 asks nothing",
    );
    found(
        "both",
        "at_least = 1\nat_most = 2\nrows_where = \"relation == self\"",
        "exactly one of at_most, at_least or not_own_row",
    );
    found(
        "neither",
        "",
        "exactly one of at_most, at_least or not_own_row",
    );
}

#[test]
fn not_own_row_must_name_a_reference_to_the_groups_own_rows() {
    found(
        "not_own",
        "not_own_row = \"relation\"",
        "not_own_row `relation` is not a row_ref or row_refs question of this group",
    );
    found(
        "not_own",
        "not_own_row = \"carer\"",
        "not_own_row `carer` is not a row_ref",
    );
    found(
        "not_own",
        "not_own_row = \"depends_on\"\nrows_where = \"relation == self\"",
        "rows_where is for at_most and at_least rules",
    );
}

#[test]
fn rules_twice_or_without_a_translation_are_found() {
    let rules = rule("one_self", "at_most = 1\nrows_where = \"relation == self\"")
        + &rule(
            "one_self",
            "at_most = 1\nrows_where = \"relation == child\"",
        );
    let all = problems(&with_rules(&rules));
    assert!(
        all.iter()
            .any(|p| p.contains("rule `one_self` is defined twice")),
        "{all:#?}"
    );
    let text = with_rules(
        "[[sections.rules]]\nid = \"one_self\"\nat_most = 1\nrows_where = \"relation == self\"\nmessage = { zh = \"不行\" }\n",
    );
    let all = problems(&text);
    assert!(
        all.iter()
            .any(|p| p.contains("rule `one_self`: the message has no English translation")),
        "{all:#?}"
    );
}

#[test]
fn rules_on_a_section_asked_once_are_refused() {
    let text = HEAD.replacen(
        "[[sections]]\nid = \"members\"",
        "[[sections.rules]]\nid = \"x\"\nnot_own_row = \"married\"\nmessage = { zh = \"不\", en = \"No\" }\n[[sections]]\nid = \"members\"",
        1,
    );
    let all = problems(&text);
    assert!(
        all.iter().any(|p| p.starts_with("questionnaires/t.toml:")
            && p.contains("section `once`: `rules` is for repeating groups")),
        "{all:#?}"
    );
}
