//! Commands of the records screens (agent mode only; never granted to the kiosk): the records
//! list, the record view and its edits, the client's file, follow-ups, backups, and the start-up
//! notice when the database could not be used.
//!
//! Arguments are single words so JavaScript passes them as is: `invoke("get_record", { id: 7 })`.
//! JSON shapes (snake_case keys inside objects):
//! - `search_records({ query, today? })`: `query` = `RecordQuery` `{text?, from?, to?,
//!   follow_up_due?, status?, page?, page_size?}` -> `RecordPage` `{rows: [RecordRow], total,
//!   page, page_size}`;
//!   `RecordRow` = `{id, status, mode, started_at, ended_at, client_id, client_kind, client_name,
//!   phone, agent_name, follow_up_on, follow_up_status, decision_against_warning}`.
//! - `get_record({ id })` -> `Record` `{consultation, client, outcome, retention: {until, basis,
//!   years}, consents, steps_done: {consents, client, questionnaire, result, products, decision,
//!   finish: bool}, questionnaire_id, clause_states: [{clause_id, content_hash, language,
//!   must_explain, shown_at, explained_at, acknowledged_at}], answers: [{questionnaire_id,
//!   questionnaire_version, question_id, value (JSON), answered_at}], latest_advice:
//!   {questionnaire_id, questionnaire_version, engine_version, advice (JSON), created_at}|null,
//!   attached}` (see `presale_core::records::view::Record`; the UI reads the typed fields,
//!   `attached` holds every row for the export, the advice results' `result`, `profile` and
//!   `overrides` nested JSON). `current_consultation` returns the same shape for the draft.
//! - `record_clauses({ id })` -> `ClauseReport` `{products: [{product_id, name, clauses: [{clause_id,
//!   title, category, must_explain, shown_at, explained_at, acknowledged_at, status:
//!   "acknowledged"|"explained"|"shown", earlier_versions}]}], totals: {shown, must_explain,
//!   explained, acknowledged, must_unexplained, unacknowledged}}`: what the record view and the
//!   printout state about the clauses (see `presale_core::records::clause_report`); audited.
//! - `save_client({ id?, client, consultationId? })`: `client` = `ClientFields` `{kind:
//!   "person"|"enterprise", name, gender?, birth_date?, phone?, email?, address?, occupation?,
//!   legal_representative?, contact_person?, industry?, property?, location?,
//!   disaster_prevention?}`; no `id` creates the client and makes it the consultation's client
//!   (`consultationId`, default the current draft) in one transaction, only with the consent to
//!   saving (and a guardian's for a child under 14) -> `Client` (the fields plus `id,
//!   created_at, updated_at, erased_at`).
//! - `find_clients({ text })` -> `[Client]`: existing clients (not erased) matching a fragment of
//!   the name / unit name, phone or contact person, most recently updated first (at most 20).
//! - `finish_consultation({ id, edit })` and `update_record({ id, edit })`: `edit` = `RecordEdit`
//!   `{client_id?, products?, decision?, decision_against_warning?, notes?, follow_up_on?,
//!   follow_up_status?: "pending"|"done"|"cancelled", outcome?: {status:
//!   "bought"|"deciding"|"declined"|"no_need", product_id?, sum_insured?, premium?, policy_term?:
//!   "one_year_or_less"|"longer", contract_end?}}`; a key left out is unchanged, `""` clears ->
//!   `Consultation`. Choosing a client (`client_id`) also carries their consents under the
//!   current notice, in the same transaction. `agent_name` and `agent_licence` are ignored if
//!   sent: finishing stamps the logged-in agent's from the session, and the products discussed
//!   are the ticked ones plus those whose clauses were presented
//!   (`presale_core::service::consulting`). Finishing needs an outcome (`outcome_status`); the
//!   retention date follows from it (`presale_core::records::retention`).
//! - `record_history({ id })` -> `[Change]` `{id, entity, entity_id, field, old_value, new_value,
//!   actor, changed_at}`, oldest first.
//! - `today` (`YYYY-MM-DD`, the UI's local date) decides what is due in `search_records` (and in
//!   the follow-ups of `home.rs`); default: today in UTC.
//! - `delete_client({ id })` -> `{client_id, consultations: [id]}`.
//! - `current_consultation()` -> `Record` of the agent's draft consultation (started if there is
//!   none): the consultation flow's state in one call (client, consents, clause states, answers,
//!   advice results). Every read here is audited (`presale_core::service::reading`).
//! - `backup_now()` -> `{name, made_at, bytes}`.
//! - `get_startup_problem()` -> `null` or `{kind: "corrupt"|"unreadable"|"read_only"|"too_new",
//!   message, backup: {name, made_at, bytes}|null, temporary_database}`.
//! - `restore_backup({ name })`: restores the named backup from `backups/` (after checking it),
//!   keeps the old file, reopens the database -> `null`. Allowed before login while the app runs
//!   on a temporary database (no agent exists there, so nobody could log in to restore).
//!
//! Errors are `{code, message, field?}`; `invalid_input` names the field.

use super::guard;
use crate::state::AppState;
use presale_core::clock;
use presale_core::privacy::erase::Erased;
use presale_core::records::backup::{self, BackupFile};
use presale_core::records::client::{Client, ClientFields};
use presale_core::records::history::Change;
use presale_core::records::record::{Consultation, RecordEdit};
use presale_core::records::search::{RecordPage, RecordQuery};
use presale_core::records::startup::StartupProblem;
use presale_core::records::{clause_report, view};
use presale_core::service::{consulting, reading, session};
use presale_core::PublicError;
use tauri::State;

