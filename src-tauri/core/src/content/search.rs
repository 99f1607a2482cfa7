//! Full-text search over the library in both languages: an SQLite FTS5 index with the trigram
//! tokenizer (which finds Chinese words without word breaks), plus LIKE for terms of one or two
//! characters, which trigram cannot match. Snippets come back as text parts, never HTML.

use super::{Library, Localized};
use crate::settings::Language;
use crate::{clock, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Bump when the rows written to the index change shape or order, so old indexes are rebuilt.
/// (2: products, then glossary terms, then clauses, so early-stopping candidate queries meet the
/// few products and terms before the many clauses.)
const INDEX_FORMAT: &str = "2";
/// The most terms of a query that are used; the rest are ignored.
const MAX_TERMS: usize = 8;
/// The most rows scored in Rust before the best `limit` are returned.
const MAX_CANDIDATES: usize = 400;
/// Characters of body text shown around the first match.
const SNIPPET_CHARS: usize = 90;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Product,
    Clause,
    Term,
}

/// A run of text, marked when it matches the query. The UI renders these as text nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub text: String,
    pub hit: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub id: String,
    /// The clause's product; for a product, its own id; none for glossary terms.
    pub product_id: Option<String>,
    pub title: String,
    /// The title with the matches marked.
    pub title_parts: Vec<Part>,
    pub language: Language,
    /// Body text around the first match, with the matches marked.
    pub snippet: Vec<Part>,
}

