//! Tests of `erase` and `retention`: personal data goes, an audit entry without it stays.

use crate::db;
use crate::privacy::{erase, retention};
use crate::records::record::{self, RecordEdit};
use crate::records::tests::finished_record;
use crate::records::{client, history, view};

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn erasing_a_client_removes_their_data_and_keeps_a_clean_audit_entry() {
    let conn = db::open_in_memory().unwrap();
    let (client_id, id) = finished_record(&conn, "李娜", "13800138000");
    let (other_client, other) = finished_record(&conn, "张伟", "13912345678");
    conn.execute(
        "CREATE TABLE IF NOT EXISTS answers_fixture (
             consultation_id INTEGER REFERENCES consultations (id), value TEXT)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO answers_fixture VALUES (?1, '年收入 30 万')",
        [id],
    )
    .unwrap();
    conn.execute("INSERT INTO answers_fixture VALUES (?1, 'kept')", [other])
        .unwrap();
    conn.execute(
        "INSERT INTO clause_states (consultation_id, clause_id, content_hash, language,
             must_explain, shown_at) VALUES (?1, 'ci-exclusions', 'abc', 'zh-CN', 0, 'now')",
        [id],
    )
    .unwrap();
    let erased = erase::erase_client(&conn, "agent", client_id).unwrap();
    assert_eq!(erased.consultations, [id]);

    let c = client::get(&conn, client_id).unwrap();
    assert!(c.erased_at.is_some(), "the client is marked erased");
    assert_eq!(c.fields.name, None, "the name is gone");
    assert_eq!(c.fields.phone, None, "the phone is gone");
    let r = view::get(&conn, id).unwrap();
    assert_eq!(r.consultation.notes, None, "notes are gone");
    assert_eq!(r.consultation.decision, None, "the decision text is gone");
    assert!(r.attached["answers_fixture"].is_empty(), "answers are gone");
    assert!(
        history::of_record(&conn, id).unwrap().is_empty(),
        "old values are gone"
    );
    assert_eq!(
        r.attached["clause_states"].len(),
        1,
        "which clauses were shown stays: evidence without personal data"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM answers_fixture"),
        1,
        "another client's answers stay"
    );
    assert_eq!(
        client::get(&conn, other_client)
            .unwrap()
            .fields
            .name
            .as_deref(),
        Some("张伟")
    );

    let all: String = conn
        .query_row(
            "SELECT group_concat(detail || actor || action) FROM audit_log",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(all.contains("client.erase"), "the erasure is on record");
    for personal in ["李娜", "13800138000", "年收入"] {
        assert!(
            !all.contains(personal),
            "the audit log never holds `{personal}`"
        );
    }
    assert!(
        crate::audit::verify(&conn).unwrap().is_ok(),
        "the chain is intact"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM clients_fts WHERE clients_fts MATCH '李娜'"
        ),
        0,
        "the search index forgets the name"
    );
    let err = record::update(&conn, "agent", id, &RecordEdit::default()).unwrap_err();
    assert_eq!(
        err.code(),
        "invalid_input",
        "an erased record cannot be edited"
    );
}

#[test]
fn purge_removes_expired_records_and_clients_with_nothing_left() {
    let conn = db::open_in_memory().unwrap();
    let (old_client, old) = finished_record(&conn, "李娜", "13800138000");
    let (kept_client, kept) = finished_record(&conn, "张伟", "13912345678");
    let (mixed_client, mixed_old) = finished_record(&conn, "王芳", "13700137000");
    let set_until = |id: i64, d: &str| {
        conn.execute(
            "UPDATE consultations SET retention_until = ?1 WHERE id = ?2",
            rusqlite::params![d, id],
        )
        .unwrap();
    };
    set_until(old, "2030-01-01");
    set_until(kept, "2040-01-01");
    set_until(mixed_old, "2030-01-01");
    // The third client came back later: that newer record keeps their file.
    let newer = crate::consultation::start_draft(
        &conn,
        crate::consultation::Mode::Agent,
        crate::settings::Language::ZhCn,
    )
    .unwrap();
    record::finish(
        &conn,
        "agent",
        newer,
        &crate::records::tests::finish_edit(mixed_client),
    )
    .unwrap();

    let plan = retention::purge_expired(&conn, "cli", "2031-01-01", true).unwrap();
    assert_eq!(plan.consultations, [old, mixed_old]);
    assert_eq!(
        plan.clients,
        [old_client],
        "a client with a retained record keeps their file"
    );
    assert!(
        client::get(&conn, old_client).unwrap().erased_at.is_none(),
        "a dry run changes nothing"
    );
    let done = retention::purge_expired(&conn, "cli", "2031-01-01", false).unwrap();
    assert_eq!(
        done.consultations, plan.consultations,
        "the run does what the dry run said"
    );
    assert!(client::get(&conn, old_client).unwrap().erased_at.is_some());
    assert!(client::get(&conn, kept_client).unwrap().erased_at.is_none());
    assert!(client::get(&conn, mixed_client)
        .unwrap()
        .erased_at
        .is_none());
    assert!(record::get(&conn, mixed_old).unwrap().erased_at.is_some());
    assert!(record::get(&conn, newer).unwrap().notes.is_some());
    let again = retention::purge_expired(&conn, "cli", "2031-01-01", false).unwrap();
    assert!(again.consultations.is_empty(), "a purge is not repeated");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'records.purge'"
        ),
        1,
        "one audit entry per purge that did something"
    );
}
