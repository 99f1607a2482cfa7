//! Rules across rows, checked as the rows are entered: each kind of rule, each edit (answer,
//! add, duplicate, restore, import), the messages in both languages, and what the form says of
//! a rule not met.

use crate::consultation::{self, Mode};
use crate::db;
use crate::questionnaire::answers::{self, Session};
use crate::questionnaire::rows::{edit, RowEdit, RowOutcome};
use crate::questionnaire::{parse, tests::content_dir, Questionnaire, Questionnaires};
use crate::settings::Language;
use crate::{Error, Result};
use rusqlite::Connection;
use serde_json::{json, Map, Value};

fn setup() -> (Connection, i64, Questionnaire) {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let (all, _) = Questionnaires::load(&content_dir());
    (conn, id, all.get("family").unwrap().clone())
}

fn session(id: i64, language: Language) -> Session<'static> {
    Session {
        consultation_id: id,
        health_consent: false,
        language,
        today: "2026-11-28",
    }
}

fn add(conn: &Connection, s: Session<'_>, q: &Questionnaire, g: &str) -> String {
    edit(conn, s, q, g, &RowEdit::Add).unwrap().row.unwrap()
}

fn set(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    row: &str,
    question: &str,
    value: Value,
) -> Result<RowOutcome> {
    let answer = RowEdit::Answer {
        row: row.into(),
        question: question.into(),
        value,
    };
    edit(conn, s, q, "members", &answer)
}

fn invalid(e: Error) -> (String, String) {
    match e {
        Error::Invalid { field, message } => (field, message),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn saved(conn: &Connection, s: Session<'_>, q: &Questionnaire) -> Value {
    answers::state(conn, s, q).unwrap().answers["members"].clone()
}

/// A household of `relations`, one member a relation, in the given language.
fn household(
    relations: &[&str],
    language: Language,
) -> (Connection, Session<'static>, Questionnaire) {
    let (conn, id, q) = setup();
    let s = session(id, language);
    for r in relations {
        let row = add(&conn, s, &q, "members");
        set(&conn, s, &q, &row, "relation", json!(r)).unwrap();
    }
    (conn, s, q)
}

#[test]
fn a_second_self_is_refused_at_its_cell_in_the_sessions_language_and_nothing_is_saved() {
    let (conn, s, q) = household(&["self", "child"], Language::En);
    let before = saved(&conn, s, &q);
    let (field, message) = invalid(set(&conn, s, &q, "r2", "relation", json!("self")).unwrap_err());
    assert_eq!(field, "members[1].relation");
    assert_eq!(
        message,
        "Only one member can be “Self”: the person consulting."
    );
    assert_eq!(saved(&conn, s, &q), before, "nothing is saved");
    let zh = session(s.consultation_id, Language::ZhCn);
    let (_, message) = invalid(set(&conn, zh, &q, "r2", "relation", json!("self")).unwrap_err());
    assert_eq!(message, "只能有一位成员是“本人”：本人是来咨询的这一位。");
    // The same row may be `self` once the first one is something else.
    set(&conn, s, &q, "r1", "relation", json!("spouse")).unwrap();
    set(&conn, s, &q, "r2", "relation", json!("self")).unwrap();
    // And a second spouse is refused by its own rule.
    let r3 = add(&conn, s, &q, "members");
    let (field, message) =
        invalid(set(&conn, s, &q, &r3, "relation", json!("spouse")).unwrap_err());
    assert_eq!(field, "members[2].relation");
    assert!(message.contains("“Spouse”"), "{message}");
}

#[test]
fn rows_saved_before_a_rule_can_still_be_corrected_one_at_a_time() {
    let (conn, id, q) = setup();
    let s = session(id, Language::En);
    // Two `self` rows, as saved before the rule existed.
    answers::put(
        &conn,
        s,
        &q,
        "members",
        &json!([{"id": "r1", "relation": "self"}, {"id": "r2", "relation": "self"}]),
        false,
    )
    .unwrap();
    set(&conn, s, &q, "r1", "birth_date", json!("1988-03-02")).unwrap();
    set(&conn, s, &q, "r2", "relation", json!("spouse")).unwrap();
    // Fixed, it stays fixed.
    let (field, _) = invalid(set(&conn, s, &q, "r2", "relation", json!("self")).unwrap_err());
    assert_eq!(field, "members[1].relation");
}

#[test]
fn a_duplicate_of_the_self_row_is_made_without_its_relation_and_says_why() {
    let (conn, s, q) = household(&["self"], Language::En);
    set(&conn, s, &q, "r1", "name", json!("王强")).unwrap();
    let out = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Duplicate { row: "r1".into() },
    )
    .unwrap();
    assert_eq!(out.row.as_deref(), Some("r2"));
    assert_eq!(
        out.state.answers["members"],
        json!([{"id": "r1", "relation": "self", "name": "王强"}, {"id": "r2", "name": "王强"}]),
        "the copy keeps every other answer; the original is untouched"
    );
    assert_eq!(out.left_out.len(), 1);
    assert_eq!(out.left_out[0].question, "relation");
    assert!(
        out.left_out[0].message.contains("Only one member"),
        "{:?}",
        out.left_out
    );
    // The copy's relation is required, so the row says it is missing.
    assert_eq!(
        out.state.rows["members"][1].missing_required,
        vec!["relation", "birth_date"]
    );
    // A child copied keeps being a child.
    set(&conn, s, &q, "r2", "relation", json!("child")).unwrap();
    let out = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Duplicate { row: "r2".into() },
    )
    .unwrap();
    assert!(out.left_out.is_empty());
    assert_eq!(out.state.answers["members"][2]["relation"], "child");
}

