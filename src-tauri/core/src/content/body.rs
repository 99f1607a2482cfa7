//! Rendering the bodies of parsed files: clause sections and single-body items, in parallel.

use super::load::{Kind, Meta, Parsed};
use super::model::{Section, Sections};
use super::render::{render, Known, Rendered};
use super::sections;
use crate::problem::{Problem, Severity};

/// One file after rendering.
pub(crate) enum Body {
    Single(Rendered),
    Clause(Option<Box<Sections>>),
}

/// Renders every body, on all cores: rendering and sanitising are most of the loading time.
pub(crate) fn render_all(
    parsed: Vec<Parsed>,
    known: &Known<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<(Parsed, Body)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = parsed.len().div_ceil(threads).max(64);
    let mut parsed = parsed;
    let mut chunks = Vec::new();
    while parsed.len() > chunk {
        let rest = parsed.split_off(chunk);
        chunks.push(std::mem::replace(&mut parsed, rest));
    }
    chunks.push(parsed);
    let results: Vec<Vec<(Parsed, Body, Vec<Problem>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| {
                scope.spawn(move || {
                    c.into_iter()
                        .map(|p| render_one(p, known))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A panic in a renderer thread would be a bug in pulldown-cmark or ammonia; losing
            // that chunk beats losing the app, and the missing items show up as problems.
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out = Vec::new();
    for (p, body, mut found) in results.into_iter().flatten() {
        problems.append(&mut found);
        out.push((p, body));
    }
    out
}

fn render_one(p: Parsed, known: &Known<'_>) -> (Parsed, Body, Vec<Problem>) {
    let rel = p.file.rel.clone();
    let mut problems = Vec::new();
    let mut found: Vec<(Severity, usize, String)> = Vec::new();
    let body = match &p.meta {
        Some(Meta::Clause {
            must_explain,
            category,
            ..
        }) => {
            let must = category.always_must_explain() || must_explain.unwrap_or(false);
            let (raw, layout) = sections::parse(p.body(), p.body_line);
            found.extend(
                layout
                    .into_iter()
                    .map(|(line, m)| (Severity::Error, line, m)),
            );
            let mut section = |name: &str| {
                raw.iter().find(|s| s.name == name).map(|s| {
                    let mut r = render(s.source, s.first_line, known);
                    found.append(&mut r.problems);
                    Section {
                        html: r.html,
                        source: s.source.trim().to_string(),
                        text: r.text,
                    }
                })
            };
            let legal = section("legal");
            let plain = section("plain");
            let example = section("example");
            let consequence = section("consequence");
            let why = " (the clause must be explained, so it needs an example and its consequence)";
            for (name, present, why) in [
                ("legal", legal.is_some(), ""),
                ("plain", plain.is_some(), ""),
                ("example", !must || example.is_some(), why),
                ("consequence", !must || consequence.is_some(), why),
            ] {
                if !present {
                    found.push((
                        Severity::Error,
                        p.body_line,
                        format!("missing section `{name}`{why}; add `::: {name}` ... `:::`"),
                    ));
                }
            }
            Body::Clause(match (legal, plain) {
                (Some(legal), Some(plain))
                    if !must || (example.is_some() && consequence.is_some()) =>
                {
                    Some(Box::new(Sections {
                        legal,
                        plain,
                        example,
                        consequence,
                    }))
                }
                _ => None,
            })
        }
        Some(_) => {
            let mut r = render(p.body(), p.body_line, known);
            found.append(&mut r.problems);
            if r.text.is_empty() {
                let what = match p.file.kind {
                    Kind::Term => "the definition",
                    Kind::Product => "the product's summary paragraph",
                    _ => "the text",
                };
                found.push((
                    Severity::Error,
                    p.body_line,
                    format!("{what} is missing after the closing `+++`"),
                ));
            }
            Body::Single(r)
        }
        None => Body::Single(Rendered::default()),
    };
    for (severity, line, message) in found {
        problems.push(match severity {
            Severity::Error => Problem::error(&rel, Some(line), message),
            Severity::Warning => Problem::warning(&rel, Some(line), message),
        });
    }
    (p, body, problems)
}
