//! The clause presenter's use cases. A consultation has boundaries:
//! - outside a consultation the presenter is a preview: nothing is recorded against anyone, and
//!   a clause event asked for there is refused (`invalid_input`, field `consultation_id`);
//! - inside one (an agent names it: the presenter opened from the consultation's products step;
//!   at a kiosk it is the visitor's own draft), clause events are recorded only once the
//!   consent to saving is in force (field `consent`), and only for that consultation;
//! - an acknowledgement is the client's only when the client is in the flow: chosen in the
//!   consultation (field `client_id`), or the visitor themself at a kiosk. So the record holds
//!   the order the screens show: consents, then the client, then what the client confirmed.
//!
//! The rules of the presenter's own record (explained before acknowledged, the wording seen)
//! stay in `content::presenter`.

use super::Actor;
use crate::consultation::{self, Mode};
use crate::content::presenter::{self, ClauseState};
use crate::content::{views, Library, Localized};
use crate::privacy::consent::{self, Purpose};
use crate::records::record;
use crate::settings::{self, Language};
use crate::{db, Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the presenter stands for this actor, as `clause_states` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presentation {
    /// The consultation clause events go to; null in a preview.
    pub consultation_id: Option<i64>,
    /// Whether clause events are recorded: inside a consultation with the consent to saving.
    pub recording: bool,
    /// Why nothing is recorded: `"preview"` (no consultation) or `"consent"` (no consent to
    /// saving yet); null when recording.
    pub not_recorded: Option<&'static str>,
    /// Whether the client is in the flow, so that an acknowledgement is theirs.
    pub client_present: bool,
    /// The consultation's clause states in the order shown, older wordings included (empty when
    /// nothing is recorded).
    pub states: Vec<ClauseState>,
    /// The products whose clauses were shown, in the order first shown.
    pub products: Vec<String>,
    /// The products the record names as discussed when it is finished (`products_discussed`):
    /// the ones ticked on the products step, then those shown. The finish step offers these
    /// for the outcome's purchase.
    pub discussed: Vec<String>,
    /// The clauses shown and, of the must-explain ones, explained and acknowledged
    /// (`presenter::counts`): the products step's summary.
    pub counts: presenter::ClauseCounts,
    /// The title of each clause in `states` still in the library, by clause id.
    pub titles: BTreeMap<String, Localized<String>>,
}

/// What happened to a clause in front of the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseEvent<'a> {
    /// Its current wording was displayed.
    Shown,
    /// The agent explained it (never at a kiosk).
    Explained,
    /// The client confirmed the wording they saw (`seen_hash`: the clause's hash as shown).
    Acknowledged { seen_hash: &'a str },
}

const PREVIEW: &str = "this is a preview: nothing is recorded outside a consultation; present \
                       the clauses from the consultation's products step";

/// The presenter's scope for `consultation` (the one the page was opened for, if any).
pub fn presentation(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: Option<i64>,
) -> Result<Presentation> {
    let mode = actor.mode()?;
    let Some(id) = scope(conn, actor, consultation)? else {
        return Ok(Presentation {
            consultation_id: None,
            recording: false,
            not_recorded: Some("preview"),
            client_present: false,
            states: Vec::new(),
            products: Vec::new(),
            discussed: Vec::new(),
            counts: Default::default(),
            titles: BTreeMap::new(),
        });
    };
    let recording = consent::has(conn, id, Purpose::SaveConsultation)?;
    let states = presenter::states(conn, id)?;
    let products = products_shown(library, &states);
    Ok(Presentation {
        consultation_id: Some(id),
        recording,
        not_recorded: (!recording).then_some("consent"),
        client_present: client_present(conn, mode, id)?,
        discussed: products_discussed(record::get(conn, id)?.products, &products),
        counts: presenter::counts(&states),
        products,
        titles: states
            .iter()
            .filter_map(|s| library.clause(&s.clause_id))
            .map(|c| (c.id.clone(), c.title.clone()))
            .collect(),
        states,
    })
}

/// Records a clause event in `consultation` (see the module's rules), in `language` or the
/// interface language. Returns the clause's state in that consultation.
pub fn clause_event(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: Option<i64>,
    clause_id: &str,
    language: Option<Language>,
    event: ClauseEvent<'_>,
) -> Result<ClauseState> {
    let mode = actor.mode()?;
    if event == ClauseEvent::Explained && mode == Mode::Kiosk {
        return Err(Error::Forbidden("explaining a clause at a kiosk".into()));
    }
    let tx = db::write(conn)?;
    let Some(id) = scope(&tx, actor, consultation)? else {
        return Err(Error::invalid("consultation_id", PREVIEW));
    };
    consent::require(&tx, id, Purpose::SaveConsultation)?;
    let language = match language {
        Some(l) => l,
        None => settings::language(&tx)?,
    };
    let clause = views::clause(library, clause_id)?;
    let state = match event {
        ClauseEvent::Shown => presenter::mark_shown(&tx, id, clause, language)?,
        ClauseEvent::Explained => presenter::mark_explained(&tx, id, clause, language)?,
        ClauseEvent::Acknowledged { seen_hash } => {
            if !client_present(&tx, mode, id)? {
                return Err(Error::invalid(
                    "client_id",
                    "choose the client in this consultation before they confirm a clause",
                ));
            }
            presenter::acknowledge(&tx, id, clause, language, seen_hash)?
        }
    };
    tx.commit()?;
    Ok(state)
}

/// The products of the clauses in `states`, in the order first shown (a clause no longer in the
/// library names no product).
pub fn products_shown(library: &Library, states: &[ClauseState]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in states {
        if let Some(c) = library.clause(&s.clause_id) {
            if !out.contains(&c.product_id) {
                out.push(c.product_id.clone());
            }
        }
    }
    out
}

/// The products a record names as discussed: those `ticked` on the products step, then those
/// whose clauses were `shown` (each once). Finishing records this; the finish step shows it.
pub fn products_discussed(ticked: Vec<String>, shown: &[String]) -> Vec<String> {
    let mut out = ticked;
    for p in shown {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

/// The consultation clause events go to: for an agent, the draft named (none: a preview); at a
/// kiosk, the visitor's current draft (none before they started one).
fn scope(conn: &Connection, actor: Actor, requested: Option<i64>) -> Result<Option<i64>> {
    match actor.mode()? {
        Mode::Agent => {
            let Some(id) = requested else {
                return Ok(None);
            };
            let c = record::get(conn, id)?;
            if c.mode != Mode::Agent.tag() {
                return Err(Error::Forbidden(format!("consultation {id} is a kiosk's")));
            }
            if c.status != "draft" {
                return Err(Error::invalid(
                    "consultation_id",
                    "this consultation is finished: its clause record can no longer change",
                ));
            }
            Ok(Some(id))
        }
        Mode::Kiosk => {
            let current = consultation::current_draft(conn, Mode::Kiosk)?;
            if requested.is_some() && requested != current {
                return Err(Error::Forbidden(
                    "a kiosk presents only in its visitor's consultation".into(),
                ));
            }
            Ok(current)
        }
    }
}

/// Whether the client is in the flow: chosen in an agent's consultation; at a kiosk, the
/// visitor at the screen is the client.
fn client_present(conn: &Connection, mode: Mode, id: i64) -> Result<bool> {
    Ok(match mode {
        Mode::Kiosk => true,
        Mode::Agent => record::get(conn, id)?.client_id.is_some(),
    })
}
