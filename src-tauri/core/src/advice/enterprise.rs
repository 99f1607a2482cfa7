//! Enterprise risks: retain or transfer, decided from the source text's four criteria.
//!
//! Per risk: expected annual loss = frequency x average severity (or the sum of loss x probability
//! over the given outcomes); loading = premium - expected loss; the worst loss against what the
//! firm can absorb; the frequency/severity class; and the four retention criteria one by one. The
//! decision follows from them and is never "transfer" by default: with no quote, a risk the firm
//! can bear is retained.

use super::cover::{self, risk_label, ProductRecommendation, Uncovered};
use super::profile::{EnterpriseProfile, RiskInput};
use super::warnings::{self, Warning};
use super::{percent, text, yuan, Text, ENGINE_VERSION};
use crate::content::Product;
use crate::money::{div_round_half_up, Money, Ratio, RATIO_SCALE};
use crate::{Error, Result};
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
    pub detail: Text,
}

/// The analysis of one risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskAdvice {
    pub name: String,
    /// The risk's name in both languages.
    pub label: Text,
    pub inputs: RiskInput,
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
    pub reason: Text,
}

/// A loss-prevention suggestion for a hazard.
#[derive(Debug, Clone, Serialize)]
pub struct Prevention {
    pub hazard: String,
    pub suggestion: Text,
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
        },
        assumptions: FirmAssumptions {
            return_threshold: p.return_threshold,
            high_frequency: p.high_frequency,
        },
        risks,
        total_expected_loss: total,
        loss_prevention: p.hazards.iter().map(|h| prevention(h)).collect(),
        recommendations,
        uncovered,
        warnings,
        conclusion,
    })
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
            "{} should be transferred too, but no product of this library covers {}: arrange it elsewhere",
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

/// Expected annual loss: the outcomes' sum of loss x probability, else frequency x severity,
/// rounded once to the fen.
pub fn expected_loss(r: &RiskInput) -> Result<Money> {
    let scaled: i128 = match &r.outcomes {
        Some(list) => list
            .iter()
            .map(|o| i128::from(o.loss.minor()) * i128::from(o.probability.millionths()))
            .sum(),
        None => i128::from(r.severity.minor()) * i128::from(r.frequency.millionths()),
    };
    let v = div_round_half_up(scaled, i128::from(RATIO_SCALE));
    i64::try_from(v)
        .map(Money::from_minor)
        .map_err(|_| Error::invalid(format!("risks.{}", r.name), "the amounts are too large"))
}

