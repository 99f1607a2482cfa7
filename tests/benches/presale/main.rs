//! Presale's benchmarks: start-up and memory beside a bare Tauri window, content search, advice
//! and records at scale beside the disk's own fsync. Run from the repository:
//!
//!     xvfb-run -a -s "-screen 0 1280x800x24" cargo bench -p presale-tests --bench presale
//!
//! Parts: `-- domain` (no window needed: `advice`, `content`, `records` alone), `-- fleet`
//! (1,000 devices drained into the PostgreSQL of `PRESALE_TEST_PG_URL`) or `-- gui`
//! (start-up and memory, needs a display); all by default. `PRESALE_BENCH_RUNS` sets the start-up runs per app (default 10).
//! Prints a table and writes `target/bench/results.json`. See README.md "Benchmarks".

mod domain;
mod fleet;
mod gen;
mod gui;
mod report;

use report::Report;
use serde_json::json;
use std::path::{Path, PathBuf};

fn main() {
    // cargo passes `--bench`; anything else not starting with `-` names a part.
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |p: &str| parts.is_empty() || parts.iter().any(|x| x == p);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    let out_dir = target.join("bench");
    let work = out_dir.join("work");
    std::fs::create_dir_all(&work).expect("create target/bench/work");

    let machine = machine();
    println!("machine: {machine}");
    let mut report = Report::default();
    let domain = want("domain");
    if domain || want("advice") {
        domain::advice(&mut report, &repo);
    }
    if domain || want("content") {
        domain::content(&mut report, &repo, &work);
    }
    if domain || want("records") {
        domain::records(&mut report, &work);
    }
    if want("fleet") {
        fleet::run(&mut report, &work);
    }
    if want("gui") {
        gui::run(&mut report, &repo, &target, &work);
    }
    report.print();
    let path = out_dir.join("results.json");
    let json = report.to_json(machine);
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    ) {
        Ok(()) => println!("\nwritten: {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}

/// Where the figures came from: cores, CPU model, memory, the disk under target/.
fn machine() -> serde_json::Value {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let mem_kib: u64 = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let disk = std::process::Command::new("sh")
        .args(["-c", "findmnt -no SOURCE,FSTYPE -T . 2>/dev/null; lsblk -dno NAME,ROTA,MODEL 2>/dev/null | head -3"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    json!({
        "cores": cores,
        "cpu": cpu,
        "memory_gib": (mem_kib as f64 / 1048576.0 * 10.0).round() / 10.0,
        "disk": disk,
        "kernel": read("/proc/sys/kernel/osrelease").trim(),
    })
}
