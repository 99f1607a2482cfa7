//! Accessibility of every main screen, measured by axe-core's WCAG 2.1 A and AA rules in the real
//! window: each screen in Simplified Chinese and English, in normal and large type (and once in
//! high contrast). One app session per mode visits all its screens; every violation of every
//! screen is reported together. With `PRESALE_SCREENSHOTS=1` each visit saves
//! `target/e2e-screenshots/a11y-<screen>-<lang>-<size>.png`.

use presale_tests::{workspace_root, App, Options, Result, WAIT};
use serde_json::Value;
use std::time::{Duration, Instant};

/// A screen to check: its name in reports and screenshots, its route pattern as written in
/// `ui/js/shell/router.js` (a screen whose route is not there yet is skipped, and said so), and how to get
/// a concrete path from the data at hand.
pub(crate) struct Screen {
    pub(crate) name: &'static str,
    pub(crate) pattern: &'static str,
    pub(crate) path: fn(&Ids) -> Option<String>,
}

/// Ids of things to open, looked up through the backend once per session.
#[derive(Default)]
pub(crate) struct Ids {
    product: Option<String>,
    clause: Option<String>,
    record: Option<i64>,
    /// The draft consultation left open by `seed`.
    draft: Option<i64>,
}

/// The agent's screens, in the order a consultation visits them.
pub(crate) const AGENT_SCREENS: &[Screen] = &[
    Screen {
        name: "home",
        pattern: "\"/\"",
        path: |_| Some("/".into()),
    },
    Screen {
        name: "catalogue",
        pattern: "\"/products\"",
        path: |_| Some("/products".into()),
    },
    Screen {
        name: "product",
        pattern: "\"/product/:id\"",
        path: |ids| ids.product.as_ref().map(|p| format!("/product/{p}")),
    },
    Screen {
        name: "clause",
        pattern: "\"/clause/:id\"",
        path: |ids| ids.clause.as_ref().map(|c| format!("/clause/{c}")),
    },
    Screen {
        name: "presenter",
        pattern: "\"/present/:productId/:index\"",
        path: |ids| ids.product.as_ref().map(|p| format!("/present/{p}/1")),
    },
    Screen {
        name: "presenter-consultation",
        pattern: "\"/consult/:consultationId/present/:productId/:index\"",
        path: |ids| match (ids.draft, &ids.product) {
            (Some(d), Some(p)) => Some(format!("/consult/{d}/present/{p}/1")),
            _ => None,
        },
    },
    Screen {
        name: "search",
        pattern: "\"/search\"",
        path: |_| Some("/search".into()),
    },
    Screen {
        name: "glossary",
        pattern: "\"/glossary\"",
        path: |_| Some("/glossary".into()),
    },
    Screen {
        name: "privacy",
        pattern: "\"/privacy\"",
        path: |_| Some("/privacy".into()),
    },
    Screen {
        name: "assess",
        pattern: "\"/assess\"",
        path: |_| Some("/assess".into()),
    },
    Screen {
        name: "questionnaire",
        pattern: "\"/assess/:id/:section\"",
        path: |_| Some("/assess/family/income".into()),
    },
    Screen {
        name: "result",
        pattern: "\"/assess/:id/result\"",
        path: |_| Some("/assess/family/result".into()),
    },
    Screen {
        name: "consult",
        pattern: "\"/consult/:step\"",
        path: |_| Some("/consult/client".into()),
    },
    Screen {
        name: "consult-finish",
        pattern: "\"/consult/:step\"",
        path: |_| Some("/consult/finish".into()),
    },
    Screen {
        name: "records",
        pattern: "\"/records\"",
        path: |_| Some("/records".into()),
    },
    Screen {
        name: "followups",
        pattern: "\"/followups\"",
        path: |_| Some("/followups".into()),
    },
    Screen {
        name: "record",
        pattern: "\"/record/:id\"",
        path: |ids| ids.record.map(|r| format!("/record/{r}")),
    },
    Screen {
        name: "record-print",
        pattern: "\"/record/:id/print\"",
        path: |ids| ids.record.map(|r| format!("/record/{r}/print")),
    },
    Screen {
        name: "leads",
        pattern: "\"/leads\"",
        path: |_| Some("/leads".into()),
    },
    Screen {
        name: "content-admin",
        pattern: "\"/admin/content\"",
        path: |_| Some("/admin/content".into()),
    },
    Screen {
        name: "agents",
        pattern: "\"/admin/agents\"",
        path: |_| Some("/admin/agents".into()),
    },
    Screen {
        name: "sync",
        pattern: "\"/admin/sync\"",
        path: |_| Some("/admin/sync".into()),
    },
];

