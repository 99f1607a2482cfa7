//! Opening the desktop window: display check, WebKit workarounds, the builder, agent or kiosk.

use crate::commands;
use crate::state::AppState;
use presale_core::consultation::Mode;
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

/// The window label per mode; capabilities in `capabilities/` grant commands by label.
pub fn label(mode: Mode) -> &'static str {
    match mode {
        Mode::Agent => "main",
        Mode::Kiosk => "kiosk",
    }
}

/// Whether a navigation stays on the app's own pages (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows).
pub fn is_own_page(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        _ => {
            tracing::warn!(%url, "refused to navigate away from the app");
            false
        }
    }
}

/// Why the window cannot open here, if it cannot: checked before GTK gets the chance to panic.
pub fn missing_display() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") {
        None
    } else {
        Some(
            "no display found: DISPLAY and WAYLAND_DISPLAY are not set (run inside a desktop \
             session or under Xvfb, or use a subcommand such as `presale --help`)"
                .to_string(),
        )
    }
}

/// WebKitGTK paints black or stale frames under Xvfb and with some GPU drivers when compositing
/// or the DMA-BUF renderer is on. Turn both off unless the user chose otherwise.
fn apply_webkit_workarounds() {
    for var in [
        "WEBKIT_DISABLE_COMPOSITING_MODE",
        "WEBKIT_DISABLE_DMABUF_RENDERER",
    ] {
        if std::env::var_os(var).is_none() {
            // Still single-threaded here: no other thread reads the environment yet.
            std::env::set_var(var, "1");
        }
    }
}

/// Loading a large library parses every file on several threads; glibc keeps what they freed
/// in per-thread arenas. Hand it back to the system so the app's resident size stays its data.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; no pointer is invalidated.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The agent's window at its designed size, in logical pixels.
const DESIGN_SIZE: (f64, f64) = (1280.0, 800.0);
/// The smallest window the screens are laid out for (no horizontal scroll down to this width).
const MIN_SIZE: (f64, f64) = (1024.0, 700.0);

/// How the agent's window opens on a screen whose work area (the screen less its panels) is
/// `area` logical pixels, with `frame` taken by the window's title bar and borders.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    /// The designed size, centred: the screen has room for it and its frame.
    Designed,
    /// Maximised within the work area, never smaller than `min` (which shrinks on a screen
    /// smaller than the minimum, so the window never runs off it). `size` is the room the work
    /// area leaves: set first, so the window fits even where no window manager maximises it.
    Maximised { min: (f64, f64), size: (f64, f64) },
}

fn fit(area: (f64, f64), frame: (f64, f64)) -> Fit {
    let room = (area.0 - frame.0, area.1 - frame.1);
    if room.0 >= DESIGN_SIZE.0 && room.1 >= DESIGN_SIZE.1 {
        Fit::Designed
    } else {
        let size = (DESIGN_SIZE.0.min(room.0), DESIGN_SIZE.1.min(room.1));
        Fit::Maximised {
            min: (MIN_SIZE.0.min(size.0), MIN_SIZE.1.min(size.1)),
            size,
        }
    }
}

/// Sizes the agent's window to its screen: 1280x800 where that fits, maximised on a smaller
/// screen (a 1024x768 laptop, a 1280x800 one with a panel). Without a monitor to ask (some
/// virtual displays), the window keeps the designed size.
fn fit_to_screen(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    let monitor = match window.current_monitor()? {
        Some(m) => Some(m),
        None => window.primary_monitor()?,
    };
    let Some(monitor) = monitor else {
        return Ok(());
    };
    let scale = monitor.scale_factor();
    let work = monitor.work_area();
    let area = work.size.to_logical::<f64>(scale);
    let origin = work.position.to_logical::<f64>(scale);
    // The title bar and borders, as far as the window system says yet (none without a window
    // manager, as under Xvfb).
    let (outer, inner) = (window.outer_size()?, window.inner_size()?);
    let frame = (
        f64::from(outer.width.saturating_sub(inner.width)) / scale,
        f64::from(outer.height.saturating_sub(inner.height)) / scale,
    );
    // Placed by hand: before the window is first shown its outer size is not known yet, so
    // `center()` would put its corner, not its middle, at the centre of the screen.
    let place = |size: (f64, f64)| {
        window.set_position(tauri::LogicalPosition::new(
            origin.x + ((area.width - size.0 - frame.0) / 2.0).max(0.0),
            origin.y + ((area.height - size.1 - frame.1) / 2.0).max(0.0),
        ))
    };
    match fit((area.width, area.height), frame) {
        Fit::Designed => place(DESIGN_SIZE),
        Fit::Maximised { min, size } => {
            window.set_min_size(Some(tauri::LogicalSize::new(min.0, min.1)))?;
            window.set_size(tauri::LogicalSize::new(size.0, size.1))?;
            place(size)?;
            window.maximize()
        }
    }
}

