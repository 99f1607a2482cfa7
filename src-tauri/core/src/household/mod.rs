//! The household and its policies (保单检视, issue #16): members, their existing policies, each
//! member's needs and the policy review - a coverage map of members x risks, findings with
//! stable ids and the priorities, what to fix first.
//!
//! Shapes (HOUSEHOLD.md; README, `presale advise`): the input is `from_json` (the CLI's
//! `"kind": "household"`) or `from_answers` (a consultation's answers: the `members` and
//! `policies` repeat groups and the household-wide questions); `review` is pure and
//! deterministic, like `advice`. The family methods are the advice's own functions, run once per
//! earner on that earner's share of the household (`needs`). Amounts are exact in the JSON
//! (strings with two decimals, as the advice prints them), needs rounded as the advice rounds
//! (sums to 10,000 yuan, monthly amounts to the yuan); sentences never show a row id.
//!
//! The assumptions the review rests on (`assumptions::EDITABLE`: label, limits, default) are one
//! table, read by the input's checks and sent to the screens, where an agent edits them; the
//! review lists the ones the input changed (`edited`), in words, for the record and the printout.

mod answers;
pub mod assumptions;
pub mod coverage;
pub mod findings;
pub mod model;
pub mod needs;
mod parse;
pub mod store;
mod words;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_assumptions;
#[cfg(test)]
mod tests_findings;
#[cfg(test)]
mod tests_input;

pub use answers::{from_answers, to_input, ANSWER_FIELDS};
pub use coverage::{Cell, State};
pub use findings::{Finding, Severity};
pub use model::{Amounts, Assumptions, Household, Member, Policy, PolicyKind, Relation, Status};
pub use needs::{Method, Need, Unit};
pub use parse::{from_json, TOP_FIELDS};

use crate::advice::LifeBasis;
use crate::date::Date;
use crate::money::{Money, Ratio};
use crate::text::Text;
use crate::{Error, Result};
use serde::Serialize;

/// The version of the review's arithmetic, defaults and findings, stored with every review.
pub const ENGINE_VERSION: &str = "1";

/// A risk of the coverage map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Death,
    CriticalIllness,
    Medical,
    Accident,
    DisabilityIncome,
    OldAgeIncome,
}

impl Risk {
    pub const ALL: [Risk; 6] = [
        Risk::Death,
        Risk::CriticalIllness,
        Risk::Medical,
        Risk::Accident,
        Risk::DisabilityIncome,
        Risk::OldAgeIncome,
    ];
}

/// One member in the review: who, their needs, and (for an earner) the methods behind them.
#[derive(Debug, Clone, Serialize)]
pub struct MemberReview {
    pub member: String,
    pub label: Text,
    pub relation: Relation,
    pub age: i64,
    pub earner: bool,
    /// The earner's share of the household's needs; `None` for a non-earner.
    pub income_share: Option<Ratio>,
    pub needs: Vec<Need>,
    /// DIME, human life value, income multiple, critical illness and disability income, in the
    /// single-earner advice's shapes; empty for a non-earner.
    pub methods: Vec<Method>,
    /// The stated basis of the life cover need, as the single-earner advice gives it.
    pub life_basis: Option<LifeBasis>,
}

/// The premiums the household pays against its budget.
#[derive(Debug, Clone, Serialize)]
pub struct Premiums {
    /// Annual premiums of the policies still being paid.
    pub annual_total: Money,
    pub household_income: Money,
    pub budget_share: Ratio,
    pub budget: Money,
    /// Policies still being paid whose premium was not given: not in `annual_total`, so the
    /// total is not read as the whole.
    pub not_given: usize,
}

/// The whole review (HOUSEHOLD.md part 3).
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub engine_version: &'static str,
    pub kind: &'static str,
    pub as_of: String,
    pub members: Vec<MemberReview>,
    pub coverage: Vec<Cell>,
    /// Most urgent first.
    pub findings: Vec<Finding>,
    /// True only when the review finds nothing to change.
    pub no_change_needed: bool,
    pub priorities: Vec<Text>,
    pub premiums: Premiums,
    /// The assumptions used, with `support_years` as worked out.
    pub assumptions: Assumptions,
    pub support_years: i64,
    /// The assumptions the input changed (an agent's edits), each with the value to send back
    /// and in words; empty when every default was kept.
    pub edited: Vec<assumptions::Edited>,
}

/// Reviews a checked household.
pub fn review(h: &Household) -> Result<Review> {
    let shares = needs::income_shares(h);
    let mut members = Vec::new();
    let mut coverage = Vec::new();
    for m in &h.members {
        let share = shares.iter().find(|(id, _)| *id == m.id).map(|(_, s)| *s);
        let earner = match share.filter(|_| m.is_earner()) {
            Some(share) => {
                let held = needs::HeldForMethods {
                    life: coverage::held(h, m, Risk::Death),
                    ci: coverage::held(h, m, Risk::CriticalIllness),
                    disability_monthly: coverage::held(h, m, Risk::DisabilityIncome),
                };
                Some(needs::earner_methods(h, m, share, &held)?)
            }
            None => None,
        };
        let member_needs = needs::needs(h, m, earner.as_ref());
        coverage.extend(member_needs.iter().map(|n| coverage::cell(h, m, n)));
        members.push(MemberReview {
            member: m.id.clone(),
            label: words::member_label(h, m),
            relation: m.relation,
            age: h.age(m),
            earner: earner.is_some(),
            income_share: earner.as_ref().map(|e| e.share),
            needs: member_needs,
            methods: earner.as_ref().map(|e| e.list()).unwrap_or_default(),
            life_basis: earner.map(|e| e.basis),
        });
    }
    let premiums = premiums(h)?;
    let findings = findings::findings(h, &coverage, premiums.annual_total);
    let no_change_needed = findings.iter().any(|f| f.id == "no_change_needed");
    let priorities = findings::priorities(&findings);
    Ok(Review {
        engine_version: ENGINE_VERSION,
        kind: "household",
        as_of: h.as_of.to_string(),
        members,
        coverage,
        findings,
        no_change_needed,
        priorities,
        premiums,
        assumptions: h.assumptions.clone(),
        support_years: needs::support_years(h),
        edited: assumptions::edited(h),
    })
}

fn premiums(h: &Household) -> Result<Premiums> {
    let f = "premiums";
    let mut total = Money::ZERO;
    let mut not_given = 0;
    for p in h.policies.iter().filter(|p| p.premium_due_on(h.as_of)) {
        total = total.checked_add(p.annual_premium, f)?;
        not_given += usize::from(!p.premium_given);
    }
    let mut income = Money::ZERO;
    for m in &h.members {
        income = income.checked_add(m.annual_income, f)?;
    }
    let share = h.household.premium_budget_share;
    Ok(Premiums {
        annual_total: total,
        household_income: income,
        budget_share: share,
        budget: income.times_ratio(share, f)?,
        not_given,
    })
}

/// Reads a household input from JSON text and reviews it: what `presale advise` does with
/// `"kind": "household"`; `today` (`YYYY-MM-DD`) stands for an absent `as_of`.
pub fn review_json_text(text: &str, today: &str) -> Result<Review> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            "household input",
            format!("not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    })?;
    review(&from_json(&v, today_date(today)?)?)
}

/// `today` as a date.
pub fn today_date(today: &str) -> Result<Date> {
    Date::parse(today).ok_or_else(|| Error::invalid("as_of", format!("`{today}` is not a date")))
}
