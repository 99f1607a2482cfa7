//! What a record and its printout say: a consultation with clauses shown but not explained or
//! not acknowledged is printed as such (never "acknowledged" for what was not, no ids or hashes
//! on the client's paper), per product; a declined consultation, finished through the finish
//! step's outcome, is kept for the privacy notice's one year.

use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

/// The enterprise questionnaire's answers of `assess.rs`'s printing works (hazards apart).
const ENTERPRISE_ANSWERS: &[(&str, &str)] = &[
    ("industry", "印刷厂"),
    ("loss_capacity", "500000"),
    ("expected_return", "3"),
    ("buildings_value", "1000000"),
    ("machinery_value", "300000"),
    ("stock_value", "100000"),
    ("fire_frequency_band", "estimate"),
    ("fire_frequency", "0.05"),
    ("fire_severity_band", "estimate"),
    ("fire_severity", "200000"),
    ("fire_max_loss", "2000000"),
    ("fire_premium", "15000"),
    ("machinery_frequency_band", "estimate"),
    ("machinery_frequency", "4"),
    ("machinery_severity_band", "estimate"),
    ("machinery_severity", "2000"),
    ("machinery_max_loss", "20000"),
    ("has_interruption_exposure", "no"),
    ("has_liability_exposure", "no"),
    ("existing_property_cover", "no"),
];

async fn call(app: &App, command: &str, args: Value) -> Result<Value> {
    app.invoke(command, args)
        .await?
        .map_err(|e| format!("{command}: {e}").into())
}

/// Consent to saving, a client chosen: what a consultation needs before clause events count.
async fn consented_draft_with_client(app: &App, name: &str) -> Result<i64> {
    let draft = call(app, "current_consultation", json!({})).await?;
    let id = draft["consultation"]["id"].as_i64().ok_or("a draft id")?;
    let notice = call(app, "get_notice", json!({ "id": "privacy" })).await?;
    call(
        app,
        "record_consents",
        json!({ "noticeVersion": notice["version"], "purposes": ["save_consultation"] }),
    )
    .await?;
    let client = call(
        app,
        "save_client",
        json!({ "client": { "kind": "person", "name": name, "phone": "13812345678" } }),
    )
    .await?;
    call(
        app,
        "update_record",
        json!({ "id": id, "edit": { "client_id": client["id"] } }),
    )
    .await?;
    Ok(id)
}

/// Today + `years`, as the backend counts it (UTC).
fn years_from_today(years: i32) -> String {
    let today = presale_core::clock::today();
    let year: i32 = today[..4].parse().unwrap_or_default();
    let d = format!("{}{}", year + years, &today[4..]);
    // 29 February in a common year: the rule rounds up to 1 March.
    if d.ends_with("-02-29") && presale_core::validate::Date::parse(&d).is_none() {
        format!("{}-03-01", year + years)
    } else {
        d
    }
}

