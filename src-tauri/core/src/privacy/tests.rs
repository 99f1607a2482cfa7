//! Tests of privacy: consents per purpose, carried to a returning client and withdrawn, the
//! guardian's consent for a child, and clearing visitor drafts left by an earlier run.

use super::consent::{self, Grant, Purpose};
use super::reset;
use crate::consultation::{self, Mode};
use crate::db;
use crate::settings::Language;
use rusqlite::Connection;

pub(super) fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn only_granted_purposes_are_stored_with_the_notice_version() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let stored = consent::record(
        &conn,
        "agent:1",
        &Grant {
            consultation_id: Some(c),
            client_id: None,
            notice_version: "2026-11".into(),
            purposes: vec![Purpose::SaveConsultation],
        },
    )
    .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].notice_version, "2026-11");
    assert!(consent::has(&conn, c, Purpose::SaveConsultation).unwrap());
    assert!(
        !consent::has(&conn, c, Purpose::HealthData).unwrap(),
        "not granted, not stored"
    );
    let err = consent::record(
        &conn,
        "agent:1",
        &Grant {
            consultation_id: Some(c),
            client_id: None,
            notice_version: " ".into(),
            purposes: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("notice_version"));
}

#[test]
fn withdrawing_consent_to_save_deletes_the_draft_and_keeps_the_evidence() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let grant = Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes: vec![Purpose::SaveConsultation, Purpose::HealthData],
    };
    let ids: Vec<i64> = consent::record(&conn, "agent:1", &grant)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let out = consent::withdraw(&conn, "agent:1", ids[0]).unwrap();
    assert!(out.rows >= 1, "the draft was deleted");
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM consultations WHERE id = {c}")
        ),
        0
    );
    let kept = consent::get(&conn, ids[0]).unwrap();
    assert!(kept.withdrawn_at.is_some(), "the withdrawal itself is kept");
    assert!(
        consent::withdraw(&conn, "agent:1", ids[0]).is_err(),
        "twice is an error"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'consent.withdraw'"
        ),
        1
    );
}

#[test]
fn withdrawing_health_consent_deletes_only_sensitive_rows() {
    let conn = db::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE t_answers (id INTEGER PRIMARY KEY, consultation_id INTEGER, sensitive INTEGER);",
    )
    .unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    conn.execute(
        "INSERT INTO t_answers (consultation_id, sensitive) VALUES (?1, 1), (?1, 0)",
        [c],
    )
    .unwrap();
    let g = Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "v".into(),
        purposes: vec![Purpose::HealthData],
    };
    let id = consent::record(&conn, "agent:1", &g).unwrap()[0].id;
    assert_eq!(consent::withdraw(&conn, "agent:1", id).unwrap().rows, 1);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM t_answers"),
        1,
        "the non-health answer stays"
    );
}

#[test]
fn saving_a_consultation_requires_its_consent_in_force() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let err = consent::require(&conn, c, Purpose::SaveConsultation).unwrap_err();
    assert_eq!(
        err.to_public().field.as_deref(),
        Some("consent"),
        "no consent yet: refused, naming the consent"
    );
    let grant = Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes: vec![Purpose::HealthData],
    };
    consent::record(&conn, "agent:1", &grant).unwrap();
    assert!(
        consent::require(&conn, c, Purpose::SaveConsultation).is_err(),
        "a consent to another purpose does not count"
    );
    let grant = Grant {
        purposes: vec![Purpose::SaveConsultation],
        ..grant
    };
    consent::record(&conn, "agent:1", &grant).unwrap();
    consent::require(&conn, c, Purpose::SaveConsultation).unwrap();
}

