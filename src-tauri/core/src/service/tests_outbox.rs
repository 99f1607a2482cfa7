//! The outbox rows each change writes, in its own transaction: a client file, consents given and
//! withdrawn, leads, audit entries, and the tombstones of erasures and retention purges (which
//! name the device-local ids only), plus the roster's revocations and first PINs.

use super::tests::setup;
use crate::access::agent::{self, LoginRefused};
use crate::access::roster;
use crate::consultation::Mode;
use crate::content::Library;
use crate::db;
use crate::fleet::outbox::{self, Pending};
use crate::privacy::consent::Purpose;
use crate::privacy::{lead, retention};
use crate::records::client::ClientFields;
use crate::records::record::RecordEdit;
use crate::service::{consulting, Actor};
use crate::settings::Language;
use rusqlite::Connection;
use serde_json::json;

/// A finished consultation of a new client; returns (consultation, client).
fn finished(conn: &Connection, library: &Library, actor: Actor, name: &str) -> (i64, i64) {
    let id = consulting::current(conn, actor).unwrap().consultation.id;
    consulting::give_consents(
        conn,
        actor,
        "2026-11",
        &[Purpose::SaveConsultation, Purpose::Contact],
    )
    .unwrap();
    let person = ClientFields {
        name: Some(name.into()),
        phone: Some("13812345678".into()),
        ..ClientFields::default()
    };
    let client = consulting::create_client(conn, actor, Some(id), &person)
        .unwrap()
        .id;
    let edit = RecordEdit {
        outcome: Some(crate::records::outcome::OutcomeEdit {
            status: Some("deciding".into()),
            ..Default::default()
        }),
        ..RecordEdit::default()
    };
    consulting::finish(conn, actor, library, id, &edit).unwrap();
    (id, client)
}

fn all(conn: &Connection) -> Vec<Pending> {
    outbox::pending(conn, 10_000).unwrap()
}

fn of(conn: &Connection, kind: &str) -> Vec<Pending> {
    all(conn).into_iter().filter(|p| p.kind == kind).collect()
}

/// Sends everything (as an acknowledged sync would): the rows after this are the change's own.
fn sent(conn: &Connection) {
    let last = all(conn).last().map_or(0, |p| p.seq);
    outbox::acknowledge(conn, last).unwrap();
    assert!(all(conn).is_empty());
}

#[test]
fn a_client_file_changed_after_finishing_is_marked_and_read_when_sent() {
    let (conn, library, actor) = setup();
    let (_, client) = finished(&conn, &library, actor, "张伟");
    sent(&conn);
    let fields = ClientFields {
        name: Some("张伟".into()),
        phone: Some("13900001111".into()),
        ..ClientFields::default()
    };
    consulting::edit_client(&conn, actor, client, &fields).unwrap();
    let rows = of(&conn, outbox::CLIENT);
    assert_eq!(rows.len(), 1, "{:?}", all(&conn));
    assert_eq!(rows[0].entity_id, client);
    assert_eq!(rows[0].payload["phone"], "13900001111");
    // Edited again before a sync: still one row, with a higher number, read as it is now.
    let again = ClientFields {
        phone: Some("13900002222".into()),
        ..fields
    };
    consulting::edit_client(&conn, actor, client, &again).unwrap();
    let later = of(&conn, outbox::CLIENT);
    assert_eq!(later.len(), 1);
    assert!(later[0].seq > rows[0].seq);
    assert_eq!(later[0].payload["phone"], "13900002222");
    // Every change's audit entry waits too, ids and hash only.
    let audits = of(&conn, outbox::AUDIT);
    assert!(!audits.is_empty());
    assert!(audits[0].payload["hash"]
        .as_str()
        .is_some_and(|h| h.len() == 64));
    assert!(!audits[0].payload.to_string().contains("张伟"));
}

