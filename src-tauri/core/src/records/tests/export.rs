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

/// Stores the engine's analysis of the fixture profile `name` with consultation `id`; a family's
/// quoted premium is raised beyond its budget, so the analysis warns.
fn store_advice(conn: &Connection, id: i64, name: &str) -> serde_json::Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/advise");
    let mut profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap())
            .unwrap();
    if name == "family" {
        profile["quoted_premium"] = serde_json::json!(60000);
    }
    let products = crate::advice::shipped_products();
    let rates = crate::content::rates::RateBook::default();
    let advice =
        serde_json::to_value(crate::advice::advise_json(&profile, &products, &rates).unwrap())
            .unwrap();
    conn.execute(
        "INSERT INTO advice_results (consultation_id, questionnaire_id, questionnaire_version,
             engine_version, profile, result, created_at)
         VALUES (?1, ?2, 'v1', 'e1', ?3, ?4, '2026-12-01T08:00:00Z')",
        rusqlite::params![id, name, profile.to_string(), advice.to_string()],
    )
    .unwrap();
    advice
}

/// A finished record of `name` with the family analysis and the outcome `finish_edit` gives.
fn record_with_advice(conn: &Connection, name: &str) -> (i64, serde_json::Value) {
    let c = client::save(conn, "agent", None, &person(name, "13800138000")).unwrap();
    let id = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    let advice = store_advice(conn, id, "family");
    record::finish(conn, "agent", id, &finish_edit(c.id)).unwrap();
    (id, advice)
}

#[test]
fn json_nests_the_advice_and_includes_the_outcome_and_retention() {
    let conn = db::open_in_memory().unwrap();
    let (_, advice) = record_with_advice(&conn, "李娜");
    let mut out = Vec::new();
    export(&conn, Format::Json, None, None, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], 2);
    let r = &v["records"][0];
    let stored = &r["attached"]["advice_results"][0];
    assert!(
        stored["result"].is_object(),
        "nested, not a string: {stored}"
    );
    assert_eq!(stored["result"], advice, "the advice exactly as computed");
    assert!(stored["profile"].is_object());
    assert_eq!(r["outcome"]["status"], "bought");
    assert_eq!(r["outcome"]["sum_insured"], "500000.00");
    assert_eq!(r["outcome"]["contract_end"], "2046-12-01");
    assert_eq!(r["retention"]["until"], "2056-12-01");
    assert_eq!(r["retention"]["basis"], "long_policy");
    assert!(r["attached"].get("consultation_outcomes").is_none());
}

#[test]
fn csv_has_the_outcome_the_conclusion_the_gaps_and_the_warnings() {
    let conn = db::open_in_memory().unwrap();
    let (_, advice) = record_with_advice(&conn, "李娜");
    let rows = parse_csv(&csv_of(&conn, None, None));
    assert_eq!(rows[0].len(), CSV_COLUMNS.len());
    let cell = |name: &str| {
        let i = CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
        rows[1][i].clone()
    };
    assert_eq!(
        rows[1].len(),
        CSV_COLUMNS.len(),
        "every row is as wide as the header"
    );
    assert_eq!(cell("outcome_status"), "bought");
    assert_eq!(cell("outcome_product"), "critical-illness");
    assert_eq!(cell("outcome_sum_insured"), "500000.00");
    assert_eq!(cell("outcome_premium"), "6800.00");
    assert_eq!(cell("outcome_policy_term"), "longer");
    assert_eq!(cell("outcome_contract_end"), "2046-12-01");
    assert_eq!(cell("retention_basis"), "long_policy");
    assert_eq!(cell("advice_kind"), "family");
    assert_eq!(
        cell("conclusion"),
        advice["conclusion"]["zh"].as_str().unwrap(),
        "in the consultation's language"
    );
    let dime_gap = advice["dime"]["gap"].as_str().unwrap();
    assert!(
        cell("method_gaps").contains(&format!("dime={dime_gap}")),
        "{}",
        cell("method_gaps")
    );
    assert!(
        cell("method_gaps").contains("/month"),
        "the disability gap is monthly"
    );
    let warnings = advice["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty(), "the fixture profile warns");
    for w in warnings {
        assert!(cell("warnings").contains(w["message"]["zh"].as_str().unwrap()));
    }
    let kinds: Vec<&str> = advice["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["product_kind"].as_str().unwrap())
        .collect();
    for k in kinds {
        assert!(cell("recommendations").contains(k));
    }
}

#[test]
fn an_enterprise_analysis_gives_each_risks_decision() {
    let conn = db::open_in_memory().unwrap();
    let c = client::save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::En).unwrap();
    let advice = store_advice(&conn, id, "enterprise");
    record::finish(&conn, "agent", id, &finish_edit(c.id)).unwrap();
    let rows = parse_csv(&csv_of(&conn, None, None));
    let i = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let decisions = &rows[1][i("risk_decisions")];
    for r in advice["risks"].as_array().unwrap() {
        let pair = format!(
            "{}={}",
            r["name"].as_str().unwrap(),
            r["decision"].as_str().unwrap()
        );
        assert!(decisions.contains(&pair), "{pair} in {decisions}");
    }
    assert_eq!(
        rows[1][i("conclusion")],
        advice["conclusion"]["en"].as_str().unwrap(),
        "an English consultation's conclusion in English"
    );
    assert_eq!(rows[1][i("method_gaps")], "", "no family methods");
}
