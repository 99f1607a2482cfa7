//! A questionnaire in progress: which questions are shown, the computed values, and progress.
//!
//! Everything here is derived from the stored answers each time, so the form after a crash is
//! exactly the form before it. Answers to questions that became hidden stay stored (the client
//! may go back) but count for nothing: not for conditions, progress, computed values or advice.

use super::model::Compute;
use super::repeat::{self, RowIds, RowState};
use super::rules::{self, UnmetRule};
use super::value::Val;
use super::Questionnaire;
use crate::advice::life_stage;
use crate::date::Date;
use crate::money::Money;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Stored answers by question id.
pub type Answers = BTreeMap<String, Value>;

/// Progress of one section.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SectionProgress {
    pub id: String,
    /// Questions shown in this section now.
    pub visible: usize,
    /// Of those, how many are answered.
    pub answered: usize,
    /// Required questions shown but not answered yet.
    pub missing_required: Vec<String>,
    /// Nothing required is missing and the section was reached (answered in, or passed).
    pub complete: bool,
    /// For a repeating group: its `at_least` rules its rows do not meet, with their messages
    /// (each is in `missing_required` too, as `<group>.rules.<id>`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet_rules: Vec<UnmetRule>,
}

/// The state of the form for the UI: what to show and how far along it is.
#[derive(Debug, Clone, Serialize)]
pub struct FormState {
    pub questionnaire_id: String,
    pub version: String,
    /// Ids of the questions shown now, in order.
    pub visible: Vec<String>,
    /// Answers to the visible questions.
    pub answers: Answers,
    /// Computed values by id (absent when their inputs are not answered).
    pub computed: BTreeMap<String, Value>,
    /// Each repeating group's rows, in order: what each row shows and computes (its answers
    /// are in `answers[group]`, an array of row objects).
    pub rows: BTreeMap<String, Vec<RowState>>,
    pub sections: Vec<SectionProgress>,
    pub answered: usize,
    pub total: usize,
    /// answered / total, in whole percent (100 when nothing is shown).
    pub percent: u32,
    /// Index of the section to resume at: the first one not complete (the last if all are).
    pub current_section: usize,
    /// Whether the separate health-data consent was given, so sensitive questions are shown.
    pub health_consent: bool,
    /// Questions whose answer is the client file's value (`prefill`), so the form can say where
    /// it came from; filled in by `answers::state`, which knows the consultation's client.
    pub prefilled: Vec<String>,
    /// Repeating groups whose rows were filled from the client file's household (group id ->
    /// the day the file's rows were as of, `YYYY-MM-DD`), while they have rows: the table asks
    /// the agent to check them with the client (`prefill_rows`).
    pub prefilled_groups: BTreeMap<String, String>,
}

/// Works out the form from stored answers. `today` is `YYYY-MM-DD` for ages.
pub fn evaluate(
    q: &Questionnaire,
    stored: &Answers,
    health_consent: bool,
    today: &str,
) -> FormState {
    let def = &q.definition;
    let row_ids = repeat::row_ids(q, stored);
    let Shown {
        visible,
        mut answers,
        env,
    } = shown(q, stored, health_consent, today, &row_ids);
    let computed = def
        .computed
        .iter()
        .filter_map(|c| computed_json(q, &env, &c.id, today).map(|v| (c.id.clone(), v)))
        .collect();
    let mut rows = BTreeMap::new();
    let mut unmet = BTreeMap::new();
    for g in &q.groups {
        let (value, states) = g.evaluate(stored.get(&g.id), health_consent, today, &row_ids);
        let counted: Vec<_> = repeat::stored_rows(Some(&value)).cloned().collect();
        unmet.insert(g.id.clone(), rules::unmet(g, &counted, today, &row_ids));
        if stored.contains_key(&g.id) {
            answers.insert(g.id.clone(), value);
        }
        rows.insert(g.id.clone(), states);
    }

    let mut sections: Vec<SectionProgress> = def
        .sections
        .iter()
        .map(|s| {
            if s.repeat {
                return repeat::progress(
                    s,
                    rows.get(&s.id).map_or(&[][..], Vec::as_slice),
                    unmet.remove(&s.id).unwrap_or_default(),
                );
            }
            let shown: Vec<_> = s
                .questions
                .iter()
                .filter(|x| visible.contains(&x.id))
                .collect();
            SectionProgress {
                id: s.id.clone(),
                visible: shown.len(),
                answered: shown.iter().filter(|x| answers.contains_key(&x.id)).count(),
                missing_required: shown
                    .iter()
                    .filter(|x| x.required && !answers.contains_key(&x.id))
                    .map(|x| x.id.clone())
                    .collect(),
                complete: false,
                unmet_rules: Vec::new(),
            }
        })
        .collect();
    // A section was reached if something in it or after it is answered.
    let mut later_answered = false;
    for s in sections.iter_mut().rev() {
        let reached = s.answered > 0 || s.visible == 0 || later_answered;
        s.complete = s.missing_required.is_empty() && reached;
        later_answered |= s.answered > 0;
    }
    let total: usize = sections.iter().map(|s| s.visible).sum();
    let answered: usize = sections.iter().map(|s| s.answered).sum();
    let current_section = sections
        .iter()
        .position(|s| !s.complete)
        .unwrap_or(sections.len().saturating_sub(1));
    FormState {
        questionnaire_id: def.id.clone(),
        version: q.version.clone(),
        visible,
        answers,
        computed,
        rows,
        percent: (answered * 100)
            .checked_div(total)
            .map_or(100, |p| p as u32),
        sections,
        answered,
        total,
        current_section,
        health_consent,
        prefilled: Vec::new(),
        prefilled_groups: BTreeMap::new(),
    }
}

