//! Rows of the shipped family questionnaire's groups, evaluated: per-row conditions, computed
//! values, labels, references to rows that are gone, and progress.

use crate::questionnaire::form::{evaluate, Answers};
use crate::questionnaire::{tests::content_dir, Questionnaire, Questionnaires};
use serde_json::{json, Value};

const TODAY: &str = "2026-11-28";

fn family() -> Questionnaire {
    let (all, _) = Questionnaires::load(&content_dir());
    all.get("family").unwrap().clone()
}

fn stored(pairs: &[(&str, Value)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn each_row_has_its_own_conditions() {
    let q = family();
    let a = stored(&[(
        "policies",
        json!([
            {"id": "r3", "kind": "medical_indemnity", "deductible": "10000.00"},
            {"id": "r4", "kind": "term_life", "deductible": "5000.00"},
            {"id": "r5", "kind": "property", "object": "上海市某路 1 号"},
        ]),
    )]);
    let form = evaluate(&q, &a, false, TODAY);
    let rows = &form.rows["policies"];
    assert!(
        rows[0].visible.contains(&"deductible".into()),
        "medical: a deductible"
    );
    assert!(
        !rows[1].visible.contains(&"deductible".into()),
        "term life: none"
    );
    assert!(
        !rows[2].visible.contains(&"insured".into()) && rows[2].visible.contains(&"object".into())
    );
    // A hidden answer stays stored but counts for nothing.
    assert_eq!(
        form.answers["policies"],
        json!([
            {"id": "r3", "kind": "medical_indemnity", "deductible": "10000.00"},
            {"id": "r4", "kind": "term_life"},
            {"id": "r5", "kind": "property", "object": "上海市某路 1 号"},
        ])
    );
}

#[test]
fn a_rows_computed_values_come_from_its_own_answers() {
    let q = family();
    let a = stored(&[
        ("birth_date", json!("1960-01-01")),
        (
            "members",
            json!([
                {"id": "r1", "relation": "self", "birth_date": "1988-03-02"},
                {"id": "r2", "relation": "child", "birth_date": "2019-06-01"},
                {"id": "r3", "relation": "child"},
            ]),
        ),
    ]);
    let form = evaluate(&q, &a, false, TODAY);
    let rows = &form.rows["members"];
    assert_eq!(rows[0].computed["age"], json!(38));
    assert_eq!(rows[1].computed["age"], json!(7));
    assert!(
        !rows[2].computed.contains_key("age"),
        "no birth date, no age"
    );
    assert_eq!(
        form.computed["age"],
        json!(66),
        "the age asked once is its own"
    );
}

#[test]
fn rows_are_labelled_by_name_or_relation_never_by_id() {
    let q = family();
    let a = stored(&[(
        "members",
        json!([
            {"id": "r1", "relation": "self", "name": "王强"},
            {"id": "r2", "relation": "child"},
            {"id": "r5", "relation": "child"},
            {"id": "r6"},
        ]),
    )]);
    let form = evaluate(&q, &a, false, TODAY);
    let labels: Vec<(&str, &str)> = form.rows["members"]
        .iter()
        .map(|r| (r.label.zh.as_str(), r.label.en.as_str()))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("王强", "王强"),
            ("子女 1", "Child 1"),
            ("子女 2", "Child 2"),
            ("第 4 行", "Row 4")
        ]
    );
}

#[test]
fn a_reference_to_a_removed_row_counts_for_nothing() {
    let q = family();
    let a = stored(&[
        (
            "members",
            json!([{"id": "r1", "relation": "self"}, {"id": "r2", "relation": "child", "depends_on": ["r1", "r9"]}]),
        ),
        (
            "policies",
            json!([{"id": "r3", "kind": "accident", "insured": "r9", "holder": "r1", "beneficiaries": ["r9"]}]),
        ),
    ]);
    let form = evaluate(&q, &a, false, TODAY);
    assert_eq!(form.answers["members"][1]["depends_on"], json!(["r1"]));
    let policy = &form.answers["policies"][0];
    assert!(policy.get("insured").is_none(), "{policy}");
    assert_eq!(policy["holder"], "r1");
    assert_eq!(
        policy["beneficiaries"],
        json!([]),
        "none left: none designated"
    );
}

#[test]
fn a_group_is_one_step_of_progress_missing_what_its_rows_lack() {
    let q = family();
    let none = evaluate(&q, &Answers::new(), false, TODAY);
    let members = none.sections.iter().find(|s| s.id == "members").unwrap();
    assert_eq!((members.visible, members.answered), (1, 0));
    assert!(
        members.missing_required.is_empty(),
        "rows are optional in the family questionnaire"
    );
    let a = stored(&[(
        "policies",
        json!([{"id": "r1", "kind": "accident"}, {"id": "r2", "status": "lapsed"}]),
    )]);
    let form = evaluate(&q, &a, false, TODAY);
    let p = form.sections.iter().find(|s| s.id == "policies").unwrap();
    assert_eq!(p.answered, 1);
    assert_eq!(
        p.missing_required,
        vec![
            "policies[0].status".to_string(),
            "policies[1].kind".to_string()
        ]
    );
    assert!(!p.complete);
    assert!(
        !form.answers.contains_key("members"),
        "a group never edited has no answer"
    );
}

#[test]
fn a_groups_fewest_rows_are_required() {
    let text = r#"
id = "t"
kind = "family"
title = { zh = "测", en = "T" }
[[sections]]
id = "people"
repeat = true
min_rows = 2
title = { zh = "人", en = "People" }
[[sections.questions]]
id = "name"
type = "text"
label = { zh = "名", en = "Name" }
"#;
    let q = crate::questionnaire::parse(text, "t.toml").unwrap();
    let one = stored(&[("people", json!([{"id": "r1", "name": "a"}]))]);
    let form = evaluate(&q, &one, false, TODAY);
    assert_eq!(
        form.sections[0].missing_required,
        vec!["people".to_string()]
    );
    let two = stored(&[("people", json!([{"id": "r1"}, {"id": "r2"}]))]);
    assert!(evaluate(&q, &two, false, TODAY).sections[0].complete);
}

#[test]
fn damaged_rows_are_skipped_not_fatal() {
    let q = family();
    let a = stored(&[(
        "members",
        json!([{"relation": "self"}, 5, "x", {"id": "r2", "relation": "spouse"}]),
    )]);
    let form = evaluate(&q, &a, false, TODAY);
    assert_eq!(
        form.answers["members"],
        json!([{"id": "r2", "relation": "spouse"}])
    );
    let not_a_list = stored(&[("members", json!("oops"))]);
    assert_eq!(
        evaluate(&q, &not_a_list, false, TODAY).answers["members"],
        json!([])
    );
}
