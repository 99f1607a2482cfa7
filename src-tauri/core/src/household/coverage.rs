//! The coverage map: for each member and risk, the cover held (in-force, in-grace and paid-up
//! policies only; a lapsed policy counts nothing) against the need, with its state in words.
//!
//! Sums of life, critical illness, accident, disability and annuity cover add up; indemnity
//! medical cover does not (a second policy repays nothing the first has paid), so the medical
//! cell holds the highest limit, not the total.

use super::model::{Household, Member, Policy, PolicyKind, Status};
use super::needs::{kinds_for, Need, Unit};
use super::words::{policy_names, risk_name};
use super::Risk;
use crate::advice::people::{sum_text, whole_text};
use crate::money::Money;
use crate::text::{text, Text};
use serde::Serialize;

/// Where a cell stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Covered,
    Gap,
    Over,
    NotNeeded,
    /// The need cannot be worked out from what is known.
    Unknown,
}

/// One cell of the map.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub member: String,
    pub risk: Risk,
    pub held: Money,
    pub need: Option<Money>,
    pub unit: Unit,
    pub state: State,
    /// The counting policies behind `held`.
    pub policies: Vec<String>,
    pub text: Text,
}

/// The policies on `m` that count on the review's day, of the kinds a risk counts.
pub fn counting<'a>(h: &'a Household, m: &Member, risk: Risk) -> Vec<&'a Policy> {
    h.policies
        .iter()
        .filter(|p| p.insured.as_deref() == Some(m.id.as_str()))
        .filter(|p| kinds_for(risk).contains(&p.kind) && p.counts_on(h.as_of))
        .collect()
}

/// The cover `m` holds against `risk`.
pub fn held(h: &Household, m: &Member, risk: Risk) -> Money {
    add_to(Money::ZERO, risk, &counting(h, m, risk))
}

/// `from` with the cover of `ps` added as `risk` counts it: sums add up, indemnity medical
/// limits do not (the highest counts).
fn add_to(from: Money, risk: Risk, ps: &[&Policy]) -> Money {
    if risk == Risk::Medical {
        return ps.iter().map(|p| p.sum_insured).fold(from, Money::max);
    }
    ps.iter().fold(from, |sum, p| {
        sum.checked_add(p.sum_insured, "held")
            .unwrap_or(Money::from_minor(i64::MAX))
    })
}

/// The suspended policies on `m` of the kinds `risk` counts (not past their end), which a
/// reinstatement would bring back, and what would still be short of `need` after it - so a gap
/// is not sold as new cover when reinstating the old one closes some of it.
pub fn after_reinstating<'a>(
    h: &'a Household,
    m: &Member,
    risk: Risk,
    need: Money,
) -> Option<(Vec<&'a Policy>, Money)> {
    let lapsed: Vec<&Policy> = h
        .policies
        .iter()
        .filter(|p| p.insured.as_deref() == Some(m.id.as_str()))
        .filter(|p| kinds_for(risk).contains(&p.kind) && p.status == Status::Lapsed)
        .filter(|p| !matches!(p.end_date, Some(end) if end < h.as_of))
        .collect();
    if lapsed.is_empty() {
        return None;
    }
    let back = add_to(held(h, m, risk), risk, &lapsed);
    Some((lapsed, need.gap_after(back)))
}

/// Whether cover beyond the need can be too much for this risk (medical limits cost little and
/// do not add up, so a high one is no over-insurance).
fn can_be_over(risk: Risk) -> bool {
    risk != Risk::Medical
}

/// The cell of `m` and one of their needs.
pub fn cell(h: &Household, m: &Member, need: &Need) -> Cell {
    let have = held(h, m, need.risk);
    let ps = counting(h, m, need.risk);
    let over_at = need
        .amount
        .and_then(|n| n.times_ratio(h.assumptions.over_factor, "over").ok());
    let state = match need.amount {
        None => State::Unknown,
        Some(n) if n == Money::ZERO => {
            if have > Money::ZERO && can_be_over(need.risk) {
                State::Over
            } else {
                State::NotNeeded
            }
        }
        Some(n) if have < n => State::Gap,
        Some(_) if can_be_over(need.risk) && over_at.is_some_and(|o| have > o) => State::Over,
        Some(_) => State::Covered,
    };
    let amount = whole_text;
    let per = match need.unit {
        Unit::Monthly => text("/月", " a month"),
        _ => text("", ""),
    };
    let held_text = if ps.is_empty() {
        text("没有保障".to_string(), "no cover held".to_string())
    } else {
        let names = policy_names(&ps);
        text(
            format!("已有 {}{}（{}）", amount(have), per.zh, names.zh),
            format!("{}{} held ({})", amount(have), per.en, names.en),
        )
    };
    let need_text = |n: Money| {
        let shown = match need.unit {
            Unit::Monthly => whole_text(n),
            _ => sum_text(n),
        };
        text(format!("{shown}{}", per.zh), format!("{shown}{}", per.en))
    };
    let risk = risk_name(need.risk);
    let text = match (state, need.amount) {
        (State::Unknown, _) => text(
            format!("{}；需要的金额无法计算。", held_text.zh),
            format!(
                "{}; the amount needed cannot be worked out.",
                cap(&held_text.en)
            ),
        ),
        (State::NotNeeded, _) => text(
            format!("{}：不需要。", risk.zh),
            format!("{}: not needed.", cap(&risk.en)),
        ),
        (State::Over, Some(n)) if n == Money::ZERO => text(
            format!("{}，但没有需要：超额保障。", held_text.zh),
            format!("{}, but none is needed: over-insured.", cap(&held_text.en)),
        ),
        (State::Over, Some(n)) => {
            let n = need_text(n);
            text(
                format!("{}，需要约 {}：远超所需。", held_text.zh, n.zh),
                format!(
                    "{}, about {} needed: well beyond the need.",
                    cap(&held_text.en),
                    n.en
                ),
            )
        }
        (State::Gap, Some(n)) => {
            let short = n.gap_after(have);
            let (n, s) = (need_text(n), need_text(short));
            text(
                format!("{}，需要约 {}：缺口约 {}。", held_text.zh, n.zh, s.zh),
                format!(
                    "{}, about {} needed: a gap of about {}.",
                    cap(&held_text.en),
                    n.en,
                    s.en
                ),
            )
        }
        (_, Some(n)) => {
            let n = need_text(n);
            text(
                format!("{}，需要约 {}：已足够。", held_text.zh, n.zh),
                format!("{}, about {} needed: covered.", cap(&held_text.en), n.en),
            )
        }
        (_, None) => held_text,
    };
    Cell {
        member: m.id.clone(),
        risk: need.risk,
        held: have,
        need: need.amount,
        unit: need.unit,
        state,
        policies: ps.iter().map(|p| p.id.clone()).collect(),
        text,
    }
}

/// `held` policies of a kind on a member, for the findings.
pub fn of_kind<'a>(h: &'a Household, m: &Member, kind: PolicyKind) -> Vec<&'a Policy> {
    h.policies
        .iter()
        .filter(|p| p.kind == kind && p.insured.as_deref() == Some(m.id.as_str()))
        .filter(|p| p.counts_on(h.as_of))
        .collect()
}

/// A sentence's first letter in capitals.
pub fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
