//! Bad household input is refused naming the field with its index; answers become the input.

use super::tests::{day, two_earners, y};
use super::*;
use serde_json::{json, Value};

fn refused(v: Value) -> String {
    match from_json(&v, day()) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => e.to_string(),
    }
}

fn with(path: &[&str], value: Value) -> String {
    let mut v = two_earners();
    let mut at = &mut v;
    for (i, key) in path.iter().enumerate() {
        at = match key.parse::<usize>() {
            Ok(n) => &mut at[n],
            Err(_) if i + 1 == path.len() => {
                at[*key] = value.clone();
                return refused(v);
            }
            Err(_) => &mut at[*key],
        };
    }
    *at = value;
    refused(v)
}

#[test]
fn each_bad_field_is_named_with_its_index() {
    let cases: &[(&[&str], Value, &str)] = &[
        (
            &["policies", "3", "sum_insured"],
            json!(-1),
            "policies[3].sum_insured: must be >= 0",
        ),
        (
            &["policies", "1", "insured"],
            json!("r9"),
            "policies[1].insured: no member has the id `r9`",
        ),
        (
            &["policies", "0", "holder"],
            json!("nobody"),
            "policies[0].holder: no member has the id `nobody`",
        ),
        (
            &["policies", "0", "beneficiaries"],
            json!(["r2", "x"]),
            "policies[0].beneficiaries[1]: no member has the id `x`",
        ),
        (
            &["members", "2", "depends_on"],
            json!(["r1", "zz"]),
            "members[2].depends_on[1]: no member has the id `zz`",
        ),
        (
            &["members", "0", "occupation_class"],
            json!(7),
            "members[0].occupation_class: must be from 1 to 6, got 7",
        ),
        (
            &["members", "1", "relation"],
            json!("self"),
            "members[1].relation: at most one member may be `self`",
        ),
        (
            &["members", "1", "relation"],
            json!("cousin"),
            "members[1].relation: unknown value `cousin`; use one of self, spouse, child, parent, other",
        ),
        (
            &["members", "3", "birth_date"],
            json!("1958-02-30"),
            "members[3].birth_date: `1958-02-30` is no such day",
        ),
        (
            &["members", "3", "birth_date"],
            json!("15/01/1958"),
            "members[3].birth_date: `15/01/1958` is not a date; write it as 2026-12-01",
        ),
        (
            &["members", "2", "birth_date"],
            json!("2027-01-01"),
            "members[2].birth_date: must not be after the review's day (2026-12-01)",
        ),
        (
            &["members", "1", "id"],
            json!("r1"),
            "members[1].id: `r1` is used by an earlier member",
        ),
        (
            &["policies", "0", "end_date"],
            json!("2019-01-01"),
            "policies[0].end_date: must not be before start_date (2020-01-01)",
        ),
        (
            &["policies", "2", "kind"],
            json!("pet"),
            "policies[2].kind: unknown value `pet`; use one of term_life, whole_life, critical_illness, medical_indemnity, hospital_cash, accident, disability_income, annuity, education, property",
        ),
        (
            &["policies", "2", "status"],
            json!("cancelled"),
            "policies[2].status: unknown value `cancelled`; use one of in_force, in_grace, lapsed, paid_up",
        ),
        (
            &["policies", "4", "frequency"],
            json!("weekly"),
            "policies[4].frequency: unknown value `weekly`; use one of annual, monthly, single",
        ),
        (
            &["policies", "4", "waiting_end"],
            json!(20270101),
            "policies[4].waiting_end: must be a date such as 2026-12-01",
        ),
        (
            &["policies", "1", "colour"],
            json!("red"),
            "policies[1].colour: unknown field",
        ),
        (
            &["household", "mortgage"],
            json!(-5),
            "household.mortgage: must be >= 0",
        ),
        (
            &["household", "premium_budget_share"],
            json!(0.9),
            "household.premium_budget_share: must be from 0 to 0.5, got 0.9",
        ),
        (
            &["as_of"],
            json!("tomorrow"),
            "as_of: `tomorrow` is not a date; write it as 2026-12-01",
        ),
        (&["kind"], json!("family"), "kind: must be `household`, got `family`"),
        (&["members"], json!([]), "members: must list at least one member"),
    ];
    for (path, value, want) in cases {
        assert_eq!(&with(path, value.clone()), want, "at {path:?}");
    }
}

#[test]
fn required_fields_and_kinds_are_refused_when_missing() {
    let mut v = two_earners();
    v["policies"][2]
        .as_object_mut()
        .unwrap()
        .remove("sum_insured");
    assert_eq!(refused(v), "policies[2].sum_insured: is required");
    let mut v = two_earners();
    v["policies"][0].as_object_mut().unwrap().remove("insured");
    assert_eq!(refused(v), "policies[0].insured: is required");
    let mut v = two_earners();
    v["policies"][0].as_object_mut().unwrap().remove("status");
    assert_eq!(refused(v), "policies[0].status: is required");
    let mut v = two_earners();
    v["members"][1]
        .as_object_mut()
        .unwrap()
        .remove("birth_date");
    assert_eq!(refused(v), "members[1].birth_date: is required");
    let mut v = two_earners();
    v["policies"][0] =
        json!({"id": "h", "kind": "property", "sum_insured": 1, "status": "in_force"});
    assert_eq!(
        refused(v),
        "policies[0].object: is required for property: say what is insured"
    );
    let mut v = two_earners();
    v["members"][2]["depends_on"] = json!(["r3"]);
    assert_eq!(
        refused(v),
        "members[2].depends_on[0]: a member cannot depend on themselves"
    );
}

