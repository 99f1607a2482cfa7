//! Front matter: the TOML between the two `+++` lines at the top of a content file, read into
//! typed values with a problem (and its line) for every unknown, missing or mistyped key.

use crate::problem::Problem;
use std::path::Path;
use toml::{Table, Value};

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub toml: &'a str,
    /// The 1-based line of the TOML's first line.
    pub toml_line: usize,
    /// Everything after the closing `+++` line.
    pub body: &'a str,
    /// The 1-based line of the body's first line.
    pub body_line: usize,
}

/// Cuts a file into front matter and body; `Err((line, message))` when the `+++` lines are
/// missing.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err((
            1,
            "the file must start with front matter between two `+++` lines; did you forget the \
             `+++` line?"
                .to_string(),
        ));
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for (line, l) in (2..).zip(lines) {
        if l.trim_end() == "+++" {
            return Ok(Split {
                toml: &text[toml_start..offset],
                toml_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err((
        1,
        "the front matter opened on line 1 is never closed; did you forget the second `+++` line?"
            .to_string(),
    ))
}

/// The 1-based line of byte `offset` in `text`, counting from `first_line`.
pub fn line_at(text: &str, offset: usize, first_line: usize) -> usize {
    let end = offset.min(text.len());
    first_line
        + text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
pub fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != *cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// Reads typed values out of parsed front matter, recording a problem for each bad key.
pub struct Fields<'a> {
    table: Table,
    split: Split<'a>,
    path: &'a Path,
    pub problems: Vec<Problem>,
}

impl<'a> Fields<'a> {
    /// Parses the front matter and reports unknown keys (with the closest known one). `Err` when
    /// the TOML itself is malformed.
    pub fn parse(path: &'a Path, split: Split<'a>, known: &[&str]) -> Result<Self, Problem> {
        let table: Table = split.toml.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map_or(split.toml_line, |s| {
                line_at(split.toml, s.start, split.toml_line)
            });
            let message = e.message().trim().trim_end_matches('.');
            Problem::error(
                path,
                Some(line),
                format!("the front matter is not valid TOML: {message}"),
            )
        })?;
        let mut fields = Fields {
            table,
            split,
            path,
            problems: Vec::new(),
        };
        let unknown: Vec<String> = fields
            .table
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            let hint = match closest(&key, known) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => {
                    let names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                    format!("; the keys here are {}", join_or(&names))
                }
            };
            fields.error(&key, format!("unknown key `{key}`{hint}"));
        }
        Ok(fields)
    }

    /// The line where `key` is set, or the front matter's first line.
    pub fn line_of(&self, key: &str) -> usize {
        for (line, l) in (self.split.toml_line..).zip(self.split.toml.lines()) {
            let t = l.trim_start();
            let bare = t.strip_prefix(key).map(str::trim_start);
            let quoted = t
                .strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
                .map(str::trim_start);
            if bare.or(quoted).is_some_and(|r| r.starts_with('=')) {
                return line;
            }
        }
        self.split.toml_line
    }

    /// The line of the closing `+++`, for "missing key" problems.
    fn end_line(&self) -> usize {
        self.split.body_line - 1
    }

    pub fn error(&mut self, key: &str, message: String) {
        let line = self.line_of(key);
        self.problems
            .push(Problem::error(self.path, Some(line), message));
    }

    fn missing(&mut self, key: &str, what: &str) {
        let line = self.end_line();
        self.problems.push(Problem::error(
            self.path,
            Some(line),
            format!(
                "missing required key `{key}` ({what}); add `{key} = ...` before the closing `+++`"
            ),
        ));
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        self.error(
            key,
            format!("`{key}` must be {expected}, not {}", describe(found)),
        );
    }

    /// A required, non-empty string.
    pub fn string(&mut self, key: &str, what: &str) -> Option<String> {
        match self.table.get(key).cloned() {
            None => {
                self.missing(key, what);
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.error(key, format!("`{key}` is empty; write {what}"));
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.wrong_type(key, "a string in double quotes", &other);
                None
            }
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, key: &str) -> Option<bool> {
        match self.table.get(key).cloned() {
            None => None,
            Some(Value::Boolean(b)) => Some(b),
            Some(other) => {
                self.wrong_type(key, "`true` or `false`", &other);
                None
            }
        }
    }

    /// A list of strings; absent means empty unless `required`.
    pub fn strings(&mut self, key: &str, what: &str, required: bool) -> Vec<String> {
        match self.table.get(key).cloned() {
            None => {
                if required {
                    self.missing(key, what);
                }
                Vec::new()
            }
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s),
                        other => {
                            self.wrong_type(key, "a list of strings like [\"a\", \"b\"]", &other);
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Some(other) => {
                self.wrong_type(key, "a list of strings like [\"a\", \"b\"]", &other);
                Vec::new()
            }
        }
    }

    /// A required string that must be one of an enum's names.
    pub fn one_of<T>(
        &mut self,
        key: &str,
        what: &str,
        parse: fn(&str) -> Option<T>,
        allowed: fn() -> String,
    ) -> Option<T> {
        let text = self.string(key, what)?;
        let value = parse(&text);
        if value.is_none() {
            self.error(
                key,
                format!(
                    "`{key}` is `{text}`, which is not allowed; use {}",
                    allowed()
                ),
            );
        }
        value
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "a number",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

/// Whether an id uses only lower-case letters, digits and `-` (not at either end).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(path: &'a Path, text: &'a str, known: &[&str]) -> Fields<'a> {
        Fields::parse(path, split(text).unwrap(), known).unwrap()
    }

    #[test]
    fn splits_front_matter_from_body_with_lines() {
        let s = split("+++\nid = \"a\"\n+++\nbody\n").unwrap();
        assert_eq!(s.toml, "id = \"a\"\n");
        assert_eq!(s.toml_line, 2);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4, "the body starts after the closing +++");
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let s = split("\u{feff}+++\r\nid = \"a\"\r\n+++\r\nbody").unwrap();
        assert_eq!(s.body, "body");
    }

    #[test]
    fn a_missing_opening_line_asks_about_the_plus_line() {
        let (line, msg) = split("id = \"a\"\n+++\n").unwrap_err();
        assert_eq!(line, 1);
        assert!(msg.contains("did you forget the `+++` line?"), "{msg}");
    }

    #[test]
    fn an_unclosed_front_matter_is_reported() {
        let (_, msg) = split("+++\nid = \"a\"\nbody\n").unwrap_err();
        assert!(msg.contains("never closed"), "{msg}");
    }

    #[test]
    fn malformed_toml_names_its_line() {
        let path = Path::new("x.md");
        let err = Fields::parse(
            path,
            split("+++\nid = \"a\"\nname = \n+++\n").unwrap(),
            &["id"],
        )
        .err()
        .expect("`name = ` has no value");
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn unknown_keys_suggest_the_closest_known_one() {
        let path = Path::new("x.md");
        let f = fields(
            path,
            "+++\nid = \"a\"\nnmae = \"b\"\n+++\n",
            &["id", "name"],
        );
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].line, Some(3));
        assert!(
            f.problems[0].message.contains("did you mean `name`?"),
            "{}",
            f.problems[0]
        );
    }

    #[test]
    fn mistyped_and_missing_keys_are_reported() {
        let path = Path::new("x.md");
        let mut f = fields(
            path,
            "+++\nid = 3\nterms = \"a\"\n+++\n",
            &["id", "terms", "name"],
        );
        assert_eq!(f.string("id", "the id"), None);
        assert!(f.strings("terms", "terms", false).is_empty());
        assert_eq!(f.string("name", "the name"), None);
        let messages: Vec<String> = f.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            messages[0].contains(":2:") && messages[0].contains("must be a string"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains(":3:") && messages[1].contains("list of strings"),
            "{messages:?}"
        );
        assert!(
            messages[2].contains(":4:") && messages[2].contains("missing required key `name`"),
            "{messages:?}"
        );
    }

    #[test]
    fn ids_are_lower_case_digits_and_dashes() {
        assert!(is_valid_id("ci-waiting-period2"));
        for bad in ["", "Ci", "a_b", "-a", "a-", "a b", "等待"] {
            assert!(!is_valid_id(bad), "{bad:?} must be refused");
        }
    }

    #[test]
    fn closest_ignores_far_away_words() {
        assert_eq!(
            closest("mustexplain", &["must_explain", "id"]),
            Some("must_explain")
        );
        assert_eq!(closest("colour", &["id", "name"]), None);
    }
}
