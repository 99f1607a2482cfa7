//! A device's finished consultations reach the server once: through a resend of the same batch,
//! a crash between the server's acknowledgement and the local delete, a later edit, and a
//! refused login (rows kept, the reason in words).

mod support;

use presale_core::fleet::outbox;
use presale_core::records::record::RecordEdit;
use presale_core::service::consulting;
use presale_fleet::sync::{self, Report};
use presale_fleet::{connect, FleetError};

#[test]
fn finished_consultations_reach_the_server_once_and_leave_the_outbox() {
    let Some(server) = support::server("reach_the_server") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("reach");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    let ids: Vec<i64> = ["张伟", "李娜", "王强"]
        .iter()
        .map(|n| device.finish(n))
        .collect();
    // A draft is not sent.
    consulting::current(&device.conn, device.actor).unwrap();
    assert_eq!(device.records_waiting(), 3);
    let n = device.waiting() as usize;

    let report = sync::sync_now(&device.conn, &support::sync_config(dir.path())).unwrap();
    assert_eq!(
        report,
        Report {
            sent: n,
            applied: n,
            deleted: n
        }
    );
    assert_eq!(device.waiting(), 0);
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 3);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received WHERE kind = 'consultation'"),
        3
    );
    assert_eq!(server.count("SELECT count(*) FROM fleet.clients"), 3);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.consents WHERE purpose = 'save_consultation'"),
        3
    );
    let mut owner = server.owner_client();
    for id in ids {
        let row = owner
            .query_one(
                "SELECT c.status, c.agent_licence, cl.name FROM fleet.consultations c
                   JOIN fleet.clients cl USING (device_id) WHERE c.local_id = $1
                    AND cl.local_id = c.client_local_id",
                &[&id],
            )
            .unwrap();
        assert_eq!(row.get::<_, String>(0), "finished");
        assert_eq!(row.get::<_, String>(1), "0201-2024-88");
        assert!(!row.get::<_, String>(2).is_empty());
    }
    let status = outbox::status(&device.conn).unwrap();
    assert!(status.last_success_at.is_some() && status.last_error.is_none());

    // Nothing waiting: a sync sends nothing and changes nothing.
    let again = sync::sync_now(&device.conn, &support::sync_config(dir.path())).unwrap();
    assert_eq!(again, Report::default());
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received WHERE kind = 'consultation'"),
        3
    );
}

#[test]
fn the_same_batch_delivered_twice_is_applied_once() {
    let Some(server) = support::server("same_batch_twice") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("twice");
    let dir = tempfile::tempdir().unwrap();
    let device = support::device_db(dir.path());
    for n in ["甲", "乙", "丙", "丁"] {
        device.finish(n);
    }
    let rows = outbox::pending(&device.conn, 100).unwrap();
    let mut client = server.device_client(&enrolled);
    let first = sync::send(&mut client, &rows, &mut |_| {}).unwrap();
    let second = sync::send(&mut client, &rows, &mut |_| {}).unwrap();
    assert_eq!(first.applied, rows.len());
    assert_eq!(
        second.applied, 0,
        "the resend is recognised by (device, sequence)"
    );
    assert_eq!(first.through, second.through);
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 4);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received"),
        rows.len() as i64
    );
    assert_eq!(server.count("SELECT count(*) FROM fleet.clients"), 4);
}

#[test]
fn a_crash_between_the_servers_answer_and_the_local_delete_resends_and_applies_once() {
    let Some(server) = support::server("crash_before_delete") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("crash");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    for n in ["甲", "乙", "丙"] {
        device.finish(n);
    }
    // Sent and committed on the server, then the device dies before deleting its rows.
    {
        let rows = outbox::pending(&device.conn, 100).unwrap();
        let mut client = server.device_client(&enrolled);
        sync::send(&mut client, &rows, &mut |_| {}).unwrap();
    }
    let sent = device.waiting() as usize;
    assert_eq!(device.records_waiting(), 3, "the rows survive the crash");
    // Another change waits behind them.
    device.finish("丁");
    let total = device.waiting() as usize;
    let report = sync::sync_now(&device.conn, &support::sync_config(dir.path())).unwrap();
    assert_eq!(
        report,
        Report {
            sent: total,
            applied: total - sent,
            deleted: total
        }
    );
    assert_eq!(device.waiting(), 0);
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 4);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received WHERE kind = 'consultation'"),
        4
    );
}

#[test]
fn a_later_edit_replaces_the_central_copy_without_a_second_row() {
    let Some(server) = support::server("later_edit") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("edit");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    let id = device.finish("张伟");
    let config = support::sync_config(dir.path());
    sync::sync_now(&device.conn, &config).unwrap();
    let edit = RecordEdit {
        notes: Some("called back on Friday".into()),
        ..RecordEdit::default()
    };
    consulting::update(&device.conn, device.actor, &device.library, id, &edit).unwrap();
    assert_eq!(device.records_waiting(), 1);
    sync::sync_now(&device.conn, &config).unwrap();
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 1);
    let notes: String = server
        .owner_client()
        .query_one(
            "SELECT record -> 'consultation' ->> 'notes' FROM fleet.consultations",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(notes, "called back on Friday");
}

#[test]
fn a_wrong_password_is_said_plainly_and_the_rows_are_kept() {
    let Some(server) = support::server("wrong_password") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("wrongpw");
    let dir = server.device_dir(&enrolled, "not-the-password");
    let device = support::device_db(dir.path());
    device.finish("张伟");
    let waiting = device.waiting();
    let err = sync::sync_now(&device.conn, &support::sync_config(dir.path())).unwrap_err();
    assert!(matches!(err, FleetError::Refused(_)), "{err:?}");
    assert!(err.to_string().contains("password"), "{err}");
    assert_eq!(device.waiting(), waiting);
    let status = outbox::status(&device.conn).unwrap();
    assert_eq!(status.last_error.as_deref(), Some(err.to_string().as_str()));
    assert!(status.last_success_at.is_none());
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 0);
}

#[test]
fn a_password_file_others_can_read_is_refused_before_connecting() {
    let Some(server) = support::server("password_file_mode") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("mode");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let pw = dir.path().join("fleet-password");
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).unwrap();
        let device = support::device_db(dir.path());
        device.finish("张伟");
        let err = sync::sync_now(&device.conn, &support::sync_config(dir.path())).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        assert_eq!(device.records_waiting(), 1);
    }
}

#[test]
fn the_settings_add_device_prints_connect_the_device() {
    let Some(server) = support::server("printed_settings") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("printed");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let config = support::sync_config(dir.path());
    assert_eq!(config.server.get_user(), Some(enrolled.role.as_str()));
    let password = config.password().unwrap();
    let mut client = connect::connect(&config.server, Some(&password), None).unwrap();
    assert_eq!(sync::cursor(&mut client).unwrap(), 0);
}