#[test]
fn income_shares_are_an_editable_assumption_checked_against_the_earners() {
    let mut v = two_earners();
    v["assumptions"] = json!({"income_shares": {"r1": 0.5, "r2": 0.5}});
    let h = from_json(&v, day()).unwrap();
    let r = review(&h).unwrap();
    assert_eq!(r.members[0].income_share, Some(Ratio::from_percent(50)));
    let Method::Dime(d) = &r.members[0].methods[0] else {
        panic!()
    };
    assert_eq!(d.inputs.mortgage, y(600_000), "half of 1 200 000");
    v["assumptions"] = json!({"income_shares": {"r1": 0.5, "r2": 0.4}});
    assert_eq!(
        refused(v.clone()),
        "assumptions.income_shares: must add up to 1, got 0.9"
    );
    v["assumptions"] = json!({"income_shares": {"r1": 0.5, "r3": 0.5}});
    assert_eq!(
        refused(v.clone()),
        "assumptions.income_shares.r3: this member has no income"
    );
    v["assumptions"] = json!({"income_shares": {"r1": 1}});
    assert_eq!(
        refused(v.clone()),
        "assumptions.income_shares: gives no share for the earner `r2`"
    );
    v["assumptions"] = json!({"ci_multiple": 11});
    assert_eq!(
        refused(v.clone()),
        "assumptions.ci_multiple: must be from 0 to 10, got 11"
    );
    v["assumptions"] = json!({"support_years": 5, "ci_multiple": 5});
    let r = review(&from_json(&v, day()).unwrap()).unwrap();
    assert_eq!(r.support_years, 5);
    // 5 x 300 000.
    assert_eq!(r.members[0].needs[1].amount, Some(y(1_500_000)));
}

#[test]
fn answers_of_the_repeat_groups_become_the_household() {
    let answers = json!({
        "members": [
            {"id": "r1", "relation": "self", "birth_date": "1988-03-02", "annual_income": "300000.00",
             "occupation_class": 2, "depends_on": [], "a_later_question": "kept out"},
            {"id": "r2", "relation": "child", "birth_date": "2019-06-01", "depends_on": ["r1"]}
        ],
        "policies": [
            {"id": "r5", "kind": "medical_indemnity", "insured": "r2", "sum_insured": "1000000.00",
             "status": "in_force", "start_date": "2024/1/1"}
        ],
        "has_mortgage": true, "mortgage": "800000.00", "mortgage_end": "2045-01-01",
        "car_loan": "50000.00", "other_debts": "10000.00", "monthly_expenses": "9000.00",
        "liquid_assets": "100000.00", "education": "300000.00", "final_expenses": "50000.00",
        "premium_budget_percent": "12.50", "annual_income": "1.00"
    });
    let h = from_answers(&answers, day()).unwrap();
    assert_eq!(h.members.len(), 2);
    assert_eq!(h.members[0].annual_income, y(300_000));
    assert_eq!(h.policies[0].start_date, Date::parse("2024-01-01"));
    assert_eq!(h.household.mortgage, y(800_000));
    assert_eq!(h.household.debts, y(60_000), "car loan + other debts");
    assert_eq!(
        h.household.premium_budget_share,
        Ratio::from_millionths(125_000)
    );
    assert_eq!(h.as_of, day());

    let mut no_mortgage = answers.clone();
    no_mortgage["has_mortgage"] = json!(false);
    assert_eq!(
        from_answers(&no_mortgage, day())
            .unwrap()
            .household
            .mortgage,
        Money::ZERO,
        "a hidden mortgage answer counts nothing"
    );

    // Errors name the group, the row and the question.
    let mut bad = answers.clone();
    bad["policies"][0]["sum_insured"] = json!("-3.00");
    assert_eq!(
        from_answers(&bad, day()).unwrap_err().to_string(),
        "policies[0].sum_insured: must be >= 0"
    );
    assert_eq!(
        from_answers(&json!({}), day()).unwrap_err().to_string(),
        "members: must list at least one member"
    );
    // The single-earner questions alone make a household of one.
    let single = json!({"birth_date": "1990-05-01", "sex": "female", "annual_income": "200000.00",
                        "mortgage": "500000.00"});
    let h = from_answers(&single, day()).unwrap();
    assert_eq!(h.members.len(), 1);
    assert_eq!(h.members[0].relation, Relation::Myself);
    assert_eq!(h.members[0].gender.as_deref(), Some("female"));
    assert_eq!(h.members[0].annual_income, y(200_000));
    assert_eq!(h.household.mortgage, y(500_000));
}
