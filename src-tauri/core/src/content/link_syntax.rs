//! What `check-content` says about links beyond whether their target exists: an external link
//! (the app never opens one: it works offline, and a kiosk never leaves it), and link or image
//! syntax that pulldown-cmark could not read and therefore shows to the client as typed.

/// The warning for a link to `dest` outside the app (`http:`, `https:`, `mailto:`, `tel:` ...),
/// or `None` for an in-app `clause:`/`term:` link or a relative one.
pub fn external(dest: &str) -> Option<String> {
    let scheme = dest.split_once(':').map(|(s, _)| s)?;
    let is_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme || matches!(scheme, "clause" | "term") {
        return None;
    }
    let shown: String = dest.chars().take(60).collect();
    Some(format!(
        "external link to `{shown}`: the app never opens it (it works offline, and a kiosk \
         never leaves it); it is shown as plain text. Link to a `clause:` or `term:` instead, \
         or write the address as text"
    ))
}

/// The warning for a run of literal text (what pulldown-cmark did not take as markup) that
/// holds link or image syntax it could not read, or `None`.
pub fn literal(text: &str) -> Option<&'static str> {
    if text.contains("![") {
        return Some(
            "image syntax `![...]` without a readable target `(...)` is shown to the client as \
             typed; images are not shown anyway: write the description as text",
        );
    }
    if text.contains("](") {
        return Some(
            "link syntax `[text](` is not closed with `)` on the same line (or the target has a \
             space), so it is shown to the client as typed: write `[text](clause:<id>)`",
        );
    }
    if text.contains("][") {
        return Some(
            "`[text][name]` refers to no link definition, so it is shown to the client as typed: \
             write `[text](clause:<id>)`",
        );
    }
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            break;
        };
        let inside = &after[..close];
        let next = after[close + 1..].trim_start();
        if next.starts_with('(') {
            return Some(
                "a space between `]` and `(` breaks the link, so it is shown to the client as \
                 typed: write `[text](target)`",
            );
        }
        if ["clause:", "term:", "://", "mailto:"]
            .iter()
            .any(|s| inside.contains(s))
        {
            return Some(
                "`[...]` holds a link target but is not a link, so it is shown to the client as \
                 typed: write `[text](target)`",
            );
        }
        rest = &after[close + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_but_the_apps_own_is_external() {
        for dest in [
            "https://example.com",
            "http://a.example/x",
            "mailto:help@example.com",
            "tel:95500",
            "ftp://files.example",
            "javascript:alert(1)",
        ] {
            assert!(external(dest).is_some(), "{dest}");
        }
        for dest in [
            "clause:demo",
            "term:waiting-period",
            "other-page",
            "#top",
            "",
        ] {
            assert_eq!(external(dest), None, "{dest}");
        }
    }

    #[test]
    fn literal_link_syntax_is_found_and_ordinary_brackets_are_not() {
        for text in [
            "see [text](clause:demo",
            "![alt]",
            "![alt] (x.png)",
            "[exclusions][excl]",
            "[exclusions] (clause:demo)",
            "[clause:demo]",
            "[https://example.com]",
        ] {
            assert!(literal(text).is_some(), "{text}");
        }
        for text in [
            "[1] the first note",
            "a [note] here",
            "5 [sic]",
            "价格[含税]",
            "",
        ] {
            assert_eq!(literal(text), None, "{text}");
        }
    }
}
