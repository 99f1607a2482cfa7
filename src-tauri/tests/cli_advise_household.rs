//! `presale advise` with `"kind": "household"`: the built binary on the household fixture (the
//! policy review as JSON), and bad rows refused in one line naming the field with its index.

use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fixture() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/advise/household.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn advise(profile: &str) -> Output {
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
        .unwrap()
        .write_all(profile.as_bytes())
        .unwrap();
    child.wait_with_output().expect("presale finishes")
}

fn cell<'a>(v: &'a Value, member: &str, risk: &str) -> &'a Value {
    v["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["member"] == member && c["risk"] == risk)
        .unwrap_or_else(|| panic!("no cell {member} {risk}"))
}

#[test]
fn the_household_fixture_prints_methods_map_findings_and_priorities() {
    let out = advise(&fixture().to_string());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "household");
    assert_eq!(v["as_of"], "2026-12-01");
    let r1 = &v["members"][0];
    assert_eq!(r1["income_share"], "0.6", "300 000 of 500 000");
    assert_eq!(r1["earner"], true);
    let methods: Vec<&str> = r1["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert_eq!(
        methods,
        [
            "dime",
            "human_life_value",
            "income_multiple",
            "critical_illness",
            "disability_income"
        ]
    );
    // 0.6 x 1 750 000 + 300 000 x 0.7 x 15 = 4 200 000; less 1 000 000 held and 120 000 saved.
    assert_eq!(r1["methods"][0]["need"], "4200000.00");
    assert_eq!(r1["methods"][0]["gap"], "3080000.00");
    assert_eq!(r1["life_basis"]["follows"], "dime");
    assert_eq!(
        v["members"][2]["methods"],
        json!([]),
        "a child has no income methods"
    );
    // The lapsed critical illness policy counts nothing.
    assert_eq!(cell(&v, "r1", "critical_illness")["held"], "0.00");
    assert_eq!(cell(&v, "r1", "death")["state"], "gap");
    assert_eq!(cell(&v, "r1", "death")["need"], "4080000.00");
    // Two medical policies on the child: the higher limit, not the sum.
    let med = cell(&v, "r3", "medical");
    assert_eq!(med["held"], "2000000.00");
    assert_eq!(med["policies"], json!(["p3", "p4"]));
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(&ids[..2], ["lapsed", "uncovered_earner"], "{ids:?}");
    for id in ["duplicate_indemnity", "cover_ends_before_need"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(!ids.contains(&"no_change_needed"));
    assert_eq!(v["no_change_needed"], false);
    let first = &v["findings"][0];
    assert_eq!(first["policies"], json!(["p2"]));
    assert_eq!(first["severity"], "high");
    assert!(first["reason"]["zh"]
        .as_str()
        .unwrap()
        .contains("第三十七条"));
    assert_eq!(v["priorities"][0], first["action"]);
    assert_eq!(
        v["premiums"]["annual_total"], "3700.00",
        "the lapsed 6 000 is not paid"
    );
}

#[test]
fn bad_household_rows_get_one_line_naming_the_field_and_exit_2() {
    let variant = |f: &dyn Fn(&mut Value)| {
        let mut v = fixture();
        f(&mut v);
        v.to_string()
    };
    let cases = [
        (
            variant(&|v| v["policies"][3]["sum_insured"] = json!(-1)),
            "presale: policies[3].sum_insured: must be >= 0",
        ),
        (
            variant(&|v| v["policies"][0]["insured"] = json!("r9")),
            "presale: policies[0].insured: no member has the id `r9`",
        ),
        (
            variant(&|v| v["members"][1]["birth_date"] = json!("1990-13-01")),
            "presale: members[1].birth_date: `1990-13-01` is no such day",
        ),
        (
            variant(&|v| v["members"][0]["occupation_class"] = json!(0)),
            "presale: members[0].occupation_class: must be from 1 to 6, got 0",
        ),
    ];
    for (input, expected) in cases {
        let out = advise(&input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim_end(), expected);
        assert!(out.stdout.is_empty());
    }
}
