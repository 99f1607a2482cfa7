//! Head office's roster in the window: an agent whose licence head office revoked (as the fleet
//! sync applies it) is logged out at the next command and the login screen says when and why,
//! in both languages; an agent head office added types the initial PIN, then chooses their own.

use crate::access::enter_pin;
use presale_core::access::roster::{self, Entry};
use presale_tests::{with_app, Options, Result, TEST_PIN};

fn apply(data_dir: &std::path::Path, entries: &[Entry]) -> Result {
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME))?;
    roster::apply(&conn, entries)?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_revoked_agent_is_logged_out_and_the_login_screen_says_why() -> Result {
    with_app("roster-revoked", Options::default(), async |app| {
        // The sync's roster revokes the logged-in agent's licence.
        apply(
            &app.data_dir,
            &[Entry {
                licence_number: "TEST-000001".into(),
                name: "Test Agent".into(),
                supervisor: true,
                initial_pin_hash: None,
                revoked_at: Some("2026-12-01T09:00:00Z".into()),
                revoked_reason: Some(
                    "执业证已被监管注销 / licence cancelled by the regulator".into(),
                ),
            }],
        )?;
        app.reload_at("#/").await?;
        app.wait_for_css(".pin-pad").await?;
        app.wait_for_text("总公司已于").await?;
        app.wait_for_text("执业证已被监管注销").await?;
        // The PIN is not even checked.
        enter_pin(app, TEST_PIN).await?;
        app.wait_for_text("不能再在本机登录").await?;
        assert!(app
            .js("return document.querySelector('#agent-id') === null")
            .await?
            .as_bool()
            .unwrap_or(false));
        app.screenshot("login-revoked-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Head office revoked this agent's licence")
            .await?;
        app.screenshot("login-revoked-en").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn an_agent_added_at_head_office_chooses_their_own_pin_at_first_login() -> Result {
    with_app("roster-first-pin", Options::default(), async |app| {
        apply(
            &app.data_dir,
            &[Entry {
                licence_number: "0301-2025-07".into(),
                name: "陈静".into(),
                supervisor: false,
                initial_pin_hash: Some(roster::initial_pin_hash("135790")?),
                revoked_at: None,
                revoked_reason: None,
            }],
        )?;
        let conn = presale_core::db::open(&app.data_dir.join(presale_core::db::FILE_NAME))?;
        let id: i64 = conn.query_row(
            "SELECT id FROM agents WHERE licence_number = '0301-2025-07'",
            [],
            |r| r.get(0),
        )?;
        app.click("#lock-now").await?;
        app.wait_for_css(&format!("button[data-agent='{id}']"))
            .await?;
        app.click(&format!("button[data-agent='{id}']")).await?;
        enter_pin(app, "135790").await?;
        app.wait_for_text("这是总公司给您的初始 PIN 码").await?;
        app.screenshot("login-first-pin-zh").await;
        enter_pin(app, "864209").await?;
        app.wait_for_text("请再次输入新的 PIN 码").await?;
        enter_pin(app, "864209").await?;
        app.wait_for_css("#agent-id").await?;
        let must: i64 = conn.query_row(
            "SELECT pin_must_change FROM agents WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        assert_eq!(must, 0, "the agent's own PIN replaced the initial one");
        // The colleague's licence is revoked: the agents screen says so.
        apply(
            &app.data_dir,
            &[Entry {
                licence_number: "TEST-000001".into(),
                name: "Test Agent".into(),
                supervisor: true,
                initial_pin_hash: None,
                revoked_at: Some("2026-12-01T09:00:00Z".into()),
                revoked_reason: Some("left the company".into()),
            }],
        )?;
        app.reload_at("#/admin/agents").await?;
        app.wait_for_text("总公司已于").await?;
        app.screenshot("agents-revoked-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Licence revoked by head office on")
            .await?;
        app.screenshot("agents-revoked-en").await;
        Ok(())
    })
    .await
}
