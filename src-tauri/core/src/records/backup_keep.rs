//! Which backups to keep: the newest of each day for the last week and the newest of each month
//! for the last year (calendar days and months in UTC, counting today's), and always the newest
//! of all. Everything else of ours is deleted after each new backup.

use super::backup::BackupFile;
use std::collections::HashSet;

/// The keep rule's two spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    /// The newest backup of each of this many days (today and the days before) is kept.
    pub days: u32,
    /// The newest backup of each of this many months (this month and the ones before) is kept.
    pub months: u32,
}

/// A week of days and a year of months.
pub const DEFAULT_KEEP: Keep = Keep {
    days: 7,
    months: 12,
};

/// The backups of `backups` (any order) that the rule does not keep on `today` (`YYYY-MM-DD`).
pub fn to_delete<'a>(backups: &'a [BackupFile], today: &str, keep: Keep) -> Vec<&'a BackupFile> {
    let mut newest_first: Vec<&BackupFile> = backups.iter().collect();
    newest_first.sort_by_key(|b| std::cmp::Reverse(super::backup::sort_key(&b.name)));
    let Some(today_n) = day_number(today) else {
        return Vec::new();
    };
    let first_day = today_n - i64::from(keep.days.max(1)) + 1;
    let this_month = month_number(today).unwrap_or(i64::MAX);
    let first_month = this_month - i64::from(keep.months.max(1)) + 1;
    let mut days = HashSet::new();
    let mut months = HashSet::new();
    let mut out = Vec::new();
    for (i, b) in newest_first.into_iter().enumerate() {
        let day = day_number(&b.made_at);
        let month = month_number(&b.made_at);
        // Newest first, so the first seen of a day or a month is its newest.
        let newest_of_day = day.is_some_and(|d| days.insert(d));
        let newest_of_month = month.is_some_and(|m| months.insert(m));
        let keep_it = i == 0
            || (newest_of_day && day.is_some_and(|d| d >= first_day))
            || (newest_of_month && month.is_some_and(|m| m >= first_month));
        if !keep_it {
            out.push(b);
        }
    }
    out
}

/// Seconds from `from` to `to`, both `YYYY-MM-DDTHH:MM:SS...Z`.
pub fn seconds_between(from: &str, to: &str) -> Option<i64> {
    Some(unix_seconds(to)? - unix_seconds(from)?)
}

fn unix_seconds(t: &str) -> Option<i64> {
    let day = day_number(t)?;
    let part = |r: std::ops::Range<usize>| t.get(r).and_then(|s| s.parse::<i64>().ok());
    Some(day * 86_400 + part(11..13)? * 3600 + part(14..16)? * 60 + part(17..19)?)
}

/// Days since 1970-01-01 of `YYYY-MM-DD...` (Howard Hinnant's days-from-civil).
fn day_number(t: &str) -> Option<i64> {
    let (y, m, d) = ymd(t)?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Months since year 0 of `YYYY-MM...`.
fn month_number(t: &str) -> Option<i64> {
    let (y, m, _) = ymd(t)?;
    Some(y * 12 + m - 1)
}

fn ymd(t: &str) -> Option<(i64, i64, i64)> {
    let n = |r: std::ops::Range<usize>| t.get(r).and_then(|s| s.parse::<i64>().ok());
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}
