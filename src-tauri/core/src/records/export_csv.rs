//! The CSV export's columns and one record's cells: the consultation and the client's file, then
//! the outcome and the retention basis, then the latest needs analysis in short (its conclusion in
//! the consultation's language, the recommendations, each method's gap, the enterprise risks'
//! decisions and the warnings). Cells are plain text; `export` neutralises and quotes them.

use super::client::ClientFields;
use super::view::Record;
use serde_json::Value;

/// The CSV header, in column order. New columns are appended, so a CRM mapping by position keeps
/// working.
pub const CSV_COLUMNS: [&str; 44] = [
    "consultation_id",
    "status",
    "mode",
    "language",
    "started_at",
    "ended_at",
    "client_id",
    "client_kind",
    "client_name",
    "gender",
    "birth_date",
    "phone",
    "email",
    "address",
    "occupation",
    "legal_representative",
    "contact_person",
    "industry",
    "property",
    "location",
    "disaster_prevention",
    "agent_name",
    "agent_licence",
    "products",
    "decision",
    "decision_against_warning",
    "notes",
    "follow_up_on",
    "follow_up_status",
    "retention_until",
    "erased_at",
    "outcome_status",
    "outcome_product",
    "outcome_sum_insured",
    "outcome_premium",
    "outcome_policy_term",
    "outcome_contract_end",
    "retention_basis",
    "advice_kind",
    "conclusion",
    "recommendations",
    "method_gaps",
    "risk_decisions",
    "warnings",
];

/// The cells of one record, in `CSV_COLUMNS` order.
pub fn cells(r: &Record) -> Vec<String> {
    let c = &r.consultation;
    let client = r.client.as_ref();
    let empty = ClientFields::default();
    let f = client.map_or(&empty, |k| &k.fields);
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let o = r.outcome.as_ref();
    let advice = latest_advice(r);
    let lang = if c.language == "en" { "en" } else { "zh" };
    let mut out = vec![
        c.id.to_string(),
        c.status.clone(),
        c.mode.clone(),
        c.language.clone(),
        c.started_at.clone(),
        s(&c.ended_at),
        c.client_id.map(|v| v.to_string()).unwrap_or_default(),
        client
            .map(|k| k.fields.kind.tag().to_string())
            .unwrap_or_default(),
        s(&f.name),
        s(&f.gender),
        s(&f.birth_date),
        s(&f.phone),
        s(&f.email),
        s(&f.address),
        s(&f.occupation),
        s(&f.legal_representative),
        s(&f.contact_person),
        s(&f.industry),
        s(&f.property),
        s(&f.location),
        s(&f.disaster_prevention),
        s(&c.agent_name),
        s(&c.agent_licence),
        c.products.join("; "),
        s(&c.decision),
        c.decision_against_warning.to_string(),
        s(&c.notes),
        s(&c.follow_up_on),
        c.follow_up_status
            .map(|v| v.tag().to_string())
            .unwrap_or_default(),
        s(&c.retention_until),
        s(&c.erased_at),
        o.map(|o| o.status.tag().to_string()).unwrap_or_default(),
        o.and_then(|o| o.product_id.clone()).unwrap_or_default(),
        o.and_then(|o| o.sum_insured)
            .map(|m| m.to_string())
            .unwrap_or_default(),
        o.and_then(|o| o.premium)
            .map(|m| m.to_string())
            .unwrap_or_default(),
        o.and_then(|o| o.policy_term)
            .map(|t| t.tag().to_string())
            .unwrap_or_default(),
        o.and_then(|o| o.contract_end)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        tag(&r.retention.basis),
    ];
    out.extend(advice_cells(advice, lang));
    out
}

/// A unit enum's serde name (`no_purchase`).
fn tag<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The result of the latest analysis stored with the record, as JSON.
fn latest_advice(r: &Record) -> Option<&Value> {
    r.attached
        .get("advice_results")
        .and_then(|rows| rows.last())
        .and_then(|row| row.get("result"))
        .filter(|v| v.is_object())
}

fn text(v: &Value, lang: &str) -> String {
    v.get(lang)
        .or_else(|| v.get("zh"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// advice_kind, conclusion, recommendations, method_gaps, risk_decisions, warnings.
fn advice_cells(advice: Option<&Value>, lang: &str) -> [String; 6] {
    let Some(a) = advice else {
        return Default::default();
    };
    let list = |key: &str| {
        a.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let recommendations: Vec<String> = list("recommendations")
        .iter()
        .map(|r| match r.get("amount").and_then(Value::as_str) {
            Some(amount) => format!("{}={amount}", str_of(r, "product_kind")),
            None => str_of(r, "product_kind").to_string(),
        })
        .collect();
    // Each method's gap (the family analysis): `method=amount`, monthly where the method is.
    let mut gaps: Vec<String> = Vec::new();
    if let Some(obj) = a.as_object() {
        for m in obj.values().filter(|m| m.get("method").is_some()) {
            let gap = [("gap", ""), ("monthly_gap", "/month"), ("shortfall", "")]
                .iter()
                .find_map(|(k, unit)| {
                    m.get(*k)
                        .and_then(Value::as_str)
                        .map(|g| format!("{g}{unit}"))
                });
            if let Some(gap) = gap {
                gaps.push(format!("{}={gap}", str_of(m, "method")));
            }
        }
    }
    let risks: Vec<String> = list("risks")
        .iter()
        .filter(|r| r.get("decision").is_some())
        .map(|r| format!("{}={}", str_of(r, "name"), str_of(r, "decision")))
        .collect();
    let warnings: Vec<String> = list("warnings")
        .iter()
        .map(|w| text(w.get("message").unwrap_or(&Value::Null), lang))
        .collect();
    [
        str_of(a, "kind").to_string(),
        a.get("conclusion")
            .map(|c| text(c, lang))
            .unwrap_or_default(),
        recommendations.join("; "),
        gaps.join("; "),
        risks.join("; "),
        warnings.join(" | "),
    ]
}
