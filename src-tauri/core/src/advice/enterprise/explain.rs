//! The enterprise decision in words, with its figures: which criterion decided it and why, each
//! criterion's numbers (a negative loading said as "insuring costs less than keeping the risk"),
//! defaults marked as assumptions, and why the decision departs from the frequency/severity class
//! when it does. Amounts are rounded to the yuan for people; the exact ones stay in the result.

use super::Decision;
use crate::advice::percent;
use crate::money::{div_round_half_up, Money, Ratio, MINOR_PER_MAJOR, RATIO_SCALE};
use crate::text::{text, Text};

/// The numbers of one risk that the sentences quote.
pub(super) struct Numbers<'a> {
    pub expected_loss: Money,
    pub premium: Option<Money>,
    pub loading: Option<Money>,
    pub opportunity: Option<Money>,
    pub retention_cost: Money,
    pub payout_years: i64,
    pub max_loss: Money,
    pub capacity: Money,
    pub expected_return: Ratio,
    pub threshold: Ratio,
    pub frequency: Ratio,
    pub high_frequency: bool,
    /// Fields left to their default.
    pub assumed: &'a [&'static str],
}

/// An amount rounded to the yuan, as a person reads it: `¥34,000`, `-¥1,200`.
pub fn money(m: Money) -> String {
    let whole = div_round_half_up(i128::from(m.minor()), i128::from(MINOR_PER_MAJOR));
    let digits = whole.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}", if whole < 0 { "-" } else { "" })
}

/// How often, in words: "每年约 4 次" / "about 4 a year", or "约 20 年一次" / "about once in 20
/// years" below once a year.
pub fn frequency(f: Ratio) -> Text {
    let m = f.millionths();
    if m <= 0 {
        return text("从未发生", "never");
    }
    if m >= RATIO_SCALE {
        let n = div_round_half_up(i128::from(m) * 10, i128::from(RATIO_SCALE));
        let shown = if n % 10 == 0 {
            format!("{}", n / 10)
        } else {
            format!("{}.{}", n / 10, n % 10)
        };
        return text(
            format!("每年约 {shown} 次"),
            format!("about {shown} a year"),
        );
    }
    let years = div_round_half_up(i128::from(RATIO_SCALE), i128::from(m));
    text(
        format!("约 {years} 年一次"),
        format!("about once in {years} years"),
    )
}

fn assumed(n: &Numbers<'_>, field: &str) -> bool {
    n.assumed.contains(&field)
}

/// Criterion (a): the retention cost against the loading.
pub(super) fn retention_detail(n: &Numbers<'_>) -> Text {
    let r = money(n.retention_cost);
    let (note_zh, note_en) = if assumed(n, "retention_cost") {
        ("（未填写，按 0 计）", " (not given: taken as 0)")
    } else {
        ("", "")
    };
    match (n.premium, n.loading) {
        (Some(p), Some(l)) if l.is_negative() => text(
            format!(
                "报价保费 {} 比预期年损失 {} 低 {}：保险附加费用为负，按这些估计投保比自留便宜。自留每年另需 {r}{note_zh}。",
                money(p),
                money(n.expected_loss),
                money(Money::from_minor(-l.minor()))
            ),
            format!(
                "The quoted premium of {} is {} below the expected yearly loss of {}: the loading is \
                 negative, so on these estimates insuring costs less than keeping the risk. Retaining \
                 costs {r} a year beyond the losses{note_en}.",
                money(p),
                money(Money::from_minor(-l.minor())),
                money(n.expected_loss)
            ),
        ),
        (Some(p), Some(l)) => text(
            format!(
                "保险附加费用 {} = 报价保费 {} − 预期年损失 {}；自留每年另需 {r}{note_zh}。",
                money(l),
                money(p),
                money(n.expected_loss)
            ),
            format!(
                "The loading is {} (the quoted premium of {} less the expected yearly loss of {}); \
                 retaining costs {r} a year beyond the losses{note_en}.",
                money(l),
                money(p),
                money(n.expected_loss)
            ),
        ),
        _ => text(
            "没有保费报价，无法计算保险附加费用。",
            "No premium quoted, so there is no loading to compare.",
        ),
    }
}

