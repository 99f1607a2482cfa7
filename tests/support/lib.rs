//! The end-to-end harness: starts the real `presale` binary through tauri-driver and
//! WebKitWebDriver under the current X display, and drives it as a user would.
//!
//! Each `App` gets its own temporary data directory (or a given one, to test restarts). On failure,
//! and for every `screenshot` call when `PRESALE_SCREENSHOTS=1`, a PNG of the window is saved under
//! `target/e2e-screenshots/`.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, MutexGuard};

mod axe;
mod screen;

/// Errors in tests are plain boxed errors with a message saying what was expected.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;

/// How long to wait for something to appear on screen.
pub const WAIT: Duration = Duration::from_secs(15);

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The `presale` binary under test. `test.sh` builds it before `cargo test` runs: a nested
/// `cargo build` from inside a test would wait forever on the lock the outer cargo holds.
pub fn presale_binary() -> PathBuf {
    let path = target_dir().join("debug").join("presale");
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build -p presale` (test.sh does) before the end-to-end tests",
        path.display()
    );
    path
}

/// One end-to-end test at a time: WebKit under one Xvfb on a 2-core machine is not a place for
/// parallel windows, and a shared lock keeps timings honest.
async fn exclusive() -> MutexGuard<'static, ()> {
    static LOCK: OnceLock<Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| Mutex::new(())).lock().await
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Options for starting the app.
#[derive(Default, Clone)]
pub struct Options {
    /// Reuse this data directory (to test what survives a restart).
    pub data_dir: Option<PathBuf>,
    /// Use this content tree instead of the repository's.
    pub content_dir: Option<PathBuf>,
    /// Start as a kiosk.
    pub kiosk: bool,
    /// Extra environment for the app.
    pub env: Vec<(String, String)>,
    /// Agent mode: stay on the set-up or login screen. By default a test agent (`TEST_PIN`) is
    /// created or logged in, so a test starts on the home screen like a working agent.
    pub signed_out: bool,
    /// Run on a screen of its own this size (`screen::Screen`), as on a tablet: the window opens
    /// on it as narrow as it is, and screenshots grab that screen.
    pub screen: Option<(u32, u32)>,
}

/// The PIN of the agent the harness creates.
pub const TEST_PIN: &str = "246810";

/// The running app, through its WebDriver session.
pub struct App {
    pub client: Client,
    driver: Child,
    pub data_dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
    _lock: MutexGuard<'static, ()>,
    name: String,
    /// Declared last: dropped after the driver field, the app's own screen goes after the app.
    screen: Option<screen::Screen>,
}

impl App {
    /// Starts the app and waits until its first screen has rendered.
    pub async fn start(name: &str, options: Options) -> Result<App> {
        let lock = exclusive().await;
        let binary = presale_binary();
        let (temp, data_dir) = match options.data_dir {
            Some(d) => (None, d),
            None => {
                let t = tempfile::Builder::new().prefix("presale-e2e-").tempdir()?;
                let d = t.path().to_path_buf();
                (Some(t), d)
            }
        };
        let screen = options
            .screen
            .map(|(w, h)| screen::Screen::start(w, h))
            .transpose()?;
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(tauri_driver()?);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        // The app inherits the driver's environment: that is how it gets its data directory.
        .env("PRESALE_DATA_DIR", &data_dir)
        .env("PRESALE_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if let Some(content) = &options.content_dir {
            cmd.env("PRESALE_CONTENT_DIR", content);
        }
        if options.kiosk {
            cmd.env("PRESALE_KIOSK", "1");
        }
        if let Some(s) = &screen {
            cmd.env("DISPLAY", &s.display);
        }
        for (k, v) in &options.env {
            cmd.env(k, v);
        }
        let driver = cmd
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver: {e}"))?;
        let app = App {
            client: wait_for_session(port, &binary).await?,
            driver,
            data_dir,
            _temp: temp,
            _lock: lock,
            name: name.to_string(),
            screen,
        };
        let ready = match app.wait_ready().await {
            Ok(()) if !options.kiosk && !options.signed_out => app.sign_in_test_agent().await,
            other => other,
        };
        if let Err(e) = ready {
            app.save_screenshot("start-failed").await;
            app.stop().await;
            return Err(e);
        }
        Ok(app)
    }

    async fn wait_ready(&self) -> Result {
        self.wait_for_css("main[aria-busy='false'] h1").await?;
        Ok(())
    }

    /// Creates the test agent on first start, or logs it in, through the backend commands, then
    /// reloads so the route guard shows the home screen with the agent in the app bar.
    pub async fn sign_in_test_agent(&self) -> Result {
        let script = format!(
            r#"const done = arguments[0];
            const inv = window.__TAURI_INTERNALS__.invoke;
            (async () => {{
              const s = await inv("get_session");
              if (!s.agent_exists) {{
                await inv("create_first_agent", {{ agent: {{ name: "Test Agent", licence_number: "TEST-000001", pin: "{TEST_PIN}" }} }});
              }} else if (!s.agent) {{
                const agents = await inv("list_agents");
                const r = await inv("login", {{ agentId: agents[0].id, pin: "{TEST_PIN}" }});
                if (r.status !== "ok") throw new Error(JSON.stringify(r));
              }}
            }})().then(() => done("ok"), (e) => done("error: " + ((e && e.message) || JSON.stringify(e))));"#
        );
        // The script is idempotent (it asks the session first), so a run cut short by a page
        // load ("callback was not called before the unload event") is simply tried again.
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.client.execute_async(&script, vec![]).await {
                Ok(v) if v.as_str() == Some("ok") => break,
                Ok(v) if attempt >= 3 => {
                    return Err(format!("the test agent could not sign in: {v}").into())
                }
                Err(e) if attempt >= 3 => return Err(e.into()),
                _ => tokio::time::sleep(Duration::from_millis(300)).await,
            }
        }
        self.reload_at("#/").await?;
        self.wait_for_css("#agent-id").await?;
        self.wait_ready().await
    }

    /// Waits for an element matching `css` and returns it.
    pub async fn wait_for_css(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("`{css}` did not appear within {WAIT:?}: {e}").into())
    }

    /// Waits until the page's visible text contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> Result {
        let deadline = Instant::now() + WAIT;
        loop {
            let body = self.visible_text().await?;
            if body.contains(text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(
                    format!("text {text:?} did not appear; the screen shows:\n{body}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text a person sees in the window.
    pub async fn visible_text(&self) -> Result<String> {
        let v = self
            .client
            .execute("return document.body.innerText", vec![])
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> Result {
        let el = self.wait_for_css(css).await?;
        // Name the element: a bare "ElementClickIntercepted" does not say which click failed.
        el.click()
            .await
            .map_err(|e| format!("clicking `{css}`: {e:?}"))?;
        Ok(())
    }

    /// Runs a script in the page and returns its result.
    pub async fn js(&self, script: &str) -> Result<serde_json::Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Goes to `hash` and reloads the page, as a person pressing F5 there would. The reload is
    /// started a moment after the script has answered: a page unloading while WebKitWebDriver
    /// still waits for the answer fails the call ("callback was not called before the unload
    /// event"), which made sign-ins flaky on a busy machine. Should it happen anyway, the reload
    /// is what was asked for, so that error is not one.
    pub async fn reload_at(&self, hash: &str) -> Result {
        let script = format!(
            "window.__beforeReload = true; location.hash = {}; \
             setTimeout(() => location.reload(), 150); return null",
            serde_json::Value::String(hash.to_string())
        );
        match self.js(&script).await {
            Err(e) if e.to_string().contains("unload") => {}
            other => {
                other?;
            }
        }
        // Back only once the new page is there, so no later step acts on the old one.
        let deadline = Instant::now() + WAIT;
        loop {
            let gone = self
                .js("return window.__beforeReload === undefined && document.readyState !== 'loading'")
                .await;
            if matches!(gone, Ok(serde_json::Value::Bool(true))) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the page at {hash} did not reload within {WAIT:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Calls a backend command from inside the page, exactly as the UI would. Returns the value, or
    /// the `{code, message}` error as `Err(json)`.
    pub async fn invoke(
        &self,
        command: &str,
        args: serde_json::Value,
    ) -> Result<std::result::Result<serde_json::Value, serde_json::Value>> {
        let out = self
            .client
            .execute_async(
                "const [cmd, args, done] = arguments;
                 window.__TAURI_INTERNALS__.invoke(cmd, args)
                   .then(v => done({ ok: v === undefined ? null : v }), e => done({ err: e }));",
                vec![command.into(), args],
            )
            .await?;
        Ok(match out.get("ok") {
            Some(v) => Ok(v.clone()),
            None => Err(out.get("err").cloned().unwrap_or_default()),
        })
    }

    /// Saves a PNG when `PRESALE_SCREENSHOTS` is set (after the next frame has painted).
    pub async fn screenshot(&self, label: &str) {
        if std::env::var_os("PRESALE_SCREENSHOTS").is_some() {
            self.save_screenshot(label).await;
        }
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/<test>-<label>.png`.
    pub async fn save_screenshot(&self, label: &str) {
        // A screenshot right after a change can show the previous frame: let WebKit paint.
        let _ = self
            .client
            .execute_async(
                // The timer is a fallback: WebKit stops animation frames for a window it thinks
                // hidden, and the driver would then wait on this script forever.
                "const done = arguments[0]; let sent = false; const f = () => { if (!sent) { sent = true; done(); } };
                 requestAnimationFrame(() => requestAnimationFrame(f)); setTimeout(f, 500);",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let dir = target_dir().join("e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        // Labels may carry selectors ("method[data-method='x']"): keep the file name plain, as
        // ImageMagick reads brackets and colons in a name as options.
        let label: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let path = dir.join(format!("{}-{label}.png", self.name));
        // The X screen (the window fills it) is grabbed with ImageMagick: WebKitWebDriver's own
        // screenshot sometimes never answers on a loaded machine, and while it hangs the session
        // serves no other command. Its screenshot is the fallback when `import` is missing.
        let mut grab = std::process::Command::new("import");
        if let Some(s) = &self.screen {
            grab.env("DISPLAY", &s.display);
        }
        let grabbed = grab.args(["-window", "root"]).arg(&path).status();
        if matches!(&grabbed, Ok(s) if s.success()) {
            eprintln!("screenshot: {}", path.display());
            return;
        }
        match tokio::time::timeout(Duration::from_secs(20), self.client.screenshot())
            .await
            .unwrap_or_else(|_| Err(fantoccini::error::CmdError::WaitTimeout))
        {
            Ok(png) => {
                if std::fs::write(&path, png).is_ok() {
                    eprintln!("screenshot: {}", path.display());
                }
            }
            Err(e) => eprintln!("screenshot failed: {e}; X screen grab: {grabbed:?}"),
        }
    }

    /// The pid of the running `presale` process: the descendant of tauri-driver (through
    /// WebKitWebDriver) whose executable is the app's binary.
    pub fn app_pid(&self) -> Option<i32> {
        let binary = presale_binary().canonicalize().ok()?;
        let mut parents: Vec<(i32, i32)> = Vec::new();
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            // `/proc/<pid>/stat`: "pid (comm) state ppid ..."; comm may hold spaces.
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
            if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
                parents.push((pid, ppid));
            }
        }
        let mut family = vec![self.driver.id() as i32];
        let mut i = 0;
        while i < family.len() {
            let parent = family[i];
            family.extend(
                parents
                    .iter()
                    .filter(|(_, pp)| *pp == parent)
                    .map(|(p, _)| *p),
            );
            i += 1;
        }
        family.into_iter().skip(1).find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
        })
    }

    /// Kills the app with SIGKILL (no handler runs, nothing is flushed) and waits until it is
    /// gone; the driver stays, so `stop` still ends it cleanly.
    pub fn kill_app(&self) -> Result {
        let pid = self.app_pid().ok_or("the presale process was not found")?;
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            // Gone, or a zombie its parent has not reaped yet: either way it runs no more.
            match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
                Err(_) => return Ok(()),
                Ok(s)
                    if s.rsplit_once(')')
                        .is_some_and(|(_, r)| r.trim_start().starts_with('Z')) =>
                {
                    return Ok(())
                }
                Ok(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        Err(format!("presale (pid {pid}) survived SIGKILL").into())
    }

    /// Ends the session and stops the driver (which stops the app).
    pub async fn stop(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        terminate(&mut self.driver);
    }
}

