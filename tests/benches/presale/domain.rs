//! The measures that need no window: content loading and search, advice, records.

use crate::gen;
use crate::report::{ms, pct, sample, Report, Target};
use presale_core::advice::{self, Profile};
use presale_core::content::{search, Library};
use presale_core::db::{self, rusqlite::Connection};
use presale_core::records::{self, record::RecordEdit, search::RecordQuery};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Clauses in the synthetic library: 100 products of 100.
pub const PRODUCTS: usize = 100;
pub const PER_PRODUCT: usize = 100;
/// Consultations (and clients) in the synthetic records database.
pub const CONSULTATIONS: usize = 100_000;
pub const CLIENTS: usize = 50_000;

/// Content: load and index from scratch, start unchanged, then search.
pub fn content(report: &mut Report, repo: &Path, work: &Path) {
    println!("content: generating {} clauses ...", PRODUCTS * PER_PRODUCT);
    let dir = work.join("content");
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    gen::content(&repo.join("content"), &dir, PRODUCTS, PER_PRODUCT);
    println!("  generated in {:.1} s", started.elapsed().as_secs_f64());

    let db_dir = work.join("content-db");
    let fresh: Vec<f64> = (0..3)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&db_dir);
            std::fs::create_dir_all(&db_dir).expect("create the index folder");
            let conn = db::open(&db_dir.join(db::FILE_NAME)).expect("open the index database");
            let start = Instant::now();
            let (library, problems) = Library::load(&dir);
            let rebuilt = search::sync_index(&conn, &library).expect("index the library");
            let took = ms(start.elapsed());
            assert!(rebuilt, "a fresh database builds the index");
            assert!(
                problems
                    .iter()
                    .all(|p| p.severity != presale_core::problem::Severity::Error),
                "the generated library is valid: {:?}",
                problems.first()
            );
            assert!(library.all_clauses().count() >= PRODUCTS * PER_PRODUCT);
            took
        })
        .collect();
    let conn = db::open(&db_dir.join(db::FILE_NAME)).expect("reopen the index database");
    let mut unchanged = sample(3, |_| {
        let (library, _) = Library::load(&dir);
        assert!(!search::sync_index(&conn, &library).expect("check the index"));
    });
    unchanged.sort_by(f64::total_cmp);
    let mut fresh = fresh;
    fresh.sort_by(f64::total_cmp);
    report.info(
        "content",
        "load + index 10,000 clauses from scratch (median of 3)",
        pct(&fresh, 50.0),
        "ms",
    );
    report.info(
        "content",
        "load 10,000 clauses, index unchanged (median of 3)",
        pct(&unchanged, 50.0),
        "ms",
    );

    let kinds: [(&str, &[&str]); 4] = [
        (
            "English words",
            &[
                "hospital",
                "deductible",
                "waiting period",
                "cash value",
                "claim",
                "premium renewal",
                "surgery",
                "beneficiary",
                "limit",
                "nursing allowance",
            ],
        ),
        (
            "Chinese, 3 characters",
            &[
                "保险金",
                "等待期",
                "免赔额",
                "投保人",
                "受益人",
                "犹豫期",
                "宽限期",
                "续保费",
                "被保险",
                "医疗费",
            ],
        ),
        (
            "Chinese, 2 characters",
            &[
                "住院", "门诊", "手术", "理赔", "给付", "合同", "条款", "比例", "护理", "津贴",
            ],
        ),
        (
            "Chinese, 1 character",
            &["赔", "险", "病", "院", "费", "期", "额", "人", "药", "年"],
        ),
    ];
    for (kind, queries) in kinds {
        // Warm the page cache and statement paths once, as a running app would be.
        for q in queries {
            search::search(&conn, q, None, 30).expect("search");
        }
        let times = sample(1000, |i| {
            let hits = search::search(&conn, queries[i % queries.len()], None, 30).expect("search");
            std::hint::black_box(hits);
        });
        for (p, label) in [(50.0, "p50"), (95.0, "p95"), (99.0, "p99")] {
            let target = if p == 99.0 {
                Target::AtMost(5.0)
            } else {
                Target::None
            };
            report.push(
                "search",
                format!("{kind} {label} (10,000 clauses)"),
                pct(&times, p),
                "ms",
                None,
                target,
            );
        }
    }
}

