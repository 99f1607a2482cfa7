//! Which product a recommendation may point to: only one whose front matter declares that it
//! covers the risk (`covers`). A risk no product of the library covers is said so
//! plainly, with the kind of cover that would take it, instead of being sent to a product whose
//! exclusions name it.

use super::family::FamilyAdvice;
use super::warnings::Warning;
use crate::content::Product;
use crate::perils;
use crate::text::{text, Text};
use serde::Serialize;

/// Whether a product covers a peril: declared in `covers` and not in `excludes`.
pub fn covers(product: &Product, peril: &str) -> bool {
    product.covers.iter().any(|c| c == peril) && !product.excludes.iter().any(|c| c == peril)
}

/// The products of the library that cover a peril, in the library's order.
pub fn products_covering<'a>(products: &'a [Product], peril: &str) -> Vec<&'a Product> {
    products.iter().filter(|p| covers(p, peril)).collect()
}

/// A risk's name in both languages: the vocabulary's words, or the name as given when it is not
/// one of the vocabulary's ids (a profile written by hand).
pub fn risk_label(name: &str) -> Text {
    match perils::get(name) {
        Some(p) => text(p.zh, p.en),
        None => text(name, name),
    }
}

/// A product recommended for some of the firm's risks: every one of them is declared covered.
#[derive(Debug, Clone, Serialize)]
pub struct ProductRecommendation {
    /// The product's `kind` (`property`, ...).
    pub product_kind: String,
    pub product_id: String,
    pub product_name: Text,
    pub method: &'static str,
    /// No sum is suggested by the retain-or-transfer test.
    pub amount: Option<crate::money::Money>,
    /// The risks it is recommended for (profile names).
    pub risks: Vec<String>,
    pub reason: Text,
}

/// A risk to transfer that no product of this library covers.
#[derive(Debug, Clone, Serialize)]
pub struct Uncovered {
    pub risk: String,
    pub label: Text,
    /// The kind of insurance that would take it, when the vocabulary knows it.
    pub cover: Option<Text>,
    /// Products of the library whose exclusions name it (so the client is not sold them for it).
    pub excluded_by: Vec<Text>,
    /// What to do, after the risk's name: "this library has no product that covers it; ...".
    pub message: Text,
}

/// The products for the risks to transfer, grouped per product in the library's order, and the
/// risks none of them covers.
pub fn for_risks(
    risks: &[&str],
    products: &[Product],
) -> (Vec<ProductRecommendation>, Vec<Uncovered>) {
    let mut recs: Vec<ProductRecommendation> = Vec::new();
    let mut uncovered = Vec::new();
    for &risk in risks {
        let covering = products_covering(products, risk);
        if covering.is_empty() {
            uncovered.push(uncovered_risk(risk, products));
            continue;
        }
        for p in covering {
            match recs.iter_mut().find(|r| r.product_id == p.id) {
                Some(r) => r.risks.push(risk.to_string()),
                None => recs.push(ProductRecommendation {
                    product_kind: p.kind.as_str().to_string(),
                    product_id: p.id.clone(),
                    product_name: Text::from(&p.name),
                    method: "retain_or_transfer",
                    amount: None,
                    risks: vec![risk.to_string()],
                    reason: text("", ""),
                }),
            }
        }
    }
    for r in &mut recs {
        let labels: Vec<Text> = r.risks.iter().map(|n| risk_label(n)).collect();
        r.reason = text(
            format!("该产品承保：{}。", join(&labels, true)),
            format!("This product covers: {}.", join(&labels, false)),
        );
    }
    (recs, uncovered)
}

