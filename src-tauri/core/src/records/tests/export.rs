//! Tests of `export`: round trips in CSV and JSON, Chinese intact, formulas neutralised.

use super::{finish_edit, person};
use crate::consultation::{self, Mode};
use crate::db;
use crate::records::client;
use crate::records::export::{export, neutralise, Format, CSV_COLUMNS};
use crate::records::record;
use crate::settings::Language;
use rusqlite::Connection;

/// A minimal RFC 4180 reader for the round trip: quoted cells, doubled quotes, CRLF rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

fn save_tricky(conn: &Connection) -> i64 {
    let mut p = person("欧阳娜娜", "13800138000");
    p.address = Some("上海市浦东新区世纪大道 100 号, 3 楼".into());
    let c = client::save(conn, "agent", None, &p).unwrap();
    let id = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    let mut edit = finish_edit(c.id);
    edit.notes = Some("=HYPERLINK(\"http://evil\")\n第二行 \"引号\"".into());
    edit.decision = Some("-1+1 客户本人决定".into());
    record::finish(conn, "agent", id, &edit).unwrap();
    id
}

fn csv_of(conn: &Connection, since: Option<&str>, until: Option<&str>) -> String {
    let mut out = Vec::new();
    export(conn, Format::Csv, since, until, &mut out).unwrap();
    String::from_utf8(out).expect("the export is UTF-8")
}

#[test]
fn csv_round_trips_with_chinese_intact_and_formulas_neutralised() {
    let conn = db::open_in_memory().unwrap();
    let id = save_tricky(&conn);
    let text = csv_of(&conn, None, None);
    assert!(
        text.starts_with('\u{feff}'),
        "a BOM so spreadsheets read UTF-8"
    );
    let rows = parse_csv(&text['\u{feff}'.len_utf8()..]);
    assert_eq!(rows.len(), 2, "a header and one row per consultation");
    assert_eq!(rows[0], CSV_COLUMNS, "the header names every column");
    let cell = |name: &str| {
        let i = CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
        rows[1][i].clone()
    };
    assert_eq!(cell("consultation_id"), id.to_string());
    assert_eq!(cell("client_name"), "欧阳娜娜", "Chinese intact");
    assert_eq!(
        cell("address"),
        "上海市浦东新区世纪大道 100 号, 3 楼",
        "a comma inside a cell"
    );
    assert_eq!(
        cell("notes"),
        "'=HYPERLINK(\"http://evil\")\n第二行 \"引号\"",
        "a formula gets a leading quote; quotes and the line break survive"
    );
    assert_eq!(
        cell("decision"),
        "'-1+1 客户本人决定",
        "a leading minus is neutralised too"
    );
    assert_eq!(cell("agent_licence"), "02000133000080002021000123");
    assert_eq!(cell("products"), "critical-illness");
}

#[test]
fn every_dangerous_first_character_is_neutralised() {
    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
        assert!(
            neutralise(bad).starts_with('\''),
            "`{bad:?}` must not be a formula"
        );
    }
    assert_eq!(neutralise("李娜"), "李娜", "ordinary text is unchanged");
    assert_eq!(neutralise(""), "", "an empty cell stays empty");
}

#[test]
fn json_round_trips_the_full_record() {
    let conn = db::open_in_memory().unwrap();
    let id = save_tricky(&conn);
    let mut out = Vec::new();
    assert_eq!(
        export(&conn, Format::Json, None, None, &mut out).unwrap(),
        1
    );
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(v["format"], "presale-records");
    let r = &v["records"][0];
    let saved = crate::records::view::get(&conn, id).unwrap();
    assert_eq!(
        r,
        &serde_json::to_value(&saved).unwrap(),
        "exported is what was saved"
    );
    assert_eq!(r["client"]["name"], "欧阳娜娜");
    assert_eq!(
        r["consultation"]["notes"], "=HYPERLINK(\"http://evil\")\n第二行 \"引号\"",
        "JSON keeps text exactly: only CSV cells need neutralising"
    );
}

#[test]
fn since_and_until_are_inclusive_days() {
    let conn = db::open_in_memory().unwrap();
    save_tricky(&conn);
    save_tricky(&conn);
    conn.execute(
        "UPDATE consultations SET started_at = '2025-05-31T23:59:59.999Z' WHERE id = 1",
        [],
    )
    .unwrap();
    let count = |s, u| parse_csv(&csv_of(&conn, s, u)).len() - 1;
    assert_eq!(
        count(Some("2025-05-31"), Some("2025-05-31")),
        1,
        "the last millisecond counts"
    );
    assert_eq!(count(Some("2025-06-01"), None), 1, "only the other one");
    assert_eq!(count(None, None), 2);
    let mut out = Vec::new();
    let err = export(&conn, Format::Csv, Some("2025-13-01"), None, &mut out).unwrap_err();
    assert_eq!(
        err.to_public().field.as_deref(),
        Some("since"),
        "the bad argument is named"
    );
    assert!("xml".parse::<Format>().is_err());
}