/// Criterion (b): the payout period, and what paying the premium up front forgoes.
pub(super) fn payout_detail(n: &Numbers<'_>) -> Text {
    let (note_zh, note_en) = if assumed(n, "payout_years") {
        (
            "（未询问，按默认 1 年）",
            " (not asked: the default of 1 year)",
        )
    } else {
        ("", "")
    };
    let years = n.payout_years;
    match n.opportunity {
        Some(o) => text(
            format!("损失在 {years} 年内付清{note_zh}；预付保费每年少赚 {}。", money(o)),
            format!(
                "Losses are paid over {years} year(s){note_en}; paying the premium up front forgoes {} a year.",
                money(o)
            ),
        ),
        None => text(
            format!("损失在 {years} 年内付清{note_zh}。"),
            format!("Losses are paid over {years} year(s){note_en}."),
        ),
    }
}

/// Criterion (c): the return on capital against the threshold.
pub(super) fn return_detail(n: &Numbers<'_>) -> Text {
    text(
        format!(
            "资金的预期回报率 {}，参照线 {}（可修改的假设）。",
            percent(n.expected_return),
            percent(n.threshold)
        ),
        format!(
            "Expected return on capital {} against the threshold of {} (an assumption you can change).",
            percent(n.expected_return),
            percent(n.threshold)
        ),
    )
}

/// Criterion (d): the largest loss against what the firm can absorb.
pub(super) fn capacity_detail(n: &Numbers<'_>) -> Text {
    text(
        format!(
            "最大可能损失 {}，企业可承受 {}。",
            money(n.max_loss),
            money(n.capacity)
        ),
        format!(
            "Largest possible loss {} against the {} the firm can absorb.",
            money(n.max_loss),
            money(n.capacity)
        ),
    )
}

