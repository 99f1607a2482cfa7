//! The consultation record: who advised, which client, what was discussed and decided, notes and
//! the follow-up; edited while in progress, finished once, then only notes, decision and follow-up
//! change, each change kept in the history.

use super::history::{self, Entity};
use super::outcome::{self, OutcomeEdit};
use crate::audit;
use crate::validate::{self, NAME_MAX, NOTES_MAX, TEXT_MAX};
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The state of a follow-up contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FollowUpStatus {
    Pending,
    Done,
    Cancelled,
}

impl FollowUpStatus {
    pub fn tag(self) -> &'static str {
        match self {
            FollowUpStatus::Pending => "pending",
            FollowUpStatus::Done => "done",
            FollowUpStatus::Cancelled => "cancelled",
        }
    }
}

/// A consultation's own columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consultation {
    pub id: i64,
    /// `draft` or `finished`.
    pub status: String,
    /// `agent` or `kiosk`.
    pub mode: String,
    pub language: String,
    pub started_at: String,
    pub updated_at: String,
    pub ended_at: Option<String>,
    pub client_id: Option<i64>,
    pub agent_name: Option<String>,
    pub agent_licence: Option<String>,
    /// Product ids discussed.
    pub products: Vec<String>,
    pub decision: Option<String>,
    /// The client proceeds against a warning: recorded as their own decision (NFRA art. 28).
    pub decision_against_warning: bool,
    pub notes: Option<String>,
    /// `YYYY-MM-DD`.
    pub follow_up_on: Option<String>,
    pub follow_up_status: Option<FollowUpStatus>,
    /// `YYYY-MM-DD`: the record may be purged after this day.
    pub retention_until: Option<String>,
    /// Set when the client's personal content was removed.
    pub erased_at: Option<String>,
}

pub(crate) const SELECT: &str = "SELECT id, status, mode, language, started_at, updated_at,
    ended_at, client_id, agent_name, agent_licence, products, decision, decision_against_warning,
    notes, follow_up_on, follow_up_status, retention_until, erased_at FROM consultations";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Consultation> {
    let products: String = r.get(10)?;
    let status: Option<String> = r.get(15)?;
    Ok(Consultation {
        id: r.get(0)?,
        status: r.get(1)?,
        mode: r.get(2)?,
        language: r.get(3)?,
        started_at: r.get(4)?,
        updated_at: r.get(5)?,
        ended_at: r.get(6)?,
        client_id: r.get(7)?,
        agent_name: r.get(8)?,
        agent_licence: r.get(9)?,
        products: serde_json::from_str(&products).unwrap_or_default(),
        decision: r.get(11)?,
        decision_against_warning: r.get(12)?,
        notes: r.get(13)?,
        follow_up_on: r.get(14)?,
        follow_up_status: status.and_then(|s| serde_json::from_value(json!(s)).ok()),
        retention_until: r.get(16)?,
        erased_at: r.get(17)?,
    })
}

/// One consultation's own columns.
pub fn get(conn: &Connection, id: i64) -> Result<Consultation> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("consultation {id}")))
}

/// Changes to a consultation record. A field left out (`None`) is not changed; an empty string
/// clears it. JSON from the UI uses these snake_case keys.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordEdit {
    pub client_id: Option<i64>,
    pub agent_name: Option<String>,
    pub agent_licence: Option<String>,
    pub products: Option<Vec<String>>,
    pub decision: Option<String>,
    pub decision_against_warning: Option<bool>,
    pub notes: Option<String>,
    /// `YYYY-MM-DD`; empty clears the follow-up.
    pub follow_up_on: Option<String>,
    pub follow_up_status: Option<FollowUpStatus>,
    /// The outcome (bought, deciding, declined, no need...), replaced whole when given; the
    /// retention date follows from it (see `outcome`).
    pub outcome: Option<OutcomeEdit>,
}

/// Fields that are fixed once the consultation is finished: changing them later would rewrite
/// who advised whom about what.
const FIXED_WHEN_FINISHED: [&str; 4] = ["client_id", "agent_name", "agent_licence", "products"];

