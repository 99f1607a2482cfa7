//! The branch kiosk: attract screen first, no records from the kiosk window even by a direct
//! `invoke`, the idle reset with its "Still there?" countdown, and "End and clear my data" -
//! checked in the database, not only on screen.

use crate::access::{db_count, invoke};
use presale_tests::{with_app, App, Options, Result};
use std::time::Duration;

fn kiosk(idle_secs: u32) -> Options {
    Options {
        kiosk: true,
        env: vec![
            ("PRESALE_KIOSK_IDLE_SECS".into(), idle_secs.to_string()),
            ("PRESALE_KIOSK_WARNING_SECS".into(), "3".into()),
        ],
        ..Options::default()
    }
}

/// What a visitor leaves behind: a consent on their draft, and a clause they looked at.
async fn leave_visitor_data(app: &App) -> Result {
    let notice = invoke(app, "get_notice", "{id: 'privacy'}").await?;
    let version = notice["ok"]["version"]
        .as_str()
        .ok_or("the notice has a version")?
        .to_string();
    let c = invoke(
        app,
        "record_consents",
        &format!("{{noticeVersion: '{version}', purposes: ['save_consultation', 'health_data']}}"),
    )
    .await?;
    assert!(c["ok"].is_array(), "the visitor consented: {c}");
    let products = invoke(app, "list_products", "{}").await?;
    let product = products["ok"][0]["id"]
        .as_str()
        .ok_or("a product")?
        .to_string();
    let page = invoke(app, "get_product", &format!("{{id: '{product}'}}")).await?;
    let clause = first_clause_id(&page["ok"]).ok_or_else(|| format!("a clause in {page}"))?;
    let shown = invoke(app, "clause_shown", &format!("{{clauseId: '{clause}'}}")).await?;
    assert!(
        shown.get("ok").is_some(),
        "the clause was recorded as shown: {shown}"
    );
    Ok(())
}

/// The first string value under a key named `id` inside a `clauses` list, wherever it sits.
fn first_clause_id(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::Array(cs)) = m.get("clauses") {
                if let Some(id) = cs.iter().find_map(|c| c["id"].as_str()) {
                    return Some(id.to_string());
                }
            }
            m.values().find_map(first_clause_id)
        }
        serde_json::Value::Array(a) => a.iter().find_map(first_clause_id),
        _ => None,
    }
}

