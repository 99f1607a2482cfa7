//! The outbox is written in the use case's own transaction: finishing marks the record, a later
//! edit marks it again with a higher number, a draft and a refused finish mark nothing, and only
//! the acknowledged rows are deleted.

use super::tests::{deciding, setup};
use crate::fleet::outbox;
use crate::privacy::consent::Purpose;
use crate::records::client::ClientFields;
use crate::records::record::RecordEdit;
use crate::service::{consulting, Actor};
use rusqlite::Connection;

/// A draft with the consent to saving and a client, not finished.
fn draft(conn: &Connection, actor: Actor) -> i64 {
    let id = consulting::current(conn, actor).unwrap().consultation.id;
    consulting::give_consents(conn, actor, "2026-11", &[Purpose::SaveConsultation]).unwrap();
    let person = ClientFields {
        name: Some("张伟".into()),
        phone: Some("13812345678".into()),
        ..ClientFields::default()
    };
    consulting::create_client(conn, actor, Some(id), &person).unwrap();
    id
}

/// The consultation rows waiting (audit entries and the rest are marked too: `tests_outbox`).
fn seqs(conn: &Connection) -> Vec<i64> {
    records(conn).into_iter().map(|p| p.seq).collect()
}

fn records(conn: &Connection) -> Vec<outbox::Pending> {
    outbox::pending(conn, 1000)
        .unwrap()
        .into_iter()
        .filter(|p| p.kind == outbox::CONSULTATION)
        .collect()
}

#[test]
fn finishing_marks_the_record_and_a_later_edit_marks_it_again() {
    let (conn, library, actor) = setup();
    let id = draft(&conn, actor);
    let notes = RecordEdit {
        notes: Some("draft note".into()),
        ..RecordEdit::default()
    };
    consulting::update(&conn, actor, &library, id, &notes).unwrap();
    assert!(seqs(&conn).is_empty(), "a draft stays on the device");

    consulting::finish(&conn, actor, &library, id, &deciding()).unwrap();
    let first = records(&conn);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].kind, outbox::CONSULTATION);
    assert_eq!(first[0].entity_id, id);
    assert_eq!(first[0].payload["consultation"]["status"], "finished");
    assert_eq!(first[0].payload["client"]["name"], "张伟");

    let later = RecordEdit {
        notes: Some("called back".into()),
        ..RecordEdit::default()
    };
    consulting::update(&conn, actor, &library, id, &later).unwrap();
    let second = records(&conn);
    assert_eq!(second.len(), 1, "one row waits per record");
    assert!(
        second[0].seq > first[0].seq,
        "the edit takes a higher number"
    );
    assert_eq!(second[0].payload["consultation"]["notes"], "called back");
}

#[test]
fn a_refused_finish_marks_nothing() {
    let (conn, library, actor) = setup();
    let id = consulting::current(&conn, actor).unwrap().consultation.id;
    // No consent to saving: finishing is refused, and its transaction leaves no outbox row.
    consulting::finish(&conn, actor, &library, id, &deciding()).unwrap_err();
    assert!(seqs(&conn).is_empty());
}

#[test]
fn only_acknowledged_rows_are_deleted_and_numbers_are_never_reused() {
    let (conn, library, actor) = setup();
    let a = draft(&conn, actor);
    consulting::finish(&conn, actor, &library, a, &deciding()).unwrap();
    let b = draft(&conn, actor);
    consulting::finish(&conn, actor, &library, b, &deciding()).unwrap();
    let both = seqs(&conn);
    assert_eq!(both.len(), 2);
    assert!(outbox::acknowledge(&conn, both[0]).unwrap() >= 1);
    assert_eq!(seqs(&conn), [both[1]], "the unacknowledged row stays");
    assert!(outbox::acknowledge(&conn, both[1]).unwrap() >= 1);
    let status = outbox::status(&conn).unwrap();
    let later = outbox::pending(&conn, 1000).unwrap();
    assert!(later.iter().all(|p| p.seq > both[1]), "{later:?}");
    assert_eq!(status.waiting, later.len() as i64);
    assert_eq!(status.acknowledged_through, both[1]);
    assert!(status.last_success_at.is_some());
    // After the outbox emptied, the next change still gets a higher number than any sent.
    let edit = RecordEdit {
        notes: Some("again".into()),
        ..RecordEdit::default()
    };
    consulting::update(&conn, actor, &library, a, &edit).unwrap();
    assert!(seqs(&conn)[0] > both[1]);
}

#[test]
fn a_failure_is_kept_in_words_until_the_next_success() {
    let (conn, _, _) = setup();
    outbox::record_failure(&conn, "unreachable", "the server cannot be reached").unwrap();
    let s = outbox::status(&conn).unwrap();
    assert_eq!(
        s.last_error.as_deref(),
        Some("the server cannot be reached")
    );
    assert_eq!(s.last_error_kind.as_deref(), Some("unreachable"));
    assert!(s.last_success_at.is_none());
    outbox::acknowledge(&conn, 0).unwrap();
    let s = outbox::status(&conn).unwrap();
    assert_eq!((s.last_error, s.last_error_kind), (None, None));
}

#[test]
fn a_failure_of_no_known_kind_is_refused() {
    let (conn, _, _) = setup();
    let err = outbox::record_failure(&conn, "boom", "x").unwrap_err();
    assert!(err.to_string().contains("`boom`"), "{err}");
    assert_eq!(outbox::status(&conn).unwrap().last_error, None);
}

#[test]
fn a_database_behind_the_servers_cursor_numbers_its_waiting_rows_after_it() {
    let (conn, library, actor) = setup();
    let a = draft(&conn, actor);
    consulting::finish(&conn, actor, &library, a, &deciding()).unwrap();
    let before = seqs(&conn);
    // The server has applied up to 1 of ours: nothing to do.
    let newest = outbox::pending(&conn, 1000).unwrap().last().unwrap().seq;
    assert_eq!(outbox::continue_after(&conn, newest).unwrap(), 0);
    assert_eq!(seqs(&conn), before);
    // The server has applied up to 400 (this database was restored from an older backup).
    let waiting = outbox::status(&conn).unwrap().waiting as usize;
    assert_eq!(outbox::continue_after(&conn, 400).unwrap(), waiting);
    let after = seqs(&conn);
    assert_eq!(after.len(), 1, "the row is kept");
    assert!(
        after[0] > 400,
        "numbered after the server's cursor: {after:?}"
    );
    // Acknowledging the server's cursor therefore deletes nothing unsent.
    outbox::acknowledge(&conn, 400).unwrap();
    assert_eq!(seqs(&conn), after);
}
