//! The household in the client file (`records::household`): finishing a consultation keeps its
//! members and policies in the client's file, the next consultation for the client is filled
//! from it (new row ids, references following their rows, only into empty groups, once), and
//! erasure, the purge and the export take it; a kiosk visit never writes it.

use super::answering::{self, QuestionnaireView};
use super::tests::{consent, deciding, person, setup};
use super::tests_review::{content, row};
use super::{consulting, Actor};
use crate::access::Role;
use crate::catalogue::Catalogue;
use crate::content::Library;
use crate::questionnaire::rows::RowEdit;
use crate::records::{client, export, household};
use crate::{clock, privacy, Error};
use rusqlite::Connection;
use serde_json::{json, Value};

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The agent's current draft, with the consent to saving and client `client` (created as 张伟
/// when `None`); returns (consultation, client).
fn draft_for(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    client: Option<i64>,
) -> (i64, i64) {
    let draft = consulting::current(conn, actor).unwrap().consultation.id;
    consent(conn, actor);
    let client = match client {
        Some(id) => {
            consulting::choose_client(conn, actor, library, draft, id).unwrap();
            id
        }
        None => {
            consulting::create_client(conn, actor, Some(draft), &person("张伟"))
                .unwrap()
                .id
        }
    };
    (draft, client)
}

/// Two members (a removed row first, so their ids are `r2` and `r3`) and one policy (`r4`).
fn answer_two_members_and_a_policy(conn: &Connection, actor: Actor, content: &Catalogue) {
    let gone = row(conn, actor, content, "members", &[]);
    answering::edit_rows(
        conn,
        actor,
        content,
        "family",
        "members",
        &RowEdit::Remove { row: gone },
    )
    .unwrap();
    let me = row(
        conn,
        actor,
        content,
        "members",
        &[
            ("relation", json!("self")),
            ("name", json!("王强")),
            ("birth_date", json!("1988-03-02")),
            ("gender", json!("male")),
            ("annual_income", json!("300000")),
            ("occupation_class", json!(2)),
        ],
    );
    let spouse = row(
        conn,
        actor,
        content,
        "members",
        &[
            ("relation", json!("spouse")),
            ("name", json!("李娜")),
            ("birth_date", json!("1990-05-10")),
            ("depends_on", json!([me])),
        ],
    );
    row(
        conn,
        actor,
        content,
        "policies",
        &[
            ("insurer", json!("平安")),
            ("product", json!("定期寿险A")),
            ("kind", json!("term_life")),
            ("insured", json!(me)),
            ("beneficiaries", json!([spouse])),
            ("sum_insured", json!("1000000")),
            ("annual_premium", json!("3200")),
            ("end_date", json!("2040-12-31")),
            ("status", json!("in_force")),
        ],
    );
}

fn open(conn: &Connection, actor: Actor, content: &Catalogue) -> QuestionnaireView {
    answering::open(conn, actor, content, "family", true).unwrap()
}

fn rows<'a>(view: &'a QuestionnaireView, group: &str) -> &'a [Value] {
    view.state.answers[group].as_array().unwrap()
}

/// A first consultation with two members and a policy, finished: (client, consultation).
fn finished_with_household(
    conn: &Connection,
    actor: Actor,
    library: &Library,
    content: &Catalogue,
) -> (i64, i64) {
    let (first, client) = draft_for(conn, actor, library, None);
    answer_two_members_and_a_policy(conn, actor, content);
    consulting::finish(conn, actor, library, first, &deciding()).unwrap();
    (client, first)
}