/// Runs a test body against a freshly started app; saves a screenshot if it fails.
pub async fn with_app<F>(name: &str, options: Options, body: F) -> Result
where
    F: AsyncFnOnce(&App) -> Result,
{
    let app = App::start(name, options).await?;
    let outcome = body(&app).await;
    if outcome.is_err() {
        app.save_screenshot("failure").await;
    }
    app.stop().await;
    outcome
}

fn tauri_driver() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return Ok(PathBuf::from(p));
    }
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin")));
    for dir in candidates {
        let p = dir.join("tauri-driver");
        if p.is_file() {
            return Ok(p);
        }
    }
    Err("tauri-driver not found: run ./test.sh, which installs it".into())
}

async fn wait_for_session(port: u16, binary: &Path) -> Result<Client> {
    let url = format!("http://127.0.0.1:{port}");
    // Wait until the driver answers before asking for a session.
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("tauri-driver did not listen on port {port}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Exactly this capability: adding a browserName makes WebKitWebDriver refuse to match.
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary }),
    );
    let mut last = String::new();
    while Instant::now() < deadline {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return Ok(c),
            Err(e) => {
                last = e.to_string();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    Err(format!("no WebDriver session: {last}").into())
}

fn terminate(child: &mut Child) {
    // SIGTERM lets tauri-driver stop WebKitWebDriver; SIGKILL would leave it holding its port.
    let pid = child.id() as libc::pid_t;
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
