//! Test support: the commands through Tauri's mock runtime and IPC, with the app's real
//! capabilities, so argument names, JSON shapes, error codes and per-window permissions are
//! exactly what a window sees.

use crate::state::AppState;
use presale_core::consultation::Mode;
use presale_core::db;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tauri::test::{get_ipc_response, mock_builder, noop_assets, MockRuntime, INVOKE_KEY};

/// A window of the mock app.
pub type Window = tauri::WebviewWindow<MockRuntime>;

/// The small valid content tree the checker's fixtures build on.
pub fn fixture_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/content/base")
}

/// The repository's own content (with the shipped questionnaires).
pub fn repository_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// App state in `mode` over an in-memory database and `content`.
pub fn state(mode: Mode, content: PathBuf) -> AppState {
    AppState::with_connection(
        db::open_in_memory().expect("an in-memory database opens"),
        std::env::temp_dir(),
        content,
        mode,
    )
}

/// A window labelled `label` (see `window::label`) over `state`.
pub fn window(state: AppState, label: &str) -> Window {
    let app = mock_builder()
        .manage(state)
        .invoke_handler(crate::commands::handler())
        .build(tauri::generate_context!(
            test = true,
            assets = noop_assets()
        ))
        .expect("the mock app builds");
    tauri::WebviewWindowBuilder::new(&app, label, Default::default())
        .build()
        .expect("the mock window builds")
}

/// Calls a command as the window's script would; the error is the `{code, message}` JSON.
pub fn call(w: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        w,
        tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("a valid origin"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("a JSON response"))
}

/// Sets up the first agent (王芳, PIN 246810), which logs the window in.
pub fn log_in_agent(w: &Window) {
    let agent =
        serde_json::json!({"name": "王芳", "licence_number": "0201-2024-88", "pin": "246810"});
    call(
        w,
        "create_first_agent",
        serde_json::json!({ "agent": agent }),
    )
    .expect("the first agent is created and logged in");
}
