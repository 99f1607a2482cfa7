//! Indicative premium rates: `products/<id>/rates.toml` (format: content/README.md, "Indicative
//! rates"), read and checked for `check-content` and the needs analysis.
//!
//! A table gives the yearly premium per 10,000 yuan of cover, per age band and, where it
//! matters, per sex, with the date of the rates and a "for illustration only" note in both
//! languages. Bands must be contiguous and must not overlap, rates must be positive amounts with
//! at most two decimals, and the folder must be a product of the library. A table with any error
//! is left out, so a broken table never prices a recommendation.

use crate::money::Money;
use crate::problem::Problem;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name of a product's rate table, beside its `product.<lang>.md`.
pub const FILE: &str = "rates.toml";

/// Every valid rate table of a library, by product id.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RateBook {
    tables: BTreeMap<String, RateTable>,
}

impl RateBook {
    /// The table of a product, if it has a valid one.
    pub fn get(&self, product_id: &str) -> Option<&RateTable> {
        self.tables.get(product_id)
    }

    /// Adds or replaces a table (tests and callers building a book by hand).
    pub fn insert(&mut self, table: RateTable) {
        self.tables.insert(table.product_id.clone(), table);
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

/// One product's indicative rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateTable {
    pub product_id: String,
    /// When the rates were set, `YYYY-MM-DD`.
    pub date: String,
    /// "For illustration only", in both languages: shown with every premium from this table.
    pub note: Text,
    /// Whether men and women pay different rates.
    pub by_sex: bool,
    /// The sum quoted when the analysis suggests none (medical, accident cover).
    pub typical_sum: Option<Money>,
    /// Contiguous, in order of age.
    pub bands: Vec<RateBand>,
}

/// The yearly premium per 10,000 yuan of cover for ages `min_age..=max_age`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateBand {
    pub min_age: i64,
    pub max_age: i64,
    /// Equal to `female` in a table that does not depend on sex.
    pub male: Money,
    pub female: Money,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    date: Spanned<toml::Value>,
    note: Spanned<RawNote>,
    by_sex: Option<bool>,
    typical_sum: Option<Spanned<toml::Value>>,
    bands: Spanned<Vec<Spanned<RawBand>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    zh: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    ages: Spanned<Vec<i64>>,
    rate: Option<Spanned<toml::Value>>,
    male: Option<Spanned<toml::Value>>,
    female: Option<Spanned<toml::Value>>,
}