/// A client whose first consultation (with `purposes` consented under `notice`) is finished.
fn returning_client(conn: &Connection, notice: &str, purposes: Vec<Purpose>) -> (i64, i64) {
    use crate::records::client::{self, ClientFields};
    use crate::records::record::{self, RecordEdit};
    let first = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    consent::record(
        conn,
        "agent:1",
        &Grant {
            consultation_id: Some(first),
            client_id: None,
            notice_version: notice.into(),
            purposes,
        },
    )
    .unwrap();
    let client = client::save(
        conn,
        "agent:1",
        None,
        &ClientFields {
            name: Some("李雷".into()),
            phone: Some("13812345678".into()),
            ..ClientFields::default()
        },
    )
    .unwrap()
    .id;
    let edit = RecordEdit {
        client_id: Some(client),
        agent_name: Some("王芳".into()),
        agent_licence: Some("0201-2024-88".into()),
        outcome: Some(crate::records::outcome::OutcomeEdit {
            status: Some("deciding".into()),
            ..Default::default()
        }),
        ..RecordEdit::default()
    };
    record::finish(conn, "agent:1", first, &edit).unwrap();
    (client, first)
}

/// A new draft for `client`, chosen as the flow's client step does.
fn draft_for(conn: &Connection, client: i64) -> i64 {
    use crate::records::record::{self, RecordEdit};
    let c = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    let edit = RecordEdit {
        client_id: Some(client),
        ..RecordEdit::default()
    };
    record::update(conn, "agent:1", c, &edit).unwrap();
    c
}

#[test]
fn consents_given_before_the_client_was_chosen_become_the_clients() {
    let conn = db::open_in_memory().unwrap();
    let (client, first) = returning_client(&conn, "2026-11", vec![Purpose::SaveConsultation]);
    let given = consent::of_consultation(&conn, first).unwrap();
    assert_eq!(given.len(), 1);
    assert_eq!(
        given[0].client_id,
        Some(client),
        "tied to the client on choosing"
    );
    assert_eq!(given[0].given_in, Some(first));
    assert_eq!(given[0].carried_from, None);
}

#[test]
fn a_returning_client_is_not_asked_again_under_the_same_notice() {
    let conn = db::open_in_memory().unwrap();
    let (client, first) = returning_client(
        &conn,
        "2026-11",
        vec![Purpose::SaveConsultation, Purpose::HealthData],
    );
    let second = draft_for(&conn, client);
    assert!(
        !consent::has(&conn, second, Purpose::SaveConsultation).unwrap(),
        "nothing carried before carry_over runs"
    );
    let carried = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    assert_eq!(carried.len(), 2, "{carried:?}");
    for c in &carried {
        assert!(c.carried_from.is_some());
        assert_eq!(c.given_in, Some(first), "names where the client gave it");
        assert_eq!(c.consultation_id, Some(second));
    }
    let original = consent::of_consultation(&conn, first).unwrap();
    assert_eq!(
        carried[0].granted_at, original[0].granted_at,
        "the time the client gave it"
    );
    consent::require(&conn, second, Purpose::SaveConsultation).unwrap();
    assert!(consent::has(&conn, second, Purpose::HealthData).unwrap());
    let again = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    assert_eq!(again.len(), 2, "running it again adds nothing");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'consent.carry'"
        ),
        1
    );
}

#[test]
fn consents_under_an_older_notice_or_withdrawn_ones_are_not_carried() {
    let conn = db::open_in_memory().unwrap();
    let (client, _) = returning_client(
        &conn,
        "2026-05",
        vec![Purpose::SaveConsultation, Purpose::Contact],
    );
    let second = draft_for(&conn, client);
    let carried = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    assert!(carried.is_empty(), "a new notice: ask again: {carried:?}");
    assert!(consent::require(&conn, second, Purpose::SaveConsultation).is_err());

    let conn = db::open_in_memory().unwrap();
    let (client, first_b) = returning_client(&conn, "2026-11", vec![Purpose::Contact]);
    let contact = consent::of_consultation(&conn, first_b).unwrap()[0].id;
    consent::withdraw(&conn, "agent:1", contact).unwrap();
    let second = draft_for(&conn, client);
    assert!(consent::carry_over(&conn, "agent:1", second, "2026-11")
        .unwrap()
        .is_empty());
}

