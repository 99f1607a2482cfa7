//! Indicative premiums of the recommendations, from the products' rate tables, checked against
//! the client's premium budget (PRC Insurance Law art. 28 and the NFRA suitability rules: the
//! premium must be affordable).
//!
//! Each recommendation is priced at its rounded sum (or, without one, at the table's typical
//! sum) with the rate of the client's age band and sex; without the sex, the higher of the two
//! rates is used, and the result says so. The budget (`premium_affordability.annual_budget`) is
//! shared out in a stated order: cover without a sum from the analysis first (medical,
//! accident: small, fixed premiums), then the sums in the order recommended (life cover before
//! critical illness). A sum whose premium is beyond what is left is offered at the largest
//! multiple of 10,000 yuan whose premium fits, and the result says so. Rates are for
//! illustration: every premium carries the table's date and note.

use super::family::Recommendation;
use super::people::{premium_text, round_yuan, sum_text, SUM_STEP_MINOR};
use super::percent;
use super::profile::FamilyProfile;
use crate::content::rates::{RateBook, RateTable};
use crate::money::{div_round_half_up, Money};
use crate::text::{text, Text};
use serde::Serialize;

/// The indicative premium of one recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct IndicativePremium {
    /// The sum priced: the recommendation's rounded sum, or the table's typical sum.
    pub sum: Money,
    /// `recommendation` or `typical_sum`.
    pub sum_from: &'static str,
    pub rate_per_10000: Money,
    pub age_band: [i64; 2],
    /// `male`, `female`, `any` (the table does not depend on sex) or `higher_of_both` (not given).
    pub sex: &'static str,
    /// Exact, and to the whole yuan.
    pub annual_premium: Money,
    pub rounded_premium: Money,
    pub rates_date: String,
    pub note: Text,
    /// Whether it fits the budget left when its turn came (`budget_left`).
    pub within_budget: bool,
    pub budget_left: Money,
    /// When beyond the budget: the largest sum (a multiple of 10,000 yuan) within it, and its
    /// premium; `None` when it fits, or when the cover has no sum to reduce.
    pub capped_sum: Option<Money>,
    pub capped_premium: Option<Money>,
    /// What the budget check found, in words.
    pub budget_note: Text,
}

/// The recommendations' premiums together against the budget.
#[derive(Debug, Clone, Serialize)]
pub struct PremiumPlan {
    pub annual_budget: Money,
    /// The premiums at the recommended sums, and after any cap to the budget.
    pub total: Money,
    pub total_within_budget: Money,
    pub within_budget: bool,
    pub summary: Text,
}

/// The yearly premium of `sum` at `rate` per 10,000 yuan, rounded half up to the fen.
pub fn premium_of(rate: Money, sum: Money) -> Money {
    let v = div_round_half_up(
        i128::from(sum.minor()) * i128::from(rate.minor()),
        i128::from(SUM_STEP_MINOR),
    );
    Money::from_minor(i64::try_from(v).unwrap_or(i64::MAX))
}

/// The largest multiple of 10,000 yuan whose premium at `rate` is within `available`.
pub fn largest_sum_within(rate: Money, available: Money) -> Money {
    if rate <= Money::ZERO || available <= Money::ZERO {
        return Money::ZERO;
    }
    // premium_of rounds half up, so check the floor's premium and step back if it rounds over.
    let mut steps = available.minor() / rate.minor();
    while steps > 0 && premium_of(rate, Money::from_minor(steps * SUM_STEP_MINOR)) > available {
        steps -= 1;
    }
    Money::from_minor(steps.saturating_mul(SUM_STEP_MINOR))
}

/// The rate of a table for `age` and `sex`: the rate, the band and which sex it is for.
pub fn rate_for(
    table: &RateTable,
    age: i64,
    sex: Option<&str>,
) -> Option<(Money, [i64; 2], &'static str)> {
    let band = table
        .bands
        .iter()
        .find(|b| b.min_age <= age && age <= b.max_age)?;
    let (rate, which) = if !table.by_sex {
        (band.male, "any")
    } else {
        match sex {
            Some("male") => (band.male, "male"),
            Some("female") => (band.female, "female"),
            _ => (band.male.max(band.female), "higher_of_both"),
        }
    };
    Some((rate, [band.min_age, band.max_age], which))
}

