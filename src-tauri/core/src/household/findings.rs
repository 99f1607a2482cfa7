//! The review's findings (issue #16), each with its stable id, the member and policies it is
//! about, a bilingual reason and action, and a severity; and the priorities: what to fix first.
//!
//! Over-insurance and duplicates are findings like gaps: the review never calls for cover that is
//! not needed (NFRA 2023 No. 2 art. 28), and `no_change_needed` is said only when nothing else is
//! found and no cell of the map shows a gap.

use super::coverage::{after_reinstating, of_kind, Cell, State};
use super::model::{Household, Member, Policy, PolicyKind, Relation, Status};
use super::words::{cover_name, label_of, policy_name, policy_names};
use super::Risk;
use crate::advice::people::{premium_text, sum_text, whole_text};
use crate::advice::percent;
use crate::date::Date;
use crate::money::Money;
use crate::text::{text, Text};
use serde::Serialize;

/// How urgent a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
    Info,
}

/// One thing the review found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    /// The member it is about (`None`: the household).
    pub member: Option<String>,
    pub policies: Vec<String>,
    pub reason: Text,
    pub action: Text,
}

/// The order in which findings of one severity are fixed: paying before cover lapses comes
/// first, then reinstating, then an earner without cover.
const ORDER: &[&str] = &[
    "in_grace",
    "lapsed",
    "uncovered_earner",
    "child_uncovered",
    "cover_gap",
    "duplicate_indemnity",
    "cover_ends_before_need",
    "over_insured_dependent",
    "premium_share_high",
    "over_insured",
    "no_beneficiary",
    "minor_beneficiary",
    "waiting_period_running",
    "no_change_needed",
];

fn rank(f: &Finding) -> (Severity, usize) {
    (
        f.severity,
        ORDER.iter().position(|o| *o == f.id).unwrap_or(ORDER.len()),
    )
}

struct Out<'h> {
    h: &'h Household,
    list: Vec<Finding>,
}

impl Out<'_> {
    fn add(
        &mut self,
        id: &'static str,
        severity: Severity,
        member: Option<&str>,
        policies: &[&Policy],
        reason: Text,
        action: Text,
    ) {
        self.list.push(Finding {
            id,
            severity,
            member: member.map(str::to_string),
            policies: policies.iter().map(|p| p.id.clone()).collect(),
            reason,
            action,
        });
    }

    fn who(&self, id: Option<&str>) -> Text {
        label_of(self.h, id)
    }
}

/// Every finding, most urgent first, and whether nothing needs changing.
pub fn findings(h: &Household, cells: &[Cell], annual_premiums: Money) -> Vec<Finding> {
    let mut out = Out {
        h,
        list: Vec::new(),
    };
    statuses(&mut out);
    uncovered(&mut out, cells);
    duplicates(&mut out);
    ends_before_need(&mut out);
    over_insured(&mut out, cells);
    premiums(&mut out, annual_premiums, cells);
    beneficiaries(&mut out);
    waiting(&mut out);
    let mut list = out.list;
    let anything = list.iter().any(|f| f.severity != Severity::Info)
        || cells.iter().any(|c| c.state == State::Gap);
    if !anything {
        let unknown = cells.iter().any(|c| c.state == State::Unknown);
        list.push(Finding {
            id: "no_change_needed",
            severity: Severity::Info,
            member: None,
            policies: Vec::new(),
            reason: if unknown {
                text(
                    "每个人的保障都达到了按这些数字计算的需要，没有重复、失效或超额的保单；养老收入的需要取决于社保养老金，这里未作判断。",
                    "Everyone's cover meets the need on these numbers, with no duplicate, lapsed or excess policy; old-age income depends on the social pension and is not judged here.",
                )
            } else {
                text(
                    "每个人的保障都达到了按这些数字计算的需要，没有重复、失效或超额的保单。",
                    "Everyone's cover meets the need on these numbers, with no duplicate, lapsed or excess policy.",
                )
            },
            action: text(
                "现在不需要调整保单。家庭情况变化（孩子出生、新的贷款、换工作）时或一年后再检视。",
                "No change to the policies is needed now. Review again when the family changes (a birth, a new loan, a new job) or in a year.",
            ),
        });
    }
    list.sort_by_key(rank);
    list
}

