//! Answer drafts: saved as given, resumed, cleared, and turned into stored advice.

use super::*;
use crate::consultation::{self, Mode};
use crate::db;
use crate::questionnaire::{tests::content_dir, Questionnaire, Questionnaires};

/// A shipped questionnaire, loaded the way the app loads it.
fn load_questionnaire(id: &str) -> Questionnaire {
    let (all, _) = Questionnaires::load(&content_dir());
    all.get(id).unwrap().clone()
}
use serde_json::json;

/// The shipped library's products, which the advice may recommend.
fn products() -> Vec<crate::content::Product> {
    crate::advice::shipped_products()
}

fn session(id: i64) -> Session<'static> {
    Session {
        consultation_id: id,
        health_consent: false,
        language: Language::En,
        today: "2026-11-28",
    }
}

fn setup() -> (Connection, i64, Questionnaire) {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    (conn, id, load_questionnaire("family"))
}

fn answer_all(conn: &Connection, s: Session<'_>, q: &Questionnaire, pairs: &[(&str, Value)]) {
    for (k, v) in pairs {
        save(conn, s, q, k, v).unwrap_or_else(|e| panic!("{k} = {v}: {e}"));
    }
}

/// A household worked by hand: see the DIME numbers in `advice_comes_from_the_answers`.
fn household() -> Vec<(&'static str, Value)> {
    vec![
        ("birth_date", json!("1988-06-01")),
        ("marital_status", json!("married")),
        ("children", json!(2)),
        ("dependents", json!(3)),
        ("annual_income", json!(200000)),
        ("monthly_expenses", json!(10000)),
        ("retirement_age", json!(63)),
        ("support_years", json!(10)),
        ("has_mortgage", json!("yes")),
        ("mortgage", json!(800000)),
        ("car_loan", json!(30000)),
        ("other_debts", json!(20000)),
        ("education", json!(300000)),
        ("liquid_assets", json!(150000)),
        ("final_expenses", json!(50000)),
        ("has_life_cover", json!("yes")),
        ("existing_life_cover", json!(500000)),
        ("has_ci_cover", json!("no")),
        ("has_medical_cover", json!("no")),
        ("has_accident_cover", json!("yes")),
        ("has_disability_cover", json!("no")),
    ]
}

#[test]
fn every_answer_is_saved_as_given_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    let q = load_questionnaire("family");
    let id = {
        let conn = db::open(&path).unwrap();
        let id = consultation::start_draft(&conn, Mode::Agent, Language::En).unwrap();
        save(&conn, session(id), &q, "annual_income", &json!(123456.7)).unwrap();
        id
    };
    // A crash or a closed window: open the file again.
    let conn = db::open(&path).unwrap();
    let stored = load(&conn, id, "family").unwrap();
    assert_eq!(
        stored.get("annual_income"),
        Some(&json!("123456.70")),
        "exact and kept"
    );
    let version: String = conn
        .query_row(
            "SELECT questionnaire_version FROM answers WHERE consultation_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        version, q.version,
        "each answer records the questionnaire version"
    );
}

#[test]
fn a_changed_answer_replaces_the_old_one_and_null_removes_it() {
    let (conn, id, q) = setup();
    save(&conn, session(id), &q, "children", &json!(1)).unwrap();
    let s = save(&conn, session(id), &q, "children", &json!(3)).unwrap();
    assert_eq!(s.answers.get("children"), Some(&json!(3)));
    let s = save(&conn, session(id), &q, "children", &Value::Null).unwrap();
    assert_eq!(s.answers.get("children"), None, "null clears the answer");
}

