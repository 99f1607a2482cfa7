//! Worked households for each finding: duplicates, cover ending before the need, over-insurance,
//! premiums, beneficiaries, waiting periods, and the household where nothing needs changing.

use super::tests::{cell, ids, run, y};
use super::*;
use serde_json::{json, Value};

fn earner(id: &str, relation: &str, income: i64) -> Value {
    json!({"id": id, "relation": relation, "birth_date": "1988-03-02", "annual_income": income})
}

fn household(members: Value, policies: Value, amounts: Value) -> Value {
    json!({"kind": "household", "as_of": "2026-12-01", "members": members,
           "policies": policies, "household": amounts})
}

/// Two earners of 200 000 without children or debts, each holding what they need.
fn nothing_to_change() -> Value {
    let mut policies = Vec::new();
    for (who, other) in [("a", "b"), ("b", "a")] {
        policies.extend([
            json!({"id": format!("{who}-ci"), "kind": "critical_illness", "insured": who,
                   "sum_insured": 600000, "annual_premium": 5000, "status": "in_force"}),
            json!({"id": format!("{who}-med"), "kind": "medical_indemnity", "insured": who,
                   "sum_insured": 1000000, "annual_premium": 500, "status": "in_force"}),
            json!({"id": format!("{who}-acc"), "kind": "accident", "insured": who,
                   "beneficiaries": [other], "sum_insured": 500000, "annual_premium": 300,
                   "status": "in_force"}),
            json!({"id": format!("{who}-di"), "kind": "disability_income", "insured": who,
                   "sum_insured": 10000, "annual_premium": 2000, "status": "paid_up"}),
        ]);
    }
    household(
        json!([earner("a", "self", 200000), earner("b", "spouse", 200000)]),
        Value::Array(policies),
        json!({"liquid_assets": 100000, "monthly_expenses": 10000}),
    )
}

#[test]
fn no_change_needed_only_when_nothing_else_is_found() {
    let r = run(nothing_to_change());
    // No children, no debts: DIME's need is nil, so no life cover is needed.
    assert_eq!(r.support_years, 0);
    assert_eq!(cell(&r, "a", Risk::Death).state, State::NotNeeded);
    // 3 x 200 000 = 600 000 held; 200 000 x 0.6 / 12 = 10 000 a month held.
    assert_eq!(cell(&r, "a", Risk::CriticalIllness).state, State::Covered);
    assert_eq!(cell(&r, "b", Risk::DisabilityIncome).need, Some(y(10_000)));
    assert_eq!(cell(&r, "b", Risk::DisabilityIncome).state, State::Covered);
    assert_eq!(ids(&r), ["no_change_needed"]);
    assert!(r.no_change_needed);
    assert_eq!(r.priorities.len(), 1);
    assert!(r.priorities[0].en.starts_with("No change"));
    assert!(
        r.findings[0].reason.en.contains("social pension"),
        "what is not judged is said"
    );
    // Paid-up disability cover costs nothing more: 2 x (5 000 + 500 + 300).
    assert_eq!(r.premiums.annual_total, y(11_600));

    // One step away from it: the same household with one policy lapsed is no longer fine.
    let mut v = nothing_to_change();
    v["policies"][0]["status"] = json!("lapsed");
    let r = run(v);
    assert!(!r.no_change_needed);
    assert!(!ids(&r).contains(&"no_change_needed"));
    assert_eq!(cell(&r, "a", Risk::CriticalIllness).state, State::Gap);
}

#[test]
fn two_medical_indemnity_policies_on_one_child_are_a_duplicate() {
    let r = run(household(
        json!([earner("p", "self", 100000),
               {"id": "c", "relation": "child", "birth_date": "2020-01-01", "depends_on": ["p"]}]),
        json!([
            {"id": "m1", "insurer": "甲保险", "product": "少儿医疗", "kind": "medical_indemnity",
             "insured": "c", "sum_insured": 2000000, "deductible": 0, "annual_premium": 300,
             "status": "in_force"},
            {"id": "m2", "kind": "medical_indemnity", "insured": "c", "sum_insured": 1000000,
             "deductible": 10000, "annual_premium": 200, "status": "in_force"},
            {"id": "m3", "kind": "medical_indemnity", "insured": "c", "sum_insured": 1000000,
             "annual_premium": 200, "status": "lapsed"}
        ]),
        json!({}),
    ));
    // Indemnity does not add up: the highest limit, 2 000 000, not 3 000 000 or 4 000 000.
    let med = cell(&r, "c", Risk::Medical);
    assert_eq!(med.held, y(2_000_000));
    assert_eq!(med.policies, ["m1", "m2"], "the lapsed one counts nothing");
    let dup: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.id == "duplicate_indemnity")
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].member.as_deref(), Some("c"));
    assert_eq!(dup[0].policies, ["m1", "m2"]);
    assert_eq!(dup[0].severity, Severity::Medium);
    assert!(dup[0].action.en.contains("art. 28"));
    assert!(dup[0].action.zh.contains("第二十八条"));
    assert!(dup[0].reason.en.contains("deductibles differ"));
    assert!(dup[0].reason.zh.contains("甲保险「少儿医疗」"));
    assert!(r.priorities.iter().any(|p| p.en.contains("art. 28")));
    assert!(!r.no_change_needed);
}

