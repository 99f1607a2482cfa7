//! Agent mode: first-start set-up, PIN login and lockout (also across a restart), auto-lock,
//! consent per purpose, leads from the kiosk, and typed text shown as text.

use presale_tests::{with_app, App, Options, Result, TEST_PIN};
use std::path::Path;

/// Script payloads a person might type into a name, note, search or lead form.
pub const XSS: &[&str] = &[
    "<img src=x onerror=\"window.__xss=1\">",
    "<script>window.__xss=1</script>",
    "\"><svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
];

/// Counts rows in the app's database (opened beside the running app: WAL allows it).
pub fn db_count(data_dir: &Path, sql: &str) -> i64 {
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME))
        .expect("the app's database opens");
    conn.query_row(sql, [], |r| r.get(0))
        .expect("the count query runs")
}

/// Runs an async script: `arguments[0]` is the callback with the result.
pub async fn invoke(app: &App, command: &str, args: &str) -> Result<serde_json::Value> {
    let script = format!(
        "const done = arguments[0]; window.__TAURI_INTERNALS__.invoke('{command}', {args})
           .then((v) => done({{ ok: v }}), (e) => done({{ err: e }}));"
    );
    Ok(app.client.execute_async(&script, vec![]).await?)
}

/// Types a PIN on the login screen's keypad and presses OK.
pub async fn enter_pin(app: &App, pin: &str) -> Result {
    app.wait_for_css(".pin-pad").await?;
    // Pressed from the page: a WebDriver click on the keypad after an auto-lock can wait for a
    // page load that never comes under WebKitWebDriver.
    let script = format!(
        "for (const d of '{pin}') document.querySelector(`button[data-digit='${{d}}']`).click();
         document.querySelector(\"button[data-key='ok']\").click(); return null"
    );
    app.js(&script).await?;
    Ok(())
}

async fn type_into(app: &App, css: &str, text: &str) -> Result {
    let el = app.wait_for_css(css).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

fn signed_out(data_dir: Option<&Path>) -> Options {
    Options {
        signed_out: true,
        data_dir: data_dir.map(Path::to_path_buf),
        ..Options::default()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn first_start_sets_up_the_agent_whose_name_and_licence_the_bar_shows() -> Result {
    with_app("access-setup", signed_out(None), async |app| {
        app.wait_for_text("设置第一位代理人").await?;
        app.screenshot("setup-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Set up the first agent").await?;
        app.screenshot("setup-en").await;
        type_into(app, "#name", XSS[0]).await?;
        type_into(app, "#licence_number", "0201-2024-88").await?;
        type_into(app, "#pin", "135790").await?;
        type_into(app, "#pin2", "135791").await?;
        app.click("form button[type='submit']").await?;
        app.wait_for_text("The two PINs differ").await?;
        type_into(app, "#pin2", "135790").await?;
        app.click("form button[type='submit']").await?;
        let bar = app.wait_for_css("#agent-id").await?.text().await?;
        assert!(
            bar.contains(XSS[0]),
            "the typed name is shown as text: {bar}"
        );
        assert!(
            bar.contains("0201-2024-88"),
            "the licence number is shown: {bar}"
        );
        let xss = app
            .js("return window.__xss === undefined && !document.querySelector('#agent-id img')")
            .await?;
        assert_eq!(xss.as_bool(), Some(true), "a name never becomes markup");
        app.screenshot("home-agent").await;
        let again = invoke(
            app,
            "create_first_agent",
            "{agent: {name: 'B', licence_number: 'LIC-999999', pin: '135790'}}",
        )
        .await?;
        assert_eq!(
            again["err"]["code"], "forbidden",
            "set-up runs only once: {again}"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn five_wrong_pins_lock_the_profile_even_across_a_restart() -> Result {
    let data = tempfile::tempdir()?;
    // Create the agent, then log out to the login screen.
    with_app(
        "access-lockout",
        Options {
            data_dir: Some(data.path().into()),
            ..Options::default()
        },
        async |app| {
            app.click("#lock-now").await?;
            app.wait_for_css(".pin-pad").await?;
            app.screenshot("login-zh").await;
            for n in 1..=4 {
                enter_pin(app, "999999").await?;
                app.wait_for_text(&format!("再错 {} 次", 5 - n)).await?;
            }
            enter_pin(app, "999999").await?;
            app.wait_for_text("已锁定至").await?;
            enter_pin(app, TEST_PIN).await?;
            app.wait_for_text("已锁定至").await?;
            let bar = app
                .js("return document.querySelector('#agent-id') === null")
                .await?;
            assert_eq!(
                bar.as_bool(),
                Some(true),
                "the right PIN does not open a locked profile"
            );
            app.screenshot("login-locked").await;
            Ok(())
        },
    )
    .await?;
    with_app(
        "access-lockout-restart",
        signed_out(Some(data.path())),
        async |app| {
            app.wait_for_css(".pin-pad").await?;
            app.wait_for_text("已锁定至").await?;
            let out = invoke(app, "list_agents", "{}").await?;
            let id = out["ok"][0]["id"].as_i64().ok_or("an agent is listed")?;
            let login = invoke(
                app,
                "login",
                &format!("{{agentId: {id}, pin: '{TEST_PIN}'}}"),
            )
            .await?;
            assert_eq!(
                login["ok"]["status"], "locked",
                "the lock survives the restart: {login}"
            );
            let records = invoke(app, "search_records", "{query: {}}").await?;
            assert_eq!(
                records["err"]["code"], "locked",
                "no records without a login: {records}"
            );
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_third_lock_lasts_until_a_supervisor_unlocks_and_the_login_says_so() -> Result {
    let data = tempfile::tempdir()?;
    // Two series of wrong PINs already locked the profile (5, then 30 minutes).
    with_app(
        "access-until-unlocked",
        Options {
            data_dir: Some(data.path().into()),
            ..Options::default()
        },
        async |app| {
            let conn = presale_core::db::open(&app.data_dir.join(presale_core::db::FILE_NAME))?;
            conn.execute("UPDATE agents SET lock_level = 2", [])?;
            app.click("#lock-now").await?;
            for _ in 0..5 {
                enter_pin(app, "999999").await?;
            }
            app.wait_for_text("须由主管解除").await?;
            app.screenshot("login-until-unlocked-zh").await;
            app.click("button[data-lang='en']").await?;
            app.wait_for_text("locked until a supervisor unlocks it")
                .await?;
            app.screenshot("login-until-unlocked-en").await;
            Ok(())
        },
    )
    .await?;
    with_app(
        "access-until-unlocked-restart",
        signed_out(Some(data.path())),
        async |app| {
            app.wait_for_text("locked until a supervisor unlocks it")
                .await?;
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn inactivity_locks_the_window_and_the_consultation_stays_saved() -> Result {
    let options = Options {
        env: vec![("PRESALE_AGENT_LOCK_SECS".into(), "6".into())],
        ..Options::default()
    };
    with_app("access-autolock", options, async |app| {
        // A consultation in progress: a consent on the current draft.
        let notice = invoke(app, "get_notice", "{id: 'privacy'}").await?;
        let version = notice["ok"]["version"]
            .as_str()
            .ok_or("the notice has a version")?
            .to_string();
        let saved = invoke(
            app,
            "record_consents",
            &format!("{{noticeVersion: '{version}', purposes: ['save_consultation']}}"),
        )
        .await?;
        assert!(saved["ok"].is_array(), "consent recorded: {saved}");
        // Scripts from the test are not a person's input: the window locks 6 s after loading.
        app.wait_for_css(".pin-pad").await?;
        let session = invoke(app, "get_session", "{}").await?;
        assert_eq!(
            session["ok"]["locked"], true,
            "the backend is locked too: {session}"
        );
        let records = invoke(app, "search_records", "{query: {}}").await?;
        assert_eq!(
            records["err"]["code"], "locked",
            "no records while locked: {records}"
        );
        let consents = invoke(app, "get_consents", "{}").await?;
        assert_eq!(
            consents["err"]["code"], "locked",
            "nor the consultation: {consents}"
        );
        enter_pin(app, TEST_PIN).await?;
        app.wait_for_css("#agent-id").await?;
        let consents = invoke(app, "get_consents", "{}").await?;
        assert_eq!(
            consents["ok"].as_array().map(Vec::len),
            Some(1),
            "the consultation in progress survived the lock: {consents}"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn only_the_purposes_ticked_are_stored_and_nothing_is_pre_ticked() -> Result {
    with_app("access-consent", Options::default(), async |app| {
        app.js("location.hash = '#/privacy'; return null").await?;
        app.wait_for_css("#consent-form").await?;
        let ticked = app
            .js("return document.querySelectorAll('#consent-form input:checked').length")
            .await?;
        assert_eq!(ticked.as_u64(), Some(0), "nothing is pre-ticked");
        app.screenshot("privacy-zh").await;
        app.click("#consent-save_consultation").await?;
        app.click("#consent-form button[type='submit']").await?;
        app.wait_for_css(".product-card").await?;
        let dir = &app.data_dir;
        assert_eq!(
            db_count(
                dir,
                "SELECT count(*) FROM consents WHERE purpose = 'save_consultation'"
            ),
            1
        );
        assert_eq!(
            db_count(
                dir,
                "SELECT count(*) FROM consents WHERE purpose <> 'save_consultation'"
            ),
            0,
            "declined purposes leave no consent"
        );
        let health = db_count(dir, "SELECT count(*) FROM answers WHERE sensitive = 1");
        assert_eq!(
            health, 0,
            "no health answer is kept without the health consent"
        );
        app.click("button[data-lang='en']").await?;
        app.js("location.hash = '#/privacy'; return null").await?;
        app.wait_for_text("Keep a record of this consultation")
            .await?;
        app.screenshot("privacy-en").await;
        app.click("button[data-withdraw]").await?;
        app.wait_for_text("Consent withdrawn").await?;
        assert_eq!(
            db_count(
                dir,
                "SELECT count(*) FROM consultations WHERE status = 'draft'"
            ),
            0,
            "withdrawing the consent to save deleted the draft"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_lead_left_at_the_kiosk_appears_for_an_agent_as_text() -> Result {
    let data = tempfile::tempdir()?;
    let kiosk = Options {
        kiosk: true,
        data_dir: Some(data.path().into()),
        ..Options::default()
    };
    with_app("access-lead-kiosk", kiosk, async |app| {
        // Straight from the attract screen: asking for an agent starts the visit.
        app.wait_for_css("#start").await?;
        app.click("#ask-agent").await?;
        app.wait_for_css("#lead-form").await?;
        app.wait_for_css("#end-and-clear").await?;
        // Sent without a name: the message names the field and its one limit, a visitor's 40.
        app.click("#lead-form button[type='submit']").await?;
        app.wait_for_text("请输入姓名").await?;
        let said = app.wait_for_css("#name-error").await?.text().await?;
        assert_eq!(
            said, "请输入姓名（最多 40 个字）。",
            "one limit, the field's own"
        );
        type_into(app, "#name", XSS[1]).await?;
        // A landline with its area code is a number an agent can call back.
        type_into(app, "#phone", "021 5888 1234").await?;
        app.js(
            "document.querySelector('#preferred_time').value = 'weekday_afternoon';
             document.querySelector('#topic').value = 'children'; return null",
        )
        .await?;
        app.click("#lead-form button[type='submit']").await?;
        app.wait_for_text("只有在您同意被联系时").await?;
        assert_eq!(
            db_count(&app.data_dir, "SELECT count(*) FROM leads"),
            0,
            "declined: nothing kept"
        );
        app.screenshot("lead-form-zh").await;
        app.click("#consent_to_contact").await?;
        app.click("#lead-form button[type='submit']").await?;
        app.wait_for_css("#lead-sent").await?;
        assert_eq!(db_count(&app.data_dir, "SELECT count(*) FROM leads"), 1);
        app.click("button[data-lang='en']").await?;
        // The bar is rebuilt in the new language: find the button again once it is.
        app.wait_for_text("End and clear my data").await?;
        app.click("#ask-agent").await?;
        app.wait_for_text("Leave your name").await?;
        app.screenshot("lead-form-en").await;
        Ok(())
    })
    .await?;
    with_app("access-lead-agent", Options { data_dir: Some(data.path().into()), ..Options::default() }, async |app| {
        app.js("location.hash = '#/leads'; return null").await?;
        let name = app.wait_for_css(".lead-name").await?.text().await?;
        assert_eq!(name, XSS[1], "the visitor's name is shown exactly as typed, as text");
        app.wait_for_text("021-58881234").await?;
        let topic = app.wait_for_css("tr[data-lead] .lead-topic").await?.text().await?;
        // The kiosk visitor switched to English, which this data directory remembers.
        assert_eq!(topic, "Cover for my children", "the agent sees what the visitor wants to talk about");
        let xss = app.js("return window.__xss === undefined && !document.querySelector('.leads-table script')").await?;
        assert_eq!(xss.as_bool(), Some(true), "a typed name never runs");
        app.screenshot("leads").await;
        app.click("tr[data-lead] button[data-mark-contacted]").await?;
        app.wait_for_css(".badge-ok").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn xss_payloads_in_lead_fields_are_stored_and_shown_as_text() -> Result {
    with_app("access-xss", Options::default(), async |app| {
        for (i, p) in XSS.iter().enumerate() {
            let args = serde_json::json!({ "lead": {
                "name": p, "phone": format!("1391234567{i}"), "preferred_time": p, "topic": "other",
                "consent_to_contact": true, "notice_version": "2026-11" } });
            let out = invoke(app, "submit_lead", &args.to_string()).await?;
            assert!(out["ok"].is_object(), "stored as typed: {out}");
        }
        app.js("location.hash = '#/leads'; return null").await?;
        app.wait_for_css(".lead-name").await?;
        let names = app.js("return [...document.querySelectorAll('.lead-name')].map(e => e.textContent)").await?;
        for p in XSS {
            assert!(names.as_array().is_some_and(|a| a.iter().any(|n| n == p)), "{p} shown literally: {names}");
        }
        let clean = app.js("return window.__xss === undefined && document.querySelectorAll('.leads-table img, .leads-table svg, .leads-table script').length === 0").await?;
        assert_eq!(clean.as_bool(), Some(true), "no payload became markup or ran");
        Ok(())
    })
    .await
}

/// The id of the profile with this licence number, through the backend.
async fn agent_id(app: &App, licence: &str) -> Result<i64> {
    let agents = app
        .invoke("list_agents", serde_json::json!({}))
        .await?
        .map_err(|e| format!("list_agents: {e}"))?;
    agents
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["licence_number"] == licence)
        .and_then(|a| a["id"].as_i64())
        .ok_or_else(|| format!("no profile {licence} in {agents}").into())
}

#[tokio::test(flavor = "current_thread")]
async fn an_agent_adds_a_colleague_unlocks_them_and_changes_their_own_pin() -> Result {
    with_app("access-agents", Options::default(), async |app| {
        // From the app bar's "More" menu.
        app.click("#nav-more summary").await?;
        app.click("#nav-more a[href='#/admin/agents']").await?;
        app.wait_for_css("#agents-list table").await?;
        app.wait_for_text("TEST-000001").await?;
        // Without a name: the field's own limit, an agent's 60 (not a visitor's 40 as well).
        app.click("#add-agent button[type='submit']").await?;
        app.wait_for_text("请输入姓名").await?;
        let said = app.wait_for_css("#add-agent #name-error").await?.text().await?;
        assert_eq!(said, "请输入姓名（最多 60 个字）。", "one limit, the field's own");
        let name = format!("李雷{}", XSS[0]);
        type_into(app, "#add-agent #name", &name).await?;
        type_into(app, "#add-agent #licence_number", "12").await?;
        type_into(app, "#add-agent #pin", "135790").await?;
        type_into(app, "#add-agent #pin2", "135790").await?;
        app.click("#add-agent button[type='submit']").await?;
        let error = app.wait_for_css("#licence_number-error").await?;
        app.wait_for_text("请输入执业证号").await?;
        assert!(
            error.text().await?.contains("执业证号"),
            "the backend's field error is shown beside the licence field"
        );
        let invalid = app
            .js("return document.querySelector('#licence_number').getAttribute('aria-invalid')")
            .await?;
        assert_eq!(invalid, "true", "the field is marked invalid");
        assert_eq!(
            db_count(&app.data_dir, "SELECT count(*) FROM agents"),
            1,
            "nothing created"
        );
        type_into(app, "#add-agent #licence_number", "LIC-2024-002").await?;
        // The PIN fields are kept after a refusal: submit again.
        app.click("#add-agent button[type='submit']").await?;
        app.wait_for_text("LIC-2024-002").await?;
        let id = agent_id(app, "LIC-2024-002").await?;
        let shown = app
            .wait_for_css(&format!("tr[data-agent='{id}'] .agent-name"))
            .await?
            .text()
            .await?;
        assert_eq!(shown, name, "the typed name is shown exactly, as text");
        let xss = app
            .js("return window.__xss === undefined && !document.querySelector('.agents-table img')")
            .await?;
        assert_eq!(xss.as_bool(), Some(true), "a typed name never becomes markup");

        // Five wrong PINs for the colleague typed in this window: the first ends the test
        // agent's session (a login as another agent), and the lock is charged to it.
        for _ in 0..5 {
            app.invoke(
                "login",
                serde_json::json!({"agentId": id, "pin": "000001"}),
            )
            .await?
            .map_err(|e| format!("login: {e}"))?;
        }
        let session = app
            .invoke("get_session", serde_json::json!({}))
            .await?
            .map_err(|e| format!("get_session: {e}"))?;
        assert_eq!(session["agent"], serde_json::Value::Null, "logged out: {session}");
        assert_eq!(
            db_count(
                &app.data_dir,
                &format!("SELECT count(*) FROM agents WHERE id = {id} AND locked_until_ms IS NOT NULL")
            ),
            1,
            "the profile is locked"
        );
        // Back in as the test agent (the first one, a supervisor): the unlock is refused, since
        // the lock was caused while their session was open here.
        app.sign_in_test_agent().await?;
        app.js("location.hash = '#/admin/agents'; return null").await?;
        app.wait_for_css("#agents-list table").await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Locked until").await?;
        let locked = format!("tr[data-agent='{id}'][data-locked='true']");
        let status = app
            .wait_for_css(&format!("{locked} .agent-status"))
            .await?
            .text()
            .await?;
        assert!(status.starts_with("Locked until"), "shown as locked: {status}");
        let me = agent_id(app, "TEST-000001").await?;
        let role = app
            .wait_for_css(&format!("tr[data-agent='{me}'] .agent-role"))
            .await?
            .text()
            .await?;
        assert_eq!(role, "Supervisor", "the first agent supervises");
        assert_eq!(
            app.js(&format!("return !!document.querySelector(\"tr[data-agent='{me}'] [data-unlock]\")"))
                .await?
                .as_bool(),
            Some(false),
            "no unlock button on one's own row"
        );
        app.click(&format!("{locked} button[data-unlock]")).await?;
        app.wait_for_text("was locked while your session was open").await?;
        app.screenshot("agents-unlock-refused-en").await;
        assert_eq!(
            db_count(
                &app.data_dir,
                "SELECT count(*) FROM audit_log WHERE action = 'agent.unlock'"
            ),
            0,
            "nothing unlocked"
        );
        // The machine's owner lifts it on the command line.
        let cli = std::process::Command::new(presale_tests::presale_binary())
            .args(["agents", "unlock", &id.to_string(), "--data-dir"])
            .arg(&app.data_dir)
            .env_remove("PRESALE_DATA_DIR")
            .output()?;
        assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));

        // A lock caused before this window's sessions (a colleague at the last run's login
        // screen) is the supervisor's to lift from the screen.
        {
            let conn = presale_core::db::open(&app.data_dir.join(presale_core::db::FILE_NAME))?;
            let until = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_millis() as i64
                + 300_000;
            conn.execute(
                "UPDATE agents SET locked_until_ms = ?1, lock_level = 1, locked_from = NULL
                 WHERE id = ?2",
                [until, id],
            )?;
        }
        // Switching language re-renders the screen, so the list is read again.
        app.click("button[data-lang='zh-CN']").await?;
        app.wait_for_text("已锁定至").await?;
        app.wait_for_css(&format!("{locked} button[data-unlock]")).await?;
        app.screenshot("agents-locked-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Locked until").await?;
        app.click(&format!("{locked} button[data-unlock]")).await?;
        app.wait_for_css(&format!("tr[data-agent='{id}'][data-locked='false']"))
            .await?;
        app.wait_for_text("is unlocked").await?;
        assert_eq!(
            db_count(
                &app.data_dir,
                &format!("SELECT count(*) FROM agents WHERE id = {id} AND locked_until_ms IS NULL AND failed_attempts = 0")
            ),
            1,
            "the lock is cleared in the database"
        );
        assert_eq!(
            db_count(
                &app.data_dir,
                &format!("SELECT count(*) FROM audit_log WHERE action = 'agent.unlock' AND entity_id = {id} AND actor = 'agent:{me}'")
            ),
            1,
            "the unlock is audited under the supervisor"
        );
        assert_eq!(
            db_count(
                &app.data_dir,
                &format!("SELECT count(*) FROM audit_log WHERE action = 'agent.unlock' AND entity_id = {id} AND actor = 'cli'")
            ),
            1,
            "and the command line's"
        );

        // Change my PIN: a wrong current PIN says how many tries are left, then the right one.
        type_into(app, "#current_pin", "999999").await?;
        type_into(app, "#new_pin", "135790").await?;
        type_into(app, "#new_pin2", "135790").await?;
        app.click("#change-pin button[type='submit']").await?;
        app.wait_for_text("4 tries left").await?;
        type_into(app, "#current_pin", TEST_PIN).await?;
        type_into(app, "#new_pin", "135790").await?;
        type_into(app, "#new_pin2", "135790").await?;
        app.click("#change-pin button[type='submit']").await?;
        app.wait_for_text("Your PIN was changed").await?;
        assert_eq!(
            db_count(
                &app.data_dir,
                "SELECT count(*) FROM audit_log WHERE action = 'agent.change_pin'"
            ),
            1,
            "the change is audited"
        );
        let old = app
            .invoke("login", serde_json::json!({"agentId": me, "pin": TEST_PIN}))
            .await?
            .map_err(|e| format!("login: {e}"))?;
        assert_eq!(old["status"], "wrong_pin", "the old PIN no longer logs in: {old}");
        Ok(())
    })
    .await
}
