//! A bare Tauri window for the benchmarks: a one-line page and one command, nothing else.

use std::sync::Once;
use tauri::{WebviewUrl, WebviewWindowBuilder};

/// The page's only command. Marks the app ready the first time, like Presale's `get_home`.
#[tauri::command]
fn hello() -> &'static str {
    mark_ready();
    "hello"
}

/// With `PRESALE_READY_FILE` set (by the benchmarks only), writes the time now, in nanoseconds
/// since the Unix epoch, to that file once (a rename, so a reader never sees half a number).
/// The same as `src-tauri/src/ready.rs`.
fn mark_ready() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Some(path) = std::env::var_os("PRESALE_READY_FILE") else {
            return;
        };
        let path = std::path::PathBuf::from(path);
        let ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let tmp = path.with_extension("tmp");
        if std::fs::write(&tmp, format!("{ns}\n")).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    });
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![hello])
        .setup(|app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Bare window")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("bare-window: {e}");
        std::process::exit(1);
    }
}
