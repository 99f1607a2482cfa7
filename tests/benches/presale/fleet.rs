//! The fleet at scale: 1,000 simulated devices with 100 finished consultations each drained into
//! one PostgreSQL (the private cluster `scripts/pg-test-cluster.sh` starts, its owner's URL in
//! `PRESALE_TEST_PG_URL`), and the cost the outbox adds to one durable save, side by side.
//!
//! Each simulated device is a real device database (a copy of one made by the generator, its
//! outbox filled by `outbox::consultation_changed` as a save fills it) with its own enrolled
//! login, drained by the app's own `sync::drain`; `CONCURRENT` devices sync at once. Every tenth
//! device first sends its first batch without deleting it (an acknowledgement lost on the way),
//! so the drain resends it: duplicates must stay 0 all the same.

use crate::domain::full_edit;
use crate::gen;
use crate::report::{ms, pct, Report, Target};
use postgres::{Config, NoTls};
use presale_core::db::{self, rusqlite::Connection};
use presale_core::fleet::outbox;
use presale_core::records;
use presale_fleet::{enrol, schema, sync};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub const DEVICES: usize = 1_000;
pub const PER_DEVICE: usize = 100;
/// Devices syncing at the same time (the cluster allows 100 connections).
pub const CONCURRENT: usize = 16;