#[test]
fn choosing_another_client_drops_what_was_carried_from_the_first() {
    let conn = db::open_in_memory().unwrap();
    let (client, _) = returning_client(&conn, "2026-11", vec![Purpose::SaveConsultation]);
    let second = draft_for(&conn, client);
    consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    let other = crate::records::client::save(
        &conn,
        "agent:1",
        None,
        &crate::records::client::ClientFields {
            name: Some("韩梅梅".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let edit = crate::records::record::RecordEdit {
        client_id: Some(other),
        ..Default::default()
    };
    crate::records::record::update(&conn, "agent:1", second, &edit).unwrap();
    assert!(
        consent::of_consultation(&conn, second).unwrap().is_empty(),
        "李雷's consent does not cover 韩梅梅"
    );
}

#[test]
fn withdrawing_a_carried_consent_withdraws_it_everywhere_it_applied() {
    let conn = db::open_in_memory().unwrap();
    let (client, first) = returning_client(&conn, "2026-11", vec![Purpose::SaveConsultation]);
    let second = draft_for(&conn, client);
    let carried = consent::carry_over(&conn, "agent:1", second, "2026-11").unwrap();
    let out = consent::withdraw(&conn, "agent:1", carried[0].id).unwrap();
    assert!(
        out.rows >= 2,
        "the draft deleted and the first record erased: {out:?}"
    );
    let original = consent::of_consultation(&conn, first).unwrap();
    assert!(
        original[0].withdrawn_at.is_some(),
        "the consent the client gave is withdrawn too"
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM consultations WHERE id = {second}")
        ),
        0,
        "the draft that relied on it is gone"
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM consultations WHERE id = {first} AND erased_at IS NOT NULL"
            )
        ),
        1,
        "the finished record is erased"
    );
    let third = draft_for(&conn, client);
    assert!(
        consent::carry_over(&conn, "agent:1", third, "2026-11")
            .unwrap()
            .is_empty(),
        "withdrawn: never carried again"
    );
}

#[test]
fn visitor_drafts_left_by_an_earlier_run_are_cleared_and_later_ones_kept() {
    let conn = db::open_in_memory().unwrap();
    let left = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    let agents = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    conn.execute(
        "UPDATE consultations SET started_at = '2026-01-01T08:00:00.000Z' WHERE id IN (?1, ?2)",
        [left, agents],
    )
    .unwrap();
    let current = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    let cleared = reset::clear_left_over(&conn, "2026-06-01T00:00:00.000Z").unwrap();
    assert_eq!(cleared.consultations, 1);
    let kept: Vec<i64> = conn
        .prepare("SELECT id FROM consultations ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        kept,
        [agents, current],
        "an agent's draft and the visitor who began after the start stay"
    );
}

#[test]
fn under_14_counts_whole_years_to_the_birthday() {
    assert!(
        consent::under_14(Some("2012-11-29"), "2026-11-28"),
        "13 until tomorrow"
    );
    assert!(
        !consent::under_14(Some("2012-11-28"), "2026-11-28"),
        "14 today"
    );
    assert!(!consent::under_14(Some("1980-01-01"), "2026-11-28"));
    assert!(
        consent::under_14(Some("2026-01-01"), "2026-11-28"),
        "a baby"
    );
    assert!(
        !consent::under_14(None, "2026-11-28"),
        "no date: not known to be"
    );
    assert!(!consent::under_14(Some("not a date"), "2026-11-28"));
    assert!(
        consent::under_14(Some("2015/3/1"), "2026-11-28"),
        "a child's birth date typed with slashes is still a child's"
    );
}

#[test]
fn a_child_clients_data_needs_a_guardians_consent() {
    let conn = db::open_in_memory().unwrap();
    let c = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let grant = |purposes| Grant {
        consultation_id: Some(c),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes,
    };
    consent::record(&conn, "agent:1", &grant(vec![Purpose::SaveConsultation])).unwrap();
    let err =
        consent::require_guardian_if_minor(&conn, c, Some("2016-05-01"), "2026-11-28").unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("guardian_consent"));
    consent::require_guardian_if_minor(&conn, c, Some("1990-05-01"), "2026-11-28").unwrap();
    consent::record(&conn, "agent:1", &grant(vec![Purpose::Guardian])).unwrap();
    consent::require_guardian_if_minor(&conn, c, Some("2016-05-01"), "2026-11-28").unwrap();
}
