//! Each enterprise explanation against figures worked by hand: the deciding criterion, the
//! numbers quoted (rounded to the yuan), a negative loading, defaults shown as assumptions, the
//! matrix class against the decision, and the hazard factors.

use super::explain::{frequency as frequency_words, money as rounded_yuan};
use super::*;
use crate::advice::Profile;
use serde_json::{json, Value};

fn firm(risks: Value, extra: Value) -> EnterpriseProfile {
    let mut v = json!({
        "kind": "enterprise", "loss_capacity": 500000, "expected_return": 0.08, "risks": risks
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    match Profile::from_json(&v).unwrap() {
        Profile::Enterprise(p) => p,
        Profile::Family(_) => unreachable!("an enterprise profile was given"),
    }
}

fn one(risk: Value, extra: Value) -> RiskAdvice {
    analyse_enterprise(&firm(json!([risk]), extra), &[])
        .unwrap()
        .risks
        .remove(0)
}

fn criterion<'a>(r: &'a RiskAdvice, id: &str) -> &'a Criterion {
    r.criteria.iter().find(|c| c.id == id).unwrap()
}

#[test]
fn a_premium_below_the_expected_loss_is_said_in_those_words() {
    // 4 losses a year x 10 000 = 40 000 expected; the quote is 6 000: loading -34 000.
    let r = one(
        json!({"name": "theft", "frequency": 4, "severity": 10000, "max_loss": 30000, "premium": 6000}),
        json!({}),
    );
    assert_eq!(r.loading, Some(Money::from_minor(-3_400_000)));
    assert_eq!(r.decision, Decision::Transfer);
    assert_eq!(r.decided_by, "retention_cost_below_loading");
    assert_eq!(
        r.reason.en,
        "The quoted premium of ¥6,000 is below the expected yearly loss of ¥40,000: insuring costs \
         less than keeping the risk."
    );
    assert_eq!(
        r.reason.zh,
        "报价保费 ¥6,000 低于预期年损失 ¥40,000：投保比自留便宜。"
    );
    let a = criterion(&r, "retention_cost_below_loading");
    assert!(a.decisive);
    assert!(
        a.detail
            .zh
            .starts_with("报价保费 ¥6,000 比预期年损失 ¥40,000 低 ¥34,000：保险附加费用为负"),
        "{}",
        a.detail.zh
    );
    assert!(
        !a.detail.zh.contains("-¥"),
        "no bare negative amount: {}",
        a.detail.zh
    );
    assert_eq!(
        a.assumed,
        vec!["retention_cost"],
        "never given: 0 is an assumption"
    );
    assert!(
        a.detail.en.contains("(not given: taken as 0)"),
        "{}",
        a.detail.en
    );
    let b = criterion(&r, "long_payout_period");
    assert_eq!(b.assumed, vec!["payout_years"]);
    assert!(
        b.detail.zh.contains("（未询问，按默认 1 年）"),
        "{}",
        b.detail.zh
    );
    assert!(
        b.detail.zh.contains("预付保费每年少赚 ¥480"),
        "6 000 x 8 %: {}",
        b.detail.zh
    );
    // Frequent and bearable: the class says retain with loss control, the price says insure.
    assert_eq!(r.matrix, "retain_with_loss_control");
    let note = r
        .matrix_note
        .as_ref()
        .expect("the class and the decision differ");
    assert!(note.zh.contains("通常自留并加强防损"), "{}", note.zh);
    assert!(
        note.en.contains("the advice here is to insure it"),
        "{}",
        note.en
    );
}

#[test]
fn a_loss_beyond_capacity_names_both_amounts() {
    let r = one(
        json!({"name": "fire", "frequency": 0.05, "severity": 400000, "max_loss": 3000000, "premium": 30000}),
        json!({}),
    );
    assert_eq!(r.decision, Decision::Transfer);
    assert_eq!(r.decided_by, "can_bear_largest_loss");
    assert!(
        r.reason
            .zh
            .starts_with("最大可能损失 ¥3,000,000 超出企业能承受的 ¥500,000"),
        "{}",
        r.reason.zh
    );
    assert_eq!(r.frequency_words.en, "about once in 20 years", "1 / 0.05");
    assert!(
        r.matrix_note.is_none(),
        "rare and severe: insure, as the class says"
    );
    assert!(criterion(&r, "can_bear_largest_loss").decisive);
    assert!(!criterion(&r, "retention_cost_below_loading").decisive);
}

