//! Commands of access and privacy: the session (set-up, PIN login, lock), agent profiles, consents,
//! ask-an-agent leads, and the kiosk's "end and clear my data".
//!
//! JSON shapes (snake_case):
//! - `get_session()` -> `{mode, agent_exists, agent: {id, name, licence_number, ...}|null, locked,
//!   temporary_database, timeouts: {kiosk_idle_secs, kiosk_warning_secs, agent_lock_secs}}`.
//!   `temporary_database` is true once the database file is known to be unusable (at start, or
//!   when the deferred integrity check finds it damaged: `get_startup_problem` waits for that).
//! - `create_first_agent({ agent: {name, licence_number, pin} })` -> agent (and logged in), a
//!   supervisor; refused once any agent exists.
//! - `create_agent({ agent: {name, licence_number, pin, supervisor?} })` (logged-in agent; only a
//!   supervisor may set `supervisor`) -> agent.
//! - `list_agents()` -> `[{id, name, licence_number, supervisor, locked, locked_until_ms,
//!   last_login_at}]` (the login screen and the agents screen); `locked_until_ms` is null when
//!   not locked or locked until a supervisor unlocks.
//! - `unlock_agent({ id })` (logged-in supervisor; not one's own profile, not a lock caused while
//!   one's session was open at this window: `forbidden`) -> agent; `invalid_input` (field `id`)
//!   when the profile is not locked.
//! - `change_pin({ currentPin, newPin })` (logged-in agent, their own PIN) -> `{status: "ok"}` |
//!   `{status: "wrong_pin", attempts_left}` | `{status: "locked", until_ms}` (the session is then
//!   locked too); a bad new PIN is `invalid_input` with field `new_pin`.
//! - `login({ agentId, pin })` -> `{status: "ok", agent}` | `{status: "wrong_pin",
//!   attempts_left}` | `{status: "locked", until_ms}` (`until_ms` null: until a supervisor
//!   unlocks). A login as another agent than the one logged in ends that session first.
//! - `logout()`, `lock_now()` -> null. Locking (the window's idle lock) and a kiosk's reset also
//!   start a backup when records changed since the newest (`backup::at_idle`).
//! - `touch_session()` -> null: input at the window, reported at most every 30 s; the backend
//!   locks an agent (or clears a kiosk visitor) a minute after the window's own limit without
//!   activity (`presale_core::service::session`).
//! - `record_consents({ noticeVersion, purposes: ["save_consultation"|"contact"|"health_data"|
//!   "guardian"] })` -> `[consent]` on the current draft consultation.
//! - `get_consents()` -> `[consent]` of the current draft.
//! - `consent_purposes()` -> the purposes to offer for the current draft's client, in order
//!   (`["save_consultation", "contact"]` for an enterprise); never starts a draft.
//! - `withdraw_consent({ id })` (agent) -> `{consent_id, purpose, rows}`.
//! - `submit_lead({ lead: {name, phone, topic, preferred_time, consent_to_contact, notice_version} })`:
//!   `topic` is one of `presale_core::privacy::lead::TOPICS`; `phone` a mobile or a landline.
//! - `list_leads()` (agent), `mark_lead_contacted({ id })` (agent).
//! - `reset_visitor()` (kiosk) -> `{consultations, rows}`.
//!
//! The privacy notice itself comes from `get_notice({id: "privacy"})` in `content.rs`.
//!
//! Errors are `{code, message, field?}`; `forbidden` at the kiosk, `locked` with nobody logged in.

use super::guard;
use crate::state::AppState;
use presale_core::access::agent::{self, Agent, NewAgent, Unlocker};
use presale_core::access::{now_ms, Role};
use presale_core::consultation::Mode;
use presale_core::privacy::consent::{Consent, Purpose, Withdrawn};
use presale_core::privacy::lead::{Lead, NewLead};
use presale_core::privacy::reset;
use presale_core::service::session::{self, LoginOutcome, PinChange, Timeouts};
use presale_core::service::{consulting, leads, reading, visiting};
use presale_core::PublicError;
use serde::Serialize;
use tauri::State;

/// What the route guard needs to pick the first screen.
#[derive(Debug, Serialize)]
pub struct SessionView {
    pub mode: Mode,
    pub agent_exists: bool,
    pub agent: Option<Agent>,
    pub locked: bool,
    /// The app runs on a temporary database (the file could not be used): the window shows
    /// what that is and offers the restore, never a PIN pad nor the set-up form.
    pub temporary_database: bool,
    pub timeouts: Timeouts,
}