#[test]
fn one_flat_insured_twice_is_a_duplicate_too() {
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([
            {"id": "h1", "kind": "property", "object": "上海市 长宁路 1 号", "sum_insured": 2000000,
             "annual_premium": 300, "status": "in_force"},
            {"id": "h2", "kind": "property", "object": "上海市长宁路1号", "sum_insured": 2000000,
             "annual_premium": 300, "status": "in_force"}
        ]),
        json!({}),
    ));
    let dup = r
        .findings
        .iter()
        .find(|f| f.id == "duplicate_indemnity")
        .expect("the same flat twice");
    assert_eq!(dup.policies, ["h1", "h2"]);
    assert_eq!(dup.member, None);
}

#[test]
fn term_cover_ending_before_the_mortgage_is_found() {
    let r = run(household(
        json!([earner("p", "self", 200000)]),
        json!([{"id": "t", "kind": "term_life", "insured": "p", "beneficiaries": [],
                "sum_insured": 2000000, "end_date": "2040-12-31", "status": "in_force"}]),
        json!({"mortgage": 1000000, "mortgage_end": "2046-06-30"}),
    ));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "cover_ends_before_need")
        .expect("2040 is before 2046");
    assert_eq!(f.policies, ["t"]);
    assert_eq!(f.member.as_deref(), Some("p"));
    assert!(f.reason.en.contains("2040-12-31") && f.reason.en.contains("2046-06-30"));
    assert!(f.action.en.contains("2046-06-30"));
    // Still counted today: 1 000 000 mortgage, no support years, 2 000 000 held: over twice.
    assert_eq!(cell(&r, "p", Risk::Death).need, Some(y(1_000_000)));
    assert_eq!(cell(&r, "p", Risk::Death).state, State::Covered);

    // The youngest child's independence counts as well: born 2020, 22 on 2042-01-01.
    let r = run(household(
        json!([earner("p", "self", 200000),
               {"id": "c", "relation": "child", "birth_date": "2020-01-01"}]),
        json!([{"id": "t", "kind": "term_life", "insured": "p", "beneficiaries": ["c"],
                "sum_insured": 2000000, "end_date": "2040-12-31", "status": "in_force"}]),
        json!({}),
    ));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "cover_ends_before_need")
        .expect("2040 is before the child is 22");
    assert!(f.action.en.contains("2042-01-01"), "{}", f.action.en);
    let minor = r
        .findings
        .iter()
        .find(|f| f.id == "minor_beneficiary")
        .expect("a child of 6 named");
    assert_eq!(minor.policies, ["t"]);

    // Ending after both: nothing found.
    let r = run(household(
        json!([earner("p", "self", 200000)]),
        json!([{"id": "t", "kind": "term_life", "insured": "p", "beneficiaries": [],
                "sum_insured": 2000000, "end_date": "2050-12-31", "status": "in_force"}]),
        json!({"mortgage": 1000000, "mortgage_end": "2046-06-30"}),
    ));
    assert!(!ids(&r).contains(&"cover_ends_before_need"));
}

#[test]
fn life_cover_on_a_child_while_the_earner_has_none_is_over_insurance() {
    let r = run(household(
        json!([earner("p", "self", 200000),
               {"id": "c", "relation": "child", "birth_date": "2020-01-01"}]),
        json!([{"id": "w", "kind": "whole_life", "insured": "c", "beneficiaries": ["p"],
                "sum_insured": 500000, "annual_premium": 10000, "status": "in_force"}]),
        json!({}),
    ));
    assert_eq!(cell(&r, "c", Risk::Death).state, State::Over);
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "over_insured_dependent")
        .expect("the child holds life cover, the earner none");
    assert_eq!(
        (f.member.as_deref(), f.policies.as_slice()),
        (Some("c"), &["w".to_string()][..])
    );
    assert!(f.reason.en.contains("¥500,000"));
    assert!(
        !ids(&r).contains(&"over_insured"),
        "the same cell is not reported twice"
    );
    assert!(ids(&r).contains(&"uncovered_earner"));
}