fn uncovered_risk(risk: &str, products: &[Product]) -> Uncovered {
    let label = risk_label(risk);
    let peril = perils::get(risk);
    let cover = peril.map(|p| text(p.cover_zh, p.cover_en));
    let excluded_by: Vec<Text> = products
        .iter()
        .filter(|p| p.excludes.iter().any(|x| x == risk))
        .map(|p| Text::from(&p.name))
        .collect();
    let (ex_zh, ex_en) = if excluded_by.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                "{}的责任免除条款明确不赔这项损失；",
                join(&excluded_by, true)
            ),
            format!("{} expressly excludes it; ", join(&excluded_by, false)),
        )
    };
    let message = match &cover {
        Some(c) => text(
            format!(
                "{ex_zh}本产品库没有承保它的产品，需要的是{}，请另行安排。",
                c.zh
            ),
            capitalise(&format!(
                "{ex_en}this library has no product that covers it; it needs {}, to be arranged \
                 elsewhere.",
                c.en
            )),
        ),
        None => text(
            format!("{ex_zh}本产品库没有声明承保它的产品。"),
            capitalise(&format!(
                "{ex_en}no product of this library declares that it covers it."
            )),
        ),
    };
    Uncovered {
        risk: risk.to_string(),
        label,
        cover,
        excluded_by,
        message,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Names joined for a sentence: "火灾、水灾" or "fire and flood".
pub fn join(items: &[Text], zh: bool) -> String {
    let words: Vec<&str> = items
        .iter()
        .map(|t| if zh { t.zh.as_str() } else { t.en.as_str() })
        .collect();
    if zh {
        return words.join("、");
    }
    match words.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The family check: a recommendation stays only when the product it links declares that it
/// covers the need (`perils::of_product_kind`); otherwise it is taken out and a `no_product`
/// warning says which need this library cannot meet and what kind of cover would.
pub fn check_family(advice: &mut FamilyAdvice, products: &[Product]) {
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for r in std::mem::take(&mut advice.recommendations) {
        let Some(need) = perils::of_product_kind(r.product_kind) else {
            kept.push(r);
            continue;
        };
        let linked = products.iter().find(|p| p.id == r.product_id);
        if linked.is_some_and(|p| covers(p, need)) {
            kept.push(r);
            continue;
        }
        let u = uncovered_risk(need, products);
        dropped.push(r.product_kind);
        advice.warnings.push(Warning {
            code: "no_product",
            message: text(
                format!("{}：{}", u.label.zh, u.message.zh),
                format!(
                    "{}: {}",
                    capitalise(&u.label.en),
                    lower_first(&u.message.en)
                ),
            ),
        });
    }
    advice.recommendations = kept;
    if !dropped.is_empty() {
        // The need stays a need: the conclusion must not say "no more cover" for want of a product.
        let kinds: Vec<&str> = advice
            .recommendations
            .iter()
            .map(|r| r.product_kind)
            .collect();
        advice.conclusion = super::family::conclusion(&kinds, &dropped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advice::{analyse, shipped_products, Advice, Profile};
    use crate::content::rates::RateBook;

    fn family_advice(products: &[Product]) -> FamilyAdvice {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/advise/family.json");
        let profile = Profile::from_json_text(&std::fs::read_to_string(path).unwrap()).unwrap();
        match analyse(&profile, products, &RateBook::default()).unwrap() {
            Advice::Family(a) => *a,
            Advice::Enterprise(_) => unreachable!("a family profile was given"),
        }
    }

    #[test]
    fn every_family_recommendation_links_a_product_that_covers_its_need() {
        let products = shipped_products();
        let a = family_advice(&products);
        assert!(!a.recommendations.is_empty());
        for r in &a.recommendations {
            let need = perils::of_product_kind(r.product_kind).unwrap();
            let p = products.iter().find(|p| p.id == r.product_id).unwrap();
            assert!(covers(p, need), "{} for {need}", r.product_id);
        }
        assert!(!a.warnings.iter().any(|w| w.code == "no_product"));
    }

    #[test]
    fn a_family_need_without_a_covering_product_is_said_plainly() {
        let without_medical: Vec<Product> = shipped_products()
            .into_iter()
            .filter(|p| p.id != "medical")
            .collect();
        let a = family_advice(&without_medical);
        assert!(
            !a.recommendations
                .iter()
                .any(|r| r.product_kind == "medical"),
            "no link to a product that is not there"
        );
        let w = a.warnings.iter().find(|w| w.code == "no_product").unwrap();
        assert_eq!(
            w.message.zh,
            "医疗费用：本产品库没有承保它的产品，需要的是医疗保险，请另行安排。"
        );
        assert!(w
            .message
            .en
            .starts_with("Medical costs: this library has no product"));
        assert!(
            a.conclusion
                .zh
                .contains("还需要医疗保险，但本产品库中没有承保它的产品"),
            "the need is still named in the conclusion: {}",
            a.conclusion.zh
        );
        assert!(a.conclusion.en.contains("medical"), "{}", a.conclusion.en);
        let none = family_advice(&[]);
        assert!(
            !none.conclusion.zh.contains("不需要再增加保障"),
            "with no product at all, needs are never said to be met: {}",
            none.conclusion.zh
        );
    }

    #[test]
    fn names_join_as_in_a_sentence() {
        let t = |s: &str| text(s, s);
        assert_eq!(join(&[t("a"), t("b"), t("c")], false), "a, b and c");
        assert_eq!(join(&[t("火灾"), t("水灾")], true), "火灾、水灾");
        assert_eq!(risk_label("made up").en, "made up");
    }
}
