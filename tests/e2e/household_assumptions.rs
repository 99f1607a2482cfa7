//! The household review's assumptions in the real window: the agent changes one on the review,
//! the need moves by the hand-computed amount, and the change is kept - marked edited after a
//! reload, said in words in the record view and its printout - in Chinese and English; a kiosk
//! shows the same values read only.

use crate::a11y::set_mode;
use crate::household_review::answer_family;
use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

/// The need of the first member's death cell, in yuan (the cell's exact figure).
async fn death_need(app: &App) -> Result<i64> {
    let need = app
        .js("const c = document.querySelector('#review-grid tr[data-member-row] td[data-risk=\"death\"]'); return c && c.dataset.need")
        .await?;
    let need = need.as_str().ok_or("the death cell's need")?;
    Ok(need.trim_end_matches(".00").parse()?)
}

async fn wait_for_need(app: &App, yuan: i64) -> Result {
    app.wait_for_css(&format!(
        "#review-grid tr[data-member-row] td[data-risk='death'][data-need='{yuan}.00']"
    ))
    .await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_edited_assumption_changes_the_review_and_is_kept_in_both_languages() -> Result {
    with_app("household-assumptions", Options::default(), async |app| {
        answer_family(app).await?;
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        app.wait_for_css("#review-assumptions [data-assumption-input='review-family_share']").await?;
        let before = death_need(app).await?;
        let years = app
            .invoke("get_review", json!({"questionnaireId": "family"}))
            .await?
            .map_err(|e| format!("get_review: {e}"))?["review"]["support_years"]
            .as_i64()
            .ok_or("support years")?;
        // Each earner's income share is its own line, named by the member.
        app.wait_for_text("本人 王强承担的家庭需要份额").await?;
        // 王强 earns 300 000: at 60 % instead of 70 % the family loses 30 000 a year less, for
        // each year of support.
        let share = app.wait_for_css("[data-assumption-input='review-family_share']").await?;
        share.clear().await?;
        share.send_keys("60").await?;
        wait_for_need(app, before - 30_000 * years).await?;
        app.wait_for_css("[data-assumption='review-family_share'].edited").await?;
        app.wait_for_css("#reset-review-assumptions").await?;
        app.js("document.querySelector('#review-assumptions').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("assumptions-zh").await;
        app.axe("household review assumptions").await?;

        // Kept: after a reload the review is made with the edit again, marked edited.
        app.reload_at("#/assess/family/result").await?;
        app.wait_for_css("[data-assumption='review-family_share'].edited").await?;
        wait_for_need(app, before - 30_000 * years).await?;
        let value = app
            .js("return document.querySelector(\"[data-assumption-input='review-family_share']\").value")
            .await?;
        assert_eq!(value, json!("60"));
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Assumptions of the review").await?;
        app.wait_for_text("Self, 王强: share of the household's needs").await?;
        app.wait_for_css("[data-assumption='review-family_share'].edited").await?;
        app.js("document.querySelector('#review-assumptions').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("assumptions-en").await;
        set_mode(app, "en", "large", "normal").await?;
        app.wait_for_css("#review-assumptions").await?;
        app.js("document.querySelector('#review-assumptions').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("assumptions-en-large").await;
        set_mode(app, "zh-CN", "large", "normal").await?;
        app.wait_for_css("#review-assumptions").await?;
        app.js("document.querySelector('#review-assumptions').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("assumptions-zh-large").await;
        set_mode(app, "zh-CN", "normal", "normal").await?;
        app.wait_for_css("#review-assumptions").await?;

        // The record view and its printout say what was changed, and to what, in words.
        let draft = app.invoke("current_consultation", json!({})).await?.map_err(|e| format!("{e}"))?;
        let id = draft["consultation"]["id"].as_i64().ok_or("the draft's id")?;
        app.js(&format!("location.hash = '#/record/{id}'; return null")).await?;
        app.wait_for_css("#record-review-edited [data-edited='family_share']").await?;
        let said = app.js("return document.querySelector('#record-review-edited').innerText").await?;
        let said = said.as_str().ok_or("the record's text")?;
        assert!(said.contains("收入中用于家庭的比例：60%（默认 70%）"), "{said}");
        assert!(!said.contains("0.6") && !said.contains('_'), "no raw factor or code: {said}");
        // No policy here has its premium entered: the total says so instead of reading as ¥0 paid.
        let premiums = app.js("return document.querySelector('#record-review-premiums').innerText").await?;
        let premiums = premiums.as_str().ok_or("the premiums line")?;
        assert!(premiums.contains("没有填写保费，未计入") && !premiums.contains("。 "), "{premiums}");
        app.js("document.querySelector('#record-review-edited').scrollIntoView({ block: 'center' }); return null").await?;
        app.screenshot("record-edited-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Assumptions the agent changed").await?;
        app.wait_for_text("the share of income spent on the family: 60% (default 70%)").await?;
        app.js(&format!("location.hash = '#/record/{id}/print'; return null")).await?;
        app.wait_for_css("#print-review-edited [data-edited='family_share']").await?;
        app.wait_for_text("60% (default 70%)").await?;
        app.js("document.querySelector('#print-review-edited').scrollIntoView({ block: 'center' }); return null").await?;
        app.screenshot("print-edited-en").await;

        // Restored: the review goes back to the default and says nothing was changed.
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        app.click("#reset-review-assumptions").await?;
        wait_for_need(app, before).await?;
        let kept = app
            .invoke("get_review", json!({"questionnaireId": "family"}))
            .await?
            .map_err(|e| format!("get_review: {e}"))?;
        assert_eq!(kept["review"]["edited"], Value::Array(vec![]));

        // Each earner's share: 王强's set to 50 % leaves 李娜 the other 50 %.
        let shares = "[...document.querySelectorAll(\"[data-assumption^='review-income_shares-'] input\")]";
        let first = app.wait_for_css("[data-assumption^='review-income_shares-'] input").await?;
        first.clear().await?;
        first.send_keys("50").await?;
        app.wait_for_css("[data-assumption^='review-income_shares-'].edited").await?;
        let values = app.js(&format!("return {shares}.map(i => i.value)")).await?;
        assert_eq!(values, json!(["50", "50"]), "the shares add up to the whole");
        let kept = app
            .invoke("get_review", json!({"questionnaireId": "family"}))
            .await?
            .map_err(|e| format!("get_review: {e}"))?;
        let text = kept["review"]["edited"][0]["text"]["zh"].as_str().ok_or("the edit in words")?;
        assert!(text.contains("本人 王强 50%、配偶 李娜 50%"), "{text}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_kiosk_shows_the_reviews_assumptions_read_only() -> Result {
    let options = Options {
        kiosk: true,
        ..Options::default()
    };
    with_app("household-assumptions-kiosk", options, async |app| {
        app.click("#start").await?;
        app.wait_for_css(".product-card").await?;
        answer_family(app).await?;
        app.js("location.hash = '#/assess/family/result'; return null").await?;
        app.wait_for_css("#review-assumptions [data-assumption='review-family_share']").await?;
        let inputs = app
            .js("return document.querySelectorAll('#review-assumptions input').length")
            .await?;
        assert_eq!(inputs, json!(0), "read only at a kiosk");
        app.wait_for_text("70%").await?;
        let refused = app
            .invoke(
                "compute_review",
                json!({"questionnaireId": "family", "assumptions": {"family_share": "0.6"}}),
            )
            .await?;
        let err = refused.expect_err("a kiosk edits nothing");
        assert_eq!(err["code"], "forbidden", "{err}");
        app.js("document.querySelector('#review-assumptions').scrollIntoView({ block: 'start' }); return null").await?;
        app.screenshot("assumptions-kiosk-zh").await;
        Ok(())
    })
    .await
}