#[test]
fn cover_well_beyond_the_need_is_a_finding_not_a_success() {
    // CI need 3 x 100 000 = 300 000; 800 000 held is beyond twice the need.
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([{"id": "ci", "kind": "critical_illness", "insured": "p", "sum_insured": 800000,
                "status": "in_force"}]),
        json!({}),
    ));
    assert_eq!(cell(&r, "p", Risk::CriticalIllness).state, State::Over);
    let f = r.findings.iter().find(|f| f.id == "over_insured").unwrap();
    assert_eq!(f.policies, ["ci"]);
    assert!(f.action.en.starts_with("Add no more"));
}

#[test]
fn premiums_beyond_the_budget_share_are_found() {
    // 100 000 x 0.1 = 10 000 budget; 12 000 due; the single premium and the paid-up policy and
    // the one whose 5 payment years ended in 2025 cost nothing more.
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([
            {"id": "a", "kind": "annuity", "insured": "p", "sum_insured": 100000,
             "annual_premium": 12000, "frequency": "annual", "status": "in_force"},
            {"id": "s", "kind": "whole_life", "insured": "p", "beneficiaries": [],
             "sum_insured": 100000, "annual_premium": 50000, "frequency": "single",
             "status": "in_force"},
            {"id": "u", "kind": "education", "insured": "p", "sum_insured": 100000,
             "annual_premium": 9000, "status": "paid_up"},
            {"id": "e", "kind": "accident", "insured": "p", "beneficiaries": [],
             "sum_insured": 100000, "annual_premium": 7000, "payment_years": 5,
             "start_date": "2020-01-01", "status": "in_force"}
        ]),
        json!({"premium_budget_share": 0.1}),
    ));
    assert_eq!(r.premiums.annual_total, y(12_000));
    assert_eq!(r.premiums.budget, y(10_000));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "premium_share_high")
        .unwrap();
    assert_eq!(f.policies, ["a"]);
    assert!(f.reason.en.contains("¥12,000") && f.reason.en.contains("10%"));
    // p has gaps (no medical cover...) and nothing duplicate or excess: the action says so and
    // leaves the gaps to the client's choice within the budget, not "add none" beside them.
    assert!(
        f.action
            .en
            .contains("no duplicate or excess policy was found")
            && f.action
                .en
                .contains("the client decides which gaps to accept")
            && f.action.en.contains("¥10,000"),
        "{}",
        f.action.en
    );
    assert!(
        f.action.zh.contains("由客户决定接受哪些缺口"),
        "{}",
        f.action.zh
    );
    let nb: Vec<&Vec<String>> = r
        .findings
        .iter()
        .filter(|f| f.id == "no_beneficiary")
        .map(|f| &f.policies)
        .collect();
    assert_eq!(nb.len(), 2, "whole life and accident pay on death");
}

#[test]
fn a_waiting_period_still_running_is_said_with_its_end() {
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([{"id": "ci", "kind": "critical_illness", "insured": "p", "sum_insured": 300000,
                "waiting_end": "2027-03-01", "status": "in_force"}]),
        json!({}),
    ));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "waiting_period_running")
        .unwrap();
    assert_eq!(f.severity, Severity::Info);
    assert!(f.reason.en.contains("2027-03-01"));
    assert!(
        f.action.en.starts_with("Nothing to do"),
        "no older policy to keep: {}",
        f.action.en
    );
    // With an older critical illness policy in force, that one is not to be cancelled yet.
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([{"id": "ci", "kind": "critical_illness", "insured": "p", "sum_insured": 300000,
                "waiting_end": "2027-03-01", "status": "in_force"},
               {"id": "old", "kind": "critical_illness", "insured": "p", "sum_insured": 100000,
                "status": "in_force"}]),
        json!({}),
    ));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "waiting_period_running")
        .unwrap();
    assert!(
        f.action.en.contains("Do not cancel the older policy"),
        "{}",
        f.action.en
    );
    // Ended waiting periods say nothing.
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([{"id": "ci", "kind": "critical_illness", "insured": "p", "sum_insured": 300000,
                "waiting_end": "2026-03-01", "status": "in_force"}]),
        json!({}),
    ));
    assert!(!ids(&r).contains(&"waiting_period_running"));
}

