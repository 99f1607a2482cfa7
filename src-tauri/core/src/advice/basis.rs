//! The stated basis of the life cover recommendation: which method the sum follows, with which
//! assumptions, why that one, and where it stands against the other methods and the rule of
//! thumb.
//!
//! The rule (README.md, "Advice profile"): the **needs method (DIME) is the basis**; the human
//! life value and the income multiple are cross-checks, shown beside it and never used for the
//! sum. DIME adds up what the family would actually have to pay - the family's share of the
//! income for the years it is needed, the mortgage, other debts, education, final expenses - so
//! every part of the sum is a figure the client gave and can check. The human life value prices
//! earnings to retirement and ignores debts; the income multiple ignores everything but income.
//! Both methods take the income a death removes as `annual_income x family_share`, one editable
//! assumption, so a difference between them comes from what they count, not from two bases.

use super::life_cover::{Dime, HumanLifeValue, IncomeMultiple};
use super::people::{sum_text, whole_text};
use super::percent;
use super::profile::FamilyProfile;
use crate::money::{div_round_half_up, Money, Ratio, RATIO_SCALE};
use crate::text::{text, Text};
use serde::Serialize;

/// Where an amount stands against a range or another method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Below,
    Within,
    Above,
    /// Within 10 % of the basis (cross-checks only).
    AboutTheSame,
}

/// The life cover recommendation and its stated basis.
#[derive(Debug, Clone, Serialize)]
pub struct LifeBasis {
    /// The method the sum follows: always `dime`. (Not named `method`: this is no method of its
    /// own, and lists of the methods pick their entries by that key.)
    pub follows: &'static str,
    /// The family's share of income (the editable assumption) and what it is a year.
    pub family_share: Ratio,
    pub income_replaced: Money,
    pub support_years: i64,
    /// income_replaced x support_years.
    pub income_part: Money,
    /// debts + mortgage + education + final expenses.
    pub obligations: Money,
    /// Life cover held plus liquid assets.
    pub held: Money,
    pub need: Money,
    /// The exact gap, and as quoted (nearest 10,000 yuan).
    pub sum: Money,
    pub rounded_sum: Money,
    pub more_cover_needed: bool,
    /// The need against the rule of thumb, and what puts it there (`mortgage`, `education`,
    /// `debts`, `final_expenses`, `long_support`, `short_support`).
    pub rule_of_thumb: Standing,
    pub drivers: Vec<&'static str>,
    /// The human life value against the need.
    pub human_life_value: Standing,
    /// The household's spending as a share of income (12 x monthly spending / income, at most
    /// 1): a guide for the family share. `None` without income.
    pub spending_share: Option<Ratio>,
    /// What the sum is, by which method and assumptions.
    pub statement: Text,
    /// Why this method is the basis.
    pub why: Text,
    /// The need against the rule of thumb, with the reason.
    pub against_rule_of_thumb: Text,
    /// The need against the human life value, with the reason.
    pub against_human_life_value: Text,
}

/// The stated basis of the life cover sum, from the methods already computed.
pub fn life_basis(
    p: &FamilyProfile,
    dime: &Dime,
    hlv: &HumanLifeValue,
    multiple: &IncomeMultiple,
) -> LifeBasis {
    let income_part =
        Money::from_minor(dime.income_replaced.minor().saturating_mul(p.support_years));
    let obligations = Money::from_minor(dime.need.minor().saturating_sub(income_part.minor()));
    let held = Money::from_minor(
        p.existing_life_cover
            .minor()
            .saturating_add(p.liquid_assets.minor()),
    );
    let parts = obligation_parts(p);
    let (rule_of_thumb, drivers, against_rule) =
        against_rule_of_thumb(p, dime, multiple, income_part, &parts);
    let (hlv_standing, against_hlv) = against_hlv(p, dime, hlv);
    LifeBasis {
        follows: "dime",
        family_share: p.family_share,
        income_replaced: dime.income_replaced,
        support_years: p.support_years,
        income_part,
        obligations,
        held,
        need: dime.need,
        sum: dime.gap,
        rounded_sum: super::people::round_sum(dime.gap),
        more_cover_needed: dime.more_cover_needed,
        rule_of_thumb,
        drivers,
        human_life_value: hlv_standing,
        spending_share: spending_share(p),
        statement: statement(p, dime, &parts, held, hlv),
        why: text(
            "以需求法（DIME 法）为依据：它把家人失去的收入（按家庭份额计算）、房贷、其他债务、教育和身后费用逐项相加，每一项都是客户给出、可以核对的数字。生命价值法只看收入、不计负债，收入倍数法是经验法则，二者只作对照。",
            "The needs method (DIME) is the basis: it adds up the income the family would lose (its share), the mortgage, other debts, education and final expenses, each a figure the client gave and can check. The human life value counts only earnings and no debts, and the income multiple is a rule of thumb: both are cross-checks.",
        ),
        against_rule_of_thumb: against_rule,
        against_human_life_value: against_hlv,
    }
}

