//! From answers to the advice profile: each question or computed value with `profile = "<field>"`
//! fills that field, so the questionnaire result feeds the same advice functions as
//! `presale advise`.
//!
//! Enterprise risks use `risks.<name>.<field>`: every answer with the same `<name>` fills one
//! entry of `risks`, named `<name>`, in the order the names first appear. A band (a single choice
//! whose options carry a `number`) fills its field with the number; a computed value with a
//! `profile` is a default, filling its field only when no answer did (the property values as the
//! largest loss); the chosen hazards' `factors` fill `hazard_factors`.

use super::form::FormState;
use super::model::QuestionType;
use super::Questionnaire;
use crate::advice::{self, Advice};
use crate::money::{Money, Ratio};
use crate::{Error, Result};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A profile built from answers, and which question filled each profile field.
#[derive(Debug, Clone)]
pub struct MappedProfile {
    pub profile: Value,
    /// Profile field (as errors name it: `annual_income`, `risks[0].severity`) -> question id.
    pub sources: BTreeMap<String, String>,
}

/// Builds the profile from the visible answers and computed values of `state`.
pub fn to_profile(q: &Questionnaire, state: &FormState) -> MappedProfile {
    let def = &q.definition;
    let mut top = Map::new();
    top.insert("kind".into(), Value::String(def.kind.clone()));
    let mut sources = BTreeMap::new();
    let mut risks: Vec<(String, Map<String, Value>)> = Vec::new();

    let mut put = |field: &str, value: Value, source: &str, default: bool| {
        if let Some(rest) = field.strip_prefix("risks.") {
            let Some((name, key)) = rest.split_once('.') else {
                return;
            };
            // A default fills a risk the answers describe, and only a field they left empty.
            if default && !risks.iter().any(|(n, m)| n == name && !m.contains_key(key)) {
                return;
            }
            let index = match risks.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    let mut entry = Map::new();
                    entry.insert("name".into(), Value::String(name.to_string()));
                    risks.push((name.to_string(), entry));
                    risks.len() - 1
                }
            };
            risks[index].1.insert(key.to_string(), value);
            sources.insert(format!("risks[{index}].{key}"), source.to_string());
        } else {
            if default && top.contains_key(field) {
                return;
            }
            top.insert(field.to_string(), value);
            sources.insert(field.to_string(), source.to_string());
        }
    };
    let mut factors = Vec::new();

    for (_, question) in def.questions() {
        let (Some(field), Some(answer)) = (&question.profile, state.answers.get(&question.id))
        else {
            continue;
        };
        if let Some(value) = profile_value(question, answer) {
            put(field, value, &question.id, false);
        }
        if field == "hazards" {
            factors.extend(hazard_factors(question, answer));
        }
    }
    for c in &def.computed {
        if let (Some(field), Some(value)) = (&c.profile, state.computed.get(&c.id)) {
            put(field, value.clone(), &c.id, true);
        }
    }
    if !factors.is_empty() {
        top.insert("hazard_factors".into(), Value::Array(factors));
    }
    if !risks.is_empty() {
        top.insert(
            "risks".into(),
            Value::Array(risks.into_iter().map(|(_, m)| Value::Object(m)).collect()),
        );
    }
    MappedProfile {
        profile: Value::Object(top),
        sources,
    }
}

/// An answer as the profile field wants it; `None` for "none of these".
fn profile_value(question: &super::model::Question, answer: &Value) -> Option<Value> {
    let exclusive = |v: &str| question.options.iter().any(|o| o.exclusive && o.value == v);
    match question.kind {
        QuestionType::Percent => {
            // "8" percent -> ratio 0.08: hundredths of a percent are millionths x 100.
            let m = Money::parse("answer", answer.as_str()?).ok()?;
            Some(Value::String(
                Ratio::from_millionths(m.minor() * 100).to_string(),
            ))
        }
        QuestionType::SingleChoice => {
            let v = answer.as_str()?;
            let chosen = question.options.iter().find(|o| o.value == v);
            match chosen.and_then(|o| o.number) {
                Some(n) if !exclusive(v) => Some(Value::String(n.to_string())),
                _ => (!exclusive(v)).then(|| answer.clone()),
            }
        }
        QuestionType::MultipleChoice => Some(Value::Array(
            answer
                .as_array()?
                .iter()
                .filter(|v| v.as_str().is_some_and(|s| !exclusive(s)))
                .cloned()
                .collect(),
        )),
        _ => Some(answer.clone()),
    }
}

