//! A device's login may call the ingest functions and read its own cursor, nothing else: no table
//! can be read or written, and what it sends is filed under its own device whatever it claims.

mod support;

use postgres::types::Json;
use serde_json::json;

fn denied(result: Result<impl std::fmt::Debug, postgres::Error>, what: &str) {
    let err = result.expect_err(what);
    let code = err.code().cloned();
    assert_eq!(
        code,
        Some(postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "{what}: {err}"
    );
}

#[test]
fn a_device_cannot_read_or_write_any_table_nor_call_the_inner_functions() {
    let Some(server) = support::server("device_least_privilege") else {
        return;
    };
    server.init();
    let a = server.enrol("sec-a");
    let b = server.enrol("sec-b");
    // b has sent a record.
    let mut cb = server.device_client(&b);
    let record = json!({"consultation": {"status": "finished"}, "client": null, "consents": []});
    cb.query_one(
        "SELECT fleet.ingest(1, 'consultation', 7, $1)",
        &[&Json(&record)],
    )
    .unwrap();

    let mut ca = server.device_client(&a);
    for table in [
        "consultations",
        "clients",
        "consents",
        "devices",
        "device_cursors",
        "received",
        "agents",
        "audit_entries",
        "leads",
        "schema_migrations",
    ] {
        denied(
            ca.query(&format!("SELECT * FROM fleet.{table}"), &[]),
            table,
        );
    }
    denied(
        ca.execute(
            "INSERT INTO fleet.consultations (device_id, local_id, last_seq) VALUES (1, 1, 1)",
            &[],
        ),
        "insert",
    );
    denied(
        ca.query("SELECT fleet.apply_consultation(1, 1, 1, '{}'::jsonb)", &[]),
        "apply_consultation",
    );
    denied(
        ca.query("SELECT fleet.calling_device()", &[]),
        "calling_device",
    );
    for inner in [
        "SELECT fleet.apply_erasure(1, 1, '{}'::jsonb)",
        "SELECT fleet.erase_client(1, 1)",
        "SELECT fleet.apply_client(1, 1, NULL)",
        "SELECT * FROM fleet.purge_expired('2030-01-01')",
    ] {
        denied(ca.query(inner, &[]), inner);
    }
    denied(ca.query("SELECT * FROM fleet.erasures", &[]), "erasures");
    // The roster only through its function, which gives no more than the roster.
    let roster = ca.query("SELECT * FROM fleet.roster()", &[]).unwrap();
    assert!(roster.is_empty());
    denied(
        ca.batch_execute("CREATE TABLE fleet.mine (x int)"),
        "create in fleet",
    );
    // Nor can it become the other device.
    let err = ca
        .batch_execute(&format!("SET ROLE {}", b.role))
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "{err}"
    );
    let err = ca
        .batch_execute(&format!("SET SESSION AUTHORIZATION {}", b.role))
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "{err}"
    );
    // Its own cursor only: b's row does not move a's.
    let cursor: i64 = ca
        .query_one("SELECT fleet.my_cursor()", &[])
        .unwrap()
        .get(0);
    assert_eq!(cursor, 0);
    // A device's erasure names its own ids: b's record is untouched by a's tombstone.
    ca.query_one(
        "SELECT fleet.ingest(1, 'erasure', 7, $1)",
        &[&Json(&json!({"consultations": [7], "clients": [3]}))],
    )
    .unwrap();
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.consultations WHERE record IS NOT NULL"),
        1,
        "b's record 7 stays whole"
    );
}

#[test]
fn what_a_device_sends_is_filed_under_its_own_device_whatever_it_claims() {
    let Some(server) = support::server("device_identity") else {
        return;
    };
    server.init();
    let a = server.enrol("claim-a");
    let b = server.enrol("claim-b");
    let b_id: i64 = server
        .owner_client()
        .query_one(
            "SELECT id FROM fleet.devices WHERE role_name = $1",
            &[&b.role],
        )
        .unwrap()
        .get(0);
    let forged = json!({
        "device_id": b_id,
        "consultation": {"status": "finished", "device_id": b_id},
        "client": {"id": 3, "kind": "person", "name": "张伟", "device_id": b_id},
        "consents": []
    });
    let mut ca = server.device_client(&a);
    ca.query_one(
        "SELECT fleet.ingest(1, 'consultation', 5, $1)",
        &[&Json(&forged)],
    )
    .unwrap();
    let owner = |role: &str, table: &str| {
        server.count(&format!(
            "SELECT count(*) FROM fleet.{table} t JOIN fleet.devices d ON d.id = t.device_id \
             WHERE d.role_name = '{role}'"
        ))
    };
    assert_eq!(owner(&a.role, "consultations"), 1);
    assert_eq!(owner(&a.role, "clients"), 1);
    assert_eq!(owner(&b.role, "consultations"), 0, "nothing lands under b");
    assert_eq!(owner(&b.role, "clients"), 0);
}

#[test]
fn a_revoked_device_is_told_so_and_its_rows_are_not_taken() {
    let Some(server) = support::server("revoked_device") else {
        return;
    };
    server.init();
    let a = server.enrol("revoked");
    server
        .owner_client()
        .execute(
            "UPDATE fleet.devices SET revoked_at = now() WHERE role_name = $1",
            &[&a.role],
        )
        .unwrap();
    let mut ca = server.device_client(&a);
    let err = ca
        .query_one("SELECT fleet.ingest(1, 'consultation', 5, NULL)", &[])
        .unwrap_err();
    let err = presale_fleet::FleetError::from(err);
    assert!(err.to_string().contains("revoked"), "{err}");
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 0);
}
