//! Start-up to interactive and memory: Presale beside a bare Tauri window (`tests/bare-window`),
//! both release builds, started alternately under the same display. Each app writes the time its
//! first command returned to `PRESALE_READY_FILE` (see src-tauri/src/ready.rs); the figure is
//! from spawn to that time. Memory is RSS and PSS summed over the app's process tree (the app and
//! WebKit's web and network processes), once start-up has settled (`SETTLE`).

use crate::report::{pct, Report, Target};
use crate::{domain, gen};
use presale_core::content::{search, Library};
use presale_core::db;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long after ready (and, for Presale, after its start-up work beside the window has
/// finished) memory is read.
const SETTLE: Duration = Duration::from_secs(2);

struct App {
    name: &'static str,
    bin: PathBuf,
    args: Vec<String>,
    startup: Vec<f64>,
    rss: Vec<f64>,
    pss: Vec<f64>,
    processes: usize,
    /// PSS per process name (MiB) of the last measured run, to see where memory goes.
    breakdown: Vec<(String, f64)>,
    /// Whether it writes a settled mark (Presale) to wait for before reading memory.
    settles: bool,
}

pub fn run(report: &mut Report, repo: &Path, target: &Path, work: &Path) {
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if !(set("DISPLAY") || set("WAYLAND_DISPLAY")) {
        report.note("start-up and memory skipped: no display (run under xvfb-run, see README)");
        return;
    }
    if std::env::var_os("PRESALE_BENCH_NO_BUILD").is_none() {
        println!("gui: building the release binaries (presale, bare-window) ...");
        let status = Command::new(option_env!("CARGO").unwrap_or("cargo"))
            .args(["build", "--release", "-p", "presale", "-p", "bare-window"])
            .current_dir(repo)
            .status();
        if !status.is_ok_and(|s| s.success()) {
            report.note("start-up and memory skipped: the release build failed");
            return;
        }
    }
    let runs: usize = std::env::var("PRESALE_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .max(1);
    let release = target.join("release");

    // The large case: 10,000 clauses and 100,000 consultations, index already built and today's
    // backup made (as after any earlier start), so the runs measure an unchanged start.
    let content = work.join("content");
    if !content.join("products/bench-p099").is_dir() {
        let _ = std::fs::remove_dir_all(&content);
        gen::content(
            &repo.join("content"),
            &content,
            domain::PRODUCTS,
            domain::PER_PRODUCT,
        );
    }
    let large = work.join("gui-large");
    let _ = std::fs::remove_dir_all(&large);
    println!("gui: generating the large database ...");
    gen::records(&large, domain::CLIENTS, domain::CONSULTATIONS);
    {
        let conn = db::open(&large.join(db::FILE_NAME)).expect("open the large database");
        let (library, _) = Library::load(&content);
        search::sync_index(&conn, &library).expect("index the large library");
        presale_core::records::backup::backup_if_due(
            &conn,
            &large,
            presale_core::records::backup::DEFAULT_KEEP,
        )
        .expect("today's backup");
    }
    let small = work.join("gui-small");
    let _ = std::fs::remove_dir_all(&small);

    let presale = release.join("presale");
    let mut apps = vec![
        App::new("bare Tauri window", release.join("bare-window"), vec![]),
        App::new(
            "Presale, sample content, new database",
            presale.clone(),
            vec![
                "--data-dir".into(),
                path(&small),
                "--content".into(),
                path(&repo.join("content")),
            ],
        ),
        App::new(
            "Presale, 10,000 clauses, 100,000 consultations",
            presale,
            vec![
                "--data-dir".into(),
                path(&large),
                "--content".into(),
                path(&content),
            ],
        ),
    ];
    println!("gui: one warm-up start each, then {runs} alternating runs ...");
    for app in &mut apps {
        if let Err(e) = app.start(work, false, true) {
            report.note(format!("start-up skipped: {} did not start: {e}", app.name));
            return;
        }
    }
    for i in 0..runs {
        for app in &mut apps {
            if let Err(e) = app.start(work, i < 3, false) {
                report.note(format!("{} run {i} failed: {e}", app.name));
            }
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        pct(&v, 50.0)
    };
    let (bare, presale_apps) = apps.split_first().expect("three apps");
    let bare_start = median(&bare.startup);
    let bare_rss = median(&bare.rss);
    let bare_pss = median(&bare.pss);
    report.info(
        "start-up",
        format!("{}: to first command (median of {runs})", bare.name),
        bare_start,
        "ms",
    );
    for app in presale_apps {
        report.push(
            "start-up",
            format!("{} (median of {runs})", app.name),
            median(&app.startup),
            "ms",
            Some(("bare", bare_start)),
            Target::Ratio(1.10),
        );
    }
    report.info(
        "memory",
        format!("{}: RSS, {} processes", bare.name, bare.processes),
        bare_rss,
        "MiB",
    );
    report.info("memory", format!("{}: PSS", bare.name), bare_pss, "MiB");
    for app in presale_apps {
        report.push(
            "memory",
            format!("{}: RSS, {} processes", app.name, app.processes),
            median(&app.rss),
            "MiB",
            Some(("bare", bare_rss)),
            Target::Ratio(1.10),
        );
        report.push(
            "memory",
            format!("{}: PSS", app.name),
            median(&app.pss),
            "MiB",
            Some(("bare", bare_pss)),
            Target::Ratio(1.10),
        );
    }
    for app in &apps {
        let parts: Vec<String> = app
            .breakdown
            .iter()
            .map(|(n, m)| format!("{n} {m:.1} MiB"))
            .collect();
        let size = std::fs::metadata(&app.bin).map_or(0.0, |m| m.len() as f64 / 1048576.0);
        report.note(format!(
            "{}: PSS by process: {}; binary {size:.1} MiB",
            app.name,
            parts.join(", ")
        ));
    }
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

impl App {
    fn new(name: &'static str, bin: PathBuf, args: Vec<String>) -> Self {
        let settles = bin.ends_with("presale");
        App {
            name,
            bin,
            args,
            startup: vec![],
            rss: vec![],
            pss: vec![],
            processes: 0,
            breakdown: vec![],
            settles,
        }
    }

    /// Starts the app, waits for its ready mark, optionally measures memory, then stops it.
    fn start(&mut self, work: &Path, memory: bool, warm_up: bool) -> Result<(), String> {
        let ready = work.join("ready-mark");
        let _ = std::fs::remove_file(&ready);
        let _ = std::fs::remove_file(ready.with_extension("settled"));
        let spawned_at = SystemTime::now();
        let mut child = Command::new(&self.bin)
            .args(&self.args)
            .env("PRESALE_READY_FILE", &ready)
            // The same WebKit settings for both apps (Presale sets these itself when unset).
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so WebKit's processes stop with it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.bin.display()))?;
        let pid = child.id() as i32;
        let deadline = Instant::now() + Duration::from_secs(120);
        let result = loop {
            if let Ok(text) = std::fs::read_to_string(&ready) {
                if let Ok(ns) = text.trim().parse::<u128>() {
                    let start_ns = spawned_at
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos());
                    break Ok(ns.saturating_sub(start_ns) as f64 / 1e6);
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                break Err(format!("exited before ready: {status}"));
            }
            if Instant::now() > deadline {
                break Err("not ready after 120 s".into());
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let outcome = result.map(|took| {
            if !warm_up {
                self.startup.push(took);
            }
            if memory {
                // Presale marks when its start-up work beside the window is done; the bare
                // window has none.
                let settled = ready.with_extension("settled");
                let wait = Instant::now() + Duration::from_secs(60);
                while self.settles && !settled.exists() && Instant::now() < wait {
                    std::thread::sleep(Duration::from_millis(10));
                }
                std::thread::sleep(SETTLE);
                let (rss, pss, breakdown) = tree_memory(pid);
                self.rss.push(rss);
                self.pss.push(pss);
                self.processes = breakdown.len();
                self.breakdown = breakdown;
            }
        });
        stop(pid, &mut child);
        outcome
    }
}

/// SIGTERM to the group, then SIGKILL if it lingers.
fn stop(pid: i32, child: &mut std::process::Child) {
    // SAFETY: plain syscalls on a process group this bench created.
    unsafe { libc::kill(-pid, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    unsafe { libc::kill(-pid, libc::SIGKILL) };
    let _ = child.wait();
    // Let WebKit's helpers exit before the next start.
    std::thread::sleep(Duration::from_millis(300));
}

/// RSS and PSS (MiB) summed over `root` and all its descendants, and each process's PSS.
fn tree_memory(root: i32) -> (f64, f64, Vec<(String, f64)>) {
    let mut parents = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for e in dir.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // Fields after the command name (which may hold spaces) in parentheses.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|s| s.parse::<i32>().ok());
            if let Some(ppid) = ppid {
                parents.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    let (mut rss, mut pss) = (0u64, 0u64);
    let mut breakdown = Vec::new();
    for pid in &tree {
        let before = pss;
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        for line in rollup.lines() {
            let kib = || {
                line.split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            if line.starts_with("Rss:") {
                rss += kib();
            } else if line.starts_with("Pss:") {
                pss += kib();
            }
        }
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        breakdown.push((name.trim().to_string(), (pss - before) as f64 / 1024.0));
    }
    (rss as f64 / 1024.0, pss as f64 / 1024.0, breakdown)
}
