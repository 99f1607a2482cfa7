//! NFRA 2023 No. 2 art. 28: advise the client to stop when the need does not match the product,
//! the premium is clearly beyond what they can afford, or the cover duplicates existing indemnity
//! cover. The warnings are shown and kept with the result; if the client goes on, the record says
//! it was their own decision.

use super::enterprise::{Decision, RiskAdvice};
use super::family::{Affordability, CriticalIllness, Dime};
use super::people::{premium_text, whole_text};
use super::percent;
use super::profile::{EnterpriseProfile, FamilyProfile};
use crate::text::{text, Text};
use serde::Serialize;

/// One art. 28 warning.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// `need_mismatch`, `premium_beyond_budget` or `duplicate_indemnity`.
    pub code: &'static str,
    pub message: Text,
}

fn need_mismatch(message: Text) -> Warning {
    Warning {
        code: "need_mismatch",
        message,
    }
}

/// Warnings for a family analysis.
pub fn family(
    p: &FamilyProfile,
    dime: &Dime,
    ci: &CriticalIllness,
    afford: &Affordability,
) -> Vec<Warning> {
    let mut out = Vec::new();
    match p.product_kind.as_deref() {
        Some("term_life") if !dime.more_cover_needed => out.push(need_mismatch(text(
            "按 DIME 计算，现有寿险和存款已覆盖家庭所需，所谈的定期寿险与需求不符。",
            "By DIME, existing life cover and savings already meet the family's need; the term life \
             policy discussed does not match a need.",
        ))),
        Some("critical_illness") if !ci.more_cover_needed => out.push(need_mismatch(text(
            format!("现有重疾保障 {} 已达到建议额度，所谈产品与需求不符。", whole_text(p.existing_ci_cover)),
            format!(
                "Existing critical illness cover of {} already meets the suggested amount; the product \
                 discussed does not match a need.",
                whole_text(p.existing_ci_cover)
            ),
        ))),
        Some("property") => out.push(need_mismatch(text(
            "家庭需求分析不涉及企业财产险，所谈产品与需求不符。",
            "The family analysis does not call for enterprise property insurance; the product \
             discussed does not match a need.",
        ))),
        Some("medical") if p.existing_medical_cover == Some(true) => out.push(Warning {
            code: "duplicate_indemnity",
            message: text(
                "已有商业医疗保险。医疗费用按补偿原则赔付，重复投保不会多赔，只会多付保费。",
                "There is already private medical cover. Medical costs are indemnified: a second policy \
                 pays nothing more for the same bill, only costs more premium.",
            ),
        }),
        _ => {}
    }
    if let (Some(premium), Some(false)) = (p.quoted_premium, afford.within_budget) {
        out.push(Warning {
            code: "premium_beyond_budget",
            message: text(
                format!(
                    "年保费 {} 超出预算 {}（收入的 {}）。",
                    premium_text(premium),
                    premium_text(afford.annual_budget),
                    percent(p.premium_budget_share)
                ),
                format!(
                    "The annual premium of {} is beyond the budget of {} ({} of income).",
                    premium_text(premium),
                    premium_text(afford.annual_budget),
                    percent(p.premium_budget_share)
                ),
            ),
        });
    }
    out
}

/// Warnings for an enterprise analysis.
pub fn enterprise(p: &EnterpriseProfile, risks: &[RiskAdvice]) -> Vec<Warning> {
    let mut out = Vec::new();
    for r in risks {
        let retain = matches!(
            r.decision,
            Decision::Retain | Decision::RetainWithLossControl
        );
        if retain && r.inputs.premium.is_some() {
            out.push(need_mismatch(text(
                format!("分析结果是自留“{}”风险；为它投保不符合客户利益。", r.label.zh),
                format!(
                    "The analysis says to retain the risk “{}”; insuring it is not in the client's interest.",
                    r.label.en
                ),
            )));
        }
    }
    if p.product_kind.as_deref() == Some("property") && p.existing_property_cover == Some(true) {
        out.push(Warning {
            code: "duplicate_indemnity",
            message: text(
                "企业已有财产保险。财产损失按补偿原则赔付，重复投保不会多赔。",
                "The firm already has property cover. Property losses are indemnified: a second policy \
                 pays nothing more for the same loss.",
            ),
        });
    }
    out
}
