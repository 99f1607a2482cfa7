//! The consultation's outcome: bought, still deciding, declined or no need, with the product (one
//! of those presented), the sum insured and premium, and for a purchase the policy period and the
//! contract's end. Asked at the finish step and editable afterwards (a client who decides later);
//! the record's retention date follows from it (`retention::rule`) and is recomputed with it. The
//! free-text decision stays as the client's own words beside it.

use super::history::{self, Entity};
use super::record;
use super::retention::{self, Retention};
use crate::money::Money;
use crate::validate::{self, Date, NAME_MAX};
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize, Serializer};

/// What the client did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeStatus {
    Bought,
    Deciding,
    Declined,
    NoNeed,
}

impl OutcomeStatus {
    pub const ALL: [OutcomeStatus; 4] = [
        OutcomeStatus::Bought,
        OutcomeStatus::Deciding,
        OutcomeStatus::Declined,
        OutcomeStatus::NoNeed,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            OutcomeStatus::Bought => "bought",
            OutcomeStatus::Deciding => "deciding",
            OutcomeStatus::Declined => "declined",
            OutcomeStatus::NoNeed => "no_need",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.tag() == s)
    }
}

/// The policy period of a policy bought: it decides the retention (5 or 10 years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyTerm {
    OneYearOrLess,
    Longer,
}

impl PolicyTerm {
    pub fn tag(self) -> &'static str {
        match self {
            PolicyTerm::OneYearOrLess => "one_year_or_less",
            PolicyTerm::Longer => "longer",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [PolicyTerm::OneYearOrLess, PolicyTerm::Longer]
            .into_iter()
            .find(|v| v.tag() == s)
    }
}

/// A consultation's outcome as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub status: OutcomeStatus,
    /// A product id from the library, one of the consultation's products.
    pub product_id: Option<String>,
    /// Exact yuan (`"500000.00"`).
    pub sum_insured: Option<Money>,
    /// The yearly premium, exact yuan.
    pub premium: Option<Money>,
    pub policy_term: Option<PolicyTerm>,
    /// `YYYY-MM-DD`.
    #[serde(serialize_with = "date_text")]
    pub contract_end: Option<Date>,
    pub recorded_at: String,
    pub updated_at: String,
}

fn date_text<S: Serializer>(d: &Option<Date>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// The outcome as the finish step and the record edit send it (snake_case keys). It replaces the
/// stored outcome whole; an empty string is the same as leaving a field out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutcomeEdit {
    /// `bought`, `deciding`, `declined` or `no_need`.
    pub status: Option<String>,
    pub product_id: Option<String>,
    /// Yuan, such as `"500000"`.
    pub sum_insured: Option<String>,
    pub premium: Option<String>,
    /// `one_year_or_less` or `longer`; only for `bought`, where it is required.
    pub policy_term: Option<String>,
    /// `YYYY-MM-DD`; only for `bought`.
    pub contract_end: Option<String>,
}

/// The largest amount taken, in yuan: beyond it a typo is more likely than a policy.
const AMOUNT_MAX_YUAN: i64 = 100_000_000_000;

/// Consultation `id`'s outcome, if one was recorded.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Outcome>> {
    let row = conn
        .query_row(
            "SELECT status, product_id, sum_insured, premium, policy_term, contract_end,
                    recorded_at, updated_at
               FROM consultation_outcomes WHERE consultation_id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((status, product_id, sum, premium, term, end, recorded_at, updated_at)) = row else {
        return Ok(None);
    };
    // The columns' CHECKs and `apply_in` keep these parseable; a value that is not is a fault.
    let fault = |what: &str| Error::invalid("outcome", format!("stored {what} is not readable"));
    let money = |v: Option<String>, what| {
        v.map(|v| Money::parse(what, &v).map_err(|_| fault(what)))
            .transpose()
    };
    Ok(Some(Outcome {
        status: OutcomeStatus::parse(&status).ok_or_else(|| fault("status"))?,
        product_id,
        sum_insured: money(sum, "sum insured")?,
        premium: money(premium, "premium")?,
        policy_term: term
            .map(|t| PolicyTerm::parse(&t).ok_or_else(|| fault("policy period")))
            .transpose()?,
        contract_end: end
            .map(|d| Date::parse(&d).ok_or_else(|| fault("contract end")))
            .transpose()?,
        recorded_at,
        updated_at,
    }))
}

