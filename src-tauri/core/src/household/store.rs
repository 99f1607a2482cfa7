//! Keeping the reviews of a consultation (table `household_reviews`, owned here): each review
//! computed is a new row, so the rows are its history, as with the advice results; the table
//! hangs on the consultation id, so erasing the consultation takes it (`privacy`).

use super::Review;
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

/// A review as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredReview {
    pub id: i64,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub engine_version: String,
    pub created_at: String,
    /// The household input it read.
    pub input: Value,
    pub review: Value,
}

/// Stores a review of consultation `consultation_id`; returns the row id.
pub fn save(
    conn: &Connection,
    consultation_id: i64,
    questionnaire: (&str, &str),
    input: &Value,
    review: &Review,
) -> Result<i64> {
    let result = serde_json::to_string(review)
        .map_err(|e| Error::Content(format!("the review could not be serialised: {e}")))?;
    conn.execute(
        "INSERT INTO household_reviews (consultation_id, questionnaire_id, questionnaire_version,
                                        engine_version, input, result, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            consultation_id,
            questionnaire.0,
            questionnaire.1,
            review.engine_version,
            input.to_string(),
            result,
            clock::now_rfc3339()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The latest review of a consultation for a questionnaire, if any.
pub fn latest(
    conn: &Connection,
    consultation_id: i64,
    questionnaire_id: &str,
) -> Result<Option<StoredReview>> {
    let row = conn
        .query_row(
            "SELECT id, questionnaire_version, engine_version, created_at, input, result
               FROM household_reviews
              WHERE consultation_id = ?1 AND questionnaire_id = ?2 ORDER BY id DESC LIMIT 1",
            params![consultation_id, questionnaire_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(
        |(id, version, engine, created_at, input, result)| StoredReview {
            id,
            questionnaire_id: questionnaire_id.to_string(),
            questionnaire_version: version,
            engine_version: engine,
            created_at,
            input: serde_json::from_str(&input).unwrap_or(Value::Null),
            review: serde_json::from_str(&result).unwrap_or(Value::Null),
        },
    ))
}

/// How many reviews a consultation has (its history's length).
pub fn count(conn: &Connection, consultation_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM household_reviews WHERE consultation_id = ?1",
        [consultation_id],
        |r| r.get(0),
    )?)
}

/// Deletes a consultation's reviews inside the caller's transaction (what they read was taken
/// out: the household rows another client's file filled in). Returns the rows deleted.
pub fn forget_in(conn: &Connection, consultation_id: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM household_reviews WHERE consultation_id = ?1",
        [consultation_id],
    )?)
}
