//! Worked households with hand-computed numbers: two earners sharing the needs, the coverage map
//! and what counts in it.

use super::*;
use serde_json::{json, Value};

pub(super) fn day() -> Date {
    Date::parse("2026-12-01").unwrap()
}

pub(super) fn run(input: Value) -> Review {
    review(&from_json(&input, day()).expect("a valid household")).expect("a review")
}

pub(super) fn cell<'a>(r: &'a Review, member: &str, risk: Risk) -> &'a Cell {
    r.coverage
        .iter()
        .find(|c| c.member == member && c.risk == risk)
        .unwrap_or_else(|| panic!("no cell {member} {risk:?}"))
}

pub(super) fn ids(r: &Review) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.id).collect()
}

pub(super) fn y(n: i64) -> Money {
    Money::from_minor(n * 100)
}

/// Two earners (300 000 and 200 000 a year), a child of 7, a grandparent of 68, a mortgage.
pub(super) fn two_earners() -> Value {
    json!({
        "kind": "household",
        "as_of": "2026-12-01",
        "members": [
            {"id": "r1", "relation": "self", "name": "王强", "birth_date": "1988-03-02",
             "gender": "male", "annual_income": 300000, "occupation_class": 1, "depends_on": []},
            {"id": "r2", "relation": "spouse", "birth_date": "1990-05-10", "gender": "female",
             "annual_income": 200000},
            {"id": "r3", "relation": "child", "birth_date": "2019-06-01", "gender": "female",
             "depends_on": ["r1", "r2"]},
            {"id": "r4", "relation": "parent", "birth_date": "1958-01-15", "gender": "female",
             "depends_on": ["r1"]}
        ],
        "policies": [
            {"id": "p1", "insurer": "平安", "product": "定期寿险A", "kind": "term_life",
             "insured": "r1", "holder": "r1", "beneficiaries": ["r2"], "sum_insured": 1000000,
             "annual_premium": 3000, "frequency": "annual", "payment_years": 20,
             "start_date": "2020-01-01", "end_date": "2050-12-31", "status": "in_force"},
            {"id": "p2", "kind": "critical_illness", "insured": "r1", "sum_insured": 500000,
             "annual_premium": 6000, "status": "in_force"},
            {"id": "p3", "kind": "medical_indemnity", "insured": "r2", "sum_insured": 2000000,
             "deductible": 10000, "annual_premium": 500, "status": "in_force"},
            {"id": "p4", "kind": "accident", "insured": "r3", "beneficiaries": ["r2"],
             "sum_insured": 100000, "annual_premium": 200, "status": "in_force"},
            {"id": "p5", "kind": "medical_indemnity", "insured": "r3", "sum_insured": 1000000,
             "annual_premium": 300, "status": "in_force"}
        ],
        "household": {"mortgage": 1200000, "mortgage_end": "2046-06-30", "debts": 100000,
                      "monthly_expenses": 15000, "liquid_assets": 200000, "education": 400000,
                      "final_expenses": 50000, "premium_budget_share": 0.1}
    })
}

#[test]
fn two_earners_each_carry_their_income_share_of_the_needs() {
    let r = run(two_earners());
    let r1 = &r.members[0];
    let r2 = &r.members[1];
    assert_eq!(
        r1.income_share,
        Some(Ratio::from_percent(60)),
        "300 000 / 500 000"
    );
    assert_eq!(r2.income_share, Some(Ratio::from_percent(40)));
    // Youngest child 7 on 2026-12-01: 22 - 7 = 15 years of support.
    assert_eq!(r.support_years, 15);
    let Method::Dime(d1) = &r1.methods[0] else {
        panic!("DIME first")
    };
    // 0.6 x (100 000 debts + 1 200 000 mortgage + 400 000 education + 50 000 final) = 1 050 000,
    // + 300 000 x 0.7 x 15 = 3 150 000: 4 200 000; less cover 1 000 000 and savings 120 000.
    assert_eq!(d1.need, y(4_200_000));
    assert_eq!(d1.gap, y(3_080_000));
    assert_eq!(d1.inputs.mortgage, y(720_000));
    assert_eq!(d1.inputs.liquid_assets, y(120_000));
    let Method::Dime(d2) = &r2.methods[0] else {
        panic!("DIME first")
    };
    // 0.4 x 1 750 000 = 700 000 + 200 000 x 0.7 x 15 = 2 100 000: 2 800 000; no cover, 80 000 saved.
    assert_eq!(d2.need, y(2_800_000));
    assert_eq!(d2.gap, y(2_720_000));
    // The shares of the household's obligations add up to the whole.
    assert_eq!(
        d1.inputs
            .mortgage
            .checked_add(d2.inputs.mortgage, "t")
            .unwrap(),
        y(1_200_000)
    );
    let names: Vec<&str> = r1
        .methods
        .iter()
        .map(|m| match m {
            Method::Dime(x) => x.method,
            Method::HumanLifeValue(x) => x.method,
            Method::IncomeMultiple(x) => x.method,
            Method::CriticalIllness(x) => x.method,
            Method::DisabilityIncome(x) => x.method,
        })
        .collect();
    assert_eq!(
        names,
        [
            "dime",
            "human_life_value",
            "income_multiple",
            "critical_illness",
            "disability_income"
        ]
    );
    // Death cell: DIME need less the savings share, 4 080 000, against 1 000 000 held.
    let c = cell(&r, "r1", Risk::Death);
    assert_eq!(
        (c.held, c.need, c.state),
        (y(1_000_000), Some(y(4_080_000)), State::Gap)
    );
    assert_eq!(c.policies, ["p1"]);
    // Critical illness 3 x 300 000 = 900 000 against 500 000.
    let c = cell(&r, "r1", Risk::CriticalIllness);
    assert_eq!(
        (c.held, c.need, c.state),
        (y(500_000), Some(y(900_000)), State::Gap)
    );
    // Disability income 300 000 x 0.6 / 12 = 15 000 a month.
    let c = cell(&r, "r1", Risk::DisabilityIncome);
    assert_eq!((c.need, c.unit), (Some(y(15_000)), Unit::Monthly));
    assert_eq!(cell(&r, "r1", Risk::OldAgeIncome).state, State::Unknown);
    assert_eq!(cell(&r, "r2", Risk::Death).need, Some(y(2_720_000)));
    assert_eq!(cell(&r, "r2", Risk::CriticalIllness).need, Some(y(600_000)));
    // A 2 000 000 medical limit meets the 1 000 000 need and is not called over-insurance.
    assert_eq!(cell(&r, "r2", Risk::Medical).state, State::Covered);
}

