//! The family needs methods, side by side: DIME, human life value, income multiple, critical
//! illness, disability income, emergency fund and premium affordability.
//!
//! Each method is a small pure function (in `life_cover` and `protection`) returning its own
//! result, with its formula, inputs and assumptions, so a person can check every number by hand.

use super::household::{self, IdentifiedRisk, LifeStageAdvice};
pub use super::life_cover::*;
use super::profile::FamilyProfile;
pub use super::protection::*;
use super::warnings::{self, Warning};
use super::{product_id, text, yuan, Text, ENGINE_VERSION};
use crate::money::Money;
use crate::Result;
use serde::Serialize;

/// The whole family analysis.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyAdvice {
    pub engine_version: &'static str,
    pub kind: &'static str,
    pub life_stage: Option<LifeStageAdvice>,
    pub dime: Dime,
    pub human_life_value: HumanLifeValue,
    pub income_multiple: IncomeMultiple,
    pub critical_illness: CriticalIllness,
    pub disability_income: DisabilityIncome,
    pub emergency_fund: EmergencyFund,
    pub premium_affordability: Affordability,
    /// Risks found in the answers, most severe first.
    pub risks: Vec<IdentifiedRisk>,
    /// Kinds of cover the numbers call for, each linked to the product whose clauses explain it.
    pub recommendations: Vec<Recommendation>,
    /// NFRA art. 28 warnings, to be shown and kept with the result.
    pub warnings: Vec<Warning>,
    /// One plain sentence; says "no more cover needed" when that is the case.
    pub conclusion: Text,
}

/// A kind of cover the analysis calls for.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// `term_life`, `critical_illness`, `medical`, `accident` or `property`.
    pub product_kind: &'static str,
    /// The product in the content library whose clauses explain this cover.
    pub product_id: &'static str,
    /// The method that found the need.
    pub method: &'static str,
    /// The amount of cover the method suggests, when it gives one.
    pub amount: Option<Money>,
    pub reason: Text,
}

/// Runs every family method and derives risks, recommendations and warnings from them.
pub fn analyse_family(p: &FamilyProfile) -> Result<FamilyAdvice> {
    let dime = dime(p)?;
    let hlv = human_life_value(p)?;
    let multiple = income_multiple(p)?;
    let ci = critical_illness(p)?;
    let di = disability_income(p)?;
    let ef = emergency_fund(p)?;
    let afford = premium_affordability(p)?;
    let risks = household::identify(p, &dime, &ci, &di, &ef, &afford);
    let recommendations = recommend(p, &dime, &ci);
    let warnings = warnings::family(p, &dime, &ci, &afford);
    let conclusion = if recommendations.is_empty() {
        text(
            "按这些数字，不需要再增加保障。",
            "On these numbers, no more cover is needed.",
        )
    } else {
        let kinds: Vec<&str> = recommendations.iter().map(|r| r.product_kind).collect();
        text(
            format!("按这些数字，建议考虑的保障：{}。", kinds.join("、")),
            format!("On these numbers, cover to consider: {}.", kinds.join(", ")),
        )
    };
    Ok(FamilyAdvice {
        engine_version: ENGINE_VERSION,
        kind: "family",
        life_stage: p.age.map(household::life_stage_advice),
        dime,
        human_life_value: hlv,
        income_multiple: multiple,
        critical_illness: ci,
        disability_income: di,
        emergency_fund: ef,
        premium_affordability: afford,
        risks,
        recommendations,
        warnings,
        conclusion,
    })
}

fn recommend(p: &FamilyProfile, dime: &Dime, ci: &CriticalIllness) -> Vec<Recommendation> {
    let mut out = Vec::new();
    if dime.more_cover_needed {
        out.push(Recommendation {
            product_kind: "term_life",
            product_id: product_id("term_life"),
            method: "dime",
            amount: Some(dime.gap),
            reason: text(
                format!("家人所需与现有保障和存款之间相差 {}。", yuan(dime.gap)),
                format!(
                    "The family's need exceeds existing cover and savings by {}.",
                    yuan(dime.gap)
                ),
            ),
        });
    }
    if ci.more_cover_needed {
        out.push(Recommendation {
            product_kind: "critical_illness",
            product_id: product_id("critical_illness"),
            method: "critical_illness",
            amount: Some(ci.gap),
            reason: text(
                format!(
                    "重疾保障缺口 {}，用于治疗和康复期间的收入损失。",
                    yuan(ci.gap)
                ),
                format!(
                    "A critical illness gap of {} for treatment and lost income while recovering.",
                    yuan(ci.gap)
                ),
            ),
        });
    }
    if p.existing_medical_cover == Some(false) {
        out.push(Recommendation {
            product_kind: "medical",
            product_id: product_id("medical"),
            method: "risk_identification",
            amount: None,
            reason: text(
                "目前没有商业医疗保险，大额医疗费用需自付。",
                "There is no private medical cover; large medical bills would be paid out of pocket.",
            ),
        });
    }
    if p.existing_accident_cover == Some(false) {
        out.push(Recommendation {
            product_kind: "accident",
            product_id: product_id("accident"),
            method: "risk_identification",
            amount: None,
            reason: text(
                "目前没有意外保障，意外伤残或身故会直接影响家庭收入。",
                "There is no accident cover; an accidental disability or death would cut the household's income.",
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests;
