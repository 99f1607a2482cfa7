//! The advice profile: the JSON a questionnaire produces and `presale advise` reads.
//!
//! Field names are stable (README.md, "Advice profile"). Every field is checked here with its name
//! and range, so the advice methods can trust their inputs; defaults are written beside each field.

use super::assumptions::{self, Assumption};
use super::fields::{Fields, Range};
use crate::money::{Money, Ratio, RATIO_SCALE};
use crate::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// Kinds of product the advice may recommend, as in the products' front matter `kind`.
pub const PRODUCT_KINDS: &[&str] = &[
    "critical_illness",
    "term_life",
    "medical",
    "accident",
    "property",
];

/// Hazards an enterprise questionnaire may report; each has a loss-prevention suggestion.
pub const HAZARDS: &[&str] = &[
    "flammable_stock",
    "explosive_stock",
    "overloaded_machinery",
    "poor_maintenance",
    "weak_fire_protection",
    "flood_exposure",
];

/// The sexes a rate table may distinguish.
pub const SEXES: &[&str] = &["male", "female"];

/// Top-level fields of a family profile.
pub const FAMILY_FIELDS: &[&str] = &[
    "kind",
    "annual_income",
    "support_years",
    "debts",
    "mortgage",
    "education",
    "final_expenses",
    "existing_life_cover",
    "liquid_assets",
    "family_share",
    "years_to_retirement",
    "discount_rate",
    "monthly_expenses",
    "emergency_months",
    "existing_ci_cover",
    "ci_multiple",
    "existing_disability_monthly",
    "disability_replacement",
    "premium_budget_share",
    "income_multiple_low",
    "income_multiple_high",
    "age",
    "dependents",
    "existing_medical_cover",
    "existing_accident_cover",
    "health_history",
    "product_kind",
    "quoted_premium",
    "sex",
];

/// Top-level fields of an enterprise profile.
pub const ENTERPRISE_FIELDS: &[&str] = &[
    "kind",
    "industry",
    "loss_capacity",
    "expected_return",
    "return_threshold",
    "high_frequency",
    "hazards",
    "hazard_factors",
    "risks",
    "product_kind",
    "existing_property_cover",
];

/// Fields of one enterprise risk.
pub const RISK_FIELDS: &[&str] = &[
    "name",
    "frequency",
    "severity",
    "max_loss",
    "premium",
    "retention_cost",
    "payout_years",
    "outcomes",
];

/// The values a text field of the profile may take, for the questionnaire checker.
pub fn known_values(field: &str) -> Option<&'static [&'static str]> {
    match field {
        "product_kind" => Some(PRODUCT_KINDS),
        "hazards" => Some(HAZARDS),
        "kind" => Some(&["family", "enterprise"]),
        "sex" => Some(SEXES),
        _ => None,
    }
}

/// A household's situation and the assumptions of the needs methods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyProfile {
    pub annual_income: Money,
    pub support_years: i64,
    pub debts: Money,
    pub mortgage: Money,
    pub education: Money,
    pub final_expenses: Money,
    pub existing_life_cover: Money,
    pub liquid_assets: Money,
    pub family_share: Ratio,
    pub years_to_retirement: i64,
    pub discount_rate: Ratio,
    pub monthly_expenses: Money,
    pub emergency_months: i64,
    pub existing_ci_cover: Money,
    pub ci_multiple: Ratio,
    pub existing_disability_monthly: Money,
    pub disability_replacement: Ratio,
    pub premium_budget_share: Ratio,
    pub income_multiple_low: Ratio,
    pub income_multiple_high: Ratio,
    pub age: Option<i64>,
    pub dependents: Option<i64>,
    pub existing_medical_cover: Option<bool>,
    pub existing_accident_cover: Option<bool>,
    pub health_history: Option<bool>,
    pub product_kind: Option<String>,
    pub quoted_premium: Option<Money>,
    /// `male` or `female`, for rate tables that depend on it; `None`: not given.
    pub sex: Option<String>,
}