/// Prices the recommendations in place and returns the plan, or `None` when no recommendation
/// could be priced. `product_id` of each recommendation names its table.
pub fn price(
    p: &FamilyProfile,
    annual_budget: Money,
    rates: &RateBook,
    recs: &mut [Recommendation],
) -> Option<PremiumPlan> {
    let mut order: Vec<usize> = (0..recs.len())
        .filter(|&i| recs[i].amount.is_none())
        .collect();
    order.extend((0..recs.len()).filter(|&i| recs[i].amount.is_some()));
    let mut left = annual_budget;
    let (mut total, mut total_within, mut priced) = (Money::ZERO, Money::ZERO, 0);
    for i in order {
        let r = &mut recs[i];
        let Some(table) = rates.get(r.product_id) else {
            continue;
        };
        let Some(age) = p.age else {
            r.no_premium_reason = Some(text(
                "没有年龄，无法给出参考保费。",
                "Without the age there is no indicative premium.",
            ));
            continue;
        };
        let (sum, sum_from) = match (r.rounded_amount, table.typical_sum) {
            (Some(s), _) => (s, "recommendation"),
            (None, Some(s)) => (s, "typical_sum"),
            (None, None) => continue,
        };
        let Some((rate, band, sex)) = rate_for(table, age, p.sex.as_deref()) else {
            r.no_premium_reason = Some(text(
                format!("参考费率表没有 {age} 岁的费率。"),
                format!("The indicative rates do not cover age {age}."),
            ));
            continue;
        };
        let premium = premium_of(rate, sum);
        total = Money::from_minor(total.minor().saturating_add(premium.minor()));
        priced += 1;
        let budget_left = left;
        let (within, capped_sum, capped_premium, note) = if premium <= left {
            left = Money::from_minor(left.minor() - premium.minor());
            total_within = Money::from_minor(total_within.minor() + premium.minor());
            let note = text(
                format!("在剩余预算 {} 之内。", premium_text(budget_left)),
                format!("Within the budget left, {}.", premium_text(budget_left)),
            );
            (true, None, None, note)
        } else if r.amount.is_some() {
            let capped = largest_sum_within(rate, left).min(sum);
            if capped > Money::ZERO {
                let cp = premium_of(rate, capped);
                left = Money::from_minor(left.minor() - cp.minor());
                total_within = Money::from_minor(total_within.minor() + cp.minor());
                let note = text(
                    format!(
                        "参考保费约 {} 超出剩余预算 {}。在预算之内，最高可投保约 {}（参考保费约每年 {}）；保额低于建议，差额需要另作安排。",
                        premium_text(premium), premium_text(budget_left), sum_text(capped), premium_text(cp)
                    ),
                    format!(
                        "The indicative premium of about {} is beyond the budget left, {}. Within the budget the largest sum is about {} (about {} a year); that is less than suggested, and the rest stays uncovered.",
                        premium_text(premium), premium_text(budget_left), sum_text(capped), premium_text(cp)
                    ),
                );
                (false, Some(capped), Some(cp), note)
            } else {
                let note = text(
                    format!("参考保费约 {} 超出剩余预算 {}，预算内无法投保这项保障。", premium_text(premium), premium_text(budget_left)),
                    format!("The indicative premium of about {} is beyond the budget left, {}: no cover of this kind fits the budget.", premium_text(premium), premium_text(budget_left)),
                );
                (false, Some(Money::ZERO), Some(Money::ZERO), note)
            }
        } else {
            let note = text(
                format!(
                    "参考保费约 {} 超出剩余预算 {}。",
                    premium_text(premium),
                    premium_text(budget_left)
                ),
                format!(
                    "The indicative premium of about {} is beyond the budget left, {}.",
                    premium_text(premium),
                    premium_text(budget_left)
                ),
            );
            (false, None, None, note)
        };
        r.indicative_premium = Some(IndicativePremium {
            sum,
            sum_from,
            rate_per_10000: rate,
            age_band: band,
            sex,
            annual_premium: premium,
            rounded_premium: round_yuan(premium),
            rates_date: table.date.clone(),
            note: table.note.clone(),
            within_budget: within,
            budget_left,
            capped_sum,
            capped_premium,
            budget_note: note,
        });
    }
    if priced == 0 {
        return None;
    }
    let within = total <= annual_budget;
    let share = percent(p.premium_budget_share);
    let budget = premium_text(annual_budget);
    let guess = if p.sex.is_none()
        && recs.iter().any(|r| {
            r.indicative_premium
                .as_ref()
                .is_some_and(|q| q.sex == "higher_of_both")
        }) {
        text(
            "未提供性别，按两种性别中较高的费率估算。",
            " The sex was not given, so the higher of the two rates is used.",
        )
    } else {
        text("", "")
    };
    let summary = if within {
        text(
            format!("参考保费合计约每年 {}，在保费预算 {}（收入的 {share}）之内。{}", premium_text(total), budget, guess.zh),
            format!("The indicative premiums come to about {} a year, within the premium budget of {} ({share} of income).{}", premium_text(total), budget, guess.en),
        )
    } else {
        text(
            format!("参考保费合计约每年 {}，超出保费预算 {}（收入的 {share}）：保费应当负担得起，各项建议下面列出预算之内的保额。{}", premium_text(total), budget, guess.zh),
            format!("The indicative premiums come to about {} a year, beyond the premium budget of {} ({share} of income): the premium must be affordable, so each recommendation below shows what fits the budget.{}", premium_text(total), budget, guess.en),
        )
    };
    Some(PremiumPlan {
        annual_budget,
        total,
        total_within_budget: total_within,
        within_budget: within,
        summary,
    })
}

#[cfg(test)]
mod tests;
