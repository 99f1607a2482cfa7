//! The assumptions an agent may edit, with their defaults, allowed ranges and usual ranges.
//!
//! One table serves the profile reader (defaults and range checks) and the screens (what to offer
//! for editing and the usual range to show beside it), so the two cannot drift apart.

use crate::money::Ratio;
use serde::Serialize;

/// One editable assumption. Whole-number assumptions (years, months) are ratios with no
/// decimals; every value serialises as a decimal string (`"0.6"`, `"6"`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Assumption {
    /// The profile field, as sent back in an override.
    pub field: &'static str,
    /// The method it belongs to (`dime`, `human_life_value`, ... or `retain_or_transfer`);
    /// `basis` for one several methods share (the family share of income).
    pub method: &'static str,
    /// `None`: the profile must give it.
    pub default: Option<Ratio>,
    pub min: Ratio,
    pub max: Ratio,
    /// The range the literature uses, shown beside the value.
    pub usual: Option<(Ratio, Ratio)>,
    /// Whether only whole numbers are allowed.
    pub whole: bool,
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

/// One table row (also the household review's, `household::assumptions`).
pub(crate) const fn a(
    field: &'static str,
    method: &'static str,
    default: Option<Ratio>,
    (min, max): (Ratio, Ratio),
    usual: Option<(Ratio, Ratio)>,
    whole: bool,
    (label_zh, label_en): (&'static str, &'static str),
) -> Assumption {
    Assumption {
        field,
        method,
        default,
        min,
        max,
        usual,
        whole,
        label_zh,
        label_en,
    }
}

pub(crate) const fn pct(n: i64) -> Ratio {
    Ratio::from_percent(n)
}

pub(crate) const fn w(n: i64) -> Ratio {
    Ratio::whole(n)
}

/// The family methods' assumptions, in the order the screen shows them.
pub const FAMILY: &[Assumption] = &[
    a(
        "support_years",
        "dime",
        None,
        (w(0), w(100)),
        None,
        true,
        ("需要供养的年数", "Years of support"),
    ),
    // Shared by DIME and the human life value: the life cover basis (`basis`).
    a(
        "family_share",
        "basis",
        Some(pct(70)),
        (w(0), w(1)),
        Some((pct(60), pct(80))),
        false,
        (
            "死亡时家人失去的收入：收入中用于家庭的比例",
            "Income the family would lose: the share of income spent on the family",
        ),
    ),
    a(
        "years_to_retirement",
        "human_life_value",
        None,
        (w(0), w(100)),
        None,
        true,
        ("距退休年数", "Years to retirement"),
    ),
    a(
        "discount_rate",
        "human_life_value",
        Some(pct(3)),
        (w(0), pct(20)),
        None,
        false,
        ("贴现率", "Discount rate"),
    ),
    a(
        "income_multiple_low",
        "income_multiple",
        Some(w(10)),
        (w(0), w(50)),
        None,
        false,
        ("收入倍数下限", "Income multiple, low"),
    ),
    a(
        "income_multiple_high",
        "income_multiple",
        Some(w(15)),
        (w(0), w(50)),
        None,
        false,
        ("收入倍数上限", "Income multiple, high"),
    ),
    a(
        "ci_multiple",
        "critical_illness",
        Some(w(3)),
        (w(0), w(10)),
        Some((w(2), w(5))),
        false,
        (
            "重疾保额为收入的倍数",
            "Critical illness cover as a multiple of income",
        ),
    ),
    a(
        "disability_replacement",
        "disability_income",
        Some(pct(60)),
        (w(0), w(1)),
        Some((pct(60), pct(70))),
        false,
        ("失能收入替代比例", "Disability income replacement"),
    ),
    a(
        "emergency_months",
        "emergency_fund",
        Some(w(6)),
        (w(0), w(36)),
        None,
        true,
        ("应急资金月数", "Months of emergency fund"),
    ),
    a(
        "premium_budget_share",
        "premium_affordability",
        Some(pct(10)),
        (w(0), pct(50)),
        None,
        false,
        ("保费占收入的比例", "Premiums as a share of income"),
    ),
];

/// The enterprise analysis' assumptions.
pub const ENTERPRISE: &[Assumption] = &[
    a(
        "expected_return",
        "retain_or_transfer",
        None,
        (w(0), w(1)),
        None,
        false,
        ("资金预期回报率", "Expected return on capital"),
    ),
    a(
        "return_threshold",
        "retain_or_transfer",
        Some(pct(5)),
        (w(0), w(1)),
        None,
        false,
        ("“好的回报”参照线", "Threshold of a good return"),
    ),
    a(
        "high_frequency",
        "retain_or_transfer",
        Some(w(1)),
        (Ratio::from_millionths(1), w(10_000)),
        None,
        false,
        (
            "高频损失的参照线（次/年）",
            "High frequency from (losses a year)",
        ),
    ),
];

/// The assumptions of a profile kind (`family` or `enterprise`).
pub fn of_kind(kind: &str) -> &'static [Assumption] {
    match kind {
        "enterprise" => ENTERPRISE,
        _ => FAMILY,
    }
}

/// The assumption for `field`, if it is one.
pub fn get(field: &str) -> Option<&'static Assumption> {
    FAMILY.iter().chain(ENTERPRISE).find(|x| x.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_usual_ranges_lie_within_the_allowed_range() {
        for x in FAMILY.iter().chain(ENTERPRISE) {
            assert!(x.min <= x.max, "{}: min above max", x.field);
            if let Some(d) = x.default {
                assert!(
                    x.min <= d && d <= x.max,
                    "{}: default outside its range",
                    x.field
                );
            }
            if let Some((lo, hi)) = x.usual {
                assert!(
                    x.min <= lo && lo <= hi && hi <= x.max,
                    "{}: usual range",
                    x.field
                );
            }
            assert!(
                !x.label_zh.is_empty() && !x.label_en.is_empty(),
                "{}: labels",
                x.field
            );
        }
    }

    #[test]
    fn every_assumption_is_a_profile_field() {
        for x in FAMILY {
            assert!(
                super::super::FAMILY_FIELDS.contains(&x.field),
                "{}",
                x.field
            );
        }
        for x in ENTERPRISE {
            assert!(
                super::super::ENTERPRISE_FIELDS.contains(&x.field),
                "{}",
                x.field
            );
        }
    }
}
