//! Agents from the centre and revoked devices: an agent added at head office can log in on a
//! device after its next sync (choosing their own PIN first), a revoked licence is refused there
//! with head office's reason, and a revoked device is told so plainly and keeps its rows. A
//! device reads the roster only through `fleet.roster()`.

mod support;

use presale_core::access::agent::{self, LoginRefused};
use presale_core::access::roster;
use presale_fleet::{admin, sync, FleetError};

#[test]
fn an_agent_added_at_head_office_logs_in_after_a_sync_and_a_revoked_one_is_refused() {
    let Some(server) = support::server("roster") else {
        return;
    };
    server.init();
    let device = server.enrol("roster");
    let dir = tempfile::tempdir().unwrap();
    let d = support::device_db(dir.path());
    let mut owner = server.owner_client();
    let hash = roster::initial_pin_hash("135790").unwrap();
    admin::add_agent(&mut owner, "陈静", "0301-2025-07", false, &hash).unwrap();
    let err = admin::add_agent(&mut owner, "陈静", "0301-2025-07", false, &hash).unwrap_err();
    assert!(err.to_string().contains("already"), "{err}");
    assert!(
        admin::add_agent(&mut owner, "x", "bad licence!", false, &hash).is_err(),
        "a bad licence number is refused"
    );

    let mut pg = server.device_client(&device);
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    let id = agent::list(&d.conn, 0)
        .unwrap()
        .into_iter()
        .find(|a| a.licence_number == "0301-2025-07")
        .expect("the agent from head office has a profile")
        .id;
    assert_eq!(
        agent::login(&d.conn, id, "135790", 0, None).unwrap(),
        Err(LoginRefused::MustChangePin)
    );
    agent::replace_initial(&d.conn, id, "135790", "864209", 0, None)
        .unwrap()
        .unwrap();

    // Revoked at head office; the device still lets them in until it syncs.
    assert!(admin::revoke_agent(&mut owner, "0301-2025-07", "licence suspended").unwrap());
    assert!(!admin::revoke_agent(&mut owner, "0301-2025-07", "again").unwrap());
    let err = admin::revoke_agent(&mut owner, "0301-2025-07", " ").unwrap_err();
    assert!(err.to_string().contains("--reason"), "{err}");
    assert!(agent::login(&d.conn, id, "864209", 0, None)
        .unwrap()
        .is_ok());
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    match agent::login(&d.conn, id, "864209", 0, None).unwrap() {
        Err(LoginRefused::Revoked { because, .. }) => assert_eq!(because, "licence suspended"),
        other => panic!("a revoked agent logged in: {other:?}"),
    }
    // The device's own first agent, whose licence head office revokes without ever adding it.
    let first = d.actor.agent_id().unwrap();
    admin::revoke_agent(&mut owner, "0201-2024-88", "left the company").unwrap();
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    assert!(matches!(
        agent::login(&d.conn, first, "246810", 0, None).unwrap(),
        Err(LoginRefused::Revoked { .. })
    ));
}

#[test]
fn a_revoked_device_is_told_plainly_and_keeps_its_rows() {
    let Some(server) = support::server("revoked_device") else {
        return;
    };
    server.init();
    let device = server.enrol("revoked");
    let dir = server.device_dir(&device, &device.password);
    let d = support::device_db(dir.path());
    d.finish("张伟");
    let config = support::sync_config(dir.path());
    sync::sync_now(&d.conn, &config).unwrap();
    d.finish("李娜");
    let waiting = d.waiting();
    assert!(waiting > 0);

    let mut owner = server.owner_client();
    assert!(admin::revoke_device(&mut owner, &device.name, "laptop reported stolen").unwrap());
    assert!(!admin::revoke_device(&mut owner, &device.name, "again").unwrap());
    let err = admin::revoke_device(&mut owner, "no-such-device", "x").unwrap_err();
    assert!(err.to_string().contains("no device named"), "{err}");

    let err = sync::sync_now(&d.conn, &config).unwrap_err();
    assert!(matches!(err, FleetError::Revoked(_)), "{err:?}");
    assert!(err.to_string().contains("revoked this device"), "{err}");
    assert_eq!(d.waiting(), waiting, "the rows stay on the device");
    let status = presale_core::fleet::outbox::status(&d.conn).unwrap();
    assert!(
        status
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("revoked this device")),
        "{status:?}"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.clients WHERE name = '张伟'"),
        1,
        "what it sent stays at head office"
    );
    let list = admin::devices(&mut owner).unwrap();
    let row = list.iter().find(|x| x.name == device.name).unwrap();
    assert!(row.revoked_at.is_some());
}

#[test]
fn head_office_sees_each_devices_last_contact_and_backlog() {
    let Some(server) = support::server("fleet_status") else {
        return;
    };
    server.init();
    let device = server.enrol("status");
    let idle = server.enrol("idle");
    let dir = tempfile::tempdir().unwrap();
    let d = support::device_db(dir.path());
    d.finish("张伟");
    let mut pg = server.device_client(&device);
    // Reported, then only part sent: one row of the outbox.
    pg.execute(
        "SELECT fleet.report_newest($1)",
        &[&presale_core::fleet::outbox::newest(&d.conn).unwrap()],
    )
    .unwrap();
    let rows = presale_core::fleet::outbox::pending(&d.conn, 1).unwrap();
    sync::send(&mut pg, &rows, &mut |_| {}).unwrap();
    let mut owner = server.owner_client();
    let list = admin::devices(&mut owner).unwrap();
    let row = list.iter().find(|x| x.name == device.name).unwrap();
    let newest = presale_core::fleet::outbox::newest(&d.conn).unwrap();
    assert_eq!(row.reported_through, newest);
    assert_eq!(row.received_through, rows[0].seq);
    assert_eq!(row.backlog(), newest - rows[0].seq);
    assert!(row.backlog() > 0);
    assert!(row.last_contact_at.is_some());
    sync::drain(&d.conn, &mut pg, &mut |_| {}).unwrap();
    let list = admin::devices(&mut owner).unwrap();
    assert_eq!(
        list.iter()
            .find(|x| x.name == device.name)
            .unwrap()
            .backlog(),
        0
    );
    let never = list.iter().find(|x| x.name == idle.name).unwrap();
    assert_eq!(
        (never.last_contact_at.as_deref(), never.backlog()),
        (None, 0)
    );
}
