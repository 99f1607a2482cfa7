//! Durability through the real app: the page makes saves through the app's commands (answers,
//! record notes, new clients, clause events inside a consented consultation), several in flight
//! at once; the app is killed with SIGKILL while they are; started again on the same data
//! directory (its start-up, deferred integrity check and all), every save the page had been told
//! succeeded must be there, the app reports no start-up problem and the database passes
//! `PRAGMA integrity_check`. A few rounds, each killing at a different moment.
//!
//! How it can fail: every save the page learns of is checked, so a command that answered before
//! its transaction committed (a write after the reply, on another thread or batched for later),
//! an uncommitted transaction left open across commands, or a database damaged by the kill
//! fails it. It was seen failing by making `update_record` apply its edit on a thread 300 ms
//! after replying: the notes the page had been told were saved were missing after the restart.
//! (`synchronous=OFF` alone would not fail it: a SIGKILL loses nothing the process had handed
//! to the kernel; only a power cut does, which no test here can make.)

use presale_core::db::{self, rusqlite};
use presale_tests::{App, Options, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// Kill-and-restart rounds, and how many acknowledged saves each waits for before the kill.
const KILL_AFTER: [u64; 3] = [25, 60, 40];
/// Saves at most in flight (one per lane below).
const LANES: usize = 4;
/// The question the answer lane rewrites, serially, with increasing values.
const QUESTION: &str = "annual_income";
const ANSWER_BASE: i64 = 100_000;

/// The page's pump: four lanes, each saving one thing after another until stopped, so up to
/// four commands are in flight at any moment. What the app acknowledged is in
/// `window.__durable` (serial lanes keep their last acknowledged number; a lane that failed
/// stores the error). `arguments[0]` = the consultation, `[1]` = clause ids to show, `[2]` =
/// the round (numbers keep increasing across rounds).
const PUMP: &str = r#"
const [consultationId, clauses, round] = arguments;
const inv = window.__TAURI_INTERNALS__.invoke;
const d = window.__durable = { answer: null, notes: null, clients: [], clauses: [], errors: [], inflight: 0 };
const lane = async (step) => {
  for (let i = 0; ; i++) {
    d.inflight++;
    try { if (!(await step(i))) return; }
    catch (e) { d.errors.push(JSON.stringify(e)); return; }
    finally { d.inflight--; }
  }
};
const base = round * 10000;
lane(async (i) => {
  const n = base + i;
  await inv("answer_question", { questionnaireId: "family", questionId: "annual_income", value: String(100000 + n) });
  d.answer = n; return true;
});
lane(async (i) => {
  const n = base + i;
  await inv("update_record", { id: consultationId, edit: { notes: "durability " + n } });
  d.notes = n; return true;
});
lane(async (i) => {
  const name = "耐久客户 " + (base + i);
  await inv("save_client", { client: { kind: "person", name, phone: "13812345678" }, consultationId });
  d.clients.push(name); return true;
});
lane(async (i) => {
  if (i >= clauses.length) { return false; }
  await inv("clause_shown", { consultationId, clauseId: clauses[i] });
  d.clauses.push(clauses[i]); return true;
});
return null;
"#;

async fn call(app: &App, command: &str, args: Value) -> Result<Value> {
    app.invoke(command, args)
        .await?
        .map_err(|e| format!("{command}: {e}").into())
}

/// Every clause id of the library, product by product.
async fn clause_ids(app: &App) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for p in call(app, "list_products", json!({}))
        .await?
        .as_array()
        .ok_or("products")?
    {
        let page = call(app, "get_product", json!({ "id": p["id"] })).await?;
        for c in page["clauses"].as_array().ok_or("a product's clauses")? {
            let id = c["id"].as_str().ok_or("a clause id")?.to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// What the page had been told was saved, at the moment just before the kill.
#[derive(Default)]
struct Acked {
    answer: Option<i64>,
    notes: Option<i64>,
    clients: Vec<String>,
    clauses: Vec<String>,
}

impl Acked {
    fn count(&self) -> usize {
        self.clients.len() + self.clauses.len() + 2
    }
}

/// Checks, through the restarted app, that everything in `acked` is there.
async fn check_present(app: &App, draft: i64, acked: &Acked) -> Result {
    let problem = call(app, "get_startup_problem", json!({})).await?;
    assert_eq!(problem, Value::Null, "no start-up problem after the kill");
    let record = call(app, "current_consultation", json!({})).await?;
    assert_eq!(
        record["consultation"]["id"], draft,
        "the same draft after the kill"
    );
    if let Some(n) = acked.notes {
        let notes = record["consultation"]["notes"].as_str().unwrap_or("");
        let kept: i64 = notes
            .strip_prefix("durability ")
            .and_then(|s| s.parse().ok())
            .ok_or(format!("notes lost: {notes:?}, acknowledged {n}"))?;
        // A serial lane: the one in flight at the kill may have landed too, nothing older.
        assert!(kept >= n, "notes {kept} older than the acknowledged {n}");
    }
    if let Some(n) = acked.answer {
        let state = call(app, "get_answers", json!({ "questionnaireId": "family" })).await?;
        let value = state["answers"][QUESTION].as_str().unwrap_or("");
        let kept = value
            .split('.')
            .next()
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or(format!("answer lost: {value:?}, acknowledged {n}"))?
            - ANSWER_BASE;
        assert!(kept >= n, "answer {kept} older than the acknowledged {n}");
    }
    let states = call(app, "clause_states", json!({ "consultationId": draft })).await?;
    let shown: Vec<&str> = states["states"]
        .as_array()
        .ok_or("clause states")?
        .iter()
        .filter_map(|s| s["clause_id"].as_str())
        .collect();
    for c in &acked.clauses {
        assert!(shown.contains(&c.as_str()), "clause {c} shown but lost");
    }
    Ok(())
}

/// The database file itself: intact, and holding every acknowledged client.
fn check_file(dir: &Path, clients: &[String]) -> Result {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join(db::FILE_NAME),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(check, "ok", "integrity_check after the kill");
    let mut q = conn.prepare("SELECT COUNT(*) FROM clients WHERE name = ?1")?;
    for name in clients {
        let n: i64 = q.query_row([name], |r| r.get(0))?;
        assert_eq!(n, 1, "client {name} saved but lost");
    }
    Ok(())
}

/// Starts the pump and waits for `target` acknowledged saves, then returns what was
/// acknowledged and kills the app with saves in flight.
async fn pump_and_kill(
    app: &App,
    draft: i64,
    clauses: &[String],
    round: usize,
    target: u64,
) -> Result<Acked> {
    app.client
        .execute(PUMP, vec![json!(draft), json!(clauses), json!(round)])
        .await?;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let d = app.js("return window.__durable").await?;
        let errors = d["errors"].as_array().cloned().unwrap_or_default();
        assert!(
            errors.is_empty(),
            "a save failed before the kill: {errors:?}"
        );
        let acked = Acked {
            answer: d["answer"].as_i64(),
            notes: d["notes"].as_i64(),
            clients: serde_json::from_value(d["clients"].clone())?,
            clauses: serde_json::from_value(d["clauses"].clone())?,
        };
        let inflight = d["inflight"].as_u64().unwrap_or(0);
        if acked.count() as u64 >= target && inflight > 0 {
            // Kill at once: the lanes keep saving between this snapshot and the signal, so the
            // kill lands in the middle of commands (the snapshot is a lower bound of what was
            // acknowledged, which is what must survive).
            app.kill_app()?;
            eprintln!(
                "round {round}: killed with {inflight} of {LANES} saves in flight after {} acknowledged",
                acked.count()
            );
            return Ok(acked);
        }
        if Instant::now() > deadline {
            return Err(format!("only {} saves acknowledged in 90 s", acked.count()).into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn saves_the_page_was_told_succeeded_survive_sigkill_of_the_app() -> Result {
    let data = tempfile::Builder::new()
        .prefix("presale-durability-")
        .tempdir()?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        ..Options::default()
    };
    let mut previous: Option<(i64, Acked)> = None;
    let mut clauses = Vec::new();
    for (round, target) in KILL_AFTER.into_iter().enumerate() {
        let app = App::start("durability", options.clone()).await?;
        let outcome: Result<(i64, Acked)> = async {
            let draft = call(&app, "current_consultation", json!({})).await?;
            let draft = draft["consultation"]["id"].as_i64().ok_or("a draft id")?;
            if let Some((id, acked)) = &previous {
                check_present(&app, *id, acked).await?;
                check_file(&app.data_dir, &acked.clients)?;
            } else {
                let notice = call(&app, "get_notice", json!({ "id": "privacy" })).await?;
                call(
                    &app,
                    "record_consents",
                    json!({ "noticeVersion": notice["version"], "purposes": ["save_consultation"] }),
                )
                .await?;
                clauses = clause_ids(&app).await?;
                assert!(clauses.len() >= 10, "enough clauses to show: {clauses:?}");
            }
            // Each round shows the next clauses: a clause shown twice proves nothing new.
            let start = (round * clauses.len() / KILL_AFTER.len()).min(clauses.len());
            let acked = pump_and_kill(&app, draft, &clauses[start..], round, target).await?;
            Ok((draft, acked))
        }
        .await;
        if outcome.is_err() {
            app.save_screenshot(&format!("round-{round}-failure")).await;
        }
        app.stop().await;
        previous = Some(outcome?);
    }
    // The last kill, checked by a last start.
    let app = App::start("durability", options).await?;
    let (draft, acked) = previous.ok_or("no round ran")?;
    let outcome = async {
        check_present(&app, draft, &acked).await?;
        check_file(&app.data_dir, &acked.clients)
    }
    .await;
    app.stop().await;
    outcome
}
