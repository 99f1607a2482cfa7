//! Property tests of the content parser (front matter, sections, markdown rendering) on any
//! input: it never panics, every problem it reports points at a line of the file, and the HTML
//! it renders holds only the elements, attributes and classes of the allow-list below, written
//! here independently of the sanitiser so that a change to either is caught. See tests/README.md.

use super::frontmatter::{split, Fields};
use super::render::{render, Known};
use super::sections;
use super::Library;
use proptest::prelude::*;

/// `n` cases, or `PROPTEST_CASES` for a longer run.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}
use std::path::Path;

/// Element -> the attributes it may carry (`class` only with the listed values).
const ALLOWED: &[(&str, &[&str], &[&str])] = &[
    ("a", &["href", "data-clause", "class"], &["clause-link"]),
    ("button", &["type", "data-term", "class"], &["term"]),
    ("ol", &["start"], &[]),
    ("sup", &["class"], &["footnote-ref"]),
    ("div", &["class"], &["footnote"]),
];
const PLAIN: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Every element of `html` and its attributes, or what is not allowed.
fn outside_allow_list(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>')?;
        let tag = after[..close].trim_start_matches('/').trim_end_matches('/');
        rest = &after[close + 1..];
        let mut parts = tag.splitn(2, char::is_whitespace);
        let name = parts.next().unwrap_or_default();
        let attrs = parts.next().unwrap_or_default();
        let (allowed_attrs, classes): (&[&str], &[&str]) = if PLAIN.contains(&name) {
            (&[], &[])
        } else if let Some((_, a, c)) = ALLOWED.iter().find(|(n, _, _)| *n == name) {
            (a, c)
        } else {
            return Some(format!("element `{name}` in {html}"));
        };
        // Attributes are `name="value"`; values are ids, digits or class names.
        for attr in attrs.split('"').step_by(2) {
            let attr = attr.trim().trim_end_matches('=');
            if attr.is_empty() {
                continue;
            }
            if !allowed_attrs.contains(&attr) {
                return Some(format!("attribute `{attr}` on `{name}` in {html}"));
            }
        }
        if let Some(i) = attrs.find("class=\"") {
            let value = &attrs[i + 7..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            if value.split_whitespace().any(|c| !classes.contains(&c)) {
                return Some(format!("class `{value}` on `{name}` in {html}"));
            }
        }
        if attrs.to_ascii_lowercase().contains("javascript:") {
            return Some(format!("a script URL in {html}"));
        }
    }
    None
}

/// Markdown and front matter pieces that exercise every path, mixed with arbitrary text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++\n".to_string()),
        Just("id = \"demo-coverage\"\n".to_string()),
        Just("title = \"保险责任\"\ncategory = \"coverage\"\n".to_string()),
        Just("terms = [\"waiting-period\"]\n".to_string()),
        Just("::: legal\n".to_string()),
        Just("::: plain\n".to_string()),
        Just("::: exampel\n".to_string()),
        Just(":::\n".to_string()),
        Just("\n".to_string()),
        Just("[a](clause:demo-exclusions)".to_string()),
        Just("[b](term:waiting-period)".to_string()),
        Just("[c](javascript:alert(1))".to_string()),
        Just("[d](https://example.com/\"onmouseover=x)".to_string()),
        Just("<https://a.example>".to_string()),
        Just("![i](data:image/png;base64,AA)".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<a href=\"#/clause/x\" onclick=\"y\">z</a>".to_string()),
        Just("**强调** _e_ ~~del~~ `code`".to_string()),
        Just("| a | b |\n| - | - |\n| 1 | 2 |\n".to_string()),
        Just("[^1]\n\n[^1]: 注释\n".to_string()),
        Just("1. one\n2. two\n".to_string()),
        Just("> quote\n".to_string()),
        Just("```\n<b>x</b>\n```\n".to_string()),
        Just("[x](".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        ".{0,12}",
        "[\\PC\\n]{0,30}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn lines(text: &str) -> usize {
    text.lines().count().max(1) + 1
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn rendering_any_markdown_stays_inside_the_allow_list(md in document()) {
        let r = render(&md, 1, &Known::anything());
        prop_assert_eq!(outside_allow_list(&r.html), None);
        for (_, line, _) in &r.problems {
            prop_assert!((1..=lines(&md)).contains(line), "line {} of {:?}", line, md);
        }
    }

    #[test]
    fn front_matter_and_sections_of_any_file_never_panic_and_point_at_its_lines(
        text in document()
    ) {
        let max = lines(&text);
        if let Ok(s) = split(&text) {
            let (body, body_line) = (s.body, s.body_line);
            if let Ok(fields) = Fields::parse(Path::new("x.zh.md"), s, &["id", "title", "category"]) {
                for p in &fields.problems {
                    prop_assert!(p.line.map_or(true, |l| (1..=max).contains(&l)), "{}", p);
                }
            }
            let (found, problems) = sections::parse(body, body_line);
            for (line, _) in &problems {
                prop_assert!((1..=max).contains(line), "line {} of {:?}", line, text);
            }
            for section in found {
                let r = render(section.source, section.first_line, &Known::anything());
                prop_assert_eq!(outside_allow_list(&r.html), None);
                for (_, line, _) in &r.problems {
                    prop_assert!((1..=max).contains(line), "line {} of {:?}", line, text);
                }
            }
        }
    }
}

