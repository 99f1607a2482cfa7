//! Enterprise risks: retain or transfer, decided from the source text's four criteria.
//!
//! Per risk: the frequency (times the stated factor of each hazard found that bears on it), the
//! expected annual loss = frequency x average severity (or the sum of loss x probability over the
//! given outcomes), the loading = premium - expected loss, the worst loss against what the firm
//! can absorb, the frequency/severity class, and the four retention criteria one by one. The
//! decision follows from them, names the criterion that decided it with its figures (`explain`),
//! and is never "transfer" by default: with no quote, a risk the firm can bear is retained.

mod explain;
mod input;
mod prevention;

pub use input::{hazard_factors, HazardFactor};
pub use prevention::{hazard_label, prevention, Prevention};

use super::cover::{self, risk_label, ProductRecommendation, Uncovered};
use super::profile::{EnterpriseProfile, RiskInput};
use super::warnings::{self, Warning};
use super::ENGINE_VERSION;
use crate::content::Product;
use crate::money::{div_round_half_up, Money, Ratio, RATIO_SCALE};
use crate::text::{text, Text};
use crate::{Error, Result};
use explain::Numbers;
use serde::Serialize;

/// The whole enterprise analysis.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseAdvice {
    pub engine_version: &'static str,
    pub kind: &'static str,
    pub method: &'static str,
    pub inputs: FirmInputs,
    pub assumptions: FirmAssumptions,
    pub risks: Vec<RiskAdvice>,
    pub total_expected_loss: Money,
    /// Loss prevention for each hazard found.
    pub loss_prevention: Vec<Prevention>,
    /// The hazards found that changed no number, said so (absent when every one did, or none was
    /// found).
    pub hazard_note: Option<Text>,
    /// Products that cover the risks to transfer (each declares it covers every risk it lists).
    pub recommendations: Vec<ProductRecommendation>,
    /// Risks to transfer that no product of the library covers, and what kind of cover would.
    pub uncovered: Vec<Uncovered>,
    pub warnings: Vec<Warning>,
    pub conclusion: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct FirmInputs {
    pub industry: Option<String>,
    pub loss_capacity: Money,
    pub expected_return: Ratio,
    pub hazards: Vec<String>,
    pub hazard_factors: Vec<HazardFactor>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FirmAssumptions {
    /// An expected return at or above this is "a good return elsewhere" (criterion c).
    pub return_threshold: Ratio,
    /// Losses per year at or above this are "high frequency".
    pub high_frequency: Ratio,
}

/// What to do with a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Retain,
    RetainWithLossControl,
    Transfer,
    AvoidOrReduce,
}

/// One of the four retention criteria, with the numbers behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// `retention_cost_below_loading`, `long_payout_period`, `good_return_elsewhere` or
    /// `can_bear_largest_loss`.
    pub id: &'static str,
    /// `None` when it cannot be judged (no premium quoted for the loading).
    pub met: Option<bool>,
    /// Whether this is the criterion the decision rests on.
    pub decisive: bool,
    /// Inputs of this criterion left to their default (`retention_cost`, `payout_years`).
    pub assumed: Vec<&'static str>,
    pub detail: Text,
}

/// A hazard's factor as applied to one risk.
#[derive(Debug, Clone, Serialize)]
pub struct AppliedFactor {
    pub hazard: String,
    pub label: Text,
    pub factor: Ratio,
}

