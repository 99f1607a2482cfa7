//! The household's repeating groups on a narrow screen. On a tablet's 768x1024 screen each row is
//! a card (its name and actions on top, the questions as labelled fields in two columns,
//! touch-sized, nothing wider than the window): two members and a policy entered by keyboard
//! (Enter field by field and, from the last card's last field, a new card; Tab from one card on to
//! the next), saved and back after a reload; axe-core on the cards, also in high contrast. In
//! the usual window: a resize from 1280 to 1024 mid-word keeps the focus and the word, large
//! type at 1024x768 shows cards in English, and at 1280 the table stays a table with the same
//! values (cards again in large type).

use crate::a11y::{overflow, set_mode};
use crate::household_tables::{
    add_by_keyboard, cell_shown, focus, press, tab_to, until_focus, until_rows, ENTER, TAB,
};
use presale_tests::{with_app, App, Options, Result, WAIT};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// How `group`'s rows are drawn now: "cards", "table", or "none" (no row yet).
pub(crate) async fn layout(app: &App, group: &str) -> Result<String> {
    let v = app
        .js(&format!(
            "const r = document.querySelector('#rows-{group} tbody tr[data-row]');
             return r ? (getComputedStyle(r).display === 'table-row' ? 'table' : 'cards') : 'none'"
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Resizes the window to `w` x `h` (at most the screen's height) and waits until the page is
/// that wide and `group`'s rows are drawn as `expected`.
async fn resize(app: &App, w: u32, h: u32, group: &str, expected: &str) -> Result {
    let screen = app
        .js("return screen.height")
        .await?
        .as_u64()
        .unwrap_or(800);
    let h = h.min(u32::try_from(screen).unwrap_or(800));
    app.client.set_window_rect(0, 0, w, h).await?;
    let deadline = Instant::now() + WAIT;
    loop {
        let width = app.js("return window.innerWidth").await?.as_f64();
        let now = layout(app, group).await?;
        if width.is_some_and(|iw| iw <= f64::from(w) && iw > f64::from(w) - 40.0) && now == expected
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "at {w}x{h} the {group} rows are {now}, not {expected} ({width:?})"
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What is wrong with `group`'s cards: wider than their box or the window, a header not on top,
/// a control under 44 px, a shown field without its label, fields not in two columns (`two`).
async fn card_problems(app: &App, group: &str, two: bool) -> Result<Vec<String>> {
    let v = app
        .js(&format!(
            "const box = document.querySelector('#rows-{group}').closest('.repeat-scroll');
             const out = [];
             if (box.scrollWidth > box.clientWidth + 1) out.push(`the box scrolls: ${{box.scrollWidth}} > ${{box.clientWidth}}`);
             for (const card of box.querySelectorAll('tbody tr[data-row]')) {{
               const r = card.getBoundingClientRect();
               if (r.right > innerWidth + 1) out.push(`card ${{card.dataset.row}} ends at ${{r.right}}`);
               const head = card.querySelector('.row-head').getBoundingClientRect();
               const actions = card.querySelector('td.row-actions').getBoundingClientRect();
               if (Math.abs(head.top - r.top) > 4 || Math.abs(actions.top - r.top) > 4) out.push(`card ${{card.dataset.row}}: header not on top`);
               if (/^r\\d+$/.test(card.querySelector('.row-head').innerText.trim().split(/\\s+/).pop())) out.push('a row id in a header');
               for (const c of card.querySelectorAll('button, .cell-input, summary')) {{
                 const b = c.getBoundingClientRect();
                 if (b.width && (b.height < 44 || b.width < 44)) out.push(`${{c.id || c.dataset.action || c.tagName}} is ${{b.width}}x${{b.height}}`);
               }}
               const fields = [...card.querySelectorAll('td[data-question]')].filter(td => td.offsetParent);
               for (const td of fields) {{
                 const label = td.querySelector('.cell-label');
                 const control = td.querySelector('.cell-input, .cell-choices').getBoundingClientRect();
                 if (!label || !label.offsetParent || label.getBoundingClientRect().bottom > control.top + 1) out.push(`${{td.dataset.question}}: no label above`);
               }}
               const [a, b] = fields.map(td => td.getBoundingClientRect());
               if ({two} && !(a && b && Math.abs(a.top - b.top) < 2 && a.right <= b.left)) out.push(`card ${{card.dataset.row}}: fields not in two columns`);
             }}
             return out;"
        ))
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default())
}

/// Which of the two key helps `group` shows (the layout's own): `[table's, cards']` displayed.
async fn keys_help(app: &App, group: &str) -> Result<Value> {
    app.js(&format!(
        "const g = document.querySelector('.repeat-group[data-group=\"{group}\"]');
         return ['.repeat-keys-table', '.repeat-keys-cards'].map(c => getComputedStyle(g.querySelector(c)).display !== 'none')"
    ))
    .await
}

/// Asserts the cards of `group` are well formed and nothing on the page is wider than the window.
async fn cards_fit(app: &App, group: &str, two: bool, what: &str) -> Result {
    assert_eq!(layout(app, group).await?, "cards", "{what}: cards");
    assert_eq!(
        keys_help(app, group).await?,
        json!([false, true]),
        "{what}: the cards' keys"
    );
    let problems = card_problems(app, group, two).await?;
    assert!(problems.is_empty(), "{what}: {problems:?}");
    assert_eq!(
        overflow(app).await?,
        None,
        "{what}: the page is not wider than the window"
    );
    Ok(())
}

/// Waits until the focused element is the one shown at its own centre (no sticky bar over it).
async fn in_sight(app: &App, what: &str) -> Result {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let seen = app
            .js(
                "const a = document.activeElement; const r = a.getBoundingClientRect();
                 const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                 return !!hit && (a.contains(hit) || hit.contains(a))",
            )
            .await?;
        if seen == json!(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{what}: the focus is covered by something else").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Scrolls the first card's header to just under the sticky consultation bar, for a screenshot.
async fn first_card_in_view(app: &App, group: &str) -> Result {
    app.js(&format!(
        "const bar = document.getElementById('consult-bar');
         const card = document.querySelector('#rows-{group} tbody tr');
         window.scrollBy(0, card.getBoundingClientRect().top - (bar ? bar.getBoundingClientRect().bottom : 0) - 12);
         return null"
    ))
    .await?;
    Ok(())
}

/// The values the inputs and lists of `question` hold, card by card (or row by row).
async fn shown(app: &App, group: &str, question: &str) -> Result<Value> {
    app.js(&format!(
        "return [...document.querySelectorAll('#rows-{group} tbody tr[data-row]')].map(r => {{
           const c = r.querySelector(\"td[data-question='{question}'] .cell-input\");
           return !c ? null : c.tagName === 'SELECT' ? c.options[c.selectedIndex].text : c.value; }})"
    ))
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn at_768_px_the_rows_are_cards_entered_by_keyboard_and_saved() -> Result {
    let tablet = Options {
        screen: Some((768, 1024)),
        ..Options::default()
    };
    with_app("household-cards", tablet, async |app| {
        app.js("location.hash = '#/assess/family/members'; return null").await?;
        app.wait_for_css(".assess-form[data-section='members'] #rows-members").await?;
        set_mode(app, "zh-CN", "normal", "normal").await?;
        add_by_keyboard(app, "members").await?;
        resize(app, 768, 1024, "members", "cards").await?;
        let width = app.js("return [screen.width, innerWidth]").await?;
        assert_eq!(width, json!([768, 768]), "a window as narrow as a tablet's screen");

        // The first member: Enter goes field by field, and from the last card's last field adds a
        // card whose first field takes the focus.
        let me = until_focus(app, "relation").await?;
        press(app, "本人").await?;
        press(app, TAB).await?;
        press(app, "王强").await?;
        press(app, TAB).await?;
        press(app, "1988-03-02").await?;
        press(app, ENTER).await?;
        assert_eq!(focus(app).await?, (me.clone(), "gender".to_string()), "Enter: the next field");
        press(app, ENTER).await?;
        press(app, "300000").await?;
        press(app, ENTER).await?;
        assert_eq!(focus(app).await?.1, "occupation_class");
        press(app, ENTER).await?;
        let spouse = until_focus(app, "relation").await?;
        assert_ne!(spouse, me, "Enter in the last card's last field adds a card");
        press(app, "配偶").await?;
        press(app, TAB).await?;
        press(app, "李娜").await?;
        press(app, TAB).await?;
        press(app, "1990/7/15").await?;
        press(app, TAB).await?;
        let members = until_rows(app, "members", "two members with dates", |r| {
            r.as_array().is_some_and(|a| a.len() == 2 && a.iter().all(|m| m.get("birth_date").is_some()))
        })
        .await?;
        assert_eq!(members[0]["annual_income"], "300000.00");
        assert_eq!(members[1]["birth_date"], "1990-07-15");
        // Tab runs through a card's fields and its actions, then on to the next card; what the
        // focus reaches under the sticky consultation bar is brought into sight.
        app.js(&format!("const b = document.querySelector(\"tr[data-row='{me}'] [data-action='remove']\");
                         window.scrollBy(0, b.getBoundingClientRect().top - 20); b.focus(); return null")).await?;
        in_sight(app, "the first card's Remove, focused under the consultation bar").await?;
        press(app, TAB).await?;
        assert_eq!(focus(app).await?, (spouse.clone(), "relation".to_string()), "Tab: the next card");
        in_sight(app, "the next card's first field").await?;
        cards_fit(app, "members", true, "members at 768").await?;
        first_card_in_view(app, "members").await?;
        app.screenshot("members-768-zh-CN").await;
        app.axe("household-cards-members-zh-CN").await?;

        // A policy, by keyboard in its card; a question that does not apply is not on the card.
        app.js("location.hash = '#/assess/family/policies'; return null").await?;
        app.wait_for_css(".assess-form[data-section='policies'] #rows-policies").await?;
        add_by_keyboard(app, "policies").await?;
        let p1 = until_focus(app, "kind").await?;
        press(app, "定期寿险").await?;
        cell_shown(app, &p1, "insured").await?;
        press(app, TAB).await?;
        press(app, "平安人寿").await?;
        press(app, TAB).await?;
        press(app, "平安福").await?;
        press(app, TAB).await?;
        press(app, "有效").await?;
        tab_to(app, "insured").await?;
        press(app, "王强").await?;
        tab_to(app, "sum_insured").await?;
        press(app, "1000000").await?;
        press(app, TAB).await?;
        let policies = until_rows(app, "policies", "the term policy", |r| r[0]["sum_insured"] == json!("1000000.00")).await?;
        assert_eq!(policies[0]["kind"], "term_life");
        assert_eq!(policies[0]["insured"], json!(me));
        let deductible = app
            .js(&format!("const td = document.querySelector(\"tr[data-row='{p1}'] td[data-question='deductible']\"); return !!td && td.offsetParent === null"))
            .await?;
        assert_eq!(deductible, json!(true), "no deductible on a term life card");
        cards_fit(app, "policies", true, "policies at 768").await?;
        // Duplicate, Remove and Undo from the keyboard: the focus follows the card each acts on.
        let action = |row: &str, name: &str| format!("document.querySelector(\"tr[data-row='{row}'] [data-action='{name}']\").focus(); return null");
        app.js(&action(&p1, "duplicate")).await?;
        press(app, ENTER).await?;
        let copy = until_focus(app, "kind").await?;
        assert_ne!(copy, p1, "the copy takes the focus");
        in_sight(app, "the copy's first field").await?;
        until_rows(app, "policies", "the copy", |r| r.as_array().is_some_and(|a| a.len() == 2)).await?;
        app.js(&action(&copy, "remove")).await?;
        press(app, ENTER).await?;
        until_focus(app, "rows-undo-policies").await?;
        in_sight(app, "Undo").await?;
        press(app, ENTER).await?;
        assert_eq!(until_focus(app, "kind").await?, copy, "the card put back takes the focus");
        until_rows(app, "policies", "the copy back", |r| r.as_array().is_some_and(|a| a.len() == 2)).await?;
        assert_eq!(shown(app, "policies", "product").await?, json!(["平安福", "平安福"]));
        first_card_in_view(app, "policies").await?;
        app.screenshot("policies-768-zh-CN").await;

        // Saved: after a reload the cards hold the same values.
        app.reload_at("#/assess/family/members").await?;
        app.wait_for_css("#rows-members tbody tr:nth-child(2)[data-row]").await?;
        assert_eq!(layout(app, "members").await?, "cards");
        assert_eq!(shown(app, "members", "name").await?, json!(["王强", "李娜"]));
        assert_eq!(shown(app, "members", "birth_date").await?, json!(["1988-03-02", "1990-07-15"]));
        // Large type at 768: one column of fields, the header still one band.
        set_mode(app, "zh-CN", "large", "normal").await?;
        cards_fit(app, "members", false, "members at 768 in large type").await?;
        let columns = app
            .js("const f = [...document.querySelectorAll('#rows-members tbody tr:first-child td[data-question]')].filter(td => td.offsetParent).map(td => td.getBoundingClientRect().left);
                 return new Set(f).size")
            .await?;
        assert_eq!(columns, json!(1), "one column of fields in large type at 768");
        first_card_in_view(app, "members").await?;
        app.screenshot("members-768-zh-CN-large").await;
        set_mode(app, "zh-CN", "normal", "high").await?;
        cards_fit(app, "members", true, "members at 768 in high contrast").await?;
        first_card_in_view(app, "members").await?;
        app.screenshot("members-768-zh-CN-high-contrast").await;
        app.axe("household-cards-members-zh-CN-high").await?;
        set_mode(app, "zh-CN", "normal", "normal").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_window_resized_mid_word_keeps_the_focus_and_the_word_and_1280_stays_a_table() -> Result {
    with_app("household-cards-switch", Options::default(), async |app| {
        app.js("location.hash = '#/assess/family/members'; return null").await?;
        app.wait_for_css(".assess-form[data-section='members'] #rows-members").await?;
        set_mode(app, "en", "normal", "normal").await?;
        resize(app, 1280, 800, "members", "none").await?;
        add_by_keyboard(app, "members").await?;
        let me = until_focus(app, "relation").await?;
        assert_eq!(layout(app, "members").await?, "table", "at 1280 the table stays a table");
        press(app, "Self").await?;
        press(app, TAB).await?;
        press(app, "Wang").await?;
        // Narrowed mid-word: the same field keeps the focus and the word, now on a card.
        resize(app, 1024, 768, "members", "cards").await?;
        let name = format!("cell-members-{me}-name");
        let kept = app.js("const a = document.activeElement; return [a.id, a.value]").await?;
        assert_eq!(kept, json!([name, "Wang"]), "the focus and the typed word survive the switch");
        press(app, " Qiang").await?;
        press(app, TAB).await?;
        until_rows(app, "members", "the name typed across the switch", |r| r[0]["name"] == json!("Wang Qiang")).await?;
        cards_fit(app, "members", true, "members at 1024 in normal type").await?;

        // Large type at 1024x768: cards, two columns, in English.
        set_mode(app, "en", "large", "normal").await?;
        cards_fit(app, "members", true, "members at 1024 in large type").await?;
        first_card_in_view(app, "members").await?;
        app.screenshot("members-1024-en-large").await;
        app.axe("household-cards-members-en-large").await?;
        app.js("location.hash = '#/assess/family/policies'; return null").await?;
        app.wait_for_css(".assess-form[data-section='policies'] #rows-policies").await?;
        add_by_keyboard(app, "policies").await?;
        let p1 = until_focus(app, "kind").await?;
        press(app, "Term").await?;
        cell_shown(app, &p1, "insured").await?;
        tab_to(app, "insured").await?;
        press(app, "Wang").await?;
        press(app, TAB).await?;
        until_rows(app, "policies", "the insured person", |r| r[0]["insured"] == json!(me)).await?;
        cards_fit(app, "policies", true, "policies at 1024 in large type").await?;
        first_card_in_view(app, "policies").await?;
        app.screenshot("policies-1024-en-large").await;

        // Back to 1280 in normal type: the table, with the same values, scrolling in its box.
        set_mode(app, "en", "normal", "normal").await?;
        resize(app, 1280, 800, "policies", "table").await?;
        assert_eq!(shown(app, "policies", "insured").await?, json!(["Wang Qiang"]));
        let scrolls = app
            .js("const box = document.querySelector('#rows-policies').closest('.repeat-scroll'); return box.scrollWidth > box.clientWidth")
            .await?;
        assert_eq!(scrolls, json!(true), "the policies table scrolls inside its box");
        assert_eq!(overflow(app).await?, None, "the page is not wider than the window");
        app.screenshot("policies-1280-en").await;
        app.js("location.hash = '#/assess/family/members'; return null").await?;
        app.wait_for_css("#rows-members tbody tr[data-row]").await?;
        assert_eq!(layout(app, "members").await?, "table");
        assert_eq!(keys_help(app, "members").await?, json!([true, false]), "the table's keys");
        assert_eq!(shown(app, "members", "name").await?, json!(["Wang Qiang"]));
        // Large type at 1280: the box is narrow for the type again, so cards.
        set_mode(app, "en", "large", "normal").await?;
        cards_fit(app, "members", true, "members at 1280 in large type").await?;
        Ok(())
    })
    .await
}
