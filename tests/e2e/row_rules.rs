//! Rules across the rows of a repeating group in the real window: "Self" chosen on a second
//! member is refused at that cell with the content's reason, in Chinese and in English, the
//! choice going back to what is saved and the focus staying in the cell; the `self` row
//! duplicated is copied without its relation, the cell saying why; with no Self left, "Next"
//! says what the household lacks.

use crate::a11y::set_mode;
use crate::household_tables::{
    add_by_keyboard, focus, press, rows, until_focus, until_rows, ENTER,
};
use presale_tests::Options;
use presale_tests::{with_app, App, Result};
use serde_json::{json, Value};

/// The text of the message under a cell, once shown.
async fn cell_message(app: &App, row: &str, question: &str) -> Result<String> {
    let css = format!("#err-cell-members-{row}-{question}:not([hidden])");
    Ok(app.wait_for_css(&css).await?.text().await?)
}

/// What the cell's list shows, once it shows `wanted` (or after 3 s).
async fn chosen(app: &App, row: &str, wanted: &str) -> Result<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let v = app
            .js(&format!(
                "const s = document.getElementById('cell-members-{row}-relation'); return s.value"
            ))
            .await?;
        if v == wanted || std::time::Instant::now() > deadline {
            return Ok(v);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Focuses the relation cell of `row` and picks `relation` by typing it, as an agent does.
async fn pick(app: &App, row: &str, relation: &str) -> Result {
    app.js(&format!(
        "document.getElementById('cell-members-{row}-relation').focus(); return null"
    ))
    .await?;
    press(app, relation).await
}

#[tokio::test(flavor = "current_thread")]
async fn a_second_self_is_refused_at_its_cell_in_both_languages() -> Result {
    with_app("row-rules", Options::default(), async |app| {
        app.js("location.hash = '#/assess/family/members'; return null")
            .await?;
        app.wait_for_css("#rows-members").await?;
        set_mode(app, "zh-CN", "normal", "normal").await?;
        add_by_keyboard(app, "members").await?;
        let me = until_focus(app, "relation").await?;
        press(app, "本人").await?;
        until_rows(app, "members", "the first member is self", |r| {
            r[0]["relation"] == "self"
        })
        .await?;
        // Enter on the last row adds one; "本人" again there is refused.
        press(app, ENTER).await?;
        app.wait_for_css("#rows-members tbody tr:nth-child(2)[data-row]")
            .await?;
        let second = until_focus(app, "relation").await?;
        assert_ne!(second, me);
        press(app, "本人").await?;
        let message = cell_message(app, &second, "relation").await?;
        assert_eq!(
            message,
            "「本人」没有保存：只能有一位成员是“本人”：本人是来咨询的这一位。"
        );
        assert_eq!(
            chosen(app, &second, "").await?,
            json!(""),
            "the choice went back"
        );
        assert_eq!(
            focus(app).await?,
            (second.clone(), "relation".to_string()),
            "the focus stays at the cell"
        );
        let saved = rows(app, "members").await?;
        assert_eq!(saved[1].get("relation"), None, "nothing saved: {saved}");
        app.screenshot("row-rules-second-self-zh-CN").await;

        // The same in English, and a child there is fine.
        set_mode(app, "en", "normal", "normal").await?;
        app.wait_for_css(&format!("#cell-members-{second}-relation"))
            .await?;
        pick(app, &second, "Self").await?;
        let message = cell_message(app, &second, "relation").await?;
        assert_eq!(
            message,
            "“Self” was not saved: Only one member can be “Self”: the person consulting."
        );
        assert_eq!(chosen(app, &second, "").await?, json!(""));
        assert_eq!(focus(app).await?, (second.clone(), "relation".to_string()));
        app.screenshot("row-rules-second-self-en").await;
        // A list's type-to-select joins letters typed within a second ("SelfChild"): a pause
        // first, as a person makes between two choices.
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        pick(app, &second, "Child").await?;
        until_rows(app, "members", "the second member is a child", |r| {
            r[1]["relation"] == "child"
        })
        .await?;
        app.wait_for_css(&format!("#err-cell-members-{second}-relation[hidden]"))
            .await?;

        // Duplicated, the self row is copied without its relation, and the cell says why.
        app.click(&format!(
            "tr[data-row='{me}'] button[data-action='duplicate']"
        ))
        .await?;
        let saved = until_rows(app, "members", "three members", |r| {
            r.as_array().is_some_and(|a| a.len() == 3)
        })
        .await?;
        let copy = saved[1]["id"].as_str().unwrap_or_default().to_string();
        assert_eq!(saved[1].get("relation"), None, "{saved}");
        let message = cell_message(app, &copy, "relation").await?;
        assert!(
            message.starts_with("Only one member can be “Self”"),
            "{message}"
        );
        let status = app
            .wait_for_css("#rows-status-members")
            .await?
            .text()
            .await?;
        assert!(
            status.starts_with("Copied as row 2, without “Relation”"),
            "{status}"
        );
        app.screenshot("row-rules-duplicate-self-en").await;

        // With no Self left, "Next" stays and says what the household lacks.
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        pick(app, &me, "Child").await?;
        until_rows(app, "members", "no self left", |r| {
            r.as_array()
                .is_some_and(|a| a.iter().all(|m| m["relation"] != "self"))
        })
        .await?;
        app.click("#assess-next").await?;
        let note = app
            .wait_for_css("#rows-rules-members:not([hidden])")
            .await?
            .text()
            .await?;
        assert_eq!(note, "Add “Self” among the members: the person consulting.");
        app.wait_for_css(".assess-form[data-section='members']")
            .await?;
        app.screenshot("row-rules-no-self-en").await;
        Ok(())
    })
    .await
}