#[test]
fn an_undo_that_would_make_a_second_self_is_refused() {
    let (conn, s, q) = household(&["self"], Language::ZhCn);
    let out = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Remove { row: "r1".into() },
    )
    .unwrap();
    let removed = out.removed.unwrap();
    let r2 = add(&conn, s, &q, "members");
    set(&conn, s, &q, &r2, "relation", json!("self")).unwrap();
    let before = saved(&conn, s, &q);
    let restore = RowEdit::Restore {
        row: removed.row.clone(),
        index: removed.index,
    };
    let (field, message) = invalid(edit(&conn, s, &q, "members", &restore).unwrap_err());
    assert_eq!(
        field, "members[0].relation",
        "named where it would have gone"
    );
    assert!(message.contains("只能有一位成员是“本人”"), "{message}");
    assert_eq!(saved(&conn, s, &q), before);
    // With the other `self` changed, the undo works.
    set(&conn, s, &q, &r2, "relation", json!("spouse")).unwrap();
    edit(&conn, s, &q, "members", &restore).unwrap();
}

#[test]
fn a_restored_row_naming_itself_is_refused_with_the_contents_message() {
    let (conn, s, q) = household(&["self", "child"], Language::En);
    let out = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Remove { row: "r2".into() },
    )
    .unwrap();
    let mut row: Map<String, Value> = out.removed.unwrap().row;
    row.insert("depends_on".into(), json!(["r1", "r2"]));
    let (field, message) =
        invalid(edit(&conn, s, &q, "members", &RowEdit::Restore { row, index: 1 }).unwrap_err());
    assert_eq!(field, "members[1].depends_on");
    assert!(message.contains("cannot depend on themselves"), "{message}");
}

fn import(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    csv: &str,
    replace: bool,
) -> Result<RowOutcome> {
    let import = RowEdit::Import {
        csv: csv.into(),
        replace,
    };
    edit(conn, s, q, "members", &import)
}

#[test]
fn an_import_breaking_a_rule_is_refused_whole_naming_each_row() {
    let (conn, s, q) = household(&["self"], Language::En);
    let before = saved(&conn, s, &q);
    let csv = "relation,birth_date\nchild,2016-09-01\nself,1990-07-15\nspouse,1990-07-15\nspouse,1991-01-01\n";
    let (field, message) = invalid(import(&conn, s, &q, csv, false).unwrap_err());
    assert_eq!(field, "members");
    assert!(message.contains("nothing was saved"), "{message}");
    assert!(
        message.contains(
            "Row 2 (line 3 of the file), column “relation”: only one member can be “Self”"
        ),
        "the self already there counts: {message}"
    );
    assert!(
        message.contains(
            "Row 4 (line 5 of the file), column “relation”: only one member can be “Spouse”"
        ),
        "the first spouse is fine, the second one too many: {message}"
    );
    assert!(!message.contains("Row 3 "), "{message}");
    assert_eq!(saved(&conn, s, &q), before);
    // Replacing the rows there, the file's own self is the only one.
    let csv = "relation,birth_date\nself,1990-07-15\nchild,2016-09-01\n";
    import(&conn, s, &q, csv, true).unwrap();
    // In Chinese, by the labels.
    let zh = session(s.consultation_id, Language::ZhCn);
    let (_, message) = invalid(
        import(
            &conn,
            zh,
            &q,
            "与本人关系,出生日期\n本人,1980-01-01\n",
            false,
        )
        .unwrap_err(),
    );
    assert!(
        message.contains("第 1 条（文件第 2 行），「与本人关系」列：只能有一位成员是“本人”"),
        "{message}"
    );
}