#[test]
fn invalid_answers_are_refused_in_the_session_language() {
    let (conn, id, q) = setup();
    let err = save(&conn, session(id), &q, "children", &json!(99)).unwrap_err();
    assert_eq!(err.to_public().field.as_deref(), Some("children"));
    assert_eq!(
        err.to_public().message,
        "Please give a number from 0 to 12."
    );
    let zh = Session {
        language: Language::ZhCn,
        ..session(id)
    };
    let err = save(&conn, zh, &q, "children", &json!(99)).unwrap_err();
    assert_eq!(err.to_public().message, "请填写 0 到 12 之间的数。");
    assert!(
        load(&conn, id, "family").unwrap().is_empty(),
        "nothing invalid is stored"
    );
}

#[test]
fn hidden_and_health_questions_cannot_be_answered_out_of_turn() {
    let (conn, id, q) = setup();
    let err = save(&conn, session(id), &q, "mortgage", &json!(1000)).unwrap_err();
    assert!(
        err.to_string().starts_with("mortgage:"),
        "no mortgage amount before the yes: {err}"
    );
    let err = save(&conn, session(id), &q, "hospitalised_2y", &json!(true)).unwrap_err();
    assert!(err.to_string().contains("consent"), "{err}");
    let consented = Session {
        health_consent: true,
        ..session(id)
    };
    save(&conn, consented, &q, "hospitalised_2y", &json!(true)).unwrap();
    assert_eq!(
        clear_sensitive(&conn, id).unwrap(),
        1,
        "withdrawing consent removes health answers"
    );
    let err = save(&conn, session(id), &q, "no_such_question", &json!(1)).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn advice_comes_from_the_answers_and_is_stored_with_its_versions() {
    let (conn, id, q) = setup();
    answer_all(&conn, session(id), &q, &household());
    let out = compute_advice(
        &conn,
        session(id),
        &q,
        None,
        &products(),
        &RateBook::default(),
    )
    .unwrap();
    // debts 30 000 + 20 000 = 50 000 (computed total); DIME need = 50 000 + 200 000 x 0.7 x 10
    // + 800 000 + 300 000 + 50 000 = 2 600 000; gap = 2 600 000 - 500 000 - 150 000 = 1 950 000.
    assert_eq!(
        out.profile["debts"],
        json!("50000.00"),
        "total debts computed from two answers"
    );
    assert_eq!(out.advice["dime"]["gap"], json!("1950000.00"));
    assert_eq!(
        out.advice["life_stage"]["stage"],
        json!("middle"),
        "38 on 28 November 2026"
    );
    assert_eq!(out.profile["existing_medical_cover"], json!(false));
    let ci = out
        .editable
        .iter()
        .find(|a| a.field == "ci_multiple")
        .expect("editable");
    assert_eq!(
        ci.usual.map(|(lo, hi)| (lo.to_string(), hi.to_string())),
        Some(("2".into(), "5".into())),
        "the usual range is shown beside the value"
    );
    let stored = latest_advice(&conn, id, "family")
        .unwrap()
        .expect("the result is stored");
    assert_eq!(
        stored.editable.len(),
        out.editable.len(),
        "the stored result offers the same edits"
    );
    assert_eq!(stored.id, out.id);
    assert_eq!(stored.engine_version, crate::advice::ENGINE_VERSION);
    assert_eq!(stored.questionnaire_version, q.version);
}

#[test]
fn the_agents_edits_recompute_and_are_kept() {
    let (conn, id, q) = setup();
    answer_all(&conn, session(id), &q, &household());
    let edits = json!({"support_years": 5, "ci_multiple": 5});
    let out = compute_advice(
        &conn,
        session(id),
        &q,
        Some(&edits),
        &products(),
        &RateBook::default(),
    )
    .unwrap();
    // 50 000 + 200 000 x 0.7 x 5 + 800 000 + 300 000 + 50 000 - 650 000 = 1 250 000
    assert_eq!(
        out.advice["dime"]["gap"],
        json!("1250000.00"),
        "an edited assumption recomputes"
    );
    assert_eq!(
        out.advice["critical_illness"]["need"],
        json!("1000000.00"),
        "5 x 200 000"
    );
    let bad = json!({"discount_rate": 3});
    let err = compute_advice(
        &conn,
        session(id),
        &q,
        Some(&bad),
        &products(),
        &RateBook::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("discount_rate:"),
        "an edit is named by its field: {err}"
    );
}

#[test]
fn a_missing_required_answer_points_at_its_question() {
    let (conn, id, q) = setup();
    save(&conn, session(id), &q, "support_years", &json!(10)).unwrap();
    let err = compute_advice(
        &conn,
        session(id),
        &q,
        None,
        &products(),
        &RateBook::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_public().field.as_deref(),
        Some("annual_income"),
        "{err}"
    );
}

#[test]
fn clearing_removes_answers_and_advice_of_that_consultation_only() {
    let (conn, id, q) = setup();
    let other = consultation::start_draft(&conn, Mode::Kiosk, Language::ZhCn).unwrap();
    answer_all(&conn, session(id), &q, &household());
    compute_advice(
        &conn,
        session(id),
        &q,
        None,
        &products(),
        &RateBook::default(),
    )
    .unwrap();
    save(&conn, session(other), &q, "children", &json!(1)).unwrap();
    assert!(clear(&conn, id).unwrap() > 0);
    assert!(
        load(&conn, id, "family").unwrap().is_empty(),
        "the visitor's answers are gone"
    );
    assert_eq!(
        latest_advice(&conn, id, "family").unwrap().map(|a| a.id),
        None,
        "and the advice"
    );
    assert_eq!(
        load(&conn, other, "family").unwrap().len(),
        1,
        "another consultation keeps its own"
    );
}

#[test]
fn enterprise_answers_fill_one_risk_per_section() {
    let conn = db::open_in_memory().unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::En).unwrap();
    let q = load_questionnaire("enterprise");
    answer_all(
        &conn,
        session(id),
        &q,
        &[
            ("industry", json!("textile warehouse")),
            ("loss_capacity", json!(500000)),
            ("expected_return", json!(8)),
            ("buildings_value", json!(2000000)),
            ("machinery_value", json!(600000)),
            ("stock_value", json!(400000)),
            ("hazards", json!(["flammable_stock", "flood_exposure"])),
            // A band for the frequency, the agent's estimate for the average loss.
            ("fire_frequency_band", json!("every_20_years")),
            ("fire_severity_band", json!("estimate")),
            ("fire_severity", json!(400000)),
            ("fire_premium", json!(30000)),
            ("flood_frequency_band", json!("estimate")),
            ("flood_frequency", json!(0.1)),
            ("flood_severity_band", json!("from_10k")),
            ("flood_max_loss", json!(100000)),
            ("has_interruption_exposure", json!(false)),
        ],
    );
    let out = compute_advice(
        &conn,
        session(id),
        &q,
        None,
        &products(),
        &RateBook::default(),
    )
    .unwrap();
    assert_eq!(
        out.profile["expected_return"],
        json!("0.08"),
        "8 % becomes the ratio 0.08"
    );
    let risks = out.advice["risks"].as_array().unwrap();
    let names: Vec<&str> = risks.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        vec!["fire", "flood"],
        "one risk per answered section, in order; no machinery risk from its default alone"
    );
    let fire = &out.profile["risks"][0];
    assert_eq!(fire["frequency"], json!("0.05"), "about once in 20 years");
    assert_eq!(fire["severity"], json!("400000.00"), "the agent's estimate");
    assert_eq!(
        fire["max_loss"],
        json!("3000000.00"),
        "left empty: the property values, 2 000 000 + 600 000 + 400 000"
    );
    assert_eq!(
        out.profile["hazard_factors"],
        json!([{"hazard": "flammable_stock", "risk": "fire", "factor": "1.5"}]),
        "the factor stated in the questionnaire"
    );
    // 0.05 x 1.5 = 0.075 a year; x 400 000 = 30 000.
    assert_eq!(risks[0]["frequency_used"], json!("0.075"));
    assert_eq!(risks[0]["expected_loss"], json!("30000.00"));
    assert_eq!(
        risks[0]["decision"],
        json!("transfer"),
        "3 000 000 is beyond 500 000"
    );
    let flood = &out.profile["risks"][1];
    assert_eq!(flood["severity"], json!("30000"), "the band's number");
    assert_eq!(
        flood["max_loss"],
        json!("100000.00"),
        "an answer wins over the default"
    );
    assert_eq!(
        risks[1]["decision"],
        json!("retain"),
        "a bearable flood with no quote"
    );
    assert_eq!(out.advice["loss_prevention"].as_array().unwrap().len(), 2);
    assert_eq!(out.advice["recommendations"][0]["risks"], json!(["fire"]));
}

