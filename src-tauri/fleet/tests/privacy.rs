//! Privacy follows the data to the centre: a withdrawn consent, an erased client and a retention
//! purge on a device erase the central copy, once, even when a batch is delivered twice; head
//! office's own retention purge erases by the central retention dates and says how much.

mod support;

use presale_core::fleet::outbox;
use presale_core::privacy::consent::{self, Purpose};
use presale_core::privacy::retention;
use presale_core::service::consulting;
use presale_fleet::{admin, sync};

/// Whether any central table still holds `text` anywhere (records, files, leads, audit).
fn anywhere(server: &support::Server, text: &str) -> i64 {
    server.count(&format!(
        "SELECT (SELECT count(*) FROM fleet.consultations WHERE record::text LIKE '%{text}%') \
              + (SELECT count(*) FROM fleet.clients WHERE data::text LIKE '%{text}%' \
                                                       OR name LIKE '%{text}%') \
              + (SELECT count(*) FROM fleet.leads WHERE data::text LIKE '%{text}%') \
              + (SELECT count(*) FROM fleet.audit_entries WHERE detail::text LIKE '%{text}%')"
    ))
}

#[test]
fn withdrawal_erasure_and_purge_reach_the_centre_once_even_when_delivered_twice() {
    let Some(server) = support::server("privacy_follows") else {
        return;
    };
    server.init();
    let device = server.enrol("privacy");
    let dir = tempfile::tempdir().unwrap();
    let d = support::device_db(dir.path());
    let a = d.finish("张伟");
    let b = d.finish("李娜");
    let c = d.finish("王强");
    let mut pg = server.device_client(&device);
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    assert_eq!(anywhere(&server, "张伟"), 2, "record and client file of a");
    assert!(
        server.count("SELECT count(*) FROM fleet.audit_entries") > 0,
        "audit entries reach the centre"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.consents WHERE withdrawn_at IS NULL"),
        3
    );

    // a: the client withdraws the consent to saving; b: the client asks to be erased;
    // c: its retention ends and the device purges it.
    let save = consent::of_consultation(&d.conn, a)
        .unwrap()
        .into_iter()
        .find(|k| k.purpose == Purpose::SaveConsultation)
        .unwrap();
    consulting::withdraw_consent(&d.conn, d.actor, save.id).unwrap();
    let b_client = presale_core::records::record::get(&d.conn, b)
        .unwrap()
        .client_id
        .unwrap();
    consulting::erase_client(&d.conn, d.actor, b_client).unwrap();
    d.conn
        .execute(
            "UPDATE consultations SET retention_until = '2020-01-01' WHERE id = ?1",
            [c],
        )
        .unwrap();
    let purged = retention::purge_expired(&d.conn, "cli", "2026-12-01", false).unwrap();
    assert_eq!(purged.consultations, [c]);

    // The same batch twice (an answer lost after the commit): applied once.
    let rows = outbox::pending(&d.conn, sync::BATCH).unwrap();
    let tombstones = rows.iter().filter(|r| r.kind == outbox::ERASURE).count();
    assert!(
        tombstones >= 4,
        "a, b and its client, c and its client: {rows:?}"
    );
    let first = sync::send(&mut pg, &rows, &mut |_| {}).unwrap();
    assert_eq!(first.applied, rows.len());
    let again = sync::send(&mut pg, &rows, &mut |_| {}).unwrap();
    assert_eq!(again.applied, 0, "a resent batch changes nothing");
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.erasures WHERE reason = 'device'"),
        tombstones as i64,
        "one erasure applied per tombstone"
    );
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    assert_eq!(d.waiting(), 0);

    for name in ["李娜", "王强"] {
        assert_eq!(anywhere(&server, name), 0, "{name} is gone from the centre");
    }
    // a's client was not erased, only a's record (as on the device): the file alone stays.
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM fleet.consultations WHERE local_id = {a} AND record IS NULL"
        )),
        1
    );
    assert_eq!(anywhere(&server, "张伟"), 1, "the client file of a");
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.clients WHERE name = '张伟'"),
        1
    );
    assert_eq!(
        server.count(
            "SELECT count(*) FROM fleet.consultations WHERE record IS NULL AND erased_at IS NOT NULL"
        ),
        3,
        "the rows stay, emptied"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.consents WHERE withdrawn_at IS NOT NULL"),
        1,
        "the withdrawal itself reached the centre"
    );
}

