//! Markdown to HTML that is safe to put in the window: pulldown-cmark with an explicit option list,
//! our own handling of links, footnotes and raw HTML, then ammonia with an explicit allow-list.
//!
//! The markdown pass already drops raw HTML and every link that is not `clause:` or `term:`;
//! ammonia is the second guard, so a mistake in the first cannot put a script, an event handler,
//! a `javascript:`/`data:` URL, an iframe or a style attribute in front of a client.

use super::frontmatter::{is_valid_id, line_at};
use super::link_syntax;
use crate::problem::Severity;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The markdown features content may use, chosen explicitly so an upgrade cannot switch on more.
pub fn options() -> Options {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_FOOTNOTES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o
}

/// How deep block quotes and lists may nest before the deeper ones are shown flat.
const MAX_NESTING: usize = 12;

/// Which link targets exist, so a link to nothing is reported and shown as plain text.
pub struct Known<'a> {
    pub clause: &'a (dyn Fn(&str) -> bool + Sync),
    pub term: &'a (dyn Fn(&str) -> bool + Sync),
}

impl Known<'static> {
    /// Every `clause:`/`term:` target exists (for rendering a single snippet or tests).
    pub fn anything() -> Self {
        Known {
            clause: &|_| true,
            term: &|_| true,
        }
    }
}

/// A rendered piece of markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// The visible text, whitespace collapsed: for search and snippets.
    pub text: String,
    /// `(severity, line, message)` for raw HTML, broken links and the like.
    pub problems: Vec<(Severity, usize, String)>,
}

