//! The advice profile's fields as the questionnaire checker sees them: what each holds, and which
//! answers can fill it.

use super::check::id_ok;
use super::model::{Compute, QuestionType};
use crate::advice::{ENTERPRISE_FIELDS, FAMILY_FIELDS, RISK_FIELDS};

#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    Question(QuestionType),
    Computed(Compute),
}

/// What a profile field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldType {
    Money,
    Whole,
    Ratio,
    Bool,
    Text,
    List,
}

impl Source {
    pub(super) fn fits(self, t: FieldType) -> bool {
        use QuestionType as Q;
        match self {
            Source::Question(k) => match t {
                FieldType::Money => matches!(k, Q::Money | Q::Integer | Q::Number),
                FieldType::Whole => matches!(k, Q::Integer | Q::Age),
                FieldType::Ratio => matches!(k, Q::Percent | Q::Number | Q::Integer),
                FieldType::Bool => k == Q::YesNo,
                FieldType::Text => matches!(k, Q::SingleChoice | Q::Text),
                FieldType::List => k == Q::MultipleChoice,
            },
            Source::Computed(c) => matches!(
                (c, t),
                (Compute::Age | Compute::YearsUntil, FieldType::Whole)
                    | (Compute::Sum, FieldType::Money)
                    | (Compute::Any, FieldType::Bool)
                    | (Compute::LifeStage, FieldType::Text)
            ),
        }
    }
}

pub(super) fn field_type(kind: &str, field: &str) -> Option<FieldType> {
    use FieldType::*;
    if kind == "enterprise" {
        if let Some(rest) = field.strip_prefix("risks.") {
            let (name, key) = rest.split_once('.')?;
            if !id_ok(name) || !RISK_FIELDS.contains(&key) {
                return None;
            }
            return match key {
                "severity" | "max_loss" | "premium" | "retention_cost" => Some(Money),
                "frequency" => Some(Ratio),
                "payout_years" => Some(Whole),
                _ => None,
            };
        }
        if !ENTERPRISE_FIELDS.contains(&field) {
            return None;
        }
        return match field {
            "loss_capacity" => Some(Money),
            "expected_return" | "return_threshold" | "high_frequency" => Some(Ratio),
            "industry" | "product_kind" => Some(Text),
            "hazards" => Some(List),
            "existing_property_cover" => Some(Bool),
            _ => None,
        };
    }
    if kind != "family" || !FAMILY_FIELDS.contains(&field) {
        return None;
    }
    match field {
        "support_years" | "years_to_retirement" | "emergency_months" | "age" | "dependents" => {
            Some(Whole)
        }
        "family_share"
        | "discount_rate"
        | "ci_multiple"
        | "disability_replacement"
        | "premium_budget_share"
        | "income_multiple_low"
        | "income_multiple_high" => Some(Ratio),
        "existing_medical_cover" | "existing_accident_cover" | "health_history" => Some(Bool),
        "product_kind" | "sex" => Some(Text),
        "kind" => None,
        _ => Some(Money),
    }
}
