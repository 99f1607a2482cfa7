//! Repeating groups (as ODK's repeat, SurveyJS's dynamic panels): a section answered once per
//! row - per household member, per policy - each row with its own conditions, validation and
//! computed values.
//!
//! A group's answer is one JSON array of row objects, `[{"id": "r1", "relation": "self", ...}]`,
//! in the order the rows are shown: `id` is the row id the engine gave it (`r1`, `r2`, ...,
//! never reused within a consultation's questionnaire), every other key a question of the group.
//! Each row is evaluated as a small questionnaire of its own (`Group::form`), so a row's
//! `show_if` sees only that row's answers and its computed values are worked from them.

use super::form::{computed_json, shown, Answers, SectionProgress};
use super::model::{Choice, Definition, QuestionType, Section};
use super::rules::{RowRule, UnmetRule};
use super::Questionnaire;
use crate::text::{text, Text};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The most rows a group takes when its definition does not say (`max_rows`).
pub const DEFAULT_MAX_ROWS: usize = 100;

/// The row ids of each group, as stored (group id -> ids in order).
pub(super) type RowIds = BTreeMap<String, Vec<String>>;

/// A repeating group as loaded: its limits and the questionnaire one row answers.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub min_rows: usize,
    pub max_rows: usize,
    /// The questions naming a row (`Section::row_label`).
    pub row_label: Vec<String>,
    /// One row's questions and computed values, as a questionnaire of one section.
    pub form: Questionnaire,
    /// The rules across the group's rows (`[[sections.rules]]`).
    pub rules: Vec<RowRule>,
}

/// One row as the form shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowState {
    pub id: String,
    /// What the row is called where others refer to it (a name, or a relation: "Child 2"),
    /// never its id.
    pub label: Text,
    /// The row's questions shown now, in order.
    pub visible: Vec<String>,
    /// The row's computed values (absent when their inputs are not answered).
    pub computed: BTreeMap<String, Value>,
    /// Required questions shown in this row but not answered yet.
    pub missing_required: Vec<String>,
}

/// The definition one row of `section` answers: its questions as the only section, its
/// computed values as the only ones.
pub(super) fn row_definition(def: &Definition, section: &Section) -> Definition {
    Definition {
        id: def.id.clone(),
        kind: def.kind.clone(),
        title: section.title.clone(),
        intro: None,
        sections: vec![Section {
            repeat: false,
            computed: Vec::new(),
            rules: Vec::new(),
            ..section.clone()
        }],
        computed: section.computed.clone(),
    }
}

/// The row ids stored for every group.
pub(super) fn row_ids(q: &Questionnaire, stored: &Answers) -> RowIds {
    q.groups
        .iter()
        .map(|g| {
            let ids = stored_rows(stored.get(&g.id))
                .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
                .collect();
            (g.id.clone(), ids)
        })
        .collect()
}