#[test]
fn the_health_consent_opens_health_questions_and_its_withdrawal_removes_them() {
    use crate::privacy::consent::{self, Grant, Purpose};
    let (conn, _, q) = setup();
    let today = "2026-11-28";
    let s = current_session(&conn, Mode::Agent, today).unwrap();
    assert!(!s.health_consent, "no consent at first");
    let grant = Grant {
        consultation_id: Some(s.consultation_id),
        client_id: None,
        notice_version: "2026-11".into(),
        purposes: vec![Purpose::HealthData],
    };
    let given = consent::record(&conn, "agent:1", &grant).unwrap();
    let s = current_session(&conn, Mode::Agent, today).unwrap();
    assert!(s.health_consent, "the consent is seen by the questionnaire");
    answer_all(&conn, s, &q, &household());
    save(&conn, s, &q, "hospitalised_2y", &json!(true)).unwrap();
    let out = compute_advice(&conn, s, &q, None, &products(), &RateBook::default()).unwrap();
    assert_eq!(out.profile["health_history"], json!(true));
    consent::withdraw(&conn, "agent:1", given[0].id).unwrap();
    assert!(
        !load(&conn, s.consultation_id, "family")
            .unwrap()
            .contains_key("hospitalised_2y"),
        "the health answer is deleted with the consent"
    );
    assert_eq!(
        latest_advice(&conn, s.consultation_id, "family")
            .unwrap()
            .map(|a| a.id),
        None,
        "and so is the advice computed from it"
    );
}

