//! Property tests of the advice profile JSON (`presale advise --profile`, and the profile a
//! questionnaire maps to): any JSON built from the profile's own field names and risky values is
//! analysed or refused with an error naming a field, never a panic, and an analysis is the same
//! every time (the engine is deterministic). See tests/README.md.

use super::{analyse, shipped_products, Profile, ENTERPRISE_FIELDS, FAMILY_FIELDS, RISK_FIELDS};
use crate::content::rates::RateBook;
use crate::content::Product;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

/// The shipped products, loaded once for all cases.
fn products() -> &'static [Product] {
    static PRODUCTS: OnceLock<Vec<Product>> = OnceLock::new();
    PRODUCTS.get_or_init(shipped_products)
}

/// `n` cases, or `PROPTEST_CASES` for a longer run.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

/// Values a field may be given: amounts as numbers and strings (with too many decimals, signs,
/// exponents), huge and negative numbers, words, lists, nulls.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..10_000_000).prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e9).prop_map(|f| json!(f)),
        "[0-9]{1,12}(\\.[0-9]{0,4})?".prop_map(Value::String),
        "-?[0-9]{0,3}(e[0-9]{1,3})?".prop_map(Value::String),
        "[a-z_]{0,12}".prop_map(Value::String),
        Just(json!(null)),
        Just(json!(true)),
        Just(json!([])),
        Just(json!(1.0e300)),
    ]
}

fn object(fields: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((prop::sample::select(fields), value()), 0..fields.len() + 2)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn profile() -> impl Strategy<Value = Value> {
    let family = object(FAMILY_FIELDS).prop_map(|mut m| {
        m.insert("kind".into(), json!("family"));
        Value::Object(m)
    });
    let enterprise = (
        object(ENTERPRISE_FIELDS),
        prop::collection::vec(object(RISK_FIELDS), 0..4),
    )
        .prop_map(|(mut m, risks)| {
            m.insert("kind".into(), json!("enterprise"));
            m.insert(
                "risks".into(),
                Value::Array(risks.into_iter().map(Value::Object).collect()),
            );
            Value::Object(m)
        });
    prop_oneof![family, enterprise, value()]
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn any_profile_is_analysed_or_refused_naming_a_field(v in profile()) {
        let products = products();
        match Profile::from_json(&v) {
            Err(e) => {
                let public = e.to_public();
                prop_assert_eq!(public.code.as_str(), "invalid_input");
                prop_assert!(public.field.as_ref().is_some_and(|f| !f.is_empty()), "{public:?}");
            }
            Ok(p) => {
                let first = analyse(&p, products, &RateBook::default());
                let again = analyse(&p, products, &RateBook::default());
                match (first, again) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(
                        serde_json::to_string(&a).unwrap(),
                        serde_json::to_string(&b).unwrap(),
                        "the same profile gives the same analysis"
                    ),
                    (Err(a), Err(b)) => {
                        prop_assert_eq!(a.to_string(), b.to_string());
                        prop_assert_eq!(a.code(), "invalid_input", "{}", a);
                    }
                    (a, b) => prop_assert!(false, "not deterministic: {a:?} / {b:?}"),
                }
            }
        }
    }

    #[test]
    fn any_text_is_read_or_refused_as_json(text in "\\PC{0,200}") {
        if let Err(e) = Profile::from_json_text(&text) {
            prop_assert!(e.to_public().field.is_some());
        }
    }
}
