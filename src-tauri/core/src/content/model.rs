//! The content library's types: what the loader builds and the window shows.

use serde::Serialize;
use std::fmt;

pub use crate::text::Localized;

/// Declares a string-valued enum once: its variants, their names in files, and parsing.
macro_rules! content_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order the UI presents them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in content files and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the name used in content files.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The allowed names, for error messages: "`a`, `b` or `c`".
            pub fn allowed() -> String {
                let names: Vec<String> = Self::ALL.iter().map(|v| format!("`{}`", v.as_str())).collect();
                super::frontmatter::join_or(&names)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

content_enum! {
    /// The line of business of a product.
    ProductKind {
        CriticalIllness = "critical_illness",
        TermLife = "term_life",
        Medical = "medical",
        Accident = "accident",
        Property = "property",
    }
}

content_enum! {
    /// What a clause is about. The order is the order of groups on a product page: cover first,
    /// then what limits it, then the client's rights and duties.
    Category {
        Coverage = "coverage",
        Exclusion = "exclusion",
        WaitingPeriod = "waiting_period",
        Deductible = "deductible",
        ProportionalPayment = "proportional_payment",
        CoolingOff = "cooling_off",
        GracePeriod = "grace_period",
        Claims = "claims",
        SurrenderCashValue = "surrender_cash_value",
        Premium = "premium",
        Renewal = "renewal",
        DisclosureDuty = "disclosure_duty",
        Complaints = "complaints",
        Period = "period",
        Beneficiary = "beneficiary",
        Other = "other",
    }
}

impl Category {
    /// Categories that must always be explained: exclusions (Insurance Law art. 17), and
    /// deductibles and proportional payment, which NFRA rules (2023 No. 2 art. 26) count as
    /// exclusions.
    pub fn always_must_explain(self) -> bool {
        matches!(
            self,
            Category::Exclusion | Category::Deductible | Category::ProportionalPayment
        )
    }
}

/// The insurer's own page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Company {
    pub name: Localized<String>,
    pub tagline: Localized<String>,
    pub body_html: Localized<String>,
}

/// A product: what it is, for whom, and its clauses in the order they are presented.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    pub id: String,
    pub kind: ProductKind,
    pub name: Localized<String>,
    pub audience: Localized<String>,
    pub summary_html: Localized<String>,
    /// Plain text of the summary, for search.
    #[serde(skip)]
    pub summary_text: Localized<String>,
    /// The clauses that exist, in the order the product file lists them.
    pub clause_ids: Vec<String>,
    /// Perils and events it covers, and those its exclusions name (ids of `crate::perils`).
    pub covers: Vec<String>,
    pub excludes: Vec<String>,
}

/// One section of a clause: sanitised HTML for the window, and the markdown it came from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Section {
    pub html: String,
    /// The markdown as written; never rendered as HTML.
    #[serde(skip)]
    pub source: String,
    /// Plain text, for search.
    #[serde(skip)]
    pub text: String,
}

/// The sections of a clause in one language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Sections {
    /// The policy wording.
    pub legal: Section,
    /// The same in plain words.
    pub plain: Section,
    /// A worked example (required when the clause must be explained).
    pub example: Option<Section>,
    /// What it means for the client (required when the clause must be explained).
    pub consequence: Option<Section>,
}

impl Sections {
    /// The sections present, with their names, in reading order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Section)> {
        [
            ("legal", Some(&self.legal)),
            ("plain", Some(&self.plain)),
            ("example", self.example.as_ref()),
            ("consequence", self.consequence.as_ref()),
        ]
        .into_iter()
        .filter_map(|(name, s)| s.map(|s| (name, s)))
    }
}

/// A clause of a product.
#[derive(Debug, Clone, Serialize)]
pub struct Clause {
    pub id: String,
    pub product_id: String,
    pub title: Localized<String>,
    pub category: Category,
    /// The agent must explain it and the client acknowledge it (always true for exclusions,
    /// deductibles and proportional payment).
    pub must_explain: bool,
    /// Glossary terms the clause uses.
    pub terms: Vec<String>,
    /// Related clauses.
    pub related: Vec<String>,
    pub sections: Localized<Sections>,
    /// sha256 (hex) of the exact text shown, per language: see `content::clause_hash`.
    pub hash: Localized<String>,
}

/// A glossary term.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub id: String,
    pub term: Localized<String>,
    pub definition_html: Localized<String>,
    /// Plain text of the definition, for search and tooltips.
    #[serde(skip)]
    pub definition_text: Localized<String>,
}

/// A notice such as the privacy notice.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub id: String,
    pub title: Localized<String>,
    /// The version consents record; the same in both languages.
    pub version: String,
    pub body_html: Localized<String>,
}
