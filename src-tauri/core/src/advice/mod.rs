//! Needs analysis: the family methods side by side and the enterprise retain-or-transfer test.
//!
//! Pure and deterministic: the same profile always gives the same result, byte for byte. Every
//! result names its `method`, its `inputs` and its `assumptions` (keys are the profile's field
//! names, so an edited assumption is sent back under the same name), and amounts are exact
//! (`crate::money`). `ENGINE_VERSION` is stored with every saved result; change it whenever a
//! method's arithmetic or a default changes, so an old record can be reproduced.

pub mod assumptions;
mod basis;
pub mod cover;
mod enterprise;
mod family;
pub(crate) mod fields;
mod household;
mod life_cover;
pub mod people;
pub mod premium;
mod profile;
mod protection;
mod warnings;

#[cfg(test)]
mod profile_proptests;

pub use basis::{life_basis, LifeBasis, Standing};
pub use enterprise::{analyse_enterprise, Criterion, Decision, EnterpriseAdvice, RiskAdvice};
pub use family::{analyse_family, analyse_family_priced, FamilyAdvice};
pub use household::{life_stage, LifeStage};
// The single methods, for reviews that run them once per earner (`crate::household`).
pub use life_cover::{
    dime, human_life_value, income_multiple, Dime, HumanLifeValue, IncomeMultiple,
};
pub use profile::{
    known_values, EnterpriseProfile, FamilyProfile, Outcome, Profile, RiskInput, ENTERPRISE_FIELDS,
    FAMILY_FIELDS, HAZARDS, PRODUCT_KINDS, RISK_FIELDS,
};
pub use protection::{critical_illness, disability_income, CriticalIllness, DisabilityIncome};
pub use warnings::Warning;

use crate::content::rates::RateBook;
use crate::content::Product;
use crate::money::Money;
use crate::Result;
use serde::Serialize;

/// The version of the advice arithmetic and defaults, stored with every result.
pub const ENGINE_VERSION: &str = "2";

/// The result of `analyse`: family or enterprise advice.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Advice {
    Family(Box<FamilyAdvice>),
    Enterprise(Box<EnterpriseAdvice>),
}

/// Analyses a checked profile against what the library offers: a recommendation only ever points
/// to one of `products` that declares it covers the risk (`cover`), and family recommendations are
/// priced from `rates` (empty: no indicative premiums).
pub fn analyse(profile: &Profile, products: &[Product], rates: &RateBook) -> Result<Advice> {
    Ok(match profile {
        Profile::Family(p) => {
            let mut advice = analyse_family_priced(p, rates)?;
            cover::check_family(&mut advice, products);
            Advice::Family(Box::new(advice))
        }
        Profile::Enterprise(p) => Advice::Enterprise(Box::new(analyse_enterprise(p, products)?)),
    })
}

/// Reads a profile from JSON and analyses it: what `presale advise` does.
pub fn advise_json(
    profile: &serde_json::Value,
    products: &[Product],
    rates: &RateBook,
) -> Result<Advice> {
    analyse(&Profile::from_json(profile)?, products, rates)
}

/// A product in the content library that explains a kind of cover, by its product id.
pub fn product_id(kind: &str) -> &'static str {
    match kind {
        "critical_illness" => "critical-illness",
        "term_life" => "term-life",
        "medical" => "medical",
        "accident" => "accident",
        _ => "property-all-risks",
    }
}

/// A ratio as a percentage a person reads: `0.085` is `8.5%`.
pub fn percent(r: crate::money::Ratio) -> String {
    let hundredfold = crate::money::Ratio::from_millionths(r.millionths().saturating_mul(100));
    format!("{hundredfold}%")
}

/// An amount as a person reads it: `¥1,234,567.00`.
pub fn yuan(m: Money) -> String {
    let plain = m.to_string();
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{cents}")
}

/// The products of the repository's own library, for tests.
#[cfg(test)]
pub(crate) fn shipped_products() -> Vec<Product> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    crate::content::Library::load(&dir).0.products().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_with_thousands_separators() {
        assert_eq!(yuan(Money::from_minor(123_456_789)), "¥1,234,567.89");
        assert_eq!(yuan(Money::from_minor(5)), "¥0.05");
        assert_eq!(yuan(Money::from_minor(100_000)), "¥1,000.00");
        assert_eq!(yuan(Money::from_minor(-100_000)), "-¥1,000.00");
    }

    #[test]
    fn ratios_read_as_percentages() {
        use crate::money::Ratio;
        assert_eq!(percent(Ratio::from_millionths(85_000)), "8.5%");
        assert_eq!(percent(Ratio::from_percent(10)), "10%");
    }

    #[test]
    fn every_product_kind_links_to_a_product_in_the_library() {
        for kind in PRODUCT_KINDS {
            let id = product_id(kind);
            assert!(!id.is_empty(), "{kind} must link to a product");
        }
        assert_eq!(product_id("property"), "property-all-risks");
    }

    #[test]
    fn every_linked_product_exists_in_the_shipped_library() {
        let products =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/products");
        for kind in PRODUCT_KINDS {
            let dir = products.join(product_id(kind));
            assert!(
                dir.join("product.zh.md").is_file(),
                "{kind} links to `{}`, whose clauses must exist",
                dir.display()
            );
        }
    }
}
