//! The core's top-level modules form layers: no module uses another that (directly or through
//! others) uses it back. Read from the source itself: every `crate::<module>` a file names, in
//! code (comments are skipped), tests included, counts as that file's top-level module using
//! `<module>`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level modules each top-level module names (`crate::x`, `crate::{x, y::z}`) in `src`.
fn graph(src: &Path) -> Graph {
    let mut g = Graph::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_str()
                .unwrap();
            let module = first.trim_end_matches(".rs").to_string();
            let uses = g.entry(module.clone()).or_default();
            for m in named_modules(&fs::read_to_string(&path).unwrap()) {
                if m != module {
                    uses.insert(m);
                }
            }
        }
    }
    g
}

/// The lower-case names right after `crate::` (or inside `crate::{...}`) in the code of `text`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if starts_lower(name) {
                    out.insert(name.to_string());
                }
            }
        } else {
            let name = ident(rest);
            if starts_lower(name) {
                out.insert(name.to_string());
            }
        }
    }
    out
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

fn starts_lower(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// A circle of modules (the first found), as the path that closes it.
fn circle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        m: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut c = path[i..].to_vec();
            c.push(m.to_string());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(g, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|m| visit(g, m, &mut Vec::new(), &mut done))
}

#[test]
fn no_top_level_module_uses_one_that_uses_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    // The reader sees the layers it should: the application layer over the privacy rules over
    // the records, and everyone writing through the one audit module.
    for (from, to) in [
        ("service", "privacy"),
        ("privacy", "records"),
        ("records", "audit"),
        ("access", "audit"),
    ] {
        assert!(
            g.get(from).is_some_and(|u| u.contains(to)),
            "{from} should use {to}: {g:?}"
        );
    }
    if let Some(c) = circle(&g) {
        panic!(
            "the core's modules use each other in a circle: {}; move what both need into a lower \
             module, or let the higher one call the lower",
            c.join(" -> ")
        );
    }
}

#[test]
fn the_reader_finds_groups_and_skips_comments_and_finds_circles() {
    let found = named_modules(
        "use crate::{db, records::client, Error};\n// crate::service in a comment\n\
         let x = crate::audit::append(); // crate::content",
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["audit", "db", "records"]
    );
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(circle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(circle(&g).map(|c| c.len()), Some(4), "a -> b -> c -> a");
}