#[test]
fn children_and_parents_have_their_own_needs() {
    let r = run(two_earners());
    let child = &r.members[2];
    assert!(!child.earner && child.methods.is_empty() && child.income_share.is_none());
    assert_eq!(child.age, 7);
    assert_eq!(cell(&r, "r3", Risk::Death).state, State::NotNeeded);
    assert_eq!(cell(&r, "r3", Risk::CriticalIllness).need, Some(y(300_000)));
    assert_eq!(cell(&r, "r3", Risk::Medical).state, State::Covered);
    let acc = cell(&r, "r3", Risk::Accident);
    assert_eq!((acc.held, acc.state), (y(100_000), State::Covered));
    assert_eq!(cell(&r, "r3", Risk::OldAgeIncome).state, State::NotNeeded);
    // The grandparent, 68: care 60 000 a year x 5 years; no critical illness need after 60.
    let care = cell(&r, "r4", Risk::OldAgeIncome);
    assert_eq!((care.need, care.state), (Some(y(300_000)), State::Gap));
    assert_eq!(
        cell(&r, "r4", Risk::CriticalIllness).state,
        State::NotNeeded
    );
    assert_eq!(cell(&r, "r4", Risk::Medical).state, State::Gap);
    assert_eq!(r.members[3].age, 68);
    // Six risks for each of the four members.
    assert_eq!(r.coverage.len(), 24);
}

#[test]
fn the_two_earner_household_findings_put_the_uncovered_spouse_first() {
    let r = run(two_earners());
    let found = ids(&r);
    assert_eq!(found[0], "uncovered_earner", "{found:?}");
    let first = &r.findings[0];
    assert_eq!(first.member.as_deref(), Some("r2"));
    assert_eq!(first.severity, Severity::High);
    // The action names the spouse's own needs: 2 720 000 of life, 600 000 of critical illness.
    assert!(
        first.action.en.contains("¥2,720,000"),
        "{}",
        first.action.en
    );
    assert!(first.action.en.contains("¥600,000"), "{}", first.action.en);
    assert!(!first.action.en.contains("r2"), "labels never show row ids");
    assert!(!r.no_change_needed);
    assert!(!found.contains(&"no_change_needed"));
    assert!(
        !found.contains(&"cover_ends_before_need"),
        "p1 runs to 2050, past the mortgage"
    );
    assert!(
        !found.contains(&"premium_share_high"),
        "10 000 of a 50 000 budget"
    );
    assert_eq!(r.premiums.annual_total, y(10_000));
    assert_eq!(r.premiums.budget, y(50_000));
    assert_eq!(r.priorities[0], first.action);
    let gaps: Vec<&Finding> = r.findings.iter().filter(|f| f.id == "cover_gap").collect();
    assert!(gaps
        .iter()
        .any(|f| f.member.as_deref() == Some("r1") && f.severity == Severity::Medium));
    // Labels: the named self, the unnamed spouse.
    assert_eq!(r.members[0].label.zh, "本人 王强");
    assert_eq!(r.members[1].label.en, "Spouse");
}

#[test]
fn lapsed_cover_counts_nothing_and_comes_first_with_reinstatement() {
    let r = run(json!({
        "kind": "household", "as_of": "2026-12-01",
        "members": [{"id": "a", "relation": "self", "birth_date": "1980-01-01",
                     "annual_income": 100000}],
        "policies": [
            {"id": "t", "kind": "term_life", "insured": "a", "sum_insured": 1000000,
             "beneficiaries": [], "annual_premium": 2000, "status": "lapsed"},
            {"id": "m", "kind": "medical_indemnity", "insured": "a", "sum_insured": 1000000,
             "annual_premium": 400, "status": "in_grace"}
        ]
    }));
    let death = cell(&r, "a", Risk::Death);
    assert_eq!(death.held, Money::ZERO, "a lapsed policy counts nothing");
    assert!(death.policies.is_empty());
    // In grace still covers (Insurance Law art. 36).
    assert_eq!(cell(&r, "a", Risk::Medical).held, y(1_000_000));
    let found = ids(&r);
    assert_eq!(
        &found[..3],
        ["in_grace", "lapsed", "uncovered_earner"],
        "{found:?}"
    );
    let lapsed = &r.findings[1];
    assert_eq!(lapsed.policies, ["t"]);
    assert_eq!(lapsed.severity, Severity::High);
    assert!(lapsed.reason.en.contains("art. 37") && lapsed.reason.zh.contains("两年"));
    assert!(lapsed.action.en.contains("within two years"));
    assert!(
        !found.contains(&"no_beneficiary"),
        "a lapsed policy pays no one"
    );
    // A lapsed policy's premium is not being paid: 400 is the whole.
    assert_eq!(r.premiums.annual_total, y(400));
    assert_eq!(r.priorities.len().min(3), 3);
    assert_eq!(r.priorities[1], lapsed.action);
}
