//! Text in both interface languages. The backend has three bilingual shapes, each fixed by what
//! reads it (the UI and stored records depend on their JSON), so each is for one thing:
//!
//! - [`Text`] (`{"zh": .., "en": ..}`): a sentence the core writes itself, both languages always
//!   present - the advice's explanations and warnings, a rate table's note, an answer's error.
//! - `content::Localized<T>` (`{"zh-CN": .., "en": ..}`): one value per language read from the
//!   content library (a product's name, a clause's HTML), picked with `get(language)`.
//! - `questionnaire::LocalText` (`{zh?, en?}`): a label as a questionnaire's TOML writes it,
//!   either language possibly missing until `questionnaire::check` reports it (`missing`).

use serde::Serialize;

/// A sentence in both interface languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

/// Builds a bilingual sentence.
pub fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}
