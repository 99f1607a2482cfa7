//! Advice an agent can defend (issue 13): the parent of two from the issue gets one life cover
//! sum with its stated basis and an indicative premium, rounded for people, with no raw factor,
//! hash or id on the visible screen, in Chinese and English; the exact figures wait in the
//! details view.

use presale_tests::{with_app, App, Options, Result};
use serde_json::json;

/// The visible text of the result, and what must never be in it.
async fn check_visible(app: &App, lang: &str, version: &str) -> Result {
    let visible = app
        .js("return document.querySelector('#assess-result-body').innerText")
        .await?;
    let visible = visible.as_str().ok_or("the result's text")?.to_string();
    let found = app
        .js(&format!(
            "const s = document.querySelector('#assess-result-body').innerText;
             return [s.match(/\\d+\\.\\d{{4,}}/), s.match(/¥[\\d,]+\\.\\d\\d/), s.match(/\\b[a-z]+_[a-z]+\\b/), s.includes('{version}')]"
        ))
        .await?;
    assert_eq!(
        found,
        json!([null, null, null, false]),
        "{lang}: no raw factor, no fen, no id and no version hash on screen:\n{visible}"
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn the_parent_of_two_gets_one_sum_with_its_basis_and_an_indicative_premium() -> Result {
    with_app("advice-family", Options::default(), async |app| {
        for (question, value) in [
            ("birth_date", json!("1988-06-01")),
            ("sex", json!("male")),
            ("marital_status", json!("married")),
            ("children", json!(2)),
            ("dependents", json!(3)),
            ("annual_income", json!("300000")),
            ("monthly_expenses", json!("15000")),
            ("support_years", json!(20)),
            ("has_mortgage", json!(true)),
            ("mortgage", json!("1200000")),
            ("education", json!("300000")),
            ("liquid_assets", json!("0")),
            ("final_expenses", json!("100000")),
            ("has_life_cover", json!(true)),
            ("existing_life_cover", json!("500000")),
            ("has_ci_cover", json!(true)),
            ("existing_ci_cover", json!("900000")),
            ("has_medical_cover", json!(true)),
            ("has_accident_cover", json!(true)),
            ("has_disability_cover", json!(false)),
        ] {
            app.invoke(
                "answer_question",
                json!({ "questionnaireId": "family", "questionId": question, "value": value }),
            )
            .await?
            .map_err(|e| format!("{question}: {e}"))?;
        }
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        app.wait_for_css("#assess-result-body[data-result-id]").await?;
        let stored = app
            .invoke("get_advice", json!({ "questionnaireId": "family" }))
            .await?
            .map_err(|e| format!("get_advice: {e}"))?;
        let version = stored["questionnaire_version"].as_str().ok_or("a version")?[..12].to_string();
        // 300 000 x 0.7 x 20 + 1 200 000 + 300 000 + 100 000 = 5 800 000, less 500 000 held.
        assert_eq!(stored["advice"]["life_basis"]["sum"], "5300000.00");
        let sums = app
            .js("return [...document.querySelectorAll(\".rec[data-kind='term_life'] .rec-sum .amount\")].map(e => [e.dataset.minor, e.textContent])")
            .await?;
        assert_eq!(sums.as_array().map(Vec::len), Some(1), "one recommended sum: {sums}");
        assert_eq!(sums[0][0], "530000000");
        assert!(sums[0][1].as_str().is_some_and(|s| s.contains("5,300,000")), "{sums}");
        app.wait_for_css("#life-basis[data-basis='dime'][data-rule-of-thumb='above']").await?;
        app.wait_for_text("需求法").await?;
        app.wait_for_text("¥1,200,000").await?;
        // 530 units of 10 000 at 14.00 (a man of 38) = 7 420 a year, within 30 000.
        app.wait_for_css("#premium-term_life[data-minor='742000']").await?;
        app.wait_for_css(".rec[data-kind='term_life'] .premium[data-within-budget='1']").await?;
        app.wait_for_css("#premium-plan[data-within-budget='1']").await?;
        check_visible(app, "zh", &version).await?;
        // The exact figures, the factor and the versions are in the details view, closed.
        let details = app
            .js(&format!("const d = document.querySelector('#exact-details'); return [d.open, d.textContent.includes('15.936916637'), d.textContent.includes('3,346,752.49'), d.textContent.includes('{version}')]"))
            .await?;
        assert_eq!(details, json!([false, true, true, true]), "details: closed, with the exact figures");
        app.js("document.querySelector('#recommendations').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("basis-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Our recommendation and its basis").await?;
        app.wait_for_text("needs method (DIME)").await?;
        app.wait_for_text("above the rule of thumb").await?;
        check_visible(app, "en", &version).await?;
        app.js("document.querySelector('#recommendations').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("basis-en").await;
        app.js("const d = document.querySelector('#exact-details'); d.open = true; d.scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("details-en").await;
        app.axe("family result with basis and details").await?;
        Ok(())
    })
    .await
}