/// What to fix first, in plain words: the actions of the findings that need one, most urgent
/// first (at most six), or the one sentence that nothing needs changing.
pub fn priorities(findings: &[Finding]) -> Vec<Text> {
    let mut out: Vec<Text> = findings
        .iter()
        .filter(|f| f.severity <= Severity::Medium || f.id == "no_change_needed")
        .map(|f| f.action.clone())
        .collect();
    if out.is_empty() {
        out = findings
            .iter()
            .filter(|f| f.severity == Severity::Low)
            .map(|f| f.action.clone())
            .collect();
    }
    out.dedup();
    out.truncate(6);
    out
}

fn statuses(out: &mut Out<'_>) {
    let h = out.h;
    for p in &h.policies {
        let who = out.who(p.insured.as_deref());
        let name = policy_name(p);
        match p.status {
            Status::InGrace => out.add(
                "in_grace",
                Severity::High,
                p.insured.as_deref(),
                &[p],
                text(
                    format!("{}的{}保费逾期，正在宽限期内：宽限期内仍有保障，期满未交则合同效力中止（《保险法》第三十六条：催告后 30 日或应交之日起 60 日）。", who.zh, name.zh),
                    format!("The premium of {}'s {} is overdue and the policy is in its grace period: cover runs until it ends, then the contract is suspended (Insurance Law art. 36: 30 days after a reminder or 60 days after the due date).", who.en, name.en),
                ),
                text(
                    format!("在宽限期结束前交清{}的保费。", name.zh),
                    format!("Pay the premium of {} before the grace period ends.", name.en),
                ),
            ),
            Status::Lapsed => {
                let long_term = matches!(
                    p.kind,
                    PolicyKind::TermLife
                        | PolicyKind::WholeLife
                        | PolicyKind::CriticalIllness
                        | PolicyKind::DisabilityIncome
                        | PolicyKind::Annuity
                        | PolicyKind::Education
                );
                out.add(
                    "lapsed",
                    if long_term { Severity::High } else { Severity::Medium },
                    p.insured.as_deref(),
                    &[p],
                    text(
                        format!("{}的{}已中止，现在不提供保障，在保障图中不计。《保险法》第三十七条：中止后两年内可申请复效（与保险公司协商并补交保费）；两年内未复效，保险公司可以解除合同。", who.zh, name.zh),
                        format!("{}'s {} is suspended and covers nothing now; the map counts nothing for it. Insurance Law art. 37: it can be reinstated within two years of the suspension (by agreement with the insurer, paying the premiums owed); after two years the insurer may end the contract."
                            , cap(&who.en), name.en),
                    ),
                    if long_term {
                        text(
                            format!("如仍需要这份保障，在中止两年内申请复效{}的{}：复效保留原来的投保年龄和已过的等待期，通常比重新投保便宜。", who.zh, name.zh),
                            format!("If the cover is still needed, reinstate {}'s {} within two years of its suspension: it keeps the age it was bought at and the waiting period already served, usually cheaper than buying anew.", who.en, name.en),
                        )
                    } else {
                        text(
                            format!("如仍需要这份保障，向保险公司确认{}的{}能否复效，否则重新投保。", who.zh, name.zh),
                            format!("If the cover is still needed, ask the insurer whether {}'s {} can be reinstated; otherwise buy it anew.", who.en, name.en),
                        )
                    },
                );
            }
            _ => {}
        }
    }
}

