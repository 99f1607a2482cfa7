//! The server stops in the middle of a batch (its own binary: it stops the whole private cluster,
//! which the other tests must not see) and starts again: nothing of the batch was applied, the
//! rows stayed on the device, and the next sync applies each once.

mod support;

use presale_fleet::sync;

#[test]
fn the_server_stopped_mid_batch_and_started_again_loses_and_doubles_nothing() {
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
    assert!(err.to_string().contains("server"), "{err}");
    assert_eq!(
        device.waiting(),
        waiting,
        "no row is deleted without the server's answer"
    );

    server.resume();
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