/// The start-up work begins at the page's first command, or after this if that never comes.
const FIRST_SCREEN_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// How often the backend checks its idle limit (`AppState::settle_idle`).
const IDLE_CHECK: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs the window until it is closed. Returns a one-line error when it cannot start.
pub fn run(state: AppState) -> Result<(), String> {
    if let Some(why) = missing_display() {
        return Err(why);
    }
    apply_webkit_workarounds();
    let mode = state.mode;
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(commands::handler())
        .append_invoke_initialization_script(crate::acl_refusal::script())
        .setup(move |app| {
            let builder =
                WebviewWindowBuilder::new(app, label(mode), WebviewUrl::App("index.html".into()))
                    .title("Presale 保险咨询")
                    .inner_size(DESIGN_SIZE.0, DESIGN_SIZE.1)
                    .min_inner_size(MIN_SIZE.0, MIN_SIZE.1)
                    // Developer tools only in a debug build (a release build lacks the feature).
                    .devtools(cfg!(debug_assertions))
                    // The app's own pages only: no link, script or drop can take the window
                    // elsewhere, and nothing opens a second window.
                    .on_navigation(is_own_page)
                    .on_new_window(|url, _| {
                        tracing::warn!(%url, "refused to open a new window");
                        tauri::webview::NewWindowResponse::Deny
                    });
            let builder = match mode {
                Mode::Agent => builder,
                // A kiosk covers the screen and cannot be closed, minimised or hidden by a visitor.
                Mode::Kiosk => builder
                    .fullscreen(true)
                    .decorations(false)
                    .closable(false)
                    .minimizable(false)
                    .maximizable(false)
                    .resizable(false)
                    .always_on_top(true),
            };
            let window = builder.build()?;
            if mode == Mode::Agent {
                if let Err(e) = fit_to_screen(&window) {
                    // The designed size is still a usable window.
                    tracing::warn!(error = %e, "could not fit the window to the screen");
                }
            }
            // The backend's idle limit, behind the window's own timers (see AppState::settle_idle).
            let idle = app.handle().clone();
            std::thread::Builder::new()
                .name("idle".into())
                .spawn(move || loop {
                    std::thread::sleep(IDLE_CHECK);
                    idle.state::<AppState>().settle_idle();
                })?;
            // Content, search index and the daily backup grow with the library and the records:
            // they load beside the window instead of before it (see AppState::load_in_background).
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("start-up".into())
                .spawn(move || {
                    let state = handle.state::<AppState>();
                    // After the page's first command, so this work never competes with the
                    // window's own start-up (at normal priority: a command waiting for the
                    // content must not wait on a starved thread).
                    state.wait_for_first_screen(FIRST_SCREEN_WAIT);
                    state.load_in_background();
                    // The fleet sync when presale.toml has [sync]: its own thread and connection.
                    if state.startup_problem().is_none() {
                        presale_fleet::worker::spawn(state.data_dir.clone());
                    }
                    return_freed_memory();
                    crate::ready::mark_settled();
                })?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .map_err(|e| format!("the window could not start: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_fits_the_screen_it_opens_on() {
        let title_bar = (0.0, 37.0);
        assert_eq!(
            fit((1920.0, 1040.0), title_bar),
            Fit::Designed,
            "a large screen"
        );
        assert_eq!(
            fit((1280.0, 800.0), (0.0, 0.0)),
            Fit::Designed,
            "exactly the designed size with no frame (a virtual display)"
        );
        assert_eq!(
            fit((1366.0, 728.0), title_bar),
            Fit::Maximised {
                min: (1024.0, 691.0),
                size: (1280.0, 691.0)
            },
            "too short for 800"
        );
        assert_eq!(
            fit((1280.0, 770.0), title_bar),
            Fit::Maximised {
                min: (1024.0, 700.0),
                size: (1280.0, 733.0)
            },
            "a 1280x800 screen with a panel cannot hold 1280x800 and a title bar"
        );
        assert_eq!(
            fit((1024.0, 728.0), title_bar),
            Fit::Maximised {
                min: (1024.0, 691.0),
                size: (1024.0, 691.0)
            },
            "on 1024x768 the minimum shrinks so the window stays on the screen"
        );
    }

    #[test]
    fn only_the_apps_own_pages_are_allowed() {
        for ok in [
            "tauri://localhost/index.html#/",
            "http://tauri.localhost/#/leads",
        ] {
            assert!(is_own_page(&ok.parse().unwrap()), "{ok} is the app");
        }
        for bad in [
            "https://example.com/",
            "http://localhost:8080/",
            "file:///etc/passwd",
            "tauri://evil/",
            "about:blank",
        ] {
            assert!(!is_own_page(&bad.parse().unwrap()), "{bad} must be refused");
        }
    }
}