/// The analysis of one risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskAdvice {
    pub name: String,
    /// The risk's name in both languages.
    pub label: Text,
    pub inputs: RiskInput,
    /// Losses per year used: the frequency given times the factors of the hazards found.
    pub frequency_used: Ratio,
    /// `frequency_used` in words ("about once in 20 years").
    pub frequency_words: Text,
    pub hazard_factors: Vec<AppliedFactor>,
    /// How the hazards changed the frequency, in words (absent when none applied).
    pub hazard_note: Option<Text>,
    pub expected_loss: Money,
    pub expected_loss_formula: &'static str,
    /// premium - expected loss; `None` without a quoted premium. May be negative.
    pub loading: Option<Money>,
    /// One year's return forgone by paying the premium up front: premium x expected_return.
    pub premium_opportunity_cost: Option<Money>,
    pub can_absorb_worst_loss: bool,
    /// `low` or `high`.
    pub frequency_class: &'static str,
    pub severity_class: &'static str,
    /// The frequency/severity matrix: `retain`, `retain_with_loss_control`, `insure`, `avoid_or_reduce`.
    pub matrix: &'static str,
    pub criteria: Vec<Criterion>,
    pub decision: Decision,
    /// The criterion the decision rests on (one of `criteria`' ids).
    pub decided_by: &'static str,
    /// Why, with the figures.
    pub reason: Text,
    /// Why the decision departs from the matrix class, when it does.
    pub matrix_note: Option<Text>,
}

/// Analyses every risk of the firm; `products` are the library's, for what may be recommended.
pub fn analyse_enterprise(p: &EnterpriseProfile, products: &[Product]) -> Result<EnterpriseAdvice> {
    let risks = p
        .risks
        .iter()
        .map(|r| analyse_risk(p, r))
        .collect::<Result<Vec<_>>>()?;
    let mut total = Money::ZERO;
    for r in &risks {
        total = total.checked_add(r.expected_loss, "total_expected_loss")?;
    }
    let transfer: Vec<&str> = risks
        .iter()
        .filter(|r| r.decision == Decision::Transfer)
        .map(|r| r.name.as_str())
        .collect();
    let (recommendations, uncovered) = cover::for_risks(&transfer, products);
    let conclusion = conclusion(&risks, &recommendations, &uncovered);
    let warnings = warnings::enterprise(p, &risks);
    Ok(EnterpriseAdvice {
        engine_version: ENGINE_VERSION,
        kind: "enterprise",
        method: "retain_or_transfer",
        inputs: FirmInputs {
            industry: p.industry.clone(),
            loss_capacity: p.loss_capacity,
            expected_return: p.expected_return,
            hazards: p.hazards.clone(),
            hazard_factors: p.hazard_factors.clone(),
        },
        assumptions: FirmAssumptions {
            return_threshold: p.return_threshold,
            high_frequency: p.high_frequency,
        },
        hazard_note: idle_hazards(p, &risks),
        risks,
        total_expected_loss: total,
        loss_prevention: p.hazards.iter().map(|h| prevention(h)).collect(),
        recommendations,
        uncovered,
        warnings,
        conclusion,
    })
}

/// The hazards found that changed no risk's number, said plainly.
fn idle_hazards(p: &EnterpriseProfile, risks: &[RiskAdvice]) -> Option<Text> {
    let idle: Vec<Text> = p
        .hazards
        .iter()
        .filter(|h| {
            !risks
                .iter()
                .any(|r| r.hazard_factors.iter().any(|f| &f.hazard == *h))
        })
        .map(|h| hazard_label(h))
        .collect();
    if idle.is_empty() {
        return None;
    }
    Some(text(
        format!(
            "{}：没有改变任何估计的数字（没有对应的风险或系数），只给出下面的防损建议。",
            cover::join(&idle, true)
        ),
        format!(
            "{}: changed no estimate (no risk or factor it bears on); it gets the loss prevention \
             advice below.",
            cover::join(&idle, false)
        ),
    ))
}

