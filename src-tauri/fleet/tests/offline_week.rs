//! A device offline for a week with thousands of finished consultations (its own binary: it
//! stops the whole private cluster, which the other tests must not see). The worker runs on a
//! simulated clock: it backs off while the server cannot be reached (doubling up to 15 minutes,
//! the rows kept and the failure said), the agent keeps working, and when the server is back
//! the next attempt catches up in batches of `sync::BATCH`, in sequence order, nothing lost and
//! nothing doubled.

mod support;

use presale_core::fleet::outbox;
use presale_fleet::{status, sync, worker};
use std::time::Duration;

const BEFORE: usize = 3_000;
const PER_DAY: usize = 20;
const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);

#[test]
fn a_week_offline_with_thousands_of_rows_catches_up_in_order_once() {
    let Some(server) = support::server("offline_week") else {
        return;
    };
    server.init();
    let enrolled = server.enrol("offline");
    let dir = server.device_dir(&enrolled, &enrolled.password);
    let device = support::device_db(dir.path());
    let config = support::sync_config(dir.path());

    let mut halted = server.halt_guarded();
    // The week's work, through the same use cases as the window (in a few transactions, so
    // the test does not wait for thousands of disk flushes).
    let mut finished = 0;
    let work = |n: usize, finished: &mut usize| {
        device.conn.execute_batch("BEGIN").unwrap();
        for _ in 0..n {
            device.finish(&format!("客户{}", *finished));
            *finished += 1;
        }
        device.conn.execute_batch("COMMIT").unwrap();
    };
    for _ in 0..BEFORE / 500 {
        work(500, &mut finished);
    }

    let mut clock = Duration::ZERO;
    let mut waits = Vec::new();
    let mut next_day = Duration::from_secs(24 * 3600);
    let mut back = false;
    let mut failing_seen = 0;
    // Every row waiting when the server came back: records, client files, consents, audits.
    let mut rows = 0;
    worker::run_with(&config, &device.path, &mut |wait| {
        if !back {
            let s = status::read(&device.conn, dir.path()).unwrap();
            assert_eq!(s.problem.as_deref(), Some("unreachable"), "{s:?}");
            assert_eq!(
                device.records_waiting(),
                finished as i64,
                "no record leaves while offline"
            );
            assert!(s.waiting >= finished as i64, "{s:?}");
            failing_seen += 1;
            waits.push(wait);
        }
        clock += wait;
        while clock >= next_day && !back {
            work(PER_DAY, &mut finished);
            next_day += Duration::from_secs(24 * 3600);
        }
        if back {
            // The attempt after the server came back: stop once the outbox is empty.
            return device.waiting() > 0;
        }
        if clock >= WEEK {
            rows = device.waiting();
            server.resume();
            halted.resumed = true;
            back = true;
        }
        true
    });

    // The backoff: doubling from the interval, then every 15 minutes, all week long.
    let interval = config.interval;
    assert_eq!(waits[0], worker::backoff(interval, interval));
    for pair in waits.windows(2) {
        assert_eq!(pair[1], worker::backoff(pair[0], interval));
    }
    assert_eq!(*waits.last().unwrap(), Duration::from_secs(15 * 60));
    assert!(
        clock >= WEEK && failing_seen > 600,
        "{failing_seen} attempts in {clock:?}"
    );

    let total = finished as i64;
    assert!(total > BEFORE as i64);
    assert_eq!(device.waiting(), 0);
    let s = status::read(&device.conn, dir.path()).unwrap();
    assert_eq!((s.state, s.problem), (status::State::Sent, None));
    assert!(rows >= total, "{rows} rows for {total} records");
    assert_eq!(server.count("SELECT count(*) FROM fleet.received"), rows);
    assert_eq!(
        server.count("SELECT count(DISTINCT local_id) FROM fleet.consultations"),
        total,
        "none lost"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.consultations"),
        total,
        "none doubled"
    );
    assert_eq!(server.count("SELECT count(*) FROM fleet.clients"), total);
    // In batches: one server transaction (one `now()`) per batch of at most BATCH rows ...
    let batches = server.count("SELECT count(DISTINCT received_at) FROM fleet.received");
    let batch = sync::BATCH as i64;
    assert_eq!(batches, (rows + batch - 1) / batch);
    assert_eq!(
        server.count(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM fleet.received GROUP BY received_at) b"
        ),
        sync::BATCH as i64
    );
    // ... and in order: the batches, in the order they committed, carry increasing numbers.
    assert_eq!(
        server.count(
            "SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY received_at, seq) AS prev
                                     FROM fleet.received) r WHERE seq <= prev"
        ),
        0
    );
    assert_eq!(
        server.count(
            "SELECT count(*) FROM (SELECT received_at, min(seq) AS lo, max(seq) AS hi
                                     FROM fleet.received GROUP BY received_at) a
               JOIN (SELECT received_at, min(seq) AS lo FROM fleet.received GROUP BY received_at) b
                 ON b.received_at > a.received_at AND b.lo < a.hi"
        ),
        0,
        "a later batch never holds an earlier row"
    );
    let through: i64 = server
        .owner_client()
        .query_one("SELECT applied_through FROM fleet.device_cursors", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        through,
        outbox::status(&device.conn).unwrap().acknowledged_through
    );
}
