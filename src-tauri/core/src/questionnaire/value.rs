//! Answers: checking a value against its question, with messages in both languages, and the
//! canonical form in which it is stored and compared.
//!
//! Stored forms (JSON): single choice and text and dates as strings, multiple choice as a list of
//! strings, yes/no as `true`/`false`, integer and age as whole numbers, money, number and percent
//! as exact decimal strings with two decimals (`"1234.50"`).

use super::model::{Question, QuestionType};
use crate::date::{Date, DateError};
use crate::money::Money;
use crate::text::{text, Text};
use serde_json::Value;

/// The default longest free-text answer, in characters.
pub const DEFAULT_MAX_LENGTH: usize = 200;

/// An answer as conditions and computed values see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    Set(Vec<String>),
    Bool(bool),
    /// Numbers in hundredths, so whole numbers and amounts compare exactly.
    Num(i128),
}

impl Val {
    /// Reads a stored answer of a question of type `kind`.
    pub fn of(kind: QuestionType, v: &Value) -> Option<Val> {
        match (kind, v) {
            (_, Value::Bool(b)) => Some(Val::Bool(*b)),
            (QuestionType::MultipleChoice | QuestionType::RowRefs, Value::Array(items)) => {
                Some(Val::Set(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                ))
            }
            (QuestionType::Integer | QuestionType::Age, Value::Number(n)) => {
                n.as_i64().map(|n| Val::Num(i128::from(n) * 100))
            }
            (
                QuestionType::Money | QuestionType::Number | QuestionType::Percent,
                Value::String(s),
            ) => Money::parse("answer", s)
                .ok()
                .map(|m| Val::Num(i128::from(m.minor()))),
            (_, Value::String(s)) => Some(Val::Text(s.clone())),
            _ => None,
        }
    }
}

fn msg(q: &Question, zh: String, en: String) -> Text {
    q.invalid
        .as_ref()
        .and_then(|custom| custom.to_text())
        .unwrap_or_else(|| text(zh, en))
}

/// Checks `raw` against the question and returns its stored form, or why it is not acceptable.
/// `today` is `YYYY-MM-DD` (dates of birth may not be later).
pub fn validate(q: &Question, raw: &Value, today: &str) -> Result<Value, Text> {
    match q.kind {
        QuestionType::SingleChoice => {
            let choice = raw.as_str().unwrap_or_default();
            if q.options.iter().any(|o| o.value == choice) {
                Ok(Value::String(choice.to_string()))
            } else {
                Err(msg(
                    q,
                    "请选择一个选项。".into(),
                    "Please choose one of the options.".into(),
                ))
            }
        }
        QuestionType::MultipleChoice => multiple(q, raw),
        QuestionType::YesNo => match raw {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::String(s) if s == "yes" => Ok(Value::Bool(true)),
            Value::String(s) if s == "no" => Ok(Value::Bool(false)),
            _ => Err(msg(
                q,
                "请选择“是”或“否”。".into(),
                "Please answer yes or no.".into(),
            )),
        },
        QuestionType::Integer | QuestionType::Age => {
            let n = match raw {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            };
            let (min, max) = match q.kind {
                QuestionType::Age => (q.min.unwrap_or(0), q.max.unwrap_or(120)),
                _ => (q.min.unwrap_or(0), q.max.unwrap_or(i64::MAX)),
            };
            match n {
                Some(n) if n >= min && n <= max => Ok(Value::from(n)),
                Some(_) => Err(range_msg(q, min, max)),
                None => Err(msg(
                    q,
                    "请填写整数。".into(),
                    "Please give a whole number.".into(),
                )),
            }
        }
        QuestionType::Money | QuestionType::Number | QuestionType::Percent => decimal(q, raw),
        QuestionType::DateOfBirth => date_of_birth(q, raw, today),
        QuestionType::Date => any_date(q, raw).map(|d| Value::String(d.to_string())),
        QuestionType::RowRef => match raw.as_str().map(str::trim) {
            Some(id) if row_id_ok(id) => Ok(Value::String(id.to_string())),
            _ => Err(msg(
                q,
                "请从列表中选择一项。".into(),
                "Please choose one from the list.".into(),
            )),
        },
        QuestionType::RowRefs => {
            let bad = || {
                msg(
                    q,
                    "请从列表中选择。".into(),
                    "Please choose from the list.".into(),
                )
            };
            let Value::Array(items) = raw else {
                return Err(bad());
            };
            let mut ids: Vec<Value> = Vec::new();
            for item in items {
                let id = item.as_str().filter(|id| row_id_ok(id)).ok_or_else(bad)?;
                if !ids.iter().any(|v| v == id) {
                    ids.push(Value::String(id.to_string()));
                }
            }
            Ok(Value::Array(ids))
        }
        QuestionType::Text => {
            let s = raw.as_str().map(str::trim).unwrap_or_default();
            let limit = q.max_length.unwrap_or(DEFAULT_MAX_LENGTH);
            if s.is_empty() {
                Err(msg(
                    q,
                    "请填写内容，或不回答此题。".into(),
                    "Please write an answer or leave it out.".into(),
                ))
            } else if s.chars().count() > limit {
                Err(msg(
                    q,
                    format!("最多 {limit} 个字。"),
                    format!("At most {limit} characters."),
                ))
            } else {
                Ok(Value::String(s.to_string()))
            }
        }
    }
}