/// Rebuilds the index when the library differs from the one it was built from. Returns whether
/// it rebuilt.
pub fn sync_index(conn: &Connection, library: &Library) -> Result<bool> {
    let fingerprint = format!("{INDEX_FORMAT}:{}", library.fingerprint());
    let stored: Option<String> = conn
        .query_row(
            "SELECT fingerprint FROM content_index_state WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if stored.as_deref() == Some(fingerprint.as_str()) {
        return Ok(false);
    }
    if library.is_shed() {
        // Its clause bodies are gone: indexing it would leave the clauses unsearchable.
        return Err(crate::Error::Content(
            "the search index must be rebuilt from a freshly loaded library".into(),
        ));
    }
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM content_fts", [])?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO content_fts (title, body, kind, item_id, product_id, language)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut add = |kind: &str,
                       id: &str,
                       product: &str,
                       title: &Localized<String>,
                       body: Localized<String>| {
            for lang in Language::ALL {
                insert.execute(params![
                    title.get(lang),
                    body.get(lang),
                    kind,
                    id,
                    product,
                    lang.tag()
                ])?;
            }
            Ok::<_, rusqlite::Error>(())
        };
        for p in library.products() {
            let body = Localized {
                zh: format!("{}\n{}", p.audience.zh, p.summary_text.zh),
                en: format!("{}\n{}", p.audience.en, p.summary_text.en),
            };
            add("product", &p.id, &p.id, &p.name, body)?;
        }
        for t in library.glossary() {
            add("term", &t.id, "", &t.term, t.definition_text.clone())?;
        }
        for c in library.all_clauses() {
            let body = c.sections.map(|s| {
                s.iter()
                    .map(|(_, s)| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            add("clause", &c.id, &c.product_id, &c.title, body)?;
        }
    }
    tx.execute(
        "INSERT INTO content_index_state (id, fingerprint, built_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, built_at = excluded.built_at",
        params![fingerprint, clock::now_rfc3339()],
    )?;
    tx.commit()?;
    tracing::info!("content search index rebuilt");
    Ok(true)
}

/// Searches the index: every whitespace-separated term must occur (in the title or the body).
/// Title matches rank first. A bad or empty query gives no results, never an error.
pub fn search(
    conn: &Connection,
    query: &str,
    language: Option<Language>,
    limit: usize,
) -> Result<Vec<Hit>> {
    let terms: Vec<String> = query
        .split_whitespace()
        .take(MAX_TERMS)
        .map(|t| t.chars().take(100).collect())
        .collect();
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let (long, short): (Vec<&String>, Vec<&String>) =
        terms.iter().partition(|t| t.chars().count() >= 3);
    // Candidates are gathered without ranking every match in SQL (with a common word found in
    // half the index that took ~20 ms at 10,000 clauses): first the rows whose title holds every
    // term (matched in memory, see `Titles`), then any rows, stopping at `cap` in index order
    // (products, terms, then clauses). Rust then scores only those.
    let cap = (limit.min(200) * 4).clamp(40, MAX_CANDIDATES);
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let found = title_candidates(conn, &terms, language, cap).and_then(|title_rows| {
        rows.extend(title_rows);
        if rows.len() >= cap {
            return Ok(Vec::new());
        }
        let (sql, args) = candidate_query(&long, &short, language, cap);
        run(conn, &sql, &args)
    });
    match found {
        Ok(more) => {
            for r in &rows {
                seen.insert((r.0.clone(), r.1.clone(), r.3.clone()));
            }
            for r in more {
                if rows.len() < cap && seen.insert((r.0.clone(), r.1.clone(), r.3.clone())) {
                    rows.push(r);
                }
            }
        }
        Err(e) => {
            // Quoting makes this unexpected; a search box must still never show an error.
            tracing::warn!(error = %e, "search query failed");
            return Ok(Vec::new());
        }
    }
    let needles: Vec<Vec<char>> = terms.iter().map(|t| fold(t)).collect();
    let phrase = fold(&terms.join(" "));
    let mut scored: Vec<(i64, Hit)> = rows
        .into_iter()
        .filter_map(|r| {
            let language = r.3.parse().ok()?;
            let kind = match r.0.as_str() {
                "product" => HitKind::Product,
                "clause" => HitKind::Clause,
                _ => HitKind::Term,
            };
            let (title_parts, title_hits, _) = highlight(&r.4, &needles, None);
            let (snippet, body_hits, affirmed) = highlight(&r.5, &needles, Some(SNIPPET_CHARS));
            let all_in_title = i64::from(title_hits == needles.len());
            // A body whose every mention is negated ("没有等待期") ranks below any about the term.
            // (For several words, their phrase counts: "no waiting period" negates both.)
            let only_negated = title_hits == 0
                && body_hits > 0
                && (affirmed == 0
                    || (needles.len() > 1 && {
                        let (_, phrase_found, phrase_affirmed) =
                            highlight(&r.5, std::slice::from_ref(&phrase), Some(0));
                        phrase_found == 1 && phrase_affirmed == 0
                    }));
            let kind_bonus = match kind {
                HitKind::Product => 3,
                HitKind::Term => 2,
                HitKind::Clause => 1,
            };
            let score = all_in_title * 1000
                + title_hits as i64 * 100
                + body_hits.min(20) as i64 * 2
                + kind_bonus
                - i64::from(only_negated) * 10;
            Some((
                score,
                Hit {
                    kind,
                    id: r.1,
                    product_id: (!r.2.is_empty()).then_some(r.2),
                    title: r.4,
                    title_parts,
                    language,
                    snippet,
                },
            ))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.title.len().cmp(&b.1.title.len()))
            .then(a.1.id.cmp(&b.1.id))
    });
    Ok(scored
        .into_iter()
        .take(limit.min(200))
        .map(|(_, h)| h)
        .collect())
}

/// The SQL and its arguments for at most `cap` rows holding every term, in index order.
fn candidate_query(
    long: &[&String],
    short: &[&String],
    language: Option<Language>,
    cap: usize,
) -> (String, Vec<String>) {
    let mut sql = String::from(
        "SELECT kind, item_id, product_id, language, title, body FROM content_fts WHERE 1 = 1",
    );
    let mut args: Vec<String> = Vec::new();
    if !long.is_empty() {
        // Each term is one quoted string (quotes doubled), so no FTS5 syntax in a query applies.
        let expr: Vec<String> = long
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        args.push(expr.join(" AND "));
        sql.push_str(&format!(" AND content_fts MATCH ?{}", args.len()));
    }
    for t in short {
        args.push(format!("%{}%", escape_like(t)));
        let n = args.len();
        sql.push_str(&format!(
            " AND (title LIKE ?{n} ESCAPE '\\' OR body LIKE ?{n} ESCAPE '\\')"
        ));
    }
    if let Some(lang) = language {
        args.push(lang.tag().to_string());
        sql.push_str(&format!(" AND language = ?{}", args.len()));
    }
    sql.push_str(&format!(" LIMIT {cap}"));
    (sql, args)
}

/// Every title of one built index, lower-cased, in index order. Asking FTS5 for title-only
/// matches walks every row holding the terms anywhere (5 ms for two common words at 10,000
/// clauses); scanning ~20,000 short titles in memory takes a fraction of that.
struct Titles {
    /// The index it was read from: fingerprint and build time.
    key: (String, String),
    rows: Vec<(i64, String, String)>,
}

/// Titles per built index (a process may hold a few databases, e.g. tests).
static TITLES: std::sync::Mutex<Vec<std::sync::Arc<Titles>>> = std::sync::Mutex::new(Vec::new());

/// The titles of the index `conn` holds, read once per built index.
fn titles(conn: &Connection) -> rusqlite::Result<std::sync::Arc<Titles>> {
    let key: (String, String) = conn
        .query_row(
            "SELECT fingerprint, built_at FROM content_index_state WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();
    let mut cache = TITLES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(t) = cache.iter().find(|t| t.key == key) {
        return Ok(t.clone());
    }
    let rows = conn
        .prepare("SELECT rowid, language, title FROM content_fts ORDER BY rowid")?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?.to_lowercase()))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let titles = std::sync::Arc::new(Titles { key, rows });
    if cache.len() >= 4 {
        cache.remove(0);
    }
    cache.push(titles.clone());
    Ok(titles)
}

