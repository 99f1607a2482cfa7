//! "Ask an agent": a visitor leaves a name, a phone number, what they would like to talk about and
//! a preferred time, with explicit consent to be contacted. Without that consent nothing is stored.
//! An agent takes a request into a consultation (`take_into`): the lead is then being handled,
//! and the consultation knows where it came from (`of_consultation`).

use super::consent::{self, Purpose};
use crate::audit;
use crate::consultation::Mode;
use crate::settings::Language;
use crate::validate;
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The form as the visitor filled it.
#[derive(Debug, Clone, Deserialize)]
pub struct NewLead {
    pub name: String,
    pub phone: String,
    /// What about: one of [`TOPICS`].
    pub topic: String,
    pub preferred_time: String,
    /// The unticked-by-default box "I agree to be contacted"; must be true.
    pub consent_to_contact: bool,
    /// The privacy notice version shown beside the form.
    pub notice_version: String,
}

/// A stored lead, for the agent's list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Lead {
    pub id: i64,
    pub name: String,
    pub phone: String,
    /// One of [`TOPICS`]; empty for a lead left before the form asked.
    pub topic: String,
    pub preferred_time: String,
    pub language: Language,
    pub source: Mode,
    pub created_at: String,
    /// `new`, `contacted`, or `in_consultation` once taken into a consultation (being handled).
    pub status: String,
    /// When the visitor agreed to be contacted (RFC 3339): the consent is the lead's own.
    pub consent_granted_at: String,
    /// The consultation the request was taken into, if any.
    pub consultation_id: Option<i64>,
}

/// What a visitor may ask to talk about; the UI translates each key (`access.topics.<key>`).
pub const TOPICS: [&str; 6] = [
    "family_protection",
    "health_cover",
    "children",
    "enterprise",
    "existing_policy",
    "other",
];

/// Checks and stores a lead with its `contact` consent, in one transaction.
pub fn submit(conn: &Connection, source: Mode, language: Language, new: &NewLead) -> Result<Lead> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(Error::invalid(
            "name",
            "enter a name (at most 40 characters)",
        ));
    }
    // A mobile or a landline with its area code, checked as every phone number is.
    let phone = validate::phone("phone", Some(&new.phone))?
        .ok_or_else(|| Error::invalid("phone", "enter a phone number we can call"))?;
    let topic = new.topic.trim();
    if !TOPICS.contains(&topic) {
        return Err(Error::invalid(
            "topic",
            "choose what you would like to talk about",
        ));
    }
    let time = new.preferred_time.trim();
    if time.is_empty() || time.chars().count() > 60 {
        return Err(Error::invalid(
            "preferred_time",
            "choose when we may call you",
        ));
    }
    if !new.consent_to_contact {
        return Err(Error::invalid(
            "consent_to_contact",
            "we can only keep your details if you agree to be contacted",
        ));
    }
    let version = new.notice_version.trim();
    if version.is_empty() || version.len() > 40 {
        return Err(Error::invalid(
            "notice_version",
            "the privacy notice's version is missing",
        ));
    }
    let tx = crate::db::write(conn)?;
    let consent_id = consent::insert(&tx, None, None, version, Purpose::Contact)?;
    let now = clock::now_rfc3339();
    tx.execute(
        "INSERT INTO leads (name, phone, preferred_time, language, source, consent_id, created_at, topic)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            name,
            phone,
            time,
            language.tag(),
            source.tag(),
            consent_id,
            now,
            topic
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        &tx,
        source.tag(),
        "lead.create",
        "lead",
        Some(id),
        json!({ "consent": consent_id }),
    )?;
    tx.commit()?;
    get(conn, id)
}

