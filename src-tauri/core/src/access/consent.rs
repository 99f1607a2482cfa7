//! Consent per purpose (PIPL arts. 14, 28, 29, 31): given explicitly, stored with the privacy
//! notice's version and the time, withdrawable. Withdrawing deletes or anonymises the data the
//! consent covered, with an audit entry. Only granted purposes are stored: a purpose not granted
//! has no row, and whatever it covers must not be asked or kept (`has` tells the other modules).

use super::reset;
use crate::records::{audit, erase, write_tx};
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What a consent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Saving the consultation (answers, clause confirmations, the record).
    SaveConsultation,
    /// Being contacted afterwards (phone, call-back lead).
    Contact,
    /// Health questions: sensitive personal information, consented to separately.
    HealthData,
    /// A guardian's consent for an insured under 14.
    Guardian,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [
        Purpose::SaveConsultation,
        Purpose::Contact,
        Purpose::HealthData,
        Purpose::Guardian,
    ];

    /// The tag stored in `consents.purpose`.
    pub fn tag(self) -> &'static str {
        match self {
            Purpose::SaveConsultation => "save_consultation",
            Purpose::Contact => "contact",
            Purpose::HealthData => "health_data",
            Purpose::Guardian => "guardian",
        }
    }

    fn parse(tag: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.tag() == tag)
    }
}

/// The consents given on the privacy screen: only the purposes ticked.
#[derive(Debug, Clone, Deserialize)]
pub struct Grant {
    pub consultation_id: Option<i64>,
    pub client_id: Option<i64>,
    /// The version of the privacy notice shown (the content library's `notices/privacy`).
    pub notice_version: String,
    pub purposes: Vec<Purpose>,
}

/// One stored consent.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Consent {
    pub id: i64,
    pub purpose: Purpose,
    pub notice_version: String,
    pub granted_at: String,
    pub withdrawn_at: Option<String>,
    pub consultation_id: Option<i64>,
    pub client_id: Option<i64>,
}

/// What a withdrawal removed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Withdrawn {
    pub consent_id: i64,
    pub purpose: Purpose,
    /// Rows deleted or emptied because of the withdrawal.
    pub rows: usize,
}

/// Stores one consent per purpose granted, in one transaction. Re-granting a purpose that is
/// already in force is not an error and adds no row.
pub fn record(conn: &Connection, actor: &str, grant: &Grant) -> Result<Vec<Consent>> {
    let version = grant.notice_version.trim();
    if version.is_empty() || version.len() > 40 {
        return Err(Error::invalid(
            "notice_version",
            "the privacy notice's version is missing",
        ));
    }
    let tx = write_tx(conn)?;
    let mut ids = Vec::new();
    for &purpose in &grant.purposes {
        if let Some(id) = in_force(&tx, grant.consultation_id, grant.client_id, purpose)? {
            ids.push(id);
            continue;
        }
        ids.push(insert(
            &tx,
            grant.consultation_id,
            grant.client_id,
            version,
            purpose,
        )?);
    }
    audit::append(
        &tx,
        actor,
        "consent.grant",
        "consultation",
        grant.consultation_id,
        json!({ "purposes": grant.purposes, "notice_version": version, "consents": ids }),
    )?;
    tx.commit()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

/// Inserts one consent row inside the caller's transaction (leads use it for `contact`).
pub(crate) fn insert(
    conn: &Connection,
    consultation_id: Option<i64>,
    client_id: Option<i64>,
    notice_version: &str,
    purpose: Purpose,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO consents (client_id, consultation_id, purpose, notice_version, granted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            client_id,
            consultation_id,
            purpose.tag(),
            notice_version,
            clock::now_rfc3339()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn in_force(
    conn: &Connection,
    consultation_id: Option<i64>,
    client_id: Option<i64>,
    purpose: Purpose,
) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM consents WHERE consultation_id IS ?1 AND client_id IS ?2
               AND purpose = ?3 AND withdrawn_at IS NULL",
            params![consultation_id, client_id, purpose.tag()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether the consultation has this consent in force.
pub fn has(conn: &Connection, consultation_id: i64, purpose: Purpose) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM consents WHERE consultation_id = ?1 AND purpose = ?2
           AND withdrawn_at IS NULL)",
        params![consultation_id, purpose.tag()],
        |r| r.get(0),
    )?)
}

