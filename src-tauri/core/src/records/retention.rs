//! Retention: how long each finished record is kept, as the privacy notice (section 5) says, and
//! the purge of the personal data of records past their date.
//!
//! The period follows from the consultation's outcome (`outcome`): no purchase - one year from the
//! consultation's end; a policy bought - from the contract's end, at least 5 years for a policy
//! period of a year or less and at least 10 years for a longer one (Insurance Law art. 87). A
//! policy bought whose contract end is not yet known keeps the record with no end date (never
//! purged) until the date is entered. A record finished before outcomes were recorded keeps the
//! date it was given then (10 years from its end): whether the client bought is unknown, and the
//! shorter period could delete a sales record the law requires kept. Recording its outcome applies
//! the rule. `tests::the_periods_are_the_privacy_notices` checks these constants against the
//! notice's own text in both languages.

use super::client;
use super::erase::erase_consultation_in;
use super::outcome::{Outcome, OutcomeStatus, PolicyTerm};
use super::record::Consultation;
use super::validate::Date;
use crate::audit;
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

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

/// What a purge removes (or would remove, on a dry run).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Purge {
    /// Consultations whose retention date is before `today`.
    pub consultations: Vec<i64>,
    /// Clients left with no record still retained: their file is erased too.
    pub clients: Vec<i64>,
    pub dry_run: bool,
}

/// Purges the personal data of records whose own retention date is before `today`
/// (`YYYY-MM-DD`), and of clients with no retained record left. A record with no date (a draft,
/// a contract whose end is not known) is never purged. With `dry_run`, only says what it would do.
pub fn purge_expired(conn: &Connection, actor: &str, today: &str, dry_run: bool) -> Result<Purge> {
    super::validate::iso_date("today", today)?;
    let tx = crate::db::write(conn)?;
    let consultations: Vec<i64> = tx
        .prepare(
            "SELECT id FROM consultations
             WHERE retention_until < ?1 AND erased_at IS NULL ORDER BY id",
        )?
        .query_map([today], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let clients: Vec<i64> = tx
        .prepare(
            "SELECT DISTINCT c.client_id FROM consultations c
             WHERE c.retention_until < ?1 AND c.erased_at IS NULL AND c.client_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM consultations d
                   WHERE d.client_id = c.client_id AND d.erased_at IS NULL
                     AND (d.retention_until IS NULL OR d.retention_until >= ?1))
             ORDER BY c.client_id",
        )?
        .query_map([today], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !dry_run && !consultations.is_empty() {
        for &id in &consultations {
            erase_consultation_in(&tx, id)?;
        }
        for &id in &clients {
            client::erase_in(&tx, id)?;
        }
        audit::append(
            &tx,
            actor,
            "records.purge",
            "consultation",
            None,
            json!({ "reason": "retention", "before": today,
                    "consultations": consultations, "clients": clients }),
        )?;
        tx.commit()?;
    }
    Ok(Purge {
        consultations,
        clients,
        dry_run,
    })
}

#[cfg(test)]
#[path = "retention_tests.rs"]
mod tests;
