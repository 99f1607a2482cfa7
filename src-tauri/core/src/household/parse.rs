//! Reading and checking the household input (HOUSEHOLD.md part 2): every error names the field
//! with its index, `policies[3].sum_insured: must be >= 0`, so a person can find the row.

use super::assumptions as table;
use super::model::*;
use crate::advice::fields::{number_text, Fields, Range};
use crate::date::{Date, DateError};
use crate::money::{Money, Ratio};
use crate::{Error, Result};
use serde_json::Value;
use std::collections::BTreeSet;

/// Top-level fields of a household input.
pub const TOP_FIELDS: &[&str] = &[
    "kind",
    "as_of",
    "members",
    "policies",
    "household",
    "assumptions",
];

/// Reads and checks a household; `today` is the review's day when `as_of` is absent.
pub fn from_json(v: &Value, today: Date) -> Result<Household> {
    let mut f = Fields::of(v, "", "household input")?;
    let kind = f.string("kind")?;
    if kind != "household" {
        return Err(Error::invalid(
            "kind",
            format!("must be `household`, got `{kind}`"),
        ));
    }
    let as_of = opt_date(&mut f, "as_of")?.unwrap_or(today);
    let members = match f.raw("members") {
        Some(Value::Array(rows)) if !rows.is_empty() => rows
            .iter()
            .enumerate()
            .map(|(i, row)| member(row, i, as_of))
            .collect::<Result<Vec<_>>>()?,
        Some(Value::Array(_)) => {
            return Err(Error::invalid("members", "must list at least one member"))
        }
        Some(_) => return Err(Error::invalid("members", "must be a list of members")),
        None => return Err(Error::invalid("members", "is required")),
    };
    let policies = match f.raw("policies") {
        Some(Value::Array(rows)) => rows
            .iter()
            .enumerate()
            .map(|(i, row)| policy(row, i))
            .collect::<Result<Vec<_>>>()?,
        Some(_) => return Err(Error::invalid("policies", "must be a list of policies")),
        None => Vec::new(),
    };
    let household = match f.raw("household") {
        Some(v) => amounts(v)?,
        None => amounts(&Value::Object(Default::default()))?,
    };
    let assumptions = match f.raw("assumptions") {
        Some(v) => assumptions(v)?,
        None => Assumptions::default(),
    };
    f.finish()?;
    let h = Household {
        as_of,
        members,
        policies,
        household,
        assumptions,
    };
    check_references(&h)?;
    Ok(h)
}

fn member(v: &Value, i: usize, as_of: Date) -> Result<Member> {
    let prefix = format!("members[{i}].");
    let mut f = Fields::of(v, &prefix, &format!("members[{i}]"))?;
    let id = row_id(&mut f)?;
    let relation = choice(&mut f, "relation", Relation::TAGS, Relation::from_tag)?
        .ok_or_else(|| Error::invalid(f.name("relation"), "is required"))?;
    let name = short_text(&mut f, "name", 100)?;
    let birth_date = opt_date(&mut f, "birth_date")?
        .ok_or_else(|| Error::invalid(f.name("birth_date"), "is required"))?;
    if birth_date > as_of {
        return Err(Error::invalid(
            f.name("birth_date"),
            format!("must not be after the review's day ({as_of})"),
        ));
    }
    if birth_date.years_until(as_of) > 120 {
        return Err(Error::invalid(
            f.name("birth_date"),
            "gives an age over 120; check the year",
        ));
    }
    let gender = choice(&mut f, "gender", GENDERS, |t| Some(t.to_string()))?;
    let annual_income = money(&mut f, "annual_income")?.unwrap_or(Money::ZERO);
    let occupation_class = f.opt_whole("occupation_class", Range { min: 1, max: 6 })?;
    let depends_on = id_list(&mut f, "depends_on")?;
    f.finish()?;
    Ok(Member {
        id,
        relation,
        name,
        birth_date,
        gender,
        annual_income,
        occupation_class,
        depends_on,
    })
}

