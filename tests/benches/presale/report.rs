//! The bench's results: timing helpers, the console table and `target/bench/results.json`.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Milliseconds of `d`.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `f` `n` times; returns the durations in milliseconds, sorted.
pub fn sample(n: usize, mut f: impl FnMut(usize)) -> Vec<f64> {
    let mut out: Vec<f64> = (0..n)
        .map(|i| {
            let start = Instant::now();
            f(i);
            ms(start.elapsed())
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

/// The `p`-th percentile (0..=100) of sorted values, nearest rank.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What a figure is checked against.
#[derive(Clone, Debug)]
pub enum Target {
    /// Informational: no target.
    None,
    /// The figure must not exceed this many units.
    AtMost(f64),
    /// The figure must not exceed this multiple of the baseline.
    Ratio(f64),
}

/// One line of the table.
#[derive(Clone, Debug)]
pub struct Row {
    pub group: &'static str,
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    /// The baseline beside it (bare window, one fsync), with its name.
    pub baseline: Option<(String, f64)>,
    pub target: Target,
}

impl Row {
    pub fn ratio(&self) -> Option<f64> {
        self.baseline.as_ref().map(|(_, b)| self.value / b)
    }

    /// Some(true) when the target is met, None without a target.
    pub fn pass(&self) -> Option<bool> {
        match self.target {
            Target::None => None,
            Target::AtMost(limit) => Some(self.value <= limit),
            Target::Ratio(r) => self.ratio().map(|x| x <= r),
        }
    }
}

#[derive(Default)]
pub struct Report {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn info(
        &mut self,
        group: &'static str,
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
    ) {
        self.push(group, name, value, unit, None, Target::None);
    }

    pub fn push(
        &mut self,
        group: &'static str,
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
        baseline: Option<(&str, f64)>,
        target: Target,
    ) {
        let row = Row {
            group,
            name: name.into(),
            value,
            unit,
            baseline: baseline.map(|(n, v)| (n.to_string(), v)),
            target,
        };
        println!("  {:<58} {:>12}", row.name, fmt(row.value, row.unit));
        self.rows.push(row);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        println!("  note: {note}");
        self.notes.push(note);
    }

    /// The final table: figure, baseline, ratio, target, pass or miss.
    pub fn print(&self) {
        println!();
        println!(
            "{:<10} {:<58} {:>12} {:>26} {:>7} {:>10} {:>5}",
            "group", "measure", "figure", "baseline", "ratio", "target", ""
        );
        println!("{}", "-".repeat(134));
        for r in &self.rows {
            let baseline = r
                .baseline
                .as_ref()
                .map(|(n, v)| format!("{} {}", n, fmt(*v, r.unit)))
                .unwrap_or_default();
            let ratio = r.ratio().map(|x| format!("{x:.2}x")).unwrap_or_default();
            let target = match r.target {
                Target::None => String::new(),
                Target::AtMost(l) => format!("<= {}", fmt(l, r.unit)),
                Target::Ratio(x) => format!("<= {x:.2}x"),
            };
            let verdict = match r.pass() {
                Some(true) => "ok",
                Some(false) => "MISS",
                None => "",
            };
            println!(
                "{:<10} {:<58} {:>12} {:>26} {:>7} {:>10} {:>5}",
                r.group,
                r.name,
                fmt(r.value, r.unit),
                baseline,
                ratio,
                target,
                verdict
            );
        }
        for n in &self.notes {
            println!("note: {n}");
        }
    }

    pub fn to_json(&self, machine: Value) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                json!({
                    "group": r.group,
                    "measure": r.name,
                    "value": r.value,
                    "unit": r.unit,
                    "baseline": r.baseline.as_ref().map(|(n, v)| json!({"name": n, "value": v})),
                    "ratio": r.ratio(),
                    "target": match r.target {
                        Target::None => Value::Null,
                        Target::AtMost(l) => json!({"at_most": l}),
                        Target::Ratio(x) => json!({"ratio_at_most": x}),
                    },
                    "pass": r.pass(),
                })
            })
            .collect();
        json!({ "machine": machine, "results": rows, "notes": self.notes })
    }
}

/// A figure with its unit, to 3 significant-ish digits.
pub fn fmt(v: f64, unit: &str) -> String {
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else if v >= 1.0 {
        2
    } else {
        3
    };
    format!("{v:.digits$} {unit}")
}
