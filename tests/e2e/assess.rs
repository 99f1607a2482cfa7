//! The guided risk questionnaire and needs analysis (issue 4): the family and the enterprise path
//! from the first question to the result in the real window, a resume after the app is closed
//! midway, and an assumption edit that recomputes at once.

use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The saved answers of a questionnaire, as the backend holds them.
async fn answers(app: &App, questionnaire: &str) -> Result<Value> {
    let state = app
        .invoke("get_answers", json!({ "questionnaireId": questionnaire }))
        .await?
        .map_err(|e| format!("get_answers failed: {e}"))?;
    Ok(state["answers"].clone())
}

/// Waits until the backend holds an answer for `question` (every answer is saved as it is given).
async fn saved(app: &App, questionnaire: &str, question: &str) -> Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let all = answers(app, questionnaire).await?;
        if let Some(v) = all.get(question) {
            return Ok(v.clone());
        }
        if Instant::now() > deadline {
            return Err(format!("{question} was not saved; saved: {all}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types into a question's field and leaves it, as a person would.
pub(super) async fn type_answer(app: &App, q: &str, question: &str, text: &str) -> Result<Value> {
    let field = app.wait_for_css(&format!("#q-{question}")).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    app.js("document.activeElement && document.activeElement.blur(); return null")
        .await?;
    saved(app, q, question).await
}

/// Picks an option of a choice or yes/no question.
pub(super) async fn choose(app: &App, q: &str, question: &str, value: &str) -> Result<Value> {
    let css = format!("[data-question='{question}'] input[value='{value}']");
    app.wait_for_css(&css).await?;
    // Centred, so the sticky Back/Next bar at the bottom does not cover it.
    app.js(&format!(
        "document.querySelector(\"{css}\").scrollIntoView({{ block: 'center' }}); return null"
    ))
    .await?;
    app.click(&css).await?;
    saved(app, q, question).await
}

/// Presses Next and waits for the section `next` (or the result page when `next` is "result").
pub(super) async fn next(app: &App, next: &str) -> Result {
    app.click("#assess-next").await?;
    if next == "result" {
        app.wait_for_css("#assess-result-body[data-result-id]")
            .await?;
    } else {
        app.wait_for_css(&format!(".assess-form[data-section='{next}']"))
            .await?;
    }
    Ok(())
}

/// Screenshots of the parts of a long page (when PRESALE_SCREENSHOTS is set), then of the print
/// styles applied to the screen: WebKitWebDriver cannot emulate print media.
pub(super) async fn look(app: &App, label: &str, parts: &[&str]) -> Result {
    if std::env::var_os("PRESALE_SCREENSHOTS").is_none() {
        return Ok(());
    }
    for part in parts {
        app.js(&format!(
            "document.querySelector(\"{part}\")?.scrollIntoView({{ block: 'start' }}); return null"
        ))
        .await?;
        app.screenshot(&format!("{label}-{}", part.trim_start_matches(['#', '.'])))
            .await;
    }
    app.js("document.querySelector('link[media=print]').media = 'all'; window.scrollTo(0, 0); return null")
        .await?;
    for (i, part) in [
        "h1",
        "#chart-heading",
        "#methods-heading",
        ".risk-grid",
        "#recs-heading",
    ]
    .iter()
    .enumerate()
    {
        app.js(&format!(
            "document.querySelector(\"{part}\")?.scrollIntoView({{ block: 'start' }}); return null"
        ))
        .await?;
        app.screenshot(&format!("{label}-print-{i}")).await;
    }
    app.js("document.querySelector('link[media=all]').media = 'print'; return null")
        .await?;
    Ok(())
}

pub(super) async fn attr(app: &App, css: &str, name: &str) -> Result<String> {
    let el = app.wait_for_css(css).await?;
    Ok(el.attr(name).await?.unwrap_or_default())
}

/// The family path's first two sections.
async fn household_and_income(app: &App) -> Result {
    app.click("a[href='#/assess']").await?;
    app.wait_for_css(".path-card[data-path='family']").await?;
    app.click(".path-card[data-path='family'] a[data-action='start']")
        .await?;
    app.wait_for_css(".assess-form[data-section='household']")
        .await?;
    let checked = app
        .js("return document.querySelectorAll('.assess-form input:checked').length")
        .await?;
    assert_eq!(checked.as_u64(), Some(0), "nothing is pre-selected");
    let f = "family";
    // Typed by keys the way many people write it; stored year-month-day.
    assert_eq!(
        type_answer(app, f, "birth_date", "1990/5/1").await?,
        json!("1990-05-01"),
        "a date with slashes is the same day"
    );
    choose(app, f, "marital_status", "single").await?;
    let spouse = app
        .js("return document.querySelector(\"[data-question='spouse_age']\").hidden")
        .await?;
    assert_eq!(
        spouse.as_bool(),
        Some(true),
        "no spouse question for a single person"
    );
    // A refused answer is explained beside the question and not saved.
    let field = app.wait_for_css("#q-children").await?;
    field.send_keys("13").await?;
    app.js("document.activeElement.blur(); return null").await?;
    app.wait_for_css("#err-children:not([hidden])").await?;
    app.screenshot("question-error").await;
    type_answer(app, f, "children", "0").await?;
    app.wait_for_css("#err-children[hidden]").await?;
    type_answer(app, f, "dependents", "2").await?;
    // The household members' table may be left empty for the single-earner analysis.
    next(app, "members").await?;
    next(app, "income").await?;
    assert_eq!(
        type_answer(app, f, "annual_income", "200000").await?,
        json!("200000.00")
    );
    type_answer(app, f, "monthly_expenses", "10000").await?;
    Ok(())
}

/// The years to retirement are never asked: they are derived from the age and the retirement
/// age, 60 while that question is left out and the stated age once given.
async fn derived_years_to_retirement(app: &App) -> Result {
    let none = app
        .js("return document.querySelectorAll('#q-years_to_retirement').length")
        .await?;
    assert_eq!(
        none.as_u64(),
        Some(0),
        "the years are not a question any more"
    );
    let computed = |state: &Value| state["computed"]["years_to_retirement"].as_i64();
    let state = app
        .invoke("get_answers", json!({ "questionnaireId": "family" }))
        .await?
        .map_err(|e| format!("get_answers: {e}"))?;
    let age = state["computed"]["age"]
        .as_i64()
        .ok_or("the age is known")?;
    assert_eq!(
        computed(&state),
        Some(60 - age),
        "the default retirement age is 60"
    );
    let line = app.wait_for_css("#derived-years_to_retirement").await?;
    let text = line.text().await?;
    assert!(
        text.contains(&format!("{} 年", 60 - age)) && text.contains("按 60 岁计算"),
        "the line says the years and the age used: {text}"
    );
    type_answer(app, "family", "retirement_age", "63").await?;
    let state = app
        .invoke("get_answers", json!({ "questionnaireId": "family" }))
        .await?
        .map_err(|e| format!("get_answers: {e}"))?;
    assert_eq!(
        computed(&state),
        Some(63 - age),
        "the stated age replaces the default"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let text = line.text().await?;
        if text.contains(&format!("{} 年", 63 - age)) && !text.contains("按 60 岁") {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the derived line did not follow the answer: {text}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.screenshot("assess-derived-retirement").await;
    Ok(())
}

/// A client whose file holds a birth date is not asked it again: the questionnaire opens with it
/// filled in, says where it came from, and takes a correction.
#[tokio::test(flavor = "current_thread")]
async fn the_birth_date_is_prefilled_from_the_client_file_and_editable() -> Result {
    with_app("assess-prefill", Options::default(), async |app| {
        let notice = app
            .invoke("get_notice", json!({ "id": "privacy" }))
            .await?
            .map_err(|e| format!("get_notice: {e}"))?;
        app.invoke(
            "record_consents",
            json!({ "noticeVersion": notice["version"], "purposes": ["save_consultation"] }),
        )
        .await?
        .map_err(|e| format!("record_consents: {e}"))?;
        let draft = app
            .invoke("current_consultation", json!({}))
            .await?
            .map_err(|e| format!("current_consultation: {e}"))?;
        app.invoke(
            "save_client",
            json!({ "client": { "kind": "person", "name": "王芳", "phone": "13812345678", "birth_date": "1988/3/15" },
                    "consultationId": draft["consultation"]["id"] }),
        )
        .await?
        .map_err(|e| format!("save_client: {e}"))?;
        app.js("location.hash = '#/assess/family/household'; return null").await?;
        app.wait_for_css(".assess-form[data-section='household']").await?;
        let value = app.js("return document.querySelector('#q-birth_date').value").await?;
        assert_eq!(value, json!("1988-03-15"), "the client file's birth date is filled in");
        app.wait_for_css("#prefill-birth_date:not([hidden])").await?;
        app.screenshot("assess-prefilled").await;
        // In English too, and the years to retirement derived from the prefilled date at once.
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Filled in from the client file").await?;
        app.screenshot("assess-prefilled-en").await;
        app.js("location.hash = '#/assess/family/income'; return null").await?;
        app.wait_for_css(".assess-form[data-section='income']").await?;
        let line = app.wait_for_css("#derived-years_to_retirement").await?.text().await?;
        assert!(
            line.starts_with("Years until retirement: ") && line.contains("at the age of 60"),
            "the derived years, with the age used: {line}"
        );
        app.js("document.getElementById('derived-years_to_retirement').scrollIntoView({ block: 'center' }); return null")
            .await?;
        app.screenshot("assess-derived-en").await;
        app.click("button[data-lang='zh-CN']").await?;
        app.js("location.hash = '#/assess/family/household'; return null").await?;
        app.wait_for_text("已从客户档案填入").await?;
        assert_eq!(
            type_answer(app, "family", "birth_date", "1988-04-15").await?,
            json!("1988-04-15"),
            "the prefilled date can be corrected"
        );
        app.wait_for_css("#prefill-birth_date[hidden]").await?;
        // The result before the income is given says so once, in words.
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        let problem = app.wait_for_css("#result-problem").await?.text().await?;
        assert!(
            problem.starts_with("还需要回答：“") && !problem.contains("required"),
            "the missing answer is named once: {problem}"
        );
        let lines = app.js("return document.querySelectorAll('#result-problem p').length").await?;
        assert_eq!(lines.as_u64(), Some(1), "one sentence, not the engine's too: {problem}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_family_path_resumes_after_a_restart_and_ends_in_a_result() -> Result {
    let data = tempfile::tempdir()?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        ..Options::default()
    };
    // Halfway through the income section, the window is closed.
    with_app("assess-family-1", options.clone(), async |app| {
        household_and_income(app).await?;
        app.screenshot("income").await;
        Ok(())
    })
    .await?;

    with_app("assess-family-2", options, async |app| {
        let f = "family";
        app.click("a[href='#/assess']").await?;
        app.click(".path-card[data-path='family'] a[data-action='resume']")
            .await?;
        app.wait_for_css(".assess-form[data-section='income']").await?;
        let typed = app
            .js("return [document.querySelector('#q-annual_income').value, document.querySelector('#q-monthly_expenses').value]")
            .await?;
        assert_eq!(typed, json!(["200000", "10000"]), "the answers are back after the restart");
        app.wait_for_css(".assess-steps button.done[data-section='household']")
            .await?;
        // The completed section can be reopened and still holds its answers.
        app.click(".assess-steps button[data-section='household']").await?;
        app.wait_for_css(".assess-form[data-section='household']").await?;
        let single = app
            .js("return document.querySelector(\"[data-question='marital_status'] input[value='single']\").checked")
            .await?;
        assert_eq!(single.as_bool(), Some(true), "the saved choice is shown again");
        next(app, "members").await?;
        next(app, "income").await?;
        derived_years_to_retirement(app).await?;
        type_answer(app, f, "support_years", "10").await?;
        next(app, "debts").await?;
        choose(app, f, "has_mortgage", "yes").await?;
        app.wait_for_css("[data-question='mortgage']:not([hidden])").await?;
        type_answer(app, f, "mortgage", "800000").await?;
        next(app, "goals").await?;
        type_answer(app, f, "liquid_assets", "100000").await?;
        next(app, "cover").await?;
        for (q, v) in [
            ("has_life_cover", "no"),
            ("has_ci_cover", "no"),
            ("has_medical_cover", "yes"),
            ("has_accident_cover", "yes"),
            ("has_disability_cover", "no"),
        ] {
            choose(app, f, q, v).await?;
        }
        next(app, "policies").await?;
        next(app, "budget").await?;
        // Without the health-data consent the health questions are skipped, and the screen says so.
        next(app, "health").await?;
        app.wait_for_css("#health-skipped a[href='#/privacy']").await?;
        let health = app
            .js("return document.querySelectorAll(\"[data-question='hospitalised_2y']\").length")
            .await?;
        assert_eq!(health.as_u64(), Some(0), "no health question without the consent");
        app.screenshot("health-skipped").await;
        next(app, "result").await?;

        // DIME from the typed answers, on the family's 70 % share of the income:
        // 200 000 x 0.7 x 10 + 800 000 = 2 200 000; gap 2 200 000 - 100 000 = 2 100 000.
        let backend = app
            .invoke("get_advice", json!({ "questionnaireId": f }))
            .await?
            .map_err(|e| format!("get_advice: {e}"))?;
        assert_eq!(backend["advice"]["dime"]["need"], "2200000.00");
        assert_eq!(attr(app, "#dime-need", "data-minor").await?, "220000000");
        assert_eq!(attr(app, "#dime-gap", "data-minor").await?, "210000000");
        let shown = app.js("return document.querySelector('#dime-need').textContent").await?;
        assert!(
            shown.as_str().is_some_and(|s| s.contains("2,200,000")),
            "the DIME need reads as the backend computed it: {shown}"
        );
        app.wait_for_css("svg.chart[role='img'] title").await?;
        let bars = app.js("return document.querySelectorAll('#chart-lump rect').length").await?;
        assert_eq!(bars.as_u64(), Some(12), "need, existing and gap for four kinds of cover");
        for method in [
            "dime",
            "human_life_value",
            "income_multiple",
            "critical_illness",
            "disability_income",
            "emergency_fund",
            "premium_affordability",
        ] {
            app.wait_for_css(&format!(".method[data-method='{method}']")).await?;
        }
        app.wait_for_css(".rec[data-kind='term_life'] a[href='#/product/term-life']")
            .await?;
        let severities = app
            .js("return [...document.querySelectorAll('.risk-list [data-severity]')].map(e => e.dataset.severity)")
            .await?;
        let order: Vec<&str> = severities
            .as_array()
            .ok_or("a list of risks")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let rank = |s: &&str| ["high", "medium", "low"].iter().position(|x| x == s);
        assert!(
            !order.is_empty() && order.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
            "risks most severe first: {order:?}"
        );
        app.screenshot("result-zh").await;
        app.axe("assess family result").await?;
        look(app, "zh", &["#chart-heading", "#methods-heading", ".method[data-method='critical_illness']", "#risks-heading", "#recs-heading"]).await?;

        // The agent edits an assumption: 140 000 x 3 + 800 000 = 1 220 000, at once.
        let years = app.wait_for_css("[data-assumption-input='support_years']").await?;
        years.clear().await?;
        years.send_keys("3").await?;
        app.wait_for_css("#dime-need[data-minor='122000000']").await?;
        app.wait_for_css("[data-assumption='support_years'].edited").await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("The methods side by side").await?;
        app.wait_for_css("#dime-need[data-minor='122000000']").await?;
        app.screenshot("result-en").await;
        look(app, "en", &["#chart-heading", "#methods-heading", "#risks-heading"]).await?;
        app.click("#reset-assumptions").await?;
        app.wait_for_css("#dime-need[data-minor='220000000']").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_enterprise_path_retains_a_small_frequent_risk_and_insures_a_large_one() -> Result {
    with_app("assess-enterprise", Options::default(), async |app| {
        let e = "enterprise";
        app.js("location.hash = '#/assess/enterprise'; return null").await?;
        app.wait_for_css(".assess-form[data-section='firm']").await?;
        type_answer(app, e, "industry", "印刷厂").await?;
        app.wait_for_text("3 / 100").await?;
        type_answer(app, e, "loss_capacity", "500000").await?;
        type_answer(app, e, "expected_return", "3").await?;
        next(app, "property").await?;
        type_answer(app, e, "buildings_value", "1000000").await?;
        type_answer(app, e, "machinery_value", "300000").await?;
        type_answer(app, e, "stock_value", "100000").await?;
        next(app, "site").await?;
        choose(app, e, "hazards", "overloaded_machinery").await?;
        app.screenshot("hazards").await;
        app.axe("assess question page").await?;
        next(app, "fire").await?;
        // Bands left to the agent's estimate open a field for it.
        choose(app, e, "fire_frequency_band", "estimate").await?;
        type_answer(app, e, "fire_frequency", "0.05").await?;
        choose(app, e, "fire_severity_band", "estimate").await?;
        type_answer(app, e, "fire_severity", "200000").await?;
        type_answer(app, e, "fire_max_loss", "2000000").await?;
        type_answer(app, e, "fire_premium", "15000").await?;
        // No flood hazard: the flood section is skipped.
        next(app, "machinery").await?;
        choose(app, e, "machinery_frequency_band", "estimate").await?;
        type_answer(app, e, "machinery_frequency", "4").await?;
        choose(app, e, "machinery_severity_band", "estimate").await?;
        type_answer(app, e, "machinery_severity", "2000").await?;
        type_answer(app, e, "machinery_max_loss", "20000").await?;
        next(app, "interruption").await?;
        choose(app, e, "has_interruption_exposure", "no").await?;
        next(app, "liability").await?;
        choose(app, e, "has_liability_exposure", "no").await?;
        next(app, "existing").await?;
        choose(app, e, "existing_property_cover", "no").await?;
        next(app, "result").await?;

        // Four breakdowns a year, doubled for the overloaded machinery, of 2 000 each: 16 000;
        // the worst 20 000 against 500 000: retain.
        app.wait_for_css(".risk-card[data-risk='machinery'][data-decision='retain_with_loss_control']")
            .await?;
        assert_eq!(attr(app, "#machinery-expected-loss", "data-minor").await?, "1600000");
        app.wait_for_css("[data-hazard-note='machinery']").await?;
        let criteria = app
            .js("return [...document.querySelectorAll(\".risk-card[data-risk='machinery'] [data-criterion]\")].map(c => c.dataset.criterion + ':' + c.dataset.met)")
            .await?;
        assert_eq!(
            criteria,
            json!([
                "retention_cost_below_loading:unknown",
                "long_payout_period:not_met",
                "good_return_elsewhere:not_met",
                "can_bear_largest_loss:met"
            ]),
            "the four criteria, one by one"
        );
        // A rare fire whose worst loss the firm cannot bear: transfer, linked to its clauses.
        app.wait_for_css(".risk-card[data-risk='fire'][data-decision='transfer']").await?;
        assert_eq!(attr(app, "#fire-expected-loss", "data-minor").await?, "1000000");
        app.wait_for_css(".rec[data-kind='property'] a[href='#/product/property-all-risks']")
            .await?;
        app.wait_for_css(".prevention [data-hazard='overloaded_machinery']").await?;
        app.wait_for_text("自留这项风险").await?;
        app.axe("assess enterprise result").await?;
        app.screenshot("result-zh").await;
        look(app, "zh", &["#ent-risks-heading", ".risk-card[data-risk='machinery']"]).await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Retain this risk").await?;
        app.screenshot("result-en").await;
        look(app, "en", &["#ent-risks-heading", ".risk-card[data-risk='machinery']", "#prevention-heading"]).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_kiosk_visitor_with_the_health_consent_answers_health_questions_and_sees_a_read_only_result(
) -> Result {
    let kiosk = Options {
        kiosk: true,
        ..Options::default()
    };
    with_app("assess-kiosk", kiosk, async |app| {
        app.click("#start").await?;
        app.wait_for_css("main[aria-busy='false'] h1").await?;
        // The answers go in through the same command the screens use; the result is what matters.
        for (question, value) in [
            ("birth_date", json!("1990-05-01")),
            ("marital_status", json!("single")),
            ("children", json!(0)),
            ("dependents", json!(0)),
            ("annual_income", json!("100000")),
            ("monthly_expenses", json!("5000")),
            ("retirement_age", json!(56)),
            ("support_years", json!(0)),
            ("has_mortgage", json!(false)),
            ("liquid_assets", json!("500000")),
            ("has_life_cover", json!(false)),
            ("has_ci_cover", json!(true)),
            ("existing_ci_cover", json!("500000")),
            ("has_medical_cover", json!(true)),
            ("has_accident_cover", json!(true)),
            ("has_disability_cover", json!(true)),
            ("existing_disability_monthly", json!("10000")),
            ("product_interest", json!("term_life")),
            ("quoted_premium", json!("20000")),
        ] {
            app.invoke(
                "answer_question",
                json!({ "questionnaireId": "family", "questionId": question, "value": value }),
            )
            .await?
            .map_err(|e| format!("{question}: {e}"))?;
        }
        // With the separate health-data consent the health questions appear and are saved.
        let notice = app
            .invoke("get_notice", json!({ "id": "privacy" }))
            .await?
            .map_err(|e| format!("get_notice: {e}"))?;
        app.invoke(
            "record_consents",
            json!({ "noticeVersion": notice["version"], "purposes": ["health_data"] }),
        )
        .await?
        .map_err(|e| format!("record_consents: {e}"))?;
        app.js("location.hash = '#/assess/family/health'; return null")
            .await?;
        app.wait_for_css(".assess-form[data-section='health']").await?;
        assert_eq!(
            app.js("return document.querySelector('#health-skipped')").await?,
            Value::Null,
            "no 'skipped' notice once the consent is given"
        );
        choose(app, "family", "hospitalised_2y", "yes").await?;
        choose(app, "family", "diagnosed_conditions", "none").await?;
        app.click("#assess-next").await?;
        app.wait_for_css("#assess-result-body[data-result-id]").await?;
        app.wait_for_css(".risk-list [data-risk='health_history']").await?;
        app.wait_for_css("#assess-result-body[data-result-id]").await?;
        // Nothing owed, nobody depending on the income, savings and cover in place.
        app.wait_for_css("#conclusion[data-no-more-cover]").await?;
        app.wait_for_text("不需要再增加保障").await?;
        // NFRA art. 28: term life with no need for it, and a premium beyond 10 % of income.
        app.wait_for_css(".assess-warnings [data-warning='need_mismatch']")
            .await?;
        app.wait_for_css(".assess-warnings [data-warning='premium_beyond_budget']")
            .await?;
        app.wait_for_css(".assumption[data-assumption='support_years']")
            .await?;
        let inputs = app
            .js("return document.querySelectorAll('[data-assumption-input]').length")
            .await?;
        assert_eq!(inputs.as_u64(), Some(0), "the kiosk cannot edit assumptions");
        let reset = app
            .js("const b = document.querySelector('#reset-assumptions'); return b.offsetParent === null")
            .await?;
        assert_eq!(reset.as_bool(), Some(true), "no reset button where nothing can be edited");
        app.screenshot("result").await;
        Ok(())
    })
    .await
}
