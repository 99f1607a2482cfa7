//! Rules across the rows of a repeating group, declared in the content (`[[sections.rules]]`):
//! "at most one member is `self`" (an edit breaking it is refused), "at least one member is
//! `self`" (unmet, the section reads incomplete) and "`depends_on` may not name the member
//! themself". A rule's condition is the row expression language of `show_if`, evaluated on
//! each row's own shown answers and computed values.
//!
//! A limit is judged on the change an edit makes: an edit is refused only when it raises the
//! number of matching rows above the limit, so rows saved before a rule was added can still be
//! corrected one at a time.

use super::expr::{self, Expr};
use super::form::{lookup, shown, Answers};
use super::model::Rule;
use super::repeat::{Group, RowIds};
use crate::text::{text, Text};
use crate::{Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};

/// A rule as loaded: its kind with its condition parsed, and its message.
#[derive(Debug, Clone)]
pub struct RowRule {
    pub id: String,
    pub kind: RuleKind,
    pub message: Text,
}

/// What a rule asks.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// At most `n` rows where the condition holds.
    AtMost(usize, Expr),
    /// At least `n` rows where it holds, once the group has a row.
    AtLeast(usize, Expr),
    /// The `row_ref`/`row_refs` question that may not name its own row.
    NotOwnRow(String),
}

/// A rule not met by the rows there are: the form lists it (`missing_required` holds
/// `members.rules.<id>`) with its message.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UnmetRule {
    pub id: String,
    /// The entry of `missing_required` that stands for it.
    pub field: String,
    pub message: Text,
}

/// A row that an edit would make one too many for a rule.
#[derive(Debug, Clone)]
pub struct Breach<'a> {
    /// The row's index among the rows after the edit.
    pub index: usize,
    pub rule: &'a RowRule,
}

impl RowRule {
    /// Loads a rule checked clean by the checker.
    pub(super) fn load(r: &Rule, name: &str) -> Result<RowRule> {
        let cond = || {
            expr::parse(r.rows_where.as_deref().unwrap_or_default()).map_err(|why| {
                Error::Content(format!("{name}: rule `{}`: rows_where: {why}", r.id))
            })
        };
        let kind = match (r.at_most, r.at_least, &r.not_own_row) {
            (Some(n), None, None) => RuleKind::AtMost(n, cond()?),
            (None, Some(n), None) => RuleKind::AtLeast(n, cond()?),
            (None, None, Some(q)) => RuleKind::NotOwnRow(q.clone()),
            _ => {
                return Err(Error::Content(format!(
                    "{name}: rule `{}` needs exactly one of at_most, at_least, not_own_row",
                    r.id
                )))
            }
        };
        Ok(RowRule {
            id: r.id.clone(),
            kind,
            message: r.message.to_text().unwrap_or_default(),
        })
    }

    /// The question of the row a breach is shown at when no edited question says: the first
    /// question the condition reads.
    pub fn question<'a>(&'a self, g: &Group) -> Option<&'a str> {
        match &self.kind {
            RuleKind::AtMost(_, e) | RuleKind::AtLeast(_, e) => e
                .ids()
                .into_iter()
                .find(|id| g.form.definition.question(id).is_some()),
            RuleKind::NotOwnRow(q) => Some(q),
        }
    }

    /// The question ids the condition reads that are questions of the row.
    pub fn questions<'a>(&'a self, g: &Group) -> Vec<&'a str> {
        match &self.kind {
            RuleKind::AtMost(_, e) | RuleKind::AtLeast(_, e) => e
                .ids()
                .into_iter()
                .filter(|id| g.form.definition.question(id).is_some())
                .collect(),
            RuleKind::NotOwnRow(q) => vec![q.as_str()],
        }
    }
}

/// Whether condition `e` holds for `row` (a row object with its `id`), on its shown answers.
fn holds(g: &Group, row: &Map<String, Value>, e: &Expr, today: &str, row_ids: &RowIds) -> bool {
    let answers: Answers = row
        .iter()
        .filter(|(k, _)| k.as_str() != "id")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // Rows hold no health questions (the checker refuses them), so consent changes nothing.
    let s = shown(&g.form, &answers, true, today, row_ids);
    e.eval(&|id| lookup(&g.form, &s.env, id, today))
}

fn id_of(row: &Map<String, Value>) -> Option<&str> {
    row.get("id").and_then(Value::as_str)
}

/// The rows of `after` that break an `at_most` rule because of the edit from `before`: for
/// each such rule whose matching rows the edit made more than allowed, the rows that newly
/// match, beyond the limit (the first rows keep their place; the later ones are one too many).
pub fn over_limit<'a>(
    g: &'a Group,
    before: &[Map<String, Value>],
    after: &[Map<String, Value>],
    today: &str,
    row_ids: &RowIds,
) -> Vec<Breach<'a>> {
    let mut out = Vec::new();
    for rule in &g.rules {
        let RuleKind::AtMost(n, e) = &rule.kind else {
            continue;
        };
        let was: Vec<&str> = before
            .iter()
            .filter(|r| holds(g, r, e, today, row_ids))
            .filter_map(id_of)
            .collect();
        let now: Vec<usize> = (0..after.len())
            .filter(|&i| holds(g, &after[i], e, today, row_ids))
            .collect();
        if now.len() <= *n || now.len() <= was.len() {
            continue;
        }
        let excess = now.len() - (*n).max(was.len());
        let new: Vec<usize> = now
            .into_iter()
            .filter(|&i| id_of(&after[i]).map_or(true, |id| !was.contains(&id)))
            .collect();
        let skip = new.len().saturating_sub(excess);
        out.extend(
            new.into_iter()
                .skip(skip)
                .map(|index| Breach { index, rule }),
        );
    }
    out
}

/// The message for a row naming itself in question `question`: the content's, when a
/// `not_own_row` rule names the question, else the engine's own.
pub fn own_row_message(g: &Group, question: &str) -> Text {
    g.rules
        .iter()
        .find(|r| matches!(&r.kind, RuleKind::NotOwnRow(q) if q == question))
        .map(|r| r.message.clone())
        .unwrap_or_else(|| text("一行不能指向它自己。", "A row cannot refer to itself."))
}

/// Whether `row` names itself in a reference question of its own group, and in which.
pub fn names_itself<'a>(g: &'a Group, row: &Map<String, Value>) -> Option<&'a str> {
    let own = id_of(row)?;
    g.section()
        .questions
        .iter()
        .filter(|q| q.group.as_deref() == Some(g.id.as_str()))
        .find(|q| match row.get(&q.id) {
            Some(Value::String(s)) => s == own,
            Some(Value::Array(items)) => items.iter().any(|v| v.as_str() == Some(own)),
            _ => false,
        })
        .map(|q| q.id.as_str())
}

/// The `at_least` rules the rows (as they count: shown answers only) do not meet. An empty
/// group meets them all: whether rows are needed at all is `min_rows`'s to say.
pub fn unmet(
    g: &Group,
    rows: &[Map<String, Value>],
    today: &str,
    row_ids: &RowIds,
) -> Vec<UnmetRule> {
    if rows.is_empty() {
        return Vec::new();
    }
    g.rules
        .iter()
        .filter_map(|rule| {
            let RuleKind::AtLeast(n, e) = &rule.kind else {
                return None;
            };
            let count = rows
                .iter()
                .filter(|r| holds(g, r, e, today, row_ids))
                .count();
            (count < *n).then(|| UnmetRule {
                id: rule.id.clone(),
                field: format!("{}.rules.{}", g.id, rule.id),
                message: rule.message.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
