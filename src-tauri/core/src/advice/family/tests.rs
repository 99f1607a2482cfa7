//! The family methods against hand-worked numbers, including the edges.

use super::*;
use crate::advice::Profile;
use serde_json::{json, Value};

fn yuan_of(s: &str) -> Money {
    Money::parse("test", s).unwrap()
}

/// A household worked by hand in the comments of each test.
fn base() -> Value {
    json!({
        "kind": "family",
        "annual_income": 200000, "support_years": 10, "debts": 50000, "mortgage": 800000,
        "education": 300000, "final_expenses": 50000, "existing_life_cover": 500000,
        "liquid_assets": 150000, "family_share": 0.7, "years_to_retirement": 25,
        "discount_rate": 0.03, "monthly_expenses": 10000, "emergency_months": 6,
        "existing_ci_cover": 200000, "ci_multiple": 3, "existing_disability_monthly": 2000,
        "disability_replacement": 0.6, "premium_budget_share": 0.1
    })
}

fn profile(v: Value) -> FamilyProfile {
    match Profile::from_json(&v).unwrap() {
        Profile::Family(p) => p,
        Profile::Enterprise(_) => panic!("a family profile was given"),
    }
}

fn with(changes: Value) -> FamilyProfile {
    let mut v = base();
    for (k, val) in changes.as_object().unwrap() {
        v[k] = val.clone();
    }
    profile(v)
}

#[test]
fn dime_adds_the_needs_and_subtracts_what_the_family_has() {
    let d = dime(&profile(base())).unwrap();
    // The family's share of income: 200 000 x 0.7 = 140 000 a year.
    assert_eq!(d.income_replaced, yuan_of("140000"));
    // 50 000 + 140 000 x 10 + 800 000 + 300 000 + 50 000 = 2 600 000
    assert_eq!(d.need, yuan_of("2600000"), "DIME need");
    // 2 600 000 - 500 000 - 150 000 = 1 950 000
    assert_eq!(d.gap, yuan_of("1950000"), "DIME gap");
    assert!(d.more_cover_needed);
}

#[test]
fn dime_gap_never_goes_below_zero_when_cover_exceeds_need() {
    let d = dime(&with(json!({"existing_life_cover": 5000000}))).unwrap();
    assert_eq!(
        d.gap,
        Money::ZERO,
        "cover above need leaves no gap, not a negative one"
    );
    assert!(
        !d.more_cover_needed,
        "no more cover needed must come out plainly"
    );
}

#[test]
fn human_life_value_is_an_ordinary_annuity_rounded_once() {
    let h = human_life_value(&profile(base())).unwrap();
    // 200 000 x 0.7 = 140 000 a year; factor (1 - 1.03^-25) / 0.03 = 17.413147691
    // 140 000 x 17.413147691... = 2 437 840.676... -> 2 437 840.68
    assert_eq!(h.annual_contribution, yuan_of("140000"));
    assert_eq!(h.annuity_factor, "17.413147691");
    assert_eq!(h.value, yuan_of("2437840.68"));
    assert_eq!(h.gap, yuan_of("1787840.68"), "value - 500 000 - 150 000");
}

#[test]
fn human_life_value_over_one_year_discounts_one_payment() {
    let h = human_life_value(&with(json!({
        "annual_income": 100000, "years_to_retirement": 1, "discount_rate": 0.05
    })))
    .unwrap();
    // 70 000 / 1.05 = 66 666.666... -> 66 666.67
    assert_eq!(
        h.value,
        yuan_of("66666.67"),
        "one payment at the end of one year"
    );
}

#[test]
fn human_life_value_without_discounting_is_a_plain_sum() {
    let h = human_life_value(&with(
        json!({"discount_rate": 0, "years_to_retirement": 20}),
    ))
    .unwrap();
    assert_eq!(h.value, yuan_of("2800000"), "140 000 x 20 at a zero rate");
}

#[test]
fn zero_income_needs_no_income_based_cover() {
    let p = with(json!({"annual_income": 0, "existing_disability_monthly": 0}));
    let a = analyse_family(&p).unwrap();
    assert_eq!(
        a.human_life_value.value,
        Money::ZERO,
        "no earnings, no human life value"
    );
    assert_eq!(a.critical_illness.need, Money::ZERO);
    assert_eq!(a.disability_income.monthly_need, Money::ZERO);
    assert_eq!(a.premium_affordability.annual_budget, Money::ZERO);
    assert_eq!(a.income_multiple.high, Money::ZERO);
    // DIME still counts debts, mortgage, education and final expenses: 1 200 000 - 650 000.
    assert_eq!(a.dime.gap, yuan_of("550000"));
}

#[test]
fn income_multiple_is_a_range() {
    let m = income_multiple(&profile(base())).unwrap();
    assert_eq!(
        (m.low, m.high),
        (yuan_of("2000000"), yuan_of("3000000")),
        "10 and 15 x 200 000"
    );
}

#[test]
fn critical_illness_is_a_multiple_minus_existing_cover() {
    let c = critical_illness(&profile(base())).unwrap();
    assert_eq!(c.need, yuan_of("600000"), "3 x 200 000");
    assert_eq!(c.gap, yuan_of("400000"), "600 000 - 200 000");
    assert_eq!(
        (c.range_low, c.range_high),
        (yuan_of("400000"), yuan_of("1000000"))
    );
    let c = critical_illness(&with(
        json!({"ci_multiple": 2.5, "existing_ci_cover": 900000}),
    ))
    .unwrap();
    assert_eq!(c.need, yuan_of("500000"), "an edited multiple recomputes");
    assert_eq!(c.gap, Money::ZERO, "cover above need");
}

