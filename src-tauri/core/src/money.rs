//! Exact amounts and ratios: money in integer minor units (fen), ratios in millionths.
//!
//! Amounts never pass through floating point. They are parsed from their decimal text, added and
//! multiplied with checked integer arithmetic (overflow is an error naming the field, never a
//! panic) and rounded once, half away from zero ("half up" for the positive amounts of advice), at
//! the edges where a ratio is applied.

use crate::{Error, Result};
use serde::{Serialize, Serializer};
use std::fmt;

/// Minor units per major unit: 100 fen to the yuan.
pub const MINOR_PER_MAJOR: i64 = 100;
/// Ratio units per whole: a ratio is stored in millionths, so 3.5 % is 35 000.
pub const RATIO_SCALE: i64 = 1_000_000;

/// An amount of money in minor units (fen). Serialized as an exact decimal string, `"1234.50"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// A ratio, rate, share or multiple in millionths: `0.6` is 600 000, `3` is 3 000 000.
/// Serialized as the shortest exact decimal string, `"0.6"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ratio(i64);

/// Divides with rounding half away from zero: 5 / 2 = 3, -5 / 2 = -3. `d` must not be zero.
pub fn div_round_half_up(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    // |2r| >= |d| means the remainder is at least one half.
    if 2 * r.abs() >= d.abs() {
        if (n < 0) == (d < 0) {
            q + 1
        } else {
            q - 1
        }
    } else {
        q
    }
}

fn too_large(field: &str) -> Error {
    Error::invalid(field, "the amount is too large to compute with")
}

