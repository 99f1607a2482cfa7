//! The application layer: one function per use case of the consultation, between the shells
//! (the Tauri commands, the command line) and the domain modules (`records`, `access`,
//! `content`, `questionnaire`). Each use case
//! - takes who acts (`Actor`, built by the shell from its session, never from the page),
//! - checks that this actor may do it here (an agent, a kiosk visitor, nobody logged in),
//! - and runs in one write transaction (`db::write`): the change, its history and its audit
//!   entry, including the audit entry of a read, commit together or not at all.
//!
//! The use cases:
//! - `consulting`: the current consultation, choosing or creating its client (consents carried
//!   in the same transaction), updating and finishing the record (the agent and licence stamped
//!   from the session, the products derived from the clause events);
//! - `presenting`: the clause presenter's scope (a preview or a consultation) and its clause
//!   events, recorded only inside a consultation after the consent to saving;
//! - `answering`: the risk questionnaire and its needs analysis (assumptions edited only by an
//!   agent);
//! - `home`: the agent's home (consultations in progress, follow-ups, call-backs) in one audited
//!   read, starting and resuming a consultation at its step;
//! - `leads`: "ask an agent" call-back requests, and a consultation started from one;
//! - `library`: reading the content library again, audited;
//! - `visiting`: a kiosk visitor's end of visit (everything they left is deleted);
//! - `reading`: audited reads of records, clients, histories and follow-ups;
//! - `reviewing`: the household policy review of a consultation, kept with it;
//! - `session`: who acts at the window (PIN login, lock, the backend's idle limits).

pub mod answering;
pub mod consulting;
pub mod home;
pub mod leads;
pub mod library;
pub mod presenting;
pub mod reading;
pub mod reviewing;
pub mod session;
pub mod visiting;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_home;
// The household in the client file: kept at the finish, filled into the next consultation.
#[cfg(test)]
mod tests_household_file;
// The fleet outbox as the use cases write it (here: fleet sits below service).
#[cfg(test)]
mod tests_fleet;
#[cfg(test)]
mod tests_outbox;
#[cfg(test)]
mod tests_review;

use crate::access::{agent, Role};
use crate::consultation::Mode;
use crate::{Error, Result};
use rusqlite::Connection;

/// Who acts in a use case: the session's role as the shell knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor(Role);

impl Actor {
    /// The actor of a session in this role (the Tauri shell: its session and mode).
    pub fn new(role: Role) -> Actor {
        Actor(role)
    }

    /// The role acting.
    pub fn role(self) -> Role {
        self.0
    }

    /// The name the history and the audit log give this actor (`agent:<id>`, `kiosk`).
    pub fn tag(self) -> String {
        self.0.actor()
    }

    /// The logged-in agent's id: refused at a kiosk (`forbidden`) and with nobody logged in
    /// (`locked`).
    pub fn agent_id(self) -> Result<i64> {
        match self.0 {
            Role::Agent(id) => Ok(id),
            Role::Kiosk => Err(Error::Forbidden("an agent's task asked at a kiosk".into())),
            Role::Locked => Err(Error::Locked),
        }
    }

    /// Whose consultations this actor works on: an agent's or the kiosk's (`locked` when nobody
    /// is logged in at an agent window).
    pub fn mode(self) -> Result<Mode> {
        match self.0 {
            Role::Agent(_) => Ok(Mode::Agent),
            Role::Kiosk => Ok(Mode::Kiosk),
            Role::Locked => Err(Error::Locked),
        }
    }

    /// The logged-in agent's profile (name and licence number for the record).
    pub(crate) fn agent(self, conn: &Connection) -> Result<agent::Agent> {
        agent::get(conn, self.agent_id()?)
    }
}
