//! Whether a `show_if` can ever be true: tries every combination of the few values that matter.
//!
//! For each id a condition reads, the candidate values are "unanswered" plus: yes and no; each
//! option (each subset for a multiple choice of up to 8 options); for numbers, each literal it is
//! compared with and its neighbours, within the question's bounds. Computed values are treated as
//! independent of their inputs, which can only make a condition look reachable when it is not -
//! never the other way round, so the checker never calls a reachable question unreachable.

use super::expr::{Expr, Lit};
use super::model::{Compute, Definition, QuestionType};
use super::value::Val;
use crate::advice::LifeStage;
use std::collections::{BTreeMap, BTreeSet};

/// Combinations tried at most; beyond that the condition is assumed reachable.
const MAX_COMBINATIONS: usize = 200_000;

/// Whether `e` can hold for some answers. `never_shown` lists questions that are unreachable
/// themselves, so they are always unanswered.
pub fn satisfiable(def: &Definition, e: &Expr, never_shown: &BTreeSet<String>) -> bool {
    let ids: BTreeSet<&str> = e.ids().into_iter().collect();
    let mut domains: Vec<(&str, Vec<Option<Val>>)> = Vec::new();
    let mut size: usize = 1;
    for id in ids {
        let mut d = vec![None];
        if !never_shown.contains(id) {
            d.extend(candidates(def, e, id).into_iter().map(Some));
        }
        size = size.saturating_mul(d.len());
        domains.push((id, d));
    }
    if size > MAX_COMBINATIONS {
        return true;
    }
    let mut pick = vec![0usize; domains.len()];
    loop {
        let env: BTreeMap<&str, &Option<Val>> = domains
            .iter()
            .zip(&pick)
            .map(|((id, d), &i)| (*id, &d[i]))
            .collect();
        if e.eval(&|id| env.get(id).and_then(|v| (*v).clone())) {
            return true;
        }
        // Next combination, like an odometer.
        let mut k = 0;
        loop {
            if k == pick.len() {
                return false;
            }
            pick[k] += 1;
            if pick[k] < domains[k].1.len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

/// Number literals `e` compares `id` with, in hundredths.
fn literals(e: &Expr, id: &str) -> Vec<i128> {
    e.leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Expr::Cmp {
                id: i,
                lit: Lit::Num(n),
                ..
            } if i == id => Some(*n),
            _ => None,
        })
        .collect()
}

fn words(e: &Expr, id: &str) -> Vec<String> {
    e.leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Expr::Cmp {
                id: i,
                lit: Lit::Word(w),
                ..
            } if i == id => Some(w.clone()),
            _ => None,
        })
        .collect()
}

fn numbers(e: &Expr, id: &str, min: i128, max: i128) -> Vec<Val> {
    let mut set = BTreeSet::from([min, max]);
    for n in literals(e, id) {
        for c in [n - 1, n, n + 1] {
            set.insert(c);
        }
    }
    set.into_iter()
        .filter(|n| *n >= min && *n <= max)
        .map(Val::Num)
        .collect()
}

fn candidates(def: &Definition, e: &Expr, id: &str) -> Vec<Val> {
    if let Some(q) = def.question(id) {
        let bound = |b: Option<i64>, default: i64| i128::from(b.unwrap_or(default)) * 100;
        return match q.kind {
            QuestionType::YesNo => vec![Val::Bool(true), Val::Bool(false)],
            QuestionType::SingleChoice => q
                .options
                .iter()
                .map(|o| Val::Text(o.value.clone()))
                .collect(),
            QuestionType::MultipleChoice => {
                subsets(q.options.iter().map(|o| o.value.clone()).collect())
            }
            QuestionType::Integer | QuestionType::Money | QuestionType::Number => {
                numbers(e, id, bound(q.min, 0), bound(q.max, i64::MAX / 100))
            }
            QuestionType::Percent => numbers(e, id, bound(q.min, 0), bound(q.max, 100)),
            QuestionType::Age => numbers(e, id, bound(q.min, 0), bound(q.max, 120)),
            // A list of rows is never compared (the checker refuses it): only "unanswered".
            QuestionType::RowRefs => Vec::new(),
            QuestionType::Text
            | QuestionType::DateOfBirth
            | QuestionType::Date
            | QuestionType::RowRef => {
                let mut v: Vec<Val> = words(e, id).into_iter().map(Val::Text).collect();
                v.push(Val::Text(String::new()));
                v
            }
        };
    }
    match def.computed_value(id).map(|c| c.compute) {
        Some(Compute::Age | Compute::YearsUntil) => numbers(e, id, 0, 12_000),
        Some(Compute::Sum) => numbers(e, id, 0, i128::from(i64::MAX)),
        Some(Compute::LifeStage) => [
            LifeStage::Growth,
            LifeStage::Youth,
            LifeStage::Middle,
            LifeStage::Old,
        ]
        .iter()
        .map(|s| Val::Text(s.tag().to_string()))
        .collect(),
        Some(Compute::Any) => vec![Val::Bool(true), Val::Bool(false)],
        None => Vec::new(),
    }
}

fn subsets(options: Vec<String>) -> Vec<Val> {
    if options.len() > 8 {
        let mut v: Vec<Val> = options.iter().map(|o| Val::Set(vec![o.clone()])).collect();
        v.push(Val::Set(options));
        return v;
    }
    (1..(1u32 << options.len()))
        .map(|mask| {
            Val::Set(
                options
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, o)| o.clone())
                    .collect(),
            )
        })
        .collect()
}
