//! `presale advise`: the built binary on the fixture profiles, and bad profiles refused in one line.

use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/advise")
        .join(name)
}

fn advise_file(path: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presale"))
        .args(["advise", "--profile"])
        .arg(path)
        .output()
        .expect("the presale binary runs")
}

fn advise_stdin(profile: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_presale"))
        .args(["advise", "--profile", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the presale binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(profile.as_bytes())
        .expect("the profile is written");
    child.wait_with_output().expect("presale finishes")
}

fn json_of(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "a good profile succeeds; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn family_profile_prints_every_method_by_name() {
    let v = json_of(&advise_file(&fixture("family.json")));
    for method in [
        "dime",
        "human_life_value",
        "income_multiple",
        "critical_illness",
        "disability_income",
        "emergency_fund",
    ] {
        assert_eq!(
            v[method]["method"], method,
            "the output names `{method}` as the UI does"
        );
    }
    assert_eq!(
        v["dime"]["gap"], "1950000.00",
        "50 000 + 200 000 x 0.7 x 10 + 800 000 + 300 000 + 50 000 - 500 000 - 150 000"
    );
    assert_eq!(v["human_life_value"]["value"], "2437840.68");
    assert_eq!(v["critical_illness"]["gap"], "400000.00");
    assert_eq!(v["disability_income"]["monthly_gap"], "8000.00");
    assert_eq!(v["emergency_fund"]["months_covered"], "15.0");
    assert_eq!(v["engine_version"], "2");
    // The shipped term life rates: 14.00 per 10 000 at 36-40, the higher rate with no sex given;
    // 1 950 000 = 195 units -> 2 730 a year.
    let life = &v["recommendations"][0];
    assert_eq!(life["product_kind"], "term_life");
    assert_eq!(life["indicative_premium"]["rate_per_10000"], "14.00");
    assert_eq!(life["indicative_premium"]["sex"], "higher_of_both");
    assert_eq!(life["indicative_premium"]["annual_premium"], "2730.00");
    assert_eq!(v["life_basis"]["follows"], "dime");
}

#[test]
fn enterprise_profile_decides_each_risk() {
    let v = json_of(&advise_file(&fixture("enterprise.json")));
    let risks = v["risks"].as_array().expect("risks is a list");
    let decisions: Vec<&str> = risks
        .iter()
        .map(|r| r["decision"].as_str().unwrap())
        .collect();
    assert_eq!(
        decisions,
        vec!["transfer", "retain_with_loss_control", "transfer"]
    );
    assert_eq!(risks[0]["expected_loss"], "20000.00", "0.05 x 400 000");
    assert_eq!(risks[0]["loading"], "10000.00", "30 000 - 20 000");
    assert_eq!(
        risks[2]["expected_loss"], "28000.00",
        "8 000 + 20 000 from the outcomes"
    );
    // The shipped library's property policy covers fire and flood, the two to transfer.
    assert_eq!(v["recommendations"][0]["product_id"], "property-all-risks");
    assert_eq!(v["recommendations"][0]["risks"], json!(["fire", "flood"]));
    assert_eq!(v["uncovered"], json!([]));
    assert_eq!(risks[0]["decided_by"], "can_bear_largest_loss");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = std::fs::read_to_string(fixture("family.json")).unwrap();
    let v = json_of(&advise_stdin(&text));
    assert_eq!(v["kind"], "family");
}

#[test]
fn bad_profiles_get_one_line_naming_the_field_and_exit_2() {
    let text = std::fs::read_to_string(fixture("family.json")).unwrap();
    let good: Value = serde_json::from_str(&text).unwrap();
    let variant = |key: &str, value: Value| {
        let mut v = good.clone();
        if value.is_null() {
            v.as_object_mut().unwrap().remove(key);
        } else {
            v[key] = value;
        }
        v.to_string()
    };
    let cases = [
        (
            variant("annual_income", Value::Null),
            "presale: annual_income: is required",
        ),
        (
            variant("annual_income", json!(-5)),
            "presale: annual_income: must not be negative",
        ),
        (
            variant("discount_rate", json!(3)),
            "presale: discount_rate: must be from 0 to 0.2",
        ),
        (
            variant("debts", json!("plenty")),
            "presale: debts: `plenty` is not a number",
        ),
        (
            variant("anual_income", json!(1)),
            "presale: anual_income: unknown field",
        ),
        (
            variant("debts", json!(1.234)),
            "presale: debts: `1.234` has more than 2 decimals",
        ),
        ("{not json".to_string(), "presale: profile: not valid JSON"),
    ];
    for (profile, expected) in cases {
        let out = advise_stdin(&profile);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "bad input exits with 2: {stderr}"
        );
        assert!(
            stderr.starts_with(expected),
            "expected `{expected}`, got `{stderr}`"
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "exactly one line: {stderr}"
        );
        assert!(out.stdout.is_empty(), "nothing on stdout for bad input");
    }
}

#[test]
fn a_missing_file_is_bad_input() {
    let out = advise_file(&fixture("no-such-profile.json"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("presale: profile: cannot read"));
}