/// The factors of the chosen hazard options: `{hazard, risk, factor}` each.
fn hazard_factors(question: &super::model::Question, answer: &Value) -> Vec<Value> {
    let chosen: Vec<&str> = answer
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    question
        .options
        .iter()
        .filter(|o| !o.exclusive && chosen.contains(&o.value.as_str()))
        .flat_map(|o| {
            o.factors.iter().map(|(risk, factor)| {
                serde_json::json!({"hazard": o.value, "risk": risk, "factor": factor.to_string()})
            })
        })
        .collect()
}

/// Applies the agent's edits (profile fields by name) on top of the mapped profile.
pub fn with_overrides(
    mut mapped: MappedProfile,
    overrides: Option<&Value>,
) -> Result<MappedProfile> {
    match overrides {
        None | Some(Value::Null) => {}
        Some(Value::Object(edits)) => {
            if let Value::Object(top) = &mut mapped.profile {
                for (k, v) in edits {
                    if k == "kind" {
                        return Err(Error::invalid("kind", "cannot be changed by an edit"));
                    }
                    top.insert(k.clone(), v.clone());
                    // An edited field is the agent's, not a question's: errors name the field.
                    mapped
                        .sources
                        .retain(|field, _| field != k && !field.starts_with(&format!("{k}[")));
                }
            }
        }
        Some(_) => {
            return Err(Error::invalid(
                "overrides",
                "must be an object of profile fields",
            ))
        }
    }
    Ok(mapped)
}

/// Runs the advice on a mapped profile. An error in a field that came from a question names the
/// question, so the UI can take the client back to it.
pub fn advise(
    mapped: &MappedProfile,
    products: &[crate::content::Product],
    rates: &crate::content::rates::RateBook,
) -> Result<Advice> {
    advice::advise_json(&mapped.profile, products, rates).map_err(|e| match e {
        Error::Invalid { field, message } => match mapped.sources.get(&field) {
            Some(question) => Error::invalid(question.clone(), message),
            None => Error::Invalid { field, message },
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::form::{evaluate, Answers};
    use crate::questionnaire::{tests::content_dir, Questionnaires};
    use serde_json::json;

    fn mapped(id: &str, pairs: &[(&str, Value)]) -> MappedProfile {
        let (all, _) = Questionnaires::load(&content_dir());
        let q = all.get(id).unwrap().clone();
        let answers: Answers = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        to_profile(&q, &evaluate(&q, &answers, false, "2026-11-28"))
    }

    #[test]
    fn none_of_these_and_not_decided_fill_nothing() {
        let m = mapped("family", &[("product_interest", json!("undecided"))]);
        assert_eq!(
            m.profile.get("product_kind"),
            None,
            "undecided is not a product kind"
        );
        let m = mapped("enterprise", &[("hazards", json!(["none"]))]);
        assert_eq!(
            m.profile["hazards"],
            json!([]),
            "no hazards, not a hazard called none"
        );
    }

    #[test]
    fn percentages_become_ratios_and_sources_are_remembered() {
        let m = mapped(
            "family",
            &[
                ("premium_budget_percent", json!("12.50")),
                ("annual_income", json!("1.00")),
            ],
        );
        assert_eq!(m.profile["premium_budget_share"], json!("0.125"));
        assert_eq!(m.profile["kind"], json!("family"));
        assert_eq!(
            m.sources.get("premium_budget_share").map(String::as_str),
            Some("premium_budget_percent")
        );
    }

    #[test]
    fn edits_replace_answers_and_cannot_change_the_kind() {
        let m = mapped("family", &[("annual_income", json!("1.00"))]);
        let edited = with_overrides(m.clone(), Some(&json!({"annual_income": 5}))).unwrap();
        assert_eq!(edited.profile["annual_income"], json!(5));
        assert_eq!(
            edited.sources.get("annual_income"),
            None,
            "an edit is the agent's, not a question's"
        );
        assert!(with_overrides(m.clone(), Some(&json!({"kind": "enterprise"}))).is_err());
        assert!(
            with_overrides(m, Some(&json!([1]))).is_err(),
            "edits are an object of fields"
        );
    }
}
