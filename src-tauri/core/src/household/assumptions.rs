//! The review's editable assumptions in one table: the input's reader takes each default and
//! limit from it (`parse`), the screens get it to offer the values for editing (in the family
//! advice's `editable` shape, plus how a value reads: `scale`), and the record says in words
//! which the agent changed and to what (`edited`).

use super::model::Household;
use super::{needs, words};
use crate::advice::assumptions::{a, pct, w, Assumption};
use crate::advice::people::whole_text;
use crate::advice::percent;
use crate::money::{Money, Ratio, RATIO_SCALE};
use crate::text::{text, Text};
use serde::Serialize;
use serde_json::Value;

/// How a value is typed and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Years or an age: a whole number.
    Whole,
    /// A multiple (of income, of the need): `3` reads "3 times".
    Decimal,
    /// A share from 0 to 1, shown and typed as a percentage.
    Share,
    /// Yuan.
    Money,
}

/// One editable assumption of the review: a row of the family advice's table shape (field,
/// group as `method`, default, limits, usual range, labels), plus how its value reads.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Editable {
    /// `method` is the group it is shown in: `earners` (the family methods of each earner),
    /// `members` (everyone's own needs) or `review` (how the map judges cover); a `None`
    /// default is worked out (`support_years` by the youngest child, `income_shares` by income).
    #[serde(flatten)]
    pub row: Assumption,
    pub scale: Scale,
}

impl std::ops::Deref for Editable {
    type Target = Assumption;
    fn deref(&self) -> &Assumption {
        &self.row
    }
}

const fn e(
    field: &'static str,
    method: &'static str,
    default: Option<Ratio>,
    limits: (Ratio, Ratio),
    usual: Option<(Ratio, Ratio)>,
    scale: Scale,
    labels: (&'static str, &'static str),
) -> Editable {
    let whole = matches!(scale, Scale::Whole);
    Editable {
        row: a(field, method, default, limits, usual, whole, labels),
        scale,
    }
}

/// The most any sum assumption may be: 100 million yuan.
const MAX_SUM: Ratio = Ratio::whole(100_000_000);

use Scale::{Decimal, Money as Yuan, Share, Whole};

/// The review's assumptions, in the order the screen shows them.
pub const EDITABLE: &[Editable] = &[
    e(
        "family_share",
        "earners",
        Some(pct(70)),
        (w(0), w(1)),
        Some((pct(60), pct(80))),
        Share,
        (
            "死亡时家人失去的收入：收入中用于家庭的比例",
            "Income the family would lose: the share of income spent on the family",
        ),
    ),
    e(
        "income_shares",
        "earners",
        None,
        (w(0), w(1)),
        None,
        Share,
        (
            "各收入者承担的家庭需要的份额",
            "Each earner's share of the household's needs",
        ),
    ),
    e(
        "support_years",
        "earners",
        None,
        (w(0), w(100)),
        None,
        Whole,
        ("需要供养的年数", "Years of support"),
    ),
    e(
        "independence_age",
        "earners",
        Some(w(22)),
        (w(16), w(30)),
        None,
        Whole,
        ("子女独立的年龄", "Age at which a child is independent"),
    ),
    e(
        "retirement_age",
        "earners",
        Some(w(60)),
        (w(40), w(80)),
        None,
        Whole,
        ("退休年龄", "Retirement age"),
    ),
    e(
        "discount_rate",
        "earners",
        Some(pct(3)),
        (w(0), pct(20)),
        None,
        Share,
        ("贴现率", "Discount rate"),
    ),
    e(
        "income_multiple_low",
        "earners",
        Some(w(10)),
        (w(0), w(50)),
        None,
        Decimal,
        ("收入倍数下限", "Income multiple, low"),
    ),
    e(
        "income_multiple_high",
        "earners",
        Some(w(15)),
        (w(0), w(50)),
        None,
        Decimal,
        ("收入倍数上限", "Income multiple, high"),
    ),
    e(
        "ci_multiple",
        "earners",
        Some(w(3)),
        (w(0), w(10)),
        Some((w(2), w(5))),
        Decimal,
        (
            "重疾保额为收入的倍数",
            "Critical illness cover as a multiple of income",
        ),
    ),
    e(
        "disability_replacement",
        "earners",
        Some(pct(60)),
        (w(0), w(1)),
        Some((pct(60), pct(70))),
        Share,
        ("失能收入替代比例", "Disability income replacement"),
    ),
    e(
        "medical_limit",
        "members",
        Some(w(1_000_000)),
        (w(0), MAX_SUM),
        None,
        Yuan,
        ("每人医疗险年度限额", "Yearly medical limit for each person"),
    ),
    e(
        "dependent_ci_sum",
        "members",
        Some(w(300_000)),
        (w(0), MAX_SUM),
        None,
        Yuan,
        (
            "60 岁以下无收入家人的重疾保额",
            "Critical illness sum for a non-earner under 60",
        ),
    ),
    e(
        "earner_accident_sum",
        "members",
        Some(w(500_000)),
        (w(0), MAX_SUM),
        None,
        Yuan,
        ("收入者的意外保额", "Accident sum for an earner"),
    ),
    e(
        "dependent_accident_sum",
        "members",
        Some(w(100_000)),
        (w(0), MAX_SUM),
        None,
        Yuan,
        ("其他家人的意外保额", "Accident sum for anyone else"),
    ),
    e(
        "care_annual",
        "members",
        Some(w(60_000)),
        (w(0), MAX_SUM),
        None,
        Yuan,
        ("老人每年的护理费用", "Care costs of a parent, a year"),
    ),
    e(
        "care_years",
        "members",
        Some(w(5)),
        (w(0), w(40)),
        None,
        Whole,
        ("护理年数", "Years of care"),
    ),
    e(
        "over_factor",
        "review",
        Some(w(2)),
        (w(1), w(10)),
        None,
        Decimal,
        (
            "保额超过需要多少倍算保障过度",
            "Cover beyond this multiple of the need is over-insurance",
        ),
    ),
    e(
        "large_dependent_life",
        "review",
        Some(w(100_000)),
        (w(0), MAX_SUM),
        None,
        Yuan,
        (
            "无收入家人的寿险从多少算“较大”",
            "Life cover on a non-earner counts as large from",
        ),
    ),
];