fn uncovered(out: &mut Out<'_>, cells: &[Cell]) {
    let h = out.h;
    let cell = |m: &Member, r: Risk| cells.iter().find(|c| c.member == m.id && c.risk == r);
    let mut skip: Vec<(String, Risk)> = Vec::new();
    for m in &h.members {
        let who = out.who(Some(&m.id));
        let none = |r: Risk| cell(m, r).is_some_and(|c| c.held == Money::ZERO);
        if m.is_earner() && none(Risk::Death) && none(Risk::CriticalIllness) {
            let (d, c) = (cell(m, Risk::Death), cell(m, Risk::CriticalIllness));
            // Only the cover that is needed is proposed (no life cover "of about ¥0" for an
            // earner nobody depends on), and what a reinstatement would close is said instead
            // of selling it anew.
            let mut buy: Vec<Text> = Vec::new();
            let mut after = text(String::new(), String::new());
            let mut lapsed: Vec<&Policy> = Vec::new();
            for (cell, kind) in [
                (d, text("定期寿险", "term life")),
                (c, text("重疾保障", "critical illness cover")),
            ] {
                let Some(cell) = cell.filter(|c| c.need.is_some_and(|n| n > Money::ZERO)) else {
                    continue;
                };
                if let Some((words, ps)) = reinstating(out, m, cell) {
                    after = text(
                        format!("{}{}", after.zh, words.zh),
                        format!("{} {}", after.en, words.en),
                    );
                    lapsed.extend(ps);
                } else {
                    let n = sum_text(cell.need.unwrap_or_default());
                    buy.push(text(
                        format!("{}约 {}", kind.zh, n),
                        format!("{} of about {}", kind.en, n),
                    ));
                }
            }
            let first = match buy.as_slice() {
                [] => text(String::new(), String::new()),
                [one] => text(
                    format!("先为{}配置{}。", who.zh, one.zh),
                    format!("First give {} {}.", who.en, one.en),
                ),
                [a, b, ..] => text(
                    format!("先为{}配置{}和{}。", who.zh, a.zh, b.zh),
                    format!("First give {} {} and {}.", who.en, a.en, b.en),
                ),
            };
            let action = text(
                format!("{}{}", first.zh, after.zh),
                format!("{}{}", first.en, after.en).trim().to_string(),
            );
            out.add(
                "uncovered_earner",
                Severity::High,
                Some(&m.id),
                &lapsed,
                text(
                    format!("{}有收入，但没有寿险也没有重疾保障：身故或重病时家庭将失去这份收入。", who.zh),
                    format!("{} earns an income but holds no life and no critical illness cover: a death or serious illness would take that income from the family.", cap(&who.en)),
                ),
                action,
            );
            skip.push((m.id.clone(), Risk::Death));
            skip.push((m.id.clone(), Risk::CriticalIllness));
        }
        if m.relation == Relation::Child && none(Risk::Medical) && none(Risk::Accident) {
            out.add(
                "child_uncovered",
                Severity::High,
                Some(&m.id),
                &[],
                text(
                    format!("{}没有医疗保险，也没有意外保障：孩子住院和意外的费用全部由家庭承担。", who.zh),
                    format!("{} has neither medical nor accident cover: the family pays every hospital and accident bill.", cap(&who.en)),
                ),
                text(
                    format!("为{}配置报销型医疗保险和意外险（少儿保费较低）。", who.zh),
                    format!("Give {} indemnity medical and accident cover (cheap for children).", who.en),
                ),
            );
            skip.push((m.id.clone(), Risk::Medical));
            skip.push((m.id.clone(), Risk::Accident));
        }
    }
    for c in cells.iter().filter(|c| c.state == State::Gap) {
        if skip.iter().any(|(m, r)| *m == c.member && *r == c.risk) {
            continue;
        }
        let earner = h.member(&c.member).is_some_and(Member::is_earner);
        let severity = if c.risk == Risk::Medical
            || (earner && matches!(c.risk, Risk::Death | Risk::CriticalIllness))
        {
            Severity::Medium
        } else {
            Severity::Low
        };
        let who = out.who(Some(&c.member));
        let risk = cover_name(c.risk);
        let gap = c.need.unwrap_or_default().gap_after(c.held);
        let shown = amount_in(c.unit, gap);
        let mut ps: Vec<&Policy> = h
            .policies
            .iter()
            .filter(|p| c.policies.contains(&p.id))
            .collect();
        let member = h.member(&c.member);
        let reinstated = member.and_then(|m| reinstating(out, m, c));
        if let Some((_, lapsed)) = &reinstated {
            ps.extend(lapsed.iter().copied());
        }
        out.add(
            "cover_gap",
            severity,
            Some(&c.member),
            &ps,
            text(
                format!("{}的{}不足：{}", who.zh, risk.zh, c.text.zh),
                format!("{}'s {} falls short: {}", cap(&who.en), risk.en, uncap(&c.text.en)),
            ),
            if let Some((words, _)) = reinstated {
                words
            } else if c.risk == Risk::OldAgeIncome {
                // Care is paid from savings as often as from cover, and care cover is seldom
                // sold late in life: the action is to plan the money, not to buy a policy.
                text(
                    format!("为{}预留约 {} 的护理费用（存款或仍可投保的护理保险）。", who.zh, shown.zh),
                    format!("Plan about {} for {}'s care (savings set aside, or care cover where it can still be bought).", shown.en, who.en),
                )
            } else if c.risk == Risk::Medical {
                text(
                    format!("为{}配置报销型医疗保险，年度限额至少 {}。", who.zh, shown.zh),
                    format!("Give {} indemnity medical cover with a yearly limit of at least {}.", who.en, shown.en),
                )
            } else {
                text(
                    format!("为{}补足{}约 {}。", who.zh, risk.zh, shown.zh),
                    format!("Add about {} of {} for {}.", shown.en, risk.en, who.en),
                )
            },
        );
    }
}