fn policy(v: &Value, i: usize) -> Result<Policy> {
    let prefix = format!("policies[{i}].");
    let mut f = Fields::of(v, &prefix, &format!("policies[{i}]"))?;
    let id = row_id(&mut f)?;
    let insurer = short_text(&mut f, "insurer", 100)?;
    let product = short_text(&mut f, "product", 100)?;
    let kind = choice(&mut f, "kind", PolicyKind::TAGS, PolicyKind::from_tag)?
        .ok_or_else(|| Error::invalid(f.name("kind"), "is required"))?;
    let insured = short_text(&mut f, "insured", 100)?;
    let object = short_text(&mut f, "object", 200)?;
    match (kind, &insured, &object) {
        (PolicyKind::Property, _, None) => {
            return Err(Error::invalid(
                f.name("object"),
                "is required for property: say what is insured",
            ))
        }
        (PolicyKind::Property, _, _) => {}
        (_, None, _) => return Err(Error::invalid(f.name("insured"), "is required")),
        _ => {}
    }
    let holder = short_text(&mut f, "holder", 100)?;
    let beneficiaries = id_list(&mut f, "beneficiaries")?;
    let sum_insured = money(&mut f, "sum_insured")?
        .ok_or_else(|| Error::invalid(f.name("sum_insured"), "is required"))?;
    let deductible = money(&mut f, "deductible")?.unwrap_or(Money::ZERO);
    let premium = money(&mut f, "annual_premium")?;
    let (annual_premium, premium_given) = (premium.unwrap_or(Money::ZERO), premium.is_some());
    let frequency = choice(&mut f, "frequency", Frequency::TAGS, Frequency::from_tag)?;
    let payment_years = f.opt_whole("payment_years", Range { min: 0, max: 100 })?;
    let start_date = opt_date(&mut f, "start_date")?;
    let end_date = opt_date(&mut f, "end_date")?;
    if let (Some(start), Some(end)) = (start_date, end_date) {
        if end < start {
            return Err(Error::invalid(
                f.name("end_date"),
                format!("must not be before start_date ({start})"),
            ));
        }
    }
    let status = choice(&mut f, "status", Status::TAGS, Status::from_tag)?
        .ok_or_else(|| Error::invalid(f.name("status"), "is required"))?;
    let waiting_end = opt_date(&mut f, "waiting_end")?;
    f.finish()?;
    Ok(Policy {
        id,
        insurer,
        product,
        kind,
        insured,
        object,
        holder,
        beneficiaries,
        sum_insured,
        deductible,
        annual_premium,
        premium_given,
        frequency,
        payment_years,
        start_date,
        end_date,
        status,
        waiting_end,
    })
}

fn amounts(v: &Value) -> Result<Amounts> {
    let mut f = Fields::of(v, "household.", "household")?;
    let zero = |m: Option<Money>| m.unwrap_or(Money::ZERO);
    let a = Amounts {
        mortgage: zero(money(&mut f, "mortgage")?),
        mortgage_end: opt_date(&mut f, "mortgage_end")?,
        debts: zero(money(&mut f, "debts")?),
        monthly_expenses: zero(money(&mut f, "monthly_expenses")?),
        liquid_assets: zero(money(&mut f, "liquid_assets")?),
        education: zero(money(&mut f, "education")?),
        final_expenses: zero(money(&mut f, "final_expenses")?),
        premium_budget_share: f.ratio(
            "premium_budget_share",
            Some(Ratio::from_percent(10)),
            Range {
                min: Ratio::ZERO,
                max: Ratio::from_percent(50),
            },
        )?,
    };
    f.finish()?;
    Ok(a)
}

/// Editable assumptions, each optional, with the default and the limits of the one table
/// (`assumptions::EDITABLE`); the fields given are remembered as the agent's edits.
fn assumptions(v: &Value) -> Result<Assumptions> {
    let mut f = Fields::of(v, "assumptions.", "assumptions")?;
    let mut a = Assumptions {
        family_share: share(&mut f, "family_share")?,
        discount_rate: share(&mut f, "discount_rate")?,
        retirement_age: whole(&mut f, "retirement_age")?,
        independence_age: whole(&mut f, "independence_age")?,
        support_years: opt_whole(&mut f, "support_years")?,
        ci_multiple: share(&mut f, "ci_multiple")?,
        disability_replacement: share(&mut f, "disability_replacement")?,
        income_multiple_low: share(&mut f, "income_multiple_low")?,
        income_multiple_high: share(&mut f, "income_multiple_high")?,
        medical_limit: sum(&mut f, "medical_limit")?,
        dependent_ci_sum: sum(&mut f, "dependent_ci_sum")?,
        earner_accident_sum: sum(&mut f, "earner_accident_sum")?,
        dependent_accident_sum: sum(&mut f, "dependent_accident_sum")?,
        care_annual: sum(&mut f, "care_annual")?,
        care_years: whole(&mut f, "care_years")?,
        over_factor: share(&mut f, "over_factor")?,
        large_dependent_life: sum(&mut f, "large_dependent_life")?,
        income_shares: income_shares(&mut f)?,
        given: Vec::new(),
    };
    if a.income_multiple_low > a.income_multiple_high {
        return Err(Error::invalid(
            "assumptions.income_multiple_low",
            format!(
                "must not exceed income_multiple_high ({})",
                a.income_multiple_high
            ),
        ));
    }
    a.given = table::EDITABLE
        .iter()
        .map(|x| x.field)
        .filter(|k| v.get(k).is_some_and(|x| !x.is_null()))
        .collect();
    f.finish()?;
    Ok(a)
}