/// One sentence per group: what to insure and through which product, what should be transferred
/// but has no product here, what to avoid, and what to retain - each only when it has a risk.
fn conclusion(
    risks: &[RiskAdvice],
    recs: &[ProductRecommendation],
    uncovered: &[Uncovered],
) -> Text {
    let labels = |pick: &dyn Fn(&RiskAdvice) -> bool| -> Vec<Text> {
        risks
            .iter()
            .filter(|r| pick(r))
            .map(|r| r.label.clone())
            .collect()
    };
    let avoid = labels(&|r| r.decision == Decision::AvoidOrReduce);
    let retain = labels(&|r| {
        matches!(
            r.decision,
            Decision::Retain | Decision::RetainWithLossControl
        )
    });
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for r in recs {
        let names: Vec<Text> = r.risks.iter().map(|n| risk_label(n)).collect();
        zh.push(format!(
            "{}建议通过{}投保转移",
            cover::join(&names, true),
            r.product_name.zh
        ));
        en.push(format!(
            "insure {} through {}",
            cover::join(&names, false),
            r.product_name.en
        ));
    }
    if !uncovered.is_empty() {
        let names: Vec<Text> = uncovered.iter().map(|u| u.label.clone()).collect();
        zh.push(format!(
            "{}也应转移，但本产品库没有承保它的产品，需另行安排",
            cover::join(&names, true)
        ));
        en.push(format!(
            "{} should be transferred too, but no product of this library covers {}: arrange that cover elsewhere",
            cover::join(&names, false),
            if names.len() == 1 { "it" } else { "them" }
        ));
    }
    if !avoid.is_empty() {
        zh.push(format!("{}应避免或先降低风险", cover::join(&avoid, true)));
        en.push(format!(
            "avoid or first reduce {}",
            cover::join(&avoid, false)
        ));
    }
    if zh.is_empty() {
        return text(
            "按这些数字，各项风险都可以自留或通过防损降低，不需要为它们投保。",
            "On these numbers, every risk can be retained or reduced; no insurance is needed for them.",
        );
    }
    if !retain.is_empty() {
        zh.push(format!("{}自留", cover::join(&retain, true)));
        en.push(format!("retain {}", cover::join(&retain, false)));
    }
    text(
        format!("按这些数字：{}。", zh.join("；")),
        format!("On these numbers: {}.", en.join("; ")),
    )
}

/// Expected annual loss: the outcomes' sum of loss x probability, else `frequency` x severity,
/// rounded once to the fen.
pub fn expected_loss(r: &RiskInput, frequency: Ratio) -> Result<Money> {
    let scaled: i128 = match &r.outcomes {
        Some(list) => list
            .iter()
            .map(|o| i128::from(o.loss.minor()) * i128::from(o.probability.millionths()))
            .sum(),
        None => i128::from(r.severity.minor()) * i128::from(frequency.millionths()),
    };
    let v = div_round_half_up(scaled, i128::from(RATIO_SCALE));
    i64::try_from(v)
        .map(Money::from_minor)
        .map_err(|_| Error::invalid(format!("risks.{}", r.name), "the amounts are too large"))
}

/// The factors of the hazards found that bear on this risk, and the frequency they give. A loss
/// distribution given as outcomes is used as it stands.
fn hazard_adjusted(p: &EnterpriseProfile, r: &RiskInput) -> Result<(Ratio, Vec<AppliedFactor>)> {
    if r.outcomes.is_some() {
        return Ok((r.frequency, Vec::new()));
    }
    let mut frequency = r.frequency;
    let mut applied = Vec::new();
    for f in p.hazard_factors.iter().filter(|f| f.risk == r.name) {
        frequency = frequency.times(f.factor, "hazard_factors")?;
        applied.push(AppliedFactor {
            hazard: f.hazard.clone(),
            label: hazard_label(&f.hazard),
            factor: f.factor,
        });
    }
    Ok((frequency, applied))
}