#[test]
fn a_draft_client_and_its_consents_stay_until_the_consultation_is_finished() {
    let (conn, _, actor) = setup();
    let id = consulting::current(&conn, actor).unwrap().consultation.id;
    consulting::give_consents(&conn, actor, "2026-11", &[Purpose::SaveConsultation]).unwrap();
    let person = ClientFields {
        name: Some("李娜".into()),
        ..ClientFields::default()
    };
    let c = consulting::create_client(&conn, actor, Some(id), &person).unwrap();
    consulting::edit_client(&conn, actor, c.id, &person).unwrap();
    assert!(of(&conn, outbox::CLIENT).is_empty());
    assert!(of(&conn, outbox::CONSENT).is_empty());
    assert!(of(&conn, outbox::CONSULTATION).is_empty());
    assert!(
        !of(&conn, outbox::AUDIT).is_empty(),
        "audit entries hold no personal data"
    );
}

#[test]
fn a_withdrawal_marks_the_consent_and_leaves_a_tombstone_of_the_record() {
    let (conn, library, actor) = setup();
    let (id, _) = finished(&conn, &library, actor, "张伟");
    sent(&conn);
    let save = consulting::consents(&conn, actor)
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.purpose == Purpose::SaveConsultation);
    let save = match save {
        Some(c) => c,
        None => crate::privacy::consent::of_consultation(&conn, id)
            .unwrap()
            .into_iter()
            .find(|c| c.purpose == Purpose::SaveConsultation)
            .unwrap(),
    };
    consulting::withdraw_consent(&conn, actor, save.id).unwrap();
    let consents = of(&conn, outbox::CONSENT);
    assert_eq!(consents.len(), 1, "{:?}", all(&conn));
    assert_eq!(consents[0].entity_id, save.id);
    assert!(consents[0].payload["withdrawn_at"].is_string());
    let tombs = of(&conn, outbox::ERASURE);
    assert_eq!(tombs.len(), 1, "{tombs:?}");
    assert_eq!(tombs[0].payload, json!({ "consultations": [id] }));
}

#[test]
fn erasing_a_client_leaves_tombstones_naming_only_ids() {
    let (conn, library, actor) = setup();
    let (a, client) = finished(&conn, &library, actor, "张伟");
    sent(&conn);
    consulting::erase_client(&conn, actor, client).unwrap();
    let tombs: Vec<_> = of(&conn, outbox::ERASURE)
        .into_iter()
        .map(|p| p.payload)
        .collect();
    assert!(tombs.contains(&json!({ "clients": [client] })), "{tombs:?}");
    assert!(
        tombs.contains(&json!({ "consultations": [a] })),
        "{tombs:?}"
    );
    // The client file goes again too, as it is now: emptied.
    let file = of(&conn, outbox::CLIENT);
    assert_eq!(file.len(), 1);
    assert!(file[0].payload["erased_at"].is_string());
    assert!(!all(&conn)
        .iter()
        .any(|p| p.payload.to_string().contains("张伟")));
    assert!(!all(&conn)
        .iter()
        .any(|p| p.payload.to_string().contains("13812345678")));
}

#[test]
fn a_retention_purge_leaves_a_tombstone_per_record_and_client() {
    let (conn, library, actor) = setup();
    let (a, client) = finished(&conn, &library, actor, "张伟");
    conn.execute(
        "UPDATE consultations SET retention_until = '2020-01-01' WHERE id = ?1",
        [a],
    )
    .unwrap();
    sent(&conn);
    let purge = retention::purge_expired(&conn, "cli", "2026-12-01", false).unwrap();
    assert_eq!(purge.consultations, [a]);
    let tombs: Vec<_> = of(&conn, outbox::ERASURE)
        .into_iter()
        .map(|p| p.payload)
        .collect();
    assert_eq!(
        tombs,
        [
            json!({ "consultations": [a] }),
            json!({ "clients": [client] })
        ]
    );
    // A dry run writes nothing.
    sent(&conn);
    retention::purge_expired(&conn, "cli", "2030-12-01", true).unwrap();
    assert!(all(&conn).is_empty());
}

