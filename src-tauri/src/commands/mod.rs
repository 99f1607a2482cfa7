//! The Tauri commands: one-line wrappers over `presale-core`, grouped by screen.
//!
//! Every command returns `Result<T, PublicError>` so failures reach the UI as `{code, message}`.
//! A new command is also listed in `build.rs` (for the ACL) and granted in `capabilities/`.

pub mod home;

/// The handler with every command, for the builder and for tests.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![home::get_home, home::set_language]
}