proptest! {
    // Each case copies and loads a content tree: fewer cases.
    #![proptest_config(cases(24))]

    #[test]
    fn loading_a_tree_with_any_clause_file_never_panics(text in document()) {
        let dir = tempfile::tempdir().unwrap();
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
        super::tests::copy_tree(&base, dir.path());
        std::fs::write(dir.path().join("products/demo/clauses/demo-coverage.zh.md"), &text).unwrap();
        let (library, problems) = Library::load(dir.path());
        prop_assert!(library.file_count() > 0);
        for p in &problems {
            if p.path.ends_with("demo-coverage.zh.md") {
                prop_assert!(p.line.map_or(true, |l| (1..=lines(&text)).contains(&l)), "{}", p);
            }
        }
    }
}

#[test]
fn the_allow_list_check_itself_catches_what_it_must() {
    assert_eq!(
        outside_allow_list("<p>a <strong>b</strong></p><ol start=\"3\"><li>x</li></ol>"),
        None
    );
    assert!(outside_allow_list("<img src=\"x\">").is_some());
    assert!(outside_allow_list("<a href=\"#/clause/x\" onclick=\"y\">z</a>").is_some());
    assert!(outside_allow_list("<a class=\"evil\">z</a>").is_some());
    assert!(outside_allow_list("<p style=\"x\">z</p>").is_some());
    assert_eq!(
        outside_allow_list(
            "<a class=\"clause-link\" data-clause=\"x\" href=\"#/clause/x\">y</a>\
             <button type=\"button\" class=\"term\" data-term=\"t\">t</button>"
        ),
        None
    );
}

/// A clause file may be up to 1 MiB: deep nesting must render, in bounded time.
#[test]
fn pathological_nesting_within_the_file_size_limit_renders() {
    let n = 50_000;
    for md in [
        ">".repeat(n),
        "- ".repeat(n),
        "[".repeat(n),
        "*".repeat(n),
        format!("{}x{}", "**".repeat(n / 2), "**".repeat(n / 2)),
        "<div>".repeat(n),
        "1. ".repeat(n),
        format!("{}a{}", "[".repeat(n / 2), "](clause:x)".repeat(n / 2)),
    ] {
        let t = std::time::Instant::now();
        let r = render(&md, 1, &Known::anything());
        assert_eq!(outside_allow_list(&r.html), None);
        // Seconds in a debug build when it was quadratic: 15 s for the quotes, 89 s for `1. `.
        assert!(
            t.elapsed() < std::time::Duration::from_secs(3),
            "{:?}...: {:?}",
            &md[..6],
            t.elapsed()
        );
    }
}

#[test]
fn quotes_nested_deeper_than_twelve_are_shown_flat_with_a_warning() {
    let r = render(&format!("{} deep", ">".repeat(20)), 3, &Known::anything());
    assert_eq!(r.html.matches("<blockquote>").count(), 12, "{}", r.html);
    assert_eq!(
        r.html.matches("<blockquote>").count(),
        r.html.matches("</blockquote>").count()
    );
    assert!(r.html.contains("deep"), "the text stays");
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].1, 3);
    let shallow = render("> a\n>\n> > b\n\n- x\n  - y", 1, &Known::anything());
    assert!(shallow.problems.is_empty(), "{:?}", shallow.problems);
}
