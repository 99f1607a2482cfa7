//! The consultation's use cases for an agent: its current draft, the consents given in it (and
//! their withdrawal), its client (chosen or created, with the client's earlier consents carried in the same
//! transaction), edits, and finishing the record.
//!
//! What the page may not say: the record's `agent_name` and `agent_licence` are the logged-in
//! agent's, stamped from the session when the consultation is finished. Those keys of a
//! `RecordEdit` sent by the page are ignored (by `update` and `finish` alike), so no script in
//! the window can make a record name another agent. The products discussed are the products
//! the agent ticked plus those whose clauses were presented, derived here from the clause
//! events.

use super::presenting::{products_discussed, products_shown};
use super::Actor;
use crate::audit;
use crate::consultation::{self, Mode};
use crate::content::presenter;
use crate::content::Library;
use crate::privacy::consent::{self, Consent, Grant, Purpose, Withdrawn};
use crate::privacy::erase::{self, Erased};
use crate::questionnaire::prefill_rows;
use crate::records::client::{self, Client, ClientFields};
use crate::records::household;
use crate::records::record::{self, Consultation, RecordEdit};
use crate::records::view;
use crate::{clock, db, fleet, settings, Error, Result};
use rusqlite::Connection;
use serde_json::json;

/// The agent's draft consultation (started if there is none) as its full record: the flow's
/// state in one read, audited as a read of that record.
pub fn current(conn: &Connection, actor: Actor) -> Result<view::Record> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let language = settings::language(&tx)?;
    let id = consultation::current_or_start(&tx, Mode::Agent, language)?;
    let record = view::get(&tx, id)?;
    audit::append(
        &tx,
        &actor.tag(),
        "record.read",
        "consultation",
        Some(id),
        json!({ "draft": true }),
    )?;
    tx.commit()?;
    Ok(record)
}

/// Records the consents ticked on the privacy screen (under notice `notice_version`) on the
/// actor's draft consultation, started if there is none: the flow's first step, for an agent's
/// client or a kiosk visitor.
pub fn give_consents(
    conn: &Connection,
    actor: Actor,
    notice_version: &str,
    purposes: &[Purpose],
) -> Result<Vec<Consent>> {
    let mode = actor.mode()?;
    let tx = db::write(conn)?;
    let language = settings::language(&tx)?;
    let draft = consultation::current_or_start(&tx, mode, language)?;
    let grant = Grant {
        consultation_id: Some(draft),
        client_id: None,
        notice_version: notice_version.to_string(),
        purposes: purposes.to_vec(),
    };
    let given = consent::record(&tx, &actor.tag(), &grant)?;
    tx.commit()?;
    Ok(given)
}

/// The consents of the actor's draft consultation (none before one was started).
pub fn consents(conn: &Connection, actor: Actor) -> Result<Vec<Consent>> {
    let mode = actor.mode()?;
    match consultation::current_draft(conn, mode)? {
        Some(id) => consent::of_consultation(conn, id),
        None => Ok(Vec::new()),
    }
}

/// The consent purposes to offer for the actor's draft: a company is asked only to keep the record
/// and to be contacted (`consent::purposes_for`). Reading it never starts a draft.
pub fn consent_purposes(conn: &Connection, actor: Actor) -> Result<Vec<Purpose>> {
    let mode = actor.mode()?;
    let draft = consultation::current_draft(conn, mode)?;
    consent::purposes_for(conn, draft)
}

/// Creates a client file and makes it the consultation's client, in one transaction. PIPL: no
/// one's personal data is kept before they agreed to saving the consultation (field `consent`),
/// and a child's (under 14) not without a parent's or guardian's consent (field
/// `guardian_consent`). `consultation` defaults to the agent's current draft.
pub fn create_client(
    conn: &Connection,
    actor: Actor,
    consultation: Option<i64>,
    fields: &ClientFields,
) -> Result<Client> {
    actor.agent_id()?;
    let tx = db::write(conn)?;
    let id = match consultation {
        Some(id) => id,
        // No draft: nobody consented to anything yet.
        None => consultation::current_draft(&tx, Mode::Agent)?.unwrap_or(-1),
    };
    consent::require(&tx, id, Purpose::SaveConsultation)?;
    consent::require_guardian_if_minor(&tx, id, fields.birth_date.as_deref(), &clock::today())?;
    let created = client::save(&tx, &actor.tag(), None, fields)?;
    drop_rows_of_another_client(&tx, id, created.id)?;
    let edit = RecordEdit {
        client_id: Some(created.id),
        ..RecordEdit::default()
    };
    record::update(&tx, &actor.tag(), id, &edit)?;
    tx.commit()?;
    Ok(created)
}

/// Changes a client's file.
pub fn edit_client(
    conn: &Connection,
    actor: Actor,
    client_id: i64,
    fields: &ClientFields,
) -> Result<Client> {
    actor.agent_id()?;
    client::save(conn, &actor.tag(), Some(client_id), fields)
}

/// Makes a returning client the consultation's client and carries their consents given under
/// the current privacy notice into it, in one transaction (`update` with a `client_id`).
pub fn choose_client(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: i64,
    client_id: i64,
) -> Result<Consultation> {
    let edit = RecordEdit {
        client_id: Some(client_id),
        ..RecordEdit::default()
    };
    update(conn, actor, library, consultation, &edit)
}

