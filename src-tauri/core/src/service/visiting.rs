//! A kiosk visitor's end of visit: "End and clear my data" and the idle timeout delete every
//! kiosk draft (answers, clause states, consents, anything hung on it) and put the kiosk back in
//! its default language for the next visitor, in one transaction. Only the kiosk does this
//! (`forbidden` in an agent's window); leads the visitor consented to stay.

use super::Actor;
use crate::access::Role;
use crate::privacy::reset::{self, Cleared};
use crate::settings::{self, Language};
use crate::{db, Error, Result};
use rusqlite::Connection;

/// Clears the visitor (see the module).
pub fn end_visit(conn: &Connection, actor: Actor) -> Result<Cleared> {
    if actor.role() != Role::Kiosk {
        return Err(Error::Forbidden("kiosk reset from an agent window".into()));
    }
    let tx = db::write(conn)?;
    let cleared = reset::reset_kiosk(&tx)?;
    settings::set_language(&tx, Language::default())?;
    tx.commit()?;
    Ok(cleared)
}