/// The decision, the criterion that decided it, and the reason with its figures.
pub(super) fn decide(n: &Numbers<'_>) -> (Decision, &'static str, Text) {
    let retain = if n.high_frequency {
        Decision::RetainWithLossControl
    } else {
        Decision::Retain
    };
    let max = money(n.max_loss);
    let cap = money(n.capacity);
    let el = money(n.expected_loss);
    let r = money(n.retention_cost);
    let b = n.payout_years > 1;
    let c = n.expected_return >= n.threshold;
    if n.max_loss > n.capacity {
        let f = frequency(n.frequency);
        return if n.high_frequency {
            (
                Decision::AvoidOrReduce,
                "can_bear_largest_loss",
                text(
                    format!("最大可能损失 {max} 超出企业能承受的 {cap}，而且损失频繁（{}）：投保也难以负担，应先避免该活动或降低风险。", f.zh),
                    format!(
                        "The largest possible loss of {max} is beyond the {cap} the firm can bear, and \
                         losses are frequent ({}): avoid the activity or reduce the hazard first; \
                         insuring it would hardly be affordable.",
                        f.en
                    ),
                ),
            )
        } else {
            (
                Decision::Transfer,
                "can_bear_largest_loss",
                text(
                    format!("最大可能损失 {max} 超出企业能承受的 {cap}：这样一次损失就可能让企业陷入困境，所以不论成本都应投保转移。"),
                    format!(
                        "The largest possible loss of {max} is beyond the {cap} the firm can bear: one \
                         such loss could put the firm in distress, so transfer it whatever the cost."
                    ),
                ),
            )
        };
    }
    let (Some(premium), Some(loading)) = (n.premium, n.loading) else {
        return (
            retain,
            "can_bear_largest_loss",
            text(
                format!("企业能承受最大可能损失 {max}（可承受 {cap}），又没有保费报价可比：自留。有报价后可再比较。"),
                format!(
                    "The firm can bear the largest possible loss of {max} (it can absorb {cap}) and there \
                     is no quote to compare: retain it. Compare again once there is a quote."
                ),
            ),
        );
    };
    let p = money(premium);
    let l = money(loading);
    if n.retention_cost < loading {
        return (
            retain,
            "retention_cost_below_loading",
            text(
                format!("报价保费 {p} 比预期年损失 {el} 高出 {l}（保险附加费用），而自留每年另需 {r}：自留比投保便宜。"),
                format!(
                    "The quoted premium of {p} is {l} above the expected yearly loss of {el} (the \
                     insurer's loading), while retaining costs {r} a year beyond the losses: keeping \
                     the risk costs less than insuring it."
                ),
            ),
        );
    }
    let o = n.opportunity.unwrap_or_default();
    let with_return = Money::from_minor(loading.minor().saturating_add(o.minor()));
    let om = money(o);
    if (b || c) && n.retention_cost < with_return {
        let (id, why_zh, why_en) = if b {
            (
                "long_payout_period",
                format!("损失分 {} 年支付，钱不必一次拿出", n.payout_years),
                format!("losses are paid over {} years, not at once", n.payout_years),
            )
        } else {
            (
                "good_return_elsewhere",
                format!(
                    "资金在企业里的回报率 {} 达到参照线 {}",
                    percent(n.expected_return),
                    percent(n.threshold)
                ),
                format!(
                    "the money earns {} in the firm, at or above the threshold of {}",
                    percent(n.expected_return),
                    percent(n.threshold)
                ),
            )
        };
        return (
            retain,
            id,
            text(
                format!("自留每年另需 {r}，不低于保险附加费用 {l}；但{why_zh}，预付保费每年少赚 {om}，算上它自留仍更便宜：自留。"),
                format!(
                    "Retaining costs {r} a year, no less than the loading of {l}; but {why_en}, and \
                     paying the premium up front forgoes {om} a year: counting that, retaining still \
                     costs less."
                ),
            ),
        );
    }
    if loading.is_negative() {
        return (
            Decision::Transfer,
            "retention_cost_below_loading",
            text(
                format!("报价保费 {p} 低于预期年损失 {el}：投保比自留便宜。"),
                format!(
                    "The quoted premium of {p} is below the expected yearly loss of {el}: insuring \
                     costs less than keeping the risk."
                ),
            ),
        );
    }
    let (more_zh, more_en) = if b || c {
        (
            format!("算上预付保费每年少赚的 {om} 也是如此"),
            format!("even counting the {om} a year the premium paid up front forgoes"),
        )
    } else {
        (
            "损失一年内付清、资金回报率也不高，预付保费不吃亏".to_string(),
            "losses are paid within a year and the money earns little elsewhere, so paying up front costs nothing".to_string(),
        )
    };
    (
        Decision::Transfer,
        "retention_cost_below_loading",
        text(
            format!("自留每年另需 {r}，高于保险附加费用 {l}（保费 {p} − 预期年损失 {el}），{more_zh}：投保更便宜。"),
            format!(
                "Retaining costs {r} a year, more than the loading of {l} (premium {p} less the \
                 expected yearly loss of {el}), {more_en}: insuring costs less."
            ),
        ),
    )
}

/// The matrix class in words.
fn matrix_words(matrix: &str) -> Text {
    match matrix {
        "retain" => text("自留", "retained"),
        "retain_with_loss_control" => text("自留并加强防损", "retained with loss control"),
        "insure" => text("投保转移", "insured"),
        _ => text("避免或降低", "avoided or reduced"),
    }
}

/// Why the decision departs from the frequency/severity class, when it does. The class follows
/// from frequency and severity alone; the decision also weighs the price, so a risk the firm can
/// bear may still be insured when the quote is cheap enough.
pub(super) fn matrix_note(matrix: &'static str, decision: Decision) -> Option<Text> {
    let agrees = matches!(
        (matrix, decision),
        ("retain", Decision::Retain)
            | ("retain_with_loss_control", Decision::RetainWithLossControl)
            | ("insure", Decision::Transfer)
            | ("avoid_or_reduce", Decision::AvoidOrReduce)
    );
    if agrees {
        return None;
    }
    let m = matrix_words(matrix);
    let d = match decision {
        Decision::Transfer => text("投保转移", "insure it"),
        Decision::AvoidOrReduce => text("避免或降低", "avoid or reduce it"),
        _ => text("自留", "retain it"),
    };
    Some(text(
        format!(
            "只看频率和程度，这类风险通常{}；这里建议{}，是因为比较了报价和自留的成本（见上面的理由）。",
            m.zh, d.zh
        ),
        format!(
            "By frequency and severity alone such a risk is usually {}; the advice here is to {} \
             because the quote and the cost of retaining were compared (see the reason above).",
            m.en, d.en
        ),
    ))
}
