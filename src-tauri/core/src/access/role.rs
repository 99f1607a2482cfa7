//! The role of the window's session. Decided by the backend (the process's mode and the PIN
//! login), never by what the UI says.

use serde::Serialize;

/// Who is at the window now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "agent_id", rename_all = "lowercase")]
pub enum Role {
    /// An agent logged in with their PIN.
    Agent(i64),
    /// A visitor at a branch kiosk: content, questionnaire, leads; never records.
    Kiosk,
    /// Agent mode with nobody logged in (first start, logged out, or auto-locked).
    Locked,
}

impl Role {
    /// The name written to the audit log and the change history.
    pub fn actor(self) -> String {
        match self {
            Role::Agent(id) => format!("agent:{id}"),
            Role::Kiosk => "kiosk".to_string(),
            Role::Locked => "nobody".to_string(),
        }
    }
}
