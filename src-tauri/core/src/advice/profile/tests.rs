//! Profiles: defaults, ranges and the field named in every error.

use super::*;
use serde_json::json;

fn family_json() -> Value {
    json!({
        "kind": "family",
        "annual_income": 200000,
        "support_years": 15,
        "years_to_retirement": 25,
        "monthly_expenses": 8000
    })
}

fn err_of(v: Value) -> String {
    Profile::from_json(&v).unwrap_err().to_string()
}

#[test]
fn a_minimal_family_profile_takes_the_documented_defaults() {
    let Profile::Family(p) = Profile::from_json(&family_json()).unwrap() else {
        panic!("a family profile was given");
    };
    assert_eq!(
        p.ci_multiple,
        Ratio::whole(3),
        "critical illness defaults to 3 x income"
    );
    assert_eq!(
        p.disability_replacement,
        Ratio::from_percent(60),
        "disability defaults to 60 %"
    );
    assert_eq!(p.emergency_months, 6, "emergency fund defaults to 6 months");
    assert_eq!(
        p.premium_budget_share,
        Ratio::from_percent(10),
        "budget defaults to 10 %"
    );
    assert_eq!(p.family_share, Ratio::from_percent(70));
    assert_eq!(p.discount_rate, Ratio::from_percent(3));
    assert_eq!(p.debts, Money::ZERO, "absent debts are none");
    assert_eq!(p.final_expenses, Money::ZERO);
}

#[test]
fn bad_family_fields_are_named() {
    let cases: Vec<(Value, &str)> = vec![
        (json!({"kind": "family"}), "annual_income: is required"),
        (
            {
                let mut v = family_json();
                v["annual_income"] = json!(-1);
                v
            },
            "annual_income: must not be negative",
        ),
        (
            {
                let mut v = family_json();
                v["discount_rate"] = json!(3);
                v
            },
            "discount_rate: must be from 0 to 0.2, got 3",
        ),
        (
            {
                let mut v = family_json();
                v["annual_income"] = json!("a lot");
                v
            },
            "annual_income: `a lot` is not a number",
        ),
        (
            {
                let mut v = family_json();
                v["annual_incom"] = json!(1);
                v
            },
            "annual_incom: unknown field",
        ),
        (
            {
                let mut v = family_json();
                v["product_kind"] = json!("pension");
                v
            },
            "product_kind: unknown kind `pension`",
        ),
        (
            {
                let mut v = family_json();
                v["income_multiple_low"] = json!(20);
                v
            },
            "income_multiple_low: must not exceed income_multiple_high (15)",
        ),
        (
            json!({"kind": "pets"}),
            "kind: must be `family` or `enterprise`",
        ),
        (json!([1, 2]), "profile: must be a JSON object"),
    ];
    for (v, expected) in cases {
        let got = err_of(v);
        assert!(
            got.starts_with(expected),
            "expected `{expected}`, got `{got}`"
        );
    }
}

#[test]
fn enterprise_risks_are_checked_one_by_one() {
    let v = json!({
        "kind": "enterprise", "loss_capacity": 500000, "expected_return": 0.08,
        "risks": [
            {"name": "fire", "frequency": 0.05, "severity": 400000, "max_loss": 3000000, "premium": 30000},
            {"name": "theft", "frequency": 2, "severity": "x", "max_loss": 1}
        ]
    });
    assert_eq!(err_of(v), "risks[1].severity: `x` is not a number");
}

#[test]
fn outcomes_replace_frequency_and_severity() {
    let v = json!({
        "kind": "enterprise", "loss_capacity": 500000, "expected_return": 0.08,
        "risks": [{"name": "flood", "premium": 9000, "outcomes": [
            {"loss": 0, "probability": 0.9},
            {"loss": 100000, "probability": 0.08},
            {"loss": 1000000, "probability": 0.02}
        ]}]
    });
    let Profile::Enterprise(p) = Profile::from_json(&v).unwrap() else {
        panic!("an enterprise profile was given");
    };
    let r = &p.risks[0];
    assert_eq!(
        r.frequency,
        Ratio::from_percent(10),
        "a loss happens with probability 0.1"
    );
    // E = 8 000 + 20 000 = 28 000; severity = 28 000 / 0.1 = 280 000.
    assert_eq!(r.severity, Money::from_major(280_000).unwrap());
    assert_eq!(
        r.max_loss,
        Money::from_major(1_000_000).unwrap(),
        "the worst outcome"
    );
}

#[test]
fn outcomes_must_not_exceed_certainty_or_mix_with_frequency() {
    let v = json!({
        "kind": "enterprise", "loss_capacity": 1, "expected_return": 0.08,
        "risks": [{"name": "x", "outcomes": [{"loss": 1, "probability": 0.7}, {"loss": 2, "probability": 0.4}]}]
    });
    assert!(err_of(v).starts_with("risks[0].outcomes: probabilities add up to 1.1"));
    let v = json!({
        "kind": "enterprise", "loss_capacity": 1, "expected_return": 0.08,
        "risks": [{"name": "x", "frequency": 1, "outcomes": [{"loss": 1, "probability": 0.5}]}]
    });
    assert!(err_of(v).contains("either outcomes or frequency"));
}

#[test]
fn enterprise_needs_at_least_one_risk_and_known_hazards() {
    let v = json!({"kind": "enterprise", "loss_capacity": 1, "expected_return": 0.1, "risks": []});
    assert_eq!(err_of(v), "risks: must list at least one risk");
    let v = json!({"kind": "enterprise", "loss_capacity": 1, "expected_return": 0.1,
        "hazards": ["dragons"], "risks": [{"name": "x", "frequency": 1, "severity": 1, "max_loss": 1}]});
    assert!(err_of(v).starts_with("hazards[0]: unknown hazard"));
}

#[test]
fn invalid_json_text_is_one_clear_error() {
    let err = Profile::from_json_text("{\"kind\": ")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("profile: not valid JSON"), "{err}");
}
