//! The window fits the screen (issue 15): the app bar takes at most a fifth of the window's height
//! at 1280x800 and 1024x768, in either language, normal and large type (two rows: the display menu folds large type and high contrast beside the
//! language switch), and no main screen scrolls sideways at 1024x768, in either language at
//! either type size.

use crate::a11y::{
    fast_fail, first_ids, open, overflow, routes, seed, set_mode, snap, AGENT_SCREENS,
};
use presale_tests::{App, Options, Result};

/// The window sizes the bar is measured at, with a fifth of each one's height.
const WINDOWS: &[(u32, u32)] = &[(1280, 800), (1024, 768)];

/// The main screens checked at 1024x768 (names from `a11y::AGENT_SCREENS`).
const MAIN: &[&str] = &[
    "home",
    "catalogue",
    "product",
    "clause",
    "presenter",
    "presenter-consultation",
    "consult",
    "consult-finish",
    "questionnaire",
    "result",
    "records",
    "record",
    "search",
];

const SIZES: &[(&str, &str)] = &[
    ("zh-CN", "normal"),
    ("zh-CN", "large"),
    ("en", "normal"),
    ("en", "large"),
];

async fn bar_height(app: &App) -> Result<f64> {
    let h = app
        .js("return document.getElementById('app-bar').getBoundingClientRect().height")
        .await?;
    h.as_f64()
        .ok_or_else(|| format!("no app bar height: {h}").into())
}

/// Turns large type on through the display menu, as a person would: open it, press the toggle.
async fn large_type_from_the_menu(app: &App) -> Result {
    app.click("#display-menu summary").await?;
    app.click("#toggle-size").await?;
    let size = app
        .js("return document.documentElement.dataset.size")
        .await?;
    assert_eq!(size, "large", "the toggle in the menu sets large type");
    let state = app
        .js("return [document.getElementById('display-menu').open, document.getElementById('toggle-size').getAttribute('aria-pressed')]")
        .await?;
    assert_eq!(
        state,
        serde_json::json!([true, "true"]),
        "the menu stays open and shows the toggle pressed"
    );
    snap("fit-display-menu-open");
    app.js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })); return null")
        .await?;
    let open = app
        .js("return document.getElementById('display-menu').open")
        .await?;
    assert_eq!(open.as_bool(), Some(false), "Escape closes the menu");
    Ok(())
}

/// The app bar's height in every window size, language and type size; what is over a fifth of
/// the window's height (`who`: "agent" or "kiosk", for the log and the screenshots' names).
async fn bars_over_a_fifth(app: &App, who: &str) -> Result<Vec<String>> {
    let mut report = Vec::new();
    for &(w, ht) in WINDOWS {
        app.client.set_window_rect(0, 0, w, ht).await?;
        let max = f64::from(ht) / 5.0;
        for &(lang, size) in SIZES {
            set_mode(app, lang, size, "normal").await?;
            open(app, "/").await?;
            let h = bar_height(app).await?;
            eprintln!("fit: {who} bar {w}x{ht} {lang} {size}: {h} px");
            snap(&format!("fit-bar-{who}-{w}-{lang}-{size}"));
            if h > max {
                report.push(format!("{w}x{ht} {lang} {size}: {h} px, more than {max}"));
            }
        }
    }
    Ok(report)
}

#[tokio::test(flavor = "current_thread")]
async fn the_agents_app_bar_takes_at_most_a_fifth_of_the_height_in_large_type() -> Result {
    let app = App::start("fit-bar", Options::default()).await?;
    let outcome = async {
        fast_fail(&app).await?;
        open(&app, "/").await?;
        large_type_from_the_menu(&app).await?;
        let report = bars_over_a_fifth(&app, "agent").await?;
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("the app bar is taller than a fifth of the window: {report:?}").into())
        }
    }
    .await;
    app.stop().await;
    outcome
}

#[tokio::test(flavor = "current_thread")]
async fn the_kiosks_app_bar_takes_at_most_a_fifth_of_the_height_in_large_type() -> Result {
    let kiosk = Options {
        kiosk: true,
        ..Options::default()
    };
    let app = App::start("fit-bar-kiosk", kiosk).await?;
    let outcome = async {
        app.click("#start").await?;
        fast_fail(&app).await?;
        // With a visit started the bar holds both of the kiosk's buttons.
        app.wait_for_css("#end-and-clear").await?;
        let report = bars_over_a_fifth(&app, "kiosk").await?;
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("the kiosk bar is taller than a fifth of the window: {report:?}").into())
        }
    }
    .await;
    app.stop().await;
    outcome
}

#[tokio::test(flavor = "current_thread")]
async fn no_main_screen_scrolls_sideways_at_1024x768() -> Result {
    let app = App::start("fit-1024", Options::default()).await?;
    let outcome = async {
        app.client.set_window_rect(0, 0, 1024, 768).await?;
        fast_fail(&app).await?;
        let width = app.js("return window.innerWidth").await?;
        assert!(
            width.as_f64().is_some_and(|w| w <= 1024.0),
            "the window is 1024 px wide: {width}"
        );
        let routes = routes();
        let mut ids = first_ids(&app).await?;
        seed(&app, &mut ids).await?;
        let mut failures = Vec::new();
        let mut checked = 0;
        for &(lang, size) in SIZES {
            open(&app, "/").await?;
            set_mode(&app, lang, size, "normal").await?;
            for screen in AGENT_SCREENS.iter().filter(|s| MAIN.contains(&s.name)) {
                let Some(path) = (screen.path)(&ids).filter(|_| routes.contains(screen.pattern))
                else {
                    failures.push(format!("{}: no route or nothing to open", screen.name));
                    continue;
                };
                let label = format!("{}-{lang}-{size}", screen.name);
                match open(&app, &path).await {
                    Ok(()) => match overflow(&app).await? {
                        Some(what) => failures.push(format!("{label}: wider than 1024 px: {what}")),
                        None => checked += 1,
                    },
                    Err(e) => failures.push(format!("{label}: {e}")),
                }
                snap(&format!("fit-1024-{label}"));
            }
        }
        eprintln!("fit: {checked} screens fit 1024x768");
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures.join("\n").into())
        }
    }
    .await;
    app.stop().await;
    outcome
}
