//! The Tauri commands: one-line wrappers over `presale-core`, grouped by screen. A command that
//! acts for someone builds the `Actor` from the session (`guard::acting`) and calls a use case of
//! `presale_core::service`, which checks who may do it and runs it in one transaction.
//!
//! Every command returns `Result<T, PublicError>` so failures reach the UI as `{code, message}`.
//! A new command is also listed in `build.rs` (for the ACL) and granted in `capabilities/`.

pub mod access;
#[cfg(test)]
mod audit_coverage_tests;
#[cfg(test)]
mod backup_idle_tests;
pub mod content;
pub mod fleet;
#[cfg(test)]
mod fleet_status_tests;
pub mod guard;
pub mod home;
#[cfg(test)]
mod mock;
pub mod questionnaire;
pub mod records;

/// The handler with every command, for the builder and for tests.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        home::get_home,
        home::set_language,
        home::get_agent_home,
        home::start_consultation,
        home::resume_consultation,
        home::start_from_lead,
        home::consultation_lead,
        home::list_followups,
        access::get_session,
        access::create_first_agent,
        access::create_agent,
        access::list_agents,
        access::unlock_agent,
        access::change_pin,
        access::login,
        access::first_pin,
        access::logout,
        access::lock_now,
        access::touch_session,
        access::record_consents,
        access::get_consents,
        access::consent_purposes,
        access::withdraw_consent,
        access::submit_lead,
        access::list_leads,
        access::mark_lead_contacted,
        access::reset_visitor,
        content::list_products,
        content::get_product,
        content::get_clause,
        content::get_term,
        content::get_glossary,
        content::get_company,
        content::get_notice,
        content::search_content,
        content::content_problems,
        content::reload_content,
        content::clause_shown,
        content::clause_explained,
        content::clause_acknowledged,
        content::clause_states,
        records::search_records,
        records::get_record,
        records::record_clauses,
        records::save_client,
        records::find_clients,
        records::finish_consultation,
        records::update_record,
        records::record_history,
        records::delete_client,
        records::current_consultation,
        records::backup_now,
        records::get_startup_problem,
        records::restore_backup,
        questionnaire::get_questionnaire,
        questionnaire::get_questionnaire_definition,
        questionnaire::answer_question,
        questionnaire::edit_rows,
        questionnaire::get_answers,
        questionnaire::compute_advice,
        questionnaire::get_advice,
        questionnaire::compute_review,
        questionnaire::get_review,
        questionnaire::clear_answers,
        fleet::get_sync_status,
    ]
}
