//! Explaining policy clauses (issue 3): the catalogue, a product, a clause with its glossary
//! pop-up, the presenter (keys, buttons, swipe, explain then acknowledge, checked in the
//! database), a language switch mid-presentation, search in Chinese and English, and the content
//! check screen with bad content.

use presale_tests::{with_app, workspace_root, App, Options, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const ARROW_LEFT: &str = "\u{E012}";
const ARROW_RIGHT: &str = "\u{E014}";
const ESCAPE: &str = "\u{E00C}";

/// The product the tests present: its clauses in presentation order, from the backend.
async fn clauses_of(app: &App, product: &str) -> Result<Vec<Value>> {
    let page = app
        .invoke("get_product", json!({ "id": product }))
        .await?
        .map_err(|e| format!("get_product {product}: {e}"))?;
    Ok(page["clauses"].as_array().cloned().unwrap_or_default())
}

/// Waits until `script` (an expression) is true in the page.
async fn wait_until(app: &App, script: &str) -> Result {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if app.js(&format!("return Boolean({script})")).await? == Value::Bool(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            let text = app.visible_text().await?;
            return Err(format!("`{script}` never held; the screen shows:\n{text}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn go(app: &App, route: &str) -> Result {
    app.js(&format!("location.hash = '#{route}'; return null"))
        .await?;
    Ok(())
}

/// Sends keys to whatever has the focus, as a person at the keyboard would.
async fn press(app: &App, keys: &str) -> Result {
    app.client.active_element().await?.send_keys(keys).await?;
    Ok(())
}

async fn progress(app: &App) -> Result<String> {
    let v = app
        .js("const p = document.getElementById('present-progress'); return p ? p.textContent : ''")
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "current_thread")]
async fn a_product_opens_and_a_clause_shows_its_glossary_pop_up() -> Result {
    with_app("clauses-browse", Options::default(), async |app| {
        app.click("a[href='#/products']").await?;
        app.wait_for_css(".catalogue-card[data-product='critical-illness'] [data-count='must']")
            .await?;
        app.screenshot("catalogue-zh").await;
        app.click(".catalogue-card[data-product='critical-illness']").await?;
        app.wait_for_css(".clause-group[data-category='exclusion'] [data-must='true'] .badge-must")
            .await?;
        app.wait_for_text("责任免除").await?;
        app.screenshot("product-zh").await;

        app.click("[data-clause-item='ci-waiting-period']").await?;
        app.wait_for_css(".clause-legal .prose").await?;
        app.wait_for_css(".clause-plain .prose").await?;
        app.wait_for_css(".clause-consequence.notice-warn").await?;
        let term = app
            .js("const b = document.querySelector('.clause-legal button.term'); return b && b.dataset.term")
            .await?;
        let term = term.as_str().ok_or("the legal text has a glossary term")?.to_string();
        app.click(".clause-legal button.term").await?;
        app.wait_for_css(&format!("dialog.term-dialog[open][data-term='{term}'] .term-definition p"))
            .await?;
        app.screenshot("clause-term-zh").await;
        press(app, ESCAPE).await?;
        wait_until(app, "!document.querySelector('dialog.term-dialog')").await?;
        let focus = app
            .js("return document.activeElement && document.activeElement.dataset.term")
            .await?;
        assert_eq!(
            focus.as_str(),
            Some(term.as_str()),
            "closing the pop-up returns the focus to the term"
        );

        // The same view in English, with the pop-up open, and a related clause opening in-app.
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("In plain words").await?;
        app.click(".clause-legal button.term").await?;
        app.wait_for_css("dialog.term-dialog[open] .term-definition p").await?;
        app.screenshot("clause-term-en").await;
        app.click("#term-close").await?;
        wait_until(app, "!document.querySelector('dialog.term-dialog')").await?;
        // Side by side in a wide window, stacked in a narrow one.
        let stacked = "(() => { const l = document.querySelector('.clause-legal').getBoundingClientRect(), p = document.querySelector('.clause-plain').getBoundingClientRect(); return p.top >= l.bottom; })()";
        wait_until(app, &format!("!{stacked}")).await?;
        // The window has a minimum size, so narrow the page instead of the window.
        app.js("document.getElementById('main').style.maxWidth = '44rem'; return null").await?;
        wait_until(app, stacked).await?;
        app.screenshot("clause-narrow-en").await;
        app.js("document.getElementById('main').style.maxWidth = ''; return null").await?;
        wait_until(app, &format!("!{stacked}")).await?;
        app.click("[data-related]").await?;
        wait_until(app, "location.hash.startsWith('#/clause/') && location.hash !== '#/clause/ci-waiting-period'").await?;
        app.wait_for_css(".clause-legal .prose").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_presenter_steps_and_records_an_explained_and_acknowledged_exclusion() -> Result {
    with_app("clauses-present", Options::default(), async |app| {
        let clauses = clauses_of(app, "critical-illness").await?;
        let total = clauses.len();
        let at = clauses
            .iter()
            .position(|c| c["id"] == "ci-exclusions")
            .ok_or("critical illness has an exclusions clause")?
            + 1;

        go(app, "/product/critical-illness").await?;
        app.click("#present").await?;
        app.wait_for_css("#presenter .presenter-clause").await?;
        // From the product page it is a preview (boundaries.rs checks that it records nothing).
        app.wait_for_css("#present-scope[data-scope='preview']").await?;
        assert_eq!(progress(app).await?, format!("1 / {total}"));
        let bar = app
            .js("return getComputedStyle(document.getElementById('app-bar')).display")
            .await?;
        assert_eq!(bar.as_str(), Some("none"), "the presenter hides the app bar");
        app.screenshot("presenter-zh").await;

        // Next by button, by arrow key, back by arrow key, and by a touch swipe.
        app.click("#present-next").await?;
        wait_until(app, "location.hash.endsWith('/2')").await?;
        press(app, ARROW_RIGHT).await?;
        wait_until(app, "location.hash.endsWith('/3')").await?;
        press(app, ARROW_LEFT).await?;
        wait_until(app, "location.hash.endsWith('/2')").await?;
        app.js(
            "const s = document.querySelector('.presenter-stage');
             const ev = (type, x) => s.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', clientX: x, clientY: 300, bubbles: true }));
             ev('pointerdown', 700); ev('pointerup', 400); return null",
        )
        .await?;
        wait_until(app, "location.hash.endsWith('/3')").await?;
        assert_eq!(progress(app).await?, format!("3 / {total}"));

        // The exclusion, presented in a consultation (consent given, client chosen): the client
        // cannot confirm before the agent explained it.
        let id = crate::boundaries::consultation_with_client(app).await?;
        let base = format!("/consult/{id}/present/critical-illness");
        go(app, &format!("{base}/{at}")).await?;
        app.wait_for_css("#presenter [data-clause='ci-exclusions'] .badge-must").await?;
        app.wait_for_css("#present-scope[data-scope='consultation']").await?;
        app.wait_for_css("#ack-wait").await?;
        let early = app
            .js("const c = document.getElementById('ack-check'); return [c.disabled, c.checked]")
            .await?;
        assert_eq!(early, json!([true, false]), "nothing is pre-ticked and nothing can be confirmed before the explanation");
        let view = app.invoke("get_clause", json!({"id": "ci-exclusions"}))
            .await?
            .map_err(|e| format!("get_clause: {e}"))?;
        let hash = view["clause"]["hash"]["zh-CN"].as_str().ok_or("a zh-CN hash")?.to_string();
        let refused = app.invoke("clause_acknowledged", json!({"clauseId": "ci-exclusions", "contentHash": hash, "language": "zh-CN", "consultationId": id}))
            .await?
            .expect_err("the backend refuses a confirmation before the explanation");
        assert_eq!(refused["field"], "explained_at", "{refused}");

        app.click("#explain").await?;
        app.wait_for_css("#explained-at").await?;
        let ready = app
            .js("const c = document.getElementById('ack-check'); return [c.disabled, c.checked]")
            .await?;
        assert_eq!(ready, json!([false, false]), "explaining does not tick the client's box");
        app.screenshot("presenter-confirm-zh").await;
        // The client's own tick is the confirmation.
        app.click("#ack-check").await?;
        app.wait_for_css("#acknowledged-at").await?;

        let (acknowledged, stored_hash) = clause_row(&app.data_dir, "ci-exclusions");
        assert!(acknowledged.is_some(), "the database has acknowledged_at");
        assert_eq!(stored_hash, hash, "the record names the wording shown");

        // The summary lists the other must-explain clauses as missing, this one as confirmed.
        app.click("#presenter [data-present-lang='en']").await?;
        app.wait_for_text(&format!("Consultation no. {id} - recorded")).await?;
        // The English wording is another text: shown now, not yet explained in English.
        app.wait_for_css("#explain").await?;
        app.screenshot("presenter-consultation-en").await;
        app.click("#presenter [data-present-lang='zh-CN']").await?;
        app.wait_for_text(&format!("咨询第 {id} 号 · 记入记录")).await?;

        go(app, &format!("{base}/{}", total + 1)).await?;
        app.wait_for_css("#summary-verdict").await?;
        app.wait_for_css("[data-summary='ci-exclusions'][data-status='acknowledged']").await?;
        let must = clauses.iter().filter(|c| c["must_explain"] == true).count();
        let complete = app.js("return document.getElementById('summary-verdict').dataset.complete").await?;
        assert_eq!(complete.as_str(), Some(if must == 1 { "true" } else { "false" }), "the verdict counts the missing ones");
        app.screenshot("presenter-summary-zh").await;
        app.click("#present-done").await?;
        let row = app.wait_for_css("#step-products table.clause-states tr[data-clause='ci-exclusions']").await?.text().await?;
        assert!(row.contains("责任免除"), "the clause is named by its title: {row}");
        let summary = app.wait_for_css("#clause-summary").await?.text().await?;
        // Shown in Chinese and in English, confirmed in Chinese: one clause, confirmed.
        assert!(
            summary.contains("已展示条款：1 条") && summary.contains("客户已确认 1 / 1 条"),
            "counted per clause, not per wording: {summary}"
        );
        app.screenshot("consult-products-presented-zh").await;
        Ok(())
    })
    .await
}

/// `(acknowledged_at, content_hash)` of a clause in the app's database.
fn clause_row(data_dir: &Path, clause: &str) -> (Option<String>, String) {
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME))
        .expect("the app's database opens");
    conn.query_row(
        "SELECT acknowledged_at, content_hash FROM clause_states WHERE clause_id = ?1
         ORDER BY acknowledged_at IS NULL LIMIT 1",
        [clause],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("the clause has a state row")
}

#[tokio::test(flavor = "current_thread")]
async fn switching_language_mid_presentation_keeps_the_place() -> Result {
    with_app("clauses-language", Options::default(), async |app| {
        let clauses = clauses_of(app, "critical-illness").await?;
        let total = clauses.len();
        let third = &clauses[2]["title"];
        go(app, "/present/critical-illness/3").await?;
        app.wait_for_text(third["zh-CN"].as_str().ok_or("a title")?)
            .await?;
        app.click("#presenter [data-present-lang='en']").await?;
        app.wait_for_text(third["en"].as_str().ok_or("a title")?)
            .await?;
        app.wait_for_text("Policy wording").await?;
        assert!(
            app.js("return location.hash")
                .await?
                .as_str()
                .unwrap_or_default()
                .ends_with("/3"),
            "the place is kept"
        );
        assert_eq!(progress(app).await?, format!("3 / {total}"));
        app.screenshot("presenter-en").await;
        app.click("#present-next").await?;
        app.wait_for_text(clauses[3]["title"]["en"].as_str().ok_or("a title")?)
            .await?;
        app.click("#presenter [data-present-lang='zh-CN']").await?;
        app.wait_for_text(clauses[3]["title"]["zh-CN"].as_str().ok_or("a title")?)
            .await?;
        assert_eq!(progress(app).await?, format!("4 / {total}"));
        app.click("#present-exit").await?;
        wait_until(app, "location.hash === '#/product/critical-illness'").await?;
        let bar = app
            .js("return getComputedStyle(document.getElementById('app-bar')).display")
            .await?;
        assert_ne!(
            bar.as_str(),
            Some("none"),
            "leaving the presenter brings the app bar back"
        );
        Ok(())
    })
    .await
}

/// Types `query` into the search box and waits for a result with a highlighted match.
async fn search(app: &App, query: &str) -> Result {
    let input = app.wait_for_css("#search-input").await?;
    input.clear().await?;
    input.send_keys(query).await?;
    wait_until(
        app,
        &format!(
            "document.getElementById('search-results').dataset.query === {q} && document.querySelector('#search-results .search-hit mark')",
            q = serde_json::to_string(query)?
        ),
    )
    .await
}

async fn marks(app: &App) -> Result<Vec<String>> {
    let v = app
        .js("return [...document.querySelectorAll('#search-results mark')].map(m => m.textContent)")
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test(flavor = "current_thread")]
async fn search_finds_chinese_with_three_and_two_characters_and_english() -> Result {
    with_app("clauses-search", Options::default(), async |app| {
        app.click("a[href='#/search']").await?;
        search(app, "等待期").await?;
        assert!(
            marks(app).await?.iter().any(|m| m.contains("等待期")),
            "three characters are highlighted"
        );
        app.screenshot("search-zh").await;
        search(app, "免责").await?;
        assert!(
            marks(app).await?.iter().any(|m| m.contains("免责")),
            "two characters are found and highlighted"
        );
        search(app, "waiting period").await?;
        let m = marks(app).await?;
        assert!(
            m.iter().any(|m| m.to_lowercase().contains("waiting")),
            "English is found: {m:?}"
        );
        app.screenshot("search-en-query").await;

        // Markup typed into the box is text, never HTML.
        let input = app.wait_for_css("#search-input").await?;
        input.clear().await?;
        input
            .send_keys("<img src=x onerror=window.__xss=1>")
            .await?;
        app.wait_for_css("#search-empty").await?;
        assert_eq!(
            app.js("return window.__xss || 0").await?,
            json!(0),
            "the query stays text"
        );

        search(app, "等待期").await?;
        // Every product has a waiting-period clause: each hit says whose it is, and the clauses
        // about it come before the product that only says it has none.
        let named = app
            .js("return [...document.querySelectorAll(\"#search-results .search-hit[data-kind='clause']\")].map(a => a.querySelector('.search-product')?.textContent || '')")
            .await?;
        let named: Vec<String> = serde_json::from_value(named)?;
        assert!(
            !named.is_empty() && named.iter().all(|n| !n.is_empty()),
            "every clause hit names its product: {named:?}"
        );
        app.js("document.querySelector(\".search-group[data-kind='clause']\").scrollIntoView(); return null")
            .await?;
        app.screenshot("search-clauses-name-products").await;
        let groups = app
            .js("return [...document.querySelectorAll('#search-results .search-group')].map(g => g.dataset.kind)")
            .await?;
        let groups: Vec<String> = serde_json::from_value(groups)?;
        let at = |k: &str| groups.iter().position(|g| g == k);
        assert!(
            at("clause") < at("product"),
            "the clauses about 等待期 come before the product that has none: {groups:?}"
        );
        app.click("#search-results a.search-hit[data-kind='clause']")
            .await?;
        wait_until(app, "location.hash.startsWith('#/clause/')").await?;
        app.wait_for_css(".clause-legal .prose").await?;

        // An English hit found from the Chinese interface opens in English.
        app.click("a[href='#/search']").await?;
        search(app, "waiting period").await?;
        app.click("#search-results a.search-hit[data-kind='clause'][data-language='en']")
            .await?;
        wait_until(
            app,
            "location.hash.startsWith('#/clause/') && document.documentElement.lang === 'en'",
        )
        .await?;
        app.wait_for_css(".clause-legal .prose").await?;
        app.screenshot("search-opened-in-english").await;

        // The glossary filters as you type, on either language's name.
        app.click("a[href='#/search']").await?;
        app.click("#open-glossary").await?;
        let filter = app.wait_for_css("#glossary-filter").await?;
        let all = app
            .js("return document.querySelectorAll('.glossary-list dt:not([hidden])').length")
            .await?;
        let all = all.as_u64().unwrap_or(0);
        assert!(all > 10, "all terms listed at first: {all}");
        filter.send_keys("免赔").await?;
        wait_until(
            app,
            &format!(
                "document.querySelector(\"dt[data-term-entry='deductible']\").hidden === false && \
                 document.querySelectorAll('.glossary-list dt:not([hidden])').length < {all}"
            ),
        )
        .await?;
        filter.clear().await?;
        filter.send_keys("zzzz").await?;
        app.wait_for_css("#glossary-none:not([hidden])").await?;
        app.screenshot("glossary-filter").await;
        Ok(())
    })
    .await
}

/// A copy of the base fixture with a warning (raw HTML in a clause) and an error (a glossary file
/// whose front matter never closes).
fn bad_content(dir: &Path) -> Result {
    let fixtures = workspace_root().join("tests/fixtures/content");
    copy_tree(&fixtures.join("base"), dir)?;
    copy_tree(&fixtures.join("raw-html/files"), dir)?;
    std::fs::write(
        dir.join("glossary/broken.zh.md"),
        "+++\nid = \"broken\"\nterm = \"坏\"\n",
    )?;
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn bad_content_is_listed_on_the_content_check_and_the_rest_still_loads() -> Result {
    let content = tempfile::tempdir()?;
    bad_content(content.path())?;
    let options = Options {
        content_dir: Some(content.path().to_path_buf()),
        ..Options::default()
    };
    with_app("clauses-admin", options, async |app| {
        app.click("a[href='#/products']").await?;
        app.wait_for_css(".catalogue-card[data-product='demo']")
            .await?;
        // Less frequent screens sit in the app bar's "More" menu.
        app.click("#nav-more > summary").await?;
        app.click("a[href='#/admin/content']").await?;
        app.wait_for_css("[data-severity='error'] .problem").await?;
        app.wait_for_css("[data-severity='warning'] .problem")
            .await?;
        let text = app.visible_text().await?;
        assert!(
            text.contains("glossary/broken.zh.md"),
            "the error names the file: {text}"
        );
        assert!(
            text.contains("demo-coverage.zh.md:14:"),
            "the warning names file and line: {text}"
        );
        app.screenshot("admin-problems").await;
        Ok(())
    })
    .await?;
    with_app("clauses-admin-clean", Options::default(), async |app| {
        go(app, "/admin/content").await?;
        app.wait_for_css("#problems-none").await?;
        app.screenshot("admin-none").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn an_updated_content_tree_is_read_again_without_a_restart() -> Result {
    let content = tempfile::tempdir()?;
    bad_content(content.path())?;
    let options = Options {
        content_dir: Some(content.path().to_path_buf()),
        ..Options::default()
    };
    with_app("clauses-reload", options, async |app| {
        go(app, "/admin/content").await?;
        app.wait_for_css("[data-severity='error'] .problem").await?;
        // The insurer fixes the broken file and renames the product.
        std::fs::remove_file(content.path().join("glossary/broken.zh.md"))?;
        let product = content.path().join("products/demo/product.zh.md");
        let text = std::fs::read_to_string(&product)?;
        std::fs::write(&product, text.replace("示例重疾险", "示例重疾险二代"))?;
        app.click("#reload-content").await?;
        wait_until(app, "!document.querySelector(\"[data-severity='error']\") && document.querySelector(\"[data-severity='warning'] .problem\")").await?;
        app.wait_for_text("已重新读取内容").await?;
        app.screenshot("admin-reloaded").await;
        go(app, "/products").await?;
        app.wait_for_text("示例重疾险二代").await?;
        go(app, "/search").await?;
        search(app, "二代").await?;
        assert_eq!(marks(app).await?.first().map(String::as_str), Some("二代"), "the index follows");
        assert_eq!(
            crate::access::db_count(
                &app.data_dir,
                "SELECT count(*) FROM audit_log WHERE action = 'content.reload'"
            ),
            1,
            "the reload is audited"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn at_a_kiosk_the_presenter_asks_for_an_agent_instead_of_explaining() -> Result {
    let options = Options {
        kiosk: true,
        ..Options::default()
    };
    with_app("clauses-kiosk", options, async |app| {
        app.click("#start").await?;
        app.wait_for_css("a[href='#/products']").await?;
        let admin = app
            .js("return Boolean(document.querySelector(\"a[href='#/admin/content']\"))")
            .await?;
        assert_eq!(admin, json!(false), "the content check is not in a kiosk's bar");
        let clauses = clauses_of(app, "critical-illness").await?;
        let at = clauses
            .iter()
            .position(|c| c["id"] == "ci-exclusions")
            .ok_or("critical illness has an exclusions clause")?
            + 1;
        go(app, &format!("/present/critical-illness/{at}")).await?;
        app.wait_for_css("#presenter [data-clause='ci-exclusions']")
            .await?;
        // Before the visitor agreed to saving: a preview, with no box to tick.
        app.wait_for_css("#present-scope[data-scope='preview']").await?;
        let ack = app.js("return Boolean(document.getElementById('ack-check'))").await?;
        assert_eq!(ack, json!(false), "no confirmation in a preview");
        app.screenshot("presenter-kiosk-preview").await;
        let notice = app.invoke("get_notice", json!({"id": "privacy"})).await?.map_err(|e| format!("get_notice: {e}"))?;
        app.invoke("record_consents", json!({"noticeVersion": notice["version"], "purposes": ["save_consultation"]}))
            .await?
            .map_err(|e| format!("record_consents: {e}"))?;
        go(app, &format!("/present/critical-illness/{}", at + 1)).await?;
        wait_until(app, &format!("location.hash.endsWith('/{}')", at + 1)).await?;
        go(app, &format!("/present/critical-illness/{at}")).await?;
        app.wait_for_css("#present-scope[data-scope='consultation']").await?;
        app.wait_for_css("#ack-wait").await?;
        let v = app
            .js("return [Boolean(document.getElementById('explain')), document.getElementById('ack-check').disabled]")
            .await?;
        assert_eq!(
            v,
            json!([false, true]),
            "no agent button at a kiosk, and no confirmation without an explanation"
        );
        app.wait_for_css("#presenter #present-end-and-clear").await?;
        app.screenshot("presenter-kiosk").await;
        Ok(())
    })
    .await
}