/// An amount of a cell's unit as a person reads it: a sum rounded as the advice rounds it, or
/// whole yuan a month.
fn amount_in(unit: super::needs::Unit, v: Money) -> Text {
    if unit == super::needs::Unit::Monthly {
        text(
            format!("{}/月", whole_text(v)),
            format!("{} a month", whole_text(v)),
        )
    } else {
        let s = sum_text(v);
        text(s.clone(), s)
    }
}

/// What reinstating `m`'s suspended policies of the cell's risk would close of its gap, in
/// words, with those policies; `None` when there are none (or no known need).
fn reinstating<'h>(out: &Out<'h>, m: &Member, c: &Cell) -> Option<(Text, Vec<&'h Policy>)> {
    let need = c.need?;
    let (lapsed, rest) = after_reinstating(out.h, m, c.risk, need)?;
    let closed = need.gap_after(c.held).gap_after(rest);
    if closed == Money::ZERO {
        return None;
    }
    let who = out.who(Some(&m.id));
    let names = policy_names(&lapsed);
    let risk = cover_name(c.risk);
    let amount = |v: Money| amount_in(c.unit, v);
    let words = if rest == Money::ZERO {
        text(
            format!("复效{}已中止的{}即可补足{}，无需新增保障。", who.zh, names.zh, risk.zh),
            format!("Reinstating {}'s suspended {} would close this gap: no new cover is needed for it.", who.en, names.en),
        )
    } else {
        let (closed, rest) = (amount(closed), amount(rest));
        text(
            format!("复效{}已中止的{}可补上约 {}，其余约 {} 需新增{}。", who.zh, names.zh, closed.zh, rest.zh, risk.zh),
            format!("Reinstating {}'s suspended {} would close about {} of this gap; the remaining {} needs new cover.", who.en, names.en, closed.en, rest.en),
        )
    };
    Some((words, lapsed))
}

