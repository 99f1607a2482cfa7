//! The household's repeating groups in the real window (issue 16): members and five policies
//! entered by keyboard in the tables (Tab across cells, Enter for a new row, one row duplicated),
//! saved and back after a reload, in Chinese and in English; a CSV file with a bad date refused
//! naming the row and the column, nothing of it saved, and the good sample imported whole; the
//! tables looked at in both languages at 1024x768 (as cards, `household_cards`) and in large type.

use crate::a11y::set_mode;
use presale_tests::{with_app, workspace_root, App, Options, Result};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub(crate) const TAB: &str = "\u{E004}";
pub(crate) const ENTER: &str = "\u{E007}";
const SHIFT_TAB: &str = "\u{E008}\u{E004}";

/// The saved rows of a group, as the backend holds them.
pub(crate) async fn rows(app: &App, group: &str) -> Result<Value> {
    let state = app
        .invoke("get_answers", json!({ "questionnaireId": "family" }))
        .await?
        .map_err(|e| format!("get_answers: {e}"))?;
    Ok(state["answers"][group].clone())
}

/// Waits until the saved rows of `group` satisfy `done`.
pub(crate) async fn until_rows(
    app: &App,
    group: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = rows(app, group).await?;
        if done(&r) {
            return Ok(r);
        }
        if Instant::now() > deadline {
            return Err(format!("{group}: {what} never held; saved: {r}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sends keys to whatever has the focus, as a person at the keyboard would.
pub(crate) async fn press(app: &App, keys: &str) -> Result {
    // A cell the form redrew between finding the focus and typing is found again.
    let stale = |e: &fantoccini::error::CmdError| {
        matches!(e, fantoccini::error::CmdError::Standard(w)
            if w.error == fantoccini::error::ErrorStatus::StaleElementReference)
    };
    for _ in 0..5 {
        let sent = match app.client.active_element().await {
            Ok(el) => el.send_keys(keys).await,
            Err(e) => Err(e),
        };
        match sent {
            Err(e) if stale(&e) => tokio::time::sleep(Duration::from_millis(50)).await,
            other => return Ok(other?),
        }
    }
    Err("the focused cell kept being redrawn".into())
}

/// The focused element's `data-row`/`data-question` (or id).
pub(crate) async fn focus(app: &App) -> Result<(String, String)> {
    let v = app
        .js("const a = document.activeElement; const c = a && a.closest('[data-question]');
             return [a && a.closest('[data-row]') ? a.closest('[data-row]').dataset.row : '', c ? c.dataset.question : (a ? a.dataset.action || a.id : '')]")
        .await?;
    Ok((
        v[0].as_str().unwrap_or_default().to_string(),
        v[1].as_str().unwrap_or_default().to_string(),
    ))
}

/// Waits until the focus is in a cell of `question` (a new row takes it once saved).
pub(crate) async fn until_focus(app: &App, question: &str) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (row, q) = focus(app).await?;
        if q == question {
            return Ok(row);
        }
        if Instant::now() > deadline {
            return Err(format!("the focus never reached `{question}`; it is at {row}/{q}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Presses Tab until the focus is in the cell of `question` (at most 40 times).
pub(crate) async fn tab_to(app: &App, question: &str) -> Result {
    for _ in 0..40 {
        if focus(app).await?.1 == question {
            return Ok(());
        }
        press(app, TAB).await?;
    }
    Err(format!(
        "Tab never reached the `{question}` cell; the focus is at {:?}",
        focus(app).await?
    )
    .into())
}

/// Waits until the cell of `question` exists in the focused row (a condition shows it).
pub(crate) async fn cell_shown(app: &App, row: &str, question: &str) -> Result {
    app.wait_for_css(&format!(
        "tr[data-row='{row}'] td[data-question='{question}'] .cell-input"
    ))
    .await?;
    Ok(())
}

/// Presses "Add a row" from the keyboard (the focus put on it, then Enter).
pub(crate) async fn add_by_keyboard(app: &App, group: &str) -> Result {
    app.wait_for_css(&format!("#rows-add-{group}")).await?;
    app.js(&format!(
        "document.getElementById('rows-add-{group}').focus(); return null"
    ))
    .await?;
    press(app, ENTER).await
}

/// The words of the current language.
struct Words {
    lang: &'static str,
    relation_self: &'static str,
    relation_spouse: &'static str,
    relation_child: &'static str,
    term_life: &'static str,
    critical_illness: &'static str,
    medical: &'static str,
    accident: &'static str,
    in_force: &'static str,
}

const ZH: Words = Words {
    lang: "zh-CN",
    relation_self: "本人",
    relation_spouse: "配偶",
    relation_child: "子女",
    term_life: "定期寿险",
    critical_illness: "重疾险",
    medical: "医疗险（报销型）",
    accident: "意外险",
    in_force: "有效",
};

const EN: Words = Words {
    lang: "en",
    relation_self: "Self",
    relation_spouse: "Spouse",
    relation_child: "Child",
    // Typed as a person picks from a list: the first letters.
    term_life: "Term",
    critical_illness: "Critical",
    medical: "Medical",
    accident: "Accident",
    in_force: "In force",
};

/// One member typed into the focused first cell of a new row: relation, Tab, name, Tab, date.
async fn member(app: &App, relation: &str, name: &str, birth: &str) -> Result<String> {
    let row = until_focus(app, "relation").await?;
    press(app, relation).await?;
    press(app, TAB).await?;
    press(app, name).await?;
    press(app, TAB).await?;
    press(app, birth).await?;
    press(app, TAB).await?;
    Ok(row)
}

/// One policy typed into the focused first cell of a new row: kind, insurer, product, status,
/// the insured person and the sum insured, then Enter for the next row.
#[allow(clippy::too_many_arguments)]
async fn policy(
    app: &App,
    kind: &str,
    insurer: &str,
    product: &str,
    status: &str,
    insured: &str,
    sum: &str,
) -> Result<String> {
    let row = until_focus(app, "kind").await?;
    press(app, kind).await?;
    // The kind decides which cells apply: the insured person's appears once it is saved.
    cell_shown(app, &row, "insured").await?;
    press(app, TAB).await?;
    press(app, insurer).await?;
    press(app, TAB).await?;
    press(app, product).await?;
    press(app, TAB).await?;
    press(app, status).await?;
    tab_to(app, "insured").await?;
    press(app, insured).await?;
    tab_to(app, "sum_insured").await?;
    press(app, sum).await?;
    press(app, ENTER).await?;
    Ok(row)
}

async fn household_by_keyboard(app: &App, w: &Words) -> Result {
    app.js("location.hash = '#/assess/family/members'; return null")
        .await?;
    app.wait_for_css(".assess-form[data-section='members'] #rows-members")
        .await?;
    set_mode(app, w.lang, "normal", "normal").await?;
    add_by_keyboard(app, "members").await?;
    app.wait_for_css("tr[data-row] [data-question='relation'].cell-input")
        .await?;
    let me = member(app, w.relation_self, "王强", "1988-03-02").await?;
    press(app, ENTER).await?;
    app.wait_for_css("tbody tr:nth-child(2)[data-row]").await?;
    let spouse = member(app, w.relation_spouse, "李娜", "1990/7/15").await?;
    press(app, ENTER).await?;
    app.wait_for_css("tbody tr:nth-child(3)[data-row]").await?;
    let child = member(app, w.relation_child, "王小明", "20160901").await?;
    let members = until_rows(app, "members", "three members with dates", |r| {
        r.as_array()
            .is_some_and(|a| a.len() == 3 && a.iter().all(|m| m.get("birth_date").is_some()))
    })
    .await?;
    assert_eq!(members[0]["relation"], "self");
    assert_eq!(
        members[1]["relation"], "spouse",
        "picked by its first letters"
    );
    assert_eq!(members[2]["relation"], "child");
    assert_eq!(
        members[1]["birth_date"], "1990-07-15",
        "typed with slashes, stored year-month-day"
    );
    assert_eq!(members[2]["name"], "王小明");
    // Shift-Tab goes back a cell.
    press(app, SHIFT_TAB).await?;
    assert_eq!(focus(app).await?, (child.clone(), "birth_date".to_string()));
    app.screenshot(&format!("household-members-{}", w.lang))
        .await;

    app.js("location.hash = '#/assess/family/policies'; return null")
        .await?;
    app.wait_for_css(".assess-form[data-section='policies'] #rows-policies")
        .await?;
    add_by_keyboard(app, "policies").await?;
    app.wait_for_css("tr[data-row] [data-question='kind'].cell-input")
        .await?;
    let p1 = policy(
        app,
        w.term_life,
        "平安人寿",
        "平安福",
        w.in_force,
        "王强",
        "1000000",
    )
    .await?;
    app.wait_for_css("tbody tr:nth-child(2)[data-row]").await?;
    policy(
        app,
        w.critical_illness,
        "中国人寿",
        "国寿重疾",
        w.in_force,
        "李娜",
        "500000",
    )
    .await?;
    app.wait_for_css("tbody tr:nth-child(3)[data-row]").await?;
    let p3 = policy(
        app,
        w.medical,
        "众安保险",
        "尊享e生",
        w.in_force,
        "王小明",
        "4000000",
    )
    .await?;
    // A medical policy has a deductible: its cell is there for this row only.
    cell_shown(app, &p3, "deductible").await?;
    app.wait_for_css("tbody tr:nth-child(4)[data-row]").await?;
    let p4 = policy(
        app,
        w.accident,
        "太平洋保险",
        "意外险A",
        w.in_force,
        "王强",
        "500000",
    )
    .await?;
    assert_eq!(
        app.js(&format!("return document.querySelectorAll(\"tr[data-row='{p1}'] td[data-question='deductible'] .cell-input\").length")).await?,
        json!(0),
        "no deductible on term life"
    );
    // The empty fifth row Enter made goes; the accident policy is duplicated for the spouse.
    app.wait_for_css("tbody tr:nth-child(5)[data-row]").await?;
    let (empty, _) = focus(app).await?;
    tab_to(app, "remove").await?;
    press(app, ENTER).await?;
    app.wait_for_css("#rows-undo-policies").await?;
    app.screenshot(&format!("household-policy-removed-{}", w.lang))
        .await;
    until_rows(app, "policies", "four policies", |r| {
        r.as_array().is_some_and(|a| a.len() == 4)
    })
    .await?;
    let duplicate = format!("tr[data-row='{p4}'] button[data-action='duplicate']");
    app.js(&format!("document.querySelector(\"{duplicate}\").scrollIntoView({{ block: 'center' }}); return null")).await?;
    app.click(&duplicate).await?;
    let copied = until_rows(app, "policies", "a fifth policy, copied", |r| {
        r.as_array().is_some_and(|a| a.len() == 5)
    })
    .await?;
    let copy = copied[4]["id"].as_str().unwrap_or_default().to_string();
    assert_ne!(copy, p4, "the copy has its own id");
    assert_ne!(copy, empty, "a removed row's id is never given again");
    for key in [
        "kind",
        "insurer",
        "product",
        "status",
        "insured",
        "sum_insured",
    ] {
        assert_eq!(copied[4][key], copied[3][key], "{key} is copied");
    }
    // The copy is the focus: its insured person changed to the spouse by keyboard.
    assert_eq!(until_focus(app, "kind").await?, copy);
    tab_to(app, "insured").await?;
    press(app, "李娜").await?;
    press(app, TAB).await?;
    let policies = until_rows(app, "policies", "the copy insures the spouse", |r| {
        r[4]["insured"] == json!(spouse)
    })
    .await?;
    assert_eq!(policies[0]["kind"], "term_life");
    assert_eq!(policies[0]["insured"], json!(me));
    assert_eq!(policies[0]["sum_insured"], "1000000.00");
    assert_eq!(policies[2]["kind"], "medical_indemnity");
    assert_eq!(policies[2]["insured"], json!(child));
    assert_eq!(policies[3]["status"], "in_force");
    app.screenshot(&format!("household-policies-{}", w.lang))
        .await;

    // Saved: after a reload the same five rows are back, in the table and in the backend.
    app.reload_at("#/assess/family/policies").await?;
    app.wait_for_css(".assess-form[data-section='policies'] #rows-policies")
        .await?;
    let shown = app
        .js("return [...document.querySelectorAll('#rows-policies tbody tr[data-row]')].map(r => r.querySelector(\"[data-question='product'] input\").value)")
        .await?;
    assert_eq!(
        shown,
        json!(["平安福", "国寿重疾", "尊享e生", "意外险A", "意外险A"])
    );
    let insured = app
        .js(&format!("const s = document.querySelector(\"tr[data-row='{copy}'] td[data-question='insured'] select\"); return s.options[s.selectedIndex].text"))
        .await?;
    assert_eq!(
        insured,
        json!("李娜"),
        "a reference shows the member's name, never an id"
    );
    assert_eq!(
        rows(app, "policies").await?,
        policies,
        "resumed exactly as saved"
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn five_policies_entered_by_keyboard_are_saved_and_resumed_in_chinese() -> Result {
    with_app("household-keyboard-zh", Options::default(), async |app| {
        household_by_keyboard(app, &ZH).await
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn five_policies_entered_by_keyboard_are_saved_and_resumed_in_english() -> Result {
    with_app("household-keyboard-en", Options::default(), async |app| {
        household_by_keyboard(app, &EN).await
    })
    .await
}

/// Words of `text` shaped like a row id (`r12`).
fn regex_like_row_ids(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > 1 && w.starts_with('r') && w[1..].bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

/// Picks a file in a table's "Import CSV" as the file dialog would.
async fn import(app: &App, group: &str, fixture: &str) -> Result {
    let path = workspace_root().join("tests/fixtures").join(fixture);
    let input = app.wait_for_css(&format!("#rows-import-{group}")).await?;
    input.send_keys(&path.to_string_lossy()).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_csv_with_a_bad_date_is_refused_naming_the_row_and_the_sample_imports_whole() -> Result {
    with_app("household-csv", Options::default(), async |app| {
        app.js("location.hash = '#/assess/family/members'; return null").await?;
        app.wait_for_css("#rows-members").await?;
        import(app, "members", "members.csv").await?;
        until_rows(app, "members", "five members", |r| r.as_array().is_some_and(|a| a.len() == 5)).await?;
        app.wait_for_css("#rows-members tbody tr:nth-child(5)[data-row]").await?;

        app.js("location.hash = '#/assess/family/policies'; return null").await?;
        app.wait_for_css("#rows-policies").await?;
        import(app, "policies", "policies-bad-date.csv").await?;
        let error = app.wait_for_css("#rows-import-error-policies:not([hidden])").await?.text().await?;
        assert!(
            error.contains("第 7 条（文件第 8 行），「start_date」列：日历上没有 2023-02-30 这一天"),
            "the row and the column are named: {error}"
        );
        assert!(error.contains("什么都没有保存"), "{error}");
        assert_eq!(rows(app, "policies").await?, Value::Null, "nothing half-imported");
        app.screenshot("household-csv-refused-zh-CN").await;
        set_mode(app, "en", "normal", "normal").await?;
        app.wait_for_css("#rows-policies").await?;
        import(app, "policies", "policies-bad-date.csv").await?;
        let error = app.wait_for_css("#rows-import-error-policies:not([hidden])").await?.text().await?;
        assert!(
            error.contains("Row 7 (line 8 of the file), column “start_date”: there is no such day as 2023-02-30"),
            "{error}"
        );
        app.screenshot("household-csv-refused-en").await;

        import(app, "policies", "policies.csv").await?;
        let policies = until_rows(app, "policies", "five policies", |r| r.as_array().is_some_and(|a| a.len() == 5)).await?;
        assert_eq!(policies[4]["kind"], "property");
        app.wait_for_css("#rows-import-error-policies[hidden]").await?;
        app.wait_for_css("#rows-policies tbody tr:nth-child(5)[data-row]").await?;
        app.axe("household-policies-en").await?;

        // The record says the rows in words, people by name, never a row id.
        let draft = app
            .invoke("current_consultation", json!({}))
            .await?
            .map_err(|e| format!("current_consultation: {e}"))?;
        let id = &draft["consultation"]["id"];
        app.js(&format!("location.hash = '#/record/{id}'; return null")).await?;
        app.wait_for_text("Policies held 5").await?;
        let text = app.visible_text().await?;
        assert!(text.contains("Insured person: 王小明"), "{text}");
        assert!(text.contains("Kind of cover: Property"), "{text}");
        let ids = regex_like_row_ids(&text);
        assert!(ids.is_empty(), "no row id on the record: {ids:?}");
        app.js("location.hash = '#/assess/family/policies'; return null").await?;
        app.wait_for_css("#rows-policies tbody tr:nth-child(5)[data-row]").await?;

        // Looked at: both languages, at 1024x768 and in large type; the page never scrolls
        // sideways, the table does inside its box at 1280, and at 1024 the rows are cards.
        let wide = app
            .js("const box = document.querySelector('.repeat-scroll'); return [getComputedStyle(box.querySelector('tbody tr')).display, box.scrollWidth > box.clientWidth]")
            .await?;
        assert_eq!(wide, json!(["table-row", true]), "at 1280 a table, scrolling in its box");
        app.client.set_window_rect(0, 0, 1024, 768).await?;
        for lang in ["zh-CN", "en"] {
            for size in ["normal", "large"] {
                set_mode(app, lang, size, "normal").await?;
                app.wait_for_css("#rows-policies tbody tr:nth-child(5)[data-row]").await?;
                let wide = app
                    .js("const box = document.querySelector('.repeat-scroll');
                         const out = [...document.querySelectorAll('body *')].filter(e => !box.contains(e) && e.getBoundingClientRect().right > innerWidth + 1).slice(0, 4).map(e => e.tagName + '.' + e.className + '#' + e.id);
                         return [document.documentElement.scrollWidth, window.innerWidth, box.scrollWidth > box.clientWidth, out, getComputedStyle(box.querySelector('tbody tr')).display]")
                    .await?;
                assert!(
                    wide[0].as_f64() <= wide[1].as_f64(),
                    "{lang} {size}: the page fits 1024 px: {wide}"
                );
                assert_eq!(wide[2], json!(false), "{lang} {size}: the cards fit their box");
                assert_eq!(wide[4], json!("grid"), "{lang} {size}: each row a card");
                app.js("document.getElementById('rows-policies').scrollIntoView({ block: 'start' }); return null").await?;
                app.screenshot(&format!("household-policies-1024-{lang}-{size}")).await;
                app.js("location.hash = '#/assess/family/members'; return null").await?;
                app.wait_for_css("#rows-members tbody tr:nth-child(5)[data-row]").await?;
                app.screenshot(&format!("household-members-1024-{lang}-{size}")).await;
                app.js("location.hash = '#/assess/family/policies'; return null").await?;
            }
        }
        Ok(())
    })
    .await
}
