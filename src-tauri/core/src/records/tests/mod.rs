//! Tests across the records modules, one file per concern, each on an in-memory database with
//! every migration (or a temporary directory when files matter). Helpers to build records are here.

mod backup;
mod backup_idle;
mod backup_keep_agents;
mod export;
mod migration;
mod record;
mod search;
mod startup;

use super::client::{self, ClientFields, ClientKind};
use super::outcome::OutcomeEdit;
use super::record::{self as rec, RecordEdit};
use crate::consultation::{self, Mode};
use crate::settings::Language;
use rusqlite::Connection;

/// A person with a name and phone.
pub(crate) fn person(name: &str, phone: &str) -> ClientFields {
    ClientFields {
        kind: ClientKind::Person,
        name: Some(name.into()),
        phone: Some(phone.into()),
        ..Default::default()
    }
}

/// What an agent typically enters to finish.
pub(crate) fn finish_edit(client_id: i64) -> RecordEdit {
    RecordEdit {
        client_id: Some(client_id),
        agent_name: Some("王芳".into()),
        agent_licence: Some("02000133000080002021000123".into()),
        products: Some(vec!["critical-illness".into()]),
        decision: Some("先考虑重疾险，下周再定".into()),
        notes: Some("客户关心等待期。".into()),
        outcome: Some(bought_longer("2046-12-01")),
        ..Default::default()
    }
}

/// A purchase of the critical-illness product for longer than a year, ending on `end`.
pub(crate) fn bought_longer(end: &str) -> OutcomeEdit {
    OutcomeEdit {
        status: Some("bought".into()),
        product_id: Some("critical-illness".into()),
        sum_insured: Some("500000".into()),
        premium: Some("6800".into()),
        policy_term: Some("longer".into()),
        contract_end: Some(end.into()),
    }
}

/// An outcome with no purchase (`deciding`, `declined` or `no_need`).
pub(crate) fn no_purchase(status: &str) -> OutcomeEdit {
    OutcomeEdit {
        status: Some(status.into()),
        ..Default::default()
    }
}

/// Creates a client and a finished consultation for them; returns (client id, consultation id).
pub(crate) fn finished_record(conn: &Connection, name: &str, phone: &str) -> (i64, i64) {
    let c = client::save(conn, "agent", None, &person(name, phone)).unwrap();
    let id = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    rec::finish(conn, "agent", id, &finish_edit(c.id)).unwrap();
    (c.id, id)
}
