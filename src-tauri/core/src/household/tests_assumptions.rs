//! The review's editable assumptions: an edit changes the needs by the hand-computed amount,
//! out-of-range values are refused naming the field with the table's limits, and the review
//! says in words which were changed and to what.

use super::tests::{cell, run, two_earners, y};
use super::*;
use serde_json::json;

fn with(assumptions: serde_json::Value) -> serde_json::Value {
    let mut v = two_earners();
    v["assumptions"] = assumptions;
    v
}

fn refused(v: serde_json::Value) -> String {
    from_json(&v, super::tests::day()).unwrap_err().to_string()
}

#[test]
fn a_lower_family_share_lowers_each_earners_life_need_by_the_hand_computed_amount() {
    let r = run(with(json!({"family_share": "0.6"})));
    let Method::Dime(d1) = &r.members[0].methods[0] else {
        panic!("DIME first")
    };
    // 1 050 000 of obligations + 300 000 x 0.6 x 15 = 2 700 000: 3 750 000 (4 200 000 at 0.7).
    assert_eq!(d1.need, y(3_750_000));
    // Less the 120 000 savings share: 3 630 000 against 1 000 000 held.
    assert_eq!(cell(&r, "r1", Risk::Death).need, Some(y(3_630_000)));
    // 0.4 x 1 750 000 + 200 000 x 0.6 x 15 = 2 500 000, less 80 000.
    assert_eq!(cell(&r, "r2", Risk::Death).need, Some(y(2_420_000)));
    assert_eq!(r.edited.len(), 1);
    let e = &r.edited[0];
    assert_eq!((e.field, &e.value), ("family_share", &json!("0.6")));
    assert_eq!(
        e.text.en,
        "Income the family would lose: the share of income spent on the family: 60% (default 70%)"
    );
    assert_eq!(
        e.text.zh,
        "死亡时家人失去的收入：收入中用于家庭的比例：60%（默认 70%）"
    );
    assert!(run(two_earners()).edited.is_empty(), "nothing edited");
}

#[test]
fn sums_multiples_and_years_are_said_in_words() {
    let r = run(with(
        json!({"ci_multiple": 4, "medical_limit": "2000000", "support_years": 10}),
    ));
    // 4 x 300 000; the child's two policies hold at most 1 000 000 against 2 000 000.
    assert_eq!(
        cell(&r, "r1", Risk::CriticalIllness).need,
        Some(y(1_200_000))
    );
    let medical = cell(&r, "r3", Risk::Medical);
    assert_eq!(
        (medical.need, medical.state),
        (Some(y(2_000_000)), State::Gap)
    );
    assert_eq!(r.support_years, 10);
    let texts: Vec<&str> = r.edited.iter().map(|e| e.text.en.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Years of support: 10 years (default by the youngest child: 15 years)",
            "Critical illness cover as a multiple of income: 4 times (default 3 times)",
            "Yearly medical limit for each person: ¥2,000,000 (default ¥1,000,000)",
        ],
        "in the table's order"
    );
    assert_eq!(
        r.edited[1].text.zh,
        "重疾保额为收入的倍数：4 倍（默认 3 倍）"
    );
}

#[test]
fn income_shares_are_named_by_the_members_labels_never_their_ids() {
    let r = run(with(json!({"income_shares": {"r1": "0.5", "r2": "0.5"}})));
    let e = &r.edited[0];
    assert_eq!(e.field, "income_shares");
    assert_eq!(e.value, json!({"r1": "0.5", "r2": "0.5"}), "as sent back");
    assert_eq!(
        e.text.en,
        "Each earner's share of the household's needs: Self, 王强 50%; Spouse 50% \
         (default by income: Self, 王强 60%; Spouse 40%)"
    );
    assert!(
        e.text.zh.contains("本人 王强 50%、配偶 50%"),
        "{}",
        e.text.zh
    );
    assert!(!e.text.zh.contains("r1") && !e.text.en.contains("r2"));
    assert_eq!(
        refused(with(json!({"income_shares": {"r1": "0.7", "r2": "0.4"}}))),
        "assumptions.income_shares: must add up to 1, got 1.1"
    );
}

#[test]
fn values_outside_the_tables_limits_are_refused_naming_the_field() {
    for (edit, message) in [
        (
            json!({"discount_rate": "0.25"}),
            "assumptions.discount_rate: must be from 0 to 0.2, got 0.25",
        ),
        (
            json!({"retirement_age": 90}),
            "assumptions.retirement_age: must be from 40 to 80, got 90",
        ),
        (
            json!({"support_years": "2.5"}),
            "assumptions.support_years: must be a whole number",
        ),
        (
            json!({"medical_limit": "200000000"}),
            "assumptions.medical_limit: must be from 0 to 100000000, got 200000000.00",
        ),
        (
            json!({"care_annual": "-1"}),
            "assumptions.care_annual: must be >= 0",
        ),
        (
            json!({"over_factor": "0.5"}),
            "assumptions.over_factor: must be from 1 to 10, got 0.5",
        ),
        (
            json!({"family_shares": "0.5"}),
            "assumptions.family_shares: unknown field",
        ),
    ] {
        assert_eq!(refused(with(edit)), message);
    }
    // The limits are the table's own.
    let rate = assumptions::get("discount_rate").unwrap();
    assert_eq!(rate.max, Ratio::from_percent(20));
}