/// Applies the page's edit to a draft or a finished record (a key left out is unchanged; see
/// `RecordEdit`), without the agent's name and licence. A new `client_id` carries that client's
/// consents in the same transaction, and is refused once a client confirmed clauses in this
/// consultation (those confirmations are that client's).
pub fn update(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: i64,
    edit: &RecordEdit,
) -> Result<Consultation> {
    actor.agent_id()?;
    let edit = from_page(edit);
    let tx = db::write(conn)?;
    if let Some(client_id) = edit.client_id {
        keep_confirmations_with_their_client(&tx, consultation, client_id)?;
        drop_rows_of_another_client(&tx, consultation, client_id)?;
    }
    let updated = record::update(&tx, &actor.tag(), consultation, &edit)?;
    if edit.client_id.is_some() {
        carry_consents(&tx, actor, library, consultation)?;
    }
    fleet::outbox::consultation_changed(&tx, consultation)?;
    tx.commit()?;
    Ok(updated)
}

/// Finishes the consultation: the consent to saving must be in force (field `consent`), and a
/// child's record a guardian's consent too; the logged-in agent's name and licence are stamped
/// from the session whatever the edit says; the products discussed are the ticked ones plus
/// those whose clauses were presented; the client file's household is updated from the
/// consultation's members and policies (`records::household`). One transaction: when it returns
/// Ok, the record is on disk.
pub fn finish(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: i64,
    edit: &RecordEdit,
) -> Result<Consultation> {
    let agent = actor.agent(conn)?;
    let edit = from_page(edit);
    let tx = db::write(conn)?;
    consent::require(&tx, consultation, Purpose::SaveConsultation)?;
    let current = record::get(&tx, consultation)?;
    if let Some(client_id) = edit.client_id {
        keep_confirmations_with_their_client(&tx, consultation, client_id)?;
        drop_rows_of_another_client(&tx, consultation, client_id)?;
    }
    if let Some(client_id) = edit.client_id.or(current.client_id) {
        let client = client::get(&tx, client_id)?;
        consent::require_guardian_if_minor(
            &tx,
            consultation,
            client.fields.birth_date.as_deref(),
            &clock::today(),
        )?;
    }
    let products = products_discussed(
        edit.products.clone().unwrap_or(current.products),
        &products_shown(library, &presenter::states(&tx, consultation)?),
    );
    let stamped = RecordEdit {
        agent_name: Some(agent.name),
        agent_licence: Some(agent.licence_number),
        products: Some(products),
        ..edit
    };
    let finished = record::finish(&tx, &actor.tag(), consultation, &stamped)?;
    // The client file keeps the household as this consultation answered it, for the next one.
    household::keep_from_consultation(&tx, &actor.tag(), consultation)?;
    fleet::outbox::consultation_changed(&tx, consultation)?;
    tx.commit()?;
    Ok(finished)
}

/// Withdraws a consent (a client who calls to withdraw) and removes what it covered, in every
/// consultation it applied to; audited. An agent's task.
pub fn withdraw_consent(conn: &Connection, actor: Actor, consent_id: i64) -> Result<Withdrawn> {
    actor.agent_id()?;
    consent::withdraw(conn, &actor.tag(), consent_id)
}

/// Erases a client's personal data and their consultations' (PIPL art. 47), audited.
pub fn erase_client(conn: &Connection, actor: Actor, client_id: i64) -> Result<Erased> {
    actor.agent_id()?;
    erase::erase_client(conn, &actor.tag(), client_id)
}

/// The page's edit without what only the session may say.
fn from_page(edit: &RecordEdit) -> RecordEdit {
    RecordEdit {
        agent_name: None,
        agent_licence: None,
        ..edit.clone()
    }
}

/// Carries the chosen client's consents under the current privacy notice (none without one).
fn carry_consents(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    consultation: i64,
) -> Result<()> {
    if let Some(notice) = library.notice("privacy") {
        consent::carry_over(conn, &actor.tag(), consultation, &notice.version)?;
    }
    Ok(())
}

/// A consultation whose client changes loses the household rows the previous client's file
/// filled in, and the reviews computed with them: they were another person's.
fn drop_rows_of_another_client(conn: &Connection, consultation: i64, client_id: i64) -> Result<()> {
    let current = record::get(conn, consultation)?;
    if current.client_id.is_some_and(|c| c != client_id)
        && prefill_rows::forget_in(conn, consultation)? > 0
    {
        crate::household::store::forget_in(conn, consultation)?;
    }
    Ok(())
}

/// Refuses to change the client of a consultation in which the client already confirmed
/// clauses: the record would show another person's confirmations as this one's.
fn keep_confirmations_with_their_client(
    conn: &Connection,
    consultation: i64,
    client_id: i64,
) -> Result<()> {
    let current = record::get(conn, consultation)?;
    if current.client_id.map_or(true, |c| c == client_id) {
        return Ok(());
    }
    let confirmed = presenter::states(conn, consultation)?
        .iter()
        .any(|s| s.acknowledged_at.is_some());
    if confirmed {
        return Err(Error::invalid(
            "client_id",
            "the client already chosen confirmed clauses in this consultation; start a new \
             consultation for another client",
        ));
    }
    Ok(())
}
