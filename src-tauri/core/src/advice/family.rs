//! The family needs methods, side by side: DIME, human life value, income multiple, critical
//! illness, disability income, emergency fund and premium affordability.
//!
//! Each method is a small pure function (in `life_cover` and `protection`) returning its own
//! result, with its formula, inputs and assumptions, so a person can check every number by hand.
//! The life cover sum follows one stated basis (`basis`: the needs method, DIME), with the other
//! methods as cross-checks; every recommendation says its basis in words.

use super::basis::{life_basis, LifeBasis};
use super::household::{self, IdentifiedRisk, LifeStageAdvice};
pub use super::life_cover::*;
use super::people::{kind_name, round_sum, sum_text, whole_text};
use super::premium::{self, IndicativePremium, PremiumPlan};
use super::profile::FamilyProfile;
pub use super::protection::*;
use super::warnings::{self, Warning};
use super::{percent, product_id, ENGINE_VERSION};
use crate::content::rates::RateBook;
use crate::money::Money;
use crate::text::{text, Text};
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
    /// The stated basis of the life cover sum: method, assumptions, why, and the cross-checks.
    pub life_basis: LifeBasis,
    /// The recommendations' indicative premiums together against the budget; `None` when no
    /// recommendation has rates.
    pub premium_plan: Option<PremiumPlan>,
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
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recommendation {
    /// `term_life`, `critical_illness`, `medical`, `accident` or `property`.
    pub product_kind: &'static str,
    /// The product in the content library whose clauses explain this cover.
    pub product_id: &'static str,
    /// The method that found the need.
    pub method: &'static str,
    /// The amount of cover the method suggests, exact, when it gives one.
    pub amount: Option<Money>,
    /// The same, as quoted and shown: to the nearest 10,000 yuan.
    pub rounded_amount: Option<Money>,
    pub reason: Text,
    /// Which method and assumptions the amount follows, in words.
    pub basis: Text,
    /// The indicative premium from the product's rate table, checked against the budget.
    pub indicative_premium: Option<IndicativePremium>,
    /// Why there is none although the product has rates (no age, an age outside the table).
    pub no_premium_reason: Option<Text>,
}

/// Runs every family method without rate tables (no indicative premiums).
pub fn analyse_family(p: &FamilyProfile) -> Result<FamilyAdvice> {
    analyse_family_priced(p, &RateBook::default())
}

/// Runs every family method and derives risks, recommendations (priced from `rates`) and
/// warnings from them.
pub fn analyse_family_priced(p: &FamilyProfile, rates: &RateBook) -> Result<FamilyAdvice> {
    let dime = dime(p)?;
    let hlv = human_life_value(p)?;
    let multiple = income_multiple(p)?;
    let ci = critical_illness(p)?;
    let di = disability_income(p)?;
    let ef = emergency_fund(p)?;
    let afford = premium_affordability(p)?;
    let basis = life_basis(p, &dime, &hlv, &multiple);
    let risks = household::identify(p, &dime, &ci, &di, &ef, &afford);
    let mut recommendations = recommend(p, &dime, &ci, &basis);
    let premium_plan = premium::price(p, afford.annual_budget, rates, &mut recommendations);
    let mut warnings = warnings::family(p, &dime, &ci, &afford);
    // Art. 28 on the recommendation itself: its indicative premiums beyond the budget.
    if let Some(plan) = premium_plan.as_ref().filter(|plan| !plan.within_budget) {
        warnings.push(Warning {
            code: "premium_beyond_budget",
            message: plan.summary.clone(),
        });
    }
    let kinds: Vec<&str> = recommendations.iter().map(|r| r.product_kind).collect();
    let conclusion = conclusion(&kinds, &[]);
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
        life_basis: basis,
        premium_plan,
        risks,
        recommendations,
        warnings,
        conclusion,
    })
}

/// The product a family recommendation of `kind` points to: the one place family
/// recommendations pick a product, so a check that the product covers the risk goes here.
fn product_for(kind: &str) -> &'static str {
    product_id(kind)
}

