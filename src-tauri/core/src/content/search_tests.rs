//! Tests of `search`, over the checker's valid base fixture.

use super::*;
use crate::db;
use std::path::Path;

fn setup() -> (Connection, Library) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
    let (library, problems) = Library::load(&dir);
    assert!(problems.is_empty(), "{problems:?}");
    let conn = db::open_in_memory().unwrap();
    assert!(
        sync_index(&conn, &library).unwrap(),
        "a new database is indexed"
    );
    (conn, library)
}

fn ids(conn: &Connection, q: &str, lang: Option<Language>) -> Vec<String> {
    search(conn, q, lang, 20)
        .unwrap()
        .into_iter()
        .map(|h| format!("{}:{}", h.language, h.id))
        .collect()
}

#[test]
fn finds_a_three_character_chinese_word_title_hits_first() {
    let (conn, _) = setup();
    let hits = search(&conn, "等待期", Some(Language::ZhCn), 20).unwrap();
    let found: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        found,
        ["waiting-period", "demo-coverage"],
        "the term (title hit) ranks before the clause"
    );
    assert_eq!(hits[0].kind, HitKind::Term);
    assert_eq!(hits[1].product_id.as_deref(), Some("demo"));
    assert!(
        hits[1].snippet.iter().any(|p| p.hit && p.text == "等待期"),
        "{:?}",
        hits[1].snippet
    );
    assert!(
        hits[0].title_parts.iter().all(|p| p.hit),
        "the whole title matches"
    );
}

#[test]
fn finds_two_and_one_character_terms_with_like() {
    let (conn, _) = setup();
    assert_eq!(
        ids(&conn, "等待", Some(Language::ZhCn)),
        ["zh-CN:waiting-period", "zh-CN:demo-coverage"]
    );
    let one = ids(&conn, "赔", Some(Language::ZhCn));
    assert!(
        one.contains(&"zh-CN:demo-exclusions".to_string()),
        "故意行为不赔: {one:?}"
    );
    assert!(
        one.contains(&"zh-CN:demo-coverage".to_string()),
        "赔付保险金: {one:?}"
    );
}

#[test]
fn mixed_long_and_short_terms_must_all_match() {
    let (conn, _) = setup();
    assert_eq!(
        ids(&conn, "等待期 赔付", None),
        ["zh-CN:demo-coverage"],
        "only the clause has both"
    );
    assert!(
        ids(&conn, "等待期 故意", None).is_empty(),
        "no item has both"
    );
}

#[test]
fn finds_english_words_in_any_case_and_filters_by_language() {
    let (conn, _) = setup();
    assert_eq!(
        ids(&conn, "WAITING period", Some(Language::En)),
        ["en:waiting-period", "en:demo-coverage"]
    );
    let all = ids(&conn, "intentional", None);
    assert_eq!(all, ["en:demo-exclusions"]);
    assert!(ids(&conn, "intentional", Some(Language::ZhCn)).is_empty());
}

#[test]
fn odd_input_gives_no_error() {
    let (conn, _) = setup();
    for q in [
        "",
        "   ",
        "\"",
        "*",
        "%",
        "_",
        "\\",
        "\"等待期",
        "a\"b",
        "NEAR(x y)",
        "等待期*",
        "%_%",
        "' OR 1=1 --",
    ] {
        let hits = search(&conn, q, None, 20);
        assert!(hits.is_ok(), "`{q}` must not be an error");
        assert!(hits.unwrap().iter().all(|h| !h.id.is_empty()));
    }
    assert!(
        ids(&conn, "%", None).is_empty(),
        "% is a literal, not a wildcard"
    );
    assert!(
        ids(&conn, "_", None).is_empty(),
        "_ is a literal, not a wildcard"
    );
    assert!(ids(&conn, "", None).is_empty());
}

