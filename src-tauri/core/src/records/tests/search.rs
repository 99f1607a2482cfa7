//! Tests of `search` and `followup`.

use super::{finished_record, person};
use crate::consultation::{self, Mode};
use crate::db;
use crate::records::client::{self, ClientFields, ClientKind};
use crate::records::followup;
use crate::records::record::{self, RecordEdit};
use crate::records::search::{search, RecordQuery};
use crate::settings::Language;
use rusqlite::Connection;

fn names(conn: &Connection, q: &RecordQuery) -> Vec<String> {
    search(conn, q, "2030-01-01")
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.client_name.unwrap_or_default())
        .collect()
}

fn text(t: &str) -> RecordQuery {
    RecordQuery {
        text: Some(t.into()),
        ..Default::default()
    }
}

fn sample(conn: &Connection) {
    finished_record(conn, "李娜", "13800138000");
    finished_record(conn, "Zhang Wei", "13912345678");
    let firm = ClientFields {
        kind: ClientKind::Enterprise,
        name: Some("杭州明远仓储有限公司".into()),
        contact_person: Some("赵敏".into()),
        ..Default::default()
    };
    let c = client::save(conn, "agent", None, &firm).unwrap();
    let id = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    record::update(
        conn,
        "agent",
        id,
        &RecordEdit {
            client_id: Some(c.id),
            ..Default::default()
        },
    )
    .unwrap();
}

#[test]
fn finds_by_any_fragment_of_name_phone_unit_or_contact() {
    let conn = db::open_in_memory().unwrap();
    sample(&conn);
    assert_eq!(
        names(&conn, &text("李")),
        ["李娜"],
        "one Chinese character (gram index)"
    );
    assert_eq!(
        names(&conn, &text("李娜")),
        ["李娜"],
        "a two-character name (gram index)"
    );
    assert_eq!(
        names(&conn, &text("明远仓储")),
        ["杭州明远仓储有限公司"],
        "unit name (trigram)"
    );
    assert_eq!(
        names(&conn, &text("赵敏")),
        ["杭州明远仓储有限公司"],
        "contact person"
    );
    assert_eq!(
        names(&conn, &text("zhang")),
        ["Zhang Wei"],
        "English, any case"
    );
    assert_eq!(
        names(&conn, &text("2345")),
        ["Zhang Wei"],
        "a phone fragment"
    );
    assert_eq!(
        names(&conn, &text("王五")),
        Vec::<String>::new(),
        "no match is empty"
    );
    assert_eq!(
        names(&conn, &text("\"%_")),
        Vec::<String>::new(),
        "quotes and wildcards are literal"
    );
}

#[test]
fn lists_newest_first_in_pages_with_a_total() {
    let conn = db::open_in_memory().unwrap();
    for i in 0..5 {
        finished_record(&conn, &format!("客户{i}"), "13800138000");
    }
    let q = RecordQuery {
        page: 1,
        page_size: 2,
        ..Default::default()
    };
    let page = search(&conn, &q, "2030-01-01").unwrap();
    assert_eq!(page.total, 5, "the total counts every match");
    let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, [3, 2], "page 1 of size 2, newest first");
    let too_big = RecordQuery {
        page_size: 10_000,
        ..Default::default()
    };
    let err = search(&conn, &too_big, "2030-01-01").unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("page_size"));
}

#[test]
fn filters_by_date_range_and_status() {
    let conn = db::open_in_memory().unwrap();
    sample(&conn);
    conn.execute(
        "UPDATE consultations SET started_at = '2025-03-01T10:00:00.000Z' WHERE id = 1",
        [],
    )
    .unwrap();
    let march = RecordQuery {
        from: Some("2025-03-01".into()),
        to: Some("2025-03-01".into()),
        ..Default::default()
    };
    assert_eq!(
        names(&conn, &march),
        ["李娜"],
        "both ends are whole days, inclusive"
    );
    let drafts = RecordQuery {
        status: Some("draft".into()),
        ..Default::default()
    };
    assert_eq!(names(&conn, &drafts), ["杭州明远仓储有限公司"]);
    let backwards = RecordQuery {
        from: Some("2025-03-02".into()),
        to: Some("2025-03-01".into()),
        ..Default::default()
    };
    assert!(
        search(&conn, &backwards, "2030-01-01").is_err(),
        "from after to is an error"
    );
}