/// Reads the index's titles into memory now, so the first search does not wait for it.
pub fn warm(conn: &Connection) -> Result<()> {
    titles(conn)?;
    Ok(())
}

/// At most `cap` rows whose title holds every term, in index order.
fn title_candidates(
    conn: &Connection,
    terms: &[String],
    language: Option<Language>,
    cap: usize,
) -> rusqlite::Result<Vec<Row>> {
    let titles = titles(conn)?;
    let folded: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    let ids: Vec<i64> = titles
        .rows
        .iter()
        .filter(|(_, lang, _)| language.map_or(true, |l| l.tag() == lang))
        .filter(|(_, _, title)| folded.iter().all(|t| title.contains(t.as_str())))
        .take(cap)
        .map(|(id, _, _)| *id)
        .collect();
    let mut one = conn.prepare_cached(
        "SELECT kind, item_id, product_id, language, title, body FROM content_fts WHERE rowid = ?1",
    )?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = one.query_row([id], row).optional()? {
            rows.push(r);
        }
    }
    Ok(rows)
}

type Row = (String, String, String, String, String, String);

/// One `kind, item_id, product_id, language, title, body` row.
fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn run(conn: &Connection, sql: &str, args: &[String]) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), row)?;
    rows.collect()
}

/// Escapes `\`, `%` and `_` so a term is matched literally by `LIKE ... ESCAPE '\'`.
fn escape_like(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Lower-cased chars, one per input char, so positions line up with the original text.
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// Marks every occurrence of the needles in `text`. With `window`, cuts the text to about that
/// many characters around the first match (with "…" where cut). Returns the parts, how many
/// needles occur at all, and how many occur other than right after a negation ("没有等待期").
fn highlight(
    text: &str,
    needles: &[Vec<char>],
    window: Option<usize>,
) -> (Vec<Part>, usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let folded = fold(text);
    let mut marked = vec![false; chars.len()];
    let mut found = 0;
    let mut affirmed = 0;
    let mut first: Option<usize> = None;
    for n in needles {
        if n.is_empty() || n.len() > folded.len() {
            continue;
        }
        let mut any = false;
        let mut any_affirmed = false;
        for start in 0..=folded.len() - n.len() {
            if folded[start..start + n.len()] == n[..] {
                any = true;
                any_affirmed |= !negated(&folded[..start]);
                first = Some(first.map_or(start, |f| f.min(start)));
                marked[start..start + n.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
            }
        }
        found += usize::from(any);
        affirmed += usize::from(any_affirmed);
    }
    let (from, to) = match window {
        Some(w) if chars.len() > w => {
            let start = first.map_or(0, |f| f.saturating_sub(w / 4));
            let end = (start + w).min(chars.len());
            word_bounds(&chars, end.saturating_sub(w), end, first)
        }
        _ => (0, chars.len()),
    };
    let mut parts: Vec<Part> = Vec::new();
    if from > 0 {
        parts.push(Part {
            text: "…".into(),
            hit: false,
        });
    }
    for i in from..to {
        match parts.last_mut() {
            Some(p) if p.hit == marked[i] && !(i == from && from > 0) => p.text.push(chars[i]),
            _ => parts.push(Part {
                text: chars[i].to_string(),
                hit: marked[i],
            }),
        }
    }
    if to < chars.len() {
        parts.push(Part {
            text: "…".into(),
            hit: false,
        });
    }
    (parts, found, affirmed)
}

/// Moves a snippet's cut points off the middle of a word: `from` forward past a word it would cut
/// (never past the first match), `to` back to the end of the last whole word. Chinese text has
/// no spaces, and any character boundary is a fine place to cut it.
fn word_bounds(chars: &[char], from: usize, to: usize, first: Option<usize>) -> (usize, usize) {
    let in_word = |c: char| c.is_alphanumeric() && !is_cjk(c);
    let mut start = from;
    if start > 0 && in_word(chars[start - 1]) {
        let limit = first.unwrap_or(to).min(to);
        while start < limit && in_word(chars[start]) {
            start += 1;
        }
        while start < limit && chars[start].is_whitespace() {
            start += 1;
        }
    }
    let mut end = to;
    if end < chars.len() && in_word(chars[end]) {
        while end > start + 1 && in_word(chars[end - 1]) {
            end -= 1;
        }
        while end > start + 1 && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        if end <= start + 1 {
            end = to;
        }
    }
    (start, end)
}

/// Chinese, Japanese and Korean characters (which are words or syllables by themselves).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Words that, just before a match, say the text is about its absence ("没有等待期", "no waiting
/// period"): such a mention is not what someone searching for the term wants first.
const NEGATIONS: [&str; 10] = [
    "没有",
    "无",
    "不设",
    "不适用",
    "免除",
    "no ",
    "without ",
    "not ",
    "none ",
    "free of ",
];

fn negated(before: &[char]) -> bool {
    let tail: String = before[before.len().saturating_sub(9)..].iter().collect();
    NEGATIONS.iter().any(|w| tail.ends_with(w))
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