/// A firm's capacity to bear losses and the risks it faces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseProfile {
    pub industry: Option<String>,
    pub loss_capacity: Money,
    pub expected_return: Ratio,
    pub return_threshold: Ratio,
    pub high_frequency: Ratio,
    pub hazards: Vec<String>,
    /// How much each hazard found multiplies a risk's frequency (stated in content).
    pub hazard_factors: Vec<super::enterprise::HazardFactor>,
    pub risks: Vec<RiskInput>,
    pub product_kind: Option<String>,
    pub existing_property_cover: Option<bool>,
}

/// One risk of a firm: how often, how much, how bad at worst, and what insuring it costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskInput {
    pub name: String,
    /// Expected losses per year.
    pub frequency: Ratio,
    /// Average loss when one happens.
    pub severity: Money,
    pub max_loss: Money,
    /// The quoted annual premium to transfer it, if there is one.
    pub premium: Option<Money>,
    /// Yearly cost of retaining beyond the losses themselves (administration, loss control).
    pub retention_cost: Money,
    /// Over how many years the losses are paid out.
    pub payout_years: i64,
    /// The loss distribution, when given instead of frequency and severity.
    pub outcomes: Option<Vec<Outcome>>,
    /// Fields left to their default (`retention_cost`, `payout_years`): shown as assumptions.
    pub assumed: Vec<&'static str>,
}

/// One possible yearly loss and its probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub loss: Money,
    pub probability: Ratio,
}

/// A parsed profile of either kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Profile {
    Family(FamilyProfile),
    Enterprise(EnterpriseProfile),
}

const SHARE: Range<Ratio> = Range {
    min: Ratio::ZERO,
    max: Ratio::ONE,
};

impl Profile {
    /// Reads and checks a profile; errors name the field at fault.
    pub fn from_json(v: &Value) -> Result<Profile> {
        let mut f = Fields::of(v, "", "profile")?;
        let kind = f.string("kind")?;
        let profile = match kind.as_str() {
            "family" => Profile::Family(family(&mut f)?),
            "enterprise" => Profile::Enterprise(enterprise(&mut f)?),
            other => {
                return Err(Error::invalid(
                    "kind",
                    format!("must be `family` or `enterprise`, got `{other}`"),
                ))
            }
        };
        f.finish()?;
        Ok(profile)
    }

    /// Reads a profile from JSON text.
    pub fn from_json_text(text: &str) -> Result<Profile> {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                "profile",
                format!("not valid JSON (line {}, column {})", e.line(), e.column()),
            )
        })?;
        Profile::from_json(&v)
    }
}

fn family(f: &mut Fields<'_>) -> Result<FamilyProfile> {
    let zero = Some(Money::ZERO);
    let p = FamilyProfile {
        annual_income: f.money("annual_income", None)?,
        support_years: assumed_whole(f, "support_years")?,
        debts: f.money("debts", zero)?,
        mortgage: f.money("mortgage", zero)?,
        education: f.money("education", zero)?,
        final_expenses: f.money("final_expenses", zero)?,
        existing_life_cover: f.money("existing_life_cover", zero)?,
        liquid_assets: f.money("liquid_assets", zero)?,
        family_share: assumed(f, "family_share")?,
        years_to_retirement: assumed_whole(f, "years_to_retirement")?,
        discount_rate: assumed(f, "discount_rate")?,
        monthly_expenses: f.money("monthly_expenses", None)?,
        emergency_months: assumed_whole(f, "emergency_months")?,
        existing_ci_cover: f.money("existing_ci_cover", zero)?,
        ci_multiple: assumed(f, "ci_multiple")?,
        existing_disability_monthly: f.money("existing_disability_monthly", zero)?,
        disability_replacement: assumed(f, "disability_replacement")?,
        premium_budget_share: assumed(f, "premium_budget_share")?,
        income_multiple_low: assumed(f, "income_multiple_low")?,
        income_multiple_high: assumed(f, "income_multiple_high")?,
        age: f.opt_whole("age", Range { min: 0, max: 120 })?,
        dependents: f.opt_whole("dependents", Range { min: 0, max: 30 })?,
        existing_medical_cover: f.opt_bool("existing_medical_cover")?,
        existing_accident_cover: f.opt_bool("existing_accident_cover")?,
        health_history: f.opt_bool("health_history")?,
        product_kind: product_kind(f)?,
        quoted_premium: f.opt_money("quoted_premium")?,
        sex: sex(f)?,
    };
    if p.income_multiple_low > p.income_multiple_high {
        return Err(Error::invalid(
            "income_multiple_low",
            format!(
                "must not exceed income_multiple_high ({})",
                p.income_multiple_high
            ),
        ));
    }
    Ok(p)
}

