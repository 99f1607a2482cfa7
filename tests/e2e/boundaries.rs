//! A consultation's boundaries (issue 12): browsing the presenter before a consultation is a
//! marked preview that records nothing, so nothing of it reaches the next consultation's record
//! or printout; and a page cannot make a record name another agent.

use crate::access::db_count;
use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

/// Starts the agent's consultation as its first two steps do: the consent to saving, then a new
/// client (张伟). Returns the consultation's id.
pub async fn consultation_with_client(app: &App) -> Result<i64> {
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
    let id = draft["consultation"]["id"]
        .as_i64()
        .ok_or("the draft has an id")?;
    app.invoke(
        "save_client",
        json!({ "client": { "kind": "person", "name": "张伟", "phone": "13812345678" }, "consultationId": id }),
    )
    .await?
    .map_err(|e| format!("save_client: {e}"))?;
    Ok(id)
}

async fn go(app: &App, route: &str) -> Result {
    app.js(&format!("location.hash = '#{route}'; return null"))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_clause_acknowledged_while_browsing_before_a_consultation_is_absent_from_the_next_consultations_record(
) -> Result {
    with_app("boundaries-preview", Options::default(), async |app| {
        let page = app
            .invoke("get_product", json!({ "id": "critical-illness" }))
            .await?
            .map_err(|e| format!("get_product: {e}"))?;
        let clauses = page["clauses"].as_array().cloned().unwrap_or_default();
        let at = clauses
            .iter()
            .position(|c| c["id"] == "ci-exclusions")
            .ok_or("critical illness has an exclusions clause")?
            + 1;
        let title = clauses[at - 1]["title"]["zh-CN"].as_str().unwrap_or_default().to_string();

        // The agent browses the presenter from the product page, before any consultation.
        go(app, "/product/critical-illness").await?;
        app.wait_for_css("#present-help").await?;
        app.click("#present").await?;
        go(app, &format!("/present/critical-illness/{at}")).await?;
        app.wait_for_css("#presenter [data-clause='ci-exclusions']").await?;
        app.wait_for_css("#present-scope[data-scope='preview']").await?;
        app.wait_for_text("预览 · 不记入咨询记录").await?;
        app.wait_for_css("#present-not-recorded").await?;
        let boxes = app
            .js("return [Boolean(document.getElementById('ack-check')), Boolean(document.getElementById('explain'))]")
            .await?;
        assert_eq!(boxes, json!([false, false]), "a preview has no confirmation for the client, nor an explain button");
        app.screenshot("presenter-preview-zh").await;
        app.js("document.getElementById('present-not-recorded').scrollIntoView(); return null")
            .await?;
        app.screenshot("presenter-preview-note-zh").await;
        app.click("#presenter [data-present-lang='en']").await?;
        app.wait_for_text("Preview - not part of any consultation").await?;
        app.screenshot("presenter-preview-en").await;
        app.click("#presenter [data-present-lang='zh-CN']").await?;
        app.wait_for_text("预览 · 不记入咨询记录").await?;

        // A page that still sends the old calls gets them refused: nothing is stored.
        let view = app
            .invoke("get_clause", json!({ "id": "ci-exclusions" }))
            .await?
            .map_err(|e| format!("get_clause: {e}"))?;
        let hash = view["clause"]["hash"]["zh-CN"].clone();
        for (command, args) in [
            ("clause_shown", json!({ "clauseId": "ci-exclusions" })),
            ("clause_explained", json!({ "clauseId": "ci-exclusions" })),
            ("clause_acknowledged", json!({ "clauseId": "ci-exclusions", "contentHash": hash })),
        ] {
            let err = app
                .invoke(command, args)
                .await?
                .expect_err("no clause event outside a consultation");
            assert_eq!(err["field"], "consultation_id", "{command}: {err}");
        }
        assert_eq!(db_count(&app.data_dir, "SELECT count(*) FROM clause_states"), 0);
        assert_eq!(
            db_count(&app.data_dir, "SELECT count(*) FROM consultations"),
            0,
            "browsing started no consultation"
        );

        // The next consultation: its products step claims nothing was presented or confirmed.
        let id = consultation_with_client(app).await?;
        go(app, "/consult/products").await?;
        app.wait_for_css("#step-products").await?;
        app.wait_for_text("本次咨询尚未展示任何条款").await?;
        let summary = app
            .js("return Boolean(document.getElementById('clause-summary'))")
            .await?;
        assert_eq!(summary, json!(false), "no \"客户已确认 n / m 条\" before anything was presented");
        let text = app.visible_text().await?;
        assert!(!text.contains("客户已确认") && !text.contains("null"), "{text}");
        app.screenshot("consult-products-nothing-presented").await;

        go(app, "/consult/finish").await?;
        app.click("#outcome_status-deciding").await?;
        app.click("#finish-consultation").await?;
        app.wait_for_css("article.record").await?;
        assert_eq!(
            db_count(
                &app.data_dir,
                &format!("SELECT count(*) FROM clause_states WHERE consultation_id = {id}")
            ),
            0,
            "the record holds no clause from the preview"
        );
        let products: Value = serde_json::from_str(&stored_products(&app.data_dir, id))?;
        assert_eq!(products, json!([]), "no product became 'discussed' by browsing");
        go(app, &format!("/record/{id}/print")).await?;
        let doc = app.wait_for_css("#print-doc").await?.text().await?;
        assert!(!doc.contains(&title), "the printout names no clause of the preview: {doc}");
        Ok(())
    })
    .await
}

/// The stored `products` of consultation `id`.
fn stored_products(data_dir: &std::path::Path, id: i64) -> String {
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME))
        .expect("the app's database opens");
    conn.query_row(
        "SELECT products FROM consultations WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .expect("the consultation exists")
}

#[tokio::test(flavor = "current_thread")]
async fn a_page_calling_finish_consultation_with_another_agents_name_gets_the_logged_in_agent_on_the_record(
) -> Result {
    with_app("boundaries-agent", Options::default(), async |app| {
        let id = consultation_with_client(app).await?;
        let forged = json!({
            "id": id,
            "edit": { "agent_name": "Another Agent", "agent_licence": "FORGED-0001", "decision": "先考虑",
                      "outcome": { "status": "deciding" } },
        });
        let finished = app
            .invoke("finish_consultation", forged)
            .await?
            .map_err(|e| format!("finish_consultation: {e}"))?;
        assert_eq!(finished["agent_name"], "Test Agent", "{finished}");
        assert_eq!(finished["agent_licence"], "TEST-000001");
        assert_eq!(
            db_count(
                &app.data_dir,
                "SELECT count(*) FROM consultations WHERE agent_name = 'Another Agent' OR agent_licence = 'FORGED-0001'"
            ),
            0,
            "the forged agent is nowhere in the database"
        );
        go(app, &format!("/record/{id}")).await?;
        let details = app.wait_for_css("#consultation-details").await?.text().await?;
        assert!(
            details.contains("Test Agent") && details.contains("TEST-000001") && !details.contains("Another Agent"),
            "the record names the logged-in agent: {details}"
        );
        Ok(())
    })
    .await
}
