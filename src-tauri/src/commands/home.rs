//! Commands of the home screen: what to show first, the interface language, and the agent's home
//! (agent window only; never granted to the kiosk).
//!
//! JSON shapes (snake_case keys inside objects):
//! - `get_agent_home({ today? })` -> `{in_progress: [{id, started_at, updated_at, client_name,
//!   lead_name, step}], follow_ups: [FollowUp], call_backs: [Lead]}` in one audited read
//!   (`presale_core::service::home`); `step` is one of `presale_core::steps::STEPS`, where
//!   resuming opens the consultation.
//! - `FollowUp` = a `RecordRow` (see `records.rs`) plus `due: "overdue"|"today"|"soon"|"later"`
//!   and `days` (from today to the date, negative when overdue). The home lists those overdue and
//!   of the coming 7 days; `list_followups({ today? })` -> `[FollowUp]` lists every pending one,
//!   overdue first then by date.
//! - `Lead` = `{id, name, phone, topic, preferred_time, language, source, created_at, status:
//!   "new"|"contacted"|"in_consultation", consent_granted_at, consultation_id}`.
//! - `start_consultation()` -> `{consultation_id, step}`: the agent draft, started if there is
//!   none. `resume_consultation({ id })` -> the same for draft `id`, made the current one (a
//!   finished or kiosk consultation: `invalid_input`, field `consultation`).
//! - `start_from_lead({ id })` -> `{consultation_id, step}`: a new consultation from call-back
//!   request `id`, the lead then being handled; a lead already taken opens its consultation, one
//!   whose consultation is finished is `invalid_input` (field `lead`).
//! - `consultation_lead({ consultationId })` -> `Lead` | `null`: the call-back request the
//!   consultation was started from (its details to offer for the client file, its consent).
//!
//! `today` is the UI's local date (`YYYY-MM-DD`); default: today in UTC.

use super::guard;
use super::records::today_or;
use crate::state::AppState;
use presale_core::privacy::lead::Lead;
use presale_core::records::followup::FollowUp;
use presale_core::service::home::{self, AgentHome, Opened};
use presale_core::service::{leads, reading};
use presale_core::settings::{self, Language};
use presale_core::PublicError;
use serde::Serialize;
use tauri::State;

/// Everything the home screen needs in one call.
#[derive(Debug, Serialize)]
pub struct Home {
    pub language: Language,
    pub mode: presale_core::consultation::Mode,
    pub version: &'static str,
}

#[tauri::command]
pub fn get_home(state: State<'_, AppState>) -> Result<Home, PublicError> {
    let home = Home {
        language: settings::language(&state.db_for_first_screen())?,
        mode: state.mode,
        version: env!("CARGO_PKG_VERSION"),
    };
    crate::ready::mark();
    // The window is up: start-up work that grows with the data may begin (see window.rs).
    state.first_screen_asked();
    Ok(home)
}

#[tauri::command]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<(), PublicError> {
    Ok(settings::set_language(&state.db(), language)?)
}

#[tauri::command]
pub fn get_agent_home(
    state: State<'_, AppState>,
    today: Option<String>,
) -> Result<AgentHome, PublicError> {
    let today = today_or(today);
    Ok(home::agent_home(
        &state.db(),
        guard::acting(&state),
        &today,
    )?)
}

#[tauri::command]
pub fn start_consultation(state: State<'_, AppState>) -> Result<Opened, PublicError> {
    Ok(home::start(&state.db(), guard::acting(&state))?)
}

#[tauri::command]
pub fn resume_consultation(state: State<'_, AppState>, id: i64) -> Result<Opened, PublicError> {
    Ok(home::resume(&state.db(), guard::acting(&state), id)?)
}

#[tauri::command]
pub fn start_from_lead(state: State<'_, AppState>, id: i64) -> Result<Opened, PublicError> {
    Ok(leads::start_consultation(
        &state.db(),
        guard::acting(&state),
        id,
    )?)
}

#[tauri::command]
pub fn consultation_lead(
    state: State<'_, AppState>,
    consultation_id: i64,
) -> Result<Option<Lead>, PublicError> {
    Ok(leads::of_consultation(
        &state.db(),
        guard::acting(&state),
        consultation_id,
    )?)
}

#[tauri::command]
pub fn list_followups(
    state: State<'_, AppState>,
    today: Option<String>,
) -> Result<Vec<FollowUp>, PublicError> {
    let today = today_or(today);
    Ok(reading::follow_ups(
        &state.db(),
        guard::acting(&state),
        &today,
    )?)
}