/// An editable assumption of ratio type, with its default and range from the table.
fn assumed(f: &mut Fields<'_>, field: &'static str) -> Result<Ratio> {
    let a = assumption(field)?;
    f.ratio(
        field,
        a.default,
        Range {
            min: a.min,
            max: a.max,
        },
    )
}

/// An editable assumption of whole-number type (years, months).
fn assumed_whole(f: &mut Fields<'_>, field: &'static str) -> Result<i64> {
    let a = assumption(field)?;
    let whole = |r: Ratio| r.millionths() / RATIO_SCALE;
    f.whole(
        field,
        a.default.map(whole),
        Range {
            min: whole(a.min),
            max: whole(a.max),
        },
    )
}

fn assumption(field: &str) -> Result<&'static Assumption> {
    // The table lists every assumption read here (tested); this guards against a rename.
    assumptions::get(field)
        .ok_or_else(|| Error::Content(format!("no assumption `{field}` in the table")))
}

fn sex(f: &mut Fields<'_>) -> Result<Option<String>> {
    let Some(sex) = f.opt_string("sex")? else {
        return Ok(None);
    };
    if !SEXES.contains(&sex.as_str()) {
        return Err(Error::invalid(
            "sex",
            format!("unknown value `{sex}`; use `male` or `female`"),
        ));
    }
    Ok(Some(sex))
}

fn product_kind(f: &mut Fields<'_>) -> Result<Option<String>> {
    let Some(kind) = f.opt_string("product_kind")? else {
        return Ok(None);
    };
    if !PRODUCT_KINDS.contains(&kind.as_str()) {
        return Err(Error::invalid(
            "product_kind",
            format!(
                "unknown kind `{kind}`; use one of {}",
                PRODUCT_KINDS.join(", ")
            ),
        ));
    }
    Ok(Some(kind))
}

fn enterprise(f: &mut Fields<'_>) -> Result<EnterpriseProfile> {
    let industry = f.opt_string("industry")?;
    if industry.as_ref().is_some_and(|s| s.chars().count() > 200) {
        return Err(Error::invalid("industry", "must be at most 200 characters"));
    }
    let loss_capacity = f.money("loss_capacity", None)?;
    let expected_return = assumed(f, "expected_return")?;
    let return_threshold = assumed(f, "return_threshold")?;
    let high_frequency = assumed(f, "high_frequency")?;
    let hazards = hazards(f)?;
    let hazard_factors = super::enterprise::hazard_factors(f, &hazards)?;
    let risks = match f.raw("risks") {
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, item)| risk(item, i))
            .collect::<Result<Vec<_>>>()?,
        Some(Value::Array(_)) => {
            return Err(Error::invalid("risks", "must list at least one risk"))
        }
        Some(_) => return Err(Error::invalid("risks", "must be a list of risks")),
        None => return Err(Error::invalid("risks", "is required")),
    };
    Ok(EnterpriseProfile {
        industry,
        loss_capacity,
        expected_return,
        return_threshold,
        high_frequency,
        hazards,
        hazard_factors,
        risks,
        product_kind: product_kind(f)?,
        existing_property_cover: f.opt_bool("existing_property_cover")?,
    })
}

fn hazards(f: &mut Fields<'_>) -> Result<Vec<String>> {
    let Some(v) = f.raw("hazards") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = v else {
        return Err(Error::invalid("hazards", "must be a list"));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(h) if HAZARDS.contains(&h) => {
                if !out.iter().any(|o| o == h) {
                    out.push(h.to_string());
                }
            }
            _ => {
                return Err(Error::invalid(
                    format!("hazards[{i}]"),
                    format!("unknown hazard; use one of {}", HAZARDS.join(", ")),
                ))
            }
        }
    }
    Ok(out)
}