fn duplicates(out: &mut Out<'_>) {
    let h = out.h;
    for m in &h.members {
        let ps = of_kind(h, m, PolicyKind::MedicalIndemnity);
        if ps.len() < 2 {
            continue;
        }
        let who = out.who(Some(&m.id));
        let names = policy_names(&ps);
        let mut deductibles: Vec<Money> = ps.iter().map(|p| p.deductible).collect();
        deductibles.sort();
        deductibles.dedup();
        let note = if deductibles.len() > 1 {
            text(
                "两份保单免赔额不同：免赔额低的一份只在另一份的免赔额以内多赔，看这部分是否值得它的保费。",
                " Their deductibles differ: the one with the lower deductible pays more only within the other's deductible; weigh whether that is worth its premium.",
            )
        } else {
            text("", "")
        };
        out.add(
            "duplicate_indemnity",
            Severity::Medium,
            Some(&m.id),
            &ps,
            text(
                format!("{}同时有 {} 份报销型医疗保险（{}）。医疗保险按补偿原则赔付：同一笔费用第二份不会多赔，只多付保费。{}", who.zh, ps.len(), names.zh, note.zh),
                format!("{} holds {} indemnity medical policies ({}). Medical cover indemnifies: for the same bill the second pays nothing more, it only costs premium.{}", cap(&who.en), ps.len(), names.en, note.en),
            ),
            text(
                format!("保留{}保障较好的一份医疗保险，到期不再续保另一份。按监管要求（金融监管总局 2023 年 2 号令第二十八条）提示：不要再为{}购买重复的报销型保险；如仍购买，记录这是客户自己的决定。", who.zh, who.zh),
                format!("Keep the better of {}'s medical policies and let the other end at renewal. As NFRA 2023 No. 2 art. 28 requires: do not buy {} further duplicate indemnity cover; if the client still does, record that it was their own decision.", who.en, who.en),
            ),
        );
    }
    // Property: the same object (as written, ignoring case and spaces) insured twice.
    let key = |p: &Policy| {
        p.object.as_deref().map(|o| {
            o.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        })
    };
    let props: Vec<&Policy> = h
        .policies
        .iter()
        .filter(|p| p.kind == PolicyKind::Property && p.counts_on(h.as_of))
        .collect();
    let mut done: Vec<String> = Vec::new();
    for p in &props {
        let Some(k) = key(p) else { continue };
        if done.contains(&k) {
            continue;
        }
        let same: Vec<&Policy> = props
            .iter()
            .copied()
            .filter(|q| key(q).as_ref() == Some(&k))
            .collect();
        done.push(k);
        if same.len() < 2 {
            continue;
        }
        let object = p.object.clone().unwrap_or_default();
        let names = policy_names(&same);
        out.add(
            "duplicate_indemnity",
            Severity::Medium,
            None,
            &same,
            text(
                format!("「{object}」有 {} 份财产险（{}）：财产损失按补偿原则赔付，重复投保时各保单按比例分摊，总赔款不超过损失。", same.len(), names.zh),
                format!("\"{object}\" is insured by {} property policies ({}): a loss is indemnified once, the policies share it in proportion and together pay no more than the loss.", same.len(), names.en),
            ),
            text(
                format!("「{object}」只保留一份足额的财产险。按金融监管总局 2023 年 2 号令第二十八条提示：不要再购买重复的财产保险。"),
                format!("Keep one property policy with an adequate sum on \"{object}\". As NFRA 2023 No. 2 art. 28 requires: do not buy further duplicate property cover."),
            ),
        );
    }
}

