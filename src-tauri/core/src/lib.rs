//! Presale's domain: content, questionnaire, advice and consultation records.
//!
//! Nothing here knows about Tauri or the window; the app in `src-tauri/src` wraps these functions
//! in thin commands, and the command line calls them directly.

pub mod access;
pub mod advice;
pub mod clock;
pub mod consultation;
pub mod content;
pub mod db;
pub mod error;
pub mod money;
pub mod perils;
pub mod problem;
pub mod questionnaire;
pub mod records;
pub mod settings;

pub use error::{Error, PublicError, Result};