/// A consultation whose client file holds a birth date.
fn with_client_born(conn: &Connection, id: i64, birth_date: &str) {
    let input = crate::records::client::ClientFields {
        name: Some("李娜".into()),
        birth_date: Some(birth_date.into()),
        ..Default::default()
    };
    let client = crate::records::client::save(conn, "agent", None, &input).unwrap();
    conn.execute(
        "UPDATE consultations SET client_id = ?1 WHERE id = ?2",
        params![client.id, id],
    )
    .unwrap();
}

#[test]
fn the_birth_date_is_prefilled_from_the_client_file_and_stays_editable() {
    let (conn, id, q) = setup();
    prefill(&conn, session(id), &q).unwrap();
    assert!(
        state(&conn, session(id), &q).unwrap().answers.is_empty(),
        "no client chosen: nothing to prefill"
    );
    with_client_born(&conn, id, "1988/3/15");
    prefill(&conn, session(id), &q).unwrap();
    let form = state(&conn, session(id), &q).unwrap();
    assert_eq!(form.answers["birth_date"], json!("1988-03-15"));
    assert_eq!(form.prefilled, vec!["birth_date".to_string()]);
    assert_eq!(form.computed["age"], json!(38), "the age follows at once");

    let edited = save(&conn, session(id), &q, "birth_date", &json!("1988-04-15")).unwrap();
    assert_eq!(edited.answers["birth_date"], json!("1988-04-15"));
    assert!(
        edited.prefilled.is_empty(),
        "an edited answer is the client's own"
    );
    prefill(&conn, session(id), &q).unwrap();
    assert_eq!(
        state(&conn, session(id), &q).unwrap().answers["birth_date"],
        json!("1988-04-15"),
        "opening again never overwrites an answer"
    );
}
