//! The coverage rule: a risk to transfer is only ever sent to a product that declares it covers
//! it; otherwise the result names the kind of cover that would, and the product that excludes it.

use super::*;
use crate::advice::Profile;
use crate::content::{Localized, ProductKind};
use serde_json::json;

fn product(id: &str, covers: &[&str], excludes: &[&str]) -> Product {
    let both = |s: &str| Localized {
        zh: s.to_string(),
        en: s.to_string(),
    };
    Product {
        id: id.to_string(),
        kind: ProductKind::Property,
        name: Localized {
            zh: format!("{id}（中）"),
            en: format!("{id} (en)"),
        },
        audience: both(""),
        summary_html: both(""),
        summary_text: both(""),
        clause_ids: Vec::new(),
        covers: covers.iter().map(|s| s.to_string()).collect(),
        excludes: excludes.iter().map(|s| s.to_string()).collect(),
    }
}

/// Four risks the firm cannot bear (worst loss 3 000 000 against 500 000): all four are to be
/// transferred, whatever their cost.
fn warehouse() -> EnterpriseProfile {
    let risk = |name: &str| json!({"name": name, "frequency": 0.05, "severity": 100000, "max_loss": 3000000});
    let v = json!({
        "kind": "enterprise", "loss_capacity": 500000, "expected_return": 0.08,
        "risks": [risk("fire"), risk("machinery"), risk("interruption"), risk("liability")]
    });
    match Profile::from_json(&v).unwrap() {
        Profile::Enterprise(p) => p,
        Profile::Family(_) => unreachable!("an enterprise profile was given"),
    }
}

#[test]
fn a_risk_goes_only_to_a_product_that_covers_it() {
    let products = vec![product(
        "par",
        &["fire", "flood"],
        &["machinery", "interruption"],
    )];
    let a = analyse_enterprise(&warehouse(), &products).unwrap();
    assert!(a.risks.iter().all(|r| r.decision == Decision::Transfer));
    assert_eq!(a.recommendations.len(), 1);
    assert_eq!(a.recommendations[0].product_id, "par");
    assert_eq!(
        a.recommendations[0].risks,
        vec!["fire"],
        "machinery and interruption are excluded by the product: never sent to it"
    );
    let uncovered: Vec<&str> = a.uncovered.iter().map(|u| u.risk.as_str()).collect();
    assert_eq!(uncovered, vec!["machinery", "interruption", "liability"]);
    let m = &a.uncovered[0];
    assert_eq!(
        m.cover.as_ref().map(|c| c.en.as_str()),
        Some("machinery breakdown insurance")
    );
    assert_eq!(
        m.excluded_by.len(),
        1,
        "the product that excludes it is named"
    );
    assert!(m.message.zh.contains("机器损坏险"), "{}", m.message.zh);
    assert!(
        m.message
            .en
            .starts_with("Par (en) expressly excludes it; this library has no product"),
        "{}",
        m.message.en
    );
    assert!(
        a.uncovered[2].excluded_by.is_empty(),
        "liability is simply not covered, not excluded"
    );
    assert!(
        a.conclusion.zh.contains("火灾建议通过par（中）投保转移"),
        "{}",
        a.conclusion.zh
    );
    assert!(
        a.conclusion
            .en
            .contains("no product of this library covers them"),
        "{}",
        a.conclusion.en
    );
    assert!(
        !a.conclusion.zh.contains("自留"),
        "no risk is left to retain: {}",
        a.conclusion.zh
    );
}

#[test]
fn a_product_that_declares_a_peril_covered_and_excluded_does_not_cover_it() {
    let p = product("odd", &["machinery"], &["machinery"]);
    assert!(!crate::advice::cover::covers(&p, "machinery"));
    let a = analyse_enterprise(&warehouse(), &[p]).unwrap();
    assert!(a.recommendations.is_empty());
    assert_eq!(a.uncovered.len(), 4);
}

#[test]
fn the_shipped_property_policy_never_takes_machinery_or_interruption() {
    let a = analyse_enterprise(&warehouse(), &crate::advice::shipped_products()).unwrap();
    for r in &a.recommendations {
        assert!(
            !r.risks
                .iter()
                .any(|n| n == "machinery" || n == "interruption"),
            "{} is recommended for {:?}",
            r.product_id,
            r.risks
        );
    }
    assert_eq!(a.recommendations[0].product_id, "property-all-risks");
    assert_eq!(a.recommendations[0].risks, vec!["fire"]);
    let names: Vec<&str> = a.uncovered.iter().map(|u| u.risk.as_str()).collect();
    assert_eq!(names, vec!["machinery", "interruption", "liability"]);
}

#[test]
fn risks_have_names_in_both_languages() {
    let a = analyse_enterprise(&warehouse(), &[]).unwrap();
    assert_eq!(a.risks[1].label.zh, "设备损坏");
    assert_eq!(a.risks[1].label.en, "machinery breakdown");
    assert!(
        !a.conclusion.zh.contains("machinery"),
        "no raw id in the Chinese conclusion: {}",
        a.conclusion.zh
    );
}
