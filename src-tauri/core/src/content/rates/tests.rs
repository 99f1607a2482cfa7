//! Rate tables: a good table reads exactly, and each kind of bad table is refused at its line.

use super::*;

const GOOD: &str = r#"date = "2026-11-01"
note = { zh = "仅供说明", en = "For illustration only" }
by_sex = true

[[bands]]
ages = [18, 30]
male = 9.5
female = 6

[[bands]]
ages = [31, 40]
male = 14
female = 9.25
"#;

fn parse_text(text: &str) -> (Option<RateTable>, Vec<String>) {
    let mut problems = Vec::new();
    let t = parse(
        text,
        Path::new("products/term-life/rates.toml"),
        "term-life",
        true,
        &mut problems,
    );
    (t, problems.iter().map(|p| p.to_string()).collect())
}

#[test]
fn a_good_table_reads_exactly() {
    let (t, problems) = parse_text(GOOD);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(t.date, "2026-11-01");
    assert!(t.by_sex);
    assert_eq!(t.bands.len(), 2);
    assert_eq!(
        t.bands[0].male,
        Money::from_minor(950),
        "9.5 yuan, not 9.4999"
    );
    assert_eq!(t.bands[1].female, Money::from_minor(925));
}

fn expect(text: &str, wanted: &str) {
    let (t, problems) = parse_text(text);
    assert!(t.is_none(), "a bad table is left out");
    assert!(
        problems.iter().any(|p| p.contains(wanted)),
        "expected `{wanted}` in {problems:?}"
    );
}

#[test]
fn overlapping_and_gapped_bands_are_refused_at_their_line() {
    expect(
        &GOOD.replace("ages = [31, 40]", "ages = [30, 40]"),
        "rates.toml:10: error: ages 30-40 overlap the band before (18-30)",
    );
    expect(
        &GOOD.replace("ages = [31, 40]", "ages = [33, 40]"),
        "rates.toml:10: error: ages 31-32 are in no band",
    );
    expect(
        &GOOD.replace("ages = [18, 30]", "ages = [30, 18]"),
        "rates.toml:6: error: `ages` is [30, 18]",
    );
}

#[test]
fn rates_must_be_positive_amounts() {
    expect(
        &GOOD.replace("male = 9.5", "male = 0"),
        "rates.toml:7: error: `male` for ages 18-30 must be a positive amount",
    );
    expect(
        &GOOD.replace("male = 9.5", "male = -3"),
        "`male` for ages 18-30 must be a positive amount",
    );
    expect(
        &GOOD.replace("male = 9.5", "male = 9.555"),
        "with at most two decimals",
    );
    expect(
        &GOOD.replace("female = 6\n", ""),
        "the band for ages 18-30 has no `female`",
    );
    expect(
        &GOOD.replace("by_sex = true\n", ""),
        "`male` needs `by_sex = true` at the top",
    );
}

#[test]
fn the_date_note_keys_and_product_are_checked() {
    expect(
        &GOOD.replace("2026-11-01", "2026-02-30"),
        "rates.toml:1: error: `date` is \"2026-02-30\"",
    );
    expect(
        &GOOD.replace("en = \"For illustration only\"", "en = \"\""),
        "`note` needs both `zh` and `en`",
    );
    expect(
        &GOOD.replace("by_sex", "by_gender"),
        "rates.toml:3: error: unknown field `by_gender`",
    );
    let mut problems = Vec::new();
    let t = parse(
        GOOD,
        Path::new("products/pets/rates.toml"),
        "pets",
        false,
        &mut problems,
    );
    assert!(t.is_none());
    assert!(
        problems[0]
            .to_string()
            .contains("there is no product products/pets/product.zh.md"),
        "{problems:?}"
    );
}

#[test]
fn the_shipped_tables_are_valid_and_loaded() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let (book, problems) = load(&root);
    assert!(problems.is_empty(), "{problems:?}");
    for id in ["term-life", "critical-illness", "medical", "accident"] {
        assert!(book.get(id).is_some(), "{id} has indicative rates");
    }
}