/// The questions shown for some stored answers, the answers that count, and the values
/// conditions and computed values see.
pub(super) struct Shown {
    pub visible: Vec<String>,
    pub answers: Answers,
    pub env: BTreeMap<String, Val>,
}

/// Which questions of `q` (a questionnaire, or one row of a repeating group) are shown, in
/// order, and which stored answers count. A reference to a row that is gone counts as
/// unanswered (`row_ref`) or is left out of the list (`row_refs`).
pub(super) fn shown(
    q: &Questionnaire,
    stored: &Answers,
    health_consent: bool,
    today: &str,
    row_ids: &RowIds,
) -> Shown {
    let mut env: BTreeMap<String, Val> = BTreeMap::new();
    let mut visible = Vec::new();
    let mut answers = Answers::new();
    for (_, question) in q.definition.questions() {
        let shown = (!question.sensitive || health_consent)
            && q.conditions
                .get(&question.id)
                .map_or(true, |e| e.eval(&|id| lookup(q, &env, id, today)));
        if !shown {
            continue;
        }
        visible.push(question.id.clone());
        let Some(a) = stored.get(&question.id) else {
            continue;
        };
        let Some(a) = repeat::live_refs(question, a, row_ids) else {
            continue;
        };
        if let Some(v) = Val::of(question.kind, &a) {
            env.insert(question.id.clone(), v);
            answers.insert(question.id.clone(), a);
        }
    }
    Shown {
        visible,
        answers,
        env,
    }
}

/// The value of an answered visible question or of a computed value.
pub(super) fn lookup(
    q: &Questionnaire,
    env: &BTreeMap<String, Val>,
    id: &str,
    today: &str,
) -> Option<Val> {
    env.get(id)
        .cloned()
        .or_else(|| computed_val(q, env, id, today, 0))
}

/// Computed values nest at most this deep; the checker refuses cycles, this guards the rest.
const MAX_DEPTH: usize = 16;

fn computed_val(
    q: &Questionnaire,
    env: &BTreeMap<String, Val>,
    id: &str,
    today: &str,
    depth: usize,
) -> Option<Val> {
    let c = q.definition.computed_value(id)?;
    if depth > MAX_DEPTH {
        return None;
    }
    let input = |of: &str| {
        env.get(of)
            .cloned()
            .or_else(|| computed_val(q, env, of, today, depth + 1))
    };
    match c.compute {
        Compute::Age => {
            let Some(Val::Text(dob)) = input(c.of.first()?) else {
                return None;
            };
            Some(Val::Num(
                i128::from(
                    Date::parse_typed(&dob)
                        .ok()?
                        .years_until(Date::parse(today)?),
                ) * 100,
            ))
        }
        Compute::LifeStage => match input(c.of.first()?)? {
            Val::Num(hundredths) => Some(Val::Text(
                life_stage((hundredths / 100) as i64).tag().to_string(),
            )),
            _ => None,
        },
        Compute::YearsUntil => {
            let Some(Val::Num(age)) = input(c.of.first()?) else {
                return None;
            };
            let target = match c.of.get(1).and_then(|of| input(of)) {
                Some(Val::Num(n)) => n,
                _ => i128::from(c.default?) * 100,
            };
            // Whole years: an age of 37 and a target of 60 leave 23, a target passed leaves 0.
            Some(Val::Num(((target / 100) - (age / 100)).max(0) * 100))
        }
        Compute::Sum => {
            let parts: Vec<i128> =
                c.of.iter()
                    .filter_map(|of| match input(of) {
                        Some(Val::Num(n)) => Some(n),
                        _ => None,
                    })
                    .collect();
            (!parts.is_empty()).then(|| Val::Num(parts.iter().sum()))
        }
        Compute::Any => {
            let mut any_answered = false;
            let mut yes = false;
            for of in &c.of {
                match input(of) {
                    Some(Val::Bool(b)) => {
                        any_answered = true;
                        yes |= b;
                    }
                    Some(Val::Set(set)) => {
                        any_answered = true;
                        let exclusive = q
                            .definition
                            .question(of)
                            .map(|qq| {
                                qq.options
                                    .iter()
                                    .filter(|o| o.exclusive)
                                    .map(|o| o.value.clone())
                                    .collect::<Vec<_>>()
                            })
                            .unwrap_or_default();
                        yes |= set.iter().any(|v| !exclusive.contains(v));
                    }
                    _ => {}
                }
            }
            any_answered.then_some(Val::Bool(yes))
        }
    }
}

/// A computed value in the JSON form the UI and the advice profile use.
pub(super) fn computed_json(
    q: &Questionnaire,
    env: &BTreeMap<String, Val>,
    id: &str,
    today: &str,
) -> Option<Value> {
    let c = q.definition.computed_value(id)?;
    let v = computed_val(q, env, id, today, 0)?;
    Some(match (c.compute, v) {
        (Compute::Age | Compute::YearsUntil, Val::Num(n)) => Value::from((n / 100) as i64),
        (Compute::Sum, Val::Num(n)) => {
            Value::String(Money::from_minor(i64::try_from(n).ok()?).to_string())
        }
        (_, Val::Text(t)) => Value::String(t),
        (_, Val::Bool(b)) => Value::Bool(b),
        (_, Val::Num(n)) => Value::from((n / 100) as i64),
        (_, Val::Set(s)) => Value::from(s),
    })
}

#[cfg(test)]
mod tests;
