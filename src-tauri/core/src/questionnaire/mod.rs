//! The questionnaire engine: definitions from `content/questionnaires/<id>.toml`, conditions,
//! validation, computed values, progress, the checker, answer drafts and the mapping to advice.
//!
//! Questionnaires are loaded once with the rest of the content tree (`catalogue::Catalogue`) and
//! change only when the tree is read again. A questionnaire's version is the SHA-256 of its file,
//! stored with every answer, so an insurer can change questions without a new build and every
//! answer set says which questions it answered.

pub mod answers;
mod check;
pub mod expr;
#[cfg(test)]
mod expr_proptests;
mod fields;
pub mod form;
mod graph;
pub mod mapping;
pub mod model;
pub mod prefill_rows;
mod reach;
pub mod repeat;
pub mod rows;
pub mod rules;
pub mod value;

pub use check::{check, check_text};
pub use form::{evaluate, Answers, FormState, SectionProgress};
pub use mapping::{to_profile, MappedProfile};
pub use model::{Definition, LocalText, Question, QuestionType};

use crate::problem::{Problem, Severity};
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The folder of questionnaires inside a content tree.
pub const DIR: &str = "questionnaires";

/// A loaded questionnaire: its definition, version and parsed conditions.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub definition: Definition,
    /// Hex SHA-256 of the file's bytes.
    pub version: String,
    /// Parsed `show_if` by question id.
    pub(crate) conditions: HashMap<String, expr::Expr>,
    /// The repeating groups, in order, each with the questionnaire one row answers.
    pub groups: Vec<repeat::Group>,
}

impl Questionnaire {
    /// The repeating group with this id.
    pub fn group(&self, id: &str) -> Option<&repeat::Group> {
        self.groups.iter().find(|g| g.id == id)
    }
}

/// The version of a questionnaire file: hex SHA-256 of its bytes.
pub fn version_of(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses a questionnaire and refuses it if the checker finds an error in it, so a broken
/// definition never reaches a client. `name` is used in messages.
pub fn parse(text: &str, name: &str) -> Result<Questionnaire> {
    let problems = check_text(text, Path::new(name));
    if let Some(p) = problems.iter().find(|p| p.severity == Severity::Error) {
        return Err(Error::Content(format!(
            "{p} ({} problem(s); run `presale check-content`)",
            problems.len()
        )));
    }
    build(text, name)
}

/// Builds a questionnaire from text already checked clean.
fn build(text: &str, name: &str) -> Result<Questionnaire> {
    let definition: Definition =
        toml::from_str(text).map_err(|e| Error::Content(format!("{name}: {}", e.message())))?;
    let version = version_of(text);
    let mut groups = Vec::new();
    for section in definition.groups() {
        let row = repeat::row_definition(&definition, section);
        let form = assemble(row, version.clone(), Vec::new(), name)?;
        let rules = section
            .rules
            .iter()
            .map(|r| rules::RowRule::load(r, name))
            .collect::<Result<_>>()?;
        groups.push(repeat::Group::new(section, form, rules));
    }
    assemble(definition, version, groups, name)
}

/// A questionnaire (or one row of a group) with its conditions parsed.
fn assemble(
    definition: Definition,
    version: String,
    groups: Vec<repeat::Group>,
    name: &str,
) -> Result<Questionnaire> {
    let mut conditions = HashMap::new();
    for (_, q) in definition.questions() {
        if let Some(src) = &q.show_if {
            let e = expr::parse(src)
                .map_err(|why| Error::Content(format!("{name}: {}: show_if: {why}", q.id)))?;
            conditions.insert(q.id.clone(), e);
        }
    }
    Ok(Questionnaire {
        definition,
        version,
        conditions,
        groups,
    })
}

/// Every valid questionnaire of a content tree, read, checked and parsed once when the tree is
/// loaded (and again only when it is reloaded), so answers are checked against the version the
/// rest of the content came with, not a file re-read on every answer.
#[derive(Debug, Clone, Default)]
pub struct Questionnaires {
    by_id: BTreeMap<String, Questionnaire>,
}

impl Questionnaires {
    /// Loads `questionnaires/*.toml` under `dir`. A file with an error is left out (never served
    /// to a client) and its problems are returned with everyone else's.
    pub fn load(dir: &Path) -> (Questionnaires, Vec<Problem>) {
        let mut by_id = BTreeMap::new();
        let mut problems = Vec::new();
        for file in check::read_checked(dir) {
            let has_error = file.problems.iter().any(|p| p.severity == Severity::Error);
            if let (false, Some(text)) = (has_error, &file.text) {
                match build(text, &file.rel.to_string_lossy()) {
                    Ok(q) => {
                        by_id.insert(q.definition.id.clone(), q);
                    }
                    Err(e) => problems.push(Problem::error(&file.rel, None, e.to_string())),
                }
            }
            problems.extend(file.problems);
        }
        (Questionnaires { by_id }, problems)
    }

    /// The questionnaire `id`: `invalid_input` for something that is not an id (a path, say),
    /// `not_found` for an id this tree has no valid questionnaire for.
    pub fn get(&self, id: &str) -> Result<&Questionnaire> {
        let well_formed = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !well_formed {
            return Err(Error::invalid(
                "questionnaire_id",
                format!("`{id}` is not a questionnaire id"),
            ));
        }
        self.by_id
            .get(id)
            .ok_or_else(|| Error::NotFound(format!("questionnaire `{id}`")))
    }

    /// The ids of the loaded questionnaires, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests;