#[test]
fn frequent_and_beyond_capacity_says_how_often() {
    let r = one(
        json!({"name": "explosion", "frequency": 2, "severity": 300000, "max_loss": 2000000}),
        json!({}),
    );
    assert_eq!(r.decision, Decision::AvoidOrReduce);
    assert!(
        r.reason.zh.contains("损失频繁（每年约 2 次）"),
        "{}",
        r.reason.zh
    );
}

#[test]
fn retaining_below_the_loading_quotes_the_loading() {
    // 4 x 2 000 = 8 000 expected; quote 12 000: loading 4 000 > retaining 1 000.
    let r = one(
        json!({"name": "theft", "frequency": 4, "severity": 2000, "max_loss": 10000,
               "premium": 12000, "retention_cost": 1000}),
        json!({}),
    );
    assert_eq!(r.decision, Decision::RetainWithLossControl);
    assert_eq!(
        r.reason.zh,
        "报价保费 ¥12,000 比预期年损失 ¥8,000 高出 ¥4,000（保险附加费用），而自留每年另需 ¥1,000：自留比投保便宜。"
    );
    assert!(criterion(&r, "retention_cost_below_loading")
        .assumed
        .is_empty());
    assert!(r.matrix_note.is_none());
}

#[test]
fn without_a_quote_the_reason_says_so() {
    let r = one(
        json!({"name": "machinery", "frequency": 0.5, "severity": 10000, "max_loss": 50000}),
        json!({}),
    );
    assert_eq!(r.decision, Decision::Retain);
    assert_eq!(r.decided_by, "can_bear_largest_loss");
    assert!(
        r.reason.en.contains("there is no quote to compare"),
        "{}",
        r.reason.en
    );
    assert_eq!(
        criterion(&r, "retention_cost_below_loading").detail.en,
        "No premium quoted, so there is no loading to compare."
    );
}

#[test]
fn a_good_return_elsewhere_is_named_when_it_decides() {
    // EL 10 000, loading 2 000, retaining 2 500; 12 000 x 8 % = 960 forgone: 2 500 < 2 960.
    let r = one(
        json!({"name": "flood", "frequency": 0.1, "severity": 100000, "max_loss": 200000,
               "premium": 12000, "retention_cost": 2500}),
        json!({}),
    );
    assert_eq!(r.decision, Decision::Retain);
    assert_eq!(r.decided_by, "good_return_elsewhere");
    assert!(
        r.reason
            .zh
            .contains("资金在企业里的回报率 8% 达到参照线 5%"),
        "{}",
        r.reason.zh
    );
    assert!(
        r.reason.zh.contains("预付保费每年少赚 ¥960"),
        "{}",
        r.reason.zh
    );
    // The same with losses paid over 5 years: the payout is named first.
    let r = one(
        json!({"name": "liability", "frequency": 0.1, "severity": 100000, "max_loss": 200000,
               "premium": 12000, "retention_cost": 2500, "payout_years": 5}),
        json!({}),
    );
    assert_eq!(r.decided_by, "long_payout_period");
    assert!(
        r.reason.en.contains("losses are paid over 5 years"),
        "{}",
        r.reason.en
    );
}