/// The columns `row` reads: the lead, its consent's time, and whether it was taken into a
/// consultation.
const SELECT: &str = "SELECT l.id, l.name, l.phone, l.preferred_time, l.language, l.source,
    l.created_at, l.status, l.topic, k.granted_at, l.consultation_id
    FROM leads l JOIN consents k ON k.id = l.consent_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Lead> {
    let language: String = r.get(4)?;
    let source: String = r.get(5)?;
    let consultation_id: Option<i64> = r.get(10)?;
    let status: String = r.get(7)?;
    Ok(Lead {
        id: r.get(0)?,
        name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        phone: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        preferred_time: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        language: language.parse().unwrap_or_default(),
        source: if source == "kiosk" {
            Mode::Kiosk
        } else {
            Mode::Agent
        },
        created_at: r.get(6)?,
        // Taken into a consultation: being handled there, whatever else was marked.
        status: if consultation_id.is_some() {
            "in_consultation".to_string()
        } else {
            status
        },
        topic: r.get(8)?,
        consent_granted_at: r.get(9)?,
        consultation_id,
    })
}

/// One lead not erased.
pub fn get(conn: &Connection, id: i64) -> Result<Lead> {
    conn.query_row(
        &format!("{SELECT} WHERE l.id = ?1 AND l.erased_at IS NULL"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("lead {id}")))
}

/// Leads not erased, newest first; the read is audited (they hold personal data).
pub fn list(conn: &Connection, actor: &str) -> Result<Vec<Lead>> {
    let leads = select(
        conn,
        "WHERE l.erased_at IS NULL ORDER BY l.created_at DESC, l.id DESC LIMIT 500",
    )?;
    let tx = crate::db::write(conn)?;
    audit::append(
        &tx,
        actor,
        "lead.list",
        "lead",
        None,
        json!({ "count": leads.len() }),
    )?;
    tx.commit()?;
    Ok(leads)
}

/// The call-backs waiting (`new`: nobody contacted the visitor nor took the request into a
/// consultation), oldest first so the longest wait comes first, at most `limit`. Not audited
/// here: the caller audits the read it is part of.
pub fn waiting(conn: &Connection, limit: u32) -> Result<Vec<Lead>> {
    select(
        conn,
        &format!(
            "WHERE l.erased_at IS NULL AND l.status = 'new' AND l.consultation_id IS NULL
             ORDER BY l.created_at, l.id LIMIT {limit}"
        ),
    )
}

/// The lead consultation `id` was started from, if any (and not erased since).
pub fn of_consultation(conn: &Connection, consultation: i64) -> Result<Option<Lead>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE l.consultation_id = ?1 AND l.erased_at IS NULL"),
            [consultation],
            row,
        )
        .optional()?)
}

/// Records that agent `agent_id` took lead `id` into `consultation` (inside the caller's
/// transaction): the lead is being handled by them from now on.
pub fn take_into(conn: &Connection, agent_id: i64, id: i64, consultation: i64) -> Result<()> {
    let n = conn.execute(
        "UPDATE leads SET status = 'contacted', handled_by = ?1, consultation_id = ?2
         WHERE id = ?3 AND erased_at IS NULL",
        params![agent_id, consultation, id],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("lead {id}")));
    }
    audit::append(
        conn,
        &format!("agent:{agent_id}"),
        "lead.consultation",
        "lead",
        Some(id),
        json!({ "consultation": consultation }),
    )?;
    Ok(())
}

fn select(conn: &Connection, tail: &str) -> Result<Vec<Lead>> {
    let mut stmt = conn.prepare(&format!("{SELECT} {tail}"))?;
    let leads = stmt
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(leads)
}

/// Marks a lead as contacted by an agent.
pub fn mark_contacted(conn: &Connection, agent_id: i64, id: i64) -> Result<()> {
    let tx = crate::db::write(conn)?;
    let n = tx.execute(
        "UPDATE leads SET status = 'contacted', handled_by = ?1 WHERE id = ?2 AND erased_at IS NULL",
        params![agent_id, id],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("lead {id}")));
    }
    audit::append(
        &tx,
        &format!("agent:{agent_id}"),
        "lead.contacted",
        "lead",
        Some(id),
        json!({}),
    )?;
    tx.commit()?;
    Ok(())
}

/// Empties, inside the caller's transaction, the leads left under consent row `consent_id` (the
/// consent to be contacted was withdrawn: `consent::withdraw`). Returns the rows emptied.
pub(crate) fn erase_under_in(conn: &Connection, consent_id: i64, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE leads SET name = NULL, phone = NULL, preferred_time = NULL, erased_at = ?1
         WHERE consent_id = ?2 AND erased_at IS NULL",
        params![now, consent_id],
    )?)
}