/// Refuses to go on unless the consultation has this consent in force (PIPL: no personal data is
/// kept for a purpose the client did not agree to). The error names the `consent` field.
pub fn require(conn: &Connection, consultation_id: i64, purpose: Purpose) -> Result<()> {
    if has(conn, consultation_id, purpose)? {
        Ok(())
    } else {
        Err(crate::Error::invalid(
            "consent",
            format!(
                "the client has not consented to `{}`: show the privacy notice and record the \
                 client's consent first",
                purpose.tag()
            ),
        ))
    }
}

/// The consents of a consultation, oldest first (withdrawn ones included, as history).
pub fn of_consultation(conn: &Connection, consultation_id: i64) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE consultation_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([consultation_id], row)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .collect()
}

/// One consent.
pub fn get(conn: &Connection, id: i64) -> Result<Consent> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("consent {id}")))?
}

const SELECT: &str = "SELECT id, purpose, notice_version, granted_at, withdrawn_at,
    consultation_id, client_id FROM consents";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Consent>> {
    let tag: String = r.get(1)?;
    let Some(purpose) = Purpose::parse(&tag) else {
        return Ok(Err(Error::Content(format!(
            "unknown consent purpose `{tag}`"
        ))));
    };
    Ok(Ok(Consent {
        id: r.get(0)?,
        purpose,
        notice_version: r.get(2)?,
        granted_at: r.get(3)?,
        withdrawn_at: r.get(4)?,
        consultation_id: r.get(5)?,
        client_id: r.get(6)?,
    }))
}

/// Withdraws a consent and removes what it covered:
/// - `save_consultation` and `guardian`: a draft consultation is deleted, a finished one emptied
///   of personal content (as an erasure);
/// - `contact`: leads given under it are emptied, and the client's phone and e-mail cleared;
/// - `health_data`: rows marked `sensitive = 1` in the consultation's tables are deleted.
pub fn withdraw(conn: &Connection, actor: &str, consent_id: i64) -> Result<Withdrawn> {
    let consent = get(conn, consent_id)?;
    if consent.withdrawn_at.is_some() {
        return Err(Error::invalid(
            "consent",
            "this consent was already withdrawn",
        ));
    }
    let tx = write_tx(conn)?;
    let now = clock::now_rfc3339();
    tx.execute(
        "UPDATE consents SET withdrawn_at = ?1 WHERE id = ?2",
        params![now, consent_id],
    )?;
    let mut rows = 0;
    match consent.purpose {
        Purpose::SaveConsultation | Purpose::Guardian => {
            if let Some(c) = consent.consultation_id {
                let draft: Option<String> = tx
                    .query_row("SELECT status FROM consultations WHERE id = ?1", [c], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match draft.as_deref() {
                    Some("draft") => rows += reset::delete_consultation_in(&tx, c)?,
                    Some(_) => {
                        erase::erase_consultation_in(&tx, c)?;
                        rows += 1;
                    }
                    None => {}
                }
            }
        }
        Purpose::Contact => {
            rows += tx.execute(
                "UPDATE leads SET name = NULL, phone = NULL, preferred_time = NULL, erased_at = ?1
                 WHERE consent_id = ?2 AND erased_at IS NULL",
                params![now, consent_id],
            )?;
            if let Some(client) = consent.client_id {
                rows += tx.execute(
                    "UPDATE clients SET phone = NULL, email = NULL, updated_at = ?1 WHERE id = ?2",
                    params![now, client],
                )?;
            }
        }
        Purpose::HealthData => {
            if let Some(c) = consent.consultation_id {
                rows += reset::delete_sensitive_in(&tx, c)?;
            }
        }
    }
    audit::append(
        &tx,
        actor,
        "consent.withdraw",
        "consent",
        Some(consent_id),
        json!({ "purpose": consent.purpose, "rows": rows }),
    )?;
    tx.commit()?;
    Ok(Withdrawn {
        consent_id,
        purpose: consent.purpose,
        rows,
    })
}
