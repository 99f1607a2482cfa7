//! The fleet's sync state for the agent's window (never granted to the kiosk): the app bar's
//! indicator and the admin screen read it; the sync itself runs on its own thread
//! (`presale_fleet::worker`).
//!
//! JSON shape: `get_sync_status()` -> `{configured, state: "failing"|"waiting"|"sent"|"not_yet",
//! waiting, last_success_at, last_attempt_at, problem: null|"config"|"unreachable"|"refused"|
//! "tls"|"schema"|"server"|"local"}` (see `presale_fleet::status`). `configured` is false when
//! `presale.toml` has no `[sync]` section: the window then shows nothing of the fleet. The
//! problem is a kind, never the server's words, SQL or an address.

use super::guard;
use crate::state::AppState;
use presale_core::PublicError;
use presale_fleet::status::{self, SyncStatus};
use tauri::State;

#[tauri::command]
pub fn get_sync_status(state: State<'_, AppState>) -> Result<SyncStatus, PublicError> {
    guard::require_agent(&state)?;
    Ok(status::read(&state.db(), &state.data_dir)?)
}
