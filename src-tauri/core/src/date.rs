//! Calendar dates: the one parser for dates people type (records, client files, questionnaire
//! answers) and the strict `YYYY-MM-DD` form the database keeps.
//!
//! People write a date in many ways: `1988-03-15`, `1988/3/15`, `1988.3.15`, `19880315` or
//! `1988年3月15日`. All of these mean one day; they are normalised to `1988-03-15` before anything
//! is stored or compared. Only year-first forms are accepted: `03/15/1988` and `15/03/1988` are
//! ambiguous, and guessing a client's date of birth is not ours to do.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Why typed text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not written as a year-first date at all.
    Unreadable,
    /// Written as a date, but the month or the day does not exist (2023-02-29, 2024-13-01).
    NoSuchDay,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` (the stored form); `None` for anything else or a day the
    /// month does not have.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (y, m, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
        Date::new(y as i32, m, d).ok()
    }

    /// Parses a date as people type it (see the module doc): year first, then month and day,
    /// separated by `-`, `/`, `.`, spaces or `年`/`月`/`日`, or written as eight digits.
    pub fn parse_typed(s: &str) -> Result<Date, DateError> {
        let s = s.trim();
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            let (y, m, d) = (digits(&s[0..4]), digits(&s[4..6]), digits(&s[6..8]));
            let (Some(y), Some(m), Some(d)) = (y, m, d) else {
                return Err(DateError::Unreadable);
            };
            return Date::new(y as i32, m, d);
        }
        let parts: Vec<&str> = s
            .split(['-', '/', '.', ' ', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(DateError::Unreadable);
        };
        let well_formed = y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len());
        match (well_formed, digits(y), digits(m), digits(d)) {
            (true, Some(y), Some(m), Some(d)) => Date::new(y as i32, m, d),
            _ => Err(DateError::Unreadable),
        }
    }

    fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let exists =
            year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        exists
            .then_some(Date { year, month, day })
            .ok_or(DateError::NoSuchDay)
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

    /// Whole years from `self` (a date of birth) to `on`.
    pub fn years_until(self, on: Date) -> i32 {
        let birthday_passed = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - i32::from(!birthday_passed)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// ASCII digits only (no sign, no full-width digits) as a number.
fn digits(part: &str) -> Option<u32> {
    (!part.is_empty() && part.bytes().all(|c| c.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
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

    #[test]
    fn the_forms_people_type_mean_one_day() {
        for typed in [
            "1988-03-15",
            "1988/3/15",
            "1988/03/15",
            "1988.3.15",
            "1988-3-15",
            "19880315",
            "1988年3月15日",
            "1988 3 15",
            " 1988/3/15 ",
        ] {
            assert_eq!(
                Date::parse_typed(typed).map(|d| d.to_string()),
                Ok("1988-03-15".to_string()),
                "`{typed}` is 15 March 1988"
            );
        }
    }

    #[test]
    fn says_whether_text_is_no_date_or_a_day_that_does_not_exist() {
        for bad in [
            "",
            "15/03/1988",
            "03/15/1988",
            "88-3-15",
            "1988-3",
            "1988-03-15-01",
            "１９８８-03-15",
            "1988-0x-15",
            "1988315",
            "tomorrow",
        ] {
            assert_eq!(
                Date::parse_typed(bad),
                Err(DateError::Unreadable),
                "`{bad}` is not a year-first date"
            );
        }
        for missing in [
            "2023-02-29",
            "2024/13/1",
            "2024.4.31",
            "20230229",
            "2024-00-10",
        ] {
            assert_eq!(
                Date::parse_typed(missing),
                Err(DateError::NoSuchDay),
                "`{missing}` is written as a date but that day does not exist"
            );
        }
        assert!(
            Date::parse_typed("2024-02-29").is_ok(),
            "2024 is a leap year"
        );
    }

    #[test]
    fn the_stored_form_is_strict() {
        assert!(Date::parse("2024-02-29").is_some());
        for loose in ["2024/02/29", "2024-2-29", "20240229", "2023-02-29"] {
            assert_eq!(Date::parse(loose), None, "`{loose}` is not the stored form");
        }
    }

    #[test]
    fn ages_count_whole_years() {
        let born = Date::parse("1988-03-15").unwrap();
        assert_eq!(born.years_until(Date::parse("2026-03-14").unwrap()), 37);
        assert_eq!(born.years_until(Date::parse("2026-03-15").unwrap()), 38);
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
