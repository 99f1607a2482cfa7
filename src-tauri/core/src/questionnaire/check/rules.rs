//! The checks of rules across a repeating group's rows (`[[sections.rules]]`): one kind each,
//! a condition on the row's own answers that can be true, a limit the group can reach, a
//! `not_own_row` naming a reference of the group to itself, and a message in both languages.

use super::{id_ok, Checker};
use crate::questionnaire::expr;
use crate::questionnaire::model::{QuestionType, Rule, Section};
use crate::questionnaire::reach;
use crate::questionnaire::repeat::DEFAULT_MAX_ROWS;
use std::collections::BTreeSet;

impl Checker<'_> {
    /// Every rule of the group this checker checks.
    pub(super) fn rules(&mut self) {
        let Some(g) = self.group else { return };
        let mut seen = BTreeSet::new();
        for r in &g.rules {
            if !id_ok(&r.id) {
                self.error(
                    &r.id,
                    format!(
                        "`{}`: rule id `{}` may use only a-z, 0-9 and `_`, starting with a letter",
                        g.id, r.id
                    ),
                );
            }
            if !seen.insert(r.id.as_str()) {
                self.error(
                    &r.id,
                    format!("`{}`: rule `{}` is defined twice", g.id, r.id),
                );
            }
            self.translations(&r.id, &format!("rule `{}`: the message", r.id), &r.message);
            self.rule(g, r);
        }
    }

    fn rule(&mut self, g: &Section, r: &Rule) {
        let at = |what: &str| format!("`{}`: rule `{}`: {what}", g.id, r.id);
        let max = g.max_rows.unwrap_or(DEFAULT_MAX_ROWS);
        match (r.at_most, r.at_least, &r.not_own_row) {
            (Some(n), None, None) => {
                if n >= max {
                    let why = format!("at_most {n} can never be broken: the group takes at most {max} rows (max_rows)");
                    self.error(&r.id, at(&why));
                }
                self.rows_where(g, r);
            }
            (None, Some(n), None) => {
                if n == 0 {
                    self.error(&r.id, at("at_least 0 asks nothing; use 1 or more"));
                } else if n > max {
                    let why = format!("at_least {n} can never be met: the group takes at most {max} rows (max_rows)");
                    self.error(&r.id, at(&why));
                }
                self.rows_where(g, r);
            }
            (None, None, Some(q)) => {
                if r.rows_where.is_some() {
                    self.error(&r.id, at("rows_where is for at_most and at_least rules"));
                }
                let question = g.questions.iter().find(|x| &x.id == q);
                let refers_here = question.is_some_and(|x| {
                    matches!(x.kind, QuestionType::RowRef | QuestionType::RowRefs)
                        && x.group.as_deref() == Some(g.id.as_str())
                });
                if !refers_here {
                    let why = format!(
                        "not_own_row `{q}` is not a row_ref or row_refs question of this group referring to its own rows (group = \"{}\")",
                        g.id
                    );
                    self.error(&r.id, at(&why));
                }
            }
            _ => self.error(
                &r.id,
                at("a rule has exactly one of at_most, at_least or not_own_row"),
            ),
        }
    }

    /// The condition of a limit: present, well formed, on the row's own answers, satisfiable.
    fn rows_where(&mut self, g: &Section, r: &Rule) {
        let at = |what: &str| format!("`{}`: rule `{}`: {what}", g.id, r.id);
        let Some(src) = &r.rows_where else {
            self.error(
                &r.id,
                at("needs rows_where, the condition on a row it counts"),
            );
            return;
        };
        let e = match expr::parse(src) {
            Ok(e) => e,
            Err(why) => {
                self.error(&r.id, at(&format!("rows_where: {why}")));
                return;
            }
        };
        let def = self.def;
        let mut sound = true;
        for used in e.ids() {
            if def.question(used).is_none() && def.computed_value(used).is_none() {
                let why = format!("rows_where uses `{used}`, which is not a question or computed value of this row");
                self.error(&r.id, at(&why));
                sound = false;
            }
        }
        for leaf in e.leaves() {
            if let Some(why) = self.leaf_problem(leaf) {
                self.error(&r.id, at(&format!("rows_where: {why}")));
                sound = false;
            }
        }
        if sound && !reach::satisfiable(def, &e, &BTreeSet::new()) {
            self.error(
                &r.id,
                at("rows_where can never be true, so the rule counts no row"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