#[test]
fn finishing_keeps_the_rows_in_the_client_file_and_the_next_consultation_is_filled_from_it() {
    let (conn, library, agent) = setup();
    let content = content();
    let (client_id, first) = finished_with_household(&conn, agent, &library, &content);
    let file = client::get(&conn, client_id).unwrap().household.unwrap();
    assert_eq!(file.consultation_id, first);
    assert_eq!(file.as_of, clock::today());
    assert_eq!(file.members.len(), 2);
    assert_eq!(file.members[0]["name"], "王强");
    assert_eq!(file.members[0]["id"], "r2", "kept as answered");
    assert_eq!(file.policies[0]["insured"], "r2");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'client.household'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM fleet_outbox WHERE kind = 'client' AND entity_id = {client_id}"
            )
        ),
        1,
        "head office gets the client file with its household"
    );

    let (second, _) = draft_for(&conn, agent, &library, Some(client_id));
    assert_ne!(second, first);
    let view = open(&conn, agent, &content);
    let members = rows(&view, "members");
    let policies = rows(&view, "policies");
    let ids: Vec<&str> = members
        .iter()
        .chain(policies)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r1", "r2", "r3"], "ids this consultation gives");
    assert_eq!(members[0]["name"], "王强");
    assert_eq!(members[0]["occupation_class"], 2);
    assert_eq!(
        members[1]["depends_on"],
        json!(["r1"]),
        "who depends on whom follows"
    );
    assert_eq!(
        policies[0]["insured"], "r1",
        "the insured follows their row"
    );
    assert_eq!(policies[0]["beneficiaries"], json!(["r2"]));
    assert_eq!(policies[0]["status"], "in_force");
    let today = clock::today();
    let groups: Vec<(&str, &str)> = view
        .state
        .prefilled_groups
        .iter()
        .map(|(g, d)| (g.as_str(), d.as_str()))
        .collect();
    assert_eq!(
        groups,
        [("members", today.as_str()), ("policies", today.as_str())]
    );
    assert!(
        view.state.rows["members"][0].computed.contains_key("age"),
        "ages are worked out as of this consultation"
    );
    // Everything stays editable: the policy lapsed since; a new row takes an id never given.
    let policy = policies[0]["id"].as_str().unwrap().to_string();
    answering::edit_rows(
        &conn,
        agent,
        &content,
        "family",
        "policies",
        &RowEdit::Answer {
            row: policy.clone(),
            question: "status".into(),
            value: json!("lapsed"),
        },
    )
    .unwrap();
    let added = row(&conn, agent, &content, "members", &[]);
    assert_eq!(added, "r4");
    answering::edit_rows(
        &conn,
        agent,
        &content,
        "family",
        "members",
        &RowEdit::Remove { row: added },
    )
    .unwrap();
    // Opening again fills nothing twice.
    let again = open(&conn, agent, &content);
    assert_eq!(rows(&again, "members").len(), 2);
    assert_eq!(rows(&again, "policies")[0]["status"], "lapsed");

    // Finished, the second consultation's rows are the file's.
    consulting::finish(&conn, agent, &library, second, &deciding()).unwrap();
    let file = client::get(&conn, client_id).unwrap().household.unwrap();
    assert_eq!(file.consultation_id, second);
    assert_eq!(file.policies[0]["status"], "lapsed");
    assert_eq!(file.policies[0]["insured"], "r1");

    // A third consultation that never reached the household leaves the file as it was.
    let (third, _) = draft_for(&conn, agent, &library, Some(client_id));
    consulting::finish(&conn, agent, &library, third, &deciding()).unwrap();
    let file = client::get(&conn, client_id).unwrap().household.unwrap();
    assert_eq!(file.consultation_id, second);
}

