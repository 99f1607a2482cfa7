//! The server stops in the middle of a batch (its own binary: it stops the whole private cluster,
//! which the other tests must not see) and starts again: nothing of the batch was applied, the
//! rows stayed on the device, and the next sync applies each once. With more rows than one
//! batch, the batches committed before the stop stay applied and are not sent again.

mod support;

use presale_fleet::sync;
use std::sync::Mutex;

/// The tests here stop the one cluster: one at a time.
static CLUSTER: Mutex<()> = Mutex::new(());

#[test]
fn the_server_stopped_mid_batch_and_started_again_loses_and_doubles_nothing() {
    let _one = CLUSTER.lock().unwrap_or_else(|e| e.into_inner());
    let Some(server) = support::server("server_stopped") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("stopped");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    for n in ["甲", "乙", "丙", "丁", "戊"] {
        device.finish(n);
    }
    // Five records, and the audit entries, consents and client files that came with them.
    let waiting = device.waiting();
    assert!(waiting >= 5);
    let config = support::sync_config(dir.path());
    let password = config.password().unwrap();
    let mut client =
        presale_fleet::connect::connect(&config.server, Some(&password), None).unwrap();
    let err = sync::drain(&device.conn, &mut client, &mut |i| {
        if i == 2 {
            server.halt();
        }
    })
    .unwrap_err();
    // Started again before any assertion, so a failure here never leaves the cluster down.
    server.resume();
    assert!(err.to_string().contains("server"), "{err}");
    assert_eq!(
        device.waiting(),
        waiting,
        "no row is deleted without the server's answer"
    );

    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received"),
        0,
        "the two rows sent before the stop were rolled back with their transaction"
    );
    let report = sync::sync_now(&device.conn, &config).unwrap();
    let waiting = waiting as usize;
    assert_eq!(
        (report.sent, report.applied, report.deleted),
        (waiting, waiting, waiting)
    );
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 5);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received"),
        waiting as i64
    );
    assert_eq!(device.waiting(), 0);
}

#[test]
fn the_server_stopped_in_a_later_batch_keeps_the_earlier_ones_and_resends_only_the_rest() {
    let _one = CLUSTER.lock().unwrap_or_else(|e| e.into_inner());
    let Some(server) = support::server("server_stopped_later_batch") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("stopped-later");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    let total = sync::BATCH + 50;
    // One transaction for the set-up, so the test does not wait for hundreds of disk flushes.
    device.conn.execute_batch("BEGIN").unwrap();
    for i in 0..total {
        device.finish(&format!("客户{i}"));
    }
    device.conn.execute_batch("COMMIT").unwrap();
    // The records and the client files, consents and audit entries that came with them.
    let rows = device.waiting();
    assert!(rows > total as i64 + 10, "{rows}");
    let config = support::sync_config(dir.path());
    let password = config.password().unwrap();
    let mut client =
        presale_fleet::connect::connect(&config.server, Some(&password), None).unwrap();
    let mut rows_sent = 0;
    let err = sync::drain(&device.conn, &mut client, &mut |_| {
        rows_sent += 1;
        if rows_sent == sync::BATCH + 10 {
            server.halt();
        }
    })
    .unwrap_err();
    server.resume();
    assert!(err.to_string().contains("server"), "{err}");
    let batch = sync::BATCH as i64;
    assert_eq!(
        device.waiting(),
        rows - batch,
        "the first batch was acknowledged and deleted, the rest kept"
    );

    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received"),
        sync::BATCH as i64,
        "the first batch stayed applied, the second was rolled back"
    );
    let report = sync::sync_now(&device.conn, &config).unwrap();
    let rest = (rows - batch) as usize;
    assert_eq!(
        (report.sent, report.applied, report.deleted),
        (rest, rest, rest)
    );
    assert_eq!(device.waiting(), 0);
    let total = total as i64;
    assert_eq!(server.count("SELECT count(*) FROM fleet.received"), rows);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.consultations"),
        total
    );
    assert_eq!(
        server.count("SELECT count(DISTINCT name) FROM fleet.clients"),
        total,
        "every client once"
    );
}
