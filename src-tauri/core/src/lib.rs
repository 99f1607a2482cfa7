//! Presale's domain: content, questionnaire, advice and consultation records.
//!
//! Nothing here knows about Tauri or the window. The use cases of a consultation live in
//! `service` (the application layer: who may act, one transaction each); the app in
//! `src-tauri/src` wraps them in one-line commands, and the command line calls the same
//! functions or the domain modules directly.

pub mod access;
pub mod advice;
pub mod audit;
pub mod catalogue;
pub mod clock;
pub mod consultation;
pub mod content;
pub mod date;
pub mod db;
pub mod error;
pub mod fleet;
pub mod household;
pub mod money;
pub mod perils;
pub mod privacy;
pub mod problem;
pub mod questionnaire;
pub mod records;
pub mod service;
pub mod settings;
pub mod steps;
pub mod text;
pub mod validate;

pub use error::{Error, PublicError, Result};
