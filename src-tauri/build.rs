//! Build script: Tauri's code generation, with every app command under the ACL.

/// Every command the window may call. Each gets `allow-<name>` / `deny-<name>` permissions that
/// the capabilities in `capabilities/` grant per window (agent or kiosk).
const COMMANDS: &[&str] = &[
    "get_home",
    "set_language",
    // The agent's home: what waits, starting and resuming consultations, follow-ups.
    "get_agent_home",
    "start_consultation",
    "resume_consultation",
    "start_from_lead",
    "consultation_lead",
    "list_followups",
    // Access: session, agents, consents, leads, privacy notice, kiosk reset.
    "get_session",
    "create_first_agent",
    "create_agent",
    "list_agents",
    "unlock_agent",
    "change_pin",
    "login",
    "first_pin",
    "logout",
    "lock_now",
    "touch_session",
    "record_consents",
    "get_consents",
    "consent_purposes",
    "withdraw_consent",
    "submit_lead",
    "list_leads",
    "mark_lead_contacted",
    "reset_visitor",
    // Content: catalogue, product, clause, glossary, company, search, problems, presenter.
    "list_products",
    "get_product",
    "get_clause",
    "get_term",
    "get_glossary",
    "get_company",
    "get_notice",
    "search_content",
    "content_problems",
    "reload_content",
    "clause_shown",
    "clause_explained",
    "clause_acknowledged",
    "clause_states",
    // Records (agent only): list, record view and edits, client file, follow-ups, backups.
    "search_records",
    "get_record",
    "record_clauses",
    "save_client",
    "find_clients",
    "finish_consultation",
    "update_record",
    "record_history",
    "delete_client",
    "current_consultation",
    "backup_now",
    "get_startup_problem",
    "restore_backup",
    // Questionnaire and needs analysis (agent and kiosk).
    "get_questionnaire",
    "get_questionnaire_definition",
    "answer_question",
    "edit_rows",
    "get_answers",
    "compute_advice",
    "get_advice",
    "compute_review",
    "get_review",
    "clear_answers",
    // The fleet's sync state (agent only): the app bar's indicator and the admin screen.
    "get_sync_status",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