/// Records are the agent's: a kiosk window must never reach them, even if its capability were
/// misconfigured, and an agent window only with an agent logged in (the use cases check it
/// too). Returns who the history and the audit log name (`agent:<id>`).
#[tauri::command]
pub fn search_records(
    state: State<'_, AppState>,
    query: RecordQuery,
    today: Option<String>,
) -> Result<RecordPage, PublicError> {
    Ok(reading::records(
        &state.db(),
        guard::acting(&state),
        &query,
        &today_or(today),
    )?)
}

#[tauri::command]
pub fn get_record(state: State<'_, AppState>, id: i64) -> Result<view::Record, PublicError> {
    Ok(reading::record(&state.db(), guard::acting(&state), id)?)
}

#[tauri::command]
pub fn record_clauses(
    state: State<'_, AppState>,
    id: i64,
) -> Result<clause_report::ClauseReport, PublicError> {
    Ok(reading::clauses(
        &state.db(),
        guard::acting(&state),
        &state.library(),
        id,
    )?)
}

#[tauri::command]
pub fn save_client(
    state: State<'_, AppState>,
    id: Option<i64>,
    client: ClientFields,
    consultation_id: Option<i64>,
) -> Result<Client, PublicError> {
    let actor = guard::acting(&state);
    Ok(match id {
        Some(id) => consulting::edit_client(&state.db(), actor, id, &client)?,
        None => consulting::create_client(&state.db(), actor, consultation_id, &client)?,
    })
}

#[tauri::command]
pub fn find_clients(state: State<'_, AppState>, text: String) -> Result<Vec<Client>, PublicError> {
    Ok(reading::clients(&state.db(), guard::acting(&state), &text)?)
}

#[tauri::command]
pub fn finish_consultation(
    state: State<'_, AppState>,
    id: i64,
    edit: RecordEdit,
) -> Result<Consultation, PublicError> {
    let library = state.library();
    let finished = consulting::finish(&state.db(), guard::acting(&state), &library, id, &edit)?;
    // Backups follow the work: at most one an hour, off this command's thread.
    state.backup_after_finish();
    Ok(finished)
}

#[tauri::command]
pub fn update_record(
    state: State<'_, AppState>,
    id: i64,
    edit: RecordEdit,
) -> Result<Consultation, PublicError> {
    let library = state.library();
    Ok(consulting::update(
        &state.db(),
        guard::acting(&state),
        &library,
        id,
        &edit,
    )?)
}

#[tauri::command]
pub fn record_history(state: State<'_, AppState>, id: i64) -> Result<Vec<Change>, PublicError> {
    Ok(reading::history(&state.db(), guard::acting(&state), id)?)
}

/// The day follow-ups are due by: the UI's local date when it sends one (the database keeps UTC,
/// and between midnight and 08:00 in China the UTC date is still yesterday), else today in UTC.
pub(crate) fn today_or(local: Option<String>) -> String {
    local.unwrap_or_else(clock::today)
}

#[tauri::command]
pub fn delete_client(state: State<'_, AppState>, id: i64) -> Result<Erased, PublicError> {
    Ok(consulting::erase_client(
        &state.db(),
        guard::acting(&state),
        id,
    )?)
}

#[tauri::command]
pub fn current_consultation(state: State<'_, AppState>) -> Result<view::Record, PublicError> {
    Ok(consulting::current(&state.db(), guard::acting(&state))?)
}

#[tauri::command]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupFile, PublicError> {
    guard::require_agent(&state)?;
    Ok(backup::backup_now(
        &state.db(),
        &state.data_dir,
        backup::DEFAULT_KEEP,
    )?)
}

// async: it may wait for the integrity check deferred at start-up, off the window's thread.
#[tauri::command]
pub async fn get_startup_problem(
    state: State<'_, AppState>,
) -> Result<Option<StartupProblem>, PublicError> {
    // Before any login: a damaged database must be reported even when no agent can log in.
    super::guard::require_agent_mode(&state)?;
    Ok(state.startup_problem())
}

#[tauri::command]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> Result<(), PublicError> {
    let temporary = state
        .startup_problem()
        .is_some_and(|p| p.temporary_database);
    session::may_restore(guard::acting(&state), temporary)?;
    Ok(state.restore_backup(&name)?)
}

#[cfg(test)]
mod tests {
    /// Every command of this module, as named in `build.rs`.
    const COMMANDS: [&str; 13] = [
        "search_records",
        "record_clauses",
        "current_consultation",
        "find_clients",
        "get_record",
        "save_client",
        "finish_consultation",
        "update_record",
        "record_history",
        "delete_client",
        "backup_now",
        "get_startup_problem",
        "restore_backup",
    ];

    #[test]
    fn records_commands_are_granted_to_the_agent_and_never_to_the_kiosk() {
        let agent = include_str!("../../capabilities/agent.json");
        let kiosk = include_str!("../../capabilities/kiosk.json");
        for c in COMMANDS {
            let permission = format!("\"allow-{}\"", c.replace('_', "-"));
            assert!(agent.contains(&permission), "the agent needs {permission}");
            assert!(
                !kiosk.contains(&permission),
                "a kiosk visitor must never get {permission}"
            );
        }
    }
}