#[tauri::command]
pub fn get_session(state: State<'_, AppState>) -> Result<SessionView, PublicError> {
    // Read only, and asked before the first screen: no need to wait for the integrity check.
    let conn = state.db_for_first_screen();
    let role = guard::role(&state);
    let agent = match role {
        Role::Agent(id) => Some(agent::get(&conn, id)?),
        _ => None,
    };
    Ok(SessionView {
        mode: state.mode,
        agent_exists: state.mode == Mode::Agent && agent::any(&conn)?,
        agent,
        locked: role == Role::Locked,
        temporary_database: state.on_temporary_database(),
        timeouts: state.session.timeouts(),
    })
}

#[tauri::command]
pub fn create_first_agent(
    state: State<'_, AppState>,
    agent: NewAgent,
) -> Result<Agent, PublicError> {
    let actor = guard::acting(&state);
    let temporary = state.on_temporary_database();
    let db = state.db();
    Ok(session::set_up(
        &db,
        &state.session,
        actor,
        &agent,
        temporary,
        now_ms(),
    )?)
}

#[tauri::command]
pub fn create_agent(state: State<'_, AppState>, agent: NewAgent) -> Result<Agent, PublicError> {
    let by = guard::require_agent(&state)?;
    Ok(agent::add(&state.db(), by, &agent)?)
}

#[tauri::command]
pub fn list_agents(state: State<'_, AppState>) -> Result<Vec<Agent>, PublicError> {
    guard::require_agent_mode(&state)?;
    Ok(agent::list(&state.db(), now_ms())?)
}

#[tauri::command]
pub fn unlock_agent(state: State<'_, AppState>, id: i64) -> Result<Agent, PublicError> {
    let by = guard::require_agent(&state)?;
    Ok(agent::unlock(
        &state.db(),
        Unlocker::Agent(by),
        id,
        now_ms(),
    )?)
}

#[tauri::command]
pub fn change_pin(
    state: State<'_, AppState>,
    current_pin: String,
    new_pin: String,
) -> Result<PinChange, PublicError> {
    let actor = guard::acting(&state);
    let db = state.db();
    Ok(session::change_pin(
        &db,
        &state.session,
        actor,
        &current_pin,
        &new_pin,
        now_ms(),
    )?)
}

#[tauri::command]
pub fn login(
    state: State<'_, AppState>,
    agent_id: i64,
    pin: String,
) -> Result<LoginOutcome, PublicError> {
    guard::require_agent_mode(&state)?;
    Ok(session::login(
        &state.db(),
        &state.session,
        agent_id,
        &pin,
        now_ms(),
    )?)
}

/// The first login of an agent head office added: their initial PIN and the one they choose.
#[tauri::command]
pub fn first_pin(
    state: State<'_, AppState>,
    agent_id: i64,
    pin: String,
    new_pin: String,
) -> Result<LoginOutcome, PublicError> {
    guard::require_agent_mode(&state)?;
    let db = state.db();
    Ok(session::first_pin(
        &db,
        &state.session,
        agent_id,
        &pin,
        &new_pin,
        now_ms(),
    )?)
}

#[tauri::command]
pub fn logout(state: State<'_, AppState>) -> Result<(), PublicError> {
    guard::require_agent_mode(&state)?;
    Ok(session::end(&state.db(), &state.session, "agent.logout")?)
}

#[tauri::command]
pub fn lock_now(state: State<'_, AppState>) -> Result<(), PublicError> {
    guard::require_agent_mode(&state)?;
    session::end(&state.db(), &state.session, "agent.lock")?;
    // The window locks after inactivity (or by hand): back up the work since the last backup.
    state.backup_at_idle();
    Ok(())
}

#[tauri::command]
pub fn touch_session(state: State<'_, AppState>) {
    guard::touch(&state);
}

#[tauri::command]
pub fn record_consents(
    state: State<'_, AppState>,
    notice_version: String,
    purposes: Vec<Purpose>,
) -> Result<Vec<Consent>, PublicError> {
    let actor = guard::acting(&state);
    Ok(consulting::give_consents(
        &state.db(),
        actor,
        &notice_version,
        &purposes,
    )?)
}

#[tauri::command]
pub fn get_consents(state: State<'_, AppState>) -> Result<Vec<Consent>, PublicError> {
    Ok(consulting::consents(&state.db(), guard::acting(&state))?)
}

