//! Tests of migration 5 on databases made by earlier versions: existing consultations survive
//! and get the records columns with their defaults.

use crate::db::{self, MIGRATIONS};
use crate::records::{record, view};
use rusqlite::Connection;

#[test]
fn consultations_from_every_earlier_version_survive_the_records_migration() {
    let before: Vec<_> = MIGRATIONS.iter().filter(|m| m.version < 5).collect();
    for k in 1..=before.len() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for m in &before[..k] {
            conn.execute_batch(m.sql).unwrap();
            conn.execute_batch(&format!("PRAGMA user_version = {}", m.version))
                .unwrap();
        }
        conn.execute(
            "INSERT INTO consultations (status, mode, language, started_at, updated_at)
             VALUES ('draft', 'agent', 'zh-CN', '2025-01-01T08:00:00.000Z',
                     '2025-01-01T08:00:00.000Z')",
            [],
        )
        .unwrap();
        db::migrate(&conn).unwrap();
        let c = record::get(&conn, 1).unwrap();
        assert_eq!(
            c.status,
            "draft",
            "after version {}: the draft survives",
            before[k - 1].version
        );
        assert_eq!(c.started_at, "2025-01-01T08:00:00.000Z");
        assert!(c.products.is_empty(), "no products discussed yet");
        assert!(
            !c.decision_against_warning,
            "no warning overridden by default"
        );
        assert_eq!(c.client_id, None);
        assert!(view::get(&conn, 1).is_ok(), "the full record reads");
    }
}

/// A database at the version before `version`, with the migrations applied by hand.
fn at_version_before(version: i64) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for m in MIGRATIONS.iter().filter(|m| m.version < version) {
        conn.execute_batch(m.sql).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", m.version))
            .unwrap();
    }
    conn
}

#[test]
fn migration_8_ties_earlier_consents_to_their_consultations_client() {
    let conn = at_version_before(8);
    conn.execute_batch(
        "INSERT INTO clients (id, kind, name, created_at, updated_at)
           VALUES (7, 'person', '陈晨', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
         INSERT INTO consultations (id, status, mode, language, started_at, updated_at, client_id)
           VALUES (3, 'finished', 'agent', 'zh-CN', '2026-01-01T00:00:00.000Z',
                   '2026-01-01T00:00:00.000Z', 7);
         INSERT INTO consents (consultation_id, purpose, notice_version, granted_at)
           VALUES (3, 'save_consultation', '2026-01', '2026-01-01T00:00:00.000Z');",
    )
    .unwrap();
    db::migrate(&conn).unwrap();
    let client: Option<i64> = conn
        .query_row("SELECT client_id FROM consents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(client, Some(7));
}

#[test]
fn migration_9_indexes_the_names_of_clients_saved_before_it() {
    let conn = at_version_before(9);
    conn.execute(
        "INSERT INTO clients (kind, name, contact_person, created_at, updated_at)
         VALUES ('person', '陈晨', 'Li Lei', '2026-01-01T00:00:00.000Z',
                 '2026-01-01T00:00:00.000Z')",
        [],
    )
    .unwrap();
    db::migrate(&conn).unwrap();
    let grams: Vec<String> = conn
        .prepare("SELECT gram FROM client_grams ORDER BY gram")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for g in [
        "陈", "陈晨", "晨", "li", "i ", " l", "l", "le", "ei", "e", "i", " ",
    ] {
        assert!(grams.contains(&g.to_string()), "{g:?} in {grams:?}");
    }
    assert_eq!(grams.len(), 12, "each gram once: {grams:?}");
}

#[test]
fn migration_10_leaves_records_finished_before_it_with_the_date_they_were_given() {
    let conn = at_version_before(10);
    conn.execute_batch(
        "INSERT INTO consultations (status, mode, language, started_at, updated_at, ended_at,
             retention_until)
         VALUES ('finished', 'agent', 'zh-CN', '2025-01-01T08:00:00Z', '2025-01-01T09:00:00Z',
                 '2025-01-01T09:00:00Z', '2035-01-01'),
                ('draft', 'agent', 'zh-CN', '2025-02-01T08:00:00Z', '2025-02-01T08:00:00Z',
                 NULL, NULL);",
    )
    .unwrap();
    db::migrate(&conn).unwrap();
    let finished = view::get(&conn, 1).unwrap();
    assert_eq!(finished.outcome, None, "no outcome is invented");
    assert_eq!(
        finished.consultation.retention_until.as_deref(),
        Some("2035-01-01")
    );
    assert_eq!(finished.retention.until.as_deref(), Some("2035-01-01"));
    assert_eq!(
        finished.retention.basis,
        crate::records::retention::Basis::BeforeOutcomes
    );
    let draft = view::get(&conn, 2).unwrap();
    assert_eq!(
        draft.retention.basis,
        crate::records::retention::Basis::Draft
    );
    assert_eq!(draft.retention.until, None);
}