fn visitor_rows(app: &App) -> (i64, i64, i64) {
    let d = &app.data_dir;
    (
        db_count(d, "SELECT count(*) FROM consultations WHERE mode = 'kiosk'"),
        db_count(d, "SELECT count(*) FROM clause_states"),
        db_count(
            d,
            "SELECT count(*) FROM consents WHERE consultation_id IS NOT NULL",
        ),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn the_kiosk_opens_on_the_attract_screen_and_refuses_records() -> Result {
    with_app("kiosk-attract", kiosk(90), async |app| {
        app.wait_for_css("#start").await?;
        app.wait_for_text("Start").await?;
        app.wait_for_text("开始").await?;
        for tool in ["#toggle-size", "#toggle-contrast", "#ask-agent"] {
            app.wait_for_css(tool).await?;
        }
        let clear_before_start = app
            .js("return document.querySelector('#end-and-clear') !== null")
            .await?;
        assert_eq!(clear_before_start.as_bool(), Some(false), "nothing to clear before Start");
        app.screenshot("attract").await;
        for (command, args) in [
            ("search_records", "{query: {}}"),
            ("get_record", "{id: 1}"),
            ("record_clauses", "{id: 1}"),
            ("delete_client", "{id: 1}"),
            ("list_leads", "{}"),
            ("list_agents", "{}"),
            ("create_first_agent", "{agent: {name: 'x', licence_number: 'LIC-000001', pin: '135790'}}"),
        ] {
            let out = invoke(app, command, args).await?;
            let err = out.get("err").ok_or_else(|| format!("{command} must be refused at the kiosk: {out}"))?;
            assert_eq!(err["code"], "forbidden", "{command} is refused as forbidden: {err}");
            let message = err["message"].as_str().unwrap_or_default();
            for internal in ["capability", "window", "kiosk", command] {
                assert!(!message.contains(internal), "the refusal names no internals: {message}");
            }
        }
        let menu = app.js("const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true}); document.body.dispatchEvent(e); return e.defaultPrevented").await?;
        assert_eq!(menu.as_bool(), Some(true), "no context menu at a kiosk");
        let reload = app.js("const e = new KeyboardEvent('keydown', {key: 'F5', bubbles: true, cancelable: true}); document.body.dispatchEvent(e); return e.defaultPrevented").await?;
        assert_eq!(reload.as_bool(), Some(true), "no reload key at a kiosk");
        app.click("#start").await?;
        app.wait_for_css(".product-card").await?;
        app.wait_for_css("#end-and-clear").await?;
        // Large type and high contrast are in the display menu beside the language switch.
        app.click("#display-menu summary").await?;
        app.click("#toggle-size").await?;
        app.click("#toggle-contrast").await?;
        app.screenshot("home-large-contrast").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn idle_visitors_are_asked_then_cleared_from_the_screen_and_the_database() -> Result {
    with_app("kiosk-idle", kiosk(3), async |app| {
        app.click("#start").await?;
        app.wait_for_css(".product-card").await?;
        app.wait_for_css("#end-and-clear").await?;
        leave_visitor_data(app).await?;
        let (drafts, clauses, consents) = visitor_rows(app);
        assert!(
            drafts == 1 && clauses >= 1 && consents == 2,
            "the visitor left data: {drafts} {clauses} {consents}"
        );
        // A touch cancels the countdown.
        app.wait_for_css("#still-here").await?;
        app.screenshot("still-there").await;
        app.click("#still-here").await?;
        let open = app
            .js("return document.querySelector('dialog.still-there') !== null")
            .await?;
        assert_eq!(open.as_bool(), Some(false), "the dialog closed on a touch");
        assert_eq!(visitor_rows(app).0, 1, "answering keeps the session");
        // Then nobody answers: the reset comes, and the attract screen returns.
        app.wait_for_css("#still-here").await?;
        tokio::time::sleep(Duration::from_secs(4)).await;
        app.wait_for_css("#start").await?;
        assert_eq!(
            visitor_rows(app),
            (0, 0, 0),
            "the visitor's draft, clause states and consents are gone"
        );
        let hash = app.js("return location.hash").await?;
        assert_eq!(hash.as_str(), Some("#/attract"));
        let states = invoke(app, "clause_states", "{}").await?;
        assert_eq!(
            states["ok"]["states"].as_array().map(Vec::len),
            Some(0),
            "nothing of the visitor left in the UI's backend: {states}"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn end_and_clear_removes_the_visitors_data_at_once_but_keeps_a_consented_lead() -> Result {
    with_app("kiosk-end", kiosk(90), async |app| {
        app.click("#start").await?;
        app.wait_for_css(".product-card").await?;
        app.wait_for_css("#end-and-clear").await?;
        leave_visitor_data(app).await?;
        let lead = serde_json::json!({ "lead": { "name": "李雷", "phone": "13912345678",
            "preferred_time": "any", "topic": "other", "consent_to_contact": true, "notice_version": "2026-11" } });
        assert!(invoke(app, "submit_lead", &lead.to_string()).await?["ok"].is_object());
        app.js("document.querySelector('#main').dataset.visitorMark = '1'; return null")
            .await?;
        // The visitor reads in English; the next one must not inherit that choice.
        app.click("button[data-lang='en']").await?;
        app.wait_for_css("html[lang='en']").await?;
        // First a question, which "Keep using it" answers: nothing is deleted.
        app.click("#end-and-clear").await?;
        app.wait_for_css("dialog#end-dialog[open]").await?;
        app.screenshot("end-confirm-en").await;
        app.click("#end-cancel").await?;
        let open = app
            .js("return document.querySelector('dialog#end-dialog[open]') !== null")
            .await?;
        assert_eq!(open.as_bool(), Some(false), "the question is gone");
        assert_ne!(visitor_rows(app), (0, 0, 0), "kept when the visitor goes on");
        app.click("#end-and-clear").await?;
        app.click("#end-confirm").await?;
        app.wait_for_css("#start").await?;
        app.wait_for_css("html[lang='zh-CN']").await?;
        let cleared = app.wait_for_css("#visit-cleared").await?.text().await?;
        assert!(cleared.contains("已清除"), "the visitor is told it is done: {cleared}");
        app.screenshot("end-cleared-zh").await;
        let mark = app
            .js("return document.querySelector('#main').dataset.visitorMark || null")
            .await?;
        assert!(
            mark.is_null(),
            "the page was reloaded: no state of the visitor's survives in the UI"
        );
        assert_eq!(visitor_rows(app), (0, 0, 0), "cleared at once");
        assert_eq!(
            db_count(&app.data_dir, "SELECT count(*) FROM leads"),
            1,
            "the lead they consented to stays"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_visitors_data_left_by_a_crash_is_cleared_at_the_next_start() -> Result {
    let data = tempfile::tempdir()?;
    let at = |data: &tempfile::TempDir| Options {
        data_dir: Some(data.path().into()),
        ..kiosk(90)
    };
    // The app is stopped without the visitor's reset running, as by a crash or a power cut.
    with_app("kiosk-crash-before", at(&data), async |app| {
        app.click("#start").await?;
        app.wait_for_css(".product-card").await?;
        leave_visitor_data(app).await?;
        let (drafts, states, consents) = visitor_rows(app);
        assert!(
            drafts == 1 && states >= 1 && consents >= 1,
            "left: {drafts} {states} {consents}"
        );
        Ok(())
    })
    .await?;
    with_app("kiosk-crash-after", at(&data), async |app| {
        app.wait_for_css("#start").await?;
        // The start-up work runs beside the attract screen.
        let mut left = visitor_rows(app);
        for _ in 0..100 {
            if left == (0, 0, 0) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            left = visitor_rows(app);
        }
        assert_eq!(
            left,
            (0, 0, 0),
            "the earlier visitor's draft, clauses and consents are gone"
        );
        assert_eq!(
            db_count(
                &app.data_dir,
                "SELECT count(*) FROM audit_log WHERE action = 'kiosk.reset'"
            ),
            1,
            "and the clearing is audited"
        );
        Ok(())
    })
    .await
}
