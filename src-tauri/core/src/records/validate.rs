//! Checks on what a person typed into a record: phones, emails, dates and lengths, each failure
//! naming its field so the UI can point at it and translate the message by code and field.

use crate::{clock, Error, Result};

/// Names (a person, a unit, a contact, an agent): at most this many characters.
pub const NAME_MAX: usize = 100;
/// The agent's notes: at most this many characters.
pub const NOTES_MAX: usize = 10_000;
/// Other free text (address, property, disaster-prevention measures, decision).
pub const TEXT_MAX: usize = 2_000;

/// Trims `value`; an empty value becomes `None`. Rejects text longer than `max` characters
/// (characters, not bytes: a Chinese name of 100 characters is fine) and control characters other
/// than line breaks and tabs, which have no place in a record and can hide text in a printout.
pub fn text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let len = v.chars().count();
    if len > max {
        return Err(Error::invalid(
            field,
            format!("is too long: {len} characters, at most {max}"),
        ));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(Some(v.to_string()))
}

/// Like [`text`], but the value must be present.
pub fn required(field: &str, value: Option<&str>, max: usize) -> Result<String> {
    text(field, value, max)?.ok_or_else(|| Error::invalid(field, "is required"))
}

/// A mainland China mobile number: 11 digits starting with 1 (second digit 3-9). Spaces and
/// hyphens people type between groups are dropped, and a leading `+86` is accepted.
pub fn phone(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(raw) = text(field, value, 30)? else {
        return Ok(None);
    };
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits);
    let ok = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.as_bytes()[0] == b'1'
        && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
    if ok {
        Ok(Some(digits.to_string()))
    } else {
        Err(Error::invalid(
            field,
            "must be a mainland mobile number: 11 digits starting with 1",
        ))
    }
}

/// An email address: one `@`, a non-empty local part, a domain with a dot, no spaces. Deliberately
/// loose (the full grammar rejects nothing a person would type by mistake); lower-cased domain.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = text(field, value, 254)? else {
        return Ok(None);
    };
    let bad = || Error::invalid(field, "must be an email address such as name@example.com");
    let (local, domain) = v.split_once('@').ok_or_else(bad)?;
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || v.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(Some(format!("{local}@{}", domain.to_lowercase())))
}

/// A calendar date `YYYY-MM-DD` that exists (no 2023-02-29).
pub fn date(field: &str, value: &str) -> Result<Date> {
    Date::parse(value.trim()).ok_or_else(|| {
        Error::invalid(
            field,
            format!("must be a date written YYYY-MM-DD, such as 2026-03-01 (got `{value}`)"),
        )
    })
}

/// An optional date (empty means none).
pub fn optional_date(field: &str, value: Option<&str>) -> Result<Option<Date>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => date(field, v).map(Some),
        None => Ok(None),
    }
}

/// A date of birth: a real date, not in the future, not before 1900.
pub fn birth_date(field: &str, value: Option<&str>) -> Result<Option<Date>> {
    let Some(d) = optional_date(field, value)? else {
        return Ok(None);
    };
    if d.to_string() > clock::today() {
        return Err(Error::invalid(field, "cannot be in the future"));
    }
    if d.year < 1900 {
        return Err(Error::invalid(field, "must be 1900 or later"));
    }
    Ok(Some(d))
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`; `None` for anything else or a day the month does not have.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        (year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// The same day `years` later. 29 February becomes 1 March in a common year: retention is
    /// "at least N years", so the date rounds up, never down.
    pub fn add_years(self, years: u32) -> Date {
        let year = self.year + years as i32;
        if self.month == 2 && self.day == 29 && days_in_month(year, 2) == 28 {
            Date {
                year,
                month: 3,
                day: 1,
            }
        } else {
            Date { year, ..self }
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        e.to_public().field.unwrap_or_default()
    }

    #[test]
    fn accepts_mainland_mobiles_in_the_forms_people_type() {
        for typed in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+8613812345678",
        ] {
            assert_eq!(
                phone("phone", Some(typed)).unwrap().as_deref(),
                Some("13812345678"),
                "`{typed}` is a valid mobile number"
            );
        }
        assert_eq!(
            phone("phone", Some("  ")).unwrap(),
            None,
            "blank is no phone"
        );
    }

    #[test]
    fn rejects_phones_that_are_not_mainland_mobiles() {
        for bad in [
            "1381234567",
            "138123456789",
            "23812345678",
            "12812345678",
            "1381234567a",
        ] {
            let err = phone("phone", Some(bad)).unwrap_err();
            assert_eq!(
                field_of(err),
                "phone",
                "`{bad}` must be rejected naming the field"
            );
        }
    }

    #[test]
    fn checks_emails_loosely_but_catches_typos() {
        assert_eq!(
            email("email", Some("Li.Na@Example.CN")).unwrap().as_deref(),
            Some("Li.Na@example.cn"),
            "the domain is case-insensitive, the local part is kept"
        );
        for bad in [
            "li.example.cn",
            "@example.cn",
            "li@example",
            "li@@example.cn",
            "li na@x.cn",
        ] {
            assert!(
                email("email", Some(bad)).is_err(),
                "`{bad}` is not an email"
            );
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(date("d", "2024-02-29").is_ok(), "a leap day exists in 2024");
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-1",
            "20240101",
            "2024-04-31",
            "２０24-01-01",
        ] {
            assert_eq!(
                field_of(date("d", bad).unwrap_err()),
                "d",
                "`{bad}` is no date"
            );
        }
    }

    #[test]
    fn a_birth_date_cannot_be_in_the_future() {
        assert!(birth_date("birth_date", Some("2999-01-01")).is_err());
        assert!(birth_date("birth_date", Some("1899-12-31")).is_err());
        assert!(birth_date("birth_date", Some("1985-06-15"))
            .unwrap()
            .is_some());
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let hundred_chinese = "张".repeat(100);
        assert!(
            text("name", Some(&hundred_chinese), NAME_MAX).is_ok(),
            "100 Chinese characters are 300 bytes but within the limit"
        );
        let err = text("name", Some(&"张".repeat(101)), NAME_MAX).unwrap_err();
        assert_eq!(field_of(err), "name");
        assert!(
            text("notes", Some("a\u{0}b"), NOTES_MAX).is_err(),
            "NUL is refused"
        );
        assert_eq!(
            text("notes", Some("line 1\nline 2"), NOTES_MAX)
                .unwrap()
                .as_deref(),
            Some("line 1\nline 2"),
            "line breaks are kept"
        );
    }

    #[test]
    fn retention_from_a_leap_day_rounds_up() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(
            d.add_years(10).to_string(),
            "2034-03-01",
            "never shorter than 10 years"
        );
        assert_eq!(d.add_years(4).to_string(), "2028-02-29");
    }
}
