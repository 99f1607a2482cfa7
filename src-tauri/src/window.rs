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

/// The start-up work begins at the page's first command, or after this if that never comes.
const FIRST_SCREEN_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

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
                    .inner_size(1280.0, 800.0)
                    .min_inner_size(1024.0, 700.0)
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
            builder.build()?;
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