#[test]
fn a_lead_is_marked_with_its_consent_and_its_erasure_leaves_a_tombstone() {
    let (conn, _, _) = setup();
    let l = lead::submit(
        &conn,
        Mode::Kiosk,
        Language::ZhCn,
        &lead::NewLead {
            name: "赵敏".into(),
            phone: "13700001234".into(),
            topic: "other".into(),
            preferred_time: "上午".into(),
            consent_to_contact: true,
            notice_version: "2026-11".into(),
        },
    )
    .unwrap();
    let leads = of(&conn, outbox::LEAD);
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].payload["name"], "赵敏");
    let consents = of(&conn, outbox::CONSENT);
    assert_eq!(consents.len(), 1, "the lead's own consent to be contacted");
    sent(&conn);
    let consent_id: i64 = conn
        .query_row("SELECT consent_id FROM leads WHERE id = ?1", [l.id], |r| {
            r.get(0)
        })
        .unwrap();
    crate::privacy::consent::withdraw(&conn, "agent:1", consent_id).unwrap();
    let leads = of(&conn, outbox::LEAD);
    assert_eq!(leads.len(), 1);
    assert!(leads[0].payload.is_null(), "an erased lead is read as gone");
    assert_eq!(
        of(&conn, outbox::ERASURE)
            .into_iter()
            .map(|p| p.payload)
            .collect::<Vec<_>>(),
        [json!({ "leads": [l.id] })]
    );
}

#[test]
fn a_tombstone_survives_renumbering_after_a_restored_backup() {
    let (conn, library, actor) = setup();
    let (_, client) = finished(&conn, &library, actor, "张伟");
    sent(&conn);
    consulting::erase_client(&conn, actor, client).unwrap();
    let before: Vec<_> = of(&conn, outbox::ERASURE)
        .into_iter()
        .map(|p| p.payload)
        .collect();
    outbox::continue_after(&conn, 5_000).unwrap();
    let after = of(&conn, outbox::ERASURE);
    assert!(after.iter().all(|p| p.seq > 5_000));
    assert_eq!(
        after.into_iter().map(|p| p.payload).collect::<Vec<_>>(),
        before
    );
}

fn entry(licence: &str, hash: Option<String>, revoked: Option<&str>) -> roster::Entry {
    roster::Entry {
        licence_number: licence.into(),
        name: "陈静".into(),
        supervisor: false,
        initial_pin_hash: hash,
        revoked_at: revoked.map(String::from),
        revoked_reason: revoked.map(|_| "licence suspended by the regulator".into()),
    }
}

#[test]
fn an_agent_from_the_roster_chooses_a_pin_first_and_a_revoked_one_is_refused_and_told_why() {
    let (conn, _, _) = setup();
    let hash = crate::access::pin::hash("135790").unwrap();
    let applied = roster::apply(&conn, &[entry("0301-2025-07", Some(hash.clone()), None)]).unwrap();
    assert_eq!(applied.added, 1);
    // Applying the same roster again changes nothing.
    assert_eq!(
        roster::apply(&conn, &[entry("0301-2025-07", Some(hash), None)]).unwrap(),
        roster::Applied::default()
    );
    let id = agent::list(&conn, 0)
        .unwrap()
        .into_iter()
        .find(|a| a.licence_number == "0301-2025-07")
        .unwrap()
        .id;
    assert_eq!(
        agent::login(&conn, id, "135790", 0, None).unwrap(),
        Err(LoginRefused::MustChangePin)
    );
    let err = agent::replace_initial(&conn, id, "135790", "135790", 0, None).unwrap_err();
    assert!(err.to_string().contains("different"), "{err}");
    let a = agent::replace_initial(&conn, id, "135790", "864209", 0, None)
        .unwrap()
        .unwrap();
    assert!(!a.pin_must_change);
    assert!(agent::login(&conn, id, "864209", 0, None).unwrap().is_ok());

    let revoked = roster::apply(
        &conn,
        &[entry("0301-2025-07", None, Some("2026-12-01T09:00:00Z"))],
    )
    .unwrap();
    assert_eq!(revoked.revoked, 1);
    assert_eq!(
        agent::login(&conn, id, "864209", 0, None).unwrap(),
        Err(LoginRefused::Revoked {
            revoked_at: "2026-12-01T09:00:00Z".into(),
            because: "licence suspended by the regulator".into()
        })
    );
    // A licence revoked before the agent ever reached this device adds no profile.
    roster::apply(
        &conn,
        &[entry("0301-2025-99", None, Some("2026-12-01T09:00:00Z"))],
    )
    .unwrap();
    assert!(!agent::list(&conn, 0)
        .unwrap()
        .iter()
        .any(|a| a.licence_number == "0301-2025-99"));
    // Reinstated at head office: the agent may log in again.
    assert_eq!(
        roster::apply(&conn, &[entry("0301-2025-07", None, None)])
            .unwrap()
            .reinstated,
        1
    );
    assert!(agent::login(&conn, id, "864209", 0, None).unwrap().is_ok());
}

