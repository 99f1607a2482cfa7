//! Every command that returns personal data leaves one audit entry (NFRA art. 31): each command
//! `build.rs` names is classified here as returning a client's personal data or not, so a new
//! command fails this test until someone decides; each of the first kind is run, as an agent,
//! through the mock IPC over a consultation holding a client, answers (health ones too) and
//! clause events, and must add exactly one audit entry, naming its consultation or client and
//! holding none of the personal values.

use crate::commands::mock::{self, call, Window};
use crate::state::AppState;
use presale_core::consultation::Mode;
use serde_json::{json, Value};
use tauri::Manager;

/// What the setup's client is called and reached at: never to be seen in an audit entry.
const NAME: &str = "审计测试客户";
const PHONE: &str = "13912345678";

/// Commands returning a client's or visitor's personal data (client fields, answers and the
/// profile derived from them, records, their history, follow-ups, leads), each with arguments
/// that make it return some. `{id}` and `{client}` are replaced with the setup's consultation
/// and client. Run in this order (finishing ends the draft).
const PERSONAL: &[(&str, &str)] = &[
    ("current_consultation", "{}"),
    ("get_record", r#"{"id": "{id}"}"#),
    ("record_clauses", r#"{"id": "{id}"}"#),
    ("search_records", r#"{"query": {}}"#),
    ("find_clients", r#"{"text": "审计"}"#),
    ("record_history", r#"{"id": "{id}"}"#),
    ("list_followups", r#"{"today": "2099-01-01"}"#),
    ("get_agent_home", r#"{"today": "2099-01-01"}"#),
    ("consultation_lead", r#"{"consultationId": "{id}"}"#),
    (
        "submit_lead",
        r#"{"lead": {"name": "留言人", "phone": "13712345678", "topic": "family_protection", "preferred_time": "工作日晚上", "consent_to_contact": true, "notice_version": "{notice}"}}"#,
    ),
    ("list_leads", "{}"),
    ("get_questionnaire", r#"{"id": "family"}"#),
    ("get_answers", r#"{"questionnaireId": "family"}"#),
    (
        "answer_question",
        r#"{"questionnaireId": "family", "questionId": "monthly_expenses", "value": "8000"}"#,
    ),
    (
        "edit_rows",
        // A whole member (an empty row would leave the review below nothing to work on).
        r#"{"questionnaireId": "family", "group": "members", "edit": {"op": "import", "csv": "relation,birth_date\nself,1988-03-02\n"}}"#,
    ),
    (
        "compute_advice",
        r#"{"questionnaireId": "family", "overrides": null}"#,
    ),
    ("get_advice", r#"{"questionnaireId": "family"}"#),
    ("compute_review", r#"{"questionnaireId": "family"}"#),
    ("get_review", r#"{"questionnaireId": "family"}"#),
    (
        "save_client",
        r#"{"id": "{client}", "client": {"kind": "person", "name": "审计测试客户", "phone": "13912345678", "address": "上海"}}"#,
    ),
    (
        "update_record",
        r#"{"id": "{id}", "edit": {"notes": "电话回访"}}"#,
    ),
    (
        "finish_consultation",
        r#"{"id": "{id}", "edit": {"outcome": {"status": "deciding"}}}"#,
    ),
];

/// Entries a command adds beside its own for what else it changes: finishing a consultation
/// keeps its household in the client file (`records::household`), audited as that change.
const ALSO_WRITES: &[(&str, &str)] = &[("finish_consultation", "client.household")];

/// Commands returning no client's personal data, by what they return instead.
const NO_PERSONAL_DATA: &[&str] = &[
    // The content library (products, clauses, glossary, company, notices, search, problems).
    "get_home",
    "list_products",
    "get_product",
    "get_clause",
    "get_term",
    "get_glossary",
    "get_company",
    "get_notice",
    "search_content",
    // A questionnaire's questions alone (labels for a record's answers).
    "get_questionnaire_definition",
    "content_problems",
    "reload_content",
    // Settings and the session; agents' own profiles (staff, not clients).
    "set_language",
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
    // Consents: purposes and times of a consultation, no client's fields.
    "record_consents",
    "get_consents",
    "consent_purposes",
    "withdraw_consent",
    // Which clauses were shown, explained, acknowledged, and when.
    "clause_shown",
    "clause_explained",
    "clause_acknowledged",
    "clause_states",
    // Ids and counts of what was removed or marked.
    "mark_lead_contacted",
    "reset_visitor",
    "delete_client",
    "clear_answers",
    // Which consultation to open and at which step (ids only).
    "start_consultation",
    "resume_consultation",
    "start_from_lead",
    // Backup files and the start-up notice.
    "backup_now",
    "get_startup_problem",
    "restore_backup",
    // The fleet's sync state: times, a count of rows waiting, a kind of failure.
    "get_sync_status",
];

/// The command names of `build.rs`'s `COMMANDS`.
fn commands_of_build_rs() -> Vec<String> {
    let source = include_str!("../../build.rs");
    let list = source
        .split_once("const COMMANDS")
        .and_then(|(_, rest)| rest.split_once("];"))
        .map(|(list, _)| list)
        .expect("build.rs lists COMMANDS");
    list.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"'))
        .map(|l| l.trim_end_matches(',').trim_matches('"').to_string())
        .collect()
}

#[test]
fn every_command_is_classified_as_returning_personal_data_or_not() {
    let commands = commands_of_build_rs();
    assert!(commands.len() > 40, "build.rs parsed: {commands:?}");
    for c in &commands {
        let personal = PERSONAL.iter().any(|(p, _)| p == c);
        let none = NO_PERSONAL_DATA.contains(&c.as_str());
        assert!(
            personal ^ none,
            "classify `{c}` once: in PERSONAL (audited, tested below) or in NO_PERSONAL_DATA"
        );
    }
    for name in PERSONAL
        .iter()
        .map(|(p, _)| *p)
        .chain(NO_PERSONAL_DATA.iter().copied())
    {
        assert!(
            commands.iter().any(|c| c == name),
            "`{name}` is not a command of build.rs"
        );
    }
}

fn audit_rows(w: &Window) -> Vec<(String, String, Option<i64>, String)> {
    let state = w.state::<AppState>();
    let conn = state.db();
    let mut q = conn
        .prepare("SELECT action, entity, entity_id, detail FROM audit_log ORDER BY id")
        .unwrap();
    let rows = q
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

fn ok(w: &Window, cmd: &str, args: Value) -> Value {
    call(w, cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd}({args}): {e}"))
}

/// A logged-in agent's draft with consents (health too), a client, answers, an analysis,
/// a shown clause and a follow-up. Returns (window, consultation, client, notice version).
fn consultation_with_personal_data() -> (Window, i64, i64, String) {
    let w = mock::window(mock::state(Mode::Agent, mock::repository_content()), "main");
    mock::log_in_agent(&w);
    let draft = ok(&w, "current_consultation", json!({}));
    let id = draft["consultation"]["id"].as_i64().unwrap();
    let notice = ok(&w, "get_notice", json!({"id": "privacy"}));
    let version = notice["version"].as_str().unwrap().to_string();
    ok(
        &w,
        "record_consents",
        json!({"noticeVersion": version, "purposes": ["save_consultation", "contact", "health_data"]}),
    );
    let client = ok(
        &w,
        "save_client",
        json!({"client": {"kind": "person", "name": NAME, "phone": PHONE}}),
    );
    let client_id = client["id"].as_i64().unwrap();
    for (q, v) in [
        ("annual_income", "200000"),
        ("support_years", "10"),
        ("birth_date", "1990-05-01"),
        ("retirement_age", "60"),
        ("monthly_expenses", "10000"),
    ] {
        ok(
            &w,
            "answer_question",
            json!({"questionnaireId": "family", "questionId": q, "value": v}),
        );
    }
    let products = ok(&w, "list_products", json!({}));
    let product = ok(&w, "get_product", json!({"id": products[0]["id"]}));
    let clause = product["clauses"][0]["id"].clone();
    ok(
        &w,
        "clause_shown",
        json!({"consultationId": id, "clauseId": clause}),
    );
    ok(
        &w,
        "update_record",
        json!({"id": id, "edit": {"follow_up_on": "2030-01-01"}}),
    );
    // The consultation came from a call-back, so `consultation_lead` has one to return.
    {
        use presale_core::privacy::lead::{self, NewLead};
        let state = w.state::<AppState>();
        let conn = state.db();
        let left = lead::submit(
            &conn,
            Mode::Kiosk,
            presale_core::settings::Language::ZhCn,
            &NewLead {
                name: NAME.into(),
                phone: PHONE.into(),
                topic: "family_protection".into(),
                preferred_time: "any".into(),
                consent_to_contact: true,
                notice_version: version.clone(),
            },
        )
        .unwrap();
        let presale_core::access::Role::Agent(agent) = state
            .session
            .role(Mode::Agent, presale_core::access::now_ms())
        else {
            panic!("the agent is logged in");
        };
        lead::take_into(&conn, agent, left.id, id).unwrap();
    }
    (w, id, client_id, version)
}

#[test]
fn every_command_returning_personal_data_adds_one_audit_entry_without_the_data() {
    let (w, id, client, notice) = consultation_with_personal_data();
    let mut unaudited = Vec::new();
    for (cmd, args) in PERSONAL {
        let args = args
            .replace("\"{id}\"", &id.to_string())
            .replace("\"{client}\"", &client.to_string())
            .replace("{notice}", &notice);
        let args: Value = serde_json::from_str(&args).expect("valid arguments");
        let before = audit_rows(&w).len();
        let out = ok(&w, cmd, args);
        assert_ne!(out, Value::Null, "{cmd} returned nothing to audit");
        let all = audit_rows(&w).split_off(before);
        for (action, _, _, detail) in &all {
            for secret in [NAME, PHONE, "200000", "上海", "电话回访", "留言人"] {
                assert!(
                    !detail.contains(secret) && !action.contains(secret),
                    "{cmd}'s audit entry holds personal data ({secret}): {detail}"
                );
            }
        }
        // A change the command makes to another record is audited on its own, beside the
        // command's one entry.
        let added: Vec<_> = all
            .into_iter()
            .filter(|(action, ..)| !ALSO_WRITES.contains(&(*cmd, action.as_str())))
            .collect();
        if added.len() != 1 {
            unaudited.push(format!("{cmd}: {} entries {added:?}", added.len()));
            continue;
        }
        let (_, entity, entity_id, _) = &added[0];
        // A read of one consultation or client names it; a list names none.
        if ["consultation", "client"].contains(&entity.as_str()) && entity_id.is_some() {
            assert!(
                *entity_id == Some(id) || *entity_id == Some(client),
                "{cmd}: the entry names {entity} {entity_id:?}"
            );
        }
    }
    assert!(
        unaudited.is_empty(),
        "commands returning personal data without exactly one audit entry:\n{}",
        unaudited.join("\n")
    );
}