#[test]
fn retaining_dearer_than_the_loading_is_insured_with_the_figures() {
    // EL 10 000, loading 2 000, retaining 3 000 > 2 000 + 960.
    let r = one(
        json!({"name": "flood", "frequency": 0.1, "severity": 100000, "max_loss": 200000,
               "premium": 12000, "retention_cost": 3000}),
        json!({}),
    );
    assert_eq!(r.decision, Decision::Transfer);
    assert_eq!(
        r.reason.zh,
        "自留每年另需 ¥3,000，高于保险附加费用 ¥2,000（保费 ¥12,000 − 预期年损失 ¥10,000），算上预付保费每年少赚的 ¥960 也是如此：投保更便宜。"
    );
    let note = r
        .matrix_note
        .expect("rare and bearable is usually retained");
    assert!(note.en.contains("usually retained"), "{}", note.en);
}

#[test]
fn a_hazard_factor_changes_the_frequency_and_says_so() {
    let p = firm(
        json!([{"name": "fire", "frequency": 0.05, "severity": 400000, "max_loss": 3000000},
               {"name": "machinery", "frequency": 0.5, "severity": 10000, "max_loss": 50000}]),
        json!({"hazards": ["flammable_stock", "weak_fire_protection", "poor_maintenance"],
               "hazard_factors": [
                   {"hazard": "flammable_stock", "risk": "fire", "factor": 1.5},
                   {"hazard": "weak_fire_protection", "risk": "fire", "factor": 2}]}),
    );
    let a = analyse_enterprise(&p, &[]).unwrap();
    let fire = &a.risks[0];
    // 0.05 x 1.5 x 2 = 0.15 a year; 0.15 x 400 000 = 60 000.
    assert_eq!(fire.frequency_used, Ratio::from_millionths(150_000));
    assert_eq!(fire.expected_loss, Money::from_minor(6_000_000));
    assert_eq!(fire.hazard_factors.len(), 2);
    let note = fire.hazard_note.as_ref().unwrap();
    assert_eq!(
        note.zh,
        "按现场隐患调整频率：存放易燃物品 ×1.5、消防设施不足 ×2，从约 20 年一次（每年 0.05 次）调到约 7 年一次（每年 0.15 次）。"
    );
    assert!(
        a.risks[1].hazard_note.is_none(),
        "no factor bears on machinery"
    );
    let idle = a
        .hazard_note
        .as_ref()
        .expect("poor maintenance changed nothing");
    assert!(
        idle.en
            .starts_with("machinery without regular maintenance: changed no estimate"),
        "{}",
        idle.en
    );
}

#[test]
fn hazard_factors_are_checked() {
    let bad = |factors: Value| {
        let v = json!({"kind": "enterprise", "loss_capacity": 1, "expected_return": 0.05,
            "hazards": ["flammable_stock"], "hazard_factors": factors,
            "risks": [{"name": "fire", "frequency": 1, "severity": 1, "max_loss": 1}]});
        Profile::from_json(&v).unwrap_err().to_string()
    };
    let e = bad(json!([{"hazard": "flood_exposure", "risk": "fire", "factor": 2}]));
    assert!(
        e.contains("hazard_factors[0].hazard") && e.contains("not among the hazards found"),
        "{e}"
    );
    let e = bad(json!([{"hazard": "flammable_stock", "risk": "meteor", "factor": 2}]));
    assert!(e.contains("not a known peril"), "{e}");
    let e = bad(json!([{"hazard": "flammable_stock", "risk": "fire", "factor": 50}]));
    assert!(e.contains("hazard_factors[0].factor"), "{e}");
}

#[test]
fn amounts_and_frequencies_read_for_people() {
    assert_eq!(rounded_yuan(Money::from_minor(123_456_789)), "¥1,234,568");
    assert_eq!(rounded_yuan(Money::from_minor(-3_400_000)), "-¥34,000");
    assert_eq!(rounded_yuan(Money::from_minor(49)), "¥0");
    assert_eq!(frequency_words(Ratio::whole(4)).zh, "每年约 4 次");
    assert_eq!(
        frequency_words(Ratio::from_millionths(1_250_000)).en,
        "about 1.3 a year"
    );
    assert_eq!(
        frequency_words(Ratio::from_millionths(300_000)).en,
        "about once in 3 years"
    );
    assert_eq!(frequency_words(Ratio::ZERO).en, "never");
}