/// The entry for `field`, if it is one.
pub fn get(field: &str) -> Option<&'static Editable> {
    EDITABLE.iter().find(|x| x.field == field)
}

/// A whole-number value of the table (`Ratio::whole(n)`) as `n`.
pub fn whole_of(r: Ratio) -> i64 {
    r.millionths() / RATIO_SCALE
}

/// Yuan as the table holds them: a ratio of whole yuan (fen are millionths x 10,000).
pub fn money_as_ratio(m: Money) -> Ratio {
    Ratio::from_millionths(m.minor().saturating_mul(RATIO_SCALE / 100))
}

/// A ratio of the table as yuan.
pub fn ratio_as_money(r: Ratio) -> Money {
    Money::from_minor(r.millionths() / (RATIO_SCALE / 100))
}

/// An assumption the agent changed, as the record and the printout say it.
#[derive(Debug, Clone, Serialize)]
pub struct Edited {
    pub field: &'static str,
    /// The value as sent back in an override: a decimal string, or for `income_shares` an
    /// object of member id -> share.
    pub value: Value,
    /// "Label: the value used (usually ...)", in words.
    pub text: Text,
}

/// The assumptions the input gave (the agent's edits), in the table's order, in words.
pub fn edited(h: &Household) -> Vec<Edited> {
    let a = &h.assumptions;
    EDITABLE
        .iter()
        .filter(|x| a.given.contains(&x.field))
        .filter_map(|x| {
            let (value, now, usually) = match x.field {
                "income_shares" => income_shares_words(h)?,
                "support_years" => {
                    let n = a.support_years?;
                    let by_child = needs::support_years(&Household {
                        assumptions: super::Assumptions {
                            support_years: None,
                            ..a.clone()
                        },
                        ..h.clone()
                    });
                    (
                        Value::String(n.to_string()),
                        text(format!("{n} 年"), format!("{n} years")),
                        text(
                            format!("按最小的孩子计算：{by_child} 年"),
                            format!("by the youngest child: {by_child} years"),
                        ),
                    )
                }
                field => {
                    let v = value_of(a, field)?;
                    let d = x.default?;
                    (
                        Value::String(v.to_string()),
                        words_of(x.scale, v),
                        words_of(x.scale, d),
                    )
                }
            };
            Some(Edited {
                field: x.field,
                value,
                text: text(
                    format!("{}：{}（默认 {}）", x.label_zh, now.zh, usually.zh),
                    format!("{}: {} (default {})", x.label_en, now.en, usually.en),
                ),
            })
        })
        .collect()
}

