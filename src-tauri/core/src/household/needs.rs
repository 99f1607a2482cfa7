//! Each member's own needs: the family methods run once per earner on that earner's share of the
//! household's needs, and the flat needs of children, parents and other non-earners (medical,
//! accident, critical illness treatment, care).
//!
//! An earner's share is their part of the household's income (or the stated `income_shares`
//! assumption): the mortgage, debts, education, final expenses, spending and savings are split
//! by it, so two earners' DIME needs add up to the household's. Each earner's own income, age and
//! cover go into the same `advice` functions the single-earner analysis uses, unchanged.

use super::model::{Household, Member, PolicyKind, Relation};
use super::Risk;
use crate::advice::people::{round_sum, round_yuan, sum_text, whole_text};
use crate::advice::{self, percent, CriticalIllness, Dime, DisabilityIncome, FamilyProfile};
use crate::advice::{HumanLifeValue, IncomeMultiple, LifeBasis};
use crate::money::{Money, Ratio};
use crate::text::{text, Text};
use crate::Result;
use serde::Serialize;

/// How a need is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A sum of cover, yuan.
    Sum,
    /// A yearly limit of indemnity medical cover, yuan.
    Limit,
    /// A benefit per month, yuan.
    Monthly,
}

/// One risk's need for one member.
#[derive(Debug, Clone, Serialize)]
pub struct Need {
    pub risk: Risk,
    /// Rounded for people (sums to 10,000 yuan, monthly amounts to the yuan); `None`: it cannot
    /// be worked out from what is known.
    pub amount: Option<Money>,
    pub unit: Unit,
    /// Which method and assumptions give it, in words.
    pub basis: Text,
}

/// A method's result for an earner, in the same shape as the single-earner advice's.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Method {
    Dime(Dime),
    HumanLifeValue(HumanLifeValue),
    IncomeMultiple(IncomeMultiple),
    CriticalIllness(CriticalIllness),
    DisabilityIncome(DisabilityIncome),
}

/// What one earner's methods found.
pub struct EarnerMethods {
    pub share: Ratio,
    pub profile: FamilyProfile,
    pub dime: Dime,
    pub hlv: HumanLifeValue,
    pub multiple: IncomeMultiple,
    pub ci: CriticalIllness,
    pub di: DisabilityIncome,
    pub basis: LifeBasis,
}

impl EarnerMethods {
    pub fn list(&self) -> Vec<Method> {
        vec![
            Method::Dime(self.dime.clone()),
            Method::HumanLifeValue(self.hlv.clone()),
            Method::IncomeMultiple(self.multiple.clone()),
            Method::CriticalIllness(self.ci.clone()),
            Method::DisabilityIncome(self.di.clone()),
        ]
    }
}

/// The cover held, per risk, that goes into an earner's methods as "existing cover".
pub struct HeldForMethods {
    pub life: Money,
    pub ci: Money,
    pub disability_monthly: Money,
}

/// Each earner's share of the household's needs: the stated shares, else by income (the last
/// earner takes the rounding, so the shares add up to exactly 1).
pub fn income_shares(h: &Household) -> Vec<(String, Ratio)> {
    if let Some(shares) = &h.assumptions.income_shares {
        return shares.clone();
    }
    let earners: Vec<&Member> = h.members.iter().filter(|m| m.is_earner()).collect();
    let total: i128 = earners
        .iter()
        .map(|m| i128::from(m.annual_income.minor()))
        .sum();
    let mut out = Vec::new();
    let mut given = 0i64;
    for (i, m) in earners.iter().enumerate() {
        let share = if i + 1 == earners.len() {
            Ratio::ONE.millionths() - given
        } else {
            let s = crate::money::div_round_half_up(
                i128::from(m.annual_income.minor()) * i128::from(Ratio::ONE.millionths()),
                total,
            );
            s as i64
        };
        given += share;
        out.push((m.id.clone(), Ratio::from_millionths(share)));
    }
    out
}

/// DIME's years of support: stated, or until the youngest child reaches the independence age
/// (none without children).
pub fn support_years(h: &Household) -> i64 {
    if let Some(years) = h.assumptions.support_years {
        return years;
    }
    h.members
        .iter()
        .filter(|m| m.relation == Relation::Child)
        .map(|m| (h.assumptions.independence_age - h.age(m)).max(0))
        .max()
        .unwrap_or(0)
}