#[test]
fn only_groups_without_rows_are_filled_and_rows_removed_are_not_filled_again() {
    let (conn, library, agent) = setup();
    let content = content();
    let (client_id, _) = finished_with_household(&conn, agent, &library, &content);

    // The agent entered a member before the form opened: nothing comes from the file.
    draft_for(&conn, agent, &library, Some(client_id));
    row(
        &conn,
        agent,
        &content,
        "members",
        &[("relation", json!("self"))],
    );
    let view = open(&conn, agent, &content);
    assert_eq!(rows(&view, "members").len(), 1);
    assert!(!view.state.answers.contains_key("policies"));
    assert!(view.state.prefilled_groups.is_empty());

    // Filled, then every policy removed: opening again does not bring them back, and the form
    // no longer says the (now empty) table came from the file.
    let manual = consulting::current(&conn, agent).unwrap().consultation.id;
    consulting::finish(&conn, agent, &library, manual, &deciding()).unwrap();
    draft_for(&conn, agent, &library, Some(client_id));
    let view = open(&conn, agent, &content);
    assert_eq!(
        rows(&view, "members").len(),
        1,
        "the file now holds the one member of the consultation before"
    );
    assert!(
        !view.state.answers.contains_key("policies"),
        "that consultation answered no policy"
    );
    let member = rows(&view, "members")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    answering::edit_rows(
        &conn,
        agent,
        &content,
        "family",
        "members",
        &RowEdit::Remove { row: member },
    )
    .unwrap();
    let again = open(&conn, agent, &content);
    assert_eq!(rows(&again, "members").len(), 0);
    assert!(again.state.prefilled_groups.is_empty());
}

#[test]
fn erasing_the_client_takes_the_household_and_the_rows_filled_from_it() {
    let (conn, library, agent) = setup();
    let content = content();
    let (client_id, _) = finished_with_household(&conn, agent, &library, &content);
    draft_for(&conn, agent, &library, Some(client_id));
    open(&conn, agent, &content);
    assert_eq!(count(&conn, "SELECT count(*) FROM answer_prefills"), 2);
    privacy::erase::erase_client(&conn, "agent:1", client_id).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM client_households"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM answer_prefills"), 0);
    assert_eq!(client::get(&conn, client_id).unwrap().household, None);
}

#[test]
fn the_purge_takes_the_household_with_the_consultation_it_came_from() {
    let (conn, library, agent) = setup();
    let content = content();
    // The client keeps a record retained long (a purchase), and a later one that expires.
    let (kept, client_id) = draft_for(&conn, agent, &library, None);
    consulting::finish(&conn, agent, &library, kept, &deciding()).unwrap();
    let (source, _) = draft_for(&conn, agent, &library, Some(client_id));
    answer_two_members_and_a_policy(&conn, agent, &content);
    consulting::finish(&conn, agent, &library, source, &deciding()).unwrap();
    conn.execute(
        "UPDATE consultations SET retention_until = CASE id WHEN ?1 THEN '2020-01-01'
             ELSE '2099-01-01' END",
        [source],
    )
    .unwrap();
    let purged = privacy::retention::purge_expired(&conn, "system", "2026-12-01", false).unwrap();
    assert_eq!(purged.consultations, [source]);
    assert!(
        purged.clients.is_empty(),
        "the client has a record still kept"
    );
    let c = client::get(&conn, client_id).unwrap();
    assert!(c.erased_at.is_none());
    assert_eq!(
        c.household, None,
        "the rows were that consultation's answers, and went with it"
    );

    // A client left with no retained record is erased whole, household and all.
    let (other_client, _) = finished_with_household(&conn, agent, &library, &content);
    conn.execute(
        "UPDATE consultations SET retention_until = '2020-01-01' WHERE client_id = ?1",
        [other_client],
    )
    .unwrap();
    let purged = privacy::retention::purge_expired(&conn, "system", "2026-12-01", false).unwrap();
    assert_eq!(purged.clients, [other_client]);
    assert_eq!(count(&conn, "SELECT count(*) FROM client_households"), 0);
}

#[test]
fn the_export_holds_the_household_with_the_client_file() {
    let (conn, library, agent) = setup();
    let content = content();
    finished_with_household(&conn, agent, &library, &content);
    let mut out = Vec::new();
    export::export(&conn, export::Format::Json, None, None, &mut out).unwrap();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let household = &v["records"][0]["client"]["household"];
    assert_eq!(household["members"][1]["name"], "李娜");
    assert_eq!(household["policies"][0]["product"], "定期寿险A");
    assert_eq!(household["as_of"], clock::today());
    // Head office's copy is the same read.
    let pending = crate::fleet::outbox::pending(&conn, 500).unwrap();
    let sent = pending.iter().find(|p| p.kind == "client").unwrap();
    assert_eq!(sent.payload["household"]["members"][0]["name"], "王强");
}

