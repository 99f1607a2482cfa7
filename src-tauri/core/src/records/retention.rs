//! Retention: how long each finished record is kept, as the privacy notice (section 5) says. The
//! one place a retention date is computed (`rule`): finishing a record and editing its outcome
//! store it in the same transaction, the record view says why (`of_consultation`), and the purge
//! of records past their date (`privacy::retention`) reads the stored date.
//!
//! The period follows from the consultation's outcome (`outcome`): no purchase - one year from the
//! consultation's end; a policy bought - from the contract's end, at least 5 years for a policy
//! period of a year or less and at least 10 years for a longer one (Insurance Law art. 87). A
//! policy bought whose contract end is not yet known keeps the record with no end date (never
//! purged) until the date is entered. A record finished before outcomes were recorded keeps the
//! date it was given then (10 years from its end): whether the client bought is unknown, and the
//! shorter period could delete a sales record the law requires kept. Recording its outcome applies
//! the rule. `privacy::retention::tests::the_periods_are_the_privacy_notices` checks these
//! constants against the notice's own text in both languages.

use super::outcome::{Outcome, OutcomeStatus, PolicyTerm};
use super::record::Consultation;
use crate::validate::Date;
use serde::Serialize;

/// Years a consultation that led to no purchase is kept, from the consultation's end.
pub const NO_PURCHASE_YEARS: u32 = 1;
/// Years a sales record is kept after the contract ends, for a policy period of a year or less.
pub const SHORT_POLICY_YEARS: u32 = 5;
/// Years a sales record is kept after the contract ends, for a policy period longer than a year.
pub const LONG_POLICY_YEARS: u32 = 10;
/// What records finished before outcomes were recorded were given (the longest period).
pub const BEFORE_OUTCOMES_YEARS: u32 = LONG_POLICY_YEARS;

/// Why a record is kept until its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Still in progress: no date yet.
    Draft,
    /// No purchase (deciding, declined, no need): one year from the consultation's end.
    NoPurchase,
    /// Bought, a policy period of a year or less: 5 years from the contract's end.
    ShortPolicy,
    /// Bought, a longer policy period: 10 years from the contract's end.
    LongPolicy,
    /// Bought, the contract's end not recorded: kept until it is (no date).
    ContractEndUnknown,
    /// Finished before outcomes were recorded: the date it was given then.
    BeforeOutcomes,
    /// The personal data was removed (on request or at the end of retention).
    Erased,
}

/// A record's retention: until when, why, and the years the rule counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retention {
    /// `YYYY-MM-DD`, the last day kept; `None` while there is no date (draft, contract end unknown).
    pub until: Option<String>,
    pub basis: Basis,
    /// The years counted (from the consultation's end or the contract's), when a rule applies.
    pub years: Option<u32>,
}

/// The retention a finished record's `outcome` gives, counted from the consultation's end day.
pub fn rule(outcome: &Outcome, ended: Date) -> Retention {
    let (basis, from, years) = match (outcome.status, outcome.policy_term, outcome.contract_end) {
        (OutcomeStatus::Bought, Some(term), end) => {
            let (basis, years) = match term {
                PolicyTerm::OneYearOrLess => (Basis::ShortPolicy, SHORT_POLICY_YEARS),
                PolicyTerm::Longer => (Basis::LongPolicy, LONG_POLICY_YEARS),
            };
            match end {
                Some(end) => (basis, Some(end), years),
                None => (Basis::ContractEndUnknown, None, years),
            }
        }
        // A purchase without its policy period cannot be stored (see `outcome`); kept, not guessed.
        (OutcomeStatus::Bought, None, _) => (Basis::ContractEndUnknown, None, LONG_POLICY_YEARS),
        _ => (Basis::NoPurchase, Some(ended), NO_PURCHASE_YEARS),
    };
    Retention {
        until: from.map(|d| d.add_years(years).to_string()),
        basis,
        years: Some(years),
    }
}

/// What a stored record's retention is and why: from its outcome, or as it was given.
pub fn of_consultation(c: &Consultation, outcome: Option<&Outcome>) -> Retention {
    let ended = c
        .ended_at
        .as_deref()
        .and_then(|e| e.get(..10))
        .and_then(Date::parse);
    let stored = || c.retention_until.clone();
    match (c.status.as_str(), outcome, ended) {
        _ if c.erased_at.is_some() => Retention {
            until: stored(),
            basis: Basis::Erased,
            years: None,
        },
        ("finished", Some(o), Some(ended)) => rule(o, ended),
        ("finished", _, _) => Retention {
            until: stored(),
            basis: Basis::BeforeOutcomes,
            years: Some(BEFORE_OUTCOMES_YEARS),
        },
        _ => Retention {
            until: None,
            basis: Basis::Draft,
            years: None,
        },
    }
}