/// Runs the family methods for one earner on their share of the household.
pub fn earner_methods(
    h: &Household,
    m: &Member,
    share: Ratio,
    held: &HeldForMethods,
) -> Result<EarnerMethods> {
    let a = &h.assumptions;
    let hh = &h.household;
    let part = |x: Money| x.times_ratio(share, "household");
    let age = h.age(m);
    let profile = FamilyProfile {
        annual_income: m.annual_income,
        support_years: support_years(h),
        debts: part(hh.debts)?,
        mortgage: part(hh.mortgage)?,
        education: part(hh.education)?,
        final_expenses: part(hh.final_expenses)?,
        existing_life_cover: held.life,
        liquid_assets: part(hh.liquid_assets)?,
        family_share: a.family_share,
        years_to_retirement: (a.retirement_age - age).max(0),
        discount_rate: a.discount_rate,
        monthly_expenses: part(hh.monthly_expenses)?,
        emergency_months: 6,
        existing_ci_cover: held.ci,
        ci_multiple: a.ci_multiple,
        existing_disability_monthly: held.disability_monthly,
        disability_replacement: a.disability_replacement,
        premium_budget_share: hh.premium_budget_share,
        income_multiple_low: a.income_multiple_low,
        income_multiple_high: a.income_multiple_high,
        age: Some(age),
        dependents: Some(
            h.members
                .iter()
                .filter(|o| o.depends_on.contains(&m.id))
                .count() as i64,
        ),
        existing_medical_cover: None,
        existing_accident_cover: None,
        health_history: None,
        product_kind: None,
        quoted_premium: None,
        sex: m.gender.clone(),
    };
    let dime = advice::dime(&profile)?;
    let hlv = advice::human_life_value(&profile)?;
    let multiple = advice::income_multiple(&profile)?;
    let ci = advice::critical_illness(&profile)?;
    let di = advice::disability_income(&profile)?;
    let basis = advice::life_basis(&profile, &dime, &hlv, &multiple);
    Ok(EarnerMethods {
        share,
        profile,
        dime,
        hlv,
        multiple,
        ci,
        di,
        basis,
    })
}

