//! One loaded version of the content tree: the clause library, the questionnaires and what was
//! wrong with their files, loaded together so a consultation's clauses and questions always come
//! from the same read of the tree (and a reload replaces both at once).
//!
//! It sits above `content` and `questionnaire` so neither has to import the other.

use crate::content::Library;
use crate::problem::{Problem, Severity};
use crate::questionnaire::Questionnaires;
use std::path::Path;

/// The content tree as loaded: every valid item, and the problems of the rest.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub library: Library,
    pub questionnaires: Questionnaires,
    /// Errors first, then warnings, as `Library::load` orders its own; questionnaires' after.
    pub problems: Vec<Problem>,
}

impl Catalogue {
    /// Loads the tree at `dir`. Bad content is never fatal: what is valid is served, the rest is
    /// reported (and logged here, once per load).
    pub fn load(dir: &Path) -> Catalogue {
        let started = std::time::Instant::now();
        let (library, mut problems) = Library::load(dir);
        let (questionnaires, more) = Questionnaires::load(dir);
        problems.extend(more);
        for p in &problems {
            match p.severity {
                Severity::Error => tracing::warn!(problem = %p, "content"),
                Severity::Warning => tracing::info!(problem = %p, "content"),
            }
        }
        tracing::info!(
            products = library.products().len(),
            questionnaires = questionnaires.ids().count(),
            problems = problems.len(),
            ms = started.elapsed().as_millis() as u64,
            "content loaded"
        );
        Catalogue {
            library,
            questionnaires,
            problems,
        }
    }

    /// The same catalogue with the library's index-only text shed (`Library::without_index_text`).
    pub fn without_index_text(&self) -> Catalogue {
        Catalogue {
            library: self.library.without_index_text(),
            questionnaires: self.questionnaires.clone(),
            problems: self.problems.clone(),
        }
    }
}

impl std::ops::Deref for Catalogue {
    type Target = Library;

    fn deref(&self) -> &Library {
        &self.library
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tree_loads_its_questionnaires_with_the_library() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let c = Catalogue::load(&dir);
        assert!(
            c.problems.is_empty(),
            "content/ loads clean: {:?}",
            c.problems
        );
        assert!(!c.library.products().is_empty(), "the library has products");
        let ids: Vec<&str> = c.questionnaires.ids().collect();
        assert_eq!(
            ids,
            ["enterprise", "family"],
            "both questionnaires are served"
        );
        let shed = c.without_index_text();
        assert_eq!(
            shed.questionnaires.get("family").unwrap().version,
            c.questionnaires.get("family").unwrap().version,
            "shedding the index text keeps the questionnaires"
        );
    }

    #[test]
    fn a_broken_questionnaire_is_reported_and_not_served() {
        let dir = std::env::temp_dir().join(format!("presale-catalogue-{}", std::process::id()));
        let q = dir.join(crate::questionnaire::DIR);
        std::fs::create_dir_all(&q).unwrap();
        std::fs::write(q.join("family.toml"), "id = \"family\"\nkind = [").unwrap();
        let c = Catalogue::load(&dir);
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            c.problems
                .iter()
                .any(|p| p.severity == Severity::Error && p.path.ends_with("family.toml")),
            "the broken file is named: {:?}",
            c.problems
        );
        assert_eq!(
            c.questionnaires.get("family").unwrap_err().code(),
            "not_found",
            "a questionnaire with an error never reaches a client"
        );
    }
}
