//! The checks that span files: translations that disagree, product clause lists, and references
//! to clauses and glossary terms. `check` runs the whole loader and returns its problems.

use super::frontmatter::is_valid_id;
use super::library::{Library, Pair};
use super::load::{Kind, Meta, Parsed};
use super::model::Category;
use crate::problem::Problem;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Every problem of the content tree at `dir`, errors first, as `check-content` prints them.
pub fn check(dir: &Path) -> Vec<Problem> {
    Library::load(dir).1
}

pub(crate) fn cross_check(pairs: &[Pair], root: &Path, problems: &mut Vec<Problem>) {
    let clause_ids: HashSet<&str> = pairs
        .iter()
        .filter(|(zh, _)| matches!(zh.0.file.kind, Kind::Clause { .. }))
        .map(|(zh, _)| zh.0.file.name_id.as_str())
        .collect();
    // Product id -> the clauses its Chinese file lists.
    let mut listed: HashMap<&str, &[String]> = HashMap::new();
    let mut has_company = false;
    let mut has_privacy = false;

    for ((zh, _), (en, _)) in pairs {
        agree(zh, en, problems);
        for p in [zh, en] {
            match &p.meta {
                Some(Meta::Product { clauses, .. }) => {
                    check_product_list(p, clauses, p.line("clauses"), root, problems);
                }
                Some(Meta::Clause {
                    category,
                    must_explain: Some(false),
                    ..
                }) if category.always_must_explain() => {
                    problems.push(Problem::error(
                        &p.file.rel,
                        Some(p.line("must_explain")),
                        format!(
                            "clauses of category `{category}` must always be explained; \
                             remove `must_explain = false`"
                        ),
                    ));
                }
                _ => {}
            }
            if let Some(Meta::Clause { terms, related, .. }) = &p.meta {
                for t in terms {
                    if !is_valid_id(t) || !root.join(format!("glossary/{t}.zh.md")).exists() {
                        problems.push(Problem::error(
                            &p.file.rel,
                            Some(p.line("terms")),
                            format!("`terms` lists `{t}`, which is not in the glossary (glossary/{t}.zh.md)"),
                        ));
                    }
                }
                for r in related {
                    if !clause_ids.contains(r.as_str()) {
                        problems.push(Problem::error(
                            &p.file.rel,
                            Some(p.line("related")),
                            format!("`related` lists clause `{r}`, which does not exist"),
                        ));
                    }
                }
            }
        }
        match (&zh.file.kind, &zh.meta) {
            (Kind::Product, Some(Meta::Product { clauses, .. })) => {
                listed.insert(zh.file.name_id.as_str(), clauses);
            }
            (Kind::Product, None) => {
                // Its list is unknown: do not also report every clause as unlisted.
                listed.insert(zh.file.name_id.as_str(), &[]);
            }
            (Kind::Company, _) => has_company = true,
            (Kind::Notice, _) if zh.file.name_id == "privacy" => has_privacy = true,
            _ => {}
        }
    }

    for ((zh, _), _) in pairs {
        let Kind::Clause { product_id } = &zh.file.kind else {
            continue;
        };
        let id = zh.file.name_id.as_str();
        match listed.get(product_id.as_str()) {
            None if !root
                .join(format!("products/{product_id}/product.zh.md"))
                .exists() =>
            {
                problems.push(Problem::error(
                    &zh.file.rel,
                    None,
                    format!(
                        "there is no products/{product_id}/product.zh.md for this clause's product"
                    ),
                ));
            }
            Some(list) if !list.is_empty() && !list.iter().any(|c| c == id) => {
                problems.push(Problem::error(
                    &zh.file.rel,
                    Some(zh.line("id")),
                    format!(
                        "clause `{id}` is not listed in products/{product_id}/product.zh.md \
                         `clauses`, so it is never shown; add it there or delete the file"
                    ),
                ));
            }
            _ => {}
        }
    }

    if !has_company {
        problems.push(Problem::warning(
            "company/company.zh.md",
            None,
            "there is no company page",
        ));
    }
    if !has_privacy {
        problems.push(Problem::warning(
            "notices/privacy.zh.md",
            None,
            "there is no privacy notice; consent cannot be asked for without one",
        ));
    }
}

