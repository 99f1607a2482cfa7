//! Validation of each question type, with messages in both languages.

use super::*;
use crate::questionnaire::model::{Choice, LocalText};
use serde_json::json;

const TODAY: &str = "2026-11-28";

fn question(kind: QuestionType) -> Question {
    Question {
        id: "q".into(),
        kind,
        label: LocalText::both("问", "Q"),
        help: None,
        required: false,
        show_if: None,
        min: None,
        max: None,
        unit: None,
        max_length: None,
        options: vec![
            Choice {
                value: "a".into(),
                label: LocalText::both("甲", "A"),
                exclusive: false,
                number: None,
                factors: Default::default(),
            },
            Choice {
                value: "b".into(),
                label: LocalText::both("乙", "B"),
                exclusive: false,
                number: None,
                factors: Default::default(),
            },
            Choice {
                value: "none".into(),
                label: LocalText::both("无", "None"),
                exclusive: true,
                number: None,
                factors: Default::default(),
            },
        ],
        sensitive: false,
        profile: None,
        invalid: None,
        prefill: None,
        not_before: None,
        group: None,
    }
}

fn ok(q: &Question, v: Value) -> Value {
    validate(q, &v, TODAY).unwrap_or_else(|e| panic!("{v} should be valid: {}", e.en))
}

fn bad(q: &Question, v: Value) -> Text {
    validate(q, &v, TODAY).expect_err("should be refused")
}

#[test]
fn choices_must_be_options() {
    let q = question(QuestionType::SingleChoice);
    assert_eq!(ok(&q, json!("a")), json!("a"));
    let why = bad(&q, json!("c"));
    assert!(
        !why.zh.is_empty() && !why.en.is_empty(),
        "messages in both languages"
    );
    let m = question(QuestionType::MultipleChoice);
    assert_eq!(
        ok(&m, json!(["b", "a", "b"])),
        json!(["a", "b"]),
        "definition order, no duplicates"
    );
    assert!(
        validate(&m, &json!([]), TODAY).is_err(),
        "an empty choice is not an answer"
    );
    assert!(
        validate(&m, &json!(["a", "none"]), TODAY).is_err(),
        "none cannot be combined"
    );
    assert_eq!(ok(&m, json!(["none"])), json!(["none"]));
}

#[test]
fn yes_no_takes_booleans_or_words() {
    let q = question(QuestionType::YesNo);
    assert_eq!(ok(&q, json!("yes")), json!(true));
    assert_eq!(ok(&q, json!(false)), json!(false));
    assert!(validate(&q, &json!("maybe"), TODAY).is_err());
}

#[test]
fn numbers_respect_their_range() {
    let mut q = question(QuestionType::Integer);
    q.min = Some(1);
    q.max = Some(10);
    assert_eq!(ok(&q, json!(10)), json!(10));
    assert_eq!(bad(&q, json!(11)).en, "Please give a number from 1 to 10.");
    assert!(
        validate(&q, &json!(2.5), TODAY).is_err(),
        "not a whole number"
    );
    let age = question(QuestionType::Age);
    assert!(
        validate(&age, &json!(121), TODAY).is_err(),
        "ages stop at 120"
    );
}

#[test]
fn money_is_stored_exactly_with_two_decimals() {
    let q = question(QuestionType::Money);
    assert_eq!(ok(&q, json!(1234.5)), json!("1234.50"));
    assert_eq!(ok(&q, json!("0.1")), json!("0.10"));
    assert!(
        validate(&q, &json!("1.234"), TODAY).is_err(),
        "fen are the smallest unit"
    );
    assert!(
        validate(&q, &json!(-1), TODAY).is_err(),
        "no negative amounts"
    );
    let p = question(QuestionType::Percent);
    assert!(
        validate(&p, &json!(101), TODAY).is_err(),
        "a percentage stops at 100"
    );
}

#[test]
fn dates_of_birth_are_real_and_past() {
    let q = question(QuestionType::DateOfBirth);
    assert_eq!(
        ok(&q, json!("2000-02-29")),
        json!("2000-02-29"),
        "a leap day"
    );
    for d in ["2001-02-29", "1990-13-01", "2027-01-01", "1900-01-01", "x"] {
        assert!(validate(&q, &json!(d), TODAY).is_err(), "`{d}` is refused");
    }
    assert_eq!(
        ok(&q, json!("1990/1/1")),
        json!("1990-01-01"),
        "a date typed with slashes is stored year-month-day"
    );
    assert!(
        bad(&q, json!("2001-02-29")).en.contains("no such day"),
        "a day that does not exist is named as such"
    );
}

#[test]
fn text_has_a_length_limit_and_a_custom_message() {
    let mut q = question(QuestionType::Text);
    q.max_length = Some(3);
    assert_eq!(
        ok(&q, json!(" 中文字 ")),
        json!("中文字"),
        "characters, not bytes; trimmed"
    );
    assert!(validate(&q, &json!("abcd"), TODAY).is_err());
    q.invalid = Some(LocalText::both("太长", "Too long"));
    assert_eq!(
        bad(&q, json!("abcd")).en,
        "Too long",
        "the author's message wins"
    );
}

#[test]
fn a_date_is_any_real_day_and_stored_year_first() {
    let q = question(QuestionType::Date);
    assert_eq!(
        validate(&q, &json!("2048/5/1"), TODAY),
        Ok(json!("2048-05-01")),
        "the future is fine"
    );
    assert_eq!(
        validate(&q, &json!("2020年5月1日"), TODAY),
        Ok(json!("2020-05-01"))
    );
    let no_day = validate(&q, &json!("2023-02-29"), TODAY).unwrap_err();
    assert!(
        no_day.en.contains("no such day as 2023-02-29"),
        "{no_day:?}"
    );
    assert!(no_day.zh.contains("没有 2023-02-29 这一天"), "{no_day:?}");
    assert!(validate(&q, &json!("01/05/2020"), TODAY)
        .unwrap_err()
        .en
        .contains("year first"));
    assert!(validate(&q, &json!("0002-01-01"), TODAY)
        .unwrap_err()
        .en
        .contains("check the year"));
    assert!(
        validate(&q, &json!(20200501), TODAY).is_err(),
        "a number is not a date"
    );
}

#[test]
fn row_references_are_row_ids() {
    let one = question(QuestionType::RowRef);
    assert_eq!(validate(&one, &json!("r12"), TODAY), Ok(json!("r12")));
    for bad in [
        json!(""),
        json!("r0"),
        json!("r01"),
        json!("members[1]"),
        json!(3),
        json!(["r1"]),
    ] {
        assert!(validate(&one, &bad, TODAY).is_err(), "{bad}");
    }
    let many = question(QuestionType::RowRefs);
    assert_eq!(
        validate(&many, &json!(["r2", "r1", "r2"]), TODAY),
        Ok(json!(["r2", "r1"]))
    );
    assert_eq!(
        validate(&many, &json!([]), TODAY),
        Ok(json!([])),
        "none chosen is an answer"
    );
    assert!(validate(&many, &json!("r1"), TODAY).is_err());
    assert!(validate(&many, &json!(["r1", "x"]), TODAY).is_err());
}
