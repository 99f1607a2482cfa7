//! Protection needs besides life cover: critical illness, disability income, the emergency fund,
//! and whether premiums fit the budget.

use super::profile::FamilyProfile;
use crate::money::{div_round_half_up, Money, Ratio, RATIO_SCALE};
use crate::{Error, Result};
use serde::Serialize;

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
