//! Checks on what a person typed into a record: phones, emails, dates and lengths, each failure
//! naming its field so the UI can point at it and translate the message by code and field.

pub use crate::date::Date;
use crate::date::DateError;
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

/// A mainland China phone number as people write it, normalised:
/// - a mobile: 11 digits starting with 1 (second digit 3-9) -> `13812345678`;
/// - a landline with its area code: `010` and `02x` take 8 digits, other `0xxx` codes 7 or 8
///   (`021-5888 1234`, `(0571)88881234`) -> `021-58881234`; an extension after it (`-8001`,
///   `转8001`, `ext. 8001`, `x8001`) -> `021-58881234-8001`;
/// - a national service number `400`/`800` + 7 digits -> `400-820-8820`.
///
/// Spaces, hyphens and brackets between groups are dropped, and `+86` / `0086` is accepted (a
/// landline's area code then loses its leading 0, as dialled from abroad).
pub fn phone(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(raw) = text(field, value, 40)? else {
        return Ok(None);
    };
    normalise_phone(&raw).map(Some).ok_or_else(|| {
        Error::invalid(
            field,
            "must be a mobile number (11 digits starting with 1) or a landline with its area code, such as 021-58881234",
        )
    })
}

fn normalise_phone(raw: &str) -> Option<String> {
    let lower = raw.to_lowercase();
    // The extension, if any, is whatever follows one of the words people write before it, or
    // else a last hyphenated group that does not fit the number itself (`021-58881234-8001`).
    match ["转", "ext.", "ext", "x", "#"]
        .iter()
        .find_map(|sep| lower.split_once(sep))
    {
        Some((number, extension)) => with_extension(number, Some(extension.trim())),
        None => {
            // Written as area-number-extension ("0888-8888808-6"): the groups say which digits
            // are the extension, even where all of them would also make one longer number. This
            // is the form stored, so a stored number reads back as itself.
            let groups: Vec<&str> = lower.split('-').map(str::trim).collect();
            let grouped = match groups.as_slice() {
                [area, number, extension] if area.starts_with('0') => {
                    with_extension(&format!("{area}{number}"), Some(extension))
                }
                _ => None,
            };
            grouped
                .or_else(|| with_extension(&lower, None))
                .or_else(|| {
                    let (number, extension) = lower.rsplit_once('-')?;
                    with_extension(number, Some(extension.trim()))
                })
        }
    }
}

fn with_extension(number: &str, extension: Option<&str>) -> Option<String> {
    let mut digits: String = number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'))
        .collect();
    for prefix in ["+86", "0086"] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            digits = if rest.starts_with('1') || rest.starts_with("400") || rest.starts_with("800")
            {
                rest.to_string()
            } else {
                format!("0{rest}")
            };
        }
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let extension = match extension {
        Some(e) if !e.is_empty() && e.len() <= 6 && e.bytes().all(|b| b.is_ascii_digit()) => {
            Some(e)
        }
        Some(_) => return None,
        None => None,
    };
    let b = digits.as_bytes();
    let base = match (b[0], digits.len()) {
        (b'1', 11) if (b'3'..=b'9').contains(&b[1]) && extension.is_none() => digits.clone(),
        (b'4' | b'8', 10) if digits.starts_with("400") || digits.starts_with("800") => {
            format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
        }
        (b'0', _) => {
            // 010 and 02x are the only three-digit area codes; they take 8-digit numbers.
            let area = if matches!(b.get(1), Some(b'1' | b'2')) {
                3
            } else {
                4
            };
            let subscriber = digits.len().checked_sub(area)?;
            let fits = if area == 3 {
                subscriber == 8
            } else {
                subscriber == 7 || subscriber == 8
            };
            if !fits || b.get(1) == Some(&b'0') || b.get(area) == Some(&b'0') {
                return None;
            }
            format!("{}-{}", &digits[..area], &digits[area..])
        }
        _ => return None,
    };
    // A mobile has no extension; every other number may.
    Some(match extension {
        Some(e) => format!("{base}-{e}"),
        None => base,
    })
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

/// A date as people type it (`1988-03-15`, `1988/3/15`, `1988.3.15`, `19880315`,
/// `1988年3月15日`), normalised; the message says whether the text is no date at all or a day
/// that does not exist.
pub fn date(field: &str, value: &str) -> Result<Date> {
    Date::parse_typed(value).map_err(|why| {
        let value = value.trim();
        Error::invalid(
            field,
            match why {
                DateError::NoSuchDay => format!("`{value}` is not a day of the calendar"),
                DateError::Unreadable => format!(
                    "must be a date written year first, such as 2026-03-01 or 2026/3/1 (got `{value}`)"
                ),
            },
        )
    })
}

/// A date the program itself supplies (today's local date from the window, a stored timestamp):
/// exactly `YYYY-MM-DD`, because callers compare the text as it is.
pub fn iso_date(field: &str, value: &str) -> Result<Date> {
    Date::parse(value).ok_or_else(|| {
        Error::invalid(
            field,
            format!("must be a date written YYYY-MM-DD (got `{value}`)"),
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
    fn accepts_landlines_with_area_codes_and_extensions() {
        for (typed, stored) in [
            ("021-58881234", "021-58881234"),
            ("021 5888 1234", "021-58881234"),
            ("(021)58881234", "021-58881234"),
            ("（010）6552 1234", "010-65521234"),
            ("02158881234", "021-58881234"),
            ("0571-8888123", "0571-8888123"),
            ("0571-88881234", "0571-88881234"),
            ("+86 21 5888 1234", "021-58881234"),
            ("021-58881234-8001", "021-58881234-8001"),
            ("021-58881234转8001", "021-58881234-8001"),
            ("021-58881234 ext. 8001", "021-58881234-8001"),
            ("021 58881234 x8001", "021-58881234-8001"),
            ("400-820-8820", "400-820-8820"),
            ("4008208820", "400-820-8820"),
            // Found by fuzzing: the stored form of a number with an extension reads back as itself.
            ("0888-8888808-6", "0888-8888808-6"),
            ("088888888086", "0888-88888086"),
        ] {
            assert_eq!(
                phone("phone", Some(typed)).ok().flatten().as_deref(),
                Some(stored),
                "`{typed}` is a valid phone number"
            );
        }
    }

    #[test]
    fn rejects_what_is_no_mainland_phone_number() {
        for bad in [
            "1381234567",
            "138123456789",
            "23812345678",
            "12812345678",
            "1381234567a",
            "021-5888123",
            "021-588812345",
            "0571-888812",
            "0021-58881234",
            "021-08881234",
            "13812345678转12",
            "021-58881234转",
            "021-58881234 ext. 1234567",
            "58881234",
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
        assert_eq!(
            date("d", "2024/1/5").unwrap().to_string(),
            "2024-01-05",
            "typed forms are normalised"
        );
        let msg = |v| date("d", v).unwrap_err().to_public().message;
        assert!(
            msg("2023-02-29").contains("not a day"),
            "{}",
            msg("2023-02-29")
        );
        assert!(
            msg("05/01/2024").contains("year first"),
            "{}",
            msg("05/01/2024")
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-04-31",
            "01/02/2024",
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
        assert_eq!(
            birth_date("birth_date", Some("1988/3/15"))
                .unwrap()
                .map(|d| d.to_string())
                .as_deref(),
            Some("1988-03-15"),
            "a birth date typed with slashes is the same day"
        );
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
}