#[test]
fn a_kiosk_visit_never_writes_the_household() {
    let (conn, library, _agent) = setup();
    let content = content();
    let kiosk = Actor::new(Role::Kiosk);
    consent(&conn, kiosk);
    answer_two_members_and_a_policy(&conn, kiosk, &content);
    let visit = crate::consultation::current_draft(&conn, crate::consultation::Mode::Kiosk)
        .unwrap()
        .unwrap();
    let err = consulting::finish(&conn, kiosk, &library, visit, &deciding()).unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err}");
    // Even asked directly, a kiosk visit keeps nothing (and has no client file).
    assert!(!household::keep_from_consultation(&conn, "kiosk", visit).unwrap());
    assert_eq!(count(&conn, "SELECT count(*) FROM client_households"), 0);
}

#[test]
fn only_the_fields_the_review_reads_are_kept_and_bad_stored_rows_are_a_clear_error() {
    let (conn, library, agent) = setup();
    let content = content();
    let (draft, client_id) = draft_for(&conn, agent, &library, None);
    answer_two_members_and_a_policy(&conn, agent, &content);
    // A group that gained a question (a health detail, say) in an insurer's questionnaire.
    conn.execute(
        "UPDATE answers SET value = json_set(value, '$[0].smoker', 'yes')
          WHERE consultation_id = ?1 AND question_id = 'members'",
        [draft],
    )
    .unwrap();
    consulting::finish(&conn, agent, &library, draft, &deciding()).unwrap();
    let file = client::get(&conn, client_id).unwrap().household.unwrap();
    assert!(!file.members[0].contains_key("smoker"));
    assert_eq!(file.members[0]["annual_income"], "300000.00");

    for (stored, says) in [
        (
            "{not json",
            "the stored `members` are not JSON (line 1, column 2)",
        ),
        (
            "{\"id\": \"r1\"}",
            "the stored `members` are not a list of rows",
        ),
        ("[1]", "the stored `members` [0] is not a row object"),
    ] {
        conn.execute("UPDATE client_households SET members = ?1", [stored])
            .unwrap();
        let err = client::get(&conn, client_id).unwrap_err();
        let Error::Content(message) = &err else {
            panic!("{err}");
        };
        assert_eq!(
            message,
            &format!("client {client_id}'s household: {says}"),
            "{stored}"
        );
        assert_eq!(err.to_public().code, "content");
    }
}

#[test]
fn another_client_chosen_takes_out_the_rows_the_first_ones_file_filled_in() {
    let (conn, library, agent) = setup();
    let content = content();
    let (client_a, _) = finished_with_household(&conn, agent, &library, &content);
    let (draft, _) = draft_for(&conn, agent, &library, Some(client_a));
    assert_eq!(rows(&open(&conn, agent, &content), "members").len(), 2);
    super::reading::compute_review(&conn, agent, &content, "family", None).unwrap();
    // The agent chose the wrong client: 李娜 is another person, with no household yet.
    let b = consulting::create_client(&conn, agent, Some(draft), &person("李娜")).unwrap();
    let view = answering::open(&conn, agent, &content, "family", true).unwrap();
    assert!(!view.state.answers.contains_key("members"));
    assert!(!view.state.answers.contains_key("policies"));
    assert!(view.state.prefilled_groups.is_empty());
    assert_eq!(
        crate::household::store::count(&conn, draft).unwrap(),
        0,
        "the review read the other client's rows"
    );
    consulting::finish(&conn, agent, &library, draft, &deciding()).unwrap();
    assert_eq!(client::get(&conn, b.id).unwrap().household, None);
    assert_eq!(
        client::get(&conn, client_a)
            .unwrap()
            .household
            .unwrap()
            .members
            .len(),
        2,
        "the first client's file is untouched"
    );
}