#[tauri::command]
pub fn consent_purposes(state: State<'_, AppState>) -> Result<Vec<Purpose>, PublicError> {
    Ok(consulting::consent_purposes(
        &state.db(),
        guard::acting(&state),
    )?)
}

#[tauri::command]
pub fn withdraw_consent(state: State<'_, AppState>, id: i64) -> Result<Withdrawn, PublicError> {
    Ok(consulting::withdraw_consent(
        &state.db(),
        guard::acting(&state),
        id,
    )?)
}

#[tauri::command]
pub fn submit_lead(state: State<'_, AppState>, lead: NewLead) -> Result<Lead, PublicError> {
    Ok(leads::leave(&state.db(), guard::acting(&state), &lead)?)
}

#[tauri::command]
pub fn list_leads(state: State<'_, AppState>) -> Result<Vec<Lead>, PublicError> {
    Ok(reading::leads(&state.db(), guard::acting(&state))?)
}

#[tauri::command]
pub fn mark_lead_contacted(state: State<'_, AppState>, id: i64) -> Result<(), PublicError> {
    Ok(leads::mark_contacted(
        &state.db(),
        guard::acting(&state),
        id,
    )?)
}

#[tauri::command]
pub fn reset_visitor(state: State<'_, AppState>) -> Result<reset::Cleared, PublicError> {
    let cleared = visiting::end_visit(&state.db(), guard::acting(&state))?;
    // A visit ended: a call-back request left in it is backed up.
    state.backup_at_idle();
    Ok(cleared)
}

#[cfg(test)]
#[path = "access_lockout_tests.rs"]
mod lockout_tests;

#[cfg(test)]
#[path = "access_restore_tests.rs"]
mod restore_tests;

#[cfg(test)]
mod tests {
    //! The guard through Tauri's mock IPC with the real capabilities: a kiosk-mode session is
    //! refused records even in a window whose capability would allow them, and an agent window
    //! reaches records only after the PIN.

    use crate::commands::mock::{self, call, Window};
    use presale_core::consultation::Mode;
    use serde_json::json;

    /// A window labelled `label` over a state in `mode`.
    fn app(mode: Mode, label: &str) -> Window {
        mock::window(mock::state(mode, mock::fixture_content()), label)
    }

    #[test]
    fn a_kiosk_session_is_forbidden_records_even_if_its_window_were_granted_them() {
        // Kiosk mode in the agent's window label: the capability allows, the guard refuses.
        let w = app(Mode::Kiosk, "main");
        for (cmd, args) in [
            ("search_records", json!({"query": {}})),
            ("get_record", json!({"id": 1})),
            ("delete_client", json!({"id": 1})),
            ("list_leads", json!({})),
            ("list_agents", json!({})),
            ("withdraw_consent", json!({"id": 1})),
        ] {
            let err = call(&w, cmd, args).unwrap_err();
            assert_eq!(
                err["code"], "forbidden",
                "{cmd} from a kiosk session: {err}"
            );
        }
    }

    #[test]
    fn unlock_and_change_pin_need_a_logged_in_agent_and_never_serve_the_kiosk() {
        let admin = [
            ("unlock_agent", json!({"id": 1})),
            (
                "change_pin",
                json!({"currentPin": "246810", "newPin": "135790"}),
            ),
        ];
        let kiosk = app(Mode::Kiosk, "main");
        for (cmd, args) in &admin {
            let err = call(&kiosk, cmd, args.clone()).unwrap_err();
            assert_eq!(err["code"], "forbidden", "{cmd} in kiosk mode: {err}");
        }
        let kiosk_window = app(Mode::Kiosk, "kiosk");
        for (cmd, args) in &admin {
            let err = call(&kiosk_window, cmd, args.clone()).unwrap_err();
            // The ACL's own refusal, before any guard: the kiosk capability does not list it.
            assert!(
                err.to_string().contains("not allowed"),
                "the kiosk capability does not grant {cmd}: {err}"
            );
        }
        let w = app(Mode::Agent, "main");
        let agent = json!({"name": "王芳", "licence_number": "0201-2024-88", "pin": "246810"});
        call(&w, "create_first_agent", json!({ "agent": agent })).unwrap();
        call(&w, "lock_now", json!({})).unwrap();
        for (cmd, args) in &admin {
            let err = call(&w, cmd, args.clone()).unwrap_err();
            assert_eq!(err["code"], "locked", "{cmd} with nobody logged in: {err}");
        }
    }