fn range_msg(q: &Question, min: i64, max: i64) -> Text {
    if max == i64::MAX {
        msg(
            q,
            format!("请填写不小于 {min} 的数。"),
            format!("Please give a number of at least {min}."),
        )
    } else {
        msg(
            q,
            format!("请填写 {min} 到 {max} 之间的数。"),
            format!("Please give a number from {min} to {max}."),
        )
    }
}

fn multiple(q: &Question, raw: &Value) -> Result<Value, Text> {
    let bad = || {
        msg(
            q,
            "请从选项中选择。".into(),
            "Please choose from the options.".into(),
        )
    };
    let Value::Array(items) = raw else {
        return Err(bad());
    };
    let mut chosen: Vec<String> = Vec::new();
    for item in items {
        let v = item.as_str().ok_or_else(bad)?;
        if !q.options.iter().any(|o| o.value == v) {
            return Err(bad());
        }
        if !chosen.iter().any(|c| c == v) {
            chosen.push(v.to_string());
        }
    }
    if chosen.is_empty() {
        return Err(msg(
            q,
            "请至少选择一项；都不适用时请选“以上都没有”。".into(),
            "Please choose at least one; choose “none of these” if none applies.".into(),
        ));
    }
    let exclusive = q
        .options
        .iter()
        .filter(|o| o.exclusive)
        .any(|o| chosen.contains(&o.value));
    if exclusive && chosen.len() > 1 {
        return Err(msg(
            q,
            "“以上都没有”不能与其他选项同时选择。".into(),
            "“None of these” cannot be combined with other options.".into(),
        ));
    }
    // Keep the definition's order so the stored answer does not depend on the order of taps.
    let ordered: Vec<Value> = q
        .options
        .iter()
        .filter(|o| chosen.contains(&o.value))
        .map(|o| Value::String(o.value.clone()))
        .collect();
    Ok(Value::Array(ordered))
}

fn decimal(q: &Question, raw: &Value) -> Result<Value, Text> {
    let text_of = match raw {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_string()),
        _ => None,
    };
    let parsed = text_of.and_then(|t| Money::parse("answer", &t).ok());
    let Some(m) = parsed else {
        return Err(msg(
            q,
            "请填写数字，最多两位小数。".into(),
            "Please give a number with at most two decimals.".into(),
        ));
    };
    let min = q.min.unwrap_or(0);
    let max = q.max.unwrap_or(if q.kind == QuestionType::Percent {
        100
    } else {
        i64::MAX
    });
    // A bound too large to express in fen excludes nothing.
    let lo_ok = Money::from_major(min).map_or(true, |lo| lo <= m);
    let hi_ok = Money::from_major(max).map_or(true, |hi| m <= hi);
    if !(lo_ok && hi_ok) {
        return Err(range_msg(q, min, max));
    }
    Ok(Value::String(m.to_string()))
}

/// Whether `id` has the form of a row id the engine gives (`r1`, `r27`).
pub fn row_id_ok(id: &str) -> bool {
    id.strip_prefix('r').is_some_and(|n| {
        !n.is_empty()
            && n.len() <= 9
            && !n.starts_with('0')
            && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The earliest and latest years a `date` answer may have: a policy started in 1950 or ending
/// in 2150 is plausible, a year 0002 is a typing mistake.
const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A day as people type it (`Date::parse_typed`), any day in `DATE_YEARS`.
fn any_date(q: &Question, raw: &Value) -> Result<Date, Text> {
    let s = raw.as_str().unwrap_or_default().trim();
    let date = typed_date(q, s)?;
    if !DATE_YEARS.contains(&date.year) {
        return Err(msg(
            q,
            format!("请检查年份：{s}。"),
            format!("Please check the year: {s}."),
        ));
    }
    Ok(date)
}

fn typed_date(q: &Question, s: &str) -> Result<Date, Text> {
    Date::parse_typed(s).map_err(|why| match why {
        DateError::NoSuchDay => msg(
            q,
            format!("日历上没有 {s} 这一天，请检查月份和日期。"),
            format!("There is no such day as {s}: please check the month and the day."),
        ),
        DateError::Unreadable => msg(
            q,
            "请按 年-月-日 的顺序填写日期，如 1985-06-30 或 1985/6/30。".into(),
            "Please give the date year first, such as 1985-06-30 or 1985/6/30.".into(),
        ),
    })
}

fn date_of_birth(q: &Question, raw: &Value, today: &str) -> Result<Value, Text> {
    let s = raw.as_str().unwrap_or_default().trim();
    let date = typed_date(q, s)?;
    let now = Date::parse(today).ok_or_else(|| {
        msg(
            q,
            "无法确定今天的日期。".into(),
            "Today's date is not known.".into(),
        )
    })?;
    if date > now {
        return Err(msg(
            q,
            "出生日期不能晚于今天。".into(),
            "A date of birth cannot be in the future.".into(),
        ));
    }
    if date.years_until(now) > 120 {
        return Err(msg(
            q,
            "请检查年份：年龄超过 120 岁。".into(),
            "Please check the year: that is over 120 years ago.".into(),
        ));
    }
    // Stored in the one form the rest of the app reads.
    Ok(Value::String(date.to_string()))
}

#[cfg(test)]
mod tests;