#[test]
fn a_household_without_self_reads_incomplete_with_the_message() {
    let (conn, s, q) = household(&["child"], Language::En);
    set(&conn, s, &q, "r1", "birth_date", json!("2016-09-01")).unwrap();
    let state = answers::state(&conn, s, &q).unwrap();
    let members = state.sections.iter().find(|x| x.id == "members").unwrap();
    assert_eq!(members.missing_required, vec!["members.rules.self_needed"]);
    assert!(!members.complete);
    assert_eq!(members.unmet_rules.len(), 1);
    assert_eq!(
        members.unmet_rules[0].message.zh,
        "请在成员中填上“本人”（来咨询的这一位）。"
    );
    assert!(members.unmet_rules[0].message.en.starts_with("Add “Self”"));
    // Met once a member is self; an empty group asks nothing (min_rows says whether rows are
    // needed).
    let r2 = add(&conn, s, &q, "members");
    let out = set(&conn, s, &q, &r2, "relation", json!("self")).unwrap();
    let members = out
        .state
        .sections
        .iter()
        .find(|x| x.id == "members")
        .unwrap();
    assert!(members.unmet_rules.is_empty());
    assert!(!members.missing_required.iter().any(|m| m.contains("rules")));
    let (conn, s, q) = household(&[], Language::En);
    let state = answers::state(&conn, s, &q).unwrap();
    let members = state.sections.iter().find(|x| x.id == "members").unwrap();
    assert!(
        members.missing_required.is_empty(),
        "{:?}",
        members.missing_required
    );
}

/// A group of things with a number and a kind, for the limits beyond one.
const BOXES: &str = r#"
id = "boxes"
kind = "family"
title = { zh = "箱", en = "Boxes" }
[[sections]]
id = "boxes"
repeat = true
max_rows = 10
title = { zh = "箱", en = "Boxes" }
[[sections.questions]]
id = "weight"
type = "integer"
label = { zh = "重量", en = "Weight" }
min = 0
max = 100
[[sections.questions]]
id = "fragile"
type = "yes_no"
label = { zh = "易碎", en = "Fragile" }
[[sections.rules]]
id = "few_heavy"
at_most = 2
rows_where = "weight > 50 and not fragile == yes"
message = { zh = "最多两只重箱。", en = "At most two heavy boxes." }
[[sections.rules]]
id = "some_fragile"
at_least = 2
rows_where = "fragile == yes"
message = { zh = "至少两只易碎箱。", en = "At least two fragile boxes." }
"#;

#[test]
fn limits_above_one_count_rows_by_any_row_condition() {
    let q = parse(BOXES, "boxes.toml").unwrap();
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::En).unwrap();
    let s = session(id, Language::En);
    let put = |row: &str, question: &str, value: Value| {
        let answer = RowEdit::Answer {
            row: row.into(),
            question: question.into(),
            value,
        };
        edit(&conn, s, &q, "boxes", &answer)
    };
    let rows: Vec<String> = (0..3)
        .map(|_| {
            edit(&conn, s, &q, "boxes", &RowEdit::Add)
                .unwrap()
                .row
                .unwrap()
        })
        .collect();
    put(&rows[0], "weight", json!(60)).unwrap();
    put(&rows[1], "weight", json!(70)).unwrap();
    let (field, message) = invalid(put(&rows[2], "weight", json!(80)).unwrap_err());
    assert_eq!(
        (field.as_str(), message.as_str()),
        ("boxes[2].weight", "At most two heavy boxes.")
    );
    // A fragile box is not counted: the whole condition decides.
    put(&rows[2], "fragile", json!(true)).unwrap();
    put(&rows[2], "weight", json!(80)).unwrap();
    // Clearing the answer that kept it out counts it again: refused at the edited cell.
    let (field, _) = invalid(put(&rows[2], "fragile", Value::Null).unwrap_err());
    assert_eq!(field, "boxes[2].fragile");
    let state = answers::state(&conn, s, &q).unwrap();
    assert_eq!(
        state.sections[0].missing_required,
        vec!["boxes.rules.some_fragile"]
    );
    put(&rows[1], "fragile", json!(true)).unwrap();
    let state = answers::state(&conn, s, &q).unwrap();
    assert!(
        state.sections[0].missing_required.is_empty(),
        "two fragile boxes now"
    );
    // An import counts the rows kept: one heavy box there, two more in the file.
    let (_, message) = invalid(
        edit(
            &conn,
            s,
            &q,
            "boxes",
            &RowEdit::Import {
                csv: "weight\n90\n95\n".into(),
                replace: false,
            },
        )
        .unwrap_err(),
    );
    assert!(
        message.contains("Row 2 (line 3 of the file), column “weight”: at most two heavy boxes."),
        "{message}"
    );
    assert!(!message.contains("Row 1 "), "{message}");
}
