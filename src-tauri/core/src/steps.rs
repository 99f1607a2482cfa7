//! The consultation flow's steps, in order, and which one a draft is at: the first step not done,
//! where "start a consultation" and "resume" open it. What makes a step done is the same as the
//! flow's stepper shows (`ui/js/screens/consult.js`, `doneSteps`).

use crate::Result;
use rusqlite::Connection;

/// The flow's steps. Consents first: nothing personal is kept before the client agrees.
pub const STEPS: [&str; 7] = [
    "consents",
    "client",
    "questionnaire",
    "result",
    "products",
    "decision",
    "finish",
];

/// Whether each of `STEPS` is done in consultation `id`:
/// consents (one in force), client (chosen), questionnaire (an answer), result (an advice),
/// products (clauses presented and every must-explain clause confirmed, per clause whatever its
/// text's language or version), decision (written), finish (finished).
pub fn done(conn: &Connection, id: i64) -> Result<[bool; 7]> {
    let row = conn.query_row(
        "SELECT
           EXISTS (SELECT 1 FROM consents WHERE consultation_id = c.id AND withdrawn_at IS NULL),
           c.client_id IS NOT NULL,
           EXISTS (SELECT 1 FROM answers WHERE consultation_id = c.id),
           EXISTS (SELECT 1 FROM advice_results WHERE consultation_id = c.id),
           EXISTS (SELECT 1 FROM clause_states WHERE consultation_id = c.id)
             AND NOT EXISTS (SELECT 1 FROM clause_states s WHERE s.consultation_id = c.id
               GROUP BY s.clause_id
               HAVING MAX(s.must_explain) = 1 AND MAX(s.acknowledged_at IS NOT NULL) = 0),
           COALESCE(c.decision, '') <> '',
           c.status = 'finished'
         FROM consultations c WHERE c.id = ?1",
        [id],
        |r| {
            let mut d = [false; 7];
            for (i, slot) in d.iter_mut().enumerate() {
                *slot = r.get(i)?;
            }
            Ok(d)
        },
    )?;
    Ok(row)
}

/// The step consultation `id` is at: its first step not done (`finish` when all are).
pub fn at(conn: &Connection, id: i64) -> Result<&'static str> {
    let done = done(conn, id)?;
    Ok(STEPS
        .iter()
        .zip(done)
        .find(|(_, d)| !d)
        .map_or("finish", |(s, _)| s))
}
