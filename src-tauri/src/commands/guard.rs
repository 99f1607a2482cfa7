//! Role checks at the top of every command that touches personal data. The capabilities keep the
//! kiosk window from calling agent commands; these checks hold even if a capability were wrong,
//! and also cover an agent window with nobody logged in.

use crate::state::AppState;
use presale_core::access::{now_ms, Role};
use presale_core::service::Actor;
use presale_core::{Error, PublicError};

/// The session's role, decided by the backend (past the backend's idle limit: `Locked`). An agent
/// whose licence head office revoked (the roster of the last sync) is logged out here, at the
/// first command after it. A look only: it does not count as activity.
pub fn role(state: &AppState) -> Role {
    role_at(state, now_ms())
}

fn role_at(state: &AppState, now: i64) -> Role {
    state
        .session
        .role_unless_revoked(state.mode, now, |id| state.agent_revoked(id))
}

/// The role of a command that acts: counts as activity at the window.
fn acting_role(state: &AppState) -> Role {
    let now = now_ms();
    let role = role_at(state, now);
    if role != Role::Locked {
        state.session.touch(state.mode, now);
    }
    role
}

/// The page reports input at the window (at most every `TOUCH_EVERY_SECS`).
pub fn touch(state: &AppState) {
    acting_role(state);
}

/// Who acts in a use case of `presale_core::service`, from this session (never from the page);
/// the use case checks what this actor may do.
pub fn acting(state: &AppState) -> Actor {
    Actor::new(acting_role(state))
}

/// A logged-in agent's id: `{code: "forbidden"}` at a kiosk, `{code: "locked"}` when nobody is
/// logged in.
pub fn require_agent(state: &AppState) -> Result<i64, PublicError> {
    match acting_role(state) {
        Role::Agent(id) => Ok(id),
        Role::Kiosk => Err(Error::Forbidden("agent command from the kiosk".into()).into()),
        Role::Locked => Err(locked()),
    }
}

/// Only the kiosk (resetting a visitor).
pub fn require_kiosk(state: &AppState) -> Result<(), PublicError> {
    match acting_role(state) {
        Role::Kiosk => Ok(()),
        _ => Err(Error::Forbidden("kiosk command from an agent window".into()).into()),
    }
}

/// Agent mode, logged in or not (the login screen's own commands).
pub fn require_agent_mode(state: &AppState) -> Result<(), PublicError> {
    match role(state) {
        Role::Kiosk => Err(Error::Forbidden("agent administration from the kiosk".into()).into()),
        _ => Ok(()),
    }
}

/// Who the audit log names for this session: `agent:<id>` or `kiosk`.
pub fn actor(state: &AppState) -> Result<String, PublicError> {
    match acting_role(state) {
        Role::Locked => Err(locked()),
        r => Ok(r.actor()),
    }
}

fn locked() -> PublicError {
    PublicError {
        code: "locked".to_string(),
        message: "log in with your PIN first".to_string(),
        field: None,
    }
}
