//! The household's life stage and planning priorities, and the risks found in its answers.
//!
//! Life stages follow the source text: growth, youth, middle age, old age. Boundaries (documented
//! in content/README.md): growth under 18, youth 18-34, middle age 35-59, old age 60 and over.

use super::family::{Affordability, CriticalIllness, Dime, DisabilityIncome, EmergencyFund};
use super::people::{premium_text, sum_text, whole_text};
use super::profile::FamilyProfile;
use crate::money::Money;
use crate::text::{text, Text};
use serde::Serialize;

/// A stage of life, each with its own planning focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LifeStage {
    Growth,
    Youth,
    Middle,
    Old,
}

impl LifeStage {
    /// The tag used in questionnaires and results.
    pub fn tag(self) -> &'static str {
        match self {
            LifeStage::Growth => "growth",
            LifeStage::Youth => "youth",
            LifeStage::Middle => "middle",
            LifeStage::Old => "old",
        }
    }
}

/// The life stage of a person of `age` whole years.
pub fn life_stage(age: i64) -> LifeStage {
    match age {
        ..=17 => LifeStage::Growth,
        18..=34 => LifeStage::Youth,
        35..=59 => LifeStage::Middle,
        _ => LifeStage::Old,
    }
}

/// The life stage with what to plan first.
#[derive(Debug, Clone, Serialize)]
pub struct LifeStageAdvice {
    pub age: i64,
    pub stage: LifeStage,
    pub priorities: Vec<Text>,
}

/// The planning priorities for the stage of a person of `age`.
pub fn life_stage_advice(age: i64) -> LifeStageAdvice {
    let stage = life_stage(age);
    let priorities = match stage {
        LifeStage::Growth => vec![
            text(
                "孩子的医疗和意外保障",
                "Medical and accident cover for the child",
            ),
            text("为教育费用做准备", "Saving for education"),
            text(
                "先保障负担家庭收入的父母",
                "Cover the parents who earn the family's income first",
            ),
        ],
        LifeStage::Youth => vec![
            text("意外和医疗保障", "Accident and medical cover"),
            text("建立应急资金", "Building an emergency fund"),
            text(
                "趁保费较低考虑重疾保障",
                "Critical illness cover while premiums are low",
            ),
            text(
                "有房贷或家人需要供养时考虑定期寿险",
                "Term life once there is a mortgage or dependents",
            ),
        ],
        LifeStage::Middle => vec![
            text(
                "定期寿险覆盖房贷和家人生活",
                "Term life for the mortgage and the family's living costs",
            ),
            text("重疾和收入保障", "Critical illness and income protection"),
            text("为养老储蓄", "Saving for retirement"),
        ],
        LifeStage::Old => vec![
            text("医疗和护理费用", "Medical and care costs"),
            text("防范跌倒等意外", "Accidents such as falls"),
            text(
                "不再为已无必要的寿险付费",
                "No longer paying for life cover that is no longer needed",
            ),
        ],
    };
    LifeStageAdvice {
        age,
        stage,
        priorities,
    }
}

/// How serious a risk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
}

/// A risk found in the answers, with a plain reason.
#[derive(Debug, Clone, Serialize)]
pub struct IdentifiedRisk {
    pub id: &'static str,
    pub severity: Severity,
    pub reason: Text,
}