/// The obligations DIME counts besides income, largest first, with their words.
fn obligation_parts(p: &FamilyProfile) -> Vec<(&'static str, Money, Text)> {
    let mut parts = vec![
        ("mortgage", p.mortgage, text("房贷", "the mortgage")),
        ("education", p.education, text("教育费用", "education")),
        ("debts", p.debts, text("其他债务", "other debts")),
        (
            "final_expenses",
            p.final_expenses,
            text("身后费用", "final expenses"),
        ),
    ];
    parts.retain(|(_, m, _)| *m > Money::ZERO);
    // Stable: equal amounts keep the order above.
    parts.sort_by_key(|p| std::cmp::Reverse(p.1));
    parts
}

/// "房贷 ¥1,200,000、教育费用 ¥300,000" / "the mortgage ¥1,200,000 and education ¥300,000".
fn list(parts: &[(&'static str, Money, Text)]) -> Text {
    let zh: Vec<String> = parts
        .iter()
        .map(|(_, m, t)| format!("{} {}", t.zh, whole_text(*m)))
        .collect();
    let en: Vec<String> = parts
        .iter()
        .map(|(_, m, t)| format!("{} {}", t.en, whole_text(*m)))
        .collect();
    let en = match en.len() {
        0 => String::new(),
        1 => en[0].clone(),
        n => format!("{} and {}", en[..n - 1].join(", "), en[n - 1]),
    };
    text(zh.join("、"), en)
}

fn statement(
    p: &FamilyProfile,
    dime: &Dime,
    parts: &[(&'static str, Money, Text)],
    held: Money,
    hlv: &HumanLifeValue,
) -> Text {
    let share = percent(p.family_share);
    let income = whole_text(dime.income_replaced);
    let years = p.support_years;
    let others = list(parts);
    let (plus_zh, plus_en) = if parts.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("，加上{}", others.zh),
            format!(", plus {}", others.en),
        )
    };
    let need = sum_text(dime.need);
    let have = whole_text(held);
    // With no years of support, no one depends on the income: say so, not "for 0 years".
    let (needs_zh, needs_en) = if years == 0 {
        (
            "没有人需要依靠这份收入（供养年数为 0）".to_string(),
            "no one needs the income replaced (0 years of support)".to_string(),
        )
    } else {
        (
            format!("家人每年需要收入的 {share}（{income}），共 {years} 年"),
            format!("the family needs {share} of the income ({income} a year) for {years} years"),
        )
    };
    if dime.more_cover_needed {
        text(
            format!(
                "建议定期寿险保额约 {}。依据需求法（DIME 法）：{needs_zh}{plus_zh}，合计约 {need}；减去已有寿险和存款 {have}。",
                sum_text(dime.gap)
            ),
            format!(
                "Suggested term life cover: about {}. Basis, the needs method (DIME): {needs_en}{plus_en}, about {need} in all, less the life cover and savings held, {have}.",
                sum_text(dime.gap)
            ),
        )
    } else {
        let (also_zh, also_en) = if hlv.more_cover_needed {
            (
                format!(
                    "生命价值法仍显示约 {} 的缺口，只作对照，不作为依据。",
                    sum_text(hlv.gap)
                ),
                format!(
                    " The human life value would still show a gap of about {}; it is a cross-check, not the basis.",
                    sum_text(hlv.gap)
                ),
            )
        } else {
            (String::new(), String::new())
        };
        text(
            format!(
                "不需要增加寿险。依据需求法（DIME 法）：{needs_zh}{plus_zh}，合计约 {need}，已由已有寿险和存款 {have} 覆盖。{also_zh}"
            ),
            format!(
                "No more life cover is needed. Basis, the needs method (DIME): {needs_en}{plus_en}, about {need} in all, which the life cover and savings held ({have}) already meet.{also_en}"
            ),
        )
    }
}

fn against_rule_of_thumb(
    p: &FamilyProfile,
    dime: &Dime,
    m: &IncomeMultiple,
    income_part: Money,
    parts: &[(&'static str, Money, Text)],
) -> (Standing, Vec<&'static str>, Text) {
    let range = format!("{}–{}", sum_text(m.low), sum_text(m.high));
    let (lo, hi) = (
        multiple_text(p.income_multiple_low),
        multiple_text(p.income_multiple_high),
    );
    let need = sum_text(dime.need);
    let income = whole_text(dime.income_replaced);
    let years = p.support_years;
    if dime.need > m.high {
        if income_part > m.high || parts.is_empty() {
            let mut drivers = vec!["long_support"];
            drivers.extend(parts.iter().map(|(id, _, _)| *id));
            return (
                Standing::Above,
                drivers,
                text(
                    format!("所需 {need} 高于经验法则（收入的 {lo}–{hi} 倍，{range}）：家人需要每年 {income}、长达 {years} 年的收入。"),
                    format!("The need of {need} is above the rule of thumb ({lo}–{hi} x income, {range}) because the family would need {income} a year for as long as {years} years."),
                ),
            );
        }
        let named = list(parts);
        return (
            Standing::Above,
            parts.iter().map(|(id, _, _)| *id).collect(),
            text(
                format!("所需 {need} 高于经验法则（收入的 {lo}–{hi} 倍，{range}），因为它计入了{}，经验法则不计这些；单看收入部分（{}）在范围之内。", named.zh, sum_text(income_part)),
                format!("The need of {need} is above the rule of thumb ({lo}–{hi} x income, {range}) because it counts {}, which the rule of thumb leaves out; the income part alone ({}) is within the range.", named.en, sum_text(income_part)),
            ),
        );
    }
    if dime.need < m.low {
        let (short_zh, short_en) = if years == 0 {
            (
                "没有人需要依靠这份收入".to_string(),
                "no one needs the income replaced".to_string(),
            )
        } else {
            (
                format!("家人只需要 {years} 年、每年 {income} 的收入"),
                format!("the family needs {income} a year for only {years} years"),
            )
        };
        return (
            Standing::Below,
            vec!["short_support"],
            text(
                format!("所需 {need} 低于经验法则（收入的 {lo}–{hi} 倍，{range}）：{short_zh}，而经验法则按 {lo}–{hi} 年的全部收入计算。"),
                format!("The need of {need} is below the rule of thumb ({lo}–{hi} x income, {range}) because {short_en}, while the rule of thumb counts {lo}–{hi} years of the whole income."),
            ),
        );
    }
    (
        Standing::Within,
        Vec::new(),
        text(
            format!("所需 {need} 在经验法则（收入的 {lo}–{hi} 倍，{range}）之内。"),
            format!(
                "The need of {need} is within the rule of thumb ({lo}–{hi} x income, {range})."
            ),
        ),
    )
}

/// A multiple as a person reads it: `10`, `12.5`.
fn multiple_text(r: Ratio) -> String {
    r.to_string()
}

fn against_hlv(p: &FamilyProfile, dime: &Dime, hlv: &HumanLifeValue) -> (Standing, Text) {
    let need = dime.need.minor();
    let value = hlv.value.minor();
    let years = p.years_to_retirement;
    let shown = sum_text(hlv.value);
    // Within 10 % of the need reads as "about the same".
    let standing = if i128::from(value) * 10 < i128::from(need) * 9 {
        Standing::Below
    } else if i128::from(value) * 10 > i128::from(need) * 11 {
        Standing::Above
    } else {
        Standing::AboutTheSame
    };
    let t = match standing {
        Standing::Below => text(
            format!("对照：生命价值法（同样按家庭份额，到退休的 {years} 年，贴现计算）约 {shown}，低于依据，因为它不计房贷、教育等一次性支出。"),
            format!("Cross-check: the human life value (the same family share, {years} years to retirement, discounted) is about {shown}, lower than the basis because it leaves out the mortgage, education and other lump sums."),
        ),
        Standing::Above => text(
            format!("对照：生命价值法（同样按家庭份额，到退休的 {years} 年，贴现计算）约 {shown}，高于依据，因为它计算到退休为止的全部年份，而{}。", support_zh(p.support_years)),
            format!("Cross-check: the human life value (the same family share, {years} years to retirement, discounted) is about {shown}, higher than the basis because it counts every year to retirement, while {}.", support_en(p.support_years)),
        ),
        _ => text(
            format!("对照：生命价值法（同样按家庭份额，到退休的 {years} 年，贴现计算）约 {shown}，与依据相近。"),
            format!("Cross-check: the human life value (the same family share, {years} years to retirement, discounted) is about {shown}, close to the basis."),
        ),
    };
    (standing, t)
}

fn support_zh(years: i64) -> String {
    if years == 0 {
        "没有人需要依靠这份收入".into()
    } else {
        format!("家人只需要 {years} 年")
    }
}

fn support_en(years: i64) -> String {
    if years == 0 {
        "no one depends on the income".into()
    } else {
        format!("the family needs {years} years")
    }
}

fn spending_share(p: &FamilyProfile) -> Option<Ratio> {
    if p.annual_income <= Money::ZERO {
        return None;
    }
    let yearly = i128::from(p.monthly_expenses.minor()) * 12;
    let share = div_round_half_up(
        yearly * i128::from(RATIO_SCALE),
        i128::from(p.annual_income.minor()),
    )
    .min(i128::from(RATIO_SCALE));
    // Shares are shown to a whole percent.
    let pct = div_round_half_up(share, 10_000) * 10_000;
    Some(Ratio::from_millionths(
        i64::try_from(pct).unwrap_or(RATIO_SCALE),
    ))
}

#[cfg(test)]
mod tests;