/// The table's entry for `field` (every field read here is in it: tested).
fn entry(field: &'static str) -> Result<&'static table::Editable> {
    table::get(field).ok_or_else(|| Error::Content(format!("no assumption `{field}` in the table")))
}

/// A share or a multiple, from the table.
fn share(f: &mut Fields<'_>, field: &'static str) -> Result<Ratio> {
    let x = entry(field)?;
    f.ratio(
        field,
        x.default,
        Range {
            min: x.min,
            max: x.max,
        },
    )
}

/// A whole number (years, an age), from the table; `None` when absent and worked out.
fn opt_whole(f: &mut Fields<'_>, field: &'static str) -> Result<Option<i64>> {
    let x = entry(field)?;
    let range = Range {
        min: table::whole_of(x.min),
        max: table::whole_of(x.max),
    };
    Ok(f.opt_whole(field, range)?
        .or(x.default.map(table::whole_of)))
}

fn whole(f: &mut Fields<'_>, field: &'static str) -> Result<i64> {
    opt_whole(f, field)?.ok_or_else(|| Error::invalid(f.name(field), "is required"))
}

/// A sum in yuan, from the table.
fn sum(f: &mut Fields<'_>, field: &'static str) -> Result<Money> {
    let x = entry(field)?;
    let Some(m) = money(f, field)? else {
        return Ok(table::ratio_as_money(x.default.unwrap_or(Ratio::ZERO)));
    };
    let r = table::money_as_ratio(m);
    if r < x.min || r > x.max {
        return Err(Error::invalid(
            f.name(field),
            format!("must be from {} to {}, got {m}", x.min, x.max),
        ));
    }
    Ok(m)
}

/// `{"r1": 0.6, "r2": 0.4}`: shares from 0 to 1 adding up to 1 (checked against the earners in
/// `check_references`).
fn income_shares(f: &mut Fields<'_>) -> Result<Option<Vec<(String, Ratio)>>> {
    let Some(v) = f.raw("income_shares") else {
        return Ok(None);
    };
    let Value::Object(map) = v else {
        return Err(Error::invalid(
            "assumptions.income_shares",
            "must map member ids to shares",
        ));
    };
    let mut out = Vec::new();
    for (id, share) in map {
        let name = format!("assumptions.income_shares.{id}");
        let r = Ratio::parse(&name, &number_text(share, &name)?)?;
        if r < Ratio::ZERO || r > Ratio::ONE {
            return Err(Error::invalid(
                name,
                format!("must be from 0 to 1, got {r}"),
            ));
        }
        out.push((id.clone(), r));
    }
    let total: i64 = out.iter().map(|(_, r)| r.millionths()).sum();
    if total != Ratio::ONE.millionths() {
        return Err(Error::invalid(
            "assumptions.income_shares",
            format!("must add up to 1, got {}", Ratio::from_millionths(total)),
        ));
    }
    Ok(Some(out))
}

/// Ids unique, every reference a member, one `self`, one `spouse`, nobody depending on
/// themselves, income shares only for earners.
fn check_references(h: &Household) -> Result<()> {
    let mut seen = BTreeSet::new();
    for (i, m) in h.members.iter().enumerate() {
        if !seen.insert(m.id.as_str()) {
            return Err(Error::invalid(
                format!("members[{i}].id"),
                format!("`{}` is used by an earlier member", m.id),
            ));
        }
    }
    for relation in [Relation::Myself, Relation::Spouse] {
        let rows: Vec<usize> = (0..h.members.len())
            .filter(|&i| h.members[i].relation == relation)
            .collect();
        if let [_, second, ..] = rows.as_slice() {
            let tag = if relation == Relation::Myself {
                "self"
            } else {
                "spouse"
            };
            return Err(Error::invalid(
                format!("members[{second}].relation"),
                format!("at most one member may be `{tag}`"),
            ));
        }
    }
    let known = |id: &str| h.member(id).is_some();
    for (i, m) in h.members.iter().enumerate() {
        for (j, d) in m.depends_on.iter().enumerate() {
            let field = format!("members[{i}].depends_on[{j}]");
            if !known(d) {
                return Err(Error::invalid(field, format!("no member has the id `{d}`")));
            }
            if *d == m.id {
                return Err(Error::invalid(
                    field,
                    "a member cannot depend on themselves",
                ));
            }
        }
    }
    let mut policy_ids = BTreeSet::new();
    for (i, p) in h.policies.iter().enumerate() {
        let at = |k: &str| format!("policies[{i}].{k}");
        if !policy_ids.insert(p.id.as_str()) {
            return Err(Error::invalid(
                at("id"),
                format!("`{}` is used by an earlier policy", p.id),
            ));
        }
        for (k, id) in [("insured", &p.insured), ("holder", &p.holder)] {
            if let Some(id) = id.as_deref().filter(|id| !known(id)) {
                return Err(Error::invalid(
                    at(k),
                    format!("no member has the id `{id}`"),
                ));
            }
        }
        for (j, b) in p.beneficiaries.iter().enumerate() {
            if !known(b) {
                return Err(Error::invalid(
                    format!("policies[{i}].beneficiaries[{j}]"),
                    format!("no member has the id `{b}`"),
                ));
            }
        }
    }
    if let Some(shares) = &h.assumptions.income_shares {
        for (id, _) in shares {
            let name = format!("assumptions.income_shares.{id}");
            match h.member(id) {
                None => return Err(Error::invalid(name, format!("no member has the id `{id}`"))),
                Some(m) if !m.is_earner() => {
                    return Err(Error::invalid(name, "this member has no income"))
                }
                Some(_) => {}
            }
        }
        if let Some(m) = h
            .members
            .iter()
            .find(|m| m.is_earner() && !shares.iter().any(|(id, _)| *id == m.id))
        {
            return Err(Error::invalid(
                "assumptions.income_shares",
                format!("gives no share for the earner `{}`", m.id),
            ));
        }
    }
    Ok(())
}

fn row_id(f: &mut Fields<'_>) -> Result<String> {
    let id = f.string("id")?;
    if id.trim().is_empty() || id.chars().count() > 64 {
        return Err(Error::invalid(f.name("id"), "must be 1 to 64 characters"));
    }
    Ok(id)
}

fn short_text(f: &mut Fields<'_>, key: &'static str, max: usize) -> Result<Option<String>> {
    let Some(s) = f.opt_string(key)? else {
        return Ok(None);
    };
    let s = s.trim().to_string();
    if s.chars().count() > max {
        return Err(Error::invalid(
            f.name(key),
            format!("must be at most {max} characters"),
        ));
    }
    Ok((!s.is_empty()).then_some(s))
}

fn choice<T>(
    f: &mut Fields<'_>,
    key: &'static str,
    tags: &[&str],
    of: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    let Some(s) = f.opt_string(key)? else {
        return Ok(None);
    };
    of(&s).map(Some).ok_or_else(|| {
        Error::invalid(
            f.name(key),
            format!("unknown value `{s}`; use one of {}", tags.join(", ")),
        )
    })
}

/// An optional amount in yuan, at least zero.
fn money(f: &mut Fields<'_>, key: &'static str) -> Result<Option<Money>> {
    let Some(v) = f.raw(key) else {
        return Ok(None);
    };
    let name = f.name(key);
    let m = Money::parse(&name, &number_text(v, &name)?)?;
    if m.is_negative() {
        return Err(Error::invalid(name, "must be >= 0"));
    }
    Ok(Some(m))
}

/// An optional date, written as people write one (`2026-12-01`, `2026/12/1`, `2026年12月1日`).
fn opt_date(f: &mut Fields<'_>, key: &'static str) -> Result<Option<Date>> {
    let Some(v) = f.raw(key) else {
        return Ok(None);
    };
    let name = f.name(key);
    let Value::String(s) = v else {
        return Err(Error::invalid(name, "must be a date such as 2026-12-01"));
    };
    if s.trim().is_empty() {
        return Ok(None);
    }
    match Date::parse_typed(s) {
        Ok(d) => Ok(Some(d)),
        Err(DateError::NoSuchDay) => Err(Error::invalid(name, format!("`{s}` is no such day"))),
        Err(DateError::Unreadable) => Err(Error::invalid(
            name,
            format!("`{s}` is not a date; write it as 2026-12-01"),
        )),
    }
}

/// A list of member ids (`depends_on`, `beneficiaries`); references are checked afterwards.
fn id_list(f: &mut Fields<'_>, key: &'static str) -> Result<Vec<String>> {
    let Some(v) = f.raw(key) else {
        return Ok(Vec::new());
    };
    let name = f.name(key);
    let Value::Array(items) = v else {
        return Err(Error::invalid(name, "must be a list of member ids"));
    };
    let mut out: Vec<String> = Vec::new();
    for (j, item) in items.iter().enumerate() {
        let Some(id) = item.as_str() else {
            return Err(Error::invalid(
                format!("{name}[{j}]"),
                "must be a member id",
            ));
        };
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}