fn hazard_note(r: &RiskInput, used: Ratio, applied: &[AppliedFactor]) -> Option<Text> {
    if applied.is_empty() {
        return None;
    }
    let list = |zh: bool| -> String {
        applied
            .iter()
            .map(|a| {
                format!(
                    "{} ×{}",
                    if zh { &a.label.zh } else { &a.label.en },
                    a.factor
                )
            })
            .collect::<Vec<_>>()
            .join(if zh { "、" } else { ", " })
    };
    let (given, now) = (explain::frequency(r.frequency), explain::frequency(used));
    Some(text(
        format!(
            "按现场隐患调整频率：{}，从{}（每年 {} 次）调到{}（每年 {} 次）。",
            list(true),
            given.zh,
            r.frequency,
            now.zh,
            used
        ),
        format!(
            "Frequency adjusted for the hazards found: {}, from {} ({} a year) to {} ({} a year).",
            list(false),
            given.en,
            r.frequency,
            now.en,
            used
        ),
    ))
}

fn analyse_risk(p: &EnterpriseProfile, r: &RiskInput) -> Result<RiskAdvice> {
    let field = "loading";
    let (frequency, applied) = hazard_adjusted(p, r)?;
    let el = expected_loss(r, frequency)?;
    let loading = r.premium.map(|pr| pr.checked_sub(el, field)).transpose()?;
    let opportunity = r
        .premium
        .map(|pr| pr.times_ratio(p.expected_return, field))
        .transpose()?;
    let high_freq = frequency >= p.high_frequency;
    let can_absorb = r.max_loss <= p.loss_capacity;
    let high_sev = !can_absorb;
    let matrix = match (high_freq, high_sev) {
        (false, false) => "retain",
        (true, false) => "retain_with_loss_control",
        (false, true) => "insure",
        (true, true) => "avoid_or_reduce",
    };
    let n = Numbers {
        expected_loss: el,
        premium: r.premium,
        loading,
        opportunity,
        retention_cost: r.retention_cost,
        payout_years: r.payout_years,
        max_loss: r.max_loss,
        capacity: p.loss_capacity,
        expected_return: p.expected_return,
        threshold: p.return_threshold,
        frequency,
        high_frequency: high_freq,
        assumed: &r.assumed,
    };
    let (decision, decided_by, reason) = explain::decide(&n);
    let assumed = |fields: &[&'static str]| -> Vec<&'static str> {
        fields
            .iter()
            .copied()
            .filter(|f| r.assumed.contains(f))
            .collect()
    };
    let criterion =
        |id: &'static str, met: Option<bool>, assumed: Vec<&'static str>, detail| Criterion {
            id,
            met,
            decisive: id == decided_by,
            assumed,
            detail,
        };
    let criteria = vec![
        criterion(
            "retention_cost_below_loading",
            loading.map(|l| r.retention_cost < l),
            assumed(&["retention_cost"]),
            explain::retention_detail(&n),
        ),
        criterion(
            "long_payout_period",
            Some(r.payout_years > 1),
            assumed(&["payout_years"]),
            explain::payout_detail(&n),
        ),
        criterion(
            "good_return_elsewhere",
            Some(p.expected_return >= p.return_threshold),
            Vec::new(),
            explain::return_detail(&n),
        ),
        criterion(
            "can_bear_largest_loss",
            Some(can_absorb),
            Vec::new(),
            explain::capacity_detail(&n),
        ),
    ];
    Ok(RiskAdvice {
        name: r.name.clone(),
        label: risk_label(&r.name),
        inputs: r.clone(),
        frequency_used: frequency,
        frequency_words: explain::frequency(frequency),
        hazard_note: hazard_note(r, frequency, &applied),
        hazard_factors: applied,
        expected_loss: el,
        expected_loss_formula: if r.outcomes.is_some() {
            "expected_loss = sum(loss x probability)"
        } else {
            "expected_loss = frequency x severity"
        },
        loading,
        premium_opportunity_cost: opportunity,
        can_absorb_worst_loss: can_absorb,
        frequency_class: if high_freq { "high" } else { "low" },
        severity_class: if high_sev { "high" } else { "low" },
        matrix,
        criteria,
        decision,
        decided_by,
        reason,
        matrix_note: explain::matrix_note(matrix, decision),
    })
}

#[cfg(test)]
mod cover_tests;
#[cfg(test)]
mod explain_tests;
#[cfg(test)]
mod tests;