    #[test]
    fn change_pin_locked_by_wrong_pins_also_locks_the_session() {
        let w = app(Mode::Agent, "main");
        let agent = json!({"name": "王芳", "licence_number": "0201-2024-88", "pin": "246810"});
        call(&w, "create_first_agent", json!({ "agent": agent })).unwrap();
        let wrong = json!({"currentPin": "000001", "newPin": "135790"});
        for left in (1..=4).rev() {
            let out = call(&w, "change_pin", wrong.clone()).unwrap();
            assert_eq!(out["status"], "wrong_pin");
            assert_eq!(out["attempts_left"], left);
        }
        let out = call(&w, "change_pin", wrong).unwrap();
        assert_eq!(out["status"], "locked", "the fifth wrong PIN locks: {out}");
        let err = call(&w, "search_records", json!({"query": {}})).unwrap_err();
        assert_eq!(err["code"], "locked", "and logs the window out: {err}");
    }

    #[test]
    fn the_kiosk_window_is_denied_records_by_the_acl() {
        let w = app(Mode::Kiosk, "kiosk");
        let err = call(&w, "search_records", json!({"query": {}})).unwrap_err();
        assert!(
            err.to_string().contains("not allowed"),
            "the ACL refuses: {err}"
        );
        assert!(
            call(&w, "reset_visitor", json!({})).is_ok(),
            "the kiosk may clear its visitor"
        );
    }

    #[test]
    fn an_agent_window_reaches_records_only_after_the_pin() {
        let w = app(Mode::Agent, "main");
        let err = call(&w, "search_records", json!({"query": {}})).unwrap_err();
        assert_eq!(err["code"], "locked", "nobody logged in: {err}");
        let session = call(&w, "get_session", json!({})).unwrap();
        assert_eq!(session["agent_exists"], false, "first start");
        let agent = json!({"name": "王芳", "licence_number": "0201-2024-88", "pin": "246810"});
        let created = call(&w, "create_first_agent", json!({ "agent": agent })).unwrap();
        assert!(
            call(&w, "search_records", json!({"query": {}})).is_ok(),
            "set-up logs in"
        );
        let again = call(&w, "create_first_agent", json!({ "agent": agent })).unwrap_err();
        assert_eq!(again["code"], "forbidden", "set-up runs once");
        call(&w, "lock_now", json!({})).unwrap();
        assert_eq!(
            call(&w, "search_records", json!({"query": {}})).unwrap_err()["code"],
            "locked"
        );
        let id = created["id"].clone();
        let wrong = call(&w, "login", json!({"agentId": id, "pin": "000001"})).unwrap();
        assert_eq!(wrong["status"], "wrong_pin");
        assert_eq!(wrong["attempts_left"], 4);
        let ok = call(&w, "login", json!({"agentId": id, "pin": "246810"})).unwrap();
        assert_eq!(ok["status"], "ok");
        assert_eq!(ok["agent"]["licence_number"], "0201-2024-88");
        let reset = call(&w, "reset_visitor", json!({}))
            .unwrap_err()
            .to_string();
        assert!(
            reset.contains("not allowed") || reset.contains("forbidden"),
            "an agent window never runs the kiosk reset: {reset}"
        );
    }

    #[test]
    fn an_idle_session_is_locked_by_the_backend_whatever_the_page_does() {
        use crate::state::AppState;
        use presale_core::access::now_ms;
        use tauri::Manager;
        let w = app(Mode::Agent, "main");
        mock::log_in_agent(&w);
        call(&w, "touch_session", json!({})).unwrap();
        assert!(call(&w, "search_records", json!({"query": {}})).is_ok());
        // The agent's last activity 10 minutes ago: past the 5-minute limit and the grace.
        let state = w.state::<AppState>();
        state.session.log_in(1, now_ms() - 10 * 60 * 1000);
        call(&w, "touch_session", json!({})).unwrap();
        let err = call(&w, "search_records", json!({"query": {}})).unwrap_err();
        assert_eq!(
            err["code"], "locked",
            "no command acts as an idle agent: {err}"
        );
        state.settle_idle();
        let audited: i64 = state
            .db()
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'agent.idle_lock'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 1, "the watchdog audits the lock once");
        let session = call(&w, "get_session", json!({})).unwrap();
        assert_eq!(session["locked"], true, "{session}");
    }

    #[test]
    fn both_windows_may_report_input() {
        assert!(call(&app(Mode::Kiosk, "kiosk"), "touch_session", json!({})).is_ok());
        assert!(call(&app(Mode::Agent, "main"), "touch_session", json!({})).is_ok());
    }
}
