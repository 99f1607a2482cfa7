//! The checks of repeating groups (`[[sections]]` with `repeat = true`): ids unique within the
//! row, the group's limits and row label, references to groups that exist, conditions and
//! computed values that use only the row's own answers.

use super::{id_ok, Checker};
use crate::questionnaire::model::{Question, QuestionType, Section};
use std::collections::BTreeSet;

/// Each `[[sections]]` block of the text: its id and its lines (0-based, end excluded), so a
/// problem in a row's question points at the group's lines, not at a question of the same id
/// asked once.
pub(super) fn section_lines(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[sections]]")
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .filter_map(|(k, &from)| {
            let to = starts.get(k + 1).copied().unwrap_or(lines.len());
            let id = lines[from..to].iter().find_map(|l| {
                let (key, value) = l.split_once('=')?;
                (key.trim() == "id").then(|| value.trim().trim_matches('"').to_string())
            })?;
            Some((id, from, to))
        })
        .collect()
}

impl Checker<'_> {
    /// A section answered once carries none of a group's keys.
    pub(super) fn not_a_group(&mut self, s: &Section) {
        let keys = [
            ("min_rows", s.min_rows.is_some()),
            ("max_rows", s.max_rows.is_some()),
            ("row_label", !s.row_label.is_empty()),
            ("computed", !s.computed.is_empty()),
            ("rules", !s.rules.is_empty()),
        ];
        for (key, set) in keys {
            if set {
                self.error(
                    &s.id,
                    format!(
                        "section `{}`: `{key}` is for repeating groups; add `repeat = true` or remove it",
                        s.id
                    ),
                );
            }
        }
    }

    /// The group's own structure: unique ids within the row, limits, row label, and the checks
    /// of each of its questions.
    pub(super) fn group_structure(&mut self) {
        let Some(g) = self.group else { return };
        let def = self.def;
        // Its title, help and having questions at all are checked with the other sections.
        let mut seen = BTreeSet::new();
        let ids = g
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .chain(g.computed.iter().map(|c| c.id.as_str()));
        for id in ids {
            if !id_ok(id) {
                self.error(
                    id,
                    format!("id `{id}` may use only a-z, 0-9 and `_`, starting with a letter"),
                );
            }
            if id == "id" {
                self.error(
                    id,
                    format!(
                        "`{}`: `id` is the row's own id and cannot be a question",
                        g.id
                    ),
                );
            }
            if !seen.insert(id) {
                self.error(
                    id,
                    format!(
                        "id `{id}` is used twice in the repeating group `{}`; ids must be unique in a row",
                        g.id
                    ),
                );
            }
        }
        let (min, max) = (g.min_rows.unwrap_or(0), g.max_rows.unwrap_or(1));
        if max == 0 {
            self.error(&g.id, format!("`{}`: max_rows must be at least 1", g.id));
        } else if g.max_rows.is_some() && min > max {
            self.error(
                &g.id,
                format!("`{}`: min_rows {min} is above max_rows {max}", g.id),
            );
        }
        for l in &g.row_label {
            match def.question(l).map(|q| q.kind) {
                Some(QuestionType::Text | QuestionType::SingleChoice) => {}
                Some(_) => self.error(
                    &g.id,
                    format!(
                        "`{}`: row_label `{l}` must be a text or single-choice question",
                        g.id
                    ),
                ),
                None => self.error(
                    &g.id,
                    format!(
                        "`{}`: row_label `{l}` is not a question of this group",
                        g.id
                    ),
                ),
            }
        }
        for q in &g.questions {
            self.question(q);
            if q.sensitive {
                self.error(&q.id, format!("`{}`: health questions are asked once, not in a repeating group (`sensitive` is not allowed here)", q.id));
            }
            if q.profile.is_some() {
                self.error(&q.id, format!("`{}`: an answer in a repeating group fills no single profile field (remove `profile`; the household review reads the rows)", q.id));
            }
            if q.prefill.is_some() {
                self.error(
                    &q.id,
                    format!("`{}`: prefill is for questions asked once", q.id),
                );
            }
        }
        for c in &g.computed {
            if c.profile.is_some() {
                self.error(
                    &c.id,
                    format!("`{}`: a row's computed value fills no profile field", c.id),
                );
            }
        }
    }

    /// `group` on a row reference names a repeating group; `not_before` a date question of the
    /// same row (or of the questionnaire, outside a group).
    pub(super) fn references(&mut self, q: &Question) {
        let is_ref = matches!(q.kind, QuestionType::RowRef | QuestionType::RowRefs);
        match (&q.group, is_ref) {
            (None, true) => self.error(
                &q.id,
                format!(
                    "`{}`: a row reference needs `group = \"<repeating group id>\"`",
                    q.id
                ),
            ),
            (Some(_), false) => self.error(
                &q.id,
                format!("`{}`: `group` is for row_ref and row_refs questions", q.id),
            ),
            (Some(target), true) => {
                if self.outer.group(target).is_none() {
                    let groups: Vec<&str> = self.outer.groups().map(|s| s.id.as_str()).collect();
                    self.error(
                        &q.id,
                        format!(
                            "`{}`: group `{target}` is not a repeating group of this questionnaire (groups: {})",
                            q.id,
                            if groups.is_empty() { "none".to_string() } else { groups.join(", ") }
                        ),
                    );
                }
            }
            (None, false) => {}
        }
        if let Some(other) = &q.not_before {
            if !matches!(q.kind, QuestionType::Date | QuestionType::DateOfBirth) {
                self.error(
                    &q.id,
                    format!("`{}`: not_before is for date questions", q.id),
                );
            } else if !matches!(
                self.def.question(other).map(|o| o.kind),
                Some(QuestionType::Date | QuestionType::DateOfBirth)
            ) {
                self.error(
                    &q.id,
                    format!(
                        "`{}`: not_before `{other}` is not a date question of the same {}",
                        q.id,
                        if self.group.is_some() {
                            "row"
                        } else {
                            "questionnaire"
                        }
                    ),
                );
            } else if other == &q.id {
                self.error(
                    &q.id,
                    format!("`{}`: not_before names the question itself", q.id),
                );
            }
        }
    }

    /// Why condition `id` may not use `used`, which this checker's questions do not have.
    pub(super) fn unknown_in_condition(&self, id: &str, used: &str) -> String {
        let outer = self.outer;
        let asked_once = outer.question(used).is_some() || outer.computed_value(used).is_some();
        let in_group = outer.groups().find(|g| {
            g.questions.iter().any(|q| q.id == used) || g.computed.iter().any(|c| c.id == used)
        });
        match (self.group, asked_once, in_group) {
            (Some(g), true, _) | (Some(g), _, Some(_)) => format!(
                "`{id}`: show_if uses `{used}`, which is not a question of this row; a condition in the repeating group `{}` may only use the row's own answers",
                g.id
            ),
            (None, _, Some(g)) => format!(
                "`{id}`: show_if uses `{used}`, a question of the repeating group `{}` answered once per row; a question asked once cannot depend on it",
                g.id
            ),
            _ => format!("`{id}`: show_if uses unknown question id `{used}`"),
        }
    }
}

#[cfg(test)]
mod tests;
