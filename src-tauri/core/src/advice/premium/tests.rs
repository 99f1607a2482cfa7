//! Indicative premiums and the budget cap, worked by hand.

use super::*;
use crate::advice::{analyse_family_priced, Profile};
use crate::content::rates::RateBand;
use serde_json::{json, Value};

fn y(s: &str) -> Money {
    Money::parse("test", s).unwrap()
}

/// The rates used below (illustrative): term life 14.00 / 9.00 per 10 000 at 36-40, critical
/// illness 125.00 / 110.00, medical 1.60 at any sex on a typical 2 000 000.
fn book() -> RateBook {
    let table = |id: &str,
                 by_sex: bool,
                 typical: Option<&str>,
                 bands: &[(i64, i64, &str, &str)]| RateTable {
        product_id: id.into(),
        date: "2026-11-01".into(),
        note: text("仅供说明", "For illustration only"),
        by_sex,
        typical_sum: typical.map(y),
        bands: bands
            .iter()
            .map(|(lo, hi, m, f)| RateBand {
                min_age: *lo,
                max_age: *hi,
                male: y(m),
                female: y(f),
            })
            .collect(),
    };
    let mut b = RateBook::default();
    b.insert(table(
        "term-life",
        true,
        None,
        &[(18, 35, "10", "6.5"), (36, 40, "14", "9")],
    ));
    b.insert(table(
        "critical-illness",
        true,
        None,
        &[(18, 35, "95", "85"), (36, 40, "125", "110")],
    ));
    b.insert(table(
        "medical",
        false,
        Some("2000000"),
        &[(18, 60, "1.6", "1.6")],
    ));
    b
}

fn parent(changes: Value) -> crate::advice::FamilyAdvice {
    let mut v = json!({
        "kind": "family", "age": 38, "dependents": 3,
        "annual_income": 300000, "support_years": 20, "years_to_retirement": 22,
        "mortgage": 1200000, "education": 300000, "final_expenses": 100000,
        "existing_life_cover": 500000, "liquid_assets": 0, "monthly_expenses": 15000,
        "existing_ci_cover": 900000
    });
    for (k, val) in changes.as_object().unwrap() {
        v[k] = val.clone();
    }
    match Profile::from_json(&v).unwrap() {
        Profile::Family(p) => analyse_family_priced(&p, &book()).unwrap(),
        Profile::Enterprise(_) => panic!("family"),
    }
}

#[test]
fn premiums_and_the_largest_sum_are_exact() {
    // 5 300 000 = 530 units of 10 000 x 14.00 = 7 420.00.
    assert_eq!(premium_of(y("14"), y("5300000")), y("7420"));
    // 1.60 x 200 units = 320.00; 0.05 x 1 unit rounds half up.
    assert_eq!(premium_of(y("1.6"), y("2000000")), y("320"));
    // 6 000 / 14 = 428.57 units -> 428 units = 4 280 000, premium 5 992.
    assert_eq!(largest_sum_within(y("14"), y("6000")), y("4280000"));
    assert_eq!(
        largest_sum_within(y("14"), y("13.99")),
        Money::ZERO,
        "not even one unit"
    );
}

#[test]
fn the_rate_follows_the_age_band_and_sex() {
    let b = book();
    let t = b.get("term-life").unwrap();
    assert_eq!(
        rate_for(t, 38, Some("female")),
        Some((y("9"), [36, 40], "female"))
    );
    assert_eq!(
        rate_for(t, 35, Some("male")),
        Some((y("10"), [18, 35], "male")),
        "the band's last age"
    );
    assert_eq!(
        rate_for(t, 38, None),
        Some((y("14"), [36, 40], "higher_of_both")),
        "no sex: the higher rate"
    );
    assert_eq!(rate_for(t, 41, Some("male")), None, "outside the table");
}

#[test]
fn the_parent_of_two_sees_the_premium_within_the_budget() {
    // Budget 10 % x 300 000 = 30 000. Term life 5 300 000 at 14.00 (male, 38) = 7 420.
    let a = parent(json!({"sex": "male"}));
    let life = a
        .recommendations
        .iter()
        .find(|r| r.product_kind == "term_life")
        .unwrap();
    let q = life.indicative_premium.as_ref().expect("priced");
    assert_eq!(
        (q.sum, q.rate_per_10000, q.annual_premium),
        (y("5300000"), y("14"), y("7420"))
    );
    assert_eq!(q.age_band, [36, 40]);
    assert!(q.within_budget);
    assert_eq!(q.budget_left, y("30000"));
    let plan = a.premium_plan.as_ref().unwrap();
    assert_eq!(plan.total, y("7420"));
    assert!(plan.within_budget);
    assert!(a.warnings.is_empty(), "within the budget: no warning");
    assert!(
        plan.summary
            .en
            .contains("about ¥7,420 a year, within the premium budget of ¥30,000"),
        "{}",
        plan.summary.en
    );
}

#[test]
fn beyond_the_budget_the_largest_sum_within_it_is_offered() {
    // Budget 2 % x 300 000 = 6 000 < 7 420: the largest sum is 428 units = 4 280 000 at 5 992.
    let a = parent(json!({"sex": "male", "premium_budget_share": 0.02}));
    let life = a
        .recommendations
        .iter()
        .find(|r| r.product_kind == "term_life")
        .unwrap();
    let q = life.indicative_premium.as_ref().unwrap();
    assert!(!q.within_budget);
    assert_eq!(q.capped_sum, Some(y("4280000")));
    assert_eq!(q.capped_premium, Some(y("5992")));
    assert!(
        q.budget_note
            .en
            .contains("the largest sum is about ¥4,280,000 (about ¥5,992 a year)"),
        "{}",
        q.budget_note.en
    );
    let plan = a.premium_plan.as_ref().unwrap();
    assert!(!plan.within_budget);
    assert_eq!(plan.total_within_budget, y("5992"));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "premium_beyond_budget" && w.message == plan.summary),
        "art. 28: the recommendation's own premium beyond the budget is a warning kept with the result"
    );
}

#[test]
fn fixed_cover_comes_first_then_the_sums_in_order() {
    // No medical cover and no critical illness cover: medical at 1.60 x 200 = 320 first, then
    // term life 7 420, then critical illness 900 000 at 125.00 = 11 250. Budget 5 % = 15 000:
    // after 320 + 7 420, 7 260 is left: 7 260 / 125 = 58.08 -> 580 000 at 7 250.
    let a = parent(
        json!({"sex": "male", "premium_budget_share": 0.05, "existing_medical_cover": false, "existing_ci_cover": 0}),
    );
    let get = |k: &str| {
        a.recommendations
            .iter()
            .find(|r| r.product_kind == k)
            .unwrap()
            .indicative_premium
            .clone()
            .unwrap()
    };
    let med = get("medical");
    assert_eq!(
        (med.sum, med.sum_from, med.annual_premium, med.sex),
        (y("2000000"), "typical_sum", y("320"), "any")
    );
    assert_eq!(get("term_life").budget_left, y("14680"));
    let ci = get("critical_illness");
    assert_eq!(ci.budget_left, y("7260"));
    assert_eq!(ci.capped_sum, Some(y("580000")));
    assert_eq!(ci.capped_premium, Some(y("7250")));
}

#[test]
fn without_an_age_there_is_no_premium_and_it_is_said() {
    let a = parent(json!({"age": null}));
    let life = a
        .recommendations
        .iter()
        .find(|r| r.product_kind == "term_life")
        .unwrap();
    assert!(life.indicative_premium.is_none());
    assert!(life.no_premium_reason.is_some());
    assert!(a.premium_plan.is_none());
}
