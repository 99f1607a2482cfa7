//! Text in both interface languages. The backend has three bilingual shapes, all defined here,
//! each fixed by what reads it (the UI and stored records depend on their JSON), so each is for
//! one thing:
//!
//! - [`Text`] (`{"zh": .., "en": ..}`): a sentence the core writes itself, both languages always
//!   present - the advice's explanations and warnings, a rate table's note, an answer's error.
//! - [`Localized<T>`] (`{"zh-CN": .., "en": ..}`, re-exported as `content::Localized`): one value
//!   per language read from the content library (a product's name, a clause's HTML).
//! - [`LocalText`] (`{zh?, en?}`, re-exported as `questionnaire::LocalText`): a label as a
//!   questionnaire's TOML writes it, either language possibly missing until
//!   `questionnaire::check` reports it (`missing`).
//!
//! `Text::get` and `Localized::get` pick one language; a library name becomes a `Text` with
//! `Text::from`, a questionnaire's complete label with `LocalText::to_text`.

use crate::settings::Language;
use serde::{Deserialize, Serialize};

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

impl From<&Localized<String>> for Text {
    fn from(l: &Localized<String>) -> Text {
        text(l.zh.clone(), l.en.clone())
    }
}

impl Text {
    /// The sentence in one language.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::ZhCn => &self.zh,
            Language::En => &self.en,
        }
    }
}

/// One value per language, serialised as `{"zh-CN": ..., "en": ...}` so the UI can pick either
/// (or show both side by side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Localized<T> {
    #[serde(rename = "zh-CN")]
    pub zh: T,
    pub en: T,
}

impl<T> Localized<T> {
    /// The value in one language.
    pub fn get(&self, language: Language) -> &T {
        match language {
            Language::ZhCn => &self.zh,
            Language::En => &self.en,
        }
    }

    /// Applies `f` to both languages.
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> Localized<U> {
        Localized {
            zh: f(&self.zh),
            en: f(&self.en),
        }
    }
}

/// A label or message in both languages, as written: `{ zh = "...", en = "..." }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocalText {
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl LocalText {
    /// Both languages, when given.
    pub fn both(zh: &str, en: &str) -> LocalText {
        LocalText {
            zh: Some(zh.to_string()),
            en: Some(en.to_string()),
        }
    }

    /// Both languages as a [`Text`], when neither is missing or blank.
    pub fn to_text(&self) -> Option<Text> {
        match (&self.zh, &self.en) {
            (Some(zh), Some(en)) if self.missing().is_empty() => Some(text(zh.clone(), en.clone())),
            _ => None,
        }
    }

    /// Which translations are missing or blank: `"zh"`, `"en"`.
    pub fn missing(&self) -> Vec<&'static str> {
        let blank = |s: &Option<String>| s.as_deref().map_or(true, |t| t.trim().is_empty());
        let mut out = Vec::new();
        if blank(&self.zh) {
            out.push("zh");
        }
        if blank(&self.en) {
            out.push("en");
        }
        out
    }
}