#[test]
fn a_gap_a_suspended_policy_would_close_is_not_sold_as_new_cover() {
    // a's critical illness cover (600 000, all of the need) is suspended; a has no life cover,
    // and needs none (no dependants, no debts). Reinstating closes the whole gap, so the action
    // is to reinstate: no new cover, and no life cover "of about ¥0".
    let mut v = nothing_to_change();
    v["policies"][0]["status"] = json!("lapsed");
    let r = run(v.clone());
    let of_a = |r: &Review| {
        r.findings
            .iter()
            .find(|f| f.id == "uncovered_earner" && f.member.as_deref() == Some("a"))
            .unwrap_or_else(|| panic!("{:#?}", r.findings))
            .clone()
    };
    let f = of_a(&r);
    assert_eq!(f.policies, ["a-ci"], "the suspended policy is named");
    assert!(
        f.action.en.starts_with("Reinstating")
            && f.action.en.contains("no new cover is needed")
            && f.action.zh.contains("无需新增"),
        "{:?}",
        f.action
    );
    assert!(!f.action.en.contains("¥0 ") && !f.action.zh.contains("约 ¥0"));

    // 400 000 suspended against 600 000 needed: reinstating closes 400 000, 200 000 stays new.
    v["policies"][0]["sum_insured"] = json!(400000);
    let f = of_a(&run(v.clone()));
    assert!(
        f.action.en.contains("close about ¥400,000") && f.action.en.contains("remaining ¥200,000"),
        "{}",
        f.action.en
    );
    assert!(f.action.zh.contains("其余约 ¥200,000"), "{}", f.action.zh);

    // With other critical illness cover in force the gap is a cover gap, with the same words.
    v["policies"].as_array_mut().unwrap().push(
        json!({"id": "a-ci2", "kind": "critical_illness", "insured": "a",
                     "sum_insured": 100000, "annual_premium": 800, "status": "in_force"}),
    );
    let r = run(v);
    let gap = r
        .findings
        .iter()
        .find(|f| f.id == "cover_gap" && f.member.as_deref() == Some("a"))
        .unwrap_or_else(|| panic!("{:#?}", r.findings));
    assert_eq!(gap.policies, ["a-ci2", "a-ci"]);
    assert!(
        gap.action.en.contains("close about ¥400,000")
            && gap.action.en.contains("remaining ¥100,000"),
        "500 000 short, 400 000 reinstated: {}",
        gap.action.en
    );

    // Cover that has not lapsed is left to the ordinary action.
    let r = run(nothing_to_change());
    assert!(r
        .findings
        .iter()
        .all(|f| !f.action.en.contains("Reinstating")));
}

#[test]
fn over_budget_the_excess_is_named_as_where_to_save() {
    // 12 000 a year of whole life on a child while the earner (100 000 a year, budget 10 %)
    // has no life cover: the premium finding points at that policy, with the cash-value caution.
    let r = run(household(
        json!([earner("p", "self", 100000),
               {"id": "c", "relation": "child", "birth_date": "2020-01-01", "depends_on": ["p"]}]),
        json!([{"id": "wl", "insurer": "甲保险", "product": "少儿终身寿", "kind": "whole_life",
                "insured": "c", "beneficiaries": ["p"], "sum_insured": 500000,
                "annual_premium": 12000, "frequency": "annual", "status": "in_force"}]),
        json!({"premium_budget_share": 0.1}),
    ));
    assert!(ids(&r).contains(&"over_insured_dependent"));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "premium_share_high")
        .unwrap();
    assert!(
        f.action.en.contains("少儿终身寿") && f.action.en.contains("cash value"),
        "{}",
        f.action.en
    );
    assert!(f.action.zh.contains("现金价值"), "{}", f.action.zh);
}

#[test]
fn premiums_not_given_are_counted_so_the_total_is_not_read_as_the_whole() {
    let r = run(household(
        json!([earner("p", "self", 100000)]),
        json!([
            {"id": "given", "kind": "accident", "insured": "p", "beneficiaries": [],
             "sum_insured": 100000, "annual_premium": 300, "status": "in_force"},
            {"id": "blank", "kind": "critical_illness", "insured": "p", "sum_insured": 300000,
             "status": "in_force"},
            // Paid up: nothing more to pay, so no premium is missing.
            {"id": "done", "kind": "whole_life", "insured": "p", "beneficiaries": [],
             "sum_insured": 100000, "status": "paid_up"}
        ]),
        json!({}),
    ));
    assert_eq!(r.premiums.annual_total, y(300));
    assert_eq!(r.premiums.not_given, 1, "only the one still being paid");
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["premiums"]["not_given"], 1);
    assert!(
        !v.to_string().contains("premium_given"),
        "the flag stays inside"
    );
}
