//! Presale's desktop shell: command line, window, and the thin Tauri commands over `presale-core`.

pub mod acl_refusal;
pub mod cli;
pub mod cli_advise;
pub mod cli_agents;
pub mod cli_audit;
pub mod cli_backup;
pub mod cli_content;
pub mod cli_fleet;
pub mod cli_fleet_admin;
pub mod cli_records;
pub mod commands;
pub mod logging;
pub mod paths;
pub mod ready;
pub mod session;
pub mod state;
pub mod window;