/// The outcome a finish needs: refused, naming the field, when none was recorded.
pub(crate) fn required(conn: &Connection, id: i64) -> Result<Outcome> {
    get(conn, id)?.ok_or_else(|| {
        Error::invalid(
            "outcome_status",
            "choose the outcome: bought, still deciding, declined or no need",
        )
    })
}

/// The retention of consultation `id` finished on `ended`, from its recorded outcome.
pub(crate) fn retention_at_finish(conn: &Connection, id: i64, ended: Date) -> Result<Retention> {
    Ok(retention::rule(&required(conn, id)?, ended))
}

fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn amount(field: &str, v: &Option<String>) -> Result<Option<Money>> {
    let Some(v) = text(v) else { return Ok(None) };
    let m = Money::parse(field, &v.replace([',', '，', ' '], ""))?;
    if m <= Money::default() {
        return Err(Error::invalid(field, "must be more than 0 yuan"));
    }
    if Money::from_major(AMOUNT_MAX_YUAN).is_some_and(|max| m > max) {
        return Err(Error::invalid(
            field,
            "is too large; enter yuan, such as 500000",
        ));
    }
    Ok(Some(m))
}

/// Checks `edit` against consultation `c` (its products and start day).
fn validated(edit: &OutcomeEdit, c: &record::Consultation) -> Result<Outcome> {
    let status = text(&edit.status).ok_or_else(|| {
        Error::invalid(
            "outcome_status",
            "choose the outcome: bought, still deciding, declined or no need",
        )
    })?;
    let status = OutcomeStatus::parse(status).ok_or_else(|| {
        Error::invalid(
            "outcome_status",
            format!("unknown outcome `{status}`; use bought, deciding, declined or no_need"),
        )
    })?;
    let bought = status == OutcomeStatus::Bought;
    let product_id = match text(&edit.product_id) {
        None if bought => {
            return Err(Error::invalid(
                "outcome_product",
                "choose the product the client bought",
            ))
        }
        None => None,
        Some(p) => {
            let p = validate::required("outcome_product", Some(p), NAME_MAX)?;
            // Only a product presented in this consultation: one whose clauses were not
            // explained cannot have been sold here (Insurance Law art. 17).
            if !c.products.contains(&p) {
                return Err(Error::invalid(
                    "outcome_product",
                    "choose one of the products presented in this consultation",
                ));
            }
            Some(p)
        }
    };
    let policy_term = match (text(&edit.policy_term), bought) {
        (None, true) => {
            return Err(Error::invalid(
                "outcome_policy_term",
                "say whether the policy period is one year or less, or longer",
            ))
        }
        (Some(_), false) => {
            return Err(Error::invalid(
                "outcome_policy_term",
                "is only for a policy the client bought",
            ))
        }
        (Some(t), true) => Some(PolicyTerm::parse(t).ok_or_else(|| {
            Error::invalid(
                "outcome_policy_term",
                format!("unknown policy period `{t}`; use one_year_or_less or longer"),
            )
        })?),
        (None, false) => None,
    };
    let contract_end = validate::optional_date("outcome_contract_end", text(&edit.contract_end))?;
    if let Some(end) = contract_end {
        if !bought {
            return Err(Error::invalid(
                "outcome_contract_end",
                "is only for a policy the client bought",
            ));
        }
        let started = validate::date("started_at", &c.started_at[..10])?;
        if end <= started {
            return Err(Error::invalid(
                "outcome_contract_end",
                "must be after the day of the consultation",
            ));
        }
        // A policy of a year or less that ends years later is a typo in the date or the period.
        if policy_term == Some(PolicyTerm::OneYearOrLess) && end > started.add_years(2) {
            return Err(Error::invalid(
                "outcome_contract_end",
                "is more than two years away: a policy of one year or less ends sooner; check the date or the policy period",
            ));
        }
    }
    let now = clock::now_rfc3339();
    Ok(Outcome {
        status,
        product_id,
        sum_insured: amount("outcome_sum_insured", &edit.sum_insured)?,
        premium: amount("outcome_premium", &edit.premium)?,
        policy_term,
        contract_end,
        recorded_at: now.clone(),
        updated_at: now,
    })
}