fn analyse_risk(p: &EnterpriseProfile, r: &RiskInput) -> Result<RiskAdvice> {
    let field = "loading";
    let el = expected_loss(r)?;
    let loading = r.premium.map(|pr| pr.checked_sub(el, field)).transpose()?;
    let opportunity = r
        .premium
        .map(|pr| pr.times_ratio(p.expected_return, field))
        .transpose()?;
    let high_freq = r.frequency >= p.high_frequency;
    let can_absorb = r.max_loss <= p.loss_capacity;
    let high_sev = !can_absorb;
    let matrix = match (high_freq, high_sev) {
        (false, false) => "retain",
        (true, false) => "retain_with_loss_control",
        (false, true) => "insure",
        (true, true) => "avoid_or_reduce",
    };

    let a = loading.map(|l| r.retention_cost < l);
    let b = r.payout_years > 1;
    let c = p.expected_return >= p.return_threshold;
    let d = can_absorb;
    let criteria = vec![
        Criterion {
            id: "retention_cost_below_loading",
            met: a,
            detail: match loading {
                Some(l) => text(
                    format!("自留费用 {}，保险附加费用 {}。", yuan(r.retention_cost), yuan(l)),
                    format!("Retention cost {} against the loading {}.", yuan(r.retention_cost), yuan(l)),
                ),
                None => text("没有报价，无法计算附加费用。", "No premium quoted, so no loading to compare."),
            },
        },
        Criterion {
            id: "long_payout_period",
            met: Some(b),
            detail: text(
                format!(
                    "损失分 {} 年支付；预付保费的机会成本每年 {}。",
                    r.payout_years,
                    yuan(opportunity.unwrap_or_default())
                ),
                format!(
                    "Losses are paid over {} year(s); paying the premium up front forgoes {} a year.",
                    r.payout_years,
                    yuan(opportunity.unwrap_or_default())
                ),
            ),
        },
        Criterion {
            id: "good_return_elsewhere",
            met: Some(c),
            detail: text(
                format!("资金的预期回报率 {}，参照线 {}。", percent(p.expected_return), percent(p.return_threshold)),
                format!(
                    "Expected return on capital {} against the threshold {}.",
                    percent(p.expected_return),
                    percent(p.return_threshold)
                ),
            ),
        },
        Criterion {
            id: "can_bear_largest_loss",
            met: Some(d),
            detail: text(
                format!("最大可能损失 {}，企业可承受 {}。", yuan(r.max_loss), yuan(p.loss_capacity)),
                format!(
                    "Largest possible loss {} against the {} the firm can absorb.",
                    yuan(r.max_loss),
                    yuan(p.loss_capacity)
                ),
            ),
        },
    ];

    let retain = if high_freq {
        Decision::RetainWithLossControl
    } else {
        Decision::Retain
    };
    let (decision, reason) = if !d {
        if high_freq {
            (
                Decision::AvoidOrReduce,
                text(
                    "损失频繁且超出企业承受能力：应避免该活动或先降低风险。",
                    "Losses are frequent and beyond what the firm can bear: avoid the activity or reduce the hazard first.",
                ),
            )
        } else {
            (
                Decision::Transfer,
                text(
                    "损失不常发生，但最大损失超出企业承受能力：投保转移。",
                    "Losses are rare but the largest would exceed what the firm can bear: transfer it by insurance.",
                ),
            )
        }
    } else {
        match loading {
            None => (
                retain,
                text(
                    "企业能承受最大损失，且没有报价可比：自留。",
                    "The firm can bear the largest loss and there is no quote to compare: retain.",
                ),
            ),
            Some(l) if r.retention_cost < l => (
                retain,
                text(
                    "企业能承受最大损失，自留费用低于保险附加费用：自留。",
                    "The firm can bear the largest loss and retaining costs less than the loading: retain.",
                ),
            ),
            Some(l) => {
                let with_return = l.checked_add(opportunity.unwrap_or_default(), field)?;
                if (b || c) && r.retention_cost < with_return {
                    (
                        retain,
                        text(
                            "自留费用高于附加费用，但加上预付保费的机会成本后自留仍更便宜：自留。",
                            "Retaining costs more than the loading, but less once the premium's opportunity cost is counted: retain.",
                        ),
                    )
                } else {
                    (
                        Decision::Transfer,
                        text(
                            "自留费用高于保险附加费用，也没有足够的投资回报弥补：投保转移。",
                            "Retaining costs more than the loading and no return elsewhere makes up for it: transfer.",
                        ),
                    )
                }
            }
        }
    };

    Ok(RiskAdvice {
        name: r.name.clone(),
        label: risk_label(&r.name),
        inputs: r.clone(),
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
        reason,
    })
}

/// The loss-prevention suggestion for a known hazard.
pub fn prevention(hazard: &str) -> Prevention {
    let suggestion = match hazard {
        "flammable_stock" => text(
            "易燃品单独存放、限量堆放，远离火源和电气设备，配足灭火器材。",
            "Store flammable goods apart and in limited stacks, away from ignition and wiring, with enough extinguishers.",
        ),
        "explosive_stock" => text(
            "易爆品按规定专库存放、控制温度和数量，定期检查。",
            "Keep explosive goods in a dedicated store within temperature and quantity limits, inspected regularly.",
        ),
        "overloaded_machinery" => text(
            "按额定负荷运行设备，安排轮换和停机检查。",
            "Run machines within their rated load, with rotation and scheduled stops for checks.",
        ),
        "poor_maintenance" => text(
            "建立设备维护计划和记录，按期保养、更换易损件。",
            "Keep a maintenance plan and log; service machines and replace worn parts on schedule.",
        ),
        "weak_fire_protection" => text(
            "安装并检测喷淋和报警系统，保持消防通道畅通，定期演练。",
            "Install and test sprinklers and alarms, keep fire exits clear, and hold drills.",
        ),
        "flood_exposure" => text(
            "贵重设备和存货抬高存放，备好挡水设施，关注汛期预警。",
            "Raise valuable machinery and stock off the floor, keep flood barriers ready, and watch flood warnings.",
        ),
        _ => text("请评估该隐患并制定防损措施。", "Assess this hazard and plan loss prevention."),
    };
    Prevention {
        hazard: hazard.to_string(),
        suggestion,
    }
}

#[cfg(test)]
mod cover_tests;
#[cfg(test)]
mod tests;