/// The risks the answers show, most severe first (stable within a severity).
pub fn identify(
    p: &FamilyProfile,
    dime: &Dime,
    ci: &CriticalIllness,
    di: &DisabilityIncome,
    ef: &EmergencyFund,
    afford: &Affordability,
) -> Vec<IdentifiedRisk> {
    let mut out = Vec::new();
    let mut add = |id, severity, reason| {
        out.push(IdentifiedRisk {
            id,
            severity,
            reason,
        })
    };
    let owes = p.debts > Money::ZERO || p.mortgage > Money::ZERO;
    let dependents = p.dependents.unwrap_or(0) > 0;
    if dime.more_cover_needed {
        add(
            "death_income_loss",
            if dependents || owes { Severity::High } else { Severity::Medium },
            text(
                format!("如果收入中断，家人和债务需要的约 {} 目前没有着落。", sum_text(dime.gap)),
                format!(
                    "If the income stopped, about {} that the family and the debts need is not provided for.",
                    sum_text(dime.gap)
                ),
            ),
        );
    }
    if ci.more_cover_needed {
        add(
            "critical_illness",
            if p.existing_ci_cover == Money::ZERO {
                Severity::High
            } else {
                Severity::Medium
            },
            text(
                format!("重大疾病的治疗和收入损失缺口约 {}。", sum_text(ci.gap)),
                format!(
                    "Treatment and lost income after a critical illness leave a gap of about {}.",
                    sum_text(ci.gap)
                ),
            ),
        );
    }
    if p.existing_medical_cover == Some(false) {
        add(
            "medical_costs",
            Severity::High,
            text(
                "没有商业医疗保险，社保以外的大额医疗费用需要自付。",
                "Without private medical cover, large bills beyond social insurance are paid out of pocket.",
            ),
        );
    }
    if di.more_cover_needed {
        add(
            "disability_income_loss",
            if dependents {
                Severity::High
            } else {
                Severity::Medium
            },
            text(
                format!(
                    "因伤病不能工作时，每月收入缺口约 {}。",
                    whole_text(di.monthly_gap)
                ),
                format!(
                    "Unable to work after illness or injury, the monthly income gap is about {}.",
                    whole_text(di.monthly_gap)
                ),
            ),
        );
    }
    if !ef.sufficient {
        let months = ef.months_covered.clone().unwrap_or_else(|| "0".to_string());
        add(
            "thin_emergency_fund",
            // Under three months of expenses a single setback forces debt or selling assets.
            if months_below(&months, 3) {
                Severity::High
            } else {
                Severity::Medium
            },
            text(
                format!(
                    "现有存款只够 {months} 个月的开支，还差 {}。",
                    whole_text(ef.shortfall)
                ),
                format!(
                    "Savings cover {months} months of expenses; {} short of the target.",
                    whole_text(ef.shortfall)
                ),
            ),
        );
    }
    if p.existing_accident_cover == Some(false) {
        add(
            "accident",
            Severity::Medium,
            text("没有意外保障。", "There is no accident cover."),
        );
    }
    if afford.within_budget == Some(false) {
        add(
            "premium_burden",
            Severity::Medium,
            text(
                format!(
                    "所谈保费超出预算 {}。",
                    premium_text(afford.excess.unwrap_or_default())
                ),
                format!(
                    "The premium discussed exceeds the budget by {}.",
                    premium_text(afford.excess.unwrap_or_default())
                ),
            ),
        );
    }
    if p.health_history == Some(true) {
        add(
            "health_history",
            Severity::Medium,
            text(
                "有住院或既往病史：投保时须如实告知，可能有除外责任或加费。",
                "A hospital stay or past condition: it must be disclosed, and cover may exclude it or cost more.",
            ),
        );
    }
    if p.age.is_some_and(|a| life_stage(a) == LifeStage::Old) {
        add(
            "aging",
            Severity::Low,
            text(
                "年龄增长，医疗和护理费用会上升。",
                "With age, medical and care costs rise.",
            ),
        );
    }
    out.sort_by_key(|r| r.severity);
    out
}

/// Whether a one-decimal month count is below `limit` months.
fn months_below(months: &str, limit: i64) -> bool {
    let whole: i64 = months
        .split('.')
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or(0);
    whole < limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn life_stages_change_at_the_documented_ages() {
        let cases = [
            (0, LifeStage::Growth),
            (17, LifeStage::Growth),
            (18, LifeStage::Youth),
            (34, LifeStage::Youth),
            (35, LifeStage::Middle),
            (59, LifeStage::Middle),
            (60, LifeStage::Old),
            (120, LifeStage::Old),
        ];
        for (age, stage) in cases {
            assert_eq!(life_stage(age), stage, "age {age}");
        }
    }

    #[test]
    fn every_stage_has_priorities() {
        for age in [5, 25, 45, 70] {
            assert!(
                !life_stage_advice(age).priorities.is_empty(),
                "age {age} needs a focus"
            );
        }
    }
}
