//! The app's background sync: started from the data directory's `presale.toml`, it drains the
//! outbox on its own thread while the caller carries on; without `[sync]` it does not start.

mod support;

use std::time::{Duration, Instant};

#[test]
fn the_worker_drains_the_outbox_in_the_background() {
    let Some(server) = support::server("worker_drains") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("worker");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    device.finish("张伟");
    device.finish("李娜");
    let started = Instant::now();
    let handle = presale_fleet::worker::spawn(dir.path().to_path_buf());
    assert!(handle.is_some(), "a [sync] section starts the worker");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "spawn returns at once"
    );
    while device.waiting() > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the outbox was not drained"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.count("SELECT count(*) FROM fleet.consultations"), 2);
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.received WHERE kind = 'consultation'"),
        2
    );
}

#[test]
fn without_a_sync_section_no_worker_starts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("presale.toml"), "kiosk = false\n").unwrap();
    assert!(presale_fleet::worker::spawn(dir.path().to_path_buf()).is_none());
}
