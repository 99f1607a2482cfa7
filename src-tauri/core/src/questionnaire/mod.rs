//! The questionnaire engine: definitions from `content/questionnaires/<id>.toml`, conditions,
//! validation, computed values, progress, the checker, answer drafts and the mapping to advice.
//!
//! A questionnaire's version is the SHA-256 of its file, stored with every answer, so an insurer
//! can change questions without a new build and every answer set says which questions it answered.

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
mod reach;
pub mod value;

pub use check::{check, check_text};
pub use form::{evaluate, Answers, FormState, SectionProgress};
pub use mapping::{to_profile, MappedProfile};
pub use model::{Definition, LocalText, Question, QuestionType};

use crate::problem::Severity;
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
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
    let definition: Definition =
        toml::from_str(text).map_err(|e| Error::Content(format!("{name}: {}", e.message())))?;
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
        version: version_of(text),
        conditions,
    })
}

/// Loads the questionnaire `id` from a content tree.
pub fn load(content_dir: &Path, id: &str) -> Result<Questionnaire> {
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
    let path = content_dir.join(DIR).join(format!("{id}.toml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotFound(format!("questionnaire `{id}`")))
        }
        Err(e) => return Err(e.into()),
    };
    parse(&text, &format!("{DIR}/{id}.toml"))
}

#[cfg(test)]
mod tests;
