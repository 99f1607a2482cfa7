//! Visibility, computed values and progress on the shipped family questionnaire.

use super::*;
use crate::questionnaire::{tests::content_dir, Questionnaires};
use serde_json::json;

const TODAY: &str = "2026-11-28";

fn family() -> Questionnaire {
    let (all, _) = Questionnaires::load(&content_dir());
    all.get("family").unwrap().clone()
}

fn answers(pairs: &[(&str, Value)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn follow_up_questions_appear_only_when_their_condition_holds() {
    let q = family();
    let none = evaluate(&q, &Answers::new(), false, TODAY);
    assert!(
        !none.visible.contains(&"mortgage".to_string()),
        "no mortgage question before the yes"
    );
    let yes = evaluate(&q, &answers(&[("has_mortgage", json!(true))]), false, TODAY);
    assert!(
        yes.visible.contains(&"mortgage".to_string()),
        "the amount follows a yes"
    );
    let kids = evaluate(&q, &answers(&[("children", json!(2))]), false, TODAY);
    assert!(
        kids.visible.contains(&"education".to_string()),
        "education follows children > 0"
    );
}

#[test]
fn answers_to_hidden_questions_count_for_nothing() {
    let q = family();
    let stored = answers(&[
        ("has_mortgage", json!(false)),
        ("mortgage", json!("800000.00")),
    ]);
    let s = evaluate(&q, &stored, false, TODAY);
    assert!(
        !s.answers.contains_key("mortgage"),
        "a hidden answer is kept in storage, not used"
    );
}

#[test]
fn health_questions_need_the_separate_consent() {
    let q = family();
    let without = evaluate(&q, &Answers::new(), false, TODAY);
    assert!(
        !without.visible.contains(&"hospitalised_2y".to_string()),
        "hidden without consent"
    );
    let with = evaluate(&q, &Answers::new(), true, TODAY);
    assert!(
        with.visible.contains(&"hospitalised_2y".to_string()),
        "shown with consent"
    );
    let health = without.sections.iter().find(|s| s.id == "health").unwrap();
    assert_eq!(
        health.visible, 0,
        "the health section is empty without consent"
    );
}

#[test]
fn computed_values_follow_the_answers() {
    let q = family();
    let s = evaluate(
        &q,
        &answers(&[
            ("birth_date", json!("1988-12-01")),
            ("car_loan", json!("30000.00")),
            ("other_debts", json!("5000.50")),
        ]),
        false,
        TODAY,
    );
    assert_eq!(
        s.computed.get("age"),
        Some(&json!(37)),
        "37 until 1 December 2026"
    );
    assert_eq!(s.computed.get("life_stage"), Some(&json!("middle")));
    assert_eq!(
        s.computed.get("total_debts"),
        Some(&json!("35000.50")),
        "30 000 + 5 000.50"
    );
    assert_eq!(
        s.computed.get("health_history"),
        None,
        "nothing to compute from yet"
    );
}

#[test]
fn progress_counts_visible_questions_and_points_at_the_first_incomplete_section() {
    let q = family();
    let empty = evaluate(&q, &Answers::new(), false, TODAY);
    assert_eq!(empty.answered, 0);
    assert_eq!(empty.current_section, 0, "start at the beginning");
    assert!(!empty.sections[0].complete);
    let household = answers(&[
        ("birth_date", json!("1988-12-01")),
        ("marital_status", json!("single")),
        ("children", json!(0)),
        ("dependents", json!(0)),
    ]);
    let s = evaluate(&q, &household, false, TODAY);
    assert!(
        s.sections[0].complete,
        "every required household question is answered"
    );
    assert_eq!(s.current_section, 1, "resume at the income section");
    assert_eq!(s.answered, 4);
    assert!(s.percent > 0 && s.percent < 100, "{}", s.percent);
}

#[test]
fn a_skipped_optional_section_is_complete_once_a_later_one_is_answered() {
    let q = family();
    let s = evaluate(
        &q,
        &answers(&[("premium_budget_percent", json!("10.00"))]),
        false,
        TODAY,
    );
    let budget = s.sections.iter().position(|x| x.id == "budget").unwrap();
    assert!(
        s.sections[budget].complete,
        "budget has no required question and is answered"
    );
    assert!(
        !s.sections[0].complete,
        "the household still misses required answers"
    );
}

#[test]
fn years_to_retirement_come_from_the_age_and_a_stated_or_the_default_retirement_age() {
    let q = family();
    // Born 1988-06-01, 38 on 2026-11-28: 22 years to the default of 60.
    let dob = ("birth_date", json!("1988-06-01"));
    let by_default = evaluate(&q, &answers(std::slice::from_ref(&dob)), false, TODAY);
    assert_eq!(by_default.computed["age"], json!(38));
    assert_eq!(by_default.computed["years_to_retirement"], json!(22));
    assert!(
        !by_default
            .visible
            .contains(&"years_to_retirement".to_string()),
        "the years are derived, never asked"
    );
    let stated = evaluate(
        &q,
        &answers(&[dob.clone(), ("retirement_age", json!(63))]),
        false,
        TODAY,
    );
    assert_eq!(stated.computed["years_to_retirement"], json!(25));
    let passed = evaluate(
        &q,
        &answers(&[
            ("birth_date", json!("1960-01-01")),
            ("retirement_age", json!(60)),
        ]),
        false,
        TODAY,
    );
    assert_eq!(
        passed.computed["years_to_retirement"],
        json!(0),
        "a retirement age already passed leaves no years, not fewer than none"
    );
    let unknown = evaluate(&q, &answers(&[("retirement_age", json!(60))]), false, TODAY);
    assert_eq!(
        unknown.computed.get("years_to_retirement"),
        None,
        "without an age there is nothing to derive"
    );
}
