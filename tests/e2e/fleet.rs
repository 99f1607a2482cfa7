//! The fleet through the real window: a device enrolled with `presale fleet add-device` and its
//! `presale.toml` `[sync]` pointing at the private PostgreSQL `test.sh` starts; a consultation
//! finished in the window reaches the central database, and the app bar's indicator and the
//! admin screen say it was sent; a consent withdrawn in the window erases the central copy too.
//! Without `[sync]`, and at a kiosk, the bar shows nothing of it.
//!
//! The PostgreSQL tests skip, saying why, without `PRESALE_TEST_PG_URL`, and fail instead when
//! `PRESALE_TEST_PG_REQUIRED` is set (as `test.sh` does), like the fleet crate's own tests.

use presale_tests::{presale_binary, with_app, App, Options, Result};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs blocking PostgreSQL calls off the test's async runtime (the `postgres` client drives
/// one of its own, which cannot start inside another).
fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f)
        .join()
        .expect("the PostgreSQL call panicked")
}

/// A database of its own in the private cluster, as the owner's URL; `None` to skip.
fn server_url(test: &'static str) -> Option<String> {
    blocking(move || create_database(test))
}

fn create_database(test: &str) -> Option<String> {
    let Ok(url) = std::env::var("PRESALE_TEST_PG_URL") else {
        if std::env::var_os("PRESALE_TEST_PG_REQUIRED").is_some() {
            panic!("{test}: PRESALE_TEST_PG_REQUIRED is set but PRESALE_TEST_PG_URL is not");
        }
        eprintln!(
            "{test}: skipped: PRESALE_TEST_PG_URL is not set (./test.sh starts a private \
             PostgreSQL; or scripts/pg-test-cluster.sh start DIR)"
        );
        return None;
    };
    let admin: postgres::Config = url
        .parse()
        .expect("PRESALE_TEST_PG_URL is a PostgreSQL URL");
    // One database per test (the fleet tests of this run may overlap).
    static CREATED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CREATED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let db = format!("presale_e2e_{}_{n}", std::process::id());
    let mut c = admin
        .connect(postgres::NoTls)
        .expect("the private cluster answers");
    // Two statements: CREATE DATABASE cannot run inside the block a multi-statement query makes.
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .and_then(|_| c.batch_execute(&format!("CREATE DATABASE {db}")))
        .expect("a database for the test");
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    Some(format!("{base}/{db}"))
}