fn recommend(
    p: &FamilyProfile,
    dime: &Dime,
    ci: &CriticalIllness,
    basis: &LifeBasis,
) -> Vec<Recommendation> {
    let mut out = Vec::new();
    if dime.more_cover_needed {
        out.push(Recommendation {
            product_kind: "term_life",
            product_id: product_for("term_life"),
            method: "dime",
            amount: Some(dime.gap),
            rounded_amount: Some(round_sum(dime.gap)),
            reason: text(
                format!(
                    "家人所需与现有保障和存款之间相差约 {}。",
                    sum_text(dime.gap)
                ),
                format!(
                    "The family's need exceeds existing cover and savings by about {}.",
                    sum_text(dime.gap)
                ),
            ),
            basis: basis.statement.clone(),
            ..Default::default()
        });
    }
    if ci.more_cover_needed {
        let multiple = ci.assumptions.ci_multiple;
        out.push(Recommendation {
            product_kind: "critical_illness",
            product_id: product_for("critical_illness"),
            method: "critical_illness",
            amount: Some(ci.gap),
            rounded_amount: Some(round_sum(ci.gap)),
            reason: text(
                format!(
                    "重疾保障缺口约 {}，用于治疗和康复期间的收入损失。",
                    sum_text(ci.gap)
                ),
                format!(
                    "A critical illness gap of about {} for treatment and lost income while recovering.",
                    sum_text(ci.gap)
                ),
            ),
            basis: text(
                format!(
                    "依据：重疾保额为年收入的 {multiple} 倍（通常 2–5 倍），即约 {}，用于治疗费用和康复期间的收入；减去已有重疾保障 {}。",
                    sum_text(ci.need),
                    whole_text(p.existing_ci_cover)
                ),
                format!(
                    "Basis: critical illness cover of {multiple} x annual income (usually 2–5 x), about {}, for treatment and the income lost while recovering, less the critical illness cover held, {}.",
                    sum_text(ci.need),
                    whole_text(p.existing_ci_cover)
                ),
            ),
            ..Default::default()
        });
    }
    if p.existing_medical_cover == Some(false) {
        out.push(Recommendation {
            product_kind: "medical",
            product_id: product_for("medical"),
            method: "risk_identification",
            amount: None,
            rounded_amount: None,
            reason: text(
                "目前没有商业医疗保险，大额医疗费用需自付。",
                "There is no private medical cover; large medical bills would be paid out of pocket.",
            ),
            basis: text(
                "依据：问卷回答没有商业医疗保险；医疗险按实际费用补偿，不按收入计算保额。",
                "Basis: the answers say there is no private medical cover; medical cover repays actual bills, so its sum does not follow from income.",
            ),
            ..Default::default()
        });
    }
    if p.existing_accident_cover == Some(false) {
        out.push(Recommendation {
            product_kind: "accident",
            product_id: product_for("accident"),
            method: "risk_identification",
            amount: None,
            rounded_amount: None,
            reason: text(
                "目前没有意外保障，意外伤残或身故会直接影响家庭收入。",
                "There is no accident cover; an accidental disability or death would cut the household's income.",
            ),
            basis: text(
                format!(
                    "依据：问卷回答没有意外保障；意外身故的收入损失已计入寿险依据（家庭份额 {}）。",
                    percent(p.family_share)
                ),
                format!(
                    "Basis: the answers say there is no accident cover; the income lost by an accidental death is already in the life cover basis (family share {}).",
                    percent(p.family_share)
                ),
            ),
            ..Default::default()
        });
    }
    out
}

/// The family conclusion in one sentence: the kinds of cover to consider, those for which this
/// library has no product said so, and "no more cover" only when no need is left at all.
pub(super) fn conclusion(kinds: &[&str], without_product: &[&str]) -> Text {
    let names = |list: &[&str]| -> (String, String) {
        let (zh, en): (Vec<String>, Vec<String>) = list
            .iter()
            .map(|k| kind_name(k))
            .map(|n| (n.zh, n.en))
            .unzip();
        (zh.join("、"), en.join(", "))
    };
    let ((zh, en), (zh_none, en_none)) = (names(kinds), names(without_product));
    match (kinds.is_empty(), without_product.is_empty()) {
        (true, true) => text(
            "按这些数字，不需要再增加保障。",
            "On these numbers, no more cover is needed.",
        ),
        (false, true) => text(
            format!("按这些数字，建议考虑的保障：{zh}。"),
            format!("On these numbers, cover to consider: {en}."),
        ),
        (true, false) => text(
            format!("按这些数字，需要{zh_none}，但本产品库中没有承保它的产品。"),
            format!("On these numbers, {en_none} is needed, but no product in this library covers it."),
        ),
        (false, false) => text(
            format!("按这些数字，建议考虑的保障：{zh}；还需要{zh_none}，但本产品库中没有承保它的产品。"),
            format!(
                "On these numbers, cover to consider: {en}; {en_none} is needed too, but no product in this library covers it."
            ),
        ),
    }
}

#[cfg(test)]
mod tests;