/// When the family still needs cover: the mortgage's end (with a mortgage) and the youngest
/// child's independence, whichever is later.
fn need_ends(h: &Household) -> Option<(Date, Text)> {
    let mut out: Option<(Date, Text)> = None;
    if h.household.mortgage > Money::ZERO {
        if let Some(end) = h.household.mortgage_end {
            out = Some((
                end,
                text(
                    format!("房贷到 {end} 才还清"),
                    format!("the mortgage runs to {end}"),
                ),
            ));
        }
    }
    let independent = h
        .members
        .iter()
        .filter(|m| m.relation == Relation::Child)
        .map(|m| {
            m.birth_date
                .add_years(h.assumptions.independence_age as u32)
        })
        .max();
    if let Some(d) = independent {
        if out.as_ref().is_none_or_before(d) {
            out = Some((
                d,
                text(
                    format!(
                        "最小的孩子到 {d} 才满 {} 岁",
                        h.assumptions.independence_age
                    ),
                    format!(
                        "the youngest child turns {} only on {d}",
                        h.assumptions.independence_age
                    ),
                ),
            ));
        }
    }
    out
}

trait BeforeOrNone {
    fn is_none_or_before(&self, d: Date) -> bool;
}

impl BeforeOrNone for Option<&(Date, Text)> {
    fn is_none_or_before(&self, d: Date) -> bool {
        match self {
            None => true,
            Some((e, _)) => *e < d,
        }
    }
}

fn ends_before_need(out: &mut Out<'_>) {
    let h = out.h;
    let Some((until, why)) = need_ends(h) else {
        return;
    };
    for m in h.members.iter().filter(|m| m.is_earner()) {
        for p in of_kind(h, m, PolicyKind::TermLife) {
            let Some(end) = p.end_date.filter(|e| *e < until) else {
                continue;
            };
            let who = out.who(Some(&m.id));
            let name = policy_name(p);
            out.add(
                "cover_ends_before_need",
                Severity::Medium,
                Some(&m.id),
                &[p],
                text(
                    format!("{}的{}在 {end} 到期，而{}：最后几年没有寿险保障。", who.zh, name.zh, why.zh),
                    format!("{}'s {} ends on {end}, but {}: the last years are without life cover.", cap(&who.en), name.en, why.en),
                ),
                text(
                    format!("让{}的寿险保障至少持续到 {until}：趁年轻健康时加一份期限更长的定期寿险，或确认能否延长。", who.zh),
                    format!("Make {}'s life cover last to at least {until}: add a longer term policy while young and healthy, or ask whether this one can be extended.", who.en),
                ),
            );
        }
    }
}

fn over_insured(out: &mut Out<'_>, cells: &[Cell]) {
    let h = out.h;
    let earner_uncovered: Vec<&Member> = h
        .members
        .iter()
        .filter(|m| m.is_earner())
        .filter(|m| {
            cells
                .iter()
                .any(|c| c.member == m.id && c.risk == Risk::Death && c.held == Money::ZERO)
        })
        .collect();
    let mut flagged = Vec::new();
    for m in h.members.iter().filter(|m| !m.is_earner()) {
        let Some(c) = cells
            .iter()
            .find(|c| c.member == m.id && c.risk == Risk::Death)
        else {
            continue;
        };
        if c.held < h.assumptions.large_dependent_life || earner_uncovered.is_empty() {
            continue;
        }
        let who = out.who(Some(&m.id));
        let earners =
            earner_uncovered
                .iter()
                .map(|e| out.who(Some(&e.id)))
                .fold(text("", ""), |acc, t| {
                    if acc.zh.is_empty() {
                        t
                    } else {
                        text(
                            format!("{}、{}", acc.zh, t.zh),
                            format!("{} and {}", acc.en, t.en),
                        )
                    }
                });
        let ps: Vec<&Policy> = h
            .policies
            .iter()
            .filter(|p| c.policies.contains(&p.id))
            .collect();
        out.add(
            "over_insured_dependent",
            Severity::Medium,
            Some(&m.id),
            &ps,
            text(
                format!("{}没有收入，却有 {} 的寿险；而负担家庭收入的{}没有寿险。", who.zh, whole_text(c.held), earners.zh),
                format!("{} has no income but holds {} of life cover, while {}, who earns the family's income, holds none.", cap(&who.en), whole_text(c.held), earners.en),
            ),
            text(
                format!("先保障{}；{}的寿险不再加保，到期或缴费时考虑把这部分保费用于收入者的保障。", earners.zh, who.zh),
                format!("Cover {} first; add no life cover for {}, and at renewal consider spending that premium on the earner's cover.", earners.en, who.en),
            ),
        );
        flagged.push(m.id.clone());
    }
    for c in cells.iter().filter(|c| c.state == State::Over) {
        if c.risk == Risk::Death && flagged.contains(&c.member) {
            continue;
        }
        let who = out.who(Some(&c.member));
        let risk = cover_name(c.risk);
        let ps: Vec<&Policy> = h
            .policies
            .iter()
            .filter(|p| c.policies.contains(&p.id))
            .collect();
        out.add(
            "over_insured",
            Severity::Low,
            Some(&c.member),
            &ps,
            text(
                format!("{}的{}超出需要：{}", who.zh, risk.zh, c.text.zh),
                format!("{}'s {} is beyond the need: {}", cap(&who.en), risk.en, uncap(&c.text.en)),
            ),
            text(
                format!("不要再为{}增加{}；续保或缴费时考虑是否仍值得这份保费。", who.zh, risk.zh),
                format!("Add no more {} for {}; at renewal, weigh whether it is still worth its premium.", risk.en, who.en),
            ),
        );
    }
}

