//! Life cover needs: DIME, human life value and the income-multiple rule of thumb.

use super::profile::FamilyProfile;
use crate::money::{Money, Ratio};
use crate::text::{text, Text};
use crate::{Error, Result};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Dime {
    pub method: &'static str,
    pub formula: &'static str,
    pub inputs: DimeInputs,
    pub assumptions: DimeAssumptions,
    /// annual_income x family_share: the income a death takes away from the family, a year.
    pub income_replaced: Money,
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
    /// The same share of income the human life value uses: one basis for the income lost.
    pub family_share: Ratio,
}

/// DIME: debts + the family's share of income x years of support + mortgage + education + final
/// expenses; the gap subtracts existing life cover and liquid assets and never goes below zero.
///
/// The income term is `annual_income x family_share`, as in the human life value: a death takes
/// away what the earner's income did for the family, not the part the earner spent on
/// themselves, so both methods value the same loss.
pub fn dime(p: &FamilyProfile) -> Result<Dime> {
    let f = "dime";
    let income_replaced = p.annual_income.times_ratio(p.family_share, f)?;
    let need = p
        .debts
        .checked_add(income_replaced.times(p.support_years, f)?, f)?
        .checked_add(p.mortgage, f)?
        .checked_add(p.education, f)?
        .checked_add(p.final_expenses, f)?;
    let have = p.existing_life_cover.checked_add(p.liquid_assets, f)?;
    let gap = need.gap_after(have);
    Ok(Dime {
        method: "dime",
        formula:
            "need = debts + annual_income x family_share x support_years + mortgage + education + \
                  final_expenses; gap = max(0, need - existing_life_cover - liquid_assets)",
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
            family_share: p.family_share,
        },
        income_replaced,
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
    /// The ordinary-annuity factor, to nine decimals (computed in floating point); for the details
    /// view and the record, never the client's main screen.
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
