//! CSV import: the shipped sample files import whole; a bad file is refused naming the row and
//! the column, and nothing of it is saved.

use super::*;
use crate::consultation::{self, Mode};
use crate::db;
use crate::questionnaire::{tests::content_dir, Questionnaires};
use serde_json::json;

fn setup() -> (Connection, Session<'static>, Questionnaire) {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let (all, _) = Questionnaires::load(&content_dir());
    let s = Session {
        consultation_id: id,
        health_consent: false,
        language: Language::En,
        today: "2026-11-28",
    };
    (conn, s, all.get("family").unwrap().clone())
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn import(
    conn: &Connection,
    s: Session<'_>,
    q: &Questionnaire,
    g: &str,
    csv: &str,
) -> Result<RowOutcome> {
    edit(
        conn,
        s,
        q,
        g,
        &RowEdit::Import {
            csv: csv.into(),
            replace: false,
        },
    )
}

fn refused(e: Error) -> String {
    match e {
        Error::Invalid { message, .. } => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_sample_files_import_whole_with_references_by_name() {
    let (conn, s, q) = setup();
    let out = import(&conn, s, &q, "members", &fixture("members.csv")).unwrap();
    assert_eq!(out.imported, Some(5));
    let members = &out.state.answers["members"];
    assert_eq!(
        members[2],
        json!({"id": "r3", "relation": "child", "name": "王小明", "birth_date": "2016-09-01",
               "gender": "male", "annual_income": "0.00", "depends_on": ["r1", "r2"]})
    );
    let out = import(&conn, s, &q, "policies", &fixture("policies.csv")).unwrap();
    assert_eq!(out.imported, Some(5));
    let p = &out.state.answers["policies"];
    assert_eq!(
        p[0],
        json!({"id": "r6", "insurer": "平安人寿", "product": "平安福定期寿险", "kind": "term_life",
               "insured": "r1", "holder": "r1", "beneficiaries": ["r2"], "sum_insured": "1000000.00",
               "annual_premium": "3200.00", "frequency": "annual", "payment_years": 20,
               "start_date": "2020-05-01", "end_date": "2048-05-01", "status": "in_force"})
    );
    assert_eq!(p[2]["deductible"], "10000.00");
    assert_eq!(p[3]["status"], "in_grace");
    assert_eq!(p[4]["kind"], "property");
    assert!(p[4].get("insured").is_none());
    assert_eq!(p[4]["object"], "上海市浦东新区某路 100 弄 8 号 1201 室");
    // Saved: a reload shows the same rows.
    assert_eq!(
        answers::state(&conn, s, &q).unwrap().answers["policies"],
        *p
    );
}

#[test]
fn a_bad_date_in_row_7_is_refused_naming_the_row_and_the_column_and_nothing_is_saved() {
    let (conn, s, q) = setup();
    import(&conn, s, &q, "members", &fixture("members.csv")).unwrap();
    let message =
        refused(import(&conn, s, &q, "policies", &fixture("policies-bad-date.csv")).unwrap_err());
    assert!(
        message.contains(
            "Row 7 (line 8 of the file), column “start_date”: there is no such day as 2023-02-30"
        ),
        "{message}"
    );
    assert!(message.contains("nothing was saved"), "{message}");
    let state = answers::state(&conn, s, &q).unwrap();
    assert!(
        !state.answers.contains_key("policies"),
        "nothing half-imported"
    );
    // In Chinese too.
    let zh = Session {
        language: Language::ZhCn,
        ..s
    };
    let message =
        refused(import(&conn, zh, &q, "policies", &fixture("policies-bad-date.csv")).unwrap_err());
    assert!(
        message.contains("第 7 条（文件第 8 行），「start_date」列：日历上没有 2023-02-30 这一天"),
        "{message}"
    );
}

#[test]
fn a_wrong_header_is_refused_naming_the_column() {
    let (conn, s, q) = setup();
    let message = refused(
        import(
            &conn,
            s,
            &q,
            "policies",
            "insurer,sum_insurd,kind,status\nA,1,accident,in_force\n",
        )
        .unwrap_err(),
    );
    assert!(
        message.contains("Header column 2 “sum_insurd” is not a question of this group"),
        "{message}"
    );
    let message = refused(
        import(
            &conn,
            s,
            &q,
            "policies",
            "kind,险种,status\naccident,accident,in_force\n",
        )
        .unwrap_err(),
    );
    assert!(
        message.contains("“kind” twice (columns 1 and 2)"),
        "{message}"
    );
    let message =
        refused(import(&conn, s, &q, "policies", "insurer,kind\nA,accident\n").unwrap_err());
    assert!(
        message.contains("lacks the required column “status”"),
        "{message}"
    );
    let message = refused(import(&conn, s, &q, "policies", "").unwrap_err());
    assert!(message.contains("empty"), "{message}");
    let message = refused(import(&conn, s, &q, "policies", "kind,status\n").unwrap_err());
    assert!(message.contains("no rows"), "{message}");
}

#[test]
fn every_bad_cell_is_listed_by_row_and_column() {
    let (conn, s, q) = setup();
    import(&conn, s, &q, "members", &fixture("members.csv")).unwrap();
    let csv = "kind,insured,deductible,sum_insured,status,start_date,end_date\n\
               term_life,王强,100,1000000,in_force,,\n\
               pet,王强,,1,in_force,,\n\
               accident,子女,,1,in_force,,\n\
               accident,张三,,1,in_force,,\n\
               accident,本人,,-5,in_force,,\n\
               accident,本人,,5,,2024-01-01,2023-01-01\n\
               accident,本人,5\n";
    let message = refused(import(&conn, s, &q, "policies", csv).unwrap_err());
    for expected in [
        "Row 1 (line 2 of the file), column “deductible”: does not apply to this row",
        "Row 2 (line 3 of the file), column “kind”: “pet” is not one of the options",
        "Row 3 (line 4 of the file), column “insured”: “子女” matches 2 rows; write the name",
        "Row 4 (line 5 of the file), column “insured”: no row is called “张三”",
        "Row 5 (line 6 of the file), column “sum_insured”: please give a number of at least 0",
        "Row 6 (line 7 of the file), column “status”: is required",
        "Row 6 (line 7 of the file), column “end_date”: Cannot be before “Start date” (2024-01-01)",
        "Row 7 (line 8 of the file) has 3 cells; the header has 7 columns",
    ] {
        assert!(message.contains(expected), "`{expected}` in:\n{message}");
    }
    assert!(!answers::state(&conn, s, &q)
        .unwrap()
        .answers
        .contains_key("policies"));
}

#[test]
fn quoted_cells_labels_in_either_language_and_references_within_the_file() {
    let (conn, s, q) = setup();
    let csv = "\u{feff}Relation,Name,出生日期,depends_on\r\n\
               Self,\"Wang, Qiang\",1988年3月2日,\r\n\
               配偶,\"Li \"\"Na\"\"\",1990/7/15,\r\n\
               ,,,\r\n\
               child,,20160901,\"Wang, Qiang；Li \"\"Na\"\"\"\r\n";
    let out = import(&conn, s, &q, "members", csv).unwrap();
    let m = &out.state.answers["members"];
    assert_eq!(out.imported, Some(3), "a line of empty cells is no row");
    assert_eq!(m[0]["name"], "Wang, Qiang");
    assert_eq!(m[0]["birth_date"], "1988-03-02");
    assert_eq!(m[1]["relation"], "spouse");
    assert_eq!(m[1]["name"], "Li \"Na\"");
    assert_eq!(m[2]["depends_on"], json!(["r1", "r2"]));
    // A second file adds after the rows there are, and may refer to them by relation.
    let more = "relation,birth_date,depends_on\nchild,2020-01-01,本人\n";
    let out = import(&conn, s, &q, "members", more).unwrap();
    assert_eq!(
        out.state.answers["members"][3],
        json!({"id": "r4", "relation": "child", "birth_date": "2020-01-01", "depends_on": ["r1"]})
    );
    // Replacing takes the file's rows instead, with new ids.
    let out = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Import {
            csv: more.replace("本人", "Self"),
            replace: true,
        },
    );
    let message = refused(out.unwrap_err());
    assert!(
        message.contains("no row is called “Self”"),
        "the replaced rows are gone: {message}"
    );
    let out = edit(
        &conn,
        s,
        &q,
        "members",
        &RowEdit::Import {
            csv: "relation,birth_date\nself,1988-03-02\n".into(),
            replace: true,
        },
    )
    .unwrap();
    assert_eq!(
        out.state.answers["members"],
        json!([{"id": "r5", "relation": "self", "birth_date": "1988-03-02"}])
    );
}

#[test]
fn a_file_beyond_the_groups_rows_or_with_an_open_quote_is_refused() {
    let (conn, s, q) = setup();
    let many: String = std::iter::once("relation,birth_date\n".to_string())
        .chain((0..13).map(|_| "child,2020-01-01\n".to_string()))
        .collect();
    let message = refused(import(&conn, s, &q, "members", &many).unwrap_err());
    assert!(message.contains("at most 12"), "{message}");
    let message = refused(
        import(
            &conn,
            s,
            &q,
            "members",
            "relation,birth_date,name\nself,1988-03-02,\"Wang\n",
        )
        .unwrap_err(),
    );
    assert!(message.contains("quote opened on line 2"), "{message}");
    let message = refused(
        import(
            &conn,
            s,
            &q,
            "members",
            "relation,birth_date,depends_on\nself,1988-03-02,self\n",
        )
        .unwrap_err(),
    );
    assert!(
        message.contains("column “depends_on”: a member cannot depend on themselves"),
        "{message}"
    );
}
