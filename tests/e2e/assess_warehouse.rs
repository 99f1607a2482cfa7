//! The warehouse case (issue 13): flammable stock and overloaded machinery, answered in bands as
//! an owner would, with the property values as the worst losses. The only product in the library
//! for a firm is the property all risks policy, whose exclusions name machinery breakdown and
//! business interruption: the result must recommend it for fire alone, say plainly that those two
//! need cover this library does not have, and show no internal id, in Chinese and in English. And
//! a company's consents: no health or guardian questions.

use super::assess::{choose, look, next, type_answer};
use presale_tests::{with_app, App, Result};

/// Risk and hazard ids that must never reach the screen as words.
const IDS: &[&str] = &[
    "fire",
    "flood",
    "machinery",
    "interruption",
    "liability",
    "explosion",
    "earthquake",
    "property",
    "transfer",
    "retain",
];

/// The visible text's internal ids: `snake_case` words anywhere, and (in Chinese) the bare ids.
async fn raw_ids(app: &App, chinese: bool) -> Result<Vec<String>> {
    let text = app.visible_text().await?;
    let mut found = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        let lower = word.to_ascii_lowercase();
        let snake = lower.split('_').filter(|p| !p.is_empty()).count() > 1
            && lower
                .split('_')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()));
        if snake || (chinese && IDS.contains(&lower.as_str())) {
            found.push(word.to_string());
        }
    }
    Ok(found)
}

async fn risks_of_recommendations(app: &App) -> Result<Vec<String>> {
    let v = app
        .js("return [...document.querySelectorAll('.rec')].map(r => r.querySelector('[data-product]').dataset.product + ':' + (r.dataset.risks || ''))")
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

async fn check_result(app: &App, chinese: bool) -> Result {
    let recs = risks_of_recommendations(app).await?;
    assert_eq!(
        recs,
        vec!["property-all-risks:fire".to_string()],
        "the property policy, for fire only"
    );
    app.wait_for_css("[data-uncovered='machinery']").await?;
    app.wait_for_css("[data-uncovered='interruption']").await?;
    let ids = raw_ids(app, chinese).await?;
    assert!(ids.is_empty(), "internal ids on screen: {ids:?}");
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn the_warehouse_is_never_sold_a_policy_that_excludes_its_machinery() -> Result {
    with_app("assess-warehouse", Default::default(), async |app| {
        let e = "enterprise";
        app.js("location.hash = '#/assess/enterprise'; return null").await?;
        app.wait_for_css(".assess-form[data-section='firm']").await?;
        type_answer(app, e, "industry", "仓储").await?;
        type_answer(app, e, "loss_capacity", "300000").await?;
        type_answer(app, e, "expected_return", "5").await?;
        next(app, "property").await?;
        type_answer(app, e, "buildings_value", "2000000").await?;
        type_answer(app, e, "machinery_value", "800000").await?;
        type_answer(app, e, "stock_value", "1200000").await?;
        next(app, "site").await?;
        choose(app, e, "hazards", "flammable_stock").await?;
        choose(app, e, "hazards", "overloaded_machinery").await?;
        next(app, "fire").await?;
        // Bands, as an owner answers; the worst losses left to the property values.
        choose(app, e, "fire_frequency_band", "every_20_years").await?;
        choose(app, e, "fire_severity_band", "from_200k").await?;
        type_answer(app, e, "fire_premium", "20000").await?;
        app.screenshot("fire-bands").await;
        next(app, "machinery").await?;
        choose(app, e, "machinery_frequency_band", "every_5_years").await?;
        choose(app, e, "machinery_severity_band", "from_50k").await?;
        next(app, "interruption").await?;
        choose(app, e, "has_interruption_exposure", "yes").await?;
        choose(app, e, "interruption_frequency_band", "every_5_years").await?;
        choose(app, e, "interruption_severity_band", "over_1m").await?;
        type_answer(app, e, "interruption_max_loss", "3000000").await?;
        next(app, "liability").await?;
        choose(app, e, "has_liability_exposure", "no").await?;
        next(app, "existing").await?;
        choose(app, e, "existing_property_cover", "no").await?;
        choose(app, e, "product_interest", "property").await?;
        next(app, "result").await?;

        // Every risk is beyond the 300 000 the firm can bear (the worst machinery loss is the
        // 800 000 the machines are worth): all three are to be transferred.
        for risk in ["fire", "machinery", "interruption"] {
            app.wait_for_css(&format!(
                ".risk-card[data-risk='{risk}'][data-decision='transfer'][data-decided-by='can_bear_largest_loss']"
            ))
            .await?;
        }
        // Flammable stock: 0.05 x 1.5 = 0.075 a year x 500 000 = 37 500.
        assert_eq!(
            super::assess::attr(app, "#fire-expected-loss", "data-minor").await?,
            "3750000"
        );
        app.wait_for_text("机器损坏险").await?;
        app.wait_for_text("营业中断险").await?;
        app.wait_for_text("本产品库没有承保它的产品").await?;
        check_result(app, true).await?;
        app.axe("warehouse result zh").await?;
        app.screenshot("result-zh").await;
        look(app, "warehouse-zh", &["#conclusion", "#uncovered-heading", ".risk-card[data-risk='machinery']"]).await?;

        app.click("button[data-lang='en']").await?;
        app.wait_for_text("machinery breakdown insurance").await?;
        app.wait_for_text("this library has no product that covers it").await?;
        check_result(app, false).await?;
        app.axe("warehouse result en").await?;
        app.screenshot("result-en").await;
        look(app, "warehouse-en", &["#conclusion", "#uncovered-heading", ".risk-card[data-risk='fire']"]).await?;
        Ok(())
    })
    .await
}

/// Types into a field as a person would.
async fn type_into(app: &App, css: &str, text: &str) -> Result {
    let el = app.wait_for_css(css).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_company_is_not_asked_about_health_or_a_guardian() -> Result {
    with_app("consents-enterprise", Default::default(), async |app| {
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-consents").await?;
        // No client yet: the four purposes, the health and guardian ones marked for persons.
        app.click("#open-consents").await?;
        app.wait_for_css("#consent-health_data").await?;
        app.click("#consent-save_consultation").await?;
        app.click("#consent-form button[type='submit']").await?;
        app.wait_for_css("button[data-step='consents'].done").await?;
        app.click("button[data-step='client']").await?;
        app.click("input[data-kind='enterprise']").await?;
        type_into(app, "#client-name", "宏达仓储有限公司").await?;
        type_into(app, "#client-phone", "13812345678").await?;
        app.click("#save-client").await?;
        app.wait_for_css("#chosen-client").await?;
        // The client is a company: only keeping the record and being contacted.
        app.click("button[data-step='consents']").await?;
        app.click("#open-consents").await?;
        app.wait_for_css("#enterprise-consents").await?;
        let shown = app
            .js("return [...document.querySelectorAll('input[data-purpose]')].map(i => i.dataset.purpose)")
            .await?;
        assert_eq!(
            shown,
            serde_json::json!(["save_consultation", "contact"]),
            "no health or guardian consent for a company"
        );
        let text = app.visible_text().await?;
        assert!(
            !text.contains("我的健康") && !text.contains("监护人，代其同意"),
            "{text}"
        );
        app.js("document.querySelector('#consent-form').scrollIntoView(); return null")
            .await?;
        app.screenshot("consents-zh").await;
        Ok(())
    })
    .await
}