fn premiums(out: &mut Out<'_>, annual: Money, cells: &[Cell]) {
    let h = out.h;
    let income = h.members.iter().fold(Money::ZERO, |s, m| {
        s.checked_add(m.annual_income, "income").unwrap_or(s)
    });
    let share = h.household.premium_budget_share;
    let budget = income.times_ratio(share, "budget").unwrap_or(Money::ZERO);
    if annual <= budget || annual == Money::ZERO {
        return;
    }
    let due: Vec<&Policy> = h
        .policies
        .iter()
        .filter(|p| p.premium_due_on(h.as_of))
        .collect();
    // Over budget with gaps open is a choice for the client, not a reason to hide the gaps:
    // the action points at what can be cut (the duplicates and excess found before it) and
    // leaves which gap to accept to the client, instead of "add none" beside a list of gaps.
    let excess: Vec<&Policy> = {
        let ids: Vec<&String> = out
            .list
            .iter()
            .filter(|f| {
                matches!(
                    f.id,
                    "duplicate_indemnity" | "over_insured_dependent" | "over_insured"
                )
            })
            .flat_map(|f| f.policies.iter())
            .collect();
        due.iter()
            .copied()
            .filter(|p| ids.contains(&&p.id))
            .collect()
    };
    let cut = if excess.is_empty() {
        text(
            "保费超出预算，没有发现重复或超额的保单。".to_string(),
            "Premiums are beyond the budget, and no duplicate or excess policy was found."
                .to_string(),
        )
    } else {
        let names = policy_names(&excess);
        text(
            format!("保费超出预算：上面列出的重复或超额保单（{}）是可以先节省的部分（一年期的保单到期不再续保；长期保单退保会有损失，先查现金价值）。", names.zh),
            format!("Premiums are beyond the budget: the duplicate or excess policies found above ({}) are where to save first (a one-year policy by not renewing it; surrendering a long-term policy loses money, so check its cash value first).", names.en),
        )
    };
    let then = if cells.iter().any(|c| c.state == State::Gap) {
        text(
            format!("补足缺口时按优先顺序，先补最紧要的，总保费尽量控制在预算 {} 内；预算不够时，由客户决定接受哪些缺口。", premium_text(budget)),
            format!("Fill the gaps in order of priority, the most urgent first, keeping the premiums within the budget of {} where possible; where it does not reach, the client decides which gaps to accept.", premium_text(budget)),
        )
    } else {
        text(
            "不要再增加保单。".to_string(),
            "Add no further policy.".to_string(),
        )
    };
    out.add(
        "premium_share_high",
        Severity::Medium,
        None,
        &due,
        text(
            format!("家庭每年保费约 {}，超过家庭收入 {} 的 {}（{}）。", premium_text(annual), whole_text(income), percent(share), premium_text(budget)),
            format!("The household pays about {} a year in premiums, beyond {} of its income of {} ({}).", premium_text(annual), percent(share), whole_text(income), premium_text(budget)),
        ),
        text(format!("{}{}", cut.zh, then.zh), format!("{} {}", cut.en, then.en)),
    );
}