/// Advice: the family and enterprise analyses, per call.
pub fn advice(report: &mut Report, repo: &Path) {
    let (library, _) = Library::load(&repo.join("content"));
    let products = library.products();
    for kind in ["family", "enterprise"] {
        let path = repo.join(format!("tests/fixtures/advise/{kind}.json"));
        let text = std::fs::read_to_string(&path).expect("read the advice fixture");
        let profile = Profile::from_json_text(&text).expect("a valid profile");
        for _ in 0..100 {
            std::hint::black_box(
                advice::analyse(&profile, products, library.rates()).expect("advice"),
            );
        }
        let times = sample(10_000, |_| {
            std::hint::black_box(
                advice::analyse(&profile, products, library.rates()).expect("advice"),
            );
        });
        report.info(
            "advice",
            format!("{kind} analysis p50"),
            pct(&times, 50.0),
            "ms",
        );
        report.push(
            "advice",
            format!("{kind} analysis p99"),
            pct(&times, 99.0),
            "ms",
            None,
            Target::AtMost(1.0),
        );
    }
}

/// One fsync of a small file in `dir`: write 512 bytes, then `sync_all`. Sorted, in ms.
fn fsync_times(dir: &Path, n: usize) -> Vec<f64> {
    let path = dir.join("fsync-probe");
    let mut file = std::fs::File::create(&path).expect("create the fsync probe");
    let times = sample(n, |i| {
        file.write_all(&[i as u8; 512]).expect("write the probe");
        file.sync_all().expect("fsync the probe");
    });
    let _ = std::fs::remove_file(&path);
    times
}

