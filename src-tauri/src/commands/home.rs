//! Commands of the home screen: what to show first, and the interface language.

use crate::state::AppState;
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