/// Shows the page with the print style sheet on screen (an A4-wide column), for a screenshot.
async fn print_preview(app: &App, label: &str) -> Result {
    app.js(
        "for (const l of document.querySelectorAll('link[media=print]')) { l.media = 'all'; l.dataset.preview = '1'; }
         document.body.style.maxWidth = '673px'; document.body.style.margin = '0 auto'; window.scrollTo(0, 0); return null",
    )
    .await?;
    app.screenshot(&format!("{label}-1")).await;
    for page in 2..=4 {
        app.js("window.scrollBy(0, window.innerHeight - 40); return null")
            .await?;
        app.screenshot(&format!("{label}-{page}")).await;
    }
    app.js(
        "for (const l of document.querySelectorAll('link[data-preview]')) { l.media = 'print'; delete l.dataset.preview; }
         document.body.removeAttribute('style'); return null",
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_printout_says_acknowledged_only_of_what_the_client_acknowledged() -> Result {
    with_app("record-paper", Options::default(), async |app| {
        let id = consented_draft_with_client(app, "张伟").await?;
        // Two products: every clause of the first shown, one must-explain clause explained and
        // acknowledged, another explained only, the rest shown only; one clause of the second.
        let products = call(app, "list_products", json!({})).await?;
        let products: Vec<String> = products
            .as_array()
            .ok_or("products")?
            .iter()
            .filter_map(|p| p["id"].as_str().map(String::from))
            .collect();
        assert!(products.len() >= 2, "the library has two products: {products:?}");
        let page = call(app, "get_product", json!({ "id": products[0] })).await?;
        let clauses = page["clauses"].as_array().cloned().unwrap_or_default();
        let must: Vec<&str> = clauses
            .iter()
            .filter(|c| c["must_explain"] == json!(true))
            .filter_map(|c| c["id"].as_str())
            .collect();
        assert!(must.len() >= 3, "the first product has must-explain clauses: {must:?}");
        let mut hashes = Vec::new();
        // Hyphenated ids only: a plain one ("medical") is also an English word.
        let mut ids: Vec<String> = products.iter().filter(|p| p.contains('-')).cloned().collect();
        for c in &clauses {
            let cid = c["id"].as_str().ok_or("clause id")?;
            ids.push(cid.to_string());
            let s = call(app, "clause_shown", json!({ "consultationId": id, "clauseId": cid })).await?;
            hashes.push(s["content_hash"].as_str().unwrap_or_default().to_string());
        }
        for cid in &must[..2] {
            call(app, "clause_explained", json!({ "consultationId": id, "clauseId": cid })).await?;
        }
        let hash = &hashes[clauses.iter().position(|c| c["id"] == json!(must[0])).unwrap()];
        call(
            app,
            "clause_acknowledged",
            json!({ "consultationId": id, "clauseId": must[0], "contentHash": hash }),
        )
        .await?;
        let other = call(app, "get_product", json!({ "id": products[1] })).await?;
        let other_clause = other["clauses"][0]["id"].as_str().ok_or("a clause")?;
        ids.push(other_clause.to_string());
        call(app, "clause_shown", json!({ "consultationId": id, "clauseId": other_clause })).await?;
        // A family needs analysis, so the paper shows it as the client reads it.
        for (question, value) in crate::a11y::FAMILY_ANSWERS {
            app.invoke(
                "answer_question",
                json!({ "questionnaireId": "family", "questionId": question, "value": value }),
            )
            .await?
            .ok();
        }
        call(
            app,
            "compute_advice",
            json!({ "questionnaireId": "family", "overrides": null }),
        )
        .await?;
        let edit = json!({
            "agent_name": "Test Agent", "agent_licence": "TEST-000001",
            "products": [products[0], products[1]],
            "outcome": { "status": "declined", "sum_insured": "500000", "premium": "6800" },
        });
        call(app, "finish_consultation", json!({ "id": id, "edit": edit })).await?;
        let shown = clauses.len() + 1;

        app.js(&format!("location.hash = '#/record/{id}/print'; return null"))
            .await?;
        app.wait_for_css("#print-clause-report").await?;
        let doc = app.wait_for_css("#print-doc").await?.text().await?;
        assert!(
            !doc.contains("代理人已向客户说明下列条款"),
            "no blanket claim above the table: {doc}"
        );
        assert_eq!(
            doc.matches("客户已确认知悉（").count(),
            1,
            "acknowledged is said of the one clause acknowledged: {doc}"
        );
        let summary = app
            .wait_for_css("#print-clause-report-summary")
            .await?
            .text()
            .await?;
        for needed in [
            format!("展示 {shown} 条"),
            format!("已说明 2 / {shown} 条"),
            "客户确认知悉 1 条".to_string(),
            format!("客户未确认的 {} 条", shown - 1),
            "未向客户说明：".to_string(),
        ] {
            assert!(summary.contains(&needed), "the summary says {needed}: {summary}");
        }
        // Every row not acknowledged says so; every must-explain row not explained says so.
        let rows = app
            .js("return [...document.querySelectorAll('#print-clause-report tr[data-status]')]
                   .map(r => [r.dataset.status, r.innerText])")
            .await?;
        let rows = rows.as_array().cloned().unwrap_or_default();
        assert_eq!(rows.len(), shown, "one row per clause shown: {rows:?}");
        for r in &rows {
            let (status, text) = (r[0].as_str().unwrap_or(""), r[1].as_str().unwrap_or(""));
            if status != "acknowledged" {
                assert!(text.contains("客户未确认") && !text.contains("客户已确认"), "{text}");
            }
            if status == "shown" {
                assert!(text.contains("未向客户说明"), "{text}");
            }
        }
        let groups = app
            .js("return [...document.querySelectorAll('#print-clause-report .clause-product')].map(g => g.querySelectorAll('tr[data-status]').length)")
            .await?;
        assert_eq!(groups, json!([clauses.len(), 1]), "grouped by product");
        // No ids or version hashes on the client's paper, nor raw factors or cents.
        let record = call(app, "get_record", json!({ "id": id })).await?;
        let advice = &record["attached"]["advice_results"][0];
        assert!(advice["result"].is_object(), "the record nests the advice as JSON");
        let version = advice["questionnaire_version"].as_str().unwrap_or_default();
        assert!(version.len() >= 12 && !doc.contains(&version[..12]), "no questionnaire version: {doc}");
        for raw in ["年金系数", "是否需要更多保障", "范围上限"] {
            assert!(!doc.contains(raw), "no raw value names ({raw}) on paper: {doc}");
        }
        let needs = app.wait_for_css("#print-needs").await?.text().await?;
        let with_cents = needs.split('¥').skip(1).find(|rest| {
            let n: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                .collect();
            n.trim_end_matches('.').contains('.')
        });
        assert_eq!(with_cents, None, "no amount in cents in the analysis: {needs}");
        let table = app.wait_for_css("#advice-methods").await?.text().await?;
        assert!(!table.contains(".00") && !table.contains('.'), "amounts rounded: {table}");
        for h in &hashes {
            assert!(!doc.contains(&h[..10]), "no content hash on paper: {doc}");
        }
        for i in &ids {
            assert!(!doc.contains(i.as_str()), "no internal id `{i}` on paper: {doc}");
        }
        let outcome = app.wait_for_css("#print-outcome").await?.text().await?;
        assert!(outcome.contains("不投保") && outcome.contains("¥500,000"), "{outcome}");
        let retention = app.wait_for_css("#print-retention").await?.text().await?;
        assert!(retention.contains("保存 1 年"), "{retention}");
        print_preview(app, "print-zh").await?;

        // The printout has no app bar: the language is switched on the record.
        app.click("#print-back").await?;
        app.wait_for_css("article.record").await?;
        app.js("document.getElementById('record-clauses').scrollIntoView(); return null")
            .await?;
        app.screenshot("record-clauses-zh").await;

        // The client buys later: the outcome is changed on the record, and the retention date
        // moves to 10 years after the contract's end.
        app.click("#edit-toggle").await?;
        app.click("#outcome_status-bought").await?;
        app.js(&format!(
            "const s = document.getElementById('outcome_product'); s.value = {:?};
             s.dispatchEvent(new Event('change')); return null",
            products[0]
        ))
        .await?;
        app.click("#outcome_policy_term-longer").await?;
        app.js(
            "const i = document.getElementById('outcome_contract_end'); i.value = '2046-12-01';
             i.dispatchEvent(new Event('input')); i.dispatchEvent(new Event('change'));
             document.getElementById('outcome-fields').scrollIntoView(); return null",
        )
        .await?;
        app.screenshot("record-outcome-edit-zh").await;
        app.click("#save-record").await?;
        app.wait_for_text("2056年12月1日").await?;
        let kept = crate::access::db_count(
            &app.data_dir,
            &format!("SELECT count(*) FROM consultations WHERE id = {id} AND retention_until = '2056-12-01'"),
        );
        assert_eq!(kept, 1, "10 years from the contract's end");
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Consultation record No.").await?;
        app.click("#print-record").await?;
        app.wait_for_text("Not acknowledged by the client").await?;
        let doc = app.wait_for_css("#print-doc").await?.text().await?;
        assert_eq!(
            doc.matches("Acknowledged by the client (").count(),
            1,
            "in English too: {doc}"
        );
        assert!(doc.contains("Not explained to the client"), "{doc}");
        for i in &ids {
            assert!(!doc.contains(i.as_str()), "no internal id `{i}` on paper: {doc}");
        }
        print_preview(app, "print-en").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_declined_consultation_is_kept_for_the_notices_one_year() -> Result {
    with_app("record-declined", Options::default(), async |app| {
        let id = consented_draft_with_client(app, "李娜").await?;
        // An enterprise analysis, so the paper shows each risk's decision in words.
        for (question, value) in ENTERPRISE_ANSWERS {
            app.invoke(
                "answer_question",
                json!({ "questionnaireId": "enterprise", "questionId": question, "value": value }),
            )
            .await?
            .ok();
        }
        app.invoke(
            "answer_question",
            json!({ "questionnaireId": "enterprise", "questionId": "hazards", "value": ["overloaded_machinery"] }),
        )
        .await?
        .ok();
        call(
            app,
            "compute_advice",
            json!({ "questionnaireId": "enterprise", "overrides": null }),
        )
        .await?;
        app.js("location.hash = '#/consult/finish'; return null").await?;
        app.wait_for_css("#outcome-fields").await?;
        // No outcome chosen: the finish is refused at the outcome, which nothing pre-selects.
        let chosen = app
            .js("return document.querySelectorAll('#outcome-fields input[type=radio]:checked').length")
            .await?;
        assert_eq!(chosen, json!(0), "nothing pre-selected");
        app.click("#finish-consultation").await?;
        app.wait_for_text("请选择咨询结果").await?;
        app.screenshot("finish-outcome-required-zh").await;
        app.click("#outcome_status-declined").await?;
        app.click("#finish-consultation").await?;
        app.wait_for_css("article.record").await?;
        let until = years_from_today(1);
        let db = crate::access::db_count(
            &app.data_dir,
            &format!("SELECT count(*) FROM consultations WHERE status = 'finished' AND retention_until = '{until}'"),
        );
        assert_eq!(db, 1, "kept until {until}: one year from the consultation's end");
        let shown = app.wait_for_css("#retention").await?.text().await?;
        assert!(
            shown.contains(&until[..4]) && shown.contains("未投保") && shown.contains("1 年"),
            "the record view says until when and why: {shown}"
        );
        let outcome = app.wait_for_css("#outcome").await?.text().await?;
        assert_eq!(outcome, "不投保");
        app.screenshot("record-declined-zh").await;
        app.js(&format!("location.hash = '#/record/{id}/print'; return null"))
            .await?;
        app.wait_for_css("#advice-risks").await?;
        let needs = app.wait_for_css("#print-needs").await?.text().await?;
        for raw in ["fire", "machinery", "retain_with_loss_control", "transfer"] {
            assert!(!needs.contains(raw), "no raw id `{raw}` in the analysis: {needs}");
        }
        print_preview(app, "print-enterprise-zh").await?;
        app.click("#print-back").await?;
        app.wait_for_css("article.record").await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("no purchase: kept 1 year").await?;
        app.screenshot("record-declined-en").await;
        Ok(())
    })
    .await
}
