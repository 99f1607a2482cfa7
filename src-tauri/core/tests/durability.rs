//! Durability: a process saving consultations in a loop is killed with SIGKILL at random moments,
//! many times; afterwards the database passes its integrity check and every save that had
//! returned is there.
//!
//! The saving process is this test binary itself, re-run with `PRESALE_DURABILITY_DB` set and
//! only the ignored `saver_process` test selected.

use presale_core::consultation::{self, Mode};
use presale_core::db;
use presale_core::records::client::{self, ClientFields, ClientKind};
use presale_core::records::outcome::OutcomeEdit;
use presale_core::records::record::{self, RecordEdit};
use presale_core::settings::Language;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

const DB_ENV: &str = "PRESALE_DURABILITY_DB";
const ROUNDS: usize = 20;

/// The child: saves finished consultations until killed, printing each id once `finish` returned.
#[test]
#[ignore = "helper process for saves_survive_sigkill_at_random_moments"]
fn saver_process() {
    let Some(path) = std::env::var_os(DB_ENV) else {
        return;
    };
    let conn = db::open(std::path::Path::new(&path)).unwrap();
    let mut out = std::io::stdout().lock();
    loop {
        let fields = ClientFields {
            kind: ClientKind::Person,
            name: Some("耐久测试客户".into()),
            phone: Some("13800138000".into()),
            ..Default::default()
        };
        let c = client::save(&conn, "durability", None, &fields).unwrap();
        let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
        let edit = RecordEdit {
            client_id: Some(c.id),
            agent_name: Some("王芳".into()),
            agent_licence: Some("A123".into()),
            notes: Some(format!("备注 {id}")),
            outcome: Some(OutcomeEdit {
                status: Some("declined".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        record::finish(&conn, "durability", id, &edit).unwrap();
        writeln!(out, "saved {id}").unwrap();
        out.flush().unwrap();
    }
}

/// xorshift64: a seeded generator, so a failing run can be repeated.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn saves_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    drop(db::open(&path).unwrap());
    let seed = std::env::var("PRESALE_DURABILITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let mut rng = Rng(seed);
    let exe = std::env::current_exe().unwrap();
    let mut confirmed: Vec<i64> = Vec::new();
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "saver_process",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DB_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("saved ").and_then(|n| n.parse::<i64>().ok()))
                .collect::<Vec<i64>>()
        });
        std::thread::sleep(Duration::from_millis(40 + rng.below(200)));
        // Child::kill sends SIGKILL on Unix: no destructor, no flush, no checkpoint.
        child.kill().unwrap();
        child.wait().unwrap();
        let saved = reader.join().unwrap();
        confirmed.extend(&saved);

        let conn = db::open(&path).unwrap();
        assert_eq!(
            db::integrity_problem(&conn).unwrap(),
            None,
            "round {round} (seed {seed}): the database is sound after SIGKILL"
        );
        for &id in &confirmed {
            let c = record::get(&conn, id).unwrap_or_else(|e| {
                panic!("round {round} (seed {seed}): saved consultation {id} is missing: {e}")
            });
            assert_eq!(
                c.status, "finished",
                "consultation {id} was finished before the kill"
            );
            assert_eq!(
                c.notes,
                Some(format!("备注 {id}")),
                "consultation {id} is complete"
            );
        }
    }
    println!(
        "{} saves confirmed over {ROUNDS} kills (seed {seed})",
        confirmed.len()
    );
    assert!(
        confirmed.len() >= ROUNDS,
        "the child must have saved something in most rounds (saved {}), or the test proves nothing",
        confirmed.len()
    );
}