/// How a link in the markdown ends up in the HTML.
enum Open {
    /// Written as our own element; the closing tag to emit at the link's end.
    Element(&'static str),
    /// Shown as its text only; for web links the address follows in brackets.
    TextOnly { url: Option<String>, text: String },
}

/// Renders `markdown`, whose first line is line `first_line` of its file.
pub fn render(markdown: &str, first_line: usize, known: &Known<'_>) -> Rendered {
    let mut problems = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut text = String::new();
    let mut links: Vec<Open> = Vec::new();
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut raw_html_lines = HashSet::new();
    let number = |name: &str, footnotes: &mut HashMap<String, usize>| {
        let next = footnotes.len() + 1;
        *footnotes.entry(name.to_string()).or_insert(next)
    };
    let line = |offset: usize| line_at(markdown, offset, first_line);

    // Consecutive literal text (pulldown-cmark splits it at brackets it could not read), checked
    // for link syntax shown as typed when the run ends.
    let mut literal: Option<(usize, String)> = None;
    let check_literal = |run: Option<(usize, String)>, problems: &mut Vec<_>| {
        if let Some(warning) = run.and_then(|(at, s)| link_syntax::literal(&s).map(|w| (at, w))) {
            problems.push((Severity::Warning, line(warning.0), warning.1.to_string()));
        }
    };

    // Quotes and lists nested deeper than MAX_NESTING are flattened: the sanitiser's HTML parser
    // takes quadratic time in the depth (50,000 nested `1. ` took minutes), and no clause needs
    // more. A stack of whether each open container was kept, and how many are.
    let mut containers: Vec<bool> = Vec::new();
    let mut kept = 0;
    let mut flattened = false;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let is_text = matches!(event, Event::Text(_));
        if matches!(
            event,
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
        ) {
            let keep = kept < MAX_NESTING;
            containers.push(keep);
            if keep {
                kept += 1;
            } else {
                if !flattened {
                    problems.push((
                        Severity::Warning,
                        line(range.start),
                        format!(
                            "quotes or lists nest deeper than {MAX_NESTING} levels; the deeper \
                             ones are shown flat"
                        ),
                    ));
                }
                flattened = true;
                continue;
            }
        }
        if matches!(
            event,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
        ) {
            if containers.pop() == Some(false) {
                continue;
            }
            kept -= 1;
        }
        if !is_text {
            check_literal(literal.take(), &mut problems);
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                let l = line(range.start);
                if raw_html_lines.insert(l) {
                    problems.push((
                        Severity::Warning,
                        l,
                        "raw HTML is not allowed and is removed; use markdown instead".to_string(),
                    ));
                }
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                let open = link(&dest_url, known, line(range.start), &mut problems);
                if let Open::Element(_) = open {
                    events.push(Event::Html(CowStr::from(open_tag(&dest_url))));
                }
                links.push(open);
            }
            Event::End(TagEnd::Link) => match links.pop() {
                Some(Open::Element(close)) => events.push(Event::Html(CowStr::from(close))),
                Some(Open::TextOnly {
                    url: Some(url),
                    text: shown,
                }) if url != shown.trim() => {
                    let suffix = format!(" ({url})");
                    text.push_str(&suffix);
                    events.push(Event::Text(CowStr::from(suffix)));
                }
                _ => {}
            },
            Event::Start(Tag::Image { .. }) => problems.push((
                Severity::Warning,
                line(range.start),
                "images are not shown; only their description is".to_string(),
            )),
            Event::End(TagEnd::Image) => {}
            Event::FootnoteReference(name) => {
                let n = number(&name, &mut footnotes);
                events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\">{n}</sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = number(&name, &mut footnotes);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\"><sup class=\"footnote-ref\">{n}</sup>"
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Text(t) | Event::Code(t) => {
                if is_text {
                    literal
                        .get_or_insert((range.start, String::new()))
                        .1
                        .push_str(&t);
                }
                text.push_str(&t);
                if let Some(Open::TextOnly { text: shown, .. }) = links.last_mut() {
                    shown.push_str(&t);
                }
                events.push(Event::Text(t));
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => events.push(event),
            // Block ends and line breaks separate words in the extracted text.
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                text.push(' ');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    check_literal(literal.take(), &mut problems);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html: sanitize(&html),
        text: collapse_whitespace(&text),
        problems,
    }
}

/// Decides what a link becomes, reporting links to nothing.
fn link(
    dest: &str,
    known: &Known<'_>,
    line: usize,
    problems: &mut Vec<(Severity, usize, String)>,
) -> Open {
    if let Some(id) = dest.strip_prefix("clause:") {
        if is_valid_id(id) && (known.clause)(id) {
            return Open::Element("</a>");
        }
        problems.push((
            Severity::Error,
            line,
            format!("link to clause `{id}`, which does not exist; check the clause id"),
        ));
    } else if let Some(id) = dest.strip_prefix("term:") {
        if is_valid_id(id) && (known.term)(id) {
            return Open::Element("</button>");
        }
        problems.push((
            Severity::Error,
            line,
            format!(
                "link to glossary term `{id}`, which does not exist; add glossary/{id}.zh.md and \
                 .en.md or fix the id"
            ),
        ));
    } else if let Some(warning) = link_syntax::external(dest) {
        problems.push((Severity::Warning, line, warning));
        // A web or e-mail address follows the link's text, so the client still sees it.
        let url = if dest.starts_with("https://") || dest.starts_with("http://") {
            Some(dest.to_string())
        } else {
            dest.strip_prefix("mailto:").map(str::to_string)
        };
        return Open::TextOnly {
            url,
            text: String::new(),
        };
    } else {
        let shown: String = dest.chars().take(40).collect();
        problems.push((
            Severity::Warning,
            line,
            format!(
                "link to `{shown}` is shown as plain text; only `clause:<id>` and `term:<id>` \
                 links work in the app"
            ),
        ));
    }
    Open::TextOnly {
        url: None,
        text: String::new(),
    }
}

/// The opening element of a link that `link` accepted (its id is a valid id, so it needs no
/// escaping).
fn open_tag(dest: &str) -> String {
    if let Some(id) = dest.strip_prefix("clause:") {
        format!("<a class=\"clause-link\" data-clause=\"{id}\" href=\"#/clause/{id}\">")
    } else {
        let id = dest.strip_prefix("term:").unwrap_or_default();
        format!("<button type=\"button\" class=\"term\" data-term=\"{id}\">")
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sanitiser, built once: exactly the elements and attributes the renderer produces.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags = [
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
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "button",
        "sup",
        "div",
    ];
    let mut b = ammonia::Builder::empty();
    b.tags(tags.into_iter().collect())
        .clean_content_tags(
            [
                "script", "style", "iframe", "object", "embed", "noscript", "template", "svg",
                "math",
            ]
            .into_iter()
            .collect(),
        )
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "data-clause"])),
            ("button", HashSet::from(["type", "data-term"])),
            ("ol", HashSet::from(["start"])),
        ]))
        .allowed_classes(HashMap::from([
            ("a", HashSet::from(["clause-link"])),
            ("button", HashSet::from(["term"])),
            ("sup", HashSet::from(["footnote-ref"])),
            ("div", HashSet::from(["footnote"])),
        ]))
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            let ok = match (element, attribute) {
                ("a", "href") => value.strip_prefix("#/clause/").is_some_and(is_valid_id),
                ("a", "data-clause") | ("button", "data-term") => is_valid_id(value),
                ("button", "type") => value == "button",
                ("ol", "start") => value.bytes().all(|b| b.is_ascii_digit()),
                _ => true,
            };
            ok.then(|| value.into())
        });
    b
});