#[test]
fn the_index_is_rebuilt_only_when_content_changed() {
    let (conn, library) = setup();
    assert!(
        !sync_index(&conn, &library).unwrap(),
        "unchanged content is not re-indexed"
    );
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM content_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        rows,
        2 * (1 + 2 + 1),
        "product, two clauses and one term, in two languages"
    );

    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
    for entry in walk(&base) {
        let target = dir.path().join(entry.strip_prefix(&base).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let term = dir.path().join("glossary/waiting-period.en.md");
    let text = std::fs::read_to_string(&term).unwrap();
    std::fs::write(&term, text.replace("A period", "A quiet period")).unwrap();
    let (changed, _) = Library::load(dir.path());
    assert!(
        sync_index(&conn, &changed).unwrap(),
        "a changed file triggers a rebuild"
    );
    assert_eq!(
        ids(&conn, "quiet", None),
        ["en:waiting-period"],
        "the new text is searchable"
    );
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM content_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 8, "the old rows are replaced, not duplicated");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn snippets_are_cut_around_the_first_match() {
    let long = format!("{}等待期{}", "前".repeat(200), "后".repeat(200));
    let (parts, found, _) = highlight(&long, &[fold("等待期")], Some(SNIPPET_CHARS));
    assert_eq!(found, 1);
    assert_eq!(parts.first().unwrap().text, "…", "cut at the start");
    assert_eq!(parts.last().unwrap().text, "…", "cut at the end");
    assert!(parts.iter().any(|p| p.hit && p.text == "等待期"));
    let shown: usize = parts.iter().map(|p| p.text.chars().count()).sum();
    assert!(
        shown <= SNIPPET_CHARS + 2,
        "about {SNIPPET_CHARS} characters: {shown}"
    );
}

#[test]
fn a_library_shed_of_its_index_text_still_shows_clauses_but_cannot_rebuild_the_index() {
    let (conn, full) = setup();
    let before: Vec<(String, String, String)> = full
        .all_clauses()
        .map(|c| {
            (
                c.id.clone(),
                c.sections.zh.legal.html.clone(),
                c.hash.zh.clone(),
            )
        })
        .collect();
    let library = full.without_index_text();
    assert!(library.is_shed() && !full.is_shed());
    assert_eq!(library.products().len(), full.products().len());
    assert_eq!(library.glossary().count(), full.glossary().count());
    for (id, html, hash) in &before {
        let c = library.clause(id).unwrap();
        assert_eq!(&c.sections.zh.legal.html, html, "the HTML shown stays");
        assert_eq!(&c.hash.zh, hash, "the recorded version stays");
        assert!(c.sections.zh.legal.source.is_empty() && c.sections.en.plain.text.is_empty());
    }
    assert!(
        !sync_index(&conn, &library).unwrap(),
        "an index in step needs nothing"
    );
    assert!(
        !ids(&conn, "等待期", None).is_empty(),
        "and still finds clauses"
    );
    conn.execute("UPDATE content_index_state SET fingerprint = 'other'", [])
        .unwrap();
    assert!(
        sync_index(&conn, &library).is_err(),
        "never rebuilt from a shed library (it would index empty bodies)"
    );
}

#[test]
fn a_mention_of_the_terms_absence_ranks_below_the_clauses_about_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let (library, _) = Library::load(&dir);
    let conn = db::open_in_memory().unwrap();
    sync_index(&conn, &library).unwrap();
    for (query, lang) in [("等待期", Language::ZhCn), ("waiting period", Language::En)] {
        let hits = search(&conn, query, Some(lang), 30).unwrap();
        let at = |id: &str| hits.iter().position(|h| h.id == id);
        let accident = at("accident").expect("the accident product mentions it");
        // Every clause speaking of it, in its title or its text, comes before the product whose
        // only mention is "there is no waiting period" (a product outranks a clause otherwise).
        let text_of = |id: &str| {
            let c = library.clause(id).unwrap();
            c.sections
                .get(lang)
                .iter()
                .map(|(_, s)| s.text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let needles: Vec<Vec<char>> = query.split_whitespace().map(fold).collect();
        let last_clause = hits
            .iter()
            .rposition(|h| {
                h.kind == HitKind::Clause
                    && (h.title.to_lowercase().contains(query)
                        || highlight(&text_of(&h.id), &needles, None).2 == needles.len())
            })
            .expect("clauses speak of it");
        assert!(
            accident > last_clause,
            "`{query}`: the accident product ranks after every clause about it: {:?}",
            hits.iter().map(|h| &h.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn negated_mentions_are_told_apart() {
    let affirmed = |text: &str, q: &str| highlight(text, &[fold(q)], None).2;
    assert_eq!(affirmed("没有等待期，生效当天就保。", "等待期"), 0);
    assert_eq!(
        affirmed("等待期为 90 天。没有等待期的产品少见。", "等待期"),
        1
    );
    assert_eq!(affirmed("There is no waiting period.", "waiting period"), 0);
    assert_eq!(
        affirmed("The waiting period is 90 days.", "waiting period"),
        1
    );
}

#[test]
fn snippets_are_cut_between_words_not_inside_them() {
    let text =
        "Cover starts after the waiting period. We pay the sum insured on death from illness \
                or accident, and on total disability before the age of sixty-five, once only.";
    let (parts, _, _) = highlight(text, &[fold("illness")], Some(40));
    let shown: String = parts.iter().map(|p| p.text.as_str()).collect();
    let inner = shown.trim_matches('…');
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in inner.split_whitespace() {
        assert!(
            words.contains(&w),
            "`{w}` is a whole word of the text: {shown}"
        );
    }
    assert!(inner.contains("illness"), "{shown}");
    let zh = "等待期后确诊的，按合同赔付保险金。等待期内确诊的，退还已交保费，合同终止。";
    let (parts, _, _) = highlight(zh, &[fold("退还")], Some(12));
    let shown: String = parts.iter().map(|p| p.text.as_str()).collect();
    assert!(
        shown.contains("退还"),
        "Chinese is cut at any character: {shown}"
    );
}
