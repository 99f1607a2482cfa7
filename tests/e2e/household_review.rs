//! The household policy review (issue #16) in the real window: a family of three with five
//! policies entered through the window's own commands (the repeat groups' `edit_rows`), the
//! review shown under the needs result as a coverage grid with its findings, priorities first,
//! kept with the consultation, in Chinese and English, in high contrast and on the printout.

use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

/// Adds a row to `group` and answers its cells; returns the row's id.
async fn row(app: &App, group: &str, cells: &[(&str, Value)]) -> Result<String> {
    let added = app
        .invoke(
            "edit_rows",
            json!({"questionnaireId": "family", "group": group, "edit": {"op": "add"}}),
        )
        .await?
        .map_err(|e| format!("add a {group} row: {e}"))?;
    let id = added["row"].as_str().ok_or("the new row's id")?.to_string();
    for (question, value) in cells {
        app.invoke(
            "edit_rows",
            json!({"questionnaireId": "family", "group": group,
                   "edit": {"op": "answer", "row": id, "question": question, "value": value}}),
        )
        .await?
        .map_err(|e| format!("{group}.{question}: {e}"))?;
    }
    Ok(id)
}

/// A family of two earners (王强 300 000, 李娜 200 000) and a child of 2019, with five policies.
pub(crate) async fn answer_family(app: &App) -> Result {
    for (question, value) in [
        ("birth_date", json!("1988-06-01")),
        ("sex", json!("male")),
        ("annual_income", json!("300000")),
        ("monthly_expenses", json!("15000")),
        ("support_years", json!(15)),
        ("has_mortgage", json!(true)),
        ("mortgage", json!("1200000")),
        ("mortgage_end", json!("2046-06-30")),
        ("liquid_assets", json!("200000")),
    ] {
        app.invoke(
            "answer_question",
            json!({ "questionnaireId": "family", "questionId": question, "value": value }),
        )
        .await?
        .map_err(|e| format!("{question}: {e}"))?;
    }
    let me = row(
        app,
        "members",
        &[
            ("relation", json!("self")),
            ("name", json!("王强")),
            ("birth_date", json!("1988-06-01")),
            ("gender", json!("male")),
            ("annual_income", json!("300000")),
        ],
    )
    .await?;
    let spouse = row(
        app,
        "members",
        &[
            ("relation", json!("spouse")),
            ("name", json!("李娜")),
            ("birth_date", json!("1990-05-10")),
            ("gender", json!("female")),
            ("annual_income", json!("200000")),
        ],
    )
    .await?;
    let child = row(
        app,
        "members",
        &[
            ("relation", json!("child")),
            ("birth_date", json!("2019-06-01")),
            ("depends_on", json!([me, spouse])),
        ],
    )
    .await?;
    let policy = |kind: &str, insured: &str, sum: &str, status: &str| {
        vec![
            ("kind", json!(kind)),
            ("insured", json!(insured)),
            ("sum_insured", json!(sum)),
            ("status", json!(status)),
        ]
    };
    let mut term = policy("term_life", &me, "1000000", "in_force");
    term.extend([
        ("insurer", json!("平安")),
        ("product", json!("定期寿险A")),
        ("beneficiaries", json!([spouse])),
        ("end_date", json!("2040-12-31")),
    ]);
    row(app, "policies", &term).await?;
    row(
        app,
        "policies",
        &policy("critical_illness", &me, "500000", "lapsed"),
    )
    .await?;
    let mut med = policy("medical_indemnity", &child, "2000000", "in_force");
    med.push(("product", json!("少儿医疗")));
    row(app, "policies", &med).await?;
    let mut med2 = policy("medical_indemnity", &child, "1000000", "in_force");
    med2.push(("deductible", json!("10000")));
    row(app, "policies", &med2).await?;
    let mut accident = policy("accident", &child, "100000", "in_force");
    accident.push(("beneficiaries", json!([spouse])));
    row(app, "policies", &accident).await?;
    Ok(())
}

