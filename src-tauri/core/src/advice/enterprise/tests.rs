//! Retain or transfer against hand-worked numbers: one case per class and per criterion.

use super::*;
use crate::advice::Profile;
use serde_json::{json, Value};

fn yuan_of(s: &str) -> Money {
    Money::parse("test", s).unwrap()
}

fn firm(risks: Value, extra: Value) -> EnterpriseProfile {
    let mut v = json!({
        "kind": "enterprise", "loss_capacity": 500000, "expected_return": 0.08, "risks": risks
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    match Profile::from_json(&v).unwrap() {
        Profile::Enterprise(p) => p,
        Profile::Family(_) => panic!("an enterprise profile was given"),
    }
}

fn one(risk: Value, extra: Value) -> RiskAdvice {
    analyse_enterprise(&firm(json!([risk]), extra), &[])
        .unwrap()
        .risks
        .remove(0)
}

fn met(r: &RiskAdvice) -> Vec<Option<bool>> {
    r.criteria.iter().map(|c| c.met).collect()
}

#[test]
fn a_rare_loss_beyond_capacity_is_transferred() {
    let r = one(
        json!({"name": "fire", "frequency": 0.05, "severity": 400000, "max_loss": 3000000, "premium": 30000}),
        json!({}),
    );
    assert_eq!(r.expected_loss, yuan_of("20000"), "0.05 x 400 000");
    assert_eq!(r.loading, Some(yuan_of("10000")), "30 000 - 20 000");
    assert_eq!(
        r.premium_opportunity_cost,
        Some(yuan_of("2400")),
        "30 000 x 0.08"
    );
    assert_eq!(r.matrix, "insure");
    assert_eq!(
        met(&r),
        vec![Some(true), Some(false), Some(true), Some(false)]
    );
    assert_eq!(
        r.decision,
        Decision::Transfer,
        "the firm cannot bear 3 000 000"
    );
}

#[test]
fn a_frequent_small_loss_is_retained_with_loss_control() {
    let r = one(
        json!({"name": "theft", "frequency": 4, "severity": 2000, "max_loss": 10000,
               "premium": 12000, "retention_cost": 1000}),
        json!({}),
    );
    assert_eq!(r.expected_loss, yuan_of("8000"));
    assert_eq!(r.loading, Some(yuan_of("4000")));
    assert_eq!(r.matrix, "retain_with_loss_control");
    assert_eq!(r.decision, Decision::RetainWithLossControl);
}

#[test]
fn without_a_quote_a_bearable_risk_is_retained_not_transferred() {
    let r = one(
        json!({"name": "breakage", "frequency": 0.5, "severity": 10000, "max_loss": 50000}),
        json!({}),
    );
    assert_eq!(r.loading, None, "no premium, no loading");
    assert_eq!(met(&r)[0], None, "criterion (a) cannot be judged");
    assert_eq!(
        r.decision,
        Decision::Retain,
        "transfer is never the default"
    );
}

#[test]
fn a_frequent_loss_beyond_capacity_is_avoided_or_reduced() {
    let r = one(
        json!({"name": "explosion", "frequency": 2, "severity": 300000, "max_loss": 2000000, "premium": 900000}),
        json!({}),
    );
    assert_eq!(r.matrix, "avoid_or_reduce");
    assert_eq!(r.decision, Decision::AvoidOrReduce);
}

#[test]
fn a_good_return_elsewhere_can_tip_the_balance_to_retention() {
    // EL 10 000, loading 2 000, opportunity cost 12 000 x 0.08 = 960.
    let risk = |cost: u32| {
        json!({"name": "x", "frequency": 0.1, "severity": 100000, "max_loss": 200000,
               "premium": 12000, "retention_cost": cost})
    };
    let r = one(risk(2500), json!({}));
    assert_eq!(
        met(&r)[0],
        Some(false),
        "2 500 is above the loading of 2 000"
    );
    assert_eq!(
        r.decision,
        Decision::Retain,
        "2 500 < 2 000 + 960 with a good return elsewhere"
    );
    let r = one(risk(3000), json!({}));
    assert_eq!(r.decision, Decision::Transfer, "3 000 > 2 960");
    let r = one(risk(2500), json!({"expected_return": 0.03}));
    assert_eq!(met(&r)[2], Some(false), "3 % is below the 5 % threshold");
    assert_eq!(
        r.decision,
        Decision::Transfer,
        "no return elsewhere and a one-year payout"
    );
}

#[test]
fn a_long_payout_period_is_a_criterion_of_its_own() {
    let r = one(
        json!({"name": "liability", "frequency": 0.1, "severity": 100000, "max_loss": 200000,
               "premium": 12000, "retention_cost": 2500, "payout_years": 5}),
        json!({"expected_return": 0.03}),
    );
    assert_eq!(met(&r)[1], Some(true), "losses paid over 5 years");
    // Retaining costs 2 500, more than 2 000 + 12 000 x 0.03 = 2 360: still transfer.
    assert_eq!(r.decision, Decision::Transfer);
}

#[test]
fn outcomes_give_the_expected_loss_exactly() {
    let r = one(
        json!({"name": "flood", "premium": 30000, "outcomes": [
            {"loss": 0, "probability": 0.9}, {"loss": 100000, "probability": 0.08},
            {"loss": 1000000, "probability": 0.02}]}),
        json!({}),
    );
    assert_eq!(r.expected_loss, yuan_of("28000"), "8 000 + 20 000");
    assert_eq!(r.loading, Some(yuan_of("2000")));
    assert_eq!(
        r.decision,
        Decision::Transfer,
        "the worst outcome, 1 000 000, is beyond 500 000"
    );
}

#[test]
fn a_premium_below_the_expected_loss_has_a_negative_loading() {
    let r = one(
        json!({"name": "x", "frequency": 1, "severity": 1000, "max_loss": 1000, "premium": 800}),
        json!({}),
    );
    assert_eq!(r.loading, Some(Money::from_minor(-20_000)), "800 - 1 000");
    assert_eq!(
        r.decision,
        Decision::Transfer,
        "insurance is cheaper than the losses themselves"
    );
}

#[test]
fn hazards_get_loss_prevention_and_retained_quotes_get_a_warning() {
    let p = firm(
        json!([{"name": "theft", "frequency": 4, "severity": 2000, "max_loss": 10000, "premium": 12000}]),
        json!({"hazards": ["flammable_stock", "flood_exposure"]}),
    );
    let a = analyse_enterprise(&p, &[]).unwrap();
    let hazards: Vec<&str> = a
        .loss_prevention
        .iter()
        .map(|h| h.hazard.as_str())
        .collect();
    assert_eq!(hazards, vec!["flammable_stock", "flood_exposure"]);
    assert_eq!(
        a.warnings.len(),
        1,
        "insuring a risk to retain is a need mismatch"
    );
    assert_eq!(a.warnings[0].code, "need_mismatch");
    assert!(a.recommendations.is_empty(), "nothing to transfer");
    assert!(
        a.conclusion.en.contains("no insurance is needed"),
        "{}",
        a.conclusion.en
    );
}

#[test]
fn every_known_hazard_has_its_own_suggestion() {
    let generic = prevention("unknown").suggestion;
    for h in crate::advice::HAZARDS {
        assert_ne!(
            prevention(h).suggestion,
            generic,
            "{h} needs a specific suggestion"
        );
    }
}