/// The needs of a member, per risk, in the order of the coverage map.
pub fn needs(h: &Household, m: &Member, earner: Option<&EarnerMethods>) -> Vec<Need> {
    let a = &h.assumptions;
    let age = h.age(m);
    let need = |risk, amount: Option<Money>, unit, basis| Need {
        risk,
        amount,
        unit,
        basis,
    };
    let mut out = Vec::new();
    match earner {
        Some(e) => {
            // The cover life insurance must give: DIME's need less this earner's share of the
            // savings (DIME's gap before the cover held).
            let cover = e.dime.need.gap_after(e.profile.liquid_assets);
            out.push(need(
                Risk::Death,
                Some(round_sum(cover)),
                Unit::Sum,
                text(
                    format!(
                        "DIME：按收入份额 {} 分担的负债、房贷、教育和身后费用，加收入的 {} × {} 年，减去分担的存款 {}，约 {}。",
                        percent(e.share),
                        percent(e.profile.family_share),
                        e.profile.support_years,
                        whole_text(e.profile.liquid_assets),
                        sum_text(cover)
                    ),
                    format!(
                        "DIME: this earner's income share of {} of the debts, mortgage, education and final expenses, plus {} of the income for {} years, less their share of the savings, {}: about {}.",
                        percent(e.share),
                        percent(e.profile.family_share),
                        e.profile.support_years,
                        whole_text(e.profile.liquid_assets),
                        sum_text(cover)
                    ),
                ),
            ));
            out.push(need(
                Risk::CriticalIllness,
                Some(round_sum(e.ci.need)),
                Unit::Sum,
                text(
                    format!(
                        "年收入的 {} 倍（通常 2–5 倍），用于治疗和康复期间的收入，约 {}。",
                        e.ci.assumptions.ci_multiple,
                        sum_text(e.ci.need)
                    ),
                    format!(
                        "{} x annual income (usually 2–5 x), for treatment and the income lost while recovering: about {}.",
                        e.ci.assumptions.ci_multiple,
                        sum_text(e.ci.need)
                    ),
                ),
            ));
        }
        None => {
            out.push(need(
                Risk::Death,
                Some(Money::ZERO),
                Unit::Sum,
                text(
                    "没有收入，身故不会使家庭失去收入；不需要寿险保障。",
                    "No income: a death takes no income from the family, so no life cover is needed.",
                ),
            ));
            let ci = if age < 60 {
                a.dependent_ci_sum
            } else {
                Money::ZERO
            };
            out.push(need(
                Risk::CriticalIllness,
                Some(round_sum(ci)),
                Unit::Sum,
                if age < 60 {
                    text(
                        format!("治疗和家人陪护的费用，约 {}（可修改的假设）。", sum_text(ci)),
                        format!(
                            "Treatment and a carer's lost time: about {} (an editable assumption).",
                            sum_text(ci)
                        ),
                    )
                } else {
                    text(
                        "60 岁以后重疾险保费接近保额，治疗费用由医疗保险和护理费用承担。",
                        "From 60, critical illness premiums come close to the sum; treatment falls to medical cover and care costs.",
                    )
                },
            ));
        }
    }
    out.push(need(
        Risk::Medical,
        Some(a.medical_limit),
        Unit::Limit,
        text(
            format!(
                "社保以外的大额住院费用：报销型医疗保险，年度限额至少 {}。",
                sum_text(a.medical_limit)
            ),
            format!(
                "Large hospital bills beyond social insurance: indemnity medical cover with a yearly limit of at least {}.",
                sum_text(a.medical_limit)
            ),
        ),
    ));
    let accident = if earner.is_some() {
        a.earner_accident_sum
    } else {
        a.dependent_accident_sum
    };
    let class_note = match m.occupation_class {
        Some(c) if c >= 5 => text(
            format!("职业类别 {c}：很多意外险拒保或加费，投保前需确认。"),
            format!("Occupation class {c}: many accident policies refuse or load it; check before applying."),
        ),
        _ => text("", ""),
    };
    out.push(need(
        Risk::Accident,
        Some(round_sum(accident)),
        Unit::Sum,
        super::words::join(
            &if earner.is_some() {
                text(
                    format!("意外伤残和意外医疗，约 {}（可修改的假设）。", sum_text(accident)),
                    format!(
                        "Accidental disability and accident medical costs: about {} (an editable assumption).",
                        sum_text(accident)
                    ),
                )
            } else {
                text(
                    format!("意外医疗和跌倒等意外伤残，约 {}（可修改的假设）。", sum_text(accident)),
                    format!(
                        "Accident medical costs and injuries such as falls: about {} (an editable assumption).",
                        sum_text(accident)
                    ),
                )
            },
            &class_note,
        ),
    ));
    out.push(match earner {
        Some(e) => need(
            Risk::DisabilityIncome,
            Some(round_yuan(e.di.monthly_need)),
            Unit::Monthly,
            text(
                format!(
                    "收入的 {}，按月约 {}。",
                    percent(e.di.assumptions.disability_replacement),
                    whole_text(e.di.monthly_need)
                ),
                format!(
                    "{} of the income: about {} a month.",
                    percent(e.di.assumptions.disability_replacement),
                    whole_text(e.di.monthly_need)
                ),
            ),
        ),
        None => need(
            Risk::DisabilityIncome,
            Some(Money::ZERO),
            Unit::Monthly,
            text("没有收入需要替代。", "No income to replace."),
        ),
    });
    let cared = m.relation == Relation::Parent || (earner.is_none() && age >= 60);
    out.push(if cared {
        let care = a
            .care_annual
            .times(a.care_years, "care")
            .unwrap_or(Money::ZERO);
        need(
            Risk::OldAgeIncome,
            Some(round_sum(care)),
            Unit::Sum,
            text(
                format!(
                    "护理费用：每年 {} × {} 年，约 {}（可修改的假设）。",
                    whole_text(a.care_annual),
                    a.care_years,
                    sum_text(care)
                ),
                format!(
                    "Care costs: {} a year for {} years, about {} (editable assumptions).",
                    whole_text(a.care_annual),
                    a.care_years,
                    sum_text(care)
                ),
            ),
        )
    } else if m.relation == Relation::Child {
        need(
            Risk::OldAgeIncome,
            Some(Money::ZERO),
            Unit::Sum,
            text("子女的养老尚远，现在不需要。", "A child's old age is far off; nothing needed now."),
        )
    } else {
        need(
            Risk::OldAgeIncome,
            None,
            Unit::Sum,
            text(
                "养老收入的需要取决于社保养老金，这里没有询问，无法计算。",
                "The old-age income needed depends on the social pension, which is not asked here, so it is not worked out.",
            ),
        )
    });
    out
}

/// Kinds of policy whose sums count for a risk.
pub fn kinds_for(risk: Risk) -> &'static [PolicyKind] {
    match risk {
        Risk::Death => &[PolicyKind::TermLife, PolicyKind::WholeLife],
        Risk::CriticalIllness => &[PolicyKind::CriticalIllness],
        Risk::Medical => &[PolicyKind::MedicalIndemnity],
        Risk::Accident => &[PolicyKind::Accident],
        Risk::DisabilityIncome => &[PolicyKind::DisabilityIncome],
        Risk::OldAgeIncome => &[PolicyKind::Annuity],
    }
}