fn beneficiaries(out: &mut Out<'_>) {
    let h = out.h;
    for p in h
        .policies
        .iter()
        .filter(|p| p.kind.pays_on_death() && p.counts_on(h.as_of))
    {
        let name = policy_name(p);
        let who = out.who(p.insured.as_deref());
        if p.beneficiaries.is_empty() {
            out.add(
                "no_beneficiary",
                Severity::Low,
                p.insured.as_deref(),
                &[p],
                text(
                    format!("{}的{}没有指定受益人：身故保险金作为遗产处理（《保险法》第四十二条），手续更慢，且要先清偿债务。", who.zh, name.zh),
                    format!("{}'s {} names no beneficiary: the death benefit becomes part of the estate (Insurance Law art. 42), slower to pay and first used for debts.", cap(&who.en), name.en),
                ),
                text(
                    format!("为{}指定受益人（可以写明份额和顺序）。", name.zh),
                    format!("Name beneficiaries for {} (with shares and order if wished).", name.en),
                ),
            );
        }
        let minors: Vec<&Member> = p
            .beneficiaries
            .iter()
            .filter_map(|id| h.member(id))
            .filter(|b| h.age(b) < 18)
            .collect();
        if let Some(b) = minors.first() {
            let minor = out.who(Some(&b.id));
            out.add(
                "minor_beneficiary",
                Severity::Low,
                p.insured.as_deref(),
                &[p],
                text(
                    format!("{}的受益人{}未成年：保险金由监护人代为管理。", name.zh, minor.zh),
                    format!("The beneficiary of {}, {}, is a minor: a guardian would manage the benefit.", name.en, minor.en),
                ),
                text(
                    "确认谁会是监护人、是否需要保险金信托或写明用途。",
                    "Settle who would be the guardian, and whether an insurance trust or a stated purpose is wanted.",
                ),
            );
        }
    }
}

fn waiting(out: &mut Out<'_>) {
    let h = out.h;
    for p in &h.policies {
        let Some(end) = p.waiting_end.filter(|e| *e > h.as_of) else {
            continue;
        };
        if !p.counts_on(h.as_of) {
            continue;
        }
        let name = policy_name(p);
        let who = out.who(p.insured.as_deref());
        let older = h.policies.iter().any(|o| {
            o.id != p.id
                && o.kind == p.kind
                && o.insured == p.insured
                && o.counts_on(h.as_of)
                && !o.waiting_end.is_some_and(|e| e > h.as_of)
        });
        out.add(
            "waiting_period_running",
            Severity::Info,
            p.insured.as_deref(),
            &[p],
            text(
                format!("{}的{}等待期到 {end} 才结束：在此之前确诊的疾病不赔。", who.zh, name.zh),
                format!("{}'s {} is in its waiting period until {end}: an illness diagnosed before then is not paid."
                    , cap(&who.en), name.en),
            ),
            // Only a member who holds another policy of the kind has one not to cancel.
            if older {
                text(
                    format!("等待期结束前不要退掉旧的同类保单（{end}）。"),
                    format!("Do not cancel the older policy of the same kind before the waiting period ends ({end})."),
                )
            } else {
                text(
                    format!("无需操作；请知悉 {end} 前确诊的疾病这份保单不赔。"),
                    format!("Nothing to do; know that this policy pays nothing for an illness diagnosed before {end}."),
                )
            },
        );
    }
}

fn cap(s: &str) -> String {
    super::coverage::cap(s)
}

/// A sentence's first letter in lower case, to go after a colon.
fn uncap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