#[test]
fn follow_ups_due_today_and_overdue_come_first() {
    let conn = db::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for (name, due) in [
        ("甲", "2026-03-05"),
        ("乙", "2026-03-01"),
        ("丙", "2026-03-09"),
    ] {
        let (_, id) = finished_record(&conn, name, "13800138000");
        let edit = RecordEdit {
            follow_up_on: Some(due.into()),
            ..Default::default()
        };
        record::update(&conn, "agent", id, &edit).unwrap();
        ids.push(id);
    }
    let due: Vec<i64> = followup::due(&conn, "2026-03-05", 50)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        due,
        [ids[1], ids[0]],
        "overdue first, then today; the future one waits"
    );
    let done = RecordEdit {
        follow_up_status: Some(record::FollowUpStatus::Done),
        ..Default::default()
    };
    record::update(&conn, "agent", ids[1], &done).unwrap();
    assert_eq!(
        followup::due(&conn, "2026-03-05", 50).unwrap().len(),
        1,
        "done is not due"
    );
    let q = RecordQuery {
        follow_up_due: true,
        ..Default::default()
    };
    assert_eq!(
        search(&conn, &q, "2026-03-05").unwrap().total,
        1,
        "the list filter agrees"
    );
}

#[test]
fn search_sees_a_renamed_client_under_the_new_name_only() {
    let conn = db::open_in_memory().unwrap();
    let (client_id, _) = finished_record(&conn, "Wang Xiaoming", "13800138000");
    let mut renamed = person("Wang Daming", "13800138000");
    renamed.kind = ClientKind::Person;
    client::save(&conn, "agent", Some(client_id), &renamed).unwrap();
    assert!(
        names(&conn, &text("Xiaoming")).is_empty(),
        "the index follows updates"
    );
    assert_eq!(names(&conn, &text("Daming")), ["Wang Daming"]);
}

#[test]
fn one_and_two_character_fragments_follow_renames_case_contacts_and_phones() {
    let conn = db::open_in_memory().unwrap();
    sample(&conn);
    assert_eq!(names(&conn, &text("娜")), ["李娜"], "the last character");
    assert_eq!(
        names(&conn, &text("ZH")),
        ["Zhang Wei"],
        "two letters, any case"
    );
    assert_eq!(
        names(&conn, &text("敏")),
        ["杭州明远仓储有限公司"],
        "one character of the contact person"
    );
    assert_eq!(names(&conn, &text("38")), ["李娜"], "two digits of a phone");
    assert!(names(&conn, &text("%")).is_empty(), "a wildcard is literal");
    let (client_id, _) = finished_record(&conn, "王芳", "13700000000");
    assert_eq!(names(&conn, &text("芳")), ["王芳"]);
    client::save(
        &conn,
        "agent",
        Some(client_id),
        &person("王静", "13700000000"),
    )
    .unwrap();
    assert!(
        names(&conn, &text("芳")).is_empty(),
        "the old name's grams are gone"
    );
    assert_eq!(names(&conn, &text("王静")), ["王静"]);
}

#[test]
fn a_fragment_matching_most_clients_pages_the_same_newest_first() {
    let conn = db::open_in_memory().unwrap();
    // 1,200 clients, all 王 (a broad fragment), one consultation each, and one 李.
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..1_200 {
        let name = if i == 600 {
            "李娜".to_string()
        } else {
            format!("王{i}")
        };
        tx.execute(
            "INSERT INTO clients (kind, name, created_at, updated_at)
             VALUES ('person', ?1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
            [&name],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO consultations (status, mode, language, started_at, updated_at, client_id)
             VALUES ('draft', 'agent', 'zh-CN', ?1, ?1, ?2)",
            rusqlite::params![
                format!("2026-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
                id
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    let page = search(
        &conn,
        &RecordQuery {
            text: Some("王".into()),
            page_size: 3,
            ..Default::default()
        },
        "2030-01-01",
    )
    .unwrap();
    assert_eq!(page.total, 1_199);
    let newest: Vec<String> = page
        .rows
        .iter()
        .map(|r| r.client_name.clone().unwrap_or_default())
        .collect();
    assert_eq!(newest, ["王1199", "王1198", "王1197"], "newest first");
    assert_eq!(
        names(&conn, &text("李")),
        ["李娜"],
        "a rare fragment still finds its one"
    );
}
