//! The household's typed model: its members, their policies, the household-wide amounts and the
//! editable assumptions of the review (HOUSEHOLD.md part 2).

use crate::date::Date;
use crate::money::{Money, Ratio};
use serde::Serialize;

/// How a member relates to the person consulting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[serde(rename = "self")]
    Myself,
    Spouse,
    Child,
    Parent,
    Other,
}

impl Relation {
    pub const TAGS: &'static [&'static str] = &["self", "spouse", "child", "parent", "other"];

    pub fn from_tag(tag: &str) -> Option<Relation> {
        Some(match tag {
            "self" => Relation::Myself,
            "spouse" => Relation::Spouse,
            "child" => Relation::Child,
            "parent" => Relation::Parent,
            "other" => Relation::Other,
            _ => return None,
        })
    }
}

/// The kind of an existing policy, as the family lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    TermLife,
    WholeLife,
    CriticalIllness,
    MedicalIndemnity,
    HospitalCash,
    Accident,
    DisabilityIncome,
    Annuity,
    Education,
    Property,
}

impl PolicyKind {
    pub const TAGS: &'static [&'static str] = &[
        "term_life",
        "whole_life",
        "critical_illness",
        "medical_indemnity",
        "hospital_cash",
        "accident",
        "disability_income",
        "annuity",
        "education",
        "property",
    ];

    pub fn from_tag(tag: &str) -> Option<PolicyKind> {
        use PolicyKind::*;
        Some(match tag {
            "term_life" => TermLife,
            "whole_life" => WholeLife,
            "critical_illness" => CriticalIllness,
            "medical_indemnity" => MedicalIndemnity,
            "hospital_cash" => HospitalCash,
            "accident" => Accident,
            "disability_income" => DisabilityIncome,
            "annuity" => Annuity,
            "education" => Education,
            "property" => Property,
            _ => return None,
        })
    }

    /// Indemnity cover repays a loss once: a second policy on the same bill pays nothing more.
    pub fn is_indemnity(self) -> bool {
        matches!(self, PolicyKind::MedicalIndemnity | PolicyKind::Property)
    }

    /// Cover that pays on death, so a beneficiary matters.
    pub fn pays_on_death(self) -> bool {
        matches!(
            self,
            PolicyKind::TermLife | PolicyKind::WholeLife | PolicyKind::Accident
        )
    }
}

/// Where a policy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InForce,
    InGrace,
    Lapsed,
    PaidUp,
}

impl Status {
    pub const TAGS: &'static [&'static str] = &["in_force", "in_grace", "lapsed", "paid_up"];

    pub fn from_tag(tag: &str) -> Option<Status> {
        Some(match tag {
            "in_force" => Status::InForce,
            "in_grace" => Status::InGrace,
            "lapsed" => Status::Lapsed,
            "paid_up" => Status::PaidUp,
            _ => return None,
        })
    }
}

/// How the premium is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Annual,
    Monthly,
    Single,
}

impl Frequency {
    pub const TAGS: &'static [&'static str] = &["annual", "monthly", "single"];

    pub fn from_tag(tag: &str) -> Option<Frequency> {
        Some(match tag {
            "annual" => Frequency::Annual,
            "monthly" => Frequency::Monthly,
            "single" => Frequency::Single,
            _ => return None,
        })
    }
}

/// `male` or `female`.
pub const GENDERS: &[&str] = &["male", "female"];

/// One person of the household (a row of the `members` group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: String,
    pub relation: Relation,
    pub name: Option<String>,
    #[serde(serialize_with = "date_text")]
    pub birth_date: Date,
    pub gender: Option<String>,
    /// Yuan a year before tax; zero or absent: not an earner.
    pub annual_income: Money,
    /// 1 (office work) to 6 (the most hazardous), for accident cover.
    pub occupation_class: Option<i64>,
    /// Members this one lives on.
    pub depends_on: Vec<String>,
}

impl Member {
    pub fn is_earner(&self) -> bool {
        self.annual_income > Money::ZERO
    }
}

/// One existing policy (a row of the `policies` group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub id: String,
    pub insurer: Option<String>,
    pub product: Option<String>,
    pub kind: PolicyKind,
    /// The insured member; `None` for property.
    pub insured: Option<String>,
    /// What a property policy insures (the flat's address).
    pub object: Option<String>,
    pub holder: Option<String>,
    /// Empty: none designated, paid to the estate.
    pub beneficiaries: Vec<String>,
    /// Yuan; for medical indemnity the annual limit, for disability income the monthly benefit.
    pub sum_insured: Money,
    pub deductible: Money,
    pub annual_premium: Money,
    /// Whether the premium was given (an absent one counts 0, and the review says so).
    #[serde(skip)]
    pub premium_given: bool,
    pub frequency: Option<Frequency>,
    pub payment_years: Option<i64>,
    #[serde(serialize_with = "opt_date_text")]
    pub start_date: Option<Date>,
    /// `None`: lifetime.
    #[serde(serialize_with = "opt_date_text")]
    pub end_date: Option<Date>,
    pub status: Status,
    #[serde(serialize_with = "opt_date_text")]
    pub waiting_end: Option<Date>,
}

