//! The review's words: members and policies as a client reads them (never a row id), risks and
//! kinds of cover by name, in both languages.

use super::model::{Household, Member, Policy, PolicyKind, Relation};
use super::Risk;
use crate::text::{text, Text};

/// A member as the review names them: the relation, numbered among several of the same relation
/// when unnamed, and the name when given (`本人 王强` / `Self, 王强`).
pub fn member_label(h: &Household, m: &Member) -> Text {
    let (zh, en) = match m.relation {
        Relation::Myself => ("本人", "Self"),
        Relation::Spouse => ("配偶", "Spouse"),
        Relation::Child => ("子女", "Child"),
        Relation::Parent => ("父母", "Parent"),
        Relation::Other => ("其他家人", "Other"),
    };
    if let Some(name) = &m.name {
        return text(format!("{zh} {name}"), format!("{en}, {name}"));
    }
    let same: Vec<&Member> = h
        .members
        .iter()
        .filter(|o| o.relation == m.relation)
        .collect();
    match same.iter().position(|o| o.id == m.id) {
        Some(i) if same.len() > 1 => text(format!("{zh} {}", i + 1), format!("{en} {}", i + 1)),
        _ => text(zh, en),
    }
}

/// A member as a sentence names them: by name when given, else by relation (`the spouse`,
/// `child 2` among several), so "王强's cover" and "the spouse's cover" read as sentences.
pub fn member_ref(h: &Household, m: &Member) -> Text {
    if let Some(name) = &m.name {
        return text(name.clone(), name.clone());
    }
    let (zh, en) = match m.relation {
        Relation::Myself => ("本人", "the person consulting"),
        Relation::Spouse => ("配偶", "the spouse"),
        Relation::Child => ("子女", "the child"),
        Relation::Parent => ("父母", "the parent"),
        Relation::Other => ("其他家人", "the other family member"),
    };
    let same: Vec<&Member> = h
        .members
        .iter()
        .filter(|o| o.relation == m.relation)
        .collect();
    match same.iter().position(|o| o.id == m.id) {
        Some(i) if same.len() > 1 => {
            let bare = en.trim_start_matches("the ");
            text(format!("{zh} {}", i + 1), format!("{bare} {}", i + 1))
        }
        _ => text(zh, en),
    }
}

/// The member with `id` as a sentence names them, or the household when there is none.
pub fn label_of(h: &Household, id: Option<&str>) -> Text {
    match id.and_then(|id| h.member(id)) {
        Some(m) => member_ref(h, m),
        None => text("家庭", "the household"),
    }
}

/// A kind of policy in words.
pub fn kind_name(k: PolicyKind) -> Text {
    use PolicyKind::*;
    match k {
        TermLife => text("定期寿险", "term life"),
        WholeLife => text("终身寿险", "whole life"),
        CriticalIllness => text("重大疾病保险", "critical illness cover"),
        MedicalIndemnity => text("医疗保险（报销型）", "indemnity medical cover"),
        HospitalCash => text("住院津贴", "hospital cash"),
        Accident => text("意外险", "accident cover"),
        DisabilityIncome => text("失能收入保险", "disability income cover"),
        Annuity => text("年金/养老保险", "annuity / pension"),
        Education => text("教育金保险", "education policy"),
        Property => text("财产险", "property insurance"),
    }
}

/// A policy as the family knows it: its product (and insurer) when given, else its kind.
pub fn policy_name(p: &Policy) -> Text {
    let kind = kind_name(p.kind);
    match (&p.insurer, &p.product) {
        (Some(i), Some(n)) => text(format!("{i}「{n}」"), format!("{i} \"{n}\"")),
        (None, Some(n)) => text(format!("「{n}」"), format!("\"{n}\"")),
        (Some(i), None) => text(format!("{i}的{}", kind.zh), format!("{i} {}", kind.en)),
        (None, None) => kind,
    }
}

/// Several policies' names joined.
pub fn policy_names(ps: &[&Policy]) -> Text {
    let (zh, en): (Vec<String>, Vec<String>) = ps
        .iter()
        .map(|p| policy_name(p))
        .map(|t| (t.zh, t.en))
        .unzip();
    text(zh.join("、"), en.join(", "))
}

/// A risk of the coverage map in words.
pub fn risk_name(r: Risk) -> Text {
    match r {
        Risk::Death => text("身故", "death"),
        Risk::CriticalIllness => text("重大疾病", "critical illness"),
        Risk::Medical => text("医疗费用", "medical costs"),
        Risk::Accident => text("意外", "accident"),
        Risk::DisabilityIncome => text("失能收入", "disability income"),
        Risk::OldAgeIncome => text("养老与护理", "old-age income and care"),
    }
}

/// Joins two sentences of each language.
pub fn join(a: &Text, b: &Text) -> Text {
    text(format!("{}{}", a.zh, b.zh), format!("{} {}", a.en, b.en))
}

/// The kind of cover that meets a risk, in words (for actions: "add life cover").
pub fn cover_name(r: Risk) -> Text {
    match r {
        Risk::Death => text("寿险", "life cover"),
        Risk::CriticalIllness => text("重疾保障", "critical illness cover"),
        Risk::Medical => text("报销型医疗保险", "indemnity medical cover"),
        Risk::Accident => text("意外险", "accident cover"),
        Risk::DisabilityIncome => text("失能收入保障", "disability income cover"),
        Risk::OldAgeIncome => text("养老与护理保障", "old-age and care cover"),
    }
}
