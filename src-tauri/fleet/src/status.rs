//! The sync state as the agent's window shows it (the app bar's indicator and the admin screen):
//! whether the device is part of a fleet, what it last managed, what waits, and the last
//! failure by kind only. The words of a failure (`presale sync status`) may hold a server's
//! message or a file's path; the window says each kind in the agent's language instead.

use crate::SyncConfig;
use presale_core::db::rusqlite::Connection;
use presale_core::fleet::outbox;
use serde::Serialize;
use std::path::Path;

/// What the indicator shows, decided here once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The last attempt failed; the rows wait on the device.
    Failing,
    /// Rows wait to be sent (the next sync takes them).
    Waiting,
    /// Everything was sent and acknowledged.
    Sent,
    /// Set up, but no attempt has succeeded or failed yet.
    NotYet,
}

/// `get_sync_status` answers with this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// `presale.toml` has a `[sync]` section (a wrong one counts: it is a problem to show).
    pub configured: bool,
    pub state: State,
    /// Rows waiting to be sent (records, client files, consents, leads, audit entries, erasures).
    pub waiting: i64,
    /// Of them, the finished consultations.
    pub records_waiting: i64,
    pub last_success_at: Option<String>,
    pub last_attempt_at: Option<String>,
    /// The last failure's kind (`presale_core::fleet::outbox::ERROR_KINDS`); `None` once an
    /// attempt succeeded.
    pub problem: Option<String>,
}

/// Reads the state from the device's database and its data directory's `presale.toml`.
pub fn read(conn: &Connection, data_dir: &Path) -> presale_core::Result<SyncStatus> {
    let configured = !matches!(SyncConfig::load(data_dir), Ok(None));
    let s = outbox::status(conn)?;
    // A failure noted before its kind was kept (an older Presale) still counts as a failure.
    let problem = s
        .last_error
        .as_ref()
        .map(|_| s.last_error_kind.clone().unwrap_or_else(|| "server".into()));
    // Not in a fleet: nothing is being sent, whatever marks wait for the day it joins.
    let state = if !configured {
        State::NotYet
    } else if problem.is_some() {
        State::Failing
    } else if s.waiting > s.audit_waiting {
        // Audit entries alone (each read writes one) go with the next sync unremarked.
        State::Waiting
    } else if s.last_success_at.is_some() {
        State::Sent
    } else {
        State::NotYet
    };
    Ok(SyncStatus {
        configured,
        state,
        waiting: s.waiting,
        records_waiting: s.records_waiting,
        last_success_at: s.last_success_at,
        last_attempt_at: s.last_attempt_at,
        problem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = presale_core::db::open(&dir.path().join(presale_core::db::FILE_NAME)).unwrap();
        (dir, conn)
    }

    fn with_sync(dir: &Path) {
        std::fs::write(
            dir.join("presale.toml"),
            "[sync]\nserver = \"postgres://presale_device_a@127.0.0.1:5432/p\"\npassword_file = \"pw\"\n",
        )
        .unwrap();
    }

    fn enqueue(conn: &Connection, id: i64) {
        conn.execute(
            "INSERT INTO fleet_outbox (kind, entity_id, created_at) VALUES ('consultation', ?1, 'x')",
            [id],
        )
        .unwrap();
    }

    #[test]
    fn without_a_sync_section_the_device_is_not_in_a_fleet() {
        let (dir, conn) = device();
        let s = read(&conn, dir.path()).unwrap();
        assert!(!s.configured);
        assert_eq!(s.state, State::NotYet);
        std::fs::write(dir.path().join("presale.toml"), "kiosk = false\n").unwrap();
        assert!(!read(&conn, dir.path()).unwrap().configured);
    }

    #[test]
    fn a_wrong_sync_section_is_set_up_and_failing() {
        let (dir, conn) = device();
        std::fs::write(dir.path().join("presale.toml"), "[sync]\nserver = 5\n").unwrap();
        // What the worker does when it cannot start.
        let err = SyncConfig::load(dir.path()).unwrap_err();
        outbox::record_failure(&conn, err.kind(), &err.to_string()).unwrap();
        let s = read(&conn, dir.path()).unwrap();
        assert!(s.configured);
        assert_eq!(s.state, State::Failing);
        assert_eq!(s.problem.as_deref(), Some("config"));
    }

    #[test]
    fn the_state_follows_the_outbox_and_the_last_attempt() {
        let (dir, conn) = device();
        with_sync(dir.path());
        assert_eq!(read(&conn, dir.path()).unwrap().state, State::NotYet);
        enqueue(&conn, 1);
        enqueue(&conn, 2);
        let s = read(&conn, dir.path()).unwrap();
        assert_eq!((s.state, s.waiting), (State::Waiting, 2));
        outbox::record_failure(&conn, "unreachable", "the server cannot be reached").unwrap();
        let s = read(&conn, dir.path()).unwrap();
        assert_eq!(s.state, State::Failing);
        assert_eq!(s.problem.as_deref(), Some("unreachable"));
        assert!(s.last_attempt_at.is_some() && s.last_success_at.is_none());
        outbox::acknowledge(&conn, 2).unwrap();
        let s = read(&conn, dir.path()).unwrap();
        assert_eq!((s.state, s.waiting, s.problem), (State::Sent, 0, None));
        assert!(s.last_success_at.is_some());
    }

    #[test]
    fn the_window_gets_no_server_words_sql_or_address() {
        let (dir, conn) = device();
        with_sync(dir.path());
        let words = "the server answered: syntax error at or near \"SELECT\" \
                     (postgres://presale_owner:s3cret@db.example/p, /home/agent/.local/x)";
        outbox::record_failure(&conn, "server", words).unwrap();
        let json = serde_json::to_string(&read(&conn, dir.path()).unwrap()).unwrap();
        for leak in ["SELECT", "postgres://", "s3cret", "/home", "syntax"] {
            assert!(!json.contains(leak), "{leak} in {json}");
        }
        assert!(json.contains(r#""problem":"server""#), "{json}");
    }
}