/// Cleans HTML with the allow-list.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, 1, &Known::anything()).html
    }

    fn assert_absent(html: &str, needles: &[&str]) {
        let lower = html.to_lowercase();
        for n in needles {
            assert!(
                !lower.contains(n),
                "`{n}` must never reach the window, got: {html}"
            );
        }
    }

    #[test]
    fn renders_tables_footnotes_and_strikethrough() {
        let out = html("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n");
        assert!(
            out.contains("<table>") && out.contains("<td>1</td>"),
            "{out}"
        );
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains("<sup class=\"footnote-ref\">1</sup>"), "{out}");
        assert!(out.contains("<div class=\"footnote\">"), "{out}");
        assert_absent(&out, &["style=", "id=", "href"]);
    }

    #[test]
    fn clause_links_become_in_app_navigation() {
        let out = html("See [exclusions](clause:ci-exclusions).");
        assert!(
            out.contains(
                "<a class=\"clause-link\" data-clause=\"ci-exclusions\" href=\"#/clause/ci-exclusions\">exclusions</a>"
            ),
            "{out}"
        );
    }

    #[test]
    fn term_links_become_keyboard_usable_buttons() {
        let out = html("The [waiting period](term:waiting-period) applies.");
        assert!(
            out.contains(
                "<button type=\"button\" class=\"term\" data-term=\"waiting-period\">waiting period</button>"
            ),
            "{out}"
        );
    }

    #[test]
    fn web_links_become_plain_text_with_their_address() {
        let r = render(
            "Visit [our site](https://example.com/x) or <https://a.example>.",
            1,
            &Known::anything(),
        );
        assert_absent(&r.html, &["<a", "href"]);
        assert!(
            r.html.contains("our site (https://example.com/x)"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("https://a.example."),
            "an autolink is shown once: {}",
            r.html
        );
        assert_eq!(
            r.problems
                .iter()
                .filter(|p| p.0 == Severity::Warning && p.2.starts_with("external link"))
                .count(),
            2,
            "each external link is a warning: {:?}",
            r.problems
        );
    }

    #[test]
    fn strips_scripts_and_reports_raw_html_with_its_line() {
        let r = render(
            "Hi\n\n<script>alert(1)</script>\n\ntext <b onclick=\"x()\">bold</b>\n",
            10,
            &Known::anything(),
        );
        assert_absent(&r.html, &["<script", "alert(1)", "onclick", "<b"]);
        let lines: Vec<usize> = r.problems.iter().map(|p| p.1).collect();
        assert_eq!(
            lines,
            vec![12, 14],
            "one warning per line with raw HTML: {:?}",
            r.problems
        );
        assert!(r.problems.iter().all(|p| p.0 == Severity::Warning));
    }

    #[test]
    fn strips_event_handlers_iframes_and_styles() {
        let out = html(
            "<img src=x onerror=\"alert(1)\">\n\n<iframe src=\"https://evil.example\"></iframe>\n\n\
             <p style=\"color:red\">red</p>\n\n<div onmouseover=\"x\">d</div>",
        );
        assert_absent(
            &out,
            &[
                "onerror",
                "<img",
                "<iframe",
                "evil.example",
                "style",
                "onmouseover",
            ],
        );
    }

    #[test]
    fn link_and_image_syntax_shown_as_typed_is_a_warning_on_its_line() {
        let r = render(
            "Line one.\n\nSee [exclusions](clause:demo\n\n![chart]\n\n[a] (clause:x)\n\n\
             `[code](not a link`\n\nA [note] here, and [x](mailto:a@b.example).",
            1,
            &Known::anything(),
        );
        let lines: Vec<usize> = r
            .problems
            .iter()
            .filter(|p| p.0 == Severity::Warning)
            .map(|p| p.1)
            .collect();
        assert_eq!(lines, [3, 5, 7, 11], "{:?}", r.problems);
        assert!(
            r.problems[0].2.contains("not closed"),
            "{:?}",
            r.problems[0]
        );
        assert!(
            r.problems[1].2.contains("image syntax"),
            "{:?}",
            r.problems[1]
        );
        assert!(
            r.problems[3].2.starts_with("external link to `mailto:"),
            "{:?}",
            r.problems[3]
        );
    }

    #[test]
    fn javascript_and_data_links_never_become_links() {
        let r = render(
            "[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](JaVaScRiPt:x) \
             ![i](data:image/png;base64,AAA)",
            1,
            &Known::anything(),
        );
        assert_absent(&r.html, &["javascript:", "data:", "href", "<img", "<a"]);
        assert!(
            r.html.contains('a') && r.html.contains('b'),
            "the link text stays: {}",
            r.html
        );
        assert!(!r.problems.is_empty(), "odd links are reported");
    }

    #[test]
    fn the_sanitiser_alone_refuses_what_the_renderer_never_makes() {
        let out = sanitize(
            "<a href=\"javascript:alert(1)\" class=\"clause-link\">x</a>\
             <a href=\"#/clause/x\" onclick=\"y\" style=\"a\" class=\"evil\">y</a>\
             <button type=\"submit\" data-term=\"a&quot;b\" formaction=\"z\">t</button>\
             <iframe src=\"data:text/html,x\"></iframe><svg><script>z</script></svg>",
        );
        assert_absent(
            &out,
            &[
                "javascript",
                "onclick",
                "style",
                "evil",
                "submit",
                "formaction",
                "iframe",
                "data:",
                "<script",
                "<svg",
            ],
        );
        assert!(
            out.contains("href=\"#/clause/x\""),
            "an in-app link survives: {out}"
        );
    }

    #[test]
    fn links_to_nothing_are_errors_and_plain_text() {
        let known = Known {
            clause: &|id| id == "a",
            term: &|_| false,
        };
        let r = render(
            "[x](clause:a) [y](clause:b)\n[z](term:q) [w](clause:Bad\"Id)",
            5,
            &known,
        );
        assert!(r.html.contains("data-clause=\"a\""), "{}", r.html);
        assert_absent(&r.html, &["data-clause=\"b\"", "data-term", "bad"]);
        let errors: Vec<(usize, &str)> = r
            .problems
            .iter()
            .filter(|p| p.0 == Severity::Error)
            .map(|p| (p.1, p.2.as_str()))
            .collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(errors[0].0, 5);
        assert!(errors[0].1.contains("clause `b`"), "{errors:?}");
        assert_eq!(errors[1].0, 6, "the term link is on the second line");
    }

    #[test]
    fn extracts_plain_text_for_search() {
        let r = render(
            "# 标题\n\n等待期 **90 天**，[赔付](term:x)。\n\n- a\n- b",
            1,
            &Known::anything(),
        );
        assert_eq!(r.text, "标题 等待期 90 天，赔付。 a b");
    }
}
