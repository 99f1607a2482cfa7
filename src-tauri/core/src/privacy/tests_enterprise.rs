//! Consents that fit an enterprise client: no health and no guardian questions for a company.

use super::consent::{self, Grant, Purpose};
use crate::consultation::{self, Mode};
use crate::db;
use crate::records::client::{self, ClientFields, ClientKind};
use crate::settings::Language;

fn consultation_of(kind: ClientKind) -> (rusqlite::Connection, i64) {
    let conn = db::open_in_memory().unwrap();
    let c = client::save(
        &conn,
        "agent:1",
        None,
        &ClientFields {
            kind,
            name: Some("宏达仓储有限公司".into()),
            ..ClientFields::default()
        },
    )
    .unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    conn.execute(
        "UPDATE consultations SET client_id = ?1 WHERE id = ?2",
        [c.id, id],
    )
    .unwrap();
    (conn, id)
}

fn grant(id: i64, purposes: Vec<Purpose>) -> Grant {
    Grant {
        consultation_id: Some(id),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes,
    }
}

#[test]
fn a_company_is_asked_only_to_save_and_to_be_contacted() {
    let applies: Vec<Purpose> = Purpose::ALL
        .into_iter()
        .filter(|p| p.applies_to("enterprise"))
        .collect();
    assert_eq!(applies, vec![Purpose::SaveConsultation, Purpose::Contact]);
    assert!(Purpose::ALL.iter().all(|p| p.applies_to("person")));

    let (conn, id) = consultation_of(ClientKind::Enterprise);
    let err = consent::record(&conn, "agent:1", &grant(id, vec![Purpose::HealthData]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`health_data` does not apply to an enterprise client"),
        "{err}"
    );
    assert!(consent::record(&conn, "agent:1", &grant(id, vec![Purpose::Guardian])).is_err());
    let given = consent::record(
        &conn,
        "agent:1",
        &grant(id, vec![Purpose::SaveConsultation, Purpose::Contact]),
    )
    .unwrap();
    assert_eq!(given.len(), 2);
}

#[test]
fn a_person_may_still_give_the_health_consent() {
    let (conn, id) = consultation_of(ClientKind::Person);
    let given = consent::record(&conn, "agent:1", &grant(id, vec![Purpose::HealthData])).unwrap();
    assert_eq!(given.len(), 1);
}

#[test]
fn the_purposes_offered_follow_the_client() {
    let (conn, id) = consultation_of(ClientKind::Enterprise);
    assert_eq!(
        consent::purposes_for(&conn, Some(id)).unwrap(),
        vec![Purpose::SaveConsultation, Purpose::Contact]
    );
    let (conn, id) = consultation_of(ClientKind::Person);
    assert_eq!(
        consent::purposes_for(&conn, Some(id)).unwrap(),
        Purpose::ALL
    );
    assert_eq!(
        consent::purposes_for(&conn, None).unwrap(),
        Purpose::ALL,
        "no client chosen yet: all of them"
    );
}
