//! The message catalogues (`ui/i18n/<lang>/<namespace>.json`): both languages have the same files
//! and keys, no empty message, the same `{placeholders}`, every namespace `ui/js/i18n.js` loads
//! has its files, and every static `t("ns.key")` in `ui/js` exists. Needs no display.

use presale_tests::workspace_root;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LANGUAGES: [&str; 2] = ["zh-CN", "en"];

/// One language's catalogues: namespace -> flattened key ("a.b.c") -> message.
type Catalogue = BTreeMap<String, BTreeMap<String, String>>;

fn ui() -> PathBuf {
    workspace_root().join("ui")
}

/// Flattens nested objects into dotted keys; a non-string leaf is reported as a problem.
fn flatten(
    prefix: &str,
    value: &Value,
    out: &mut BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out, problems);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => problems.push(format!(
            "{prefix}: a message must be a string, found {other}"
        )),
    }
}

fn load(lang: &str, problems: &mut Vec<String>) -> Catalogue {
    let dir = ui().join("i18n").join(lang);
    let mut catalogue = Catalogue::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(format!("{}: {e}", dir.display()));
            return catalogue;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let ns = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Value>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(v @ Value::Object(_)) => {
                let mut keys = BTreeMap::new();
                let mut local = Vec::new();
                flatten("", &v, &mut keys, &mut local);
                problems.extend(local.into_iter().map(|p| format!("{lang}/{ns}.json: {p}")));
                catalogue.insert(ns, keys);
            }
            Ok(_) => problems.push(format!("{lang}/{ns}.json: the top level must be an object")),
            Err(e) => problems.push(format!("{lang}/{ns}.json: not valid JSON: {e}")),
        }
    }
    catalogue
}

