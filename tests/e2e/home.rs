//! The home screen: products from the content directory, and the language switch.

use presale_tests::{with_app, workspace_root, Options, Result};

/// Product names as the content files give them, per language (`zh` or `en`).
fn product_names(lang: &str) -> Vec<String> {
    let products = workspace_root().join("content/products");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&products).expect("content/products exists") {
        let file = entry
            .expect("readable dir")
            .path()
            .join(format!("product.{lang}.md"));
        let text = std::fs::read_to_string(&file).expect("product file readable");
        let name = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("name = "))
            .unwrap_or_else(|| panic!("{} has a name", file.display()));
        names.push(name.trim_matches('"').to_string());
    }
    names.sort();
    names
}

#[tokio::test(flavor = "current_thread")]
async fn home_lists_every_product_in_the_content() -> Result {
    with_app("home", Options::default(), async |app| {
        app.wait_for_css(".product-card").await?;
        for name in product_names("zh") {
            app.wait_for_text(&name).await?;
        }
        let cards = app
            .js("return document.querySelectorAll('.product-card').length")
            .await?;
        assert_eq!(
            cards.as_u64(),
            Some(product_names("zh").len() as u64),
            "one card per product folder"
        );
        app.screenshot("zh").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn language_switch_changes_the_labels_and_survives_a_restart() -> Result {
    let data = tempfile::tempdir()?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        ..Options::default()
    };
    with_app("language", options.clone(), async |app| {
        app.wait_for_text("我们的产品").await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Our products").await?;
        let text = app.visible_text().await?;
        assert!(
            !text.contains("我们的产品"),
            "no Chinese heading left after switching: {text}"
        );
        for name in product_names("en") {
            app.wait_for_text(&name).await?;
        }
        let lang = app.js("return document.documentElement.lang").await?;
        assert_eq!(
            lang.as_str(),
            Some("en"),
            "the page language follows the switch"
        );
        app.screenshot("en").await;
        Ok(())
    })
    .await?;
    with_app("language-restart", options, async |app| {
        app.wait_for_text("Our products").await?;
        Ok(())
    })
    .await
}
