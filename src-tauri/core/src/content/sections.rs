//! Clause bodies: named sections, each opened by a line `::: <name>` and closed by a line `:::`.

/// The section names a clause may use, in reading order.
pub const NAMES: [&str; 4] = ["legal", "plain", "example", "consequence"];

/// One section as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSection<'a> {
    pub name: &'static str,
    /// The markdown between the opening and closing lines.
    pub source: &'a str,
    /// The 1-based line of the source's first line.
    pub first_line: usize,
    /// The line of `::: <name>`.
    pub open_line: usize,
}

/// The sections of a body, and `(line, message)` for everything wrong with their layout.
pub fn parse(body: &str, body_line: usize) -> (Vec<RawSection<'_>>, Vec<(usize, String)>) {
    let mut sections: Vec<RawSection<'_>> = Vec::new();
    let mut problems = Vec::new();
    // The open section: its name (None for an unknown one, whose text is dropped), open line and
    // the byte offset where its source starts.
    let mut open: Option<(Option<&'static str>, usize, usize)> = None;
    let mut stray_reported = false;
    let mut offset = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let line_no = body_line + i;
        let next = offset + line.len();
        let t = line.trim();
        if t == ":::" {
            match open.take() {
                Some(o) => close(body, o, offset, &mut sections, &mut problems),
                None => problems.push((
                    line_no,
                    "this `:::` closes no section; remove it or add a `::: <name>` line above"
                        .to_string(),
                )),
            }
        } else if let Some(rest) = t.strip_prefix(":::") {
            let name = rest.trim();
            if let Some((prev, prev_line, _)) = open {
                problems.push((
                    prev_line,
                    format!(
                        "section `{}` is not closed before line {line_no}; add a line `:::` \
                         after its text",
                        prev.unwrap_or(name)
                    ),
                ));
                if let Some(o) = open.take() {
                    close(body, o, offset, &mut sections, &mut problems);
                }
            }
            let known = NAMES.iter().copied().find(|n| *n == name);
            if known.is_none() {
                let hint = match super::frontmatter::closest(name, &NAMES) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => {
                        "the sections are `legal`, `plain`, `example` and `consequence`".to_string()
                    }
                };
                problems.push((line_no, format!("unknown section `{name}`; {hint}")));
            }
            open = Some((known, line_no, next));
        } else if open.is_none() && !t.is_empty() && !stray_reported {
            problems.push((
                line_no,
                "text outside a section is not shown; put it between `::: <name>` and `:::` lines"
                    .to_string(),
            ));
            stray_reported = true;
        }
        offset = next;
    }
    if let Some((name, line, start)) = open {
        problems.push((
            line,
            format!(
                "section `{}` is never closed; add a line `:::` after its text",
                name.unwrap_or("?")
            ),
        ));
        close(
            body,
            (name, line, start),
            body.len(),
            &mut sections,
            &mut problems,
        );
    }
    (sections, problems)
}

/// Ends the open section at byte `end`, keeping it unless its name is unknown or taken.
fn close<'a>(
    body: &'a str,
    open: (Option<&'static str>, usize, usize),
    end: usize,
    sections: &mut Vec<RawSection<'a>>,
    problems: &mut Vec<(usize, String)>,
) {
    let (name, open_line, start) = open;
    let Some(name) = name else { return };
    if let Some(first) = sections.iter().find(|s| s.name == name) {
        problems.push((
            open_line,
            format!(
                "section `{name}` appears twice (first on line {}); merge them into one",
                first.open_line
            ),
        ));
        return;
    }
    sections.push(RawSection {
        name,
        source: &body[start..end],
        first_line: open_line + 1,
        open_line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_sections_with_their_lines() {
        let body = "\n::: legal\nLaw.\n:::\n\n::: plain\nPlain.\n:::\n";
        let (s, p) = parse(body, 7);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].name, s[0].source, s[0].first_line),
            ("legal", "Law.\n", 9)
        );
        assert_eq!(
            (s[1].name, s[1].source, s[1].first_line),
            ("plain", "Plain.\n", 13)
        );
    }

    #[test]
    fn reports_an_unclosed_section_and_keeps_its_text() {
        let (s, p) = parse("::: legal\nLaw.\n", 1);
        assert_eq!(s[0].source, "Law.\n", "the text is still shown");
        assert_eq!(p[0].0, 1);
        assert!(p[0].1.contains("never closed"), "{p:?}");
    }

    #[test]
    fn reports_unknown_duplicate_and_stray_text() {
        let body = "Hello\n::: legl\nx\n:::\n::: plain\na\n:::\n::: plain\nb\n:::\n";
        let (s, p) = parse(body, 1);
        assert_eq!(s.len(), 1, "only the first plain is kept");
        let msgs: Vec<String> = p.iter().map(|(l, m)| format!("{l}: {m}")).collect();
        assert!(msgs[0].starts_with("1: text outside"), "{msgs:?}");
        assert!(
            msgs[1].starts_with("2: unknown section `legl`; did you mean `legal`?"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].starts_with("8: section `plain` appears twice"),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_new_section_closes_an_unclosed_one() {
        let (s, p) = parse("::: legal\nLaw.\n::: plain\nPlain.\n:::\n", 1);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].source, "Law.\n");
        assert!(p[0].1.contains("not closed before line 3"), "{p:?}");
    }
}
