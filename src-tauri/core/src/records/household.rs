//! The household in the client file (issue #16; table `client_households`, owned here): the
//! members and policies of the client's latest finished consultation, as answered there, and the
//! day and consultation they come from. The next consultation for the client is filled from it
//! (`questionnaire::prefill_rows`), and the client file shows it (`client::get` holds it).
//!
//! Kept when a consultation is finished (`keep_from_consultation`, in the finish's transaction,
//! so under the same consent to saving as the record and the client file); only the fields the
//! household review reads are kept (`household::ANSWER_FIELDS`): no health details, whatever
//! questions a group may gain. A consultation that answered neither group leaves the file as it
//! was. The rows hang on their consultation's id too, so erasing that consultation, its end of
//! retention or a withdrawn consent to saving takes them (`privacy`'s generic removal); erasing
//! the client takes them here (`erase_in`).

use crate::household::ANSWER_FIELDS;
use crate::{audit, clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The groups kept, by group id (the family questionnaire's `members` and `policies`).
pub const GROUPS: [&str; 2] = ["members", "policies"];

/// One row of a group, as answered (`id` and question ids).
pub type Row = Map<String, Value>;

/// A client's household as the client file keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientHousehold {
    /// The consultation the rows come from.
    pub consultation_id: i64,
    /// `YYYY-MM-DD`: the day that consultation was finished.
    pub as_of: String,
    pub members: Vec<Row>,
    pub policies: Vec<Row>,
    pub updated_at: String,
}

/// The household of client `client_id`, if one was kept. A stored value that is not a list of
/// rows is an error naming the client and the column, never a guess.
pub fn get(conn: &Connection, client_id: i64) -> Result<Option<ClientHousehold>> {
    let row = conn
        .query_row(
            "SELECT consultation_id, as_of, members, policies, updated_at
               FROM client_households WHERE client_id = ?1",
            [client_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((consultation_id, as_of, members, policies, updated_at)) = row else {
        return Ok(None);
    };
    Ok(Some(ClientHousehold {
        consultation_id,
        as_of,
        members: rows_of(client_id, "members", &members)?,
        policies: rows_of(client_id, "policies", &policies)?,
        updated_at,
    }))
}

fn rows_of(client_id: i64, column: &str, text: &str) -> Result<Vec<Row>> {
    let bad = |why: String| {
        Error::Content(format!(
            "client {client_id}'s household: the stored `{column}` {why}"
        ))
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "are not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Array(items) = value else {
        return Err(bad("are not a list of rows".into()));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(row) => Ok(row),
            _ => Err(bad(format!("[{i}] is not a row object"))),
        })
        .collect()
}

/// Updates the client file's household from consultation `consultation_id`'s answers, inside
/// the caller's transaction (the finish): its `members` and `policies` groups as answered, with
/// the day it was finished. Nothing changes when the consultation has no client or answered
/// neither group. Returns whether the file changed.
pub fn keep_from_consultation(
    conn: &Connection,
    actor: &str,
    consultation_id: i64,
) -> Result<bool> {
    let (client_id, ended_at, mode): (Option<i64>, Option<String>, String) = conn.query_row(
        "SELECT client_id, ended_at, mode FROM consultations WHERE id = ?1",
        [consultation_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // A kiosk visit keeps nothing (it has no client file either).
    let (Some(client_id), Some(ended_at), "agent") = (client_id, ended_at, mode.as_str()) else {
        return Ok(false);
    };
    let mut groups: [Option<Vec<Row>>; 2] = [None, None];
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, value FROM answers
          WHERE consultation_id = ?1 AND question_id IN ('members', 'policies') ORDER BY id",
    )?;
    let answered = stmt
        .query_map([consultation_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (group, text) in answered {
        let Some(i) = GROUPS.iter().position(|g| *g == group) else {
            continue;
        };
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            Error::Content(format!(
                "consultation {consultation_id}'s answer `{group}` is not JSON: {e}"
            ))
        })?;
        // A group's answer is a list of rows (`questionnaire::repeat`); anything else is no
        // answer of a group, and kept nothing.
        if let Value::Array(rows) = value {
            groups[i] = Some(rows.iter().filter_map(|r| kept(&group, r)).collect());
        }
    }
    if groups.iter().all(Option::is_none) {
        return Ok(false);
    }
    let [members, policies] = groups.map(Option::unwrap_or_default);
    let as_of = ended_at.get(..10).unwrap_or(&ended_at).to_string();
    let text = |rows: &[Row]| Value::Array(rows.iter().cloned().map(Value::Object).collect());
    conn.execute(
        "INSERT INTO client_households (client_id, consultation_id, as_of, members, policies,
                                        updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (client_id) DO UPDATE SET consultation_id = excluded.consultation_id,
             as_of = excluded.as_of, members = excluded.members, policies = excluded.policies,
             updated_at = excluded.updated_at",
        params![
            client_id,
            consultation_id,
            as_of,
            text(&members).to_string(),
            text(&policies).to_string(),
            clock::now_rfc3339()
        ],
    )?;
    audit::append(
        conn,
        actor,
        "client.household",
        "client",
        Some(client_id),
        json!({ "consultation": consultation_id, "members": members.len(),
                "policies": policies.len() }),
    )?;
    Ok(true)
}

/// A row as the file keeps it: its id and the fields the review reads (no other question, so
/// nothing the group may gain - a health detail - reaches the file); `None` for a row with no id.
fn kept(group: &str, row: &Value) -> Option<Row> {
    let fields = ANSWER_FIELDS.iter().find(|(g, _)| *g == group)?.1;
    let row = row.as_object()?;
    row.get("id")?.as_str()?;
    Some(
        row.iter()
            .filter(|(k, v)| fields.contains(&k.as_str()) && !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

/// Removes a client's household inside the caller's transaction (the client erased).
pub(crate) fn erase_in(conn: &Connection, client_id: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM client_households WHERE client_id = ?1",
        [client_id],
    )?)
}