#[test]
fn migration_16_keeps_the_waiting_rows_and_never_hands_out_a_number_twice() {
    // A device at migration 15 with one row waiting and higher numbers already sent.
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for m in db::MIGRATIONS.iter().filter(|m| m.version <= 15) {
        conn.execute_batch(m.sql).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", m.version))
            .unwrap();
    }
    for id in 1..=3 {
        conn.execute(
            "INSERT INTO fleet_outbox (kind, entity_id, created_at)
             VALUES ('consultation', ?1, '2026-11-30T08:00:00Z')",
            [id],
        )
        .unwrap();
    }
    conn.execute("DELETE FROM fleet_outbox WHERE seq > 1", [])
        .unwrap();
    db::migrate(&conn).unwrap();
    let waiting = all(&conn);
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].seq, waiting[0].entity_id), (1, 1));
    assert_eq!(outbox::newest(&conn).unwrap(), 3, "the counter came across");
    conn.execute(
        "INSERT INTO fleet_outbox (kind, entity_id, created_at)
         VALUES ('consultation', 9, '2026-12-01T08:00:00Z')",
        [],
    )
    .unwrap();
    assert_eq!(outbox::newest(&conn).unwrap(), 4);
    // A kind the outbox does not know, or a tombstone without ids, is refused by the schema.
    for bad in [
        "INSERT INTO fleet_outbox (kind, entity_id, created_at) VALUES ('photo', 1, 'x')",
        "INSERT INTO fleet_outbox (kind, entity_id, created_at) VALUES ('erasure', 1, 'x')",
        "INSERT INTO fleet_outbox (kind, entity_id, ids, created_at) VALUES ('audit', 1, '{}', 'x')",
    ] {
        assert!(conn.execute(bad, []).is_err(), "{bad}");
    }
}

#[test]
fn marking_an_entity_finds_its_waiting_row_by_index_not_by_scanning_the_outbox() {
    // Each mark deletes the entity's waiting row first; a scan would make every save cost more
    // the longer a device stays offline.
    let conn = db::open_in_memory().unwrap();
    for delete in [
        "DELETE FROM fleet_outbox WHERE kind = ?1 AND entity_id = ?2",
        "DELETE FROM fleet_outbox WHERE kind = 'client' AND entity_id = ?1",
        "DELETE FROM fleet_outbox WHERE kind = 'audit' AND entity_id = ?1",
    ] {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {delete}"))
            .unwrap();
        let n = stmt.parameter_count();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter((0..n).map(|_| "1")), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("USING INDEX"))
                && !plan.iter().any(|p| p.starts_with("SCAN")),
            "{delete}: {plan:?}"
        );
    }
}