fn to_i64(v: i128, field: &str) -> Result<i64> {
    i64::try_from(v).map_err(|_| too_large(field))
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount from minor units.
    pub const fn from_minor(minor: i64) -> Money {
        Money(minor)
    }

    /// An amount from whole major units (yuan); `None` on overflow.
    pub fn from_major(major: i64) -> Option<Money> {
        major.checked_mul(MINOR_PER_MAJOR).map(Money)
    }

    pub const fn minor(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses decimal text in major units with at most two decimals: `"1234.5"`, `"-3"`, `"1e3"`.
    /// `field` names the value in the error.
    pub fn parse(field: &str, text: &str) -> Result<Money> {
        let minor = parse_scaled(text, 2).map_err(|why| Error::invalid(field, why))?;
        Ok(Money(to_i64(minor, field)?))
    }

    pub fn checked_add(self, other: Money, field: &str) -> Result<Money> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or_else(|| too_large(field))
    }

    pub fn checked_sub(self, other: Money, field: &str) -> Result<Money> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or_else(|| too_large(field))
    }

    /// The amount times a whole number.
    pub fn times(self, n: i64, field: &str) -> Result<Money> {
        self.0
            .checked_mul(n)
            .map(Money)
            .ok_or_else(|| too_large(field))
    }

    /// The amount times a ratio, rounded half up to the fen once.
    pub fn times_ratio(self, r: Ratio, field: &str) -> Result<Money> {
        let v = div_round_half_up(
            i128::from(self.0) * i128::from(r.0),
            i128::from(RATIO_SCALE),
        );
        Ok(Money(to_i64(v, field)?))
    }

    /// The amount divided by a whole number, rounded half up to the fen. `n` must not be zero.
    pub fn divided_by(self, n: i64) -> Money {
        // i64 / non-zero i64 fits in i64 except MIN / -1, which rounding half up cannot produce
        // from the non-negative amounts of advice; clamp rather than panic.
        let v = div_round_half_up(i128::from(self.0), i128::from(n));
        Money(i64::try_from(v).unwrap_or(i64::MAX))
    }

    /// `self - other`, but never below zero: a gap or shortfall.
    pub fn gap_after(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }

    /// The larger of two amounts.
    pub fn max(self, other: Money) -> Money {
        Money(self.0.max(other.0))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let per = MINOR_PER_MAJOR as u64;
        write!(f, "{sign}{}.{:02}", abs / per, abs % per)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Ratio {
    pub const ZERO: Ratio = Ratio(0);
    pub const ONE: Ratio = Ratio(RATIO_SCALE);

    /// A ratio from millionths.
    pub const fn from_millionths(m: i64) -> Ratio {
        Ratio(m)
    }

    /// A ratio of `n / 100` (a percentage): `from_percent(60)` is 0.6.
    pub const fn from_percent(n: i64) -> Ratio {
        Ratio(n * (RATIO_SCALE / 100))
    }

    /// A whole number as a ratio: `whole(3)` is 3.
    pub const fn whole(n: i64) -> Ratio {
        Ratio(n * RATIO_SCALE)
    }

    pub const fn millionths(self) -> i64 {
        self.0
    }

    /// Parses decimal text with at most six decimals: `"0.035"`, `"3"`.
    pub fn parse(field: &str, text: &str) -> Result<Ratio> {
        let m = parse_scaled(text, 6).map_err(|why| Error::invalid(field, why))?;
        Ok(Ratio(to_i64(m, field)?))
    }

    /// The ratio as a float, for a discount factor that is rounded once afterwards.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / RATIO_SCALE as f64
    }

    /// `self * other`, rounded half up to a millionth.
    pub fn times(self, other: Ratio, field: &str) -> Result<Ratio> {
        let v = div_round_half_up(
            i128::from(self.0) * i128::from(other.0),
            i128::from(RATIO_SCALE),
        );
        Ok(Ratio(to_i64(v, field)?))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let scale = RATIO_SCALE as u64;
        let (whole, frac) = (abs / scale, abs % scale);
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{frac:06}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses decimal text (optionally with an exponent, as JSON writes large floats) into an
/// integer scaled by `10^decimals`, refusing any digit that would be lost.
fn parse_scaled(text: &str, decimals: u32) -> std::result::Result<i128, String> {
    let t = text.trim();
    let bad = || format!("`{text}` is not a number");
    if t.is_empty() {
        return Err("is empty; give a number".to_string());
    }
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => {
            let e: i32 = t[i + 1..].parse().map_err(|_| bad())?;
            (&t[..i], e)
        }
        None => (t, 0),
    };
    let (neg, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return Err(bad());
    }
    // value = digits * 10^(exp - frac_len); we want value * 10^decimals.
    let all: String = format!("{int_part}{frac_part}");
    let all = all.trim_start_matches('0');
    let shift = i64::from(exp) - frac_part.len() as i64 + i64::from(decimals);
    let (kept, dropped) = if shift >= 0 {
        (all.to_string(), "")
    } else {
        let cut = (-shift) as usize;
        if cut >= all.len() {
            (String::new(), all)
        } else {
            let (k, d) = all.split_at(all.len() - cut);
            (k.to_string(), d)
        }
    };
    if dropped.bytes().any(|b| b != b'0') {
        return Err(format!("`{text}` has more than {decimals} decimals"));
    }
    let zeros = if shift > 0 { shift as usize } else { 0 };
    if kept.len() + zeros > 36 {
        return Err(format!("`{text}` is too large"));
    }
    let mut v: i128 = if kept.is_empty() {
        0
    } else {
        kept.parse().map_err(|_| bad())?
    };
    for _ in 0..zeros {
        v = v
            .checked_mul(10)
            .ok_or_else(|| format!("`{text}` is too large"))?;
    }
    Ok(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse("x", s).unwrap()
    }

    #[test]
    fn parses_decimal_text_exactly() {
        let cases = [
            ("0", 0),
            ("1234.56", 123_456),
            ("1234.5", 123_450),
            ("-3", -300),
            ("0.1", 10),
            ("0.29", 29),
            ("1e3", 100_000),
            ("1.5E2", 15_000),
            ("1e16", 1_000_000_000_000_000_000),
            ("1234.50", 123_450),
            ("+7", 700),
            ("007.10", 710),
        ];
        for (text, minor) in cases {
            assert_eq!(m(text).minor(), minor, "`{text}` is {minor} fen");
        }
    }

    #[test]
    fn rejects_lost_digits_and_text() {
        for bad in [
            "1.234", "abc", "", "1.2.3", "--1", "1e", "0.001", "12a", ".", "1e-3",
        ] {
            assert!(
                Money::parse("annual_income", bad).is_err(),
                "`{bad}` must be refused"
            );
        }
        let err = Money::parse("annual_income", "1.234").unwrap_err();
        assert!(err.to_string().starts_with("annual_income:"), "{err}");
    }

    #[test]
    fn overflow_is_an_error_naming_the_field_not_a_panic() {
        let err = Money::parse("debts", "1e40").unwrap_err();
        assert!(err.to_string().contains("debts"), "{err}");
        let big = Money::from_minor(i64::MAX);
        let err = big.checked_add(Money::from_minor(1), "dime").unwrap_err();
        assert!(err.to_string().starts_with("dime:"), "{err}");
        assert!(
            big.times(2, "x").is_err(),
            "doubling the largest amount overflows"
        );
    }

    #[test]
    fn formats_with_two_decimals() {
        assert_eq!(Money::from_minor(123_456).to_string(), "1234.56");
        assert_eq!(Money::from_minor(5).to_string(), "0.05");
        assert_eq!(Money::from_minor(-150).to_string(), "-1.50");
        assert_eq!(
            serde_json::to_string(&Money::from_minor(100)).unwrap(),
            "\"1.00\"",
            "amounts travel as exact strings"
        );
    }

    #[test]
    fn rounds_half_up_once() {
        assert_eq!(div_round_half_up(5, 2), 3);
        assert_eq!(div_round_half_up(-5, 2), -3, "half away from zero");
        assert_eq!(div_round_half_up(4, 3), 1);
        assert_eq!(div_round_half_up(149, 100), 1);
        assert_eq!(div_round_half_up(150, 100), 2);
        // 0.05 yuan x 0.5 = 0.025 -> 0.03
        let half = Ratio::parse("r", "0.5").unwrap();
        assert_eq!(
            Money::from_minor(5).times_ratio(half, "x").unwrap().minor(),
            3
        );
        // 100.01 / 12 = 8.334... -> 8.33
        assert_eq!(Money::from_minor(10_001).divided_by(12).minor(), 833);
    }

    #[test]
    fn ratios_parse_and_print_shortest() {
        assert_eq!(Ratio::parse("r", "0.035").unwrap().millionths(), 35_000);
        assert_eq!(Ratio::parse("r", "3").unwrap(), Ratio::whole(3));
        assert_eq!(Ratio::from_percent(60).to_string(), "0.6");
        assert_eq!(Ratio::whole(15).to_string(), "15");
        assert_eq!(Ratio::from_millionths(1).to_string(), "0.000001");
        assert!(
            Ratio::parse("r", "0.0000001").is_err(),
            "seven decimals are refused"
        );
    }

    #[test]
    fn gaps_never_go_below_zero() {
        assert_eq!(m("100").gap_after(m("250")), Money::ZERO);
        assert_eq!(m("250").gap_after(m("100")), m("150"));
    }
}
