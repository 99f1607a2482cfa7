//! Consent per purpose (PIPL arts. 14, 28, 29, 31): given explicitly, stored with the privacy
//! notice's version and the time, withdrawable. Withdrawing deletes or anonymises the data the
//! consent covered, with an audit entry. Only granted purposes are stored: a purpose not granted
//! has no row, and whatever it covers must not be asked or kept (`has` tells the other modules).
//!
//! A consent belongs to the consultation it was given in and, once the client is known, to the
//! client. A returning client's consents in force under the current notice are carried into a new
//! consultation as copies (`carry_over`), so the client is not asked again; withdrawing any copy
//! withdraws the consent everywhere it applied. When a consultation's client changes, the
//! consents given in it follow the new client and the copies carried from the previous one are
//! dropped: the schema's `consents_follow_client` trigger (migration 13) does it in the statement
//! that changes the client, so `records::record` never writes this module's table.

use super::{erase, lead, reset};
use crate::audit;
use crate::records::client;
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

    /// Whether a client of this kind (`person`, `enterprise`) is asked for it: a company has no
    /// health and no guardian, so only saving the consultation and being contacted apply.
    pub fn applies_to(self, client_kind: &str) -> bool {
        client_kind != "enterprise" || matches!(self, Purpose::SaveConsultation | Purpose::Contact)
    }
}