/// A scalar assumption's value as the table holds it.
fn value_of(a: &super::Assumptions, field: &str) -> Option<Ratio> {
    let m = money_as_ratio;
    Some(match field {
        "family_share" => a.family_share,
        "discount_rate" => a.discount_rate,
        "retirement_age" => w(a.retirement_age),
        "independence_age" => w(a.independence_age),
        "ci_multiple" => a.ci_multiple,
        "disability_replacement" => a.disability_replacement,
        "income_multiple_low" => a.income_multiple_low,
        "income_multiple_high" => a.income_multiple_high,
        "medical_limit" => m(a.medical_limit),
        "dependent_ci_sum" => m(a.dependent_ci_sum),
        "earner_accident_sum" => m(a.earner_accident_sum),
        "dependent_accident_sum" => m(a.dependent_accident_sum),
        "care_annual" => m(a.care_annual),
        "care_years" => w(a.care_years),
        "over_factor" => a.over_factor,
        "large_dependent_life" => m(a.large_dependent_life),
        _ => return None,
    })
}

/// A value in words: `70%`, `3 倍` / `3 times`, `¥1,000,000`, `25 年` / `25 years` is left to
/// the label ("Retirement age: 65").
fn words_of(scale: Scale, v: Ratio) -> Text {
    match scale {
        Scale::Share => text(percent(v), percent(v)),
        Scale::Decimal => text(format!("{v} 倍"), format!("{v} times")),
        Scale::Money => {
            let s = whole_text(ratio_as_money(v));
            text(s.clone(), s)
        }
        Scale::Whole => text(v.to_string(), v.to_string()),
    }
}

/// The shares given, each named by the member's label, against the shares by income.
fn income_shares_words(h: &Household) -> Option<(Value, Text, Text)> {
    let given = h.assumptions.income_shares.as_ref()?;
    let by_income = needs::income_shares(&Household {
        assumptions: super::Assumptions {
            income_shares: None,
            ..h.assumptions.clone()
        },
        ..h.clone()
    });
    let list = |shares: &[(String, Ratio)]| {
        let named: Vec<(Text, Ratio)> = shares
            .iter()
            .filter_map(|(id, r)| Some((words::member_label(h, h.member(id)?), *r)))
            .collect();
        let zh: Vec<String> = named
            .iter()
            .map(|(l, r)| format!("{} {}", l.zh, percent(*r)))
            .collect();
        let en: Vec<String> = named
            .iter()
            .map(|(l, r)| format!("{} {}", l.en, percent(*r)))
            .collect();
        (zh.join("、"), en.join("; "))
    };
    let (now_zh, now_en) = list(given);
    let (by_zh, by_en) = list(&by_income);
    let value = Value::Object(
        given
            .iter()
            .map(|(id, r)| (id.clone(), Value::String(r.to_string())))
            .collect(),
    );
    Some((
        value,
        text(now_zh, now_en),
        text(format!("按收入：{by_zh}"), format!("by income: {by_en}")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::Assumptions;

    #[test]
    fn defaults_and_usual_ranges_lie_within_the_allowed_range_and_agree_with_the_model() {
        let d = Assumptions::default();
        for x in EDITABLE {
            assert!(x.min <= x.max, "{}: min above max", x.field);
            if let Some(v) = x.default {
                assert!(x.min <= v && v <= x.max, "{}: default outside", x.field);
                assert_eq!(value_of(&d, x.field), Some(v), "{}: model default", x.field);
            } else {
                assert!(
                    ["support_years", "income_shares"].contains(&x.field),
                    "{}: only the worked-out ones have no default",
                    x.field
                );
            }
            if let Some((lo, hi)) = x.usual {
                assert!(x.min <= lo && lo <= hi && hi <= x.max, "{}: usual", x.field);
            }
            assert!(!x.label_zh.is_empty() && !x.label_en.is_empty());
            assert_eq!(x.whole, x.scale == Scale::Whole, "{}", x.field);
        }
    }

    #[test]
    fn the_table_has_every_field_of_the_model_once() {
        let model = serde_json::to_value(Assumptions::default()).unwrap();
        let fields: Vec<&str> = model
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(fields.len(), EDITABLE.len(), "{fields:?}");
        for f in fields {
            assert_eq!(EDITABLE.iter().filter(|x| x.field == f).count(), 1, "{f}");
        }
    }
}