/// The row objects of a stored group answer (nothing for anything else).
pub(super) fn stored_rows(v: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// An answer with its references to rows that are gone taken out: `None` for a `row_ref` to a
/// row that is gone; the answer itself for every other type.
pub(super) fn live_refs(
    question: &super::model::Question,
    a: &Value,
    row_ids: &RowIds,
) -> Option<Value> {
    let ids = question
        .group
        .as_deref()
        .and_then(|g| row_ids.get(g))
        .map_or(&[][..], Vec::as_slice);
    let live = |v: &Value| v.as_str().is_some_and(|s| ids.iter().any(|i| i == s));
    match question.kind {
        QuestionType::RowRef => live(a).then(|| a.clone()),
        QuestionType::RowRefs => Some(Value::Array(
            a.as_array()?.iter().filter(|v| live(v)).cloned().collect(),
        )),
        _ => Some(a.clone()),
    }
}

impl Group {
    /// Builds the group of `section` (a repeating one) of `def`.
    pub(super) fn new(section: &Section, form: Questionnaire, rules: Vec<RowRule>) -> Group {
        Group {
            id: section.id.clone(),
            min_rows: section.min_rows.unwrap_or(0),
            max_rows: section.max_rows.unwrap_or(DEFAULT_MAX_ROWS),
            row_label: section.row_label.clone(),
            form,
            rules,
        }
    }

    /// The group's questions.
    pub fn section(&self) -> &Section {
        &self.form.definition.sections[0]
    }

    /// The group's rows as they count (each with its id and the answers to its shown
    /// questions) and what each row shows.
    pub(super) fn evaluate(
        &self,
        stored: Option<&Value>,
        health_consent: bool,
        today: &str,
        row_ids: &RowIds,
    ) -> (Value, Vec<RowState>) {
        let mut values = Vec::new();
        let mut states = Vec::new();
        for row in stored_rows(stored) {
            let Some(id) = row.get("id").and_then(Value::as_str) else {
                continue;
            };
            let answers: Answers = row
                .iter()
                .filter(|(k, _)| k.as_str() != "id")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let s = shown(&self.form, &answers, health_consent, today, row_ids);
            let computed = self
                .form
                .definition
                .computed
                .iter()
                .filter_map(|c| {
                    computed_json(&self.form, &s.env, &c.id, today).map(|v| (c.id.clone(), v))
                })
                .collect();
            let missing_required = self
                .section()
                .questions
                .iter()
                .filter(|x| x.required && s.visible.contains(&x.id))
                .filter(|x| !s.answers.contains_key(&x.id))
                .map(|x| x.id.clone())
                .collect();
            let mut object = Map::new();
            object.insert("id".into(), Value::String(id.to_string()));
            object.extend(s.answers.clone());
            values.push(Value::Object(object));
            states.push(RowState {
                id: id.to_string(),
                label: self.own_label(&s.answers),
                visible: s.visible,
                computed,
                missing_required,
            });
        }
        number_alike(&mut states);
        (Value::Array(values), states)
    }

    /// A row's own name: the first answered `row_label` question (a choice by its label).
    fn own_label(&self, answers: &Answers) -> Text {
        for id in &self.row_label {
            let (Some(q), Some(a)) = (self.form.definition.question(id), answers.get(id)) else {
                continue;
            };
            if let Some(s) = a.as_str() {
                if let Some(label) = option(&q.options, s).and_then(|o| o.label.to_text()) {
                    return label;
                }
                if q.kind == QuestionType::Text {
                    return text(s, s);
                }
            }
        }
        Text::default()
    }
}

fn option<'a>(options: &'a [Choice], value: &str) -> Option<&'a Choice> {
    options.iter().find(|o| o.value == value)
}

/// Rows without a name are "Row 3"; rows sharing one are numbered ("Child 1", "Child 2"), so
/// every label says which row it is without showing an id.
fn number_alike(states: &mut [RowState]) {
    let labels: Vec<Text> = states.iter().map(|s| s.label.clone()).collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in states.iter_mut().enumerate() {
        let own = &labels[i];
        if own.zh.is_empty() {
            s.label = text(format!("第 {} 行", i + 1), format!("Row {}", i + 1));
            continue;
        }
        let count = labels.iter().filter(|l| l.zh == own.zh).count();
        if count > 1 {
            let n = seen.entry(own.zh.as_str()).or_insert(0);
            *n += 1;
            s.label = text(format!("{} {n}", own.zh), format!("{} {n}", own.en));
        }
    }
}

/// The progress of a repeating group: one item of the form, answered once it has a row;
/// missing what its rows lack (`policies[2].kind`), with fewer rows than `min_rows` the group
/// itself, and each `at_least` rule its rows do not meet (`members.rules.self_needed`).
pub(super) fn progress(
    section: &Section,
    rows: &[RowState],
    unmet_rules: Vec<UnmetRule>,
) -> SectionProgress {
    let mut missing_required: Vec<String> = Vec::new();
    if rows.len() < section.min_rows.unwrap_or(0) {
        missing_required.push(section.id.clone());
    }
    missing_required.extend(unmet_rules.iter().map(|u| u.field.clone()));
    for (i, r) in rows.iter().enumerate() {
        missing_required.extend(
            r.missing_required
                .iter()
                .map(|q| format!("{}[{i}].{q}", section.id)),
        );
    }
    SectionProgress {
        id: section.id.clone(),
        visible: 1,
        answered: usize::from(!rows.is_empty()),
        missing_required,
        complete: false,
        unmet_rules,
    }
}

#[cfg(test)]
mod tests;