/// Applies an edit to a draft or a finished record, keeping every change in the history.
pub fn update(conn: &Connection, actor: &str, id: i64, edit: &RecordEdit) -> Result<Consultation> {
    let tx = crate::db::write(conn)?;
    let mut changed = apply(&tx, actor, id, edit)?;
    changed.extend(outcome::apply_in(&tx, actor, id, edit.outcome.as_ref())?);
    if !changed.is_empty() {
        audit::append(
            &tx,
            actor,
            "consultation.update",
            "consultation",
            Some(id),
            json!({ "fields": changed }),
        )?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Applies `edit`, then finishes the consultation: it must then have a client and the agent's
/// name and licence number (NFRA art. 24) and an outcome. Sets the end time and the retention
/// date the outcome gives. The whole
/// save is one transaction: when this returns Ok, the record is on disk.
pub fn finish(conn: &Connection, actor: &str, id: i64, edit: &RecordEdit) -> Result<Consultation> {
    let tx = crate::db::write(conn)?;
    if get(&tx, id)?.status == "finished" {
        return Err(Error::invalid(
            "consultation",
            "is already finished; edit its notes, decision or follow-up instead",
        ));
    }
    let mut changed = apply(&tx, actor, id, edit)?;
    changed.extend(outcome::apply_in(&tx, actor, id, edit.outcome.as_ref())?);
    let c = get(&tx, id)?;
    if c.client_id.is_none() {
        return Err(Error::invalid(
            "client_id",
            "choose or enter the client first",
        ));
    }
    if c.agent_name.is_none() {
        return Err(Error::invalid("agent_name", "is required to finish"));
    }
    if c.agent_licence.is_none() {
        return Err(Error::invalid("agent_licence", "is required to finish"));
    }
    let now = clock::now_rfc3339();
    let today = validate::date("ended_at", &now[..10])?;
    // The retention date follows from the outcome, which finishing requires.
    let until = outcome::retention_at_finish(&tx, id, today)?.until;
    tx.execute(
        "UPDATE consultations SET status = 'finished', ended_at = ?1, updated_at = ?1,
             retention_until = ?2 WHERE id = ?3",
        params![now, until, id],
    )?;
    history::record(
        &tx,
        actor,
        Entity::Consultation,
        id,
        &[
            ("status", Some(c.status), Some("finished".into())),
            ("retention_until", c.retention_until, until),
        ],
    )?;
    changed.push("status");
    audit::append(
        &tx,
        actor,
        "consultation.finish",
        "consultation",
        Some(id),
        json!({ "fields": changed, "client_id": c.client_id }),
    )?;
    tx.commit()?;
    get(conn, id)
}

/// Validates and writes the edit inside the caller's transaction; returns the changed fields.
fn apply(conn: &Connection, actor: &str, id: i64, edit: &RecordEdit) -> Result<Vec<&'static str>> {
    let old = get(conn, id)?;
    if old.erased_at.is_some() {
        return Err(Error::invalid("consultation", "this record was erased"));
    }
    let text = |f, v: &Option<String>, max, old: &Option<String>| -> Result<Option<String>> {
        match v {
            None => Ok(old.clone()),
            Some(v) => validate::text(f, Some(v), max),
        }
    };
    let client_id = match edit.client_id {
        None => old.client_id,
        Some(cid) => {
            let erased: Option<Option<String>> = conn
                .query_row("SELECT erased_at FROM clients WHERE id = ?1", [cid], |r| {
                    r.get(0)
                })
                .optional()?;
            match erased {
                None => return Err(Error::invalid("client_id", "no such client")),
                Some(Some(_)) => return Err(Error::invalid("client_id", "client was erased")),
                Some(None) => Some(cid),
            }
        }
    };
    let products = match &edit.products {
        None => old.products.clone(),
        Some(list) => {
            if list.len() > 20 {
                return Err(Error::invalid("products", "at most 20 products"));
            }
            let mut out = Vec::new();
            for p in list {
                let p = validate::required("products", Some(p), NAME_MAX)?;
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            out
        }
    };
    let follow_up_on = match &edit.follow_up_on {
        None => old.follow_up_on.clone(),
        Some(v) => validate::optional_date("follow_up_on", Some(v))?.map(|d| d.to_string()),
    };
    let follow_up_status = match (&follow_up_on, edit.follow_up_status) {
        (None, Some(_)) => {
            return Err(Error::invalid(
                "follow_up_on",
                "set the follow-up date first",
            ))
        }
        (None, None) => None,
        (Some(_), Some(s)) => Some(s),
        // A newly set or moved date is a pending contact unless the edit says otherwise.
        (Some(d), None) if old.follow_up_on.as_ref() != Some(d) => Some(FollowUpStatus::Pending),
        (Some(_), None) => old.follow_up_status,
    };
    let new = Consultation {
        client_id,
        agent_name: text("agent_name", &edit.agent_name, NAME_MAX, &old.agent_name)?,
        agent_licence: licence(&edit.agent_licence, &old.agent_licence)?,
        products,
        decision: text("decision", &edit.decision, TEXT_MAX, &old.decision)?,
        decision_against_warning: edit
            .decision_against_warning
            .unwrap_or(old.decision_against_warning),
        notes: text("notes", &edit.notes, NOTES_MAX, &old.notes)?,
        follow_up_on,
        follow_up_status,
        ..old.clone()
    };
    let pairs = [
        (
            "client_id",
            old.client_id.map(|v| v.to_string()),
            new.client_id.map(|v| v.to_string()),
        ),
        ("agent_name", old.agent_name.clone(), new.agent_name.clone()),
        (
            "agent_licence",
            old.agent_licence.clone(),
            new.agent_licence.clone(),
        ),
        (
            "products",
            Some(json!(old.products).to_string()),
            Some(json!(new.products).to_string()),
        ),
        ("decision", old.decision.clone(), new.decision.clone()),
        (
            "decision_against_warning",
            Some(old.decision_against_warning.to_string()),
            Some(new.decision_against_warning.to_string()),
        ),
        ("notes", old.notes.clone(), new.notes.clone()),
        (
            "follow_up_on",
            old.follow_up_on.clone(),
            new.follow_up_on.clone(),
        ),
        (
            "follow_up_status",
            old.follow_up_status.map(|s| s.tag().to_string()),
            new.follow_up_status.map(|s| s.tag().to_string()),
        ),
    ];
    let changed: Vec<&'static str> = pairs
        .iter()
        .filter(|(_, o, n)| o != n)
        .map(|(f, _, _)| *f)
        .collect();
    if changed.is_empty() {
        return Ok(changed);
    }
    if old.status == "finished" {
        if let Some(f) = changed.iter().find(|f| FIXED_WHEN_FINISHED.contains(f)) {
            return Err(Error::invalid(
                *f,
                "cannot change after the consultation is finished",
            ));
        }
    }
    conn.execute(
        "UPDATE consultations SET client_id = ?1, agent_name = ?2, agent_licence = ?3,
             products = ?4, decision = ?5, decision_against_warning = ?6, notes = ?7,
             follow_up_on = ?8, follow_up_status = ?9, updated_at = ?10
         WHERE id = ?11",
        params![
            new.client_id,
            new.agent_name,
            new.agent_licence,
            json!(new.products).to_string(),
            new.decision,
            new.decision_against_warning,
            new.notes,
            new.follow_up_on,
            new.follow_up_status.map(FollowUpStatus::tag),
            clock::now_rfc3339(),
            id
        ],
    )?;
    // A new client takes the consents given in this consultation along: the schema's
    // `consents_follow_client` trigger (see `privacy::consent`) does it in this same statement.
    history::record(conn, actor, Entity::Consultation, id, &pairs)?;
    Ok(changed)
}

/// Empties the consultation's own personal columns inside the caller's transaction (an erasure:
/// `privacy::erase`). An erased draft is closed so it is never resumed.
pub(crate) fn erase_in(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute(
        "UPDATE consultations SET notes = NULL, decision = NULL, follow_up_on = NULL,
             follow_up_status = NULL, erased_at = ?1, updated_at = ?1,
             status = 'finished', ended_at = coalesce(ended_at, ?1)
         WHERE id = ?2",
        params![clock::now_rfc3339(), id],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("consultation {id}")));
    }
    Ok(())
}

/// Deletes the consultation's own row inside the caller's transaction, once what hangs on it is
/// gone (a kiosk visitor's or a withdrawn draft: `privacy::reset`). Returns the rows deleted.
pub(crate) fn delete_in(conn: &Connection, id: i64) -> Result<usize> {
    Ok(conn.execute("DELETE FROM consultations WHERE id = ?1", [id])?)
}

/// An agent's licence number (执业证编号): letters, digits and hyphens, at most 40.
fn licence(edit: &Option<String>, old: &Option<String>) -> Result<Option<String>> {
    let Some(v) = edit else {
        return Ok(old.clone());
    };
    let v = validate::text("agent_licence", Some(v), 40)?;
    if let Some(l) = &v {
        if !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(Error::invalid(
                "agent_licence",
                "may contain only letters, digits and hyphens",
            ));
        }
    }
    Ok(v)
}