pub fn run(report: &mut Report, work: &Path) {
    let Ok(url) = std::env::var("PRESALE_TEST_PG_URL") else {
        report.note(
            "fleet: skipped: PRESALE_TEST_PG_URL is not set (scripts/pg-test-cluster.sh start DIR \
             prints the URL of a private PostgreSQL)",
        );
        return;
    };
    let dir = work.join("fleet");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the fleet folder");
    outbox_cost(report, &dir);
    drain(report, &url, &dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same durable save (`record::finish` with every field, `synchronous=FULL`) without and
/// with the outbox, alternating, 300 of each: "with" is the database as it ships, where the
/// save's own mark (`consultation_changed`) and the triggers that mark its audit entry and client
/// file write their rows in its transaction; "without" is a copy with those triggers dropped and
/// no mark, so the difference is the whole outbox's cost.
fn outbox_cost(report: &mut Report, dir: &Path) {
    let clients = 1_000;
    let open = |name: &str| {
        let data = dir.join(name);
        gen::records(&data, clients, 5_000);
        db::open(&data.join(db::FILE_NAME)).expect("open the save database")
    };
    let (bare, full) = (open("save-bare"), open("save"));
    let triggers: Vec<String> = {
        let mut stmt = bare
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fleet_%'",
            )
            .expect("list the outbox triggers");
        let names = stmt
            .query_map([], |r| r.get(0))
            .expect("read the outbox triggers")
            .collect::<db::rusqlite::Result<Vec<String>>>()
            .expect("the outbox triggers");
        names
    };
    assert!(
        !triggers.is_empty(),
        "the schema marks the outbox by triggers"
    );
    for t in &triggers {
        bare.execute_batch(&format!("DROP TRIGGER \"{t}\""))
            .expect("drop an outbox trigger");
    }
    let n = 300;
    let (bare_drafts, full_drafts) = (drafts(&bare, n, clients), drafts(&full, n, clients));
    let before = outbox::status(&full).expect("outbox status").waiting;
    let edit = full_edit();
    let (mut plain, mut marked) = (Vec::new(), Vec::new());
    for (b, f) in bare_drafts.iter().zip(&full_drafts) {
        let start = Instant::now();
        records::record::finish(&bare, "agent", *b, &edit).expect("a durable save");
        plain.push(ms(start.elapsed()));
        let start = Instant::now();
        let tx = db::write(&full).expect("a write transaction");
        records::record::finish(&tx, "agent", *f, &edit).expect("a durable save");
        outbox::consultation_changed(&tx, *f).expect("marked in the outbox");
        tx.commit().expect("committed");
        marked.push(ms(start.elapsed()));
    }
    let rows = outbox::status(&full).expect("outbox status").waiting - before;
    assert!(rows >= n as i64, "each save left its outbox rows: {rows}");
    assert_eq!(
        outbox::status(&bare).expect("outbox status").waiting,
        0,
        "the copy without triggers marks nothing"
    );
    report.note(format!(
        "fleet: the outbox's cost: {:.1} outbox rows per save ({} triggers)",
        rows as f64 / n as f64,
        triggers.len()
    ));
    plain.sort_by(f64::total_cmp);
    marked.sort_by(f64::total_cmp);
    report.push(
        "fleet",
        "durable save with the outbox, p50",
        pct(&marked, 50.0),
        "ms",
        Some(("without", pct(&plain, 50.0))),
        Target::Ratio(1.10),
    );
    report.push(
        "fleet",
        "durable save with the outbox, p99",
        pct(&marked, 99.0),
        "ms",
        Some(("without", pct(&plain, 99.0))),
        Target::None,
    );
}

fn drafts(conn: &Connection, n: usize, clients: usize) -> Vec<i64> {
    let tx = conn.unchecked_transaction().expect("a transaction");
    let mut ids = Vec::new();
    for i in 0..n {
        tx.execute(
            "INSERT INTO consultations (status, mode, language, started_at, updated_at, client_id)
             VALUES ('draft', 'agent', 'zh-CN', '2026-06-01T09:00:00.000Z',
                     '2026-06-01T09:00:00.000Z', ?1)",
            [(i % clients + 1) as i64],
        )
        .expect("insert a draft");
        ids.push(tx.last_insert_rowid());
    }
    tx.commit().expect("commit the drafts");
    ids
}

/// One device's database of `PER_DEVICE` finished consultations, every one waiting in the outbox.
fn template(dir: &Path) -> PathBuf {
    let data = dir.join("template");
    gen::records(&data, PER_DEVICE, PER_DEVICE);
    let path = data.join(db::FILE_NAME);
    let conn = db::open(&path).expect("open the template");
    let tx = db::write(&conn).expect("a write transaction");
    for id in 1..=PER_DEVICE as i64 {
        outbox::consultation_changed(&tx, id).expect("marked in the outbox");
    }
    tx.commit().expect("committed");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    drop(conn);
    path
}

fn drain(report: &mut Report, url: &str, dir: &Path) {
    let admin: Config = url
        .parse()
        .expect("PRESALE_TEST_PG_URL is a PostgreSQL URL");
    let dbname = format!("presale_bench_{}", std::process::id());
    let mut c = admin.connect(NoTls).expect("the private cluster answers");
    c.batch_execute(&format!("CREATE DATABASE {dbname}"))
        .expect("create the bench database");
    let mut owner = admin.clone();
    owner.dbname(&dbname);
    let mut oc = owner.connect(NoTls).expect("the bench database answers");
    schema::init(&mut oc).expect("the fleet schema");

    println!("fleet: enrolling {DEVICES} devices, copying {DEVICES} device databases ...");
    let started = Instant::now();
    let template = template(dir);
    let tag = std::process::id();
    let devices: Vec<(PathBuf, Config)> = (0..DEVICES)
        .map(|i| {
            let enrolled =
                enrol::add_device(&mut oc, &format!("bench-{tag}-{i}")).expect("enrol a device");
            let path = dir.join(format!("device-{i}.sqlite3"));
            std::fs::copy(&template, &path).expect("copy the device database");
            let mut config = owner.clone();
            config.user(&enrolled.role);
            config.password(enrolled.password.as_bytes());
            (path, config)
        })
        .collect();
    println!("  ready in {:.1} s", started.elapsed().as_secs_f64());

    let next = AtomicUsize::new(0);
    let sent = AtomicUsize::new(0);
    let resent = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..CONCURRENT {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((path, config)) = devices.get(i) else {
                    return;
                };
                let conn = db::open(path).expect("open a device database");
                let mut client = config.connect(NoTls).expect("a device connects");
                if i % 10 == 0 {
                    let first = outbox::pending(&conn, sync::BATCH).expect("the first batch");
                    sync::send(&mut client, &first, &mut |_| {}).expect("sent, not deleted");
                    resent.fetch_add(first.len(), Ordering::Relaxed);
                }
                let r = sync::drain(&conn, &mut client, &mut |_| {}).expect("a device drains");
                assert_eq!(r.deleted, PER_DEVICE, "device {i} emptied its outbox");
                sent.fetch_add(r.sent, Ordering::Relaxed);
            });
        }
    });
    let took = started.elapsed();
    let expected = (DEVICES * PER_DEVICE) as i64;
    let mut one = |sql: &str| -> i64 { oc.query_one(sql, &[]).expect(sql).get(0) };
    let applied = one("SELECT count(*) FROM fleet.received");
    let duplicates =
        one("SELECT count(*) - count(DISTINCT (device_id, local_id)) FROM fleet.received")
            + one(
                "SELECT count(*) - count(DISTINCT (device_id, local_id)) FROM fleet.consultations",
            );
    let present = one(
        "SELECT count(DISTINCT (device_id, local_id)) FROM fleet.consultations
          WHERE record IS NOT NULL AND status = 'finished'",
    );
    let missing = expected - present;
    let per_device_ok = one(
        "SELECT count(*) FROM (SELECT device_id FROM fleet.consultations GROUP BY device_id
                                HAVING count(*) = 100) d",
    );
    let secs = took.as_secs_f64();
    report.note(format!(
        "fleet: {DEVICES} devices x {PER_DEVICE} consultations, {CONCURRENT} syncing at once, \
         {} rows resent by every tenth device; server applied {applied}, {per_device_ok} devices \
         complete",
        resent.load(Ordering::Relaxed)
    ));
    report.push(
        "fleet",
        format!("drain {expected} consultations from {DEVICES} devices"),
        secs * 1000.0,
        "ms",
        None,
        Target::None,
    );
    report.info(
        "fleet",
        "rows per second into one PostgreSQL",
        (sent.load(Ordering::Relaxed) as f64 / secs).round(),
        "rows/s",
    );
    report.push(
        "fleet",
        "duplicates",
        duplicates as f64,
        "rows",
        None,
        Target::AtMost(0.0),
    );
    report.push(
        "fleet",
        "missing",
        missing as f64,
        "rows",
        None,
        Target::AtMost(0.0),
    );

    // The cluster's roles outlive a database: drop both.
    drop(oc);
    let roles: Vec<String> = (0..DEVICES)
        .map(|i| enrol::role_for(&format!("bench-{tag}-{i}")))
        .collect();
    let _ = c.batch_execute(&format!("DROP DATABASE {dbname}"));
    for role in roles {
        let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
    }
}
