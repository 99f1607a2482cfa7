//! Tests of the retention rule: each outcome, the boundaries, records finished before outcomes
//! were recorded, the purge by each record's own date, the outcome's validation, and the periods
//! read from the privacy notice itself.

use super::*;
use crate::consultation::{self, Mode};
use crate::db;
use crate::records::outcome::OutcomeEdit;
use crate::records::outcome::{Outcome, OutcomeStatus, PolicyTerm};
use crate::records::record::{self, RecordEdit};
use crate::records::retention::*;
use crate::records::tests::{bought_longer, finish_edit, no_purchase, person};
use crate::records::{client, view};
use crate::settings::Language;
use crate::validate::Date;
use crate::{clock, Error};

fn outcome(status: OutcomeStatus, term: Option<PolicyTerm>, end: Option<&str>) -> Outcome {
    Outcome {
        status,
        product_id: None,
        sum_insured: None,
        premium: None,
        policy_term: term,
        contract_end: end.map(|d| Date::parse(d).unwrap()),
        recorded_at: String::new(),
        updated_at: String::new(),
    }
}

fn day(d: &str) -> Date {
    Date::parse(d).unwrap()
}

#[test]
fn each_outcome_gives_the_notices_period() {
    let ended = day("2026-12-01");
    for status in [
        OutcomeStatus::Deciding,
        OutcomeStatus::Declined,
        OutcomeStatus::NoNeed,
    ] {
        let r = rule(&outcome(status, None, None), ended);
        assert_eq!(r.until.as_deref(), Some("2027-12-01"), "{status:?}");
        assert_eq!(r.basis, Basis::NoPurchase);
    }
    let short = rule(
        &outcome(
            OutcomeStatus::Bought,
            Some(PolicyTerm::OneYearOrLess),
            Some("2027-12-01"),
        ),
        ended,
    );
    assert_eq!(
        short.until.as_deref(),
        Some("2032-12-01"),
        "5 years from the contract's end"
    );
    assert_eq!(short.basis, Basis::ShortPolicy);
    let long = rule(
        &outcome(
            OutcomeStatus::Bought,
            Some(PolicyTerm::Longer),
            Some("2046-12-01"),
        ),
        ended,
    );
    assert_eq!(
        long.until.as_deref(),
        Some("2056-12-01"),
        "10 years from the contract's end"
    );
    assert_eq!(long.basis, Basis::LongPolicy);
    let unknown = rule(
        &outcome(OutcomeStatus::Bought, Some(PolicyTerm::Longer), None),
        ended,
    );
    assert_eq!(
        unknown.until, None,
        "kept until the contract's end is known"
    );
    assert_eq!(unknown.basis, Basis::ContractEndUnknown);
}

#[test]
fn a_period_counted_from_29_february_ends_on_1_march_never_earlier() {
    let r = rule(
        &outcome(OutcomeStatus::Declined, None, None),
        day("2028-02-29"),
    );
    assert_eq!(r.until.as_deref(), Some("2029-03-01"));
}

fn next_day(d: Date) -> Date {
    let date = |y: i32, m: u32, dd: u32| Date::parse(&format!("{y:04}-{m:02}-{dd:02}"));
    date(d.year, d.month, d.day + 1)
        .or_else(|| date(d.year, d.month + 1, 1))
        .unwrap_or_else(|| date(d.year + 1, 1, 1).unwrap())
}

fn finish(conn: &Connection, name: &str, outcome: OutcomeEdit) -> i64 {
    let c = client::save(conn, "agent", None, &person(name, "13800138000")).unwrap();
    let id = consultation::start_draft(conn, Mode::Agent, Language::ZhCn).unwrap();
    let mut edit = finish_edit(c.id);
    edit.outcome = Some(outcome);
    record::finish(conn, "agent", id, &edit).unwrap();
    id
}

#[test]
fn purge_uses_each_records_own_date_and_keeps_the_last_day() {
    let conn = db::open_in_memory().unwrap();
    let declined = finish(&conn, "李娜", no_purchase("declined"));
    let bought = finish(&conn, "王强", bought_longer("2046-12-01"));
    let unknown_end = finish(
        &conn,
        "赵敏",
        OutcomeEdit {
            contract_end: None,
            ..bought_longer("2046-12-01")
        },
    );
    let until = record::get(&conn, declined)
        .unwrap()
        .retention_until
        .unwrap();
    assert_eq!(
        until,
        day(&clock::today())
            .add_years(NO_PURCHASE_YEARS)
            .to_string()
    );
    let on_the_day = purge_expired(&conn, "cli", &until, true).unwrap();
    assert!(
        on_the_day.consultations.is_empty(),
        "kept through its last day"
    );
    let next = next_day(day(&until)).to_string();
    let done = purge_expired(&conn, "cli", &next, false).unwrap();
    assert_eq!(
        done.consultations,
        [declined],
        "only the declined record's year is over"
    );
    let years_later = purge_expired(&conn, "cli", "2050-01-01", true).unwrap();
    assert!(
        years_later.consultations.is_empty(),
        "the purchase is kept to 2056, the one with no contract end until it is known: {years_later:?}"
    );
    assert!(record::get(&conn, bought).unwrap().erased_at.is_none());
    assert_eq!(
        record::get(&conn, unknown_end).unwrap().retention_until,
        None
    );
    let much_later = purge_expired(&conn, "cli", "2057-01-01", true).unwrap();
    assert_eq!(much_later.consultations, [bought]);
}