/// The purposes a consultation's client is asked for: all of them for a person or while no client
/// is chosen, only saving and contact for an enterprise (`Purpose::applies_to`).
pub fn purposes_for(conn: &Connection, consultation_id: Option<i64>) -> Result<Vec<Purpose>> {
    let kind: Option<String> = match consultation_id {
        Some(id) => conn
            .query_row(
                "SELECT c.kind FROM consultations k JOIN clients c ON c.id = k.client_id
                 WHERE k.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let kind = kind.unwrap_or_else(|| "person".to_string());
    Ok(Purpose::ALL
        .into_iter()
        .filter(|p| p.applies_to(&kind))
        .collect())
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
    /// For a consent carried from an earlier consultation: the row the client actually gave.
    pub carried_from: Option<i64>,
    /// The consultation the client gave it in (this one unless carried).
    pub given_in: Option<i64>,
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
    let tx = crate::db::write(conn)?;
    // Given in a consultation whose client is known: the consent is that client's too.
    let client_id = match (grant.client_id, grant.consultation_id) {
        (Some(c), _) => Some(c),
        (None, Some(c)) => tx
            .query_row(
                "SELECT client_id FROM consultations WHERE id = ?1",
                [c],
                |r| r.get(0),
            )
            .optional()?
            .flatten(),
        (None, None) => None,
    };
    let kind: Option<String> = match client_id {
        Some(id) => tx
            .query_row("SELECT kind FROM clients WHERE id = ?1", [id], |r| r.get(0))
            .optional()?,
        None => None,
    };
    if let Some(kind) = &kind {
        if let Some(p) = grant.purposes.iter().find(|p| !p.applies_to(kind)) {
            return Err(Error::invalid(
                "purposes",
                format!(
                    "`{}` does not apply to an enterprise client: a company is asked only to \
                     save the consultation and to be contacted",
                    p.tag()
                ),
            ));
        }
    }
    let mut ids = Vec::new();
    for &purpose in &grant.purposes {
        if let Some(id) = in_force(&tx, grant.consultation_id, client_id, purpose)? {
            ids.push(id);
            continue;
        }
        ids.push(insert(
            &tx,
            grant.consultation_id,
            client_id,
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
    // Within a consultation, one row per purpose; without one (a lead), per client.
    let sql = if consultation_id.is_some() {
        "SELECT id FROM consents WHERE consultation_id = ?1 AND purpose = ?3
           AND withdrawn_at IS NULL"
    } else {
        "SELECT id FROM consents WHERE consultation_id IS NULL AND client_id IS ?2
           AND purpose = ?3 AND withdrawn_at IS NULL"
    };
    Ok(conn
        .query_row(
            sql,
            params![consultation_id, client_id, purpose.tag()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Carries the consents in force that consultation `consultation_id`'s client gave in earlier,
/// finished consultations under `notice_version` (the privacy notice now shown) into that
/// consultation, as copies keeping the original time and version (the newest per purpose). Only
/// into a draft, and only purposes not already in force there; running it again adds nothing. A consent given under an older notice is not carried: the
/// client is asked again. Returns the consultation's consents.
pub fn carry_over(
    conn: &Connection,
    actor: &str,
    consultation_id: i64,
    notice_version: &str,
) -> Result<Vec<Consent>> {
    let tx = crate::db::write(conn)?;
    let found: Option<(Option<i64>, String)> = tx
        .query_row(
            "SELECT client_id, status FROM consultations WHERE id = ?1",
            [consultation_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((client, status)) = found else {
        return Err(Error::NotFound(format!("consultation {consultation_id}")));
    };
    let Some(client) = client.filter(|_| status == "draft") else {
        return of_consultation(conn, consultation_id);
    };
    let carried = tx.execute(
        "INSERT INTO consents (client_id, consultation_id, purpose, notice_version, granted_at,
                               carried_from)
         SELECT o.client_id, ?1, o.purpose, o.notice_version, o.granted_at, o.id
           FROM consents o
          WHERE o.id = (SELECT max(x.id) FROM consents x
                          JOIN consultations f ON f.id = x.consultation_id
                                              AND f.status = 'finished'
                         WHERE x.client_id = ?2 AND x.purpose = o.purpose
                           AND x.carried_from IS NULL AND x.withdrawn_at IS NULL
                           AND x.notice_version = ?3)
            AND NOT EXISTS (SELECT 1 FROM consents h
                             WHERE h.consultation_id = ?1 AND h.purpose = o.purpose
                               AND h.withdrawn_at IS NULL)",
        params![consultation_id, client, notice_version],
    )?;
    if carried > 0 {
        audit::append(
            &tx,
            actor,
            "consent.carry",
            "consultation",
            Some(consultation_id),
            json!({ "client_id": client, "consents": carried, "notice_version": notice_version }),
        )?;
    }
    tx.commit()?;
    of_consultation(conn, consultation_id)
}

/// Inside the caller's transaction, before consultation `id` is deleted (`reset`): its consents
/// in force go with it, withdrawn ones are kept, detached, as evidence of the withdrawal.
/// Returns the rows deleted.
pub(crate) fn release_in(conn: &Connection, id: i64) -> Result<usize> {
    let rows = conn.execute(
        "DELETE FROM consents WHERE consultation_id = ?1 AND withdrawn_at IS NULL",
        [id],
    )?;
    conn.execute(
        "UPDATE consents SET consultation_id = NULL WHERE consultation_id = ?1",
        [id],
    )?;
    Ok(rows)
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

/// Whether someone born on `birth_date` (as typed: `1988/3/15` is read like `1988-03-15`, so a
/// child's date in another form never slips past the check) is under 14 on `today` (PIPL art. 31:
/// a child's personal information needs a parent's or guardian's consent). No date: not known to
/// be.
pub fn under_14(birth_date: Option<&str>, today: &str) -> bool {
    use crate::date::Date;
    let (Some(born), Some(now)) = (
        birth_date.and_then(|b| Date::parse_typed(b).ok()),
        Date::parse(today),
    ) else {
        return false;
    };
    born.years_until(now) < 14
}

/// For a client under 14, refuses unless the consultation has a guardian's consent in force. The
/// error names the `guardian_consent` field.
pub fn require_guardian_if_minor(
    conn: &Connection,
    consultation_id: i64,
    birth_date: Option<&str>,
    today: &str,
) -> Result<()> {
    if !under_14(birth_date, today) || has(conn, consultation_id, Purpose::Guardian)? {
        return Ok(());
    }
    Err(Error::invalid(
        "guardian_consent",
        "the client is under 14: record a parent's or guardian's consent on the privacy screen first",
    ))
}

/// The consents of a consultation, oldest first (withdrawn ones included, as history).
pub fn of_consultation(conn: &Connection, consultation_id: i64) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE c.consultation_id = ?1 ORDER BY c.id"
    ))?;
    let rows = stmt.query_map([consultation_id], row)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .collect()
}

/// One consent.
pub fn get(conn: &Connection, id: i64) -> Result<Consent> {
    conn.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("consent {id}")))?
}

const SELECT: &str = "SELECT c.id, c.purpose, c.notice_version, c.granted_at, c.withdrawn_at,
    c.consultation_id, c.client_id, c.carried_from, coalesce(o.consultation_id, c.consultation_id)
    FROM consents c LEFT JOIN consents o ON o.id = c.carried_from";

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
        carried_from: r.get(7)?,
        given_in: r.get(8)?,
    }))
}

/// Withdraws a consent and removes what it covered. The consent is withdrawn everywhere it
/// applied: the row the client gave and every copy carried into later consultations. For each
/// consultation concerned:
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
    let original = consent.carried_from.unwrap_or(consent.id);
    let tx = crate::db::write(conn)?;
    let now = clock::now_rfc3339();
    let affected: Vec<(i64, Option<i64>)> = tx
        .prepare(
            "SELECT id, consultation_id FROM consents
              WHERE (id = ?1 OR carried_from = ?1) AND withdrawn_at IS NULL ORDER BY id",
        )?
        .query_map([original], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "UPDATE consents SET withdrawn_at = ?1
          WHERE (id = ?2 OR carried_from = ?2) AND withdrawn_at IS NULL",
        params![now, original],
    )?;
    let mut rows = 0;
    for &(id, consultation) in &affected {
        rows += remove_covered(&tx, consent.purpose, id, consultation, &now)?;
    }
    if let (Purpose::Contact, Some(client)) = (consent.purpose, consent.client_id) {
        rows += client::clear_contact_in(&tx, client, &now)?;
    }
    audit::append(
        &tx,
        actor,
        "consent.withdraw",
        "consent",
        Some(consent_id),
        json!({
            "purpose": consent.purpose,
            "rows": rows,
            "consents": affected.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        }),
    )?;
    tx.commit()?;
    Ok(Withdrawn {
        consent_id,
        purpose: consent.purpose,
        rows,
    })
}

/// Removes, inside the caller's transaction, what consent row `consent_id` covered in its
/// consultation. Returns the rows deleted or emptied.
fn remove_covered(
    tx: &Connection,
    purpose: Purpose,
    consent_id: i64,
    consultation: Option<i64>,
    now: &str,
) -> Result<usize> {
    match (purpose, consultation) {
        (Purpose::SaveConsultation | Purpose::Guardian, Some(c)) => {
            let status: Option<String> = tx
                .query_row("SELECT status FROM consultations WHERE id = ?1", [c], |r| {
                    r.get(0)
                })
                .optional()?;
            Ok(match status.as_deref() {
                Some("draft") => reset::delete_consultation_in(tx, c)?,
                Some(_) => {
                    erase::erase_consultation_in(tx, c)?;
                    1
                }
                None => 0,
            })
        }
        (Purpose::Contact, _) => lead::erase_under_in(tx, consent_id, now),
        (Purpose::HealthData, Some(c)) => reset::delete_sensitive_in(tx, c),
        (_, None) => Ok(0),
    }
}