impl Policy {
    /// In force or in its grace period (cover still runs in grace, Insurance Law art. 36), and
    /// not past its end: lapsed policies count nothing until reinstated.
    pub fn counts_on(&self, day: Date) -> bool {
        matches!(
            self.status,
            Status::InForce | Status::InGrace | Status::PaidUp
        ) && !matches!(self.end_date, Some(end) if end < day)
    }

    /// Whether premiums are still being paid on `day` (not paid up, not a single premium, and
    /// within the payment years when they are known).
    pub fn premium_due_on(&self, day: Date) -> bool {
        if !matches!(self.status, Status::InForce | Status::InGrace)
            || self.frequency == Some(Frequency::Single)
        {
            return false;
        }
        match (self.start_date, self.payment_years) {
            (Some(start), Some(years)) => start.add_years(years.max(0) as u32) > day,
            _ => true,
        }
    }
}

/// The household-wide amounts (ordinary questions, not rows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amounts {
    pub mortgage: Money,
    #[serde(serialize_with = "opt_date_text")]
    pub mortgage_end: Option<Date>,
    pub debts: Money,
    pub monthly_expenses: Money,
    pub liquid_assets: Money,
    pub education: Money,
    pub final_expenses: Money,
    pub premium_budget_share: Ratio,
}

/// The review's editable assumptions, each with its default; their limits, labels and the
/// defaults again are in one table, `household::assumptions::EDITABLE` (tested to agree).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumptions {
    /// Share of an earner's income the family lives on (DIME and human life value).
    pub family_share: Ratio,
    pub discount_rate: Ratio,
    pub retirement_age: i64,
    /// Age at which a child no longer needs support.
    pub independence_age: i64,
    /// DIME's years of support; `None`: until the youngest child reaches `independence_age`.
    pub support_years: Option<i64>,
    pub ci_multiple: Ratio,
    pub disability_replacement: Ratio,
    pub income_multiple_low: Ratio,
    pub income_multiple_high: Ratio,
    /// The annual limit of indemnity medical cover everyone needs.
    pub medical_limit: Money,
    /// Critical illness sum for a non-earner under 60 (treatment and a carer's lost time).
    pub dependent_ci_sum: Money,
    /// Accident sums: an earner's, and anyone else's (accidental medical costs, falls).
    pub earner_accident_sum: Money,
    pub dependent_accident_sum: Money,
    /// Care costs of a parent or anyone 60 and over: a year, and for how many years.
    pub care_annual: Money,
    pub care_years: i64,
    /// Cover beyond this multiple of the need is over-insurance.
    pub over_factor: Ratio,
    /// Life cover on a non-earner from this sum counts as large.
    pub large_dependent_life: Money,
    /// Each earner's share of the household's needs; `None`: by income.
    pub income_shares: Option<Vec<(String, Ratio)>>,
    /// The fields the input gave (an agent's edits), in the table's order
    /// (`household::assumptions::EDITABLE`); the review says them in words (`edited`).
    #[serde(skip)]
    pub given: Vec<&'static str>,
}

impl Default for Assumptions {
    fn default() -> Self {
        let y = |n: i64| Money::from_minor(n * 100);
        Assumptions {
            family_share: Ratio::from_percent(70),
            discount_rate: Ratio::from_percent(3),
            retirement_age: 60,
            independence_age: 22,
            support_years: None,
            ci_multiple: Ratio::whole(3),
            disability_replacement: Ratio::from_percent(60),
            income_multiple_low: Ratio::whole(10),
            income_multiple_high: Ratio::whole(15),
            medical_limit: y(1_000_000),
            dependent_ci_sum: y(300_000),
            earner_accident_sum: y(500_000),
            dependent_accident_sum: y(100_000),
            care_annual: y(60_000),
            care_years: 5,
            over_factor: Ratio::whole(2),
            large_dependent_life: y(100_000),
            income_shares: None,
            given: Vec::new(),
        }
    }
}

/// A whole household as the review reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Household {
    #[serde(serialize_with = "date_text")]
    pub as_of: Date,
    pub members: Vec<Member>,
    pub policies: Vec<Policy>,
    pub household: Amounts,
    pub assumptions: Assumptions,
}

impl Household {
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// A member's age in whole years on the review's day.
    pub fn age(&self, m: &Member) -> i64 {
        i64::from(m.birth_date.years_until(self.as_of).max(0))
    }
}

fn date_text<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn opt_date_text<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}
