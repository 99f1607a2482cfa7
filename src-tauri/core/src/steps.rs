//! The consultation flow's steps, in order, and which one a draft is at: the first step not done,
//! where "start a consultation" and "resume" open it. This is the one rule of what makes a step
//! done: the record view carries it (`records::view::Record::steps_done`) and the flow's bar and
//! stepper show that, never a rule of their own.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::{self, Mode};
    use crate::db;
    use crate::settings::Language;

    #[test]
    fn a_draft_is_at_its_first_step_not_done() {
        let conn = db::open_in_memory().unwrap();
        let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
        let run = |sql: &str| conn.execute(sql, [id]).unwrap();
        assert_eq!(at(&conn, id).unwrap(), "consents");
        run(
            "INSERT INTO consents (consultation_id, purpose, notice_version, granted_at)
             VALUES (?1, 'save_consultation', 'v1', '2026-12-01T00:00:00.000Z')",
        );
        assert_eq!(at(&conn, id).unwrap(), "client");
        // A step done out of order does not move the draft past an open one.
        run(
            "INSERT INTO answers (consultation_id, questionnaire_id, questionnaire_version,
               question_id, value, answered_at, updated_at)
             VALUES (?1, 'family', '1', 'age', '40', 'now', 'now')",
        );
        assert_eq!(at(&conn, id).unwrap(), "client");
        conn.execute(
            "INSERT INTO clients (kind, name, created_at, updated_at)
             VALUES ('person', '张伟', 'now', 'now')",
            [],
        )
        .unwrap();
        run("UPDATE consultations SET client_id = (SELECT max(id) FROM clients) WHERE id = ?1");
        assert_eq!(at(&conn, id).unwrap(), "result");
        run(
            "INSERT INTO advice_results (consultation_id, questionnaire_id, questionnaire_version,
               engine_version, profile, result, created_at)
             VALUES (?1, 'family', '1', '1', '{}', '{}', 'now')",
        );
        assert_eq!(at(&conn, id).unwrap(), "products");
        // A must-explain clause shown in two languages, confirmed in one: the clause is done.
        run(
            "INSERT INTO clause_states (consultation_id, clause_id, content_hash, language,
               must_explain, shown_at) VALUES (?1, 'c1', 'h-zh', 'zh-CN', 1, 'now')",
        );
        assert_eq!(at(&conn, id).unwrap(), "products", "shown, not confirmed");
        run(
            "INSERT INTO clause_states (consultation_id, clause_id, content_hash, language,
               must_explain, shown_at, explained_at, acknowledged_at)
             VALUES (?1, 'c1', 'h-en', 'en', 1, 'now', 'now', 'now')",
        );
        assert_eq!(at(&conn, id).unwrap(), "decision");
        run("UPDATE consultations SET decision = '先考虑' WHERE id = ?1");
        assert_eq!(at(&conn, id).unwrap(), "finish");
        run("UPDATE consultations SET status = 'finished' WHERE id = ?1");
        assert_eq!(done(&conn, id).unwrap(), [true; 7]);
        assert_eq!(at(&conn, id).unwrap(), "finish");
        run("UPDATE consents SET withdrawn_at = 'now' WHERE consultation_id = ?1");
        assert_eq!(
            at(&conn, id).unwrap(),
            "consents",
            "a withdrawn consent is not in force"
        );
    }
}