/// `presale ARGS` as the DBA runs it; returns standard output, or the error with standard error.
fn presale(args: &[&str]) -> Result<String> {
    let o = Command::new(presale_binary())
        .args(args)
        .env_remove("PRESALE_FLEET_SERVER")
        .env_remove("PGPASSWORD")
        .output()?;
    if !o.status.success() {
        return Err(format!("presale {args:?}: {}", String::from_utf8_lossy(&o.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The schema created and this device enrolled by head office, its settings and password file
/// in `data_dir` as README "Fleet" says (plus a short interval, so the test waits seconds).
fn enrol(url: &str, data_dir: &Path) -> Result {
    presale(&["fleet", "init", "--server", url])?;
    // Login roles are the cluster's, not one database's: a name of its own per enrolment.
    static ENROLLED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = ENROLLED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("e2e-{}-{n}", std::process::id());
    let password = data_dir.join("fleet-password");
    let printed = presale(&[
        "fleet",
        "add-device",
        &name,
        "--server",
        url,
        "--password-file",
        password.to_str().ok_or("a UTF-8 path")?,
    ])?;
    let settings: String = printed
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        data_dir.join("presale.toml"),
        format!("{settings}interval_secs = 5\n"),
    )?;
    Ok(())
}

fn query_count(url: &str, sql: &str) -> Result<i64> {
    let (url, sql) = (url.to_string(), sql.to_string());
    blocking(move || -> Result<i64> {
        let mut c = url.parse::<postgres::Config>()?.connect(postgres::NoTls)?;
        Ok(c.query_one(sql.as_str(), &[])?.get(0))
    })
}

async fn type_into(app: &App, css: &str, text: &str) -> Result {
    let el = app.wait_for_css(css).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

/// A consultation finished through the window: the consent to saving, a client, the outcome.
async fn finish_in_window(app: &App, name: &str) -> Result {
    app.click("a[href='#/consult']").await?;
    app.wait_for_css("#step-consents").await?;
    app.click("#open-consents").await?;
    app.click("#consent-save_consultation").await?;
    app.click("#consent-form button[type='submit']").await?;
    app.wait_for_css("button[data-step='consents'].done")
        .await?;
    app.click("button[data-step='client']").await?;
    app.wait_for_css("#client-form").await?;
    type_into(app, "#client-name", name).await?;
    type_into(app, "#client-phone", "13812345678").await?;
    app.click("#save-client").await?;
    app.wait_for_css("button[data-step='client'].done").await?;
    app.click("button[data-step='finish']").await?;
    app.wait_for_css("#finish-agent").await?;
    app.click("#outcome_status-deciding").await?;
    app.click("#finish-consultation").await?;
    app.wait_for_css("article.record").await?;
    Ok(())
}

/// Waits until the app bar's indicator is in `state` (the worker syncs every 5 s here).
async fn indicator_in(app: &App, state: &str) -> Result<String> {
    let css = format!("#sync-indicator[data-state='{state}']");
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        if let Ok(Some(text)) = app
            .js(&format!(
                "const e = document.querySelector({css:?}); return e ? e.innerText : null"
            ))
            .await
            .map(|v| v.as_str().map(str::to_string))
        {
            return Ok(text);
        }
        if Instant::now() > deadline {
            let now = app
                .js("const e = document.querySelector('#sync-indicator'); return e ? e.outerHTML : 'none'")
                .await?;
            return Err(format!("the indicator never showed `{state}`: {now}").into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_consultation_finished_in_the_window_reaches_postgresql_and_the_bar_says_sent() -> Result
{
    let Some(url) = server_url("e2e fleet") else {
        return Ok(());
    };
    let data = tempfile::Builder::new()
        .prefix("presale-e2e-fleet-")
        .tempdir()?;
    enrol(&url, data.path())?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        ..Options::default()
    };
    with_app("fleet-sent", options, async |app| {
        finish_in_window(app, "林晓").await?;
        let deadline = Instant::now() + Duration::from_secs(40);
        while query_count(&url, "SELECT count(*) FROM fleet.consultations")? < 1 {
            if Instant::now() > deadline {
                return Err("the finished consultation never reached PostgreSQL".into());
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        assert_eq!(
            query_count(
                &url,
                "SELECT count(*) FROM fleet.consultations c JOIN fleet.clients cl
                   ON cl.device_id = c.device_id AND cl.local_id = c.client_local_id
                  WHERE cl.name = '林晓' AND c.status = 'finished'
                    AND c.agent_licence = 'TEST-000001'"
            )?,
            1,
            "the central copy names the client and the logged-in agent's licence"
        );
        // Another screen redraws the bar, which reads the state again: now it was sent.
        app.click("a[href='#/records']").await?;
        let text = indicator_in(app, "sent").await?;
        assert!(
            text.contains("已上传"),
            "the indicator says it was sent: {text}"
        );
        let waiting = app
            .js("return document.querySelector('#sync-indicator').dataset.waiting")
            .await?;
        assert_eq!(waiting, serde_json::json!("0"), "nothing waits");
        app.screenshot("fleet-indicator-zh").await;

        app.click("#sync-indicator").await?;
        app.wait_for_css("#sync-status[data-state='sent']").await?;
        let waiting = app.wait_for_css("#sync-waiting").await?.text().await?;
        assert!(waiting.starts_with("0 份咨询记录"), "{waiting}");
        let screen = app.visible_text().await?;
        assert!(
            screen.contains("待上传") && screen.contains("上次成功"),
            "the admin screen shows what waits and the last success: {screen}"
        );
        for leak in ["postgres://", "presale_device", "SELECT", "fleet-password"] {
            assert!(!screen.contains(leak), "{leak} on the screen: {screen}");
        }
        app.screenshot("fleet-status-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Sync with head office").await?;
        app.wait_for_text("Everything was sent to head office.")
            .await?;
        let en = indicator_in(app, "sent").await?;
        assert_eq!(en.trim(), "Sent", "{en}");
        app.screenshot("fleet-status-en").await;
        app.click("#display-menu summary").await?;
        app.click("#toggle-size").await?;
        app.click("#main").await?; // closes the display menu
                                   // In large type the bar stays two rows with the indicator in it.
        let bar = app
            .js("return document.querySelector('#app-bar').getBoundingClientRect().height")
            .await?;
        let height = bar.as_f64().unwrap_or(1e9);
        assert!(
            height <= 160.0,
            "the app bar is {height} px high in large type"
        );
        app.screenshot("fleet-status-en-large").await;
        app.click("button[data-lang='zh-CN']").await?;
        app.wait_for_text("与总部同步").await?;
        app.screenshot("fleet-status-zh-large").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_server_that_cannot_be_reached_is_said_in_words_and_the_record_waits() -> Result {
    // No server needed: the device points at a loopback port nobody listens on.
    let data = tempfile::Builder::new()
        .prefix("presale-e2e-fleet-")
        .tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    std::fs::write(
        data.path().join("presale.toml"),
        format!(
            "[sync]\nserver = \"postgres://presale_device_x@127.0.0.1:{port}/presale\"\n\
             password_file = \"fleet-password\"\ninterval_secs = 5\n"
        ),
    )?;
    let pw = data.path().join("fleet-password");
    std::fs::write(&pw, "not-used\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600))?;
    }
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        ..Options::default()
    };
    with_app("fleet-unreachable", options, async |app| {
        finish_in_window(app, "周敏").await?;
        let text = indicator_in(app, "failing").await?;
        assert!(text.contains("未能上传"), "{text}");
        app.screenshot("fleet-indicator-failing-zh").await;
        app.click("#sync-indicator").await?;
        app.wait_for_css("#sync-status[data-state='failing']")
            .await?;
        let screen = app.visible_text().await?;
        assert!(
            screen.contains("连不上总部服务器"),
            "the problem in words: {screen}"
        );
        assert!(
            screen.contains("1 份咨询记录"),
            "one record waits: {screen}"
        );
        assert!(
            !screen.contains(&port.to_string()),
            "no address on the screen: {screen}"
        );
        app.screenshot("fleet-status-failing-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("cannot reach head office's server")
            .await?;
        app.screenshot("fleet-status-failing-en").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn without_a_sync_section_or_at_a_kiosk_the_bar_shows_nothing_of_the_fleet() -> Result {
    with_app("fleet-none", Options::default(), async |app| {
        app.wait_for_css("#agent-id").await?;
        // Give the indicator's first read time to answer.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let shown = app
            .js("return !!document.querySelector('#sync-indicator')")
            .await?;
        assert_eq!(shown, serde_json::json!(false), "no [sync]: no indicator");
        app.reload_at("#/admin/sync").await?;
        app.wait_for_text("没有加入总部同步").await?;
        Ok(())
    })
    .await?;
    let data = tempfile::Builder::new()
        .prefix("presale-e2e-fleet-")
        .tempdir()?;
    std::fs::write(
        data.path().join("presale.toml"),
        "[sync]\nserver = \"postgres://presale_device_x@127.0.0.1:9/presale\"\n\
         password_file = \"fleet-password\"\n",
    )?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        kiosk: true,
        ..Options::default()
    };
    with_app("fleet-kiosk", options, async |app| {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let shown = app
            .js("return !!document.querySelector('#sync-indicator')")
            .await?;
        assert_eq!(
            shown,
            serde_json::json!(false),
            "a kiosk visitor sees no sync state"
        );
        Ok(())
    })
    .await
}

/// Waits until `sql` counts `want` in the central database.
async fn central_reaches(url: &str, sql: &str, want: i64, what: &str) -> Result {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let got = query_count(url, sql)?;
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{what}: {got}, not {want}, after 40 s").into());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_consent_withdrawn_in_the_window_erases_the_central_copy() -> Result {
    let Some(url) = server_url("e2e fleet withdrawal") else {
        return Ok(());
    };
    let data = tempfile::Builder::new()
        .prefix("presale-e2e-fleet-withdraw-")
        .tempdir()?;
    enrol(&url, data.path())?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        ..Options::default()
    };
    with_app("fleet-withdraw", options, async |app| {
        finish_in_window(app, "宋佳").await?;
        central_reaches(
            &url,
            "SELECT count(*) FROM fleet.consultations c JOIN fleet.clients cl
               ON cl.device_id = c.device_id AND cl.local_id = c.client_local_id
              WHERE cl.name = '宋佳' AND c.status = 'finished' AND c.record IS NOT NULL",
            1,
            "the finished record and its client at head office",
        )
        .await?;
        // The client asks to withdraw the consent to saving: from the record, as agents do.
        app.click("#consents button[data-withdraw]").await?;
        app.click("#withdraw-confirm").await?;
        app.wait_for_text("已撤回“保存本次咨询记录”的同意").await?;
        let local = |sql: &str| crate::access::db_count(&app.data_dir, sql);
        assert_eq!(
            local("SELECT count(*) FROM consultations WHERE erased_at IS NOT NULL"),
            1,
            "erased on the device"
        );
        // The tombstone travels with the next sync: the central record is emptied as well.
        central_reaches(
            &url,
            "SELECT count(*) FROM fleet.consultations WHERE record IS NULL AND erased_at IS NOT NULL",
            1,
            "the central copy erased",
        )
        .await?;
        assert_eq!(
            query_count(
                &url,
                "SELECT count(*) FROM fleet.consultations WHERE record::text LIKE '%宋佳%'"
            )?,
            0,
            "no central record names the client any more"
        );
        assert_eq!(
            query_count(&url, "SELECT count(*) FROM fleet.erasures")?,
            1,
            "one erasure applied at head office"
        );
        assert_eq!(
            query_count(&url, "SELECT count(*) FROM fleet.clients WHERE name = '宋佳'")?,
            local("SELECT count(*) FROM clients WHERE name = '宋佳'"),
            "the central client file follows the device's"
        );
        Ok(())
    })
    .await
}