/// The modes every screen is checked in: language, type size, contrast.
const MODES: &[(&str, &str, &str)] = &[
    ("zh-CN", "normal", "normal"),
    ("zh-CN", "large", "normal"),
    ("en", "normal", "normal"),
    ("en", "large", "normal"),
    ("zh-CN", "normal", "high"),
];

pub(crate) fn routes() -> String {
    std::fs::read_to_string(workspace_root().join("ui/js/shell/router.js")).unwrap_or_default()
}

/// Sets the type size and contrast (what the app bar's toggles set) and the language (through
/// the app bar's switch, as a person would).
pub(crate) async fn set_mode(app: &App, lang: &str, size: &str, contrast: &str) -> Result {
    eprintln!("a11y: mode {lang} {size} {contrast}");
    app.js(&format!(
        "document.documentElement.dataset.size = '{size}'; document.documentElement.dataset.contrast = '{contrast}'; return null"
    ))
    .await?;
    let current = app.js("return document.documentElement.lang").await?;
    if current.as_str() != Some(lang) {
        // A script click: WebKitWebDriver's element click has hung here after a type-size change.
        let clicked = app
            .js(&format!(
                "const b = document.querySelector(\"button[data-lang='{lang}']\"); if (b) b.click(); return !!b"
            ))
            .await?;
        if clicked.as_bool() != Some(true) {
            return Err(format!("no language switch for {lang} on this screen").into());
        }
        let deadline = Instant::now() + WAIT;
        while app
            .js("return document.documentElement.lang")
            .await?
            .as_str()
            != Some(lang)
        {
            if Instant::now() > deadline {
                return Err(format!("the language did not switch to {lang}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(())
}

/// Opens `path` and waits until the screen has rendered: the router is done, there is a heading,
/// and no loading indicator is left in the page.
pub(crate) async fn open(app: &App, path: &str) -> Result {
    app.js(&format!(
        "const main = document.getElementById('main');
         main.setAttribute('aria-busy', 'true');
         if (location.hash === '#{path}') window.dispatchEvent(new HashChangeEvent('hashchange'));
         else location.hash = '#{path}';
         return null"
    ))
    .await?;
    wait_rendered(app, path).await
}

async fn wait_rendered(app: &App, what: &str) -> Result {
    let deadline = Instant::now() + WAIT;
    loop {
        let ready = app
            .js("const main = document.getElementById('main');
                 return main.getAttribute('aria-busy') === 'false' && !!main.querySelector('h1')
                   && !document.querySelector('main .loading, main .spinner, [aria-busy=\"true\"]')")
            .await?;
        if ready.as_bool() == Some(true) {
            // Let fonts and the last layout settle before measuring contrast.
            tokio::time::sleep(Duration::from_millis(150)).await;
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{what} did not finish rendering within {WAIT:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Checks the screen on display and saves its screenshot; a failure is collected, not returned,
/// so one run reports every screen.
async fn check(app: &App, screen: &str, mode: (&str, &str, &str), failures: &mut Vec<String>) {
    let (lang, size, contrast) = mode;
    let label = if contrast == "high" {
        format!("{screen}-{lang}-contrast")
    } else {
        format!("{screen}-{lang}-{size}")
    };
    eprintln!("a11y: {label} screenshot");
    snap(&label);
    eprintln!("a11y: {label} axe");
    if let Err(e) = app.axe(&label).await {
        failures.push(e.to_string());
    }
    match overflow(app).await {
        Ok(Some(what)) => failures.push(format!("{label}: wider than the window: {what}")),
        Ok(None) => {}
        Err(e) => failures.push(format!("{label}: overflow check failed: {e}")),
    }
}

/// Nothing may push the page sideways (large type at 1024 px is the tight case): `None` when
/// `scrollWidth <= clientWidth`, else the widest elements that stick out, named.
pub(crate) async fn overflow(app: &App) -> Result<Option<String>> {
    let found = app
        .js("const vw = document.documentElement.clientWidth;
             if (document.documentElement.scrollWidth <= vw + 1) return null;
             return [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > vw + 1 && !e.closest('.visually-hidden'))
               .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= vw + 1)
               .slice(0, 4)
               .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
               .concat([`viewport ${vw}px`]).join(', ')")
        .await?;
    Ok(found.as_str().map(String::from))
}

/// Saves `target/e2e-screenshots/a11y-<label>.png` when `PRESALE_SCREENSHOTS` is set. It grabs the
/// X screen (the window fills it) with ImageMagick's `import`: WebKitWebDriver's own screenshot
/// stalled for minutes on some screens, which a run over forty screens cannot afford.
pub(crate) fn snap(label: &str) {
    if std::env::var_os("PRESALE_SCREENSHOTS").is_none() {
        return;
    }
    let dir = workspace_root().join("target/e2e-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("a11y-{label}.png"));
    match std::process::Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()
    {
        Ok(s) if s.success() => eprintln!("screenshot: {}", path.display()),
        other => eprintln!("screenshot {label} failed (is ImageMagick installed?): {other:?}"),
    }
}

/// Like `with_app`, without its failure screenshot: the report names every screen and rule, and
/// that WebDriver screenshot can stall for minutes (see `snap`).
async fn session<F>(name: &str, options: Options, body: F) -> Result
where
    F: AsyncFnOnce(&App) -> Result,
{
    let app = App::start(name, options).await?;
    // PRESALE_WINDOW=1024x768 (or 1920x1080) checks and grabs another window size; the Xvfb
    // screen must be at least as large.
    if let Some((w, h)) = std::env::var("PRESALE_WINDOW").ok().and_then(|v| {
        v.split_once('x')
            .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
    }) {
        app.client.set_window_rect(0, 0, w, h).await?;
    }
    let outcome = body(&app).await;
    app.stop().await;
    outcome
}

fn outcome(failures: Vec<String>, skipped: Vec<&str>) -> Result {
    if !skipped.is_empty() {
        eprintln!("a11y: screens not in ui/js/shell/router.js yet, skipped: {skipped:?}");
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// A family risk check answered as a client would (the end-to-end assess test's answers).
pub(crate) const FAMILY_ANSWERS: &[(&str, &str)] = &[
    ("birth_date", "1980-05-01"),
    ("marital_status", "married"),
    ("spouse_age", "44"),
    ("children", "2"),
    ("dependents", "3"),
    ("annual_income", "200000"),
    ("monthly_expenses", "10000"),
    ("retirement_age", "61"),
    ("support_years", "10"),
    ("has_mortgage", "yes"),
    ("mortgage", "800000"),
    ("liquid_assets", "100000"),
    ("has_life_cover", "yes"),
    ("life_cover", "500000"),
    ("has_ci_cover", "no"),
    ("has_medical_cover", "yes"),
    ("has_accident_cover", "yes"),
    ("has_disability_cover", "no"),
];

/// Fills the current draft: consents, the family answers and their result, a clause shown and
/// explained. Answers the questionnaire does not take are skipped (it may change).
async fn fill_draft(app: &App, clause: Option<&str>) -> Result {
    let notice = app
        .invoke("get_notice", serde_json::json!({ "id": "privacy" }))
        .await?;
    if let Some(version) = notice.as_ref().ok().and_then(|n| n["version"].as_str()) {
        app.invoke(
            "record_consents",
            serde_json::json!({ "noticeVersion": version, "purposes": ["save_consultation", "contact"] }),
        )
        .await?
        .ok();
    }
    for (question, value) in FAMILY_ANSWERS {
        app.invoke(
            "answer_question",
            serde_json::json!({ "questionnaireId": "family", "questionId": question, "value": value }),
        )
        .await?
        .ok();
    }
    app.invoke(
        "compute_advice",
        serde_json::json!({ "questionnaireId": "family", "overrides": null }),
    )
    .await?
    .map_err(|e| format!("the family answers give no result: {e}"))?;
    if let Some(c) = clause {
        // Clause events are recorded only in a named consultation.
        let draft = app
            .invoke("current_consultation", serde_json::json!({}))
            .await?
            .map_err(|e| format!("current_consultation: {e}"))?;
        let id = draft["consultation"]["id"].clone();
        for command in ["clause_shown", "clause_explained"] {
            app.invoke(
                command,
                serde_json::json!({ "clauseId": c, "consultationId": id }),
            )
            .await?
            .map_err(|e| format!("{command}: {e}"))?;
        }
    }
    Ok(())
}

/// Finishes one consultation with a client, a decision and a follow-up, so the records list, the
/// record view and its printout have something to show; then fills a new draft.
pub(crate) async fn seed(app: &App, ids: &mut Ids) -> Result {
    fill_draft(app, ids.clause.as_deref()).await?;
    let draft = app
        .invoke("current_consultation", serde_json::json!({}))
        .await?
        .map_err(|e| format!("current_consultation: {e}"))?;
    let id = draft["consultation"]["id"]
        .as_i64()
        .ok_or("the draft has an id")?;
    let client = app
        .invoke(
            "save_client",
            serde_json::json!({ "client": { "kind": "person", "name": "张伟", "phone": "13812345678", "occupation": "教师" }, "consultationId": id }),
        )
        .await?
        .map_err(|e| format!("save_client: {e}"))?;
    let edit = serde_json::json!({
        "client_id": client["id"],
        "agent_name": "Test Agent",
        "agent_licence": "TEST-000001",
        "products": ids.product.iter().collect::<Vec<_>>(),
        "decision": "先投保定期寿险 100 万元，一年后复核",
        "notes": "首次面谈",
        "follow_up_on": "2030-01-15",
        "outcome": match &ids.product {
            Some(p) => serde_json::json!({ "status": "bought", "product_id": p, "sum_insured": "1000000",
                "premium": "3500", "policy_term": "longer", "contract_end": "2046-12-01" }),
            None => serde_json::json!({ "status": "deciding" }),
        },
    });
    let finished = app
        .invoke(
            "finish_consultation",
            serde_json::json!({ "id": id, "edit": edit }),
        )
        .await?
        .map_err(|e| format!("finish_consultation: {e}"))?;
    ids.record = finished["id"].as_i64();
    fill_draft(app, ids.clause.as_deref()).await?;
    let draft = app
        .invoke("current_consultation", serde_json::json!({}))
        .await?
        .map_err(|e| format!("current_consultation: {e}"))?;
    ids.draft = draft["consultation"]["id"].as_i64();
    // A call-back waiting: the agent's home shows every panel's items (the draft above is in
    // progress; the record's follow-up is years away, so that panel says it is empty).
    let notice = app
        .invoke("get_notice", serde_json::json!({ "id": "privacy" }))
        .await?
        .map_err(|e| format!("get_notice: {e}"))?;
    app.invoke(
        "submit_lead",
        serde_json::json!({ "lead": { "name": "李娜", "phone": "13900001111", "topic": "health_cover",
            "preferred_time": "weekday_morning", "consent_to_contact": true, "notice_version": notice["version"] } }),
    )
    .await?
    .map_err(|e| format!("submit_lead: {e}"))?;
    Ok(())
}

/// Short page-load and script timeouts: WebKitWebDriver otherwise waits up to five minutes on a
/// command when it believes a navigation is pending (a hash change can look like one).
pub(crate) async fn fast_fail(app: &App) -> Result {
    let timeouts = fantoccini::wd::TimeoutConfiguration::new(
        Some(Duration::from_secs(30)),
        Some(Duration::from_secs(5)),
        None,
    );
    app.client.update_timeouts(timeouts).await?;
    Ok(())
}

pub(crate) async fn first_ids(app: &App) -> Result<Ids> {
    let mut ids = Ids::default();
    if let Ok(Value::Array(products)) = app.invoke("list_products", serde_json::json!({})).await? {
        ids.product = products
            .first()
            .and_then(|p| p["id"].as_str())
            .map(String::from);
    }
    if let Some(p) = &ids.product {
        if let Ok(page) = app
            .invoke("get_product", serde_json::json!({ "id": p }))
            .await?
        {
            let clauses = page["clauses"].as_array().cloned().unwrap_or_default();
            // A must-explain clause shows the most: badge, explanation, acknowledgement.
            let clause = clauses
                .iter()
                .find(|c| c["must_explain"].as_bool() == Some(true))
                .or(clauses.first());
            ids.clause = clause.and_then(|c| c["id"].as_str()).map(String::from);
        }
    }
    Ok(ids)
}

#[tokio::test(flavor = "current_thread")]
async fn agent_screens_pass_axe_in_both_languages_and_type_sizes() -> Result {
    session("a11y", Options::default(), async |app| {
        let routes = routes();
        fast_fail(app).await?;
        let mut ids = first_ids(app).await?;
        seed(app, &mut ids).await?;
        let mut failures = Vec::new();
        let mut skipped = Vec::new();
        for &mode in MODES {
            open(app, "/").await?;
            set_mode(app, mode.0, mode.1, mode.2).await?;
            for screen in AGENT_SCREENS {
                let path = match (routes.contains(screen.pattern), (screen.path)(&ids)) {
                    (true, Some(path)) => path,
                    _ => {
                        if !skipped.contains(&screen.name) {
                            skipped.push(screen.name);
                        }
                        continue;
                    }
                };
                eprintln!("a11y: open {path}");
                match open(app, &path).await {
                    Ok(()) => check(app, screen.name, mode, &mut failures).await,
                    Err(e) => failures.push(format!("{}: {e}", screen.name)),
                }
            }
        }
        if std::env::var_os("PRESALE_SCREENSHOTS").is_some() {
            print_previews(app, &ids).await?;
        }
        outcome(failures, skipped)
    })
    .await
}

/// The printouts as print.css lays them out, as wide as an A4 page inside its margins (178 mm at
/// 96 dpi) on screen:
/// WebKitWebDriver cannot print to PDF, so this is how the screenshots show the paper version.
async fn print_previews(app: &App, ids: &Ids) -> Result {
    let printable: Vec<(&str, String)> = [
        (
            "record-print",
            ids.record.map(|r| format!("/record/{r}/print")),
        ),
        ("result", Some("/assess/family/result".to_string())),
    ]
    .into_iter()
    .filter_map(|(name, path)| path.map(|p| (name, p)))
    .collect();
    for lang in ["zh-CN", "en"] {
        open(app, "/").await?;
        set_mode(app, lang, "normal", "normal").await?;
        for (name, path) in &printable {
            open(app, path).await?;
            app.js(
                "for (const l of document.querySelectorAll('link[media=print]')) { l.media = 'all'; l.dataset.preview = '1'; }
                 document.body.style.maxWidth = '673px'; document.body.style.margin = '0 auto';
                 document.body.style.boxShadow = '0 0 0 1px #999'; window.scrollTo(0, 0); return null",
            )
            .await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            snap(&format!("print-{name}-{lang}-1"));
            app.js("window.scrollBy(0, window.innerHeight - 40); return null")
                .await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            snap(&format!("print-{name}-{lang}-2"));
            app.js(
                "for (const l of document.querySelectorAll('link[data-preview]')) { l.media = 'print'; delete l.dataset.preview; }
                 document.body.removeAttribute('style'); return null",
            )
            .await?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn kiosk_screens_pass_axe_in_both_languages_and_type_sizes() -> Result {
    let options = Options {
        kiosk: true,
        ..Options::default()
    };
    session("a11y-kiosk", options, async |app| {
        let mut failures = Vec::new();
        for &mode in MODES {
            set_mode(app, mode.0, mode.1, mode.2).await?;
            wait_rendered(app, "the attract screen").await?;
            check(app, "attract", mode, &mut failures).await;
        }
        // After Start: the kiosk's own app bar (ask an agent, end and clear) and its form.
        app.click("#start").await?;
        fast_fail(app).await?;
        let ids = first_ids(app).await?;
        for &mode in MODES {
            open(app, "/").await?;
            set_mode(app, mode.0, mode.1, mode.2).await?;
            wait_rendered(app, "the kiosk home").await?;
            check(app, "kiosk-home", mode, &mut failures).await;
            open(app, "/ask-agent").await?;
            check(app, "ask-agent", mode, &mut failures).await;
            // The presenter keeps the kiosk's own buttons in its bar.
            if let Some(p) = &ids.product {
                open(app, &format!("/present/{p}/1")).await?;
                check(app, "kiosk-presenter", mode, &mut failures).await;
            }
        }
        outcome(failures, Vec::new())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn setup_and_login_pass_axe_in_both_languages_and_type_sizes() -> Result {
    let options = Options {
        signed_out: true,
        ..Options::default()
    };
    session("a11y-access", options, async |app| {
        let mut failures = Vec::new();
        for &mode in MODES {
            set_mode(app, mode.0, mode.1, mode.2).await?;
            wait_rendered(app, "the set-up screen").await?;
            check(app, "setup", mode, &mut failures).await;
        }
        let created = app
            .invoke(
                "create_first_agent",
                serde_json::json!({ "agent": { "name": "无障碍 测试", "licence_number": "A11Y-000001", "pin": "135792" } }),
            )
            .await?;
        created.map_err(|e| format!("the agent could not be created: {e}"))?;
        app.invoke("logout", serde_json::json!({})).await?.ok();
        app.reload_at("#/login").await?;
        app.wait_for_css(".pin-pad").await?;
        for &mode in MODES {
            set_mode(app, mode.0, mode.1, mode.2).await?;
            wait_rendered(app, "the login screen").await?;
            check(app, "login", mode, &mut failures).await;
        }
        // The check itself must be able to fail: an input without a label is a violation.
        app.js("document.getElementById('main').append(Object.assign(document.createElement('input'), {id: 'a11y-probe'})); return null")
            .await?;
        let probe = app.axe("probe").await;
        assert!(
            probe.as_ref().is_err_and(|e| e.to_string().contains("label")),
            "axe-core reports an unlabelled input: {probe:?}"
        );
        // And so must the overflow check: a block wider than the window.
        app.js("const d = document.createElement('div'); d.id = 'wide-probe'; d.style.width = '5000px'; d.style.height = '1px';
                document.getElementById('main').append(d); return null")
            .await?;
        let mut probe = Vec::new();
        check(app, "probe", MODES[0], &mut probe).await;
        assert!(
            probe.iter().any(|p| p.contains("wider than the window") && p.contains("div#wide-probe")),
            "the overflow check names the wide block: {probe:?}"
        );
        outcome(failures, Vec::new())
    })
    .await
}