#[test]
fn head_office_purges_by_the_central_retention_date_and_reports_counts() {
    let Some(server) = support::server("central_purge") else {
        return;
    };
    server.init();
    let device = server.enrol("purge");
    let dir = tempfile::tempdir().unwrap();
    let d = support::device_db(dir.path());
    let old = d.finish("赵敏");
    d.finish("孙丽");
    // The record's retention ended (as the device computed it when the outcome was written).
    d.conn
        .execute(
            "UPDATE consultations SET retention_until = '2021-06-30' WHERE id = ?1",
            [old],
        )
        .unwrap();
    let mut pg = server.device_client(&device);
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    // Edits after the finish are sent again as they are; mark the record to carry the new date.
    presale_core::fleet::outbox::consultation_changed(&d.conn, old).unwrap();
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();

    let mut owner = server.owner_client();
    let err = admin::purge_expired(&mut owner, "2026-13-01").unwrap_err();
    assert!(err.to_string().contains("--today"), "{err}");
    let purged = admin::purge_expired(&mut owner, "2026-12-01").unwrap();
    assert_eq!((purged.consultations, purged.clients), (1, 1));
    assert_eq!(anywhere(&server, "赵敏"), 0);
    assert_eq!(
        anywhere(&server, "孙丽"),
        2,
        "the retained record stays whole"
    );
    assert_eq!(
        admin::purge_expired(&mut owner, "2026-12-01").unwrap(),
        admin::Purged::default(),
        "a second run finds nothing"
    );
    // A late copy from the device (not purged there yet) does not bring it back.
    presale_core::fleet::outbox::consultation_changed(&d.conn, old).unwrap();
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    assert_eq!(
        anywhere(&server, "赵敏"),
        0,
        "the purged record stays erased"
    );
}

#[test]
fn the_household_travels_in_the_client_file_and_goes_with_its_erasure() {
    use presale_core::catalogue::Catalogue;
    use presale_core::questionnaire::rows::RowEdit;
    use presale_core::records::client::ClientFields;
    use presale_core::service::answering;
    use serde_json::json;
    let Some(server) = support::server("household_file") else {
        return;
    };
    server.init();
    let device = server.enrol("household");
    let dir = tempfile::tempdir().unwrap();
    let d = support::device_db(dir.path());
    let content =
        Catalogue::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"));
    let id = consulting::current(&d.conn, d.actor)
        .unwrap()
        .consultation
        .id;
    consulting::give_consents(&d.conn, d.actor, "2026-11", &[Purpose::SaveConsultation]).unwrap();
    let person = ClientFields {
        name: Some("周杰".into()),
        ..ClientFields::default()
    };
    let client = consulting::create_client(&d.conn, d.actor, Some(id), &person).unwrap();
    let edit =
        |e: &RowEdit| answering::edit_rows(&d.conn, d.actor, &content, "family", "members", e);
    let row = edit(&RowEdit::Add).unwrap().row.unwrap();
    for (question, value) in [("relation", json!("child")), ("name", json!("周小杰"))] {
        edit(&RowEdit::Answer {
            row: row.clone(),
            question: question.into(),
            value,
        })
        .unwrap();
    }
    let finish = presale_core::records::record::RecordEdit {
        outcome: Some(presale_core::records::outcome::OutcomeEdit {
            status: Some("deciding".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    consulting::finish(&d.conn, d.actor, &d.library, id, &finish).unwrap();
    let mut pg = server.device_client(&device);
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    // Head office stores the client file as JSON: the household is in it, and in the record's
    // copy of the file.
    assert_eq!(
        server.count(
            "SELECT count(*) FROM fleet.clients
              WHERE data -> 'household' -> 'members' -> 0 ->> 'name' = '周小杰'"
        ),
        1
    );
    assert_eq!(
        server.count(
            "SELECT count(*) FROM fleet.consultations
              WHERE record -> 'client' -> 'household' ->> 'as_of' IS NOT NULL"
        ),
        1
    );
    consulting::erase_client(&d.conn, d.actor, client.id).unwrap();
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    assert_eq!(anywhere(&server, "周小杰"), 0, "erased at the centre too");
}