/// The outcome's fields as the history keeps them.
fn history_values(o: Option<&Outcome>) -> [(&'static str, Option<String>); 6] {
    [
        ("outcome_status", o.map(|o| o.status.tag().to_string())),
        ("outcome_product", o.and_then(|o| o.product_id.clone())),
        (
            "outcome_sum_insured",
            o.and_then(|o| o.sum_insured).map(|m| m.to_string()),
        ),
        (
            "outcome_premium",
            o.and_then(|o| o.premium).map(|m| m.to_string()),
        ),
        (
            "outcome_policy_term",
            o.and_then(|o| o.policy_term).map(|t| t.tag().to_string()),
        ),
        (
            "outcome_contract_end",
            o.and_then(|o| o.contract_end).map(|d| d.to_string()),
        ),
    ]
}

/// Writes `edit` (when given) inside the caller's transaction, keeping each change in the history;
/// on a finished record the retention date follows. Returns the changed fields.
pub(crate) fn apply_in(
    conn: &Connection,
    actor: &str,
    id: i64,
    edit: Option<&OutcomeEdit>,
) -> Result<Vec<&'static str>> {
    let Some(edit) = edit else {
        return Ok(Vec::new());
    };
    let c = record::get(conn, id)?;
    if c.erased_at.is_some() {
        return Err(Error::invalid("consultation", "this record was erased"));
    }
    let new = validated(edit, &c)?;
    let old = get(conn, id)?;
    let mut pairs: Vec<(&str, Option<String>, Option<String>)> = history_values(old.as_ref())
        .into_iter()
        .zip(history_values(Some(&new)))
        .map(|((field, o), (_, n))| (field, o, n))
        .collect();
    if pairs.iter().all(|(_, o, n)| o == n) {
        return Ok(Vec::new());
    }
    conn.execute(
        "INSERT INTO consultation_outcomes (consultation_id, status, product_id, sum_insured,
             premium, policy_term, contract_end, recorded_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT (consultation_id) DO UPDATE SET status = ?2, product_id = ?3,
             sum_insured = ?4, premium = ?5, policy_term = ?6, contract_end = ?7, updated_at = ?8",
        params![
            id,
            new.status.tag(),
            new.product_id,
            new.sum_insured.map(|m| m.to_string()),
            new.premium.map(|m| m.to_string()),
            new.policy_term.map(PolicyTerm::tag),
            new.contract_end.map(|d| d.to_string()),
            new.updated_at,
        ],
    )?;
    conn.execute(
        "UPDATE consultations SET updated_at = ?1 WHERE id = ?2",
        params![new.updated_at, id],
    )?;
    let mut changed = vec!["outcome"];
    if c.status == "finished" {
        let ended = c.ended_at.as_deref().unwrap_or(&c.started_at);
        let until = retention::rule(&new, validate::date("ended_at", &ended[..10])?).until;
        if until != c.retention_until {
            conn.execute(
                "UPDATE consultations SET retention_until = ?1 WHERE id = ?2",
                params![until, id],
            )?;
            pairs.push(("retention_until", c.retention_until.clone(), until));
            changed.push("retention_until");
        }
    }
    history::record(conn, actor, Entity::Consultation, id, &pairs)?;
    Ok(changed)
}
