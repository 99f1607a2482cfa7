//! The household in the client file (issue #16) in the real window: a consultation with two
//! members and one policy is finished for a client; the next consultation for the same client
//! opens the family questionnaire with those rows filled in (new row ids, the insured following
//! their row) and a notice saying they come from the client file and must be checked with the
//! client; the record's client file shows a read-only Household section - people by name, no
//! row id - in Chinese and English, in large type and high contrast.

use crate::a11y::set_mode;
use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

async fn invoke(app: &App, command: &str, args: Value) -> Result<Value> {
    app.invoke(command, args)
        .await?
        .map_err(|e| format!("{command}: {e}").into())
}

/// Adds a row to `group` of the family questionnaire and answers its cells; returns its id.
async fn row(app: &App, group: &str, cells: &[(&str, Value)]) -> Result<String> {
    let edit = |e: Value| json!({"questionnaireId": "family", "group": group, "edit": e});
    let added = invoke(app, "edit_rows", edit(json!({"op": "add"}))).await?;
    let id = added["row"].as_str().ok_or("the new row's id")?.to_string();
    for (question, value) in cells {
        let answer = json!({"op": "answer", "row": id, "question": question, "value": value});
        invoke(app, "edit_rows", edit(answer)).await?;
    }
    Ok(id)
}

/// Consents to saving on the current draft; returns the draft's id.
async fn consented_draft(app: &App) -> Result<i64> {
    let notice = invoke(app, "get_notice", json!({ "id": "privacy" })).await?;
    invoke(
        app,
        "record_consents",
        json!({ "noticeVersion": notice["version"], "purposes": ["save_consultation"] }),
    )
    .await?;
    let draft = invoke(app, "current_consultation", json!({})).await?;
    draft["consultation"]["id"]
        .as_i64()
        .ok_or_else(|| "a draft id".into())
}

async fn text_of(app: &App, css: &str) -> Result<String> {
    let el = app.wait_for_css(css).await?;
    Ok(el.text().await?)
}

#[tokio::test(flavor = "current_thread")]
async fn a_finished_household_is_kept_in_the_client_file_and_fills_the_next_consultation() -> Result
{
    with_app("household-file", Options::default(), async |app| {
        let first = consented_draft(app).await?;
        let client = invoke(
            app,
            "save_client",
            json!({ "client": { "kind": "person", "name": "王强", "phone": "13812345678" },
                    "consultationId": first }),
        )
        .await?;
        let client_id = client["id"].as_i64().ok_or("the client's id")?;
        let me = row(
            app,
            "members",
            &[
                ("relation", json!("self")),
                ("name", json!("王强")),
                ("birth_date", json!("1988-03-02")),
                ("gender", json!("male")),
                ("annual_income", json!("312345")),
                ("occupation_class", json!(2)),
            ],
        )
        .await?;
        row(
            app,
            "members",
            &[
                ("relation", json!("child")),
                ("name", json!("王小明")),
                ("birth_date", json!("2016-09-01")),
                ("depends_on", json!([me])),
            ],
        )
        .await?;
        row(
            app,
            "policies",
            &[
                ("insurer", json!("平安")),
                ("product", json!("定期寿险A")),
                ("kind", json!("term_life")),
                ("insured", json!(me)),
                ("sum_insured", json!("1000000")),
                ("annual_premium", json!("3200")),
                ("end_date", json!("2040-12-31")),
                ("status", json!("in_force")),
            ],
        )
        .await?;
        invoke(
            app,
            "finish_consultation",
            json!({ "id": first, "edit": { "outcome": { "status": "deciding" } } }),
        )
        .await?;

        // Reading the finished record (its answers and household labelled from the
        // questionnaire) starts no consultation: the home lists none in progress.
        app.js(&format!("location.hash = '#/record/{first}'; return null"))
            .await?;
        text_of(app, "#record-household #household-policies").await?;
        let home = invoke(app, "get_agent_home", json!({ "today": "2026-12-01" })).await?;
        assert_eq!(
            home["in_progress"],
            json!([]),
            "viewing a record left no draft behind: {home}"
        );

        // The next consultation for the same client.
        let second = consented_draft(app).await?;
        assert_ne!(second, first);
        invoke(
            app,
            "update_record",
            json!({ "id": second, "edit": { "client_id": client_id } }),
        )
        .await?;
        app.js("location.hash = '#/assess/family/members'; return null")
            .await?;
        app.wait_for_css(".assess-form[data-section='members'] #rows-members")
            .await?;
        set_mode(app, "zh-CN", "normal", "normal").await?;
        let notice = text_of(app, "#rows-from-file:not([hidden])").await?;
        assert!(
            notice.contains("取自客户档案") && notice.contains("核对"),
            "the table says where its rows come from: {notice}"
        );
        let shown = app
            .js("return document.querySelectorAll('#rows-members tbody tr[data-row]').length")
            .await?;
        assert_eq!(shown, json!(2), "the two members, filled in");
        let state = invoke(app, "get_answers", json!({ "questionnaireId": "family" })).await?;
        let members = state["answers"]["members"].as_array().ok_or("members")?;
        let policy = &state["answers"]["policies"][0];
        assert_eq!(members[0]["name"], "王强");
        assert_eq!(policy["insured"], members[0]["id"], "the insured follows their row");
        assert_eq!(policy["product"], "定期寿险A");
        app.js("document.querySelector('#rows-from-file').scrollIntoView({ block: 'start' }); return null")
            .await?;
        app.screenshot("members-from-file-zh-CN").await;
        app.js("location.hash = '#/assess/family/policies'; return null")
            .await?;
        app.wait_for_css(".assess-form[data-section='policies'] #rows-policies")
            .await?;
        set_mode(app, "en", "normal", "normal").await?;
        app.wait_for_text("come from the client file").await?;
        let notice = text_of(app, "#rows-from-file:not([hidden])").await?;
        assert!(
            notice.contains("come from the client file") && notice.contains("lapsed"),
            "{notice}"
        );
        app.js("document.querySelector('#rows-from-file').scrollIntoView({ block: 'start' }); return null")
            .await?;
        app.screenshot("policies-from-file-en").await;

        // The client file, in the record: the Household section, read-only, as of the first
        // consultation.
        app.js(&format!("location.hash = '#/record/{first}'; return null"))
            .await?;
        let section = text_of(app, "#record-household #household-policies").await?;
        assert!(section.contains("定期寿险A") && section.contains("王强"), "{section}");
        let section = text_of(app, "#record-household").await?;
        for needed in [
            "Household and policies held",
            "As of the consultation of",
            "王小明",
            "Child",
            "Class 2",
            "¥312,000",
            "Term life",
            "In force",
            "¥1,000,000",
            "Read-only here",
        ] {
            assert!(section.contains(needed), "the section says {needed}:\n{section}");
        }
        assert!(
            !section.contains(&me) && !section.contains("term_life"),
            "no row id or code on screen:\n{section}"
        );
        app.js("document.querySelector('#record-household').scrollIntoView({ block: 'start' }); return null")
            .await?;
        app.screenshot("record-household-en").await;
        set_mode(app, "zh-CN", "large", "high").await?;
        app.wait_for_text("家庭成员与已有保单").await?;
        let section = text_of(app, "#record-household").await?;
        assert!(section.contains("咨询时的记录") && section.contains("只供查看"), "{section}");
        app.js("document.querySelector('#record-household').scrollIntoView({ block: 'start' }); return null")
            .await?;
        app.screenshot("record-household-zh-CN-large-contrast").await;
        app.axe("client file household").await?;
        Ok(())
    })
    .await
}