/// The grid's state of `member label` x `risk`.
async fn state(app: &App, row: usize, risk: &str) -> Result<Value> {
    app.js(&format!(
        "const r = document.querySelectorAll('#review-grid tr[data-member-row]')[{row}];
         return r && r.querySelector(\"td[data-risk='{risk}']\").dataset.state"
    ))
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn five_policies_entered_give_a_review_shown_kept_and_printed_in_both_languages() -> Result {
    with_app("household-review", Options::default(), async |app| {
        answer_family(app).await?;
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        app.wait_for_css("#review-grid").await?;
        // The lapsed critical illness cover counts nothing; the child's two medical policies
        // count once, the higher limit.
        assert_eq!(state(app, 0, "critical_illness").await?, json!("gap"));
        assert_eq!(state(app, 0, "death").await?, json!("gap"));
        assert_eq!(state(app, 2, "medical").await?, json!("covered"));
        assert_eq!(state(app, 2, "death").await?, json!("not_needed"));
        let findings = app
            .js("return [...document.querySelectorAll('#review-findings [data-finding]')].map(e => e.dataset.finding)")
            .await?;
        let ids: Vec<&str> = findings.as_array().ok_or("findings")?.iter().filter_map(Value::as_str).collect();
        assert_eq!(&ids[..2], ["lapsed", "uncovered_earner"], "most urgent first: {ids:?}");
        for id in ["duplicate_indemnity", "cover_ends_before_need"] {
            assert!(ids.contains(&id), "{id} in {ids:?}");
        }
        app.wait_for_text("先做什么").await?;
        app.wait_for_text("第三十七条").await?;
        app.wait_for_text("有缺口").await?;
        app.wait_for_text("本人 王强").await?;
        let text = app.js("return document.querySelector('#review').innerText").await?;
        let text = text.as_str().ok_or("the review's text")?;
        assert!(!text.contains("r1") && !text.contains("_"), "no row ids or codes on screen:\n{text}");
        // Kept with the consultation.
        let kept = app
            .invoke("get_review", json!({"questionnaireId": "family"}))
            .await?
            .map_err(|e| format!("get_review: {e}"))?;
        assert_eq!(kept["saved"], true);
        assert_eq!(kept["review"]["findings"][0]["id"], "lapsed");
        app.js("document.querySelector('#review').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("grid-zh").await;

        app.click("button[data-lang='en']").await?;
        app.wait_for_text("What to do first").await?;
        app.wait_for_text("Self, 王强").await?;
        app.wait_for_text("art. 37").await?;
        app.wait_for_css("#review-grid td[data-state='gap']").await?;
        let again = app
            .invoke("get_review", json!({"questionnaireId": "family"}))
            .await?
            .map_err(|e| format!("get_review: {e}"))?;
        assert_eq!(again["id"], kept["id"], "the same answers are not reviewed twice on a language switch");
        app.js("document.querySelector('#review').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("grid-en").await;
        app.click("#display-menu summary").await?;
        app.click("#toggle-contrast").await?;
        app.js("document.querySelector('#review-grid').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("grid-en-contrast").await;
        app.axe("household review").await?;

        // The consultation's result step, the record view and its printout show the review kept.
        let draft = app.invoke("current_consultation", json!({})).await?.map_err(|e| format!("{e}"))?;
        let id = draft["consultation"]["id"].as_i64().ok_or("the draft's id")?;
        app.js("location.hash = '#/consult/result'; return null").await?;
        app.wait_for_css("#step-review-grid").await?;
        // The record view shows it too (the draft's record, as the agent opens it).
        app.js(&format!("location.hash = '#/record/{id}'; return null")).await?;
        app.wait_for_css("#record-review-grid td[data-state='gap']").await?;
        app.js("document.querySelector('#record-review').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("record-review-en").await;
        app.js(&format!("location.hash = '#/record/{id}/print'; return null")).await?;
        app.wait_for_css("#print-review-grid td[data-state='gap']").await?;
        app.wait_for_text("What to do first").await?;
        app.js("document.querySelector('#print-review').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("print-en").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_kiosk_visitor_sees_the_review_and_nothing_of_it_is_kept() -> Result {
    let options = Options {
        kiosk: true,
        ..Options::default()
    };
    with_app("household-review-kiosk", options, async |app| {
        app.click("#start").await?;
        app.wait_for_css(".product-card").await?;
        answer_family(app).await?;
        app.js("location.hash = '#/assess/family/result'; return null")
            .await?;
        app.wait_for_css("#review-grid").await?;
        app.wait_for_css("#review-unsaved").await?;
        let kept = app
            .invoke("get_review", json!({"questionnaireId": "family"}))
            .await?
            .map_err(|e| format!("get_review: {e}"))?;
        assert_eq!(kept, Value::Null, "nothing kept at a kiosk");
        app.screenshot("kiosk-zh").await;
        Ok(())
    })
    .await
}

/// Sends the sample CSV file to the group's "Import CSV" in the window.
async fn import(app: &App, group: &str, fixture: &str) -> Result {
    let path = presale_tests::workspace_root()
        .join("tests/fixtures")
        .join(fixture);
    let input = app.wait_for_css(&format!("#rows-import-{group}")).await?;
    input.send_keys(&path.to_string_lossy()).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_household_imported_in_the_window_shows_its_duplicate_and_its_grace_period() -> Result {
    with_app("household-review-csv", Options::default(), async |app| {
        for (question, value) in [
            ("birth_date", json!("1988-03-02")),
            ("annual_income", json!("300000")),
            ("monthly_expenses", json!("15000")),
            ("support_years", json!(15)),
        ] {
            app.invoke(
                "answer_question",
                json!({ "questionnaireId": "family", "questionId": question, "value": value }),
            )
            .await?
            .map_err(|e| format!("{question}: {e}"))?;
        }
        app.js("location.hash = '#/assess/family/members'; return null").await?;
        app.wait_for_css("#rows-members").await?;
        import(app, "members", "members.csv").await?;
        app.wait_for_css("#rows-members tbody tr:nth-child(5)[data-row]").await?;
        app.js("location.hash = '#/assess/family/policies'; return null").await?;
        app.wait_for_css("#rows-policies").await?;
        import(app, "policies", "policies.csv").await?;
        app.wait_for_css("#rows-policies tbody tr:nth-child(5)[data-row]").await?;
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        app.wait_for_css("#review-grid").await?;
        let findings = app
            .js("return [...document.querySelectorAll('#review-findings [data-finding]')].map(e => e.dataset.finding)")
            .await?;
        let ids: Vec<&str> = findings.as_array().ok_or("findings")?.iter().filter_map(Value::as_str).collect();
        // 太平洋「少儿医疗」 is in its grace period; 王小明 holds two indemnity medical policies;
        // 王小红 has neither medical nor accident cover.
        assert_eq!(ids[0], "in_grace", "{ids:?}");
        for id in ["duplicate_indemnity", "child_uncovered"] {
            assert!(ids.contains(&id), "{id} in {ids:?}");
        }
        app.wait_for_text("子女 王小明").await?;
        app.wait_for_text("第二十八条").await?;
        app.js("document.querySelector('#review').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("csv-zh").await;
        Ok(())
    })
    .await
}