/// Records at 100,000 consultations: durable save beside one fsync, list, search, export.
pub fn records(report: &mut Report, work: &Path) {
    let dir = work.join("records");
    println!("records: generating {CONSULTATIONS} consultations of {CLIENTS} clients ...");
    let started = Instant::now();
    let bytes = gen::records(&dir, CLIENTS, CONSULTATIONS);
    println!(
        "  generated in {:.1} s ({:.0} MiB)",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1048576.0
    );
    report.info(
        "records",
        "database size at 100,000 consultations",
        bytes as f64 / 1048576.0,
        "MiB",
    );

    // What start-up does with this database (see src-tauri/src/state.rs).
    let open = sample(5, |_| {
        let s = records::startup::open_checked(&dir);
        assert!(s.problem.is_none(), "the bench database opens cleanly");
    });
    report.info(
        "records",
        "open with integrity check at 100,000 (median of 5)",
        pct(&open, 50.0),
        "ms",
    );
    let conn = db::open(&dir.join(db::FILE_NAME)).expect("open the records database");
    let backup_dir = work.join("backup-probe");
    let _ = std::fs::remove_dir_all(&backup_dir);
    let start = Instant::now();
    records::backup::backup_now(&conn, &backup_dir, records::backup::DEFAULT_KEEP)
        .expect("a backup");
    report.info(
        "records",
        "daily backup at 100,000 (off the start-up path)",
        ms(start.elapsed()),
        "ms",
    );
    let _ = std::fs::remove_dir_all(&backup_dir);

    let saves = 200;
    let drafts = make_drafts(&conn, saves);
    let edit = full_edit();
    // Measure the fsync and the saves interleaved in blocks, so a noisy neighbour hits both alike.
    let mut fsync = Vec::new();
    let mut save = Vec::new();
    for block in drafts.chunks(20) {
        fsync.extend(fsync_times(&dir, 20));
        save.extend(sample(block.len(), |i| {
            records::record::finish(&conn, "agent", block[i], &edit).expect("a durable save");
        }));
    }
    fsync.sort_by(f64::total_cmp);
    save.sort_by(f64::total_cmp);
    let one_fsync = pct(&fsync, 50.0);
    report.info(
        "records",
        "one fsync of a small file, p50 (same disk)",
        one_fsync,
        "ms",
    );
    report.info(
        "records",
        "one fsync of a small file, p99",
        pct(&fsync, 99.0),
        "ms",
    );
    report.push(
        "records",
        "durable save of a full consultation, p50",
        pct(&save, 50.0),
        "ms",
        Some(("fsync p50", one_fsync)),
        Target::Ratio(1.5),
    );
    report.push(
        "records",
        "durable save of a full consultation, p99",
        pct(&save, 99.0),
        "ms",
        Some(("fsync p99", pct(&fsync, 99.0))),
        Target::None,
    );

    // The same save without waiting for the disk: what the save costs besides its fsync.
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("synchronous off");
    let more = make_drafts(&conn, 100);
    let cpu = sample(more.len(), |i| {
        records::record::finish(&conn, "agent", more[i], &edit).expect("a save");
    });
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("synchronous back to FULL");
    report.info(
        "records",
        "the same save without its fsync (synchronous=OFF), p50",
        pct(&cpu, 50.0),
        "ms",
    );

    let today = "2026-06-01";
    let page = sample(200, |_| {
        std::hint::black_box(
            records::search::search(&conn, &RecordQuery::default(), today).expect("list"),
        );
    });
    report.push(
        "records",
        "list, first page of 50 at 100,000, p99",
        pct(&page, 99.0),
        "ms",
        None,
        Target::AtMost(5.0),
    );
    let queries: [(&str, &str); 4] = [
        ("name fragment, 3+ characters", "Zhang 4242"),
        ("phone fragment", "13812"),
        ("Chinese surname + given name (2 characters)", "王伟"),
        ("one Chinese character", "李"),
    ];
    for (what, text) in queries {
        let q = RecordQuery {
            text: Some(text.into()),
            ..Default::default()
        };
        let times = sample(100, |_| {
            std::hint::black_box(records::search::search(&conn, &q, today).expect("search"));
        });
        report.push(
            "records",
            format!("search at 100,000: {what}, p99"),
            pct(&times, 99.0),
            "ms",
            None,
            Target::AtMost(5.0),
        );
    }

    let out = work.join("export.csv");
    let start = Instant::now();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out).expect("create the export"));
    let n = records::export::export(&conn, records::export::Format::Csv, None, None, &mut file)
        .expect("export");
    drop(file);
    report.info(
        "records",
        format!("export {n} consultations to CSV"),
        ms(start.elapsed()),
        "ms",
    );
    let _ = std::fs::remove_file(out);
}

/// `n` draft consultations with a client, ready to be finished.
fn make_drafts(conn: &Connection, n: usize) -> Vec<i64> {
    let tx = conn.unchecked_transaction().expect("a transaction");
    let mut ids = Vec::new();
    for i in 0..n {
        tx.execute(
            "INSERT INTO consultations (status, mode, language, started_at, updated_at, client_id)
             VALUES ('draft', 'agent', 'zh-CN', '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z', ?1)",
            [(i % CLIENTS + 1) as i64],
        )
        .expect("insert a draft");
        ids.push(tx.last_insert_rowid());
    }
    tx.commit().expect("commit the drafts");
    ids
}

/// Every field a finished record can carry.
pub fn full_edit() -> RecordEdit {
    RecordEdit {
        client_id: None,
        agent_name: Some("李娜".into()),
        agent_licence: Some("202600000000012".into()),
        products: Some(vec!["critical-illness".into(), "term-life".into()]),
        decision: Some("thinking".into()),
        decision_against_warning: Some(false),
        notes: Some(
            "客户关心等待期和免赔额，已逐条说明责任免除。The client will discuss with the family."
                .into(),
        ),
        follow_up_on: Some("2026-07-01".into()),
        follow_up_status: Some(serde_json::from_str("\"pending\"").expect("a status")),
        outcome: Some(records::outcome::OutcomeEdit {
            status: Some("bought".into()),
            product_id: Some("critical-illness".into()),
            sum_insured: Some("500000".into()),
            premium: Some("6800".into()),
            policy_term: Some("longer".into()),
            contract_end: Some("2046-07-01".into()),
        }),
    }
}
