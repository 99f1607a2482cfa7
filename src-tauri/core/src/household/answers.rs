//! From a consultation's answers to the household input: the `members` and `policies` repeat
//! groups (HOUSEHOLD.md part 1: arrays of rows, each with its engine-given `id`) and the
//! household-wide questions of the family questionnaire, by these question ids:
//!
//! | household field | question ids |
//! |---|---|
//! | `mortgage` | `mortgage` (nothing when `has_mortgage` is no) |
//! | `mortgage_end` | `mortgage_end` |
//! | `debts` | `debts`, else `car_loan` + `other_debts` |
//! | `monthly_expenses`, `liquid_assets`, `education`, `final_expenses` | the same ids |
//! | `premium_budget_share` | `premium_budget_percent` (a percentage: `10` is 0.1) |
//!
//! Without any `members` row, the single-earner questions make the one member: `self`, with
//! `birth_date`, `sex` (as `gender`) and `annual_income` (nothing without a birth date).
//!
//! A row's keys that are no field of the model (a question the group may gain) are left out
//! rather than refused; everything kept is then checked by `from_json`, so an error names the
//! group, the row and the question: `policies[3].sum_insured: must be >= 0`.

use super::model::Household;
use super::parse::from_json;
use crate::date::Date;
use crate::money::{Money, Ratio};
use crate::{Error, Result};
use serde_json::{Map, Value};

/// The row fields read from each group.
pub const ANSWER_FIELDS: &[(&str, &[&str])] = &[
    (
        "members",
        &[
            "id",
            "relation",
            "name",
            "birth_date",
            "gender",
            "annual_income",
            "occupation_class",
            "depends_on",
        ],
    ),
    (
        "policies",
        &[
            "id",
            "insurer",
            "product",
            "kind",
            "insured",
            "object",
            "holder",
            "beneficiaries",
            "sum_insured",
            "deductible",
            "annual_premium",
            "frequency",
            "payment_years",
            "start_date",
            "end_date",
            "status",
            "waiting_end",
        ],
    ),
];

/// Builds and checks the household of a consultation's answers (an object of question id ->
/// answer); `today` is the review's day.
pub fn from_answers(answers: &Value, today: Date) -> Result<Household> {
    from_json(&to_input(answers)?, today)
}

/// The household input (HOUSEHOLD.md part 2) the answers make.
pub fn to_input(answers: &Value) -> Result<Value> {
    let Value::Object(a) = answers else {
        return Err(Error::invalid("answers", "must be an object"));
    };
    let mut top = Map::new();
    top.insert("kind".into(), "household".into());
    for (group, fields) in ANSWER_FIELDS {
        let rows = match a.get(*group) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(rows)) => rows
                .iter()
                .map(|row| match row {
                    Value::Object(r) => Value::Object(
                        r.iter()
                            .filter(|(k, v)| fields.contains(&k.as_str()) && !v.is_null())
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
            Some(_) => return Err(Error::invalid(*group, "must be a list of rows")),
        };
        top.insert((*group).into(), Value::Array(rows));
    }
    let get = |k: &str| a.get(k).filter(|v| !v.is_null()).cloned();
    let no_rows = top["members"]
        .as_array()
        .is_some_and(|rows| rows.is_empty());
    if let (true, Some(birth)) = (no_rows, get("birth_date")) {
        // A consultation without the members group (answered before it existed, or the
        // single-earner questions only): the person consulting is the household.
        let mut me = Map::new();
        me.insert("id".into(), "self".into());
        me.insert("relation".into(), "self".into());
        me.insert("birth_date".into(), birth);
        for (from, to) in [("sex", "gender"), ("annual_income", "annual_income")] {
            if let Some(v) = get(from) {
                me.insert(to.into(), v);
            }
        }
        top.insert("members".into(), Value::Array(vec![Value::Object(me)]));
    }
    let mut hh = Map::new();
    if get("has_mortgage") != Some(Value::Bool(false)) {
        for k in ["mortgage", "mortgage_end"] {
            if let Some(v) = get(k) {
                hh.insert(k.into(), v);
            }
        }
    }
    match get("debts") {
        Some(v) => {
            hh.insert("debts".into(), v);
        }
        None => {
            let mut total = Money::ZERO;
            let mut any = false;
            for k in ["car_loan", "other_debts"] {
                if let Some(v) = get(k) {
                    let m = Money::parse(k, &number(&v, k)?)?;
                    total = total.checked_add(m, k)?;
                    any = true;
                }
            }
            if any {
                hh.insert("debts".into(), total.to_string().into());
            }
        }
    }
    for k in [
        "monthly_expenses",
        "liquid_assets",
        "education",
        "final_expenses",
    ] {
        if let Some(v) = get(k) {
            hh.insert(k.into(), v);
        }
    }
    if let Some(v) = get("premium_budget_percent") {
        let name = "premium_budget_percent";
        let m = Money::parse(name, &number(&v, name)?)?;
        // Hundredths of a percent are millionths x 100.
        let share = Ratio::from_millionths(m.minor().saturating_mul(100));
        hh.insert("premium_budget_share".into(), share.to_string().into());
    }
    top.insert("household".into(), Value::Object(hh));
    Ok(Value::Object(top))
}

fn number(v: &Value, name: &str) -> Result<String> {
    crate::advice::fields::number_text(v, name)
}
