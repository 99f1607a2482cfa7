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
