//! Reading a JSON object field by field, so every error names the field and what is wrong with it.
//!
//! Serde's derive would report `unknown field` with a line and column; a person editing a profile
//! needs `annual_income: must not be negative` instead, and amounts must be read from their decimal
//! text, never through a float.

use crate::money::{Money, Ratio};
use crate::{Error, Result};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// One JSON object being read; remembers which keys were used so the rest can be refused.
pub struct Fields<'a> {
    /// Prefix for error names, such as `risks[0].` (empty at the top level).
    prefix: String,
    map: &'a Map<String, Value>,
    used: BTreeSet<&'static str>,
}

/// An inclusive range a value must fall in, for messages and checks.
#[derive(Debug, Clone, Copy)]
pub struct Range<T> {
    pub min: T,
    pub max: T,
}

impl<'a> Fields<'a> {
    /// Starts reading `value`, which must be an object; `name` is used in errors.
    pub fn of(value: &'a Value, prefix: &str, name: &str) -> Result<Fields<'a>> {
        match value {
            Value::Object(map) => Ok(Fields {
                prefix: prefix.to_string(),
                map,
                used: BTreeSet::new(),
            }),
            _ => Err(Error::invalid(name, "must be a JSON object")),
        }
    }

    /// The full name of a field, as errors show it.
    pub fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.used.insert(key);
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn missing(&self, key: &str) -> Error {
        Error::invalid(self.name(key), "is required")
    }

    /// A raw value, if present.
    pub fn raw(&mut self, key: &'static str) -> Option<&'a Value> {
        self.get(key)
    }

    /// A required string.
    pub fn string(&mut self, key: &'static str) -> Result<String> {
        self.opt_string(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional string.
    pub fn opt_string(&mut self, key: &'static str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Error::invalid(self.name(key), "must be text")),
        }
    }

    /// An optional yes/no.
    pub fn opt_bool(&mut self, key: &'static str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(Error::invalid(self.name(key), "must be true or false")),
        }
    }

    /// A non-negative amount in major units, with a default when absent (`None`: required).
    pub fn money(&mut self, key: &'static str, default: Option<Money>) -> Result<Money> {
        match self.opt_money(key)? {
            Some(m) => Ok(m),
            None => default.ok_or_else(|| self.missing(key)),
        }
    }

    /// An optional non-negative amount in major units.
    pub fn opt_money(&mut self, key: &'static str) -> Result<Option<Money>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let name = self.name(key);
        let m = Money::parse(&name, &number_text(v, &name)?)?;
        if m.is_negative() {
            return Err(Error::invalid(name, "must not be negative"));
        }
        Ok(Some(m))
    }

    /// A ratio in `range`, with a default when absent (`None`: required).
    pub fn ratio(
        &mut self,
        key: &'static str,
        default: Option<Ratio>,
        range: Range<Ratio>,
    ) -> Result<Ratio> {
        let Some(v) = self.get(key) else {
            return default.ok_or_else(|| self.missing(key));
        };
        let name = self.name(key);
        let r = Ratio::parse(&name, &number_text(v, &name)?)?;
        if r < range.min || r > range.max {
            return Err(Error::invalid(
                name,
                format!("must be from {} to {}, got {r}", range.min, range.max),
            ));
        }
        Ok(r)
    }

    /// A whole number in `range`, with a default when absent (`None`: required).
    pub fn whole(
        &mut self,
        key: &'static str,
        default: Option<i64>,
        range: Range<i64>,
    ) -> Result<i64> {
        match self.opt_whole(key, range)? {
            Some(n) => Ok(n),
            None => default.ok_or_else(|| self.missing(key)),
        }
    }

    /// An optional whole number in `range`.
    pub fn opt_whole(&mut self, key: &'static str, range: Range<i64>) -> Result<Option<i64>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let name = self.name(key);
        let n = match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or_else(|| Error::invalid(&name, "must be a whole number"))?;
        if n < range.min || n > range.max {
            return Err(Error::invalid(
                name,
                format!("must be from {} to {}, got {n}", range.min, range.max),
            ));
        }
        Ok(Some(n))
    }

    /// Refuses any key that was not read: a typo must not silently fall back to a default.
    pub fn finish(self) -> Result<()> {
        match self.map.keys().find(|k| !self.used.contains(k.as_str())) {
            Some(k) => Err(Error::invalid(self.name(k), "unknown field")),
            None => Ok(()),
        }
    }
}

/// The decimal text of a JSON number or numeric string.
///
/// Without serde_json's `arbitrary_precision` a float is held as f64, but serde_json prints it as
/// the shortest text that reads back to the same f64 - for amounts with two decimals below 10^13
/// that is exactly the text that was written, so parsing that text loses nothing.
pub(crate) fn number_text(v: &Value, name: &str) -> Result<String> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Value::String(_) => Err(Error::invalid(name, "is empty; give a number")),
        Value::Bool(_) => Err(Error::invalid(name, "must be a number, not true or false")),
        _ => Err(Error::invalid(name, "must be a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_keep_their_exact_decimals() {
        let v = json!({"a": 1234.56, "b": "0.29", "c": 0.1});
        let mut f = Fields::of(&v, "", "profile").unwrap();
        assert_eq!(f.money("a", None).unwrap().minor(), 123_456);
        assert_eq!(f.money("b", None).unwrap().minor(), 29);
        assert_eq!(
            f.money("c", None).unwrap().minor(),
            10,
            "0.1 is not 0.1000000000000000055"
        );
        f.finish().unwrap();
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let v = json!({"annual_incme": 1});
        let f = Fields::of(&v, "", "profile").unwrap();
        let err = f.finish().unwrap_err();
        assert_eq!(err.to_string(), "annual_incme: unknown field");
    }

    #[test]
    fn nested_names_carry_their_prefix() {
        let v = json!({"severity": -1});
        let mut f = Fields::of(&v, "risks[2].", "risks[2]").unwrap();
        let err = f.money("severity", None).unwrap_err();
        assert_eq!(err.to_string(), "risks[2].severity: must not be negative");
    }

    #[test]
    fn text_where_a_number_belongs_is_refused() {
        let v = json!({"a": "lots", "b": true, "c": [1]});
        let mut f = Fields::of(&v, "", "profile").unwrap();
        assert!(f.money("a", None).is_err(), "text is not an amount");
        assert!(f.money("b", None).is_err(), "a boolean is not an amount");
        assert!(f.money("c", None).is_err(), "a list is not an amount");
    }
}
