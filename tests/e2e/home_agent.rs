//! The agent's home: each panel with data (a consultation in progress at its step, follow-ups
//! overdue and of the coming days, a call-back waiting) and empty; starting and resuming a
//! consultation from it; a call-back becoming a consultation whose client file gets the caller's
//! name and phone once the client consents; the follow-ups page grouped; the agents screen's
//! last login.

use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

async fn invoke(app: &App, command: &str, args: Value) -> Result<Value> {
    app.invoke(command, args)
        .await?
        .map_err(|e| format!("{command}: {e}").into())
}

/// The window's local date `offset` days from today, as the UI computes today.
async fn day(app: &App, offset: i64) -> Result<String> {
    let v = app
        .js(&format!(
            "const d = new Date(); d.setDate(d.getDate() + ({offset})); const p = (n) => String(n).padStart(2, '0');
             return `${{d.getFullYear()}}-${{p(d.getMonth() + 1)}}-${{p(d.getDate())}}`"
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn notice_version(app: &App) -> Result<String> {
    let notice = invoke(app, "get_notice", json!({ "id": "privacy" })).await?;
    Ok(notice["version"].as_str().unwrap_or_default().to_string())
}

async fn consent(app: &App) -> Result {
    let version = notice_version(app).await?;
    invoke(
        app,
        "record_consents",
        json!({ "noticeVersion": version, "purposes": ["save_consultation"] }),
    )
    .await?;
    Ok(())
}

/// The current draft with the consent and client `name`: at the questionnaire step.
async fn draft_with_client(app: &App, name: &str) -> Result<i64> {
    consent(app).await?;
    let draft = invoke(app, "current_consultation", json!({})).await?;
    let id = draft["consultation"]["id"].as_i64().ok_or("a draft id")?;
    invoke(
        app,
        "save_client",
        json!({ "client": { "kind": "person", "name": name, "phone": "13812345678" }, "consultationId": id }),
    )
    .await?;
    Ok(id)
}

/// A finished consultation with client `name` and a pending follow-up `offset` days from today.
async fn follow_up(app: &App, name: &str, offset: i64) -> Result<i64> {
    let id = draft_with_client(app, name).await?;
    let on = day(app, offset).await?;
    invoke(
        app,
        "finish_consultation",
        json!({ "id": id, "edit": { "follow_up_on": on, "outcome": { "status": "deciding" } } }),
    )
    .await?;
    Ok(id)
}

async fn call_back(app: &App, name: &str, phone: &str) -> Result<i64> {
    let version = notice_version(app).await?;
    let lead = invoke(
        app,
        "submit_lead",
        json!({ "lead": { "name": name, "phone": phone, "topic": "health_cover",
            "preferred_time": "weekday_morning", "consent_to_contact": true, "notice_version": version } }),
    )
    .await?;
    lead["id"].as_i64().ok_or_else(|| "a lead id".into())
}

/// Reloads the window at home and waits for the new page's panels (not the old page's).
async fn go_home(app: &App) -> Result {
    app.js("window.__beforeReload = true; location.hash = '#/'; setTimeout(() => location.reload(), 0); return null")
        .await?;
    for _ in 0..100 {
        let ready = app
            .js("return !window.__beforeReload && !!document.querySelector('#panel-call-backs')")
            .await
            .ok()
            .and_then(|v| v.as_bool());
        if ready == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err("the home did not render again after the reload".into())
}

async fn texts(app: &App, css: &str) -> Result<Vec<String>> {
    let v = app
        .js(&format!(
            "return [...document.querySelectorAll({css:?})].map(e => e.innerText)"
        ))
        .await?;
    Ok(v.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect())
}

#[tokio::test(flavor = "current_thread")]
async fn every_panel_of_the_agent_home_shows_what_waits_and_resumes_at_its_step() -> Result {
    with_app("home-agent", Options::default(), async |app| {
        let late = follow_up(app, "王五", -2).await?;
        let soon = follow_up(app, "赵六", 3).await?;
        follow_up(app, "孙七", 12).await?;
        call_back(app, "李娜", "13900001111").await?;
        let draft = draft_with_client(app, "张伟").await?;
        go_home(app).await?;

        let drafts = texts(app, "#panel-in-progress li[data-draft]").await?;
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        assert!(drafts[0].contains("张伟") && drafts[0].contains("问卷"), "the client and the step: {drafts:?}");
        let ups = app
            .js("return [...document.querySelectorAll('#panel-follow-ups a.followup')].map(a => [Number(a.dataset.record), a.dataset.due])")
            .await?;
        assert_eq!(
            ups,
            json!([[late, "overdue"], [soon, "soon"]]),
            "overdue first, then the coming days; one in 12 days is not on the home"
        );
        let calls = texts(app, "#panel-call-backs li[data-lead]").await?;
        assert_eq!(calls.len(), 1, "{calls:?}");
        for needed in ["李娜", "13900001111", "医疗保障", "工作日上午", "同意被联系"] {
            assert!(calls[0].contains(needed), "the call-back shows {needed}: {calls:?}");
        }
        app.wait_for_css("#products-heading").await?;
        app.screenshot("zh").await;
        app.js("document.documentElement.dataset.size = 'large'; return null").await?;
        app.screenshot("zh-large").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Consultations in progress").await?;
        app.wait_for_text("Next: Questionnaire").await?;
        app.screenshot("en-large").await;
        app.js("document.documentElement.dataset.size = 'normal'; return null").await?;
        app.screenshot("en").await;

        // Resuming opens the draft at its step.
        app.click(&format!("button[data-resume='{draft}']")).await?;
        app.wait_for_css("button[data-step='questionnaire'][aria-current='step']").await?;
        let hash = app.js("return location.hash").await?;
        assert_eq!(hash.as_str(), Some("#/consult/questionnaire"));

        // The follow-ups page lists the later one too, grouped.
        app.js("location.hash = '#/followups'; return null").await?;
        app.wait_for_css("#followups-later a.followup").await?;
        for group in ["overdue", "soon", "later"] {
            app.wait_for_css(&format!("#followups-{group} a.followup")).await?;
        }
        app.screenshot("followups-en").await;

        // The agents screen: the agent logged in is logged in now.
        app.js("location.hash = '#/admin/agents'; return null").await?;
        app.wait_for_css(".agent-last-login").await?;
        let login = texts(app, "tr[data-agent] .agent-last-login").await?;
        assert!(login.iter().any(|l| l.starts_with("Now")), "{login:?}");
        assert!(!login.iter().any(|l| l.contains("Never")), "{login:?}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn an_empty_home_says_so_and_starts_a_consultation() -> Result {
    with_app("home-agent-empty", Options::default(), async |app| {
        go_home(app).await?;
        for panel in ["in-progress", "follow-ups", "call-backs"] {
            app.wait_for_css(&format!("#panel-{panel} .panel-empty"))
                .await?;
        }
        app.wait_for_text("没有进行中的咨询").await?;
        app.screenshot("zh").await;
        app.click("#start-consultation").await?;
        app.wait_for_css("button[data-step='consents'][aria-current='step']")
            .await?;
        // Back home, the consultation just started is in progress, and starting again resumes it.
        go_home(app).await?;
        let drafts = texts(app, "#panel-in-progress li[data-draft]").await?;
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        assert!(drafts[0].contains("尚未选择客户"), "{drafts:?}");
        consent(app).await?;
        app.click("#start-consultation").await?;
        app.wait_for_css("button[data-step='client'][aria-current='step']")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_call_back_becomes_a_consultation_and_its_client_file_waits_for_the_consent() -> Result {
    with_app("home-agent-lead", Options::default(), async |app| {
        let lead = call_back(app, "李娜", "13900001111").await?;
        let other = call_back(app, "周八", "021-58881234").await?;
        go_home(app).await?;
        app.click(&format!("button[data-start-lead='{lead}']")).await?;
        app.wait_for_css("button[data-step='consents'][aria-current='step']").await?;
        let origin = app.wait_for_css("#lead-origin").await?.text().await?;
        for needed in ["李娜", "13900001111", "同意被联系"] {
            assert!(origin.contains(needed), "the request and its consent: {origin}");
        }
        app.screenshot("consents").await;
        let clients = invoke(app, "find_clients", json!({ "text": "李娜" })).await?;
        assert_eq!(clients, json!([]), "no client file before the consent");

        // The consent to saving given, the client step offers the caller's name and phone.
        consent(app).await?;
        app.js("location.hash = '#/consult/client'; return null").await?;
        app.wait_for_css("#lead-origin").await?;
        let prefilled = app
            .js("const f = (n) => document.querySelector(`[name='${n}']`)?.value; return [f('name'), f('phone')]")
            .await?;
        assert_eq!(prefilled, json!(["李娜", "13900001111"]));
        app.screenshot("client").await;
        app.click("#save-client").await?;
        app.wait_for_css("#chosen-client").await?;
        let clients = invoke(app, "find_clients", json!({ "text": "李娜" })).await?;
        assert_eq!(clients[0]["phone"], "13900001111", "{clients}");

        // The lead is being handled; from the leads page the other one becomes a consultation too.
        app.js("location.hash = '#/leads'; return null").await?;
        app.wait_for_css(&format!("tr[data-lead='{lead}']")).await?;
        let status = texts(app, &format!("tr[data-lead='{lead}']")).await?;
        assert!(status[0].contains("咨询中"), "{status:?}");
        app.screenshot("leads").await;
        app.click(&format!("tr[data-lead='{other}'] button[data-start-lead]")).await?;
        app.wait_for_css("#lead-origin").await?;
        let origin = app.wait_for_css("#lead-origin").await?.text().await?;
        assert!(origin.contains("周八"), "{origin}");
        let home = invoke(app, "get_agent_home", json!({})).await?;
        assert_eq!(home["call_backs"], json!([]), "no call-back waits any more: {home}");
        assert_eq!(home["in_progress"].as_array().map(Vec::len), Some(2), "{home}");
        Ok(())
    })
    .await
}
