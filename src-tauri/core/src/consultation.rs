//! The consultation in progress: created on first use, saved as it changes, resumed after a restart.
//!
//! Other modules (clause presenter, questionnaire, records) hang their rows on a consultation id.

use crate::settings::Language;
use crate::{clock, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Who is running the consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Agent,
    Kiosk,
}

impl Mode {
    pub fn tag(self) -> &'static str {
        match self {
            Mode::Agent => "agent",
            Mode::Kiosk => "kiosk",
        }
    }
}

/// The newest unfinished consultation of this mode, if any.
pub fn current_draft(conn: &Connection, mode: Mode) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM consultations WHERE status = 'draft' AND mode = ?1
             ORDER BY updated_at DESC, id DESC LIMIT 1",
            [mode.tag()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Starts a new draft consultation and returns its id.
pub fn start_draft(conn: &Connection, mode: Mode, language: Language) -> Result<i64> {
    let now = clock::now_rfc3339();
    conn.execute(
        "INSERT INTO consultations (status, mode, language, started_at, updated_at)
         VALUES ('draft', ?1, ?2, ?3, ?3)",
        params![mode.tag(), language.tag(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The current draft of this mode, started if there is none.
pub fn current_or_start(conn: &Connection, mode: Mode, language: Language) -> Result<i64> {
    match current_draft(conn, mode)? {
        Some(id) => Ok(id),
        None => start_draft(conn, mode, language),
    }
}

/// Marks a consultation as changed now (drafts are listed newest first).
pub fn touch(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE consultations SET updated_at = ?1 WHERE id = ?2",
        params![clock::now_rfc3339(), id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn a_draft_is_resumed_until_finished() {
        let conn = db::open_in_memory().unwrap();
        assert_eq!(
            current_draft(&conn, Mode::Agent).unwrap(),
            None,
            "no draft at first"
        );
        let id = current_or_start(&conn, Mode::Agent, Language::ZhCn).unwrap();
        assert_eq!(
            current_or_start(&conn, Mode::Agent, Language::En).unwrap(),
            id,
            "the same draft is resumed"
        );
        assert_eq!(
            current_draft(&conn, Mode::Kiosk).unwrap(),
            None,
            "an agent's draft is never a kiosk visitor's"
        );
        conn.execute(
            "UPDATE consultations SET status = 'finished' WHERE id = ?1",
            [id],
        )
        .unwrap();
        assert_ne!(
            current_or_start(&conn, Mode::Agent, Language::ZhCn).unwrap(),
            id
        );
    }
}
