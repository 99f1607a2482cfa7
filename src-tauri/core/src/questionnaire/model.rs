//! The questionnaire definition as written in `content/questionnaires/<id>.toml`.
//!
//! Unknown keys are errors so a typo is caught; the format is documented in content/README.md
//! ("Questionnaires"). Translations are optional at parse time so a missing one is reported by the
//! checker as "missing English translation" rather than as a parse error.

use serde::{Deserialize, Serialize};

pub use crate::text::LocalText;

/// A whole questionnaire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Matches the file name: `family` for `family.toml`.
    pub id: String,
    /// Which advice profile the answers feed: `family` or `enterprise`.
    pub kind: String,
    pub title: LocalText,
    #[serde(default)]
    pub intro: Option<LocalText>,
    pub sections: Vec<Section>,
    /// Values computed from answers (age, life stage, totals), never typed by anyone.
    #[serde(default)]
    pub computed: Vec<Computed>,
}

/// A group of questions shown together, one step of the progress indicator.
///
/// With `repeat = true` the section is a repeating group (`repeat`): its questions are answered
/// once per row (per household member, per policy), and its id is the group's id.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: LocalText,
    #[serde(default)]
    pub help: Option<LocalText>,
    pub questions: Vec<Question>,
    /// Answered once per row: the answer is an array of row objects (see `repeat`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
    /// For a repeating group: the fewest rows that complete it (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rows: Option<usize>,
    /// For a repeating group: the most rows it takes (default `repeat::DEFAULT_MAX_ROWS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rows: Option<usize>,
    /// For a repeating group: the questions whose answer names a row where another question
    /// refers to it (`row_ref`), the first answered one winning (`["name", "relation"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub row_label: Vec<String>,
    /// For a repeating group: values computed from each row's own answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub computed: Vec<Computed>,
    /// For a repeating group: rules across its rows ("at most one `self`"), checked as the rows
    /// are entered (see `rules`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
}

/// A rule across the rows of a repeating group, as written in `[[sections.rules]]`: exactly
/// one of `at_most`, `at_least` (each with `rows_where`) and `not_own_row`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique among the group's rules; names the rule in `missing_required` and in problems.
    pub id: String,
    /// At most this many rows where `rows_where` holds: an edit that would make more is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<usize>,
    /// At least this many rows where `rows_where` holds, once the group has a row: fewer leave
    /// the section incomplete (like `min_rows`), nothing is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<usize>,
    /// The condition on one row (the row expression language of `show_if`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_where: Option<String>,
    /// A `row_ref`/`row_refs` question of this group that may not name its own row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_own_row: Option<String>,
    /// What the agent reads when the rule is broken or unmet.
    pub message: LocalText,
}

/// The kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    SingleChoice,
    MultipleChoice,
    YesNo,
    /// A whole number with `min`/`max` and an optional `unit`.
    Integer,
    /// A decimal with at most two decimals (such as losses per year).
    Number,
    /// A percentage from 0 to 100 with at most two decimals; feeds a ratio (`8` -> 0.08).
    Percent,
    /// An amount in yuan with at most two decimals.
    Money,
    /// An age in whole years, 0-120.
    Age,
    /// `YYYY-MM-DD`, not in the future.
    DateOfBirth,
    /// Any calendar day `YYYY-MM-DD` (a policy's start or end), past or future.
    Date,
    /// One row of another repeating group (`group = "members"`), stored as its row id.
    RowRef,
    /// Some rows of another repeating group, stored as a list of row ids (may be empty).
    RowRefs,
    /// Free text up to `max_length` characters (default 200).
    Text,
}

impl QuestionType {
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            QuestionType::SingleChoice | QuestionType::MultipleChoice
        )
    }
}

/// One question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub label: LocalText,
    #[serde(default)]
    pub help: Option<LocalText>,
    /// Must be answered before the section counts as complete (when shown).
    #[serde(default)]
    pub required: bool,
    /// Shown only when this condition on earlier answers holds (see `expr`).
    #[serde(default)]
    pub show_if: Option<String>,
    /// Bounds for integer, number, percent and money (money in whole yuan).
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub unit: Option<LocalText>,
    /// For text: the longest answer in characters.
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub options: Vec<Choice>,
    /// Health data: shown only with the client's separate consent (PIPL sensitive data).
    #[serde(default)]
    pub sensitive: bool,
    /// The advice profile field this answer fills (`annual_income`, `risks.fire.severity`).
    #[serde(default)]
    pub profile: Option<String>,
    /// A message shown instead of the built-in one when the answer is not valid.
    #[serde(default)]
    pub invalid: Option<LocalText>,
    /// Where the answer is taken from when the questionnaire opens unanswered in a consultation
    /// whose client file holds it (`client.birth_date`); the answer stays editable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
    /// For a `date`: the date question of the same row (or, outside a group, of the
    /// questionnaire) this answer may not be earlier than (an end date after its start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// For `row_ref` and `row_refs`: the repeating group whose rows are the options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The client-file values a question may be prefilled from.
pub const PREFILL_SOURCES: &[&str] = &["client.birth_date"];

/// One option of a choice question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: LocalText,
    /// "None of these" / "not decided": fills nothing in the profile, and in a multiple choice
    /// cannot be combined with other options.
    #[serde(default)]
    pub exclusive: bool,
    /// The number a band stands for (`0.05` for "about once in 20 years"): a single choice whose
    /// options carry one fills a numeric profile field with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
    /// On a hazard option: how much the hazard multiplies each risk's frequency (`{ fire = 1.5 }`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub factors: std::collections::BTreeMap<String, f64>,
}

/// How a computed value is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compute {
    /// Whole years from a `date_of_birth` answer to today.
    Age,
    /// `growth`, `youth`, `middle` or `old` from an age (question or computed).
    LifeStage,
    /// The total of money answers; unanswered ones count as zero.
    Sum,
    /// True when any yes/no is yes or any multiple choice has a non-exclusive option.
    Any,
    /// Whole years from an age (the first of `of`) until a target age (the second, a question),
    /// never below zero; `default` is the target while its question is unanswered.
    YearsUntil,
}

/// A value computed from answers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Computed {
    pub id: String,
    pub label: LocalText,
    pub compute: Compute,
    /// The questions or computed values it is derived from.
    pub of: Vec<String>,
    #[serde(default)]
    pub profile: Option<String>,
    /// For `years_until`: the target age used while its question is unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<i64>,
}

impl Definition {
    /// Every question answered once (not those of repeating groups), in order, with the index of
    /// its section.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.repeat)
            .flat_map(|(i, s)| s.questions.iter().map(move |q| (i, q)))
    }

    /// The repeating groups, in order.
    pub fn groups(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.repeat)
    }

    /// The repeating group with this id.
    pub fn group(&self, id: &str) -> Option<&Section> {
        self.groups().find(|s| s.id == id)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    /// The computed value with this id.
    pub fn computed_value(&self, id: &str) -> Option<&Computed> {
        self.computed.iter().find(|c| c.id == id)
    }
}