/// Reads every `products/*/rates.toml` under `root`: the valid tables and the problems found.
pub fn load(root: &Path) -> (RateBook, Vec<Problem>) {
    let mut book = RateBook::default();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join("products")) else {
        return (book, problems);
    };
    let mut dirs: Vec<_> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| !name.starts_with('.'))
        .collect();
    dirs.sort();
    for product in dirs {
        let rel = PathBuf::from("products").join(&product).join(FILE);
        let full = root.join(&rel);
        if !full.is_file() {
            continue;
        }
        let text = match std::fs::read_to_string(&full) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::error(&rel, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let known = root
            .join("products")
            .join(&product)
            .join("product.zh.md")
            .is_file();
        if let Some(table) = parse(&text, &rel, &product, known, &mut problems) {
            book.insert(table);
        }
    }
    (book, problems)
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Parses and checks one table; `None` (with problems) when anything is wrong. `known`: whether
/// `product` is a product of the library.
pub fn parse(
    text: &str,
    rel: &Path,
    product: &str,
    known: bool,
    problems: &mut Vec<Problem>,
) -> Option<RateTable> {
    let before = problems.len();
    let mut error = |line: Option<usize>, message: String| {
        problems.push(Problem::error(rel, line, message));
    };
    if !known {
        error(
            Some(1),
            format!(
                "rates for `{product}`, but there is no product products/{product}/product.zh.md; \
                 put the rates in the folder of a product of this library"
            ),
        );
    }
    let raw: RawTable = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| line_at(text, s.start));
            error(
                line,
                format!(
                    "{} (see content/README.md, \"Indicative rates\")",
                    e.message().trim()
                ),
            );
            return None;
        }
    };
    let at = |span: std::ops::Range<usize>| Some(line_at(text, span.start));

    let date = match raw.date.get_ref() {
        toml::Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    if !is_date(&date) {
        error(
            at(raw.date.span()),
            format!("`date` is \"{date}\"; give the date of the rates as \"YYYY-MM-DD\""),
        );
    }
    let note = raw.note.get_ref();
    if note.zh.trim().is_empty() || note.en.trim().is_empty() {
        error(
            at(raw.note.span()),
            "`note` needs both `zh` and `en`: say the premiums are for illustration only".into(),
        );
    }
    let by_sex = raw.by_sex.unwrap_or(false);
    let typical_sum = raw
        .typical_sum
        .as_ref()
        .and_then(|v| match amount(v.get_ref()) {
            Some(m) if m > Money::ZERO => Some(m),
            _ => {
                error(
                    at(v.span()),
                    "`typical_sum` must be a positive amount of yuan".into(),
                );
                None
            }
        });

    let mut bands: Vec<RateBand> = Vec::new();
    if raw.bands.get_ref().is_empty() {
        error(
            at(raw.bands.span()),
            "`bands` is empty; give at least one `[[bands]]` with `ages` and its rates".into(),
        );
    }
    for band in raw.bands.get_ref() {
        let b = band.get_ref();
        let line = at(band.span());
        let ages = b.ages.get_ref();
        let (min, max) = match ages.as_slice() {
            [lo, hi] if 0 <= *lo && lo <= hi && *hi <= 120 => (*lo, *hi),
            _ => {
                error(
                    at(b.ages.span()),
                    format!(
                        "`ages` is {ages:?}; give [youngest, oldest], whole years from 0 to 120, youngest first"
                    ),
                );
                continue;
            }
        };
        let mut rate_of = |key: &str, v: &Option<Spanned<toml::Value>>| -> Option<Money> {
            match rate_value(key, v, (min, max)) {
                Ok(m) => Some(m),
                Err((span, message)) => {
                    error(span.map_or(line, &at), message);
                    None
                }
            }
        };
        let rates = if by_sex {
            let male = rate_of("male", &b.male);
            let female = rate_of("female", &b.female);
            male.zip(female)
        } else {
            rate_of("rate", &b.rate).map(|r| (r, r))
        };
        if by_sex {
            if let Some(r) = &b.rate {
                error(
                    at(r.span()),
                    format!(
                        "ages {min}-{max}: `by_sex = true` takes `male` and `female`, not `rate`"
                    ),
                );
            }
        } else {
            for (key, v) in [("male", &b.male), ("female", &b.female)] {
                if let Some(v) = v {
                    error(
                        at(v.span()),
                        format!("ages {min}-{max}: `{key}` needs `by_sex = true` at the top; otherwise give one `rate`"),
                    );
                }
            }
        }
        if let Some(prev) = bands.last() {
            if min <= prev.max_age {
                error(
                    line,
                    format!(
                        "ages {min}-{max} overlap the band before ({}-{}); bands must not overlap",
                        prev.min_age, prev.max_age
                    ),
                );
            } else if min != prev.max_age + 1 {
                error(
                    line,
                    format!(
                        "ages {}-{} are in no band (between {}-{} and {min}-{max}); bands must be contiguous",
                        prev.max_age + 1,
                        min - 1,
                        prev.min_age,
                        prev.max_age
                    ),
                );
            }
        }
        if let Some((male, female)) = rates {
            bands.push(RateBand {
                min_age: min,
                max_age: max,
                male,
                female,
            });
        } else {
            // Keep the ages so the next band is still checked against them.
            bands.push(RateBand {
                min_age: min,
                max_age: max,
                male: Money::ZERO,
                female: Money::ZERO,
            });
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(RateTable {
        product_id: product.to_string(),
        date,
        note: crate::text::text(note.zh.trim(), note.en.trim()),
        by_sex,
        typical_sum,
        bands,
    })
}

/// A band's rate `key`: a positive amount, or the span (when there is a value) and the message.
fn rate_value(
    key: &str,
    v: &Option<Spanned<toml::Value>>,
    (min, max): (i64, i64),
) -> Result<Money, (Option<std::ops::Range<usize>>, String)> {
    let Some(v) = v else {
        return Err((
            None,
            format!("the band for ages {min}-{max} has no `{key}`"),
        ));
    };
    match amount(v.get_ref()) {
        Some(m) if m > Money::ZERO => Ok(m),
        _ => Err((
            Some(v.span()),
            format!(
                "`{key}` for ages {min}-{max} must be a positive amount of yuan per 10,000 of cover, with at most two decimals"
            ),
        )),
    }
}

/// An amount of yuan from a TOML number (or numeric string) with at most two decimals.
fn amount(v: &toml::Value) -> Option<Money> {
    let s = match v {
        toml::Value::Integer(i) => i.to_string(),
        // TOML floats print as the shortest text that reads back the same: `12.5`, not
        // `12.4999...`, so the decimals written are the decimals parsed.
        toml::Value::Float(f) if f.is_finite() => f.to_string(),
        toml::Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    Money::parse("rate", &s).ok()
}

/// Whether `s` is a real calendar date `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests;
