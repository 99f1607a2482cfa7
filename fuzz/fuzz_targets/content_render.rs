//! Fuzz target: any markdown renders without a panic, and no tag of the sanitised HTML is a
//! script, a style, a frame or an embed, nor carries an event handler, a style or a
//! `javascript:` / `data:` URL. (Text is escaped by the sanitiser, so every `<` left is a tag.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use presale_core::content::render::{render, Known};

const FORBIDDEN_TAGS: [&str; 7] = [
    "script", "style", "iframe", "frame", "object", "embed", "form",
];

/// The tags of `html`, lower-cased, without their angle brackets.
fn tags(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag.to_lowercase()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let html = render(markdown, 1, &Known::anything()).html;
    for tag in tags(&html) {
        let tag = tag.trim_start_matches('/');
        let name = tag.split_whitespace().next().unwrap_or_default();
        assert!(!FORBIDDEN_TAGS.contains(&name), "<{tag}> in: {html}");
        for attr in tag.split_whitespace().skip(1) {
            let (key, value) = attr.split_once('=').unwrap_or((attr, ""));
            let value = value.trim_matches('"');
            assert!(
                !key.starts_with("on") && key != "style",
                "attribute `{key}` in: {html}"
            );
            assert!(
                !value.starts_with("javascript:") && !value.starts_with("data:"),
                "URL `{value}` in: {html}"
            );
        }
    }
});