/// A product's declared perils against its clauses, per language: an excluded peril must be
/// named by one of its exclusion clauses (an error: the declaration would otherwise promise what
/// the wording does not say); a covered one should be named by a coverage clause or the summary
/// (a warning: an "all risks" wording may cover it without naming it).
pub(crate) fn coverage(pairs: &[Pair], library: &Library, problems: &mut Vec<Problem>) {
    for ((zh, _), (en, _)) in pairs {
        if zh.file.kind != Kind::Product {
            continue;
        }
        let Some(product) = library.product(&zh.file.name_id) else {
            continue;
        };
        let clauses = library.clauses_of(&product.id);
        for (parsed, is_zh) in [(zh, true), (en, false)] {
            let text_of = |category: Category| -> String {
                let mut all = String::new();
                for c in clauses.iter().filter(|c| c.category == category) {
                    let s = if is_zh {
                        &c.sections.zh
                    } else {
                        &c.sections.en
                    };
                    let title = if is_zh { &c.title.zh } else { &c.title.en };
                    for part in [title, &s.legal.text, &s.plain.text] {
                        all.push_str(part);
                        all.push('\n');
                    }
                }
                all
            };
            let exclusions = text_of(Category::Exclusion);
            let coverage = text_of(Category::Coverage)
                + if is_zh {
                    &product.summary_text.zh
                } else {
                    &product.summary_text.en
                };
            for id in &product.excludes {
                let Some(p) = crate::perils::get(id) else {
                    continue;
                };
                if !crate::perils::mentioned(p, &exclusions, is_zh) {
                    problems.push(Problem::error(
                        &parsed.file.rel,
                        Some(parsed.line("excludes")),
                        format!(
                            "`excludes` lists `{id}`, but no exclusion clause of this product \
                             names it (looked for {}); name it in the exclusion or remove it",
                            words(p, is_zh)
                        ),
                    ));
                }
            }
            for id in &product.covers {
                let Some(p) = crate::perils::get(id) else {
                    continue;
                };
                if !crate::perils::mentioned(p, &coverage, is_zh) {
                    problems.push(Problem::warning(
                        &parsed.file.rel,
                        Some(parsed.line("covers")),
                        format!(
                            "`covers` lists `{id}`, but neither a coverage clause nor the \
                             summary names it (looked for {})",
                            words(p, is_zh)
                        ),
                    ));
                }
            }
        }
    }
}

fn words(p: &crate::perils::Peril, zh: bool) -> String {
    let list = if zh { p.words_zh } else { p.words_en };
    list.iter()
        .map(|w| format!("“{w}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every listed clause must have a file in the product's `clauses` folder, listed once.
fn check_product_list(
    p: &Parsed,
    clauses: &[String],
    line: usize,
    root: &Path,
    problems: &mut Vec<Problem>,
) {
    let product = &p.file.name_id;
    let lang = if p.file.rel.to_string_lossy().ends_with(".en.md") {
        "en"
    } else {
        "zh"
    };
    let mut seen = HashSet::new();
    for c in clauses {
        if !seen.insert(c) {
            problems.push(Problem::error(
                &p.file.rel,
                Some(line),
                format!("`clauses` lists `{c}` twice"),
            ));
            continue;
        }
        let file = format!("products/{product}/clauses/{c}.{lang}.md");
        if !is_valid_id(c) || !root.join(&file).exists() {
            problems.push(Problem::error(
                &p.file.rel,
                Some(line),
                format!("`clauses` lists `{c}`, but {file} does not exist"),
            ));
        }
    }
}

/// The fields both languages of an item must share.
fn agree(zh: &Parsed, en: &Parsed, problems: &mut Vec<Problem>) {
    let mut differ = |what: &str, line: usize, zh_value: String| {
        problems.push(Problem::error(
            &en.file.rel,
            Some(line),
            format!("`{what}` differs from the Chinese file, which has {zh_value}; both must be the same"),
        ));
    };
    match (&zh.meta, &en.meta) {
        (
            Some(Meta::Product {
                kind: zk,
                clauses: zc,
                covers: zv,
                excludes: zx,
                ..
            }),
            Some(Meta::Product {
                kind: ek,
                clauses: ec,
                covers: ev,
                excludes: ex,
                ..
            }),
        ) => {
            if zk != ek {
                differ("kind", en.line("kind"), format!("`{zk}`"));
            }
            if zc != ec {
                differ("clauses", en.line("clauses"), format!("{zc:?}"));
            }
            if zv != ev {
                differ("covers", en.line("covers"), format!("{zv:?}"));
            }
            if zx != ex {
                differ("excludes", en.line("excludes"), format!("{zx:?}"));
            }
        }
        (
            Some(Meta::Clause {
                category: zc,
                must_explain: zm,
                terms: zt,
                related: zr,
                ..
            }),
            Some(Meta::Clause {
                category: ec,
                must_explain: em,
                terms: et,
                related: er,
                ..
            }),
        ) => {
            if zc != ec {
                differ("category", en.line("category"), format!("`{zc}`"));
            }
            if zm.unwrap_or(false) != em.unwrap_or(false) {
                differ(
                    "must_explain",
                    en.line("must_explain"),
                    format!("`{}`", zm.unwrap_or(false)),
                );
            }
            let sorted = |v: &[String]| {
                let mut v = v.to_vec();
                v.sort();
                v
            };
            if sorted(zt) != sorted(et) {
                differ("terms", en.line("terms"), format!("{zt:?}"));
            }
            if sorted(zr) != sorted(er) {
                differ("related", en.line("related"), format!("{zr:?}"));
            }
        }
        (Some(Meta::Notice { version: zv, .. }), Some(Meta::Notice { version: ev, .. }))
            if zv != ev =>
        {
            differ("version", en.line("version"), format!("\"{zv}\""));
        }
        _ => {}
    }
}
