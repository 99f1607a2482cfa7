//! The family needs methods, side by side: DIME, human life value, income multiple, critical
//! illness, disability income, emergency fund and premium affordability.
//!
//! Each method is a small pure function returning its own result, with its formula, inputs and
//! assumptions, so a person can check every number by hand.

use super::household::{self, IdentifiedRisk, LifeStageAdvice};
use super::profile::FamilyProfile;
use super::warnings::{self, Warning};
use super::{product_id, text, yuan, Text, ENGINE_VERSION};
use crate::money::{div_round_half_up, Money, Ratio, RATIO_SCALE};
use crate::{Error, Result};
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

#[derive(Debug, Clone, Serialize)]
pub struct Dime {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: DimeInputs,
    pub assumptions: DimeAssumptions,
    pub need: Money,
    pub gap: Money,
    pub more_cover_needed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimeInputs {
    pub annual_income: Money,
    pub debts: Money,
    pub mortgage: Money,
    pub education: Money,
    pub final_expenses: Money,
    pub existing_life_cover: Money,
    pub liquid_assets: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimeAssumptions {
    pub support_years: i64,
}

/// DIME: debts + income x years of support + mortgage + education + final expenses; the gap
/// subtracts existing life cover and liquid assets and never goes below zero.
pub fn dime(p: &FamilyProfile) -> Result<Dime> {
    let f = "dime";
    let need = p
        .debts
        .checked_add(p.annual_income.times(p.support_years, f)?, f)?
        .checked_add(p.mortgage, f)?
        .checked_add(p.education, f)?
        .checked_add(p.final_expenses, f)?;
    let have = p.existing_life_cover.checked_add(p.liquid_assets, f)?;
    let gap = need.gap_after(have);
    Ok(Dime {
        method: "dime",
        formula:
            "need = debts + annual_income x support_years + mortgage + education + final_expenses; \
                  gap = max(0, need - existing_life_cover - liquid_assets)",
        inputs: DimeInputs {
            annual_income: p.annual_income,
            debts: p.debts,
            mortgage: p.mortgage,
            education: p.education,
            final_expenses: p.final_expenses,
            existing_life_cover: p.existing_life_cover,
            liquid_assets: p.liquid_assets,
        },
        assumptions: DimeAssumptions {
            support_years: p.support_years,
        },
        need,
        gap,
        more_cover_needed: gap > Money::ZERO,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct HumanLifeValue {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: HlvInputs,
    pub assumptions: HlvAssumptions,
    /// annual_income x family_share, rounded to the fen.
    pub annual_contribution: Money,
    /// The ordinary-annuity factor, shown to nine decimals (computed in floating point).
    pub annuity_factor: String,
    pub value: Money,
    pub gap: Money,
    pub more_cover_needed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HlvInputs {
    pub annual_income: Money,
    pub existing_life_cover: Money,
    pub liquid_assets: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct HlvAssumptions {
    pub family_share: Ratio,
    pub years_to_retirement: i64,
    pub discount_rate: Ratio,
}

/// Human life value: the present value of the family's share of earnings until retirement, as an
/// ordinary annuity (paid at each year's end). The factor is computed in floating point and the
/// value rounded once, half up, to the fen.
pub fn human_life_value(p: &FamilyProfile) -> Result<HumanLifeValue> {
    let f = "human_life_value";
    let contribution = p.annual_income.times_ratio(p.family_share, f)?;
    let n = p.years_to_retirement;
    let r = p.discount_rate.to_f64();
    let factor = if p.discount_rate == Ratio::ZERO {
        n as f64
    } else {
        (1.0 - (1.0 + r).powi(-(n as i32))) / r
    };
    let raw = (contribution.minor() as f64 * factor).round();
    // i64::MAX as f64 rounds up to 2^63, so `<` keeps the cast in range.
    if !raw.is_finite() || raw >= i64::MAX as f64 {
        return Err(Error::invalid(f, "the amount is too large to compute with"));
    }
    let value = Money::from_minor(raw as i64);
    let have = p.existing_life_cover.checked_add(p.liquid_assets, f)?;
    let gap = value.gap_after(have);
    Ok(HumanLifeValue {
        method: "human_life_value",
        formula:
            "value = annual_income x family_share x (1 - (1 + discount_rate)^-years_to_retirement) \
                  / discount_rate; gap = max(0, value - existing_life_cover - liquid_assets)",
        inputs: HlvInputs {
            annual_income: p.annual_income,
            existing_life_cover: p.existing_life_cover,
            liquid_assets: p.liquid_assets,
        },
        assumptions: HlvAssumptions {
            family_share: p.family_share,
            years_to_retirement: n,
            discount_rate: p.discount_rate,
        },
        annual_contribution: contribution,
        annuity_factor: format!("{factor:.9}"),
        value,
        gap,
        more_cover_needed: gap > Money::ZERO,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct IncomeMultiple {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: IncomeInput,
    pub assumptions: MultipleAssumptions,
    pub low: Money,
    pub high: Money,
    /// Shown beside the calculations, never alone.
    pub note: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncomeInput {
    pub annual_income: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct MultipleAssumptions {
    pub income_multiple_low: Ratio,
    pub income_multiple_high: Ratio,
}

/// The rule of thumb: 10 to 15 times annual income, as a range.
pub fn income_multiple(p: &FamilyProfile) -> Result<IncomeMultiple> {
    let f = "income_multiple";
    Ok(IncomeMultiple {
        method: "income_multiple",
        formula: "annual_income x income_multiple_low .. annual_income x income_multiple_high",
        inputs: IncomeInput {
            annual_income: p.annual_income,
        },
        assumptions: MultipleAssumptions {
            income_multiple_low: p.income_multiple_low,
            income_multiple_high: p.income_multiple_high,
        },
        low: p.annual_income.times_ratio(p.income_multiple_low, f)?,
        high: p.annual_income.times_ratio(p.income_multiple_high, f)?,
        note: text(
            "经验法则，仅供与上面的计算对照，不单独作为依据。",
            "A rule of thumb, shown beside the calculations and never used alone.",
        ),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct CriticalIllness {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: CiInputs,
    pub assumptions: CiAssumptions,
    pub need: Money,
    pub gap: Money,
    /// The need at the ends of the usual range (2 and 5 x income).
    pub range_low: Money,
    pub range_high: Money,
    pub more_cover_needed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CiInputs {
    pub annual_income: Money,
    pub existing_ci_cover: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct CiAssumptions {
    pub ci_multiple: Ratio,
}

/// Critical illness: a multiple of annual income (default 3, usual range 2-5) minus existing cover.
pub fn critical_illness(p: &FamilyProfile) -> Result<CriticalIllness> {
    let f = "critical_illness";
    let need = p.annual_income.times_ratio(p.ci_multiple, f)?;
    let gap = need.gap_after(p.existing_ci_cover);
    Ok(CriticalIllness {
        method: "critical_illness",
        formula: "need = annual_income x ci_multiple; gap = max(0, need - existing_ci_cover)",
        inputs: CiInputs {
            annual_income: p.annual_income,
            existing_ci_cover: p.existing_ci_cover,
        },
        assumptions: CiAssumptions {
            ci_multiple: p.ci_multiple,
        },
        need,
        gap,
        range_low: p.annual_income.times(2, f)?,
        range_high: p.annual_income.times(5, f)?,
        more_cover_needed: gap > Money::ZERO,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct DisabilityIncome {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: DiInputs,
    pub assumptions: DiAssumptions,
    pub monthly_need: Money,
    pub monthly_gap: Money,
    /// The monthly need at 60 % and 70 %, the usual range.
    pub range_low: Money,
    pub range_high: Money,
    pub more_cover_needed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiInputs {
    pub annual_income: Money,
    pub existing_disability_monthly: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiAssumptions {
    pub disability_replacement: Ratio,
}

/// The monthly income `share` of `annual` replaces, rounded once to the fen.
fn monthly_share(annual: Money, share: Ratio, field: &str) -> Result<Money> {
    let v = div_round_half_up(
        i128::from(annual.minor()) * i128::from(share.millionths()),
        i128::from(RATIO_SCALE) * 12,
    );
    i64::try_from(v)
        .map(Money::from_minor)
        .map_err(|_| Error::invalid(field, "the amount is too large to compute with"))
}

/// Disability income: a replacement share of income (default 60 %, usual 60-70 %), per month,
/// minus the monthly benefit already covered.
pub fn disability_income(p: &FamilyProfile) -> Result<DisabilityIncome> {
    let f = "disability_income";
    let need = monthly_share(p.annual_income, p.disability_replacement, f)?;
    let gap = need.gap_after(p.existing_disability_monthly);
    Ok(DisabilityIncome {
        method: "disability_income",
        formula: "monthly_need = annual_income x disability_replacement / 12; \
                  monthly_gap = max(0, monthly_need - existing_disability_monthly)",
        inputs: DiInputs {
            annual_income: p.annual_income,
            existing_disability_monthly: p.existing_disability_monthly,
        },
        assumptions: DiAssumptions {
            disability_replacement: p.disability_replacement,
        },
        monthly_need: need,
        monthly_gap: gap,
        range_low: monthly_share(p.annual_income, Ratio::from_percent(60), f)?,
        range_high: monthly_share(p.annual_income, Ratio::from_percent(70), f)?,
        more_cover_needed: gap > Money::ZERO,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct EmergencyFund {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: EfInputs,
    pub assumptions: EfAssumptions,
    pub target: Money,
    pub shortfall: Money,
    /// How many months current liquid assets cover, to one decimal; `None` with no expenses.
    pub months_covered: Option<String>,
    pub sufficient: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EfInputs {
    pub monthly_expenses: Money,
    pub liquid_assets: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct EfAssumptions {
    pub emergency_months: i64,
}

/// Emergency fund: months of expenses (default 6), and how many months savings cover now.
pub fn emergency_fund(p: &FamilyProfile) -> Result<EmergencyFund> {
    let target = p
        .monthly_expenses
        .times(p.emergency_months, "emergency_fund")?;
    let shortfall = target.gap_after(p.liquid_assets);
    let months_covered = (p.monthly_expenses > Money::ZERO).then(|| {
        let tenths = div_round_half_up(
            i128::from(p.liquid_assets.minor()) * 10,
            i128::from(p.monthly_expenses.minor()),
        );
        format!("{}.{}", tenths / 10, tenths % 10)
    });
    Ok(EmergencyFund {
        method: "emergency_fund",
        formula: "target = monthly_expenses x emergency_months; shortfall = max(0, target - liquid_assets); \
                  months_covered = liquid_assets / monthly_expenses",
        inputs: EfInputs {
            monthly_expenses: p.monthly_expenses,
            liquid_assets: p.liquid_assets,
        },
        assumptions: EfAssumptions {
            emergency_months: p.emergency_months,
        },
        target,
        shortfall,
        months_covered,
        sufficient: shortfall == Money::ZERO,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Affordability {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: AffordInputs,
    pub assumptions: AffordAssumptions,
    pub annual_budget: Money,
    pub monthly_budget: Money,
    /// Whether the quoted premium fits, when one was given.
    pub within_budget: Option<bool>,
    /// How far the quoted premium exceeds the budget (zero when it fits).
    pub excess: Option<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AffordInputs {
    pub annual_income: Money,
    pub quoted_premium: Option<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AffordAssumptions {
    pub premium_budget_share: Ratio,
}

/// Premium affordability: premiums within a budget share of income (default 10 %).
pub fn premium_affordability(p: &FamilyProfile) -> Result<Affordability> {
    let f = "premium_affordability";
    let annual = p.annual_income.times_ratio(p.premium_budget_share, f)?;
    Ok(Affordability {
        method: "premium_affordability",
        formula: "annual_budget = annual_income x premium_budget_share; monthly_budget = annual_budget / 12",
        inputs: AffordInputs {
            annual_income: p.annual_income,
            quoted_premium: p.quoted_premium,
        },
        assumptions: AffordAssumptions {
            premium_budget_share: p.premium_budget_share,
        },
        annual_budget: annual,
        monthly_budget: monthly_share(p.annual_income, p.premium_budget_share, f)?,
        within_budget: p.quoted_premium.map(|q| q <= annual),
        excess: p.quoted_premium.map(|q| q.gap_after(annual)),
    })
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