#[test]
fn disability_income_is_monthly_and_rounded_once() {
    let d = disability_income(&profile(base())).unwrap();
    assert_eq!(d.monthly_need, yuan_of("10000"), "200 000 x 0.6 / 12");
    assert_eq!(d.monthly_gap, yuan_of("8000"));
    // 200 000 x 0.7 / 12 = 11 666.666... -> 11 666.67
    assert_eq!(d.range_high, yuan_of("11666.67"));
}

#[test]
fn emergency_fund_says_how_many_months_savings_cover() {
    let e = emergency_fund(&profile(base())).unwrap();
    assert_eq!(e.target, yuan_of("60000"));
    assert_eq!(e.months_covered.as_deref(), Some("15.0"));
    assert!(e.sufficient);
    let e = emergency_fund(&with(
        json!({"liquid_assets": 25000, "monthly_expenses": 7500}),
    ))
    .unwrap();
    assert_eq!(
        e.months_covered.as_deref(),
        Some("3.3"),
        "25 000 / 7 500 = 3.33"
    );
    assert_eq!(e.shortfall, yuan_of("20000"), "45 000 - 25 000");
    let e = emergency_fund(&with(json!({"monthly_expenses": 0}))).unwrap();
    assert_eq!(
        e.months_covered, None,
        "no expenses: months covered does not apply"
    );
}

#[test]
fn affordability_compares_the_quote_with_the_budget() {
    let a = premium_affordability(&with(json!({"quoted_premium": 25000}))).unwrap();
    assert_eq!(a.annual_budget, yuan_of("20000"));
    assert_eq!(a.monthly_budget, yuan_of("1666.67"));
    assert_eq!(a.within_budget, Some(false));
    assert_eq!(a.excess, Some(yuan_of("5000")));
}

#[test]
fn the_largest_amounts_compute_or_fail_with_a_named_error() {
    // Ten billion yuan a year for 100 years still fits in i64 fen.
    let p = with(json!({"annual_income": 10000000000u64, "support_years": 100}));
    let a = analyse_family(&p).unwrap();
    assert_eq!(
        a.dime.need,
        yuan_of("700001200000"),
        "1e10 x 0.7 x 100 + 1.2e6"
    );
    let p = with(json!({"annual_income": 90000000000000000u64, "support_years": 100}));
    let err = analyse_family(&p).unwrap_err().to_string();
    assert!(err.starts_with("dime:"), "overflow names the method: {err}");
}

#[test]
fn risks_come_most_severe_first_with_reasons() {
    let p = with(json!({
        "existing_medical_cover": false, "existing_accident_cover": false, "dependents": 2,
        "liquid_assets": 10000, "age": 40
    }));
    let a = analyse_family(&p).unwrap();
    let ids: Vec<&str> = a.risks.iter().map(|r| r.id).collect();
    assert!(
        ids.contains(&"death_income_loss") && ids.contains(&"thin_emergency_fund"),
        "{ids:?}"
    );
    for pair in a.risks.windows(2) {
        assert!(
            pair[0].severity <= pair[1].severity,
            "ordered by severity: {ids:?}"
        );
    }
    assert!(a
        .risks
        .iter()
        .all(|r| !r.reason.zh.is_empty() && !r.reason.en.is_empty()));
    assert_eq!(
        a.life_stage.as_ref().map(|l| l.stage),
        Some(crate::advice::LifeStage::Middle)
    );
}

#[test]
fn recommendations_link_to_products_and_say_when_nothing_is_needed() {
    let a = analyse_family(&profile(base())).unwrap();
    let kinds: Vec<(&str, &str)> = a
        .recommendations
        .iter()
        .map(|r| (r.product_kind, r.product_id))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("term_life", "term-life"),
            ("critical_illness", "critical-illness")
        ]
    );
    let covered = with(json!({"existing_life_cover": 9000000, "existing_ci_cover": 9000000}));
    let a = analyse_family(&covered).unwrap();
    assert!(a.recommendations.is_empty(), "nothing to recommend");
    assert!(
        a.conclusion.en.contains("no more cover is needed"),
        "{}",
        a.conclusion.en
    );
}

#[test]
fn art_28_warnings_are_raised_for_mismatch_budget_and_duplicates() {
    let codes = |v: Value| -> Vec<&'static str> {
        analyse_family(&with(v))
            .unwrap()
            .warnings
            .iter()
            .map(|w| w.code)
            .collect()
    };
    assert_eq!(
        codes(json!({"product_kind": "term_life", "existing_life_cover": 9000000})),
        vec!["need_mismatch"],
        "term life with no DIME gap"
    );
    assert_eq!(
        codes(json!({"quoted_premium": 20000.01})),
        vec!["premium_beyond_budget"]
    );
    assert!(
        codes(json!({"quoted_premium": 20000})).is_empty(),
        "exactly the budget is affordable"
    );
    assert_eq!(
        codes(json!({"product_kind": "medical", "existing_medical_cover": true})),
        vec!["duplicate_indemnity"]
    );
    assert!(
        codes(json!({"product_kind": "term_life"})).is_empty(),
        "a real gap is no mismatch"
    );
}

#[test]
fn the_same_profile_gives_the_same_json() {
    let a = serde_json::to_string(&analyse_family(&profile(base())).unwrap()).unwrap();
    let b = serde_json::to_string(&analyse_family(&profile(base())).unwrap()).unwrap();
    assert_eq!(a, b, "advice must be deterministic");
    assert!(
        a.contains("\"method\":\"dime\""),
        "results name their method"
    );
}