fn risk(v: &Value, i: usize) -> Result<RiskInput> {
    let prefix = format!("risks[{i}].");
    let mut f = Fields::of(v, &prefix, &format!("risks[{i}]"))?;
    let name = f.string("name")?;
    if name.trim().is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid(
            f.name("name"),
            "must be 1 to 100 characters",
        ));
    }
    let premium = f.opt_money("premium")?;
    let assumed = ["retention_cost", "payout_years"]
        .into_iter()
        .filter(|k| f.raw(k).is_none())
        .collect();
    let retention_cost = f.money("retention_cost", Some(Money::ZERO))?;
    let payout_years = f.whole("payout_years", Some(1), Range { min: 1, max: 50 })?;
    let outcomes = match f.raw("outcomes") {
        None => None,
        Some(list) => Some(outcomes(list, &prefix)?),
    };
    let given_max = f.opt_money("max_loss")?;
    let (frequency, severity, max_loss) = match &outcomes {
        Some(list) => {
            if f.raw("frequency").is_some() || f.raw("severity").is_some() {
                return Err(Error::invalid(
                    f.name("outcomes"),
                    "give either outcomes or frequency and severity, not both",
                ));
            }
            let (freq, sev, worst) = summarise(list, &f.name("outcomes"))?;
            (freq, sev, given_max.unwrap_or(worst))
        }
        None => {
            let frequency = f.ratio(
                "frequency",
                None,
                Range {
                    min: Ratio::ZERO,
                    max: Ratio::whole(10_000),
                },
            )?;
            let severity = f.money("severity", None)?;
            let max_loss =
                given_max.ok_or_else(|| Error::invalid(f.name("max_loss"), "is required"))?;
            (frequency, severity, max_loss)
        }
    };
    if max_loss < severity {
        return Err(Error::invalid(
            f.name("max_loss"),
            format!("must be at least the average loss ({severity})"),
        ));
    }
    f.finish()?;
    Ok(RiskInput {
        name,
        frequency,
        severity,
        max_loss,
        premium,
        retention_cost,
        payout_years,
        outcomes,
        assumed,
    })
}

fn outcomes(v: &Value, prefix: &str) -> Result<Vec<Outcome>> {
    let field = format!("{prefix}outcomes");
    let Value::Array(items) = v else {
        return Err(Error::invalid(
            field,
            "must be a list of {loss, probability}",
        ));
    };
    if items.is_empty() {
        return Err(Error::invalid(field, "must list at least one outcome"));
    }
    let mut out = Vec::new();
    let mut total = Ratio::ZERO;
    for (i, item) in items.iter().enumerate() {
        let p = format!("{field}[{i}].");
        let mut f = Fields::of(item, &p, &format!("{field}[{i}]"))?;
        let loss = f.money("loss", None)?;
        let probability = f.ratio("probability", None, SHARE)?;
        f.finish()?;
        total = Ratio::from_millionths(total.millionths() + probability.millionths());
        out.push(Outcome { loss, probability });
    }
    if total > Ratio::ONE {
        return Err(Error::invalid(
            field,
            format!("probabilities add up to {total}, more than 1"),
        ));
    }
    Ok(out)
}

/// Frequency (the probability of any loss in a year), average loss when one happens, and the
/// worst loss of a distribution.
fn summarise(list: &[Outcome], field: &str) -> Result<(Ratio, Money, Money)> {
    let mut expected: i128 = 0;
    let mut frequency = 0i64;
    let mut worst = Money::ZERO;
    for o in list {
        expected += i128::from(o.loss.minor()) * i128::from(o.probability.millionths());
        if o.loss > Money::ZERO && o.probability > Ratio::ZERO {
            frequency += o.probability.millionths();
            worst = worst.max(o.loss);
        }
    }
    // severity = E[loss] / P(loss), rounded once to the fen.
    let severity = if frequency == 0 {
        Money::ZERO
    } else {
        let v = crate::money::div_round_half_up(expected, i128::from(frequency));
        Money::from_minor(
            i64::try_from(v).map_err(|_| Error::invalid(field, "the amounts are too large"))?,
        )
    };
    Ok((Ratio::from_millionths(frequency), severity, worst))
}

#[cfg(test)]
mod tests;