#[test]
fn a_record_finished_before_outcomes_keeps_its_date_until_its_outcome_is_recorded() {
    let conn = db::open_in_memory().unwrap();
    let id = finish(&conn, "李娜", no_purchase("declined"));
    // As a record finished before the migration: no outcome, the 10 years it was given then.
    conn.execute(
        "DELETE FROM consultation_outcomes WHERE consultation_id = ?1",
        [id],
    )
    .unwrap();
    conn.execute(
        "UPDATE consultations SET retention_until = '2036-12-01', ended_at = '2026-12-01T08:00:00Z'
         WHERE id = ?1",
        [id],
    )
    .unwrap();
    let v = view::get(&conn, id).unwrap();
    assert_eq!(v.retention.until.as_deref(), Some("2036-12-01"));
    assert_eq!(v.retention.basis, Basis::BeforeOutcomes);
    assert_eq!(v.outcome, None);

    let edit = RecordEdit {
        outcome: Some(no_purchase("no_need")),
        ..Default::default()
    };
    let saved = record::update(&conn, "agent", id, &edit).unwrap();
    assert_eq!(
        saved.retention_until.as_deref(),
        Some("2027-12-01"),
        "the rule applies from the consultation's own end"
    );
    assert_eq!(
        view::get(&conn, id).unwrap().retention.basis,
        Basis::NoPurchase
    );
}

fn refused(conn: &Connection, id: i64, outcome: OutcomeEdit) -> String {
    let edit = RecordEdit {
        outcome: Some(outcome),
        ..Default::default()
    };
    let e: Error = record::update(conn, "agent", id, &edit).unwrap_err();
    e.to_public().field.unwrap_or_default()
}

#[test]
fn a_bad_outcome_is_refused_naming_its_field() {
    let conn = db::open_in_memory().unwrap();
    let id = finish(&conn, "李娜", no_purchase("deciding"));
    let bought = bought_longer("2046-12-01");
    let cases = [
        (no_purchase(""), "outcome_status"),
        (no_purchase("maybe"), "outcome_status"),
        (
            OutcomeEdit {
                product_id: None,
                ..bought.clone()
            },
            "outcome_product",
        ),
        (
            OutcomeEdit {
                product_id: Some("never-presented".into()),
                ..bought.clone()
            },
            "outcome_product",
        ),
        (
            OutcomeEdit {
                policy_term: None,
                ..bought.clone()
            },
            "outcome_policy_term",
        ),
        (
            OutcomeEdit {
                policy_term: Some("forever".into()),
                ..bought.clone()
            },
            "outcome_policy_term",
        ),
        (
            OutcomeEdit {
                policy_term: Some("longer".into()),
                ..no_purchase("declined")
            },
            "outcome_policy_term",
        ),
        (
            OutcomeEdit {
                contract_end: Some("2020-01-01".into()),
                ..bought.clone()
            },
            "outcome_contract_end",
        ),
        (
            OutcomeEdit {
                contract_end: Some("2027-02-30".into()),
                ..bought.clone()
            },
            "outcome_contract_end",
        ),
        (
            OutcomeEdit {
                policy_term: Some("one_year_or_less".into()),
                ..bought.clone()
            },
            "outcome_contract_end",
        ),
        (
            OutcomeEdit {
                premium: Some("-6800".into()),
                ..bought.clone()
            },
            "outcome_premium",
        ),
        (
            OutcomeEdit {
                sum_insured: Some("五十万".into()),
                ..bought.clone()
            },
            "outcome_sum_insured",
        ),
    ];
    for (edit, want) in cases {
        assert_eq!(refused(&conn, id, edit.clone()), want, "{edit:?}");
    }
    assert_eq!(
        view::get(&conn, id).unwrap().outcome.unwrap().status,
        OutcomeStatus::Deciding,
        "nothing refused was stored"
    );
}

/// The digits of the notice's bullet that starts with `lead` (after the list marker).
fn periods(notice: &str, section: &str, lead: &str) -> Vec<u32> {
    let body = notice
        .split("\n## ")
        .find(|s| s.starts_with(section))
        .unwrap_or_else(|| panic!("the notice has a section {section}"));
    let line = body
        .lines()
        .find(|l| l.trim_start_matches(['-', ' ', '*']).starts_with(lead))
        .unwrap_or_else(|| panic!("section {section} has a line on {lead}"));
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

#[test]
fn the_periods_are_the_privacy_notices() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/notices");
    let zh = std::fs::read_to_string(dir.join("privacy.zh.md")).unwrap();
    let en = std::fs::read_to_string(dir.join("privacy.en.md")).unwrap();
    let bought = [SHORT_POLICY_YEARS, LONG_POLICY_YEARS];
    assert_eq!(periods(&zh, "五、", "已投保的"), bought, "zh: bought");
    assert_eq!(
        periods(&zh, "五、", "未投保的"),
        [NO_PURCHASE_YEARS],
        "zh: no purchase"
    );
    assert_eq!(periods(&en, "5.", "If you buy"), bought, "en: bought");
    assert_eq!(
        periods(&en, "5.", "If you do not buy"),
        [NO_PURCHASE_YEARS],
        "en: no purchase"
    );
    // The shorter period is for the shorter policy, in both texts.
    assert!(
        zh.contains("一年及以下的，至少 5 年"),
        "zh pairs 5 years with a year or less"
    );
    assert!(
        en.contains("at least 5 years for a policy period of one year or less"),
        "en pairs 5 years with a year or less"
    );
}
