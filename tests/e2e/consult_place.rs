//! The consultation is a place (issue 15): its bar (client, number, steps) on every screen the
//! flow opens, each of which returns to the flow; the 咨询 tab resuming at the step the agent was
//! on (and, in a fresh window, at the first step not done); and presenting at the pace of a
//! conversation: the explain and confirm controls in view without scrolling at 1280x800 and
//! 1024x768, and the actions one product's clauses take, counted and bounded.

use crate::boundaries::consultation_with_client;
use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";

async fn go(app: &App, route: &str) -> Result {
    app.js(&format!("location.hash = '#{route}'; return null"))
        .await?;
    Ok(())
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

async fn hash(app: &App) -> Result<String> {
    Ok(app
        .js("return location.hash")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// The bar is on the screen and names `client` (or says no client is chosen, for None).
async fn bar_names(app: &App, screen: &str, client: Option<&str>) -> Result {
    let who = app.wait_for_css("#consult-bar #consult-bar-client").await?;
    let text = who.text().await?;
    match client {
        Some(name) => assert_eq!(text, name, "{screen}: the bar names the client"),
        None => assert_eq!(
            who.attr("data-client").await?.as_deref(),
            Some("none"),
            "{screen}: the bar says no client is chosen yet, it shows {text:?}"
        ),
    }
    let steps = app
        .js("return document.querySelectorAll('#consult-bar button[data-step]').length")
        .await?;
    assert_eq!(steps, json!(7), "{screen}: the bar shows the seven steps");
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn the_consultation_bar_is_on_every_flow_screen_and_the_tab_resumes_at_the_step() -> Result {
    with_app("consult-place-bar", Options::default(), async |app| {
        // A new consultation resumes at its first step, and says no client is chosen yet.
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-consents").await?;
        assert_eq!(hash(app).await?, "#/consult/consents");
        bar_names(app, "steps", None).await?;
        app.screenshot("steps-no-client-zh").await;

        let id = consultation_with_client(app).await?;
        go(app, "/consult/questionnaire").await?;
        app.wait_for_css("#step-questionnaire").await?;
        bar_names(app, "steps", Some("张伟")).await?;
        app.wait_for_css("#consult-bar button[data-step='consents'].done").await?;
        app.wait_for_css("#consult-bar button[data-step='client'].done").await?;
        let open = app
            .js("return document.querySelector(\"#consult-bar button[data-step='questionnaire']\").classList.contains('done')")
            .await?;
        assert_eq!(open, json!(false), "no answer yet: the questionnaire step is open");
        let number = app.wait_for_css("#consult-bar-number").await?.text().await?;
        assert!(number.contains(&id.to_string()), "the bar shows the consultation's number: {number}");

        // The questionnaire: the bar stays and leads back to the questionnaire step.
        app.click("#open-questionnaire").await?;
        app.wait_for_css(".assess-form").await?;
        bar_names(app, "questionnaire", Some("张伟")).await?;
        app.wait_for_css("#consult-bar-back[data-back-to='questionnaire']").await?;
        app.screenshot("questionnaire-zh").await;
        // The 咨询 tab resumes at the step this screen belongs to.
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-questionnaire").await?;
        assert_eq!(hash(app).await?, "#/consult/questionnaire");

        // The result (here: an answer still missing) keeps the bar and its way back.
        go(app, "/assess/family/result").await?;
        app.wait_for_css(".assess-result").await?;
        bar_names(app, "result", Some("张伟")).await?;
        app.wait_for_css("#consult-bar-back[data-back-to='result']").await?;
        app.screenshot("result-zh").await;
        app.click("#back-to-consultation").await?;
        app.wait_for_css("#step-result").await?;
        assert_eq!(hash(app).await?, "#/consult/result");

        // The presenter inside the consultation: the compact bar, and exit goes to the products step.
        go(app, &format!("/consult/{id}/present/term-life/1")).await?;
        app.wait_for_css("#presenter .presenter-clause").await?;
        bar_names(app, "presenter", Some("张伟")).await?;
        // Its way back is the presenter's own exit, next to it.
        app.wait_for_css("#presenter #present-exit[href='#/consult/products']").await?;
        app.screenshot("presenter-zh").await;
        app.click("#present-exit").await?;
        app.wait_for_css("#step-products").await?;
        assert_eq!(hash(app).await?, "#/consult/products");
        // The products step counts what was presented and resumes at the first clause not shown.
        app.wait_for_css("[data-progress='term-life'][data-shown='1'][data-confirmed='0']").await?;
        app.screenshot("products-progress-zh").await;
        app.click("a[data-present='term-life'][data-resume='2']").await?;
        wait_until(app, &format!("location.hash === '#/consult/{id}/present/term-life/2'")).await?;
        app.click("#present-exit").await?;
        app.wait_for_css("[data-progress='term-life'][data-shown='2']").await?;

        // Steps open in any order from the bar of any flow screen.
        go(app, "/assess/family").await?;
        app.wait_for_css(".assess-form").await?;
        app.click("#consult-bar button[data-step='finish']").await?;
        app.wait_for_css("#step-finish").await?;
        app.click("#consult-bar button[data-step='client']").await?;
        app.wait_for_css("#step-client").await?;

        // Home, then the 咨询 tab: back at the step last visited.
        app.click("a[href='#/']").await?;
        wait_until(app, "location.hash === '#/'").await?;
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-client").await?;
        assert_eq!(hash(app).await?, "#/consult/client");

        // A fresh window knows only what the backend says is done: the first open step.
        app.reload_at("#/").await?;
        app.wait_for_css("a[href='#/consult']").await?;
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-questionnaire").await?;
        assert_eq!(hash(app).await?, "#/consult/questionnaire");

        // English: the same bar, in English words.
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Consultation").await?;
        bar_names(app, "steps (en)", Some("张伟")).await?;
        app.wait_for_text("Questionnaire").await?;
        app.screenshot("steps-en").await;
        go(app, "/assess/family/result").await?;
        app.wait_for_css("#back-to-consultation").await?;
        app.wait_for_text("Back to “Needs result”").await?;
        app.screenshot("result-en").await;

        // 1024x768 in large type, both languages: the bar stays a modest band, nothing overflows.
        app.client.set_window_rect(0, 0, 1024, 768).await?;
        app.js("document.documentElement.dataset.size = 'large'; return null").await?;
        for lang in ["en", "zh-CN"] {
            app.click(&format!("button[data-lang='{lang}']")).await?;
            for (route, screen) in [("/consult/products", "#step-products"), ("/assess/family/result", ".assess-result")] {
                go(app, route).await?;
                app.wait_for_css(screen).await?;
                app.wait_for_css("#consult-bar").await?;
                let fit = app
                    .js("const b = document.getElementById('consult-bar').getBoundingClientRect();
                         return [b.height <= window.innerHeight / 4, document.documentElement.scrollWidth <= window.innerWidth, Math.round(b.height), window.innerHeight]")
                    .await?;
                assert_eq!((&fit[0], &fit[1]), (&json!(true), &json!(true)), "{route} in {lang}: the bar's height, the width: {fit}");
                app.screenshot(&format!("large-1024-{}-{lang}", screen.trim_start_matches(['#', '.']))).await;
            }
        }
        Ok(())
    })
    .await
}

/// Whether the element matching `css` lies wholly inside the window, with nothing scrolled.
async fn in_view(app: &App, css: &str) -> Result<Value> {
    app.js(&format!(
        "const el = document.querySelector({css:?});
         if (!el) return 'missing';
         const r = el.getBoundingClientRect();
         const stage = document.querySelector('.presenter-stage');
         // Nothing covers it: the point at its centre belongs to it (or to its label).
         const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
         const own = hit && (el.contains(hit) || (el.labels && [...el.labels].some((l) => l.contains(hit))));
         if (!own) return `covered by ${{hit ? hit.outerHTML.slice(0, 80) : 'nothing'}}`;
         return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight
           && r.right <= window.innerWidth && window.scrollY === 0 && (!stage || stage.scrollTop === 0)
           ? true : `${{r.top}},${{r.bottom}} of ${{window.innerHeight}}, ${{r.left}},${{r.right}} of ${{window.innerWidth}}`"
    ))
    .await
}

/// A key press to whatever has the focus, as a person at the keyboard.
async fn press(app: &App, keys: &str) -> Result {
    app.client.active_element().await?.send_keys(keys).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn one_products_clauses_take_a_bounded_number_of_actions_with_the_controls_in_view() -> Result
{
    with_app("consult-place-present", Options::default(), async |app| {
        let product = "term-life";
        let page = app
            .invoke("get_product", json!({ "id": product }))
            .await?
            .map_err(|e| format!("get_product: {e}"))?;
        let clauses = page["clauses"].as_array().cloned().unwrap_or_default();
        let total = clauses.len();
        let must = clauses.iter().filter(|c| c["must_explain"] == true).count();
        assert!(must > 0, "{product} has clauses that must be explained");
        let id = consultation_with_client(app).await?;
        let size = app.js("return [window.innerWidth, window.innerHeight]").await?;

        // Every action a person takes is counted: each click and each key press.
        let mut actions = 0usize;
        let mut confirmed_here = 0usize;
        go(app, "/consult/products").await?;
        app.click(&format!("a[data-present='{product}']")).await?;
        actions += 1;
        for (i, clause) in clauses.iter().enumerate() {
            let cid = clause["id"].as_str().ok_or("a clause id")?;
            app.wait_for_css(&format!("#presenter [data-clause='{cid}']")).await?;
            if clause["must_explain"] == true {
                app.wait_for_css("#explain").await?;
                assert_eq!(in_view(app, "#explain").await?, json!(true), "{cid}: explain in view at {size}");
                assert_eq!(in_view(app, "#ack-check").await?, json!(true), "{cid}: the client's box in view at {size}");
                let early = app.js("const c = document.getElementById('ack-check'); return [c.disabled, c.checked]").await?;
                assert_eq!(early, json!([true, false]), "{cid}: nothing to tick before the explanation");
                if confirmed_here == 0 {
                    app.screenshot("explain-zh").await;
                }
                press(app, ENTER).await?; // the agent: explained
                actions += 1;
                app.wait_for_css("#explained-at").await?;
                let ready = app.js("const c = document.getElementById('ack-check'); return [c.disabled, c.checked]").await?;
                assert_eq!(ready, json!([false, false]), "{cid}: explaining does not tick the client's box");
                assert_eq!(in_view(app, "#ack-check").await?, json!(true), "{cid}: the client's box in view at {size}");
                app.click("#ack-check").await?; // the client's own tick is the confirmation
                actions += 1;
                app.wait_for_css("#acknowledged-at").await?;
                assert_eq!(in_view(app, "#present-next").await?, json!(true), "{cid}: next in view");
                if confirmed_here == 0 {
                    app.screenshot("confirmed-zh").await;
                }
                confirmed_here += 1;
            }
            press(app, SPACE).await?;
            actions += 1;
            wait_until(app, &format!("location.hash.endsWith('/{}')", i + 2)).await?;
        }
        app.wait_for_css("#summary-verdict[data-complete='true']").await?;
        app.click("#present-done").await?;
        actions += 1;
        app.wait_for_css(&format!(
            "#step-products [data-progress='{product}'][data-shown='{total}'][data-confirmed='{must}']"
        ))
        .await?;

        // Every explicit clause is confirmed in the record.
        let scope = app
            .invoke("clause_states", json!({ "consultationId": id }))
            .await?
            .map_err(|e| format!("clause_states: {e}"))?;
        let confirmed = scope["states"]
            .as_array()
            .map(|s| s.iter().filter(|s| s["must_explain"] == true && !s["acknowledged_at"].is_null()).count())
            .unwrap_or_default();
        assert_eq!(confirmed, must, "every clause that must be explained is confirmed");
        // Open, then per clause one step on, and two actions per explicit one, then back.
        let bound = 1 + total + 2 * must + 1;
        println!("presenting {product}: {total} clauses, {must} to explain and confirm, {actions} actions (bound {bound})");
        assert!(actions <= bound, "{actions} actions for {product}, more than {bound}");

        // 1024x768, large type, both languages: the controls stay in view without scrolling.
        app.client.set_window_rect(0, 0, 1024, 768).await?;
        app.js("document.documentElement.dataset.size = 'large'; return null").await?;
        let ci = app
            .invoke("get_product", json!({ "id": "critical-illness" }))
            .await?
            .map_err(|e| format!("get_product: {e}"))?;
        let at = ci["clauses"]
            .as_array()
            .and_then(|c| c.iter().position(|c| c["must_explain"] == true))
            .ok_or("critical illness has a clause to explain")?
            + 1;
        for lang in ["zh-CN", "en"] {
            if lang == "en" {
                app.click("#presenter [data-present-lang='en']").await?;
                app.wait_for_text("Exit presentation").await?;
            } else {
                go(app, &format!("/consult/{id}/present/critical-illness/{at}")).await?;
            }
            app.wait_for_css("#explain").await?;
            let size = app.js("return [window.innerWidth, window.innerHeight]").await?;
            for css in ["#explain", "#ack-check", "#present-next", "#present-prev", "#consult-bar"] {
                assert_eq!(in_view(app, css).await?, json!(true), "{css} in view at {size}, large type, {lang}");
            }
            let wide = app.js("return document.documentElement.scrollWidth <= window.innerWidth").await?;
            assert_eq!(wide, json!(true), "nothing wider than the window at {size}, {lang}");
            app.screenshot(&format!("large-1024-{lang}")).await;
        }
        Ok(())
    })
    .await
}