/// The `{name}` placeholders of a message.
fn placeholders(message: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = message;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(name.to_string());
                }
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// Compares two languages' catalogues: files, keys, empty messages, placeholders.
fn compare(a_lang: &str, a: &Catalogue, b_lang: &str, b: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    for (lang, cat, other_lang, other) in [(a_lang, a, b_lang, b), (b_lang, b, a_lang, a)] {
        for (ns, keys) in cat {
            let Some(other_keys) = other.get(ns) else {
                problems.push(format!(
                    "{lang}/{ns}.json exists but {other_lang}/{ns}.json does not"
                ));
                continue;
            };
            for (key, message) in keys {
                if message.trim().is_empty() {
                    problems.push(format!("{lang}/{ns}.json: {key} is empty"));
                }
                match other_keys.get(key) {
                    None => problems.push(format!(
                        "{ns}.{key} is in {lang} but missing in {other_lang}"
                    )),
                    // Checked once, from the first language's side.
                    Some(other_message) if lang == a_lang => {
                        let (pa, pb) = (placeholders(message), placeholders(other_message));
                        if pa != pb {
                            problems.push(format!(
                                "{ns}.{key}: placeholders differ: {lang} {pa:?}, {other_lang} {pb:?}"
                            ));
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
    problems
}

/// The NAMESPACES array of ui/js/i18n.js.
fn namespaces(i18n_js: &str) -> Vec<String> {
    let Some(start) = i18n_js.find("NAMESPACES") else {
        return Vec::new();
    };
    let rest = &i18n_js[start..];
    let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) else {
        return Vec::new();
    };
    rest[open + 1..close]
        .split(',')
        .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Keys passed as a plain string literal to `t(...)` (no `${}`), and `data-i18n="..."` keys.
fn static_keys(source: &str) -> Vec<String> {
    // Comments show examples (`t("ns.key")`) that are not calls.
    let code: String = source
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !(l.starts_with("//") || l.starts_with("/*") || l.starts_with('*'))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let source = code.as_str();
    let mut keys = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while let Some(pos) = source[i..].find("t(") {
        let at = i + pos;
        i = at + 2;
        // `t(` must be the whole name: not `set(`, `.t(` is fine (i18n.t), `_t(` is not.
        if at > 0 {
            let prev = bytes[at - 1];
            if prev.is_ascii_alphanumeric() || prev == b'_' || prev == b'$' {
                continue;
            }
        }
        let Some(&quote) = bytes.get(at + 2) else {
            continue;
        };
        if !matches!(quote, b'"' | b'\'' | b'`') {
            continue;
        }
        let body = &source[at + 3..];
        let Some(end) = body.find(quote as char) else {
            continue;
        };
        let key = &body[..end];
        if !key.contains("${") && !key.contains(char::is_whitespace) && key.contains('.') {
            keys.push(key.to_string());
        }
    }
    for part in source.split("data-i18n=\"").skip(1) {
        if let Some(end) = part.find('"') {
            keys.push(part[..end].to_string());
        }
    }
    keys
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some("js") {
            out.push(path);
        }
    }
}

fn lookup(catalogue: &Catalogue, key: &str) -> bool {
    let (ns, rest) = key.split_once('.').unwrap_or((key, ""));
    catalogue
        .get(ns)
        .is_some_and(|keys| keys.contains_key(rest))
}

#[test]
fn both_languages_have_the_same_files_keys_and_placeholders() {
    let mut problems = Vec::new();
    let zh = load(LANGUAGES[0], &mut problems);
    let en = load(LANGUAGES[1], &mut problems);
    assert!(
        !zh.is_empty() && !en.is_empty(),
        "catalogues found under ui/i18n: {problems:?}"
    );
    problems.extend(compare(LANGUAGES[0], &zh, LANGUAGES[1], &en));
    assert!(
        problems.is_empty(),
        "catalogue problems:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_namespace_the_ui_loads_has_both_files_and_every_file_is_loaded() {
    let source = std::fs::read_to_string(ui().join("js/i18n.js")).expect("ui/js/i18n.js readable");
    let listed = namespaces(&source);
    assert!(!listed.is_empty(), "NAMESPACES found in ui/js/i18n.js");
    let mut problems = Vec::new();
    for lang in LANGUAGES {
        let cat = load(lang, &mut problems);
        for ns in &listed {
            if !cat.contains_key(ns) {
                problems.push(format!(
                    "NAMESPACES lists {ns} but ui/i18n/{lang}/{ns}.json is missing"
                ));
            }
        }
        for ns in cat.keys() {
            if !listed.contains(ns) {
                problems.push(format!(
                    "ui/i18n/{lang}/{ns}.json is never loaded: add \"{ns}\" to NAMESPACES"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "namespace problems:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_static_key_the_code_uses_exists_in_both_languages() {
    let mut problems = Vec::new();
    let cats: Vec<(&str, Catalogue)> = LANGUAGES
        .iter()
        .map(|l| (*l, load(l, &mut problems)))
        .collect();
    let mut files = Vec::new();
    js_files(&ui().join("js"), &mut files);
    files.push(ui().join("index.html"));
    let mut checked = 0;
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file
            .strip_prefix(workspace_root())
            .unwrap_or(&file)
            .display()
            .to_string();
        for key in static_keys(&source) {
            checked += 1;
            for (lang, cat) in &cats {
                if !lookup(cat, &key) {
                    problems.push(format!("{name}: t(\"{key}\") has no message in {lang}"));
                }
            }
        }
    }
    assert!(
        checked > 10,
        "the scan found the t(\"...\") calls in ui/js (found {checked})"
    );
    assert!(
        problems.is_empty(),
        "missing messages:\n  {}",
        problems.join("\n  ")
    );
}

// The checks themselves, on small made-up catalogues: each must catch what it is for.

fn cat(entries: &[(&str, &str, &str)]) -> Catalogue {
    let mut c = Catalogue::new();
    for (ns, key, msg) in entries {
        c.entry(ns.to_string())
            .or_default()
            .insert(key.to_string(), msg.to_string());
    }
    c
}

#[test]
fn compare_reports_a_key_missing_in_either_language() {
    let zh = cat(&[("home", "title", "标题"), ("home", "lead", "说明")]);
    let en = cat(&[("home", "title", "Title"), ("home", "extra", "Extra")]);
    let problems = compare("zh-CN", &zh, "en", &en).join("\n");
    assert!(
        problems.contains("home.lead is in zh-CN but missing in en"),
        "{problems}"
    );
    assert!(
        problems.contains("home.extra is in en but missing in zh-CN"),
        "{problems}"
    );
}

#[test]
fn compare_reports_a_missing_file_an_empty_message_and_different_placeholders() {
    let zh = cat(&[
        ("home", "hi", "你好 {name}"),
        ("only", "a", "甲"),
        ("home", "blank", " "),
    ]);
    let en = cat(&[("home", "hi", "Hello {nmae}"), ("home", "blank", "Blank")]);
    let problems = compare("zh-CN", &zh, "en", &en).join("\n");
    assert!(
        problems.contains("zh-CN/only.json exists but en/only.json does not"),
        "{problems}"
    );
    assert!(
        problems.contains("zh-CN/home.json: blank is empty"),
        "{problems}"
    );
    assert!(
        problems.contains("home.hi: placeholders differ"),
        "{problems}"
    );
}

#[test]
fn compare_accepts_matching_catalogues() {
    let zh = cat(&[("home", "hi", "{name}，你好")]);
    let en = cat(&[("home", "hi", "Hello {name}")]);
    assert!(
        compare("zh-CN", &zh, "en", &en).is_empty(),
        "same keys and placeholders pass"
    );
}

#[test]
fn flatten_rejects_a_number_where_a_message_belongs() {
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    flatten(
        "",
        &serde_json::json!({"a": {"b": "x", "c": 3}}),
        &mut out,
        &mut problems,
    );
    assert_eq!(
        out.get("a.b").map(String::as_str),
        Some("x"),
        "nested keys are dotted"
    );
    assert_eq!(problems.len(), 1, "the number is reported: {problems:?}");
}

#[test]
fn static_keys_finds_literal_keys_only() {
    let src = r#"// t("comment.example")
        t("home.title"); t('a.b', {x}); t(`c.d`); t(`e.${k}`); set("x.y"); format(t("kiosk.z"));
        h("span", {"data-i18n": 1}); <a data-i18n="common.skip">"#;
    let keys = static_keys(src);
    assert_eq!(
        keys,
        ["home.title", "a.b", "c.d", "kiosk.z", "common.skip"],
        "dynamic keys and other calls are skipped"
    );
}

#[test]
fn namespaces_reads_the_array() {
    let src = r#"export const NAMESPACES = ["common", "home",
        "access"];"#;
    assert_eq!(
        namespaces(src),
        ["common", "home", "access"],
        "every listed name"
    );
}

#[test]
fn placeholders_ignores_braces_that_are_not_names() {
    assert_eq!(
        placeholders("{a} and {b_2} but not { x } or {}"),
        BTreeSet::from(["a".to_string(), "b_2".to_string()]),
        "only {{name}} placeholders count"
    );
}
