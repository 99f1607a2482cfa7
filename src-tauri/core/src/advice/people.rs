//! Amounts and ids as a client reads them: sums of cover to the nearest 10,000 yuan, premiums and
//! monthly amounts to the whole yuan, kinds of cover in words.
//!
//! The exact figures stay in the result (and so in the record and the export); the rounded ones
//! are what sentences and the main screen show. A positive amount never rounds to nothing: a gap
//! of ¥3,000 reads as ¥10,000, not as ¥0, so "more cover needed" and its sum cannot disagree.

use super::yuan;
use crate::money::{div_round_half_up, Money};
use crate::text::{text, Text};

/// Sums of cover are read and quoted in steps of 10,000 yuan (in fen).
pub const SUM_STEP_MINOR: i64 = 10_000 * 100;

/// A sum of cover to the nearest 10,000 yuan (half up); at least 10,000 when positive.
pub fn round_sum(m: Money) -> Money {
    if m <= Money::ZERO {
        return Money::ZERO;
    }
    let steps = div_round_half_up(i128::from(m.minor()), i128::from(SUM_STEP_MINOR)).max(1);
    Money::from_minor(i64::try_from(steps * i128::from(SUM_STEP_MINOR)).unwrap_or(i64::MAX))
}

/// A premium or monthly amount to the whole yuan (half up); at least one yuan when positive.
pub fn round_yuan(m: Money) -> Money {
    if m <= Money::ZERO {
        return Money::ZERO;
    }
    let whole = div_round_half_up(i128::from(m.minor()), 100).max(1);
    Money::from_minor(i64::try_from(whole * 100).unwrap_or(i64::MAX))
}

/// An amount in whole yuan with thousands separators: `¥1,200,000` (the fen are dropped by
/// rounding first).
pub fn whole_text(m: Money) -> String {
    let s = yuan(round_yuan_signed(m));
    s.strip_suffix(".00").map(str::to_string).unwrap_or(s)
}

/// A sum of cover as a person reads it: `¥5,300,000`.
pub fn sum_text(m: Money) -> String {
    whole_text(round_sum(m))
}

/// A premium as a person reads it: `¥10,743`.
pub fn premium_text(m: Money) -> String {
    whole_text(round_yuan(m))
}

fn round_yuan_signed(m: Money) -> Money {
    let whole = div_round_half_up(i128::from(m.minor()), 100);
    Money::from_minor(i64::try_from(whole * 100).unwrap_or(i64::MAX))
}

/// A kind of cover in words, in both languages (never its id).
pub fn kind_name(kind: &str) -> Text {
    match kind {
        "term_life" => text("定期寿险", "term life"),
        "critical_illness" => text("重大疾病保险", "critical illness cover"),
        "medical" => text("医疗保险", "medical cover"),
        "accident" => text("意外险", "accident cover"),
        "property" => text("企业财产险", "property insurance"),
        other => text(other, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Money {
        Money::parse("test", s).unwrap()
    }

    #[test]
    fn sums_round_to_the_nearest_ten_thousand_and_never_to_nothing() {
        assert_eq!(round_sum(y("5300000")), y("5300000"));
        // 3 346 752.49 -> 334.675 steps -> 335 steps.
        assert_eq!(round_sum(y("3346752.49")), y("3350000"));
        assert_eq!(round_sum(y("3344999.99")), y("3340000"));
        assert_eq!(round_sum(y("3345000")), y("3350000"), "half up");
        assert_eq!(
            round_sum(y("3000")),
            y("10000"),
            "a small gap is still a gap"
        );
        assert_eq!(round_sum(Money::ZERO), Money::ZERO);
        assert_eq!(sum_text(y("3346752.49")), "¥3,350,000");
    }

    #[test]
    fn premiums_round_to_the_whole_yuan() {
        assert_eq!(round_yuan(y("10742.50")), y("10743"));
        assert_eq!(round_yuan(y("10742.49")), y("10742"));
        assert_eq!(round_yuan(y("0.20")), y("1"), "a premium is never free");
        assert_eq!(premium_text(y("10742.50")), "¥10,743");
        assert_eq!(whole_text(y("1200000")), "¥1,200,000");
    }

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(kind_name("term_life").zh, "定期寿险");
        assert_eq!(kind_name("critical_illness").en, "critical illness cover");
    }
}
