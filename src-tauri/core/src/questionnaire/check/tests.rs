//! Each kind of problem the checker finds, on tiny questionnaires.

use super::*;

const HEAD: &str = r#"
id = "t"
kind = "family"
title = { zh = "测试", en = "Test" }
[[sections]]
id = "s"
title = { zh = "节", en = "Section" }
"#;

fn q(id: &str, rest: &str) -> String {
    format!(
        "[[sections.questions]]\nid = \"{id}\"\nlabel = {{ zh = \"问\", en = \"Q\" }}\n{rest}\n"
    )
}

fn problems(body: &str) -> Vec<String> {
    check_text(&format!("{HEAD}{body}"), Path::new("questionnaires/t.toml"))
        .iter()
        .map(|p| p.to_string())
        .collect()
}

fn assert_finds(body: &str, needle: &str) {
    let found = problems(body);
    assert!(
        found.iter().any(|p| p.contains(needle)),
        "expected a problem containing `{needle}`, got {found:#?}"
    );
}

const YES_NO: &str = "type = \"yes_no\"";

#[test]
fn a_clean_questionnaire_has_no_problems() {
    let body = q("a", YES_NO)
        + &q(
            "b",
            "type = \"money\"\nshow_if = \"a == yes\"\nprofile = \"debts\"",
        );
    assert_eq!(problems(&body), Vec::<String>::new());
}

#[test]
fn finds_unknown_ids_in_conditions_with_the_line() {
    let body = q("a", "type = \"yes_no\"\nshow_if = \"ghost == yes\"");
    let found = problems(&body);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("questionnaires/t.toml:9: error:")
                && p.contains("unknown question id `ghost`")),
        "{found:#?}"
    );
}

#[test]
fn finds_cycles_and_forward_references() {
    let body = q("a", "type = \"yes_no\"\nshow_if = \"b == yes\"")
        + &q("b", "type = \"yes_no\"\nshow_if = \"a == yes\"");
    assert_finds(&body, "cycle: a -> b -> a");
    assert_finds(
        &body,
        "`a`: show_if uses `b`, which is not answered before it",
    );
    assert_finds(
        &q("a", "type = \"yes_no\"\nshow_if = \"a == yes\""),
        "cycle: a -> a",
    );
    let computed = q("a", YES_NO)
        + "[[computed]]\nid = \"x\"\nlabel = { zh = \"x\", en = \"x\" }\ncompute = \"sum\"\nof = [\"y\"]\n"
        + "[[computed]]\nid = \"y\"\nlabel = { zh = \"y\", en = \"y\" }\ncompute = \"sum\"\nof = [\"x\"]\n";
    assert_finds(&computed, "cycle: x -> y -> x");
}

#[test]
fn finds_unreachable_questions() {
    let contradiction =
        q("a", YES_NO) + &q("b", "type = \"yes_no\"\nshow_if = \"a == yes and a == no\"");
    assert_finds(&contradiction, "`b` is unreachable");
    let range =
        q("n", "type = \"integer\"\nmax = 5") + &q("b", "type = \"yes_no\"\nshow_if = \"n > 5\"");
    assert_finds(&range, "`b` is unreachable");
    let not_an_option = q("c", "type = \"single_choice\"\noptions = [{ value = \"x\", label = { zh = \"x\", en = \"x\" } }, { value = \"y\", label = { zh = \"y\", en = \"y\" } }]")
        + &q("b", "type = \"yes_no\"\nshow_if = \"c == z\"");
    assert_finds(&not_an_option, "`z` is not an option of `c`");
    // A question that depends only on an unreachable one is unreachable too.
    let chain = contradiction + &q("d", "type = \"yes_no\"\nshow_if = \"b == yes\"");
    assert_finds(&chain, "`d` is unreachable");
}

#[test]
fn a_reachable_condition_is_not_reported() {
    let body = q("n", "type = \"integer\"\nmax = 5")
        + &q("b", "type = \"yes_no\"\nshow_if = \"n >= 5 and not n > 5\"");
    assert!(
        !problems(&body).iter().any(|p| p.contains("unreachable")),
        "n = 5 satisfies it"
    );
}

#[test]
fn finds_choice_values_the_advice_code_does_not_know() {
    let body = q(
        "p",
        "type = \"single_choice\"\nprofile = \"product_kind\"\noptions = [{ value = \"term_life\", label = { zh = \"x\", en = \"x\" } }, { value = \"pension\", label = { zh = \"y\", en = \"y\" } }]",
    );
    assert_finds(
        &body,
        "choice value `pension` is not known to the advice code",
    );
}

#[test]
fn finds_unknown_or_ill_fitting_profile_fields() {
    assert_finds(
        &q("a", "type = \"money\"\nprofile = \"anual_income\""),
        "profile field `anual_income` does not exist",
    );
    assert_finds(
        &q("a", "type = \"text\"\nprofile = \"annual_income\""),
        "cannot fill `annual_income`",
    );
}

#[test]
fn finds_missing_translations() {
    let body = "[[sections.questions]]\nid = \"a\"\ntype = \"yes_no\"\nlabel = { zh = \"问\" }\n";
    assert_finds(body, "`a`: the label has no English translation");
    let body = "[[sections.questions]]\nid = \"a\"\ntype = \"yes_no\"\nlabel = { zh = \" \", en = \"Q\" }\n";
    assert_finds(body, "no Chinese translation");
}

#[test]
fn finds_unknown_keys_and_bad_types_with_a_line() {
    let found = problems(&q("a", "type = \"yes_no\"\nrequird = true"));
    assert!(
        found
            .iter()
            .any(|p| p.contains(":12: error:") && p.contains("requird")),
        "a typo is an error at its line: {found:#?}"
    );
    assert_finds(&q("a", "type = \"slider\""), "slider");
}

#[test]
fn finds_ill_typed_conditions() {
    let multi = q("m", "type = \"multiple_choice\"\noptions = [{ value = \"x\", label = { zh = \"x\", en = \"x\" } }, { value = \"y\", label = { zh = \"y\", en = \"y\" } }]");
    assert_finds(
        &(multi.clone() + &q("b", "type = \"yes_no\"\nshow_if = \"m == x\"")),
        "use `m includes <option>`",
    );
    assert_finds(
        &(q("a", YES_NO) + &q("b", "type = \"yes_no\"\nshow_if = \"a == maybe\"")),
        "never `maybe`",
    );
    assert_finds(
        &(q("a", YES_NO) + &q("b", "type = \"yes_no\"\nshow_if = \"a includes x\"")),
        "`includes` is for multiple-choice",
    );
    assert_finds(&q("a", "type = \"yes_no\"\nshow_if = \"a ==\""), "show_if:");
}

#[test]
fn finds_duplicate_ids_and_bad_options() {
    assert_finds(&(q("a", YES_NO) + &q("a", YES_NO)), "id `a` is used twice");
    assert_finds(&q("c", "type = \"single_choice\"\noptions = [{ value = \"x\", label = { zh = \"x\", en = \"x\" } }]"), "at least two options");
    assert_finds(
        &q("n", "type = \"integer\"\nmin = 5\nmax = 1"),
        "min 5 is above max 1",
    );
    assert_finds(&q("Bad-Id", YES_NO), "may use only a-z");
}

#[test]
fn the_file_name_must_match_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("questionnaires");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("other.toml"),
        format!("{HEAD}{}", q("a", YES_NO)),
    )
    .unwrap();
    let found: Vec<String> = check(dir.path()).iter().map(|p| p.to_string()).collect();
    assert!(
        found
            .iter()
            .any(|p| p.contains("must match the file name `other.toml`")),
        "{found:#?}"
    );
}

#[test]
fn enterprise_risks_are_named_with_the_peril_vocabulary() {
    let head = HEAD.replace("kind = \"family\"", "kind = \"enterprise\"");
    let check = |body: String| -> Vec<String> {
        check_text(&format!("{head}{body}"), Path::new("questionnaires/t.toml"))
            .iter()
            .map(|p| p.to_string())
            .collect()
    };
    let bad = check(q(
        "m",
        "type = \"money\"\nprofile = \"risks.meteor.severity\"",
    ));
    assert!(
        bad.iter()
            .any(|p| p.contains("risk `meteor` is not a known peril")),
        "{bad:#?}"
    );
    let good = check(q(
        "m",
        "type = \"money\"\nprofile = \"risks.machinery.severity\"",
    ));
    assert!(good.is_empty(), "{good:#?}");
}

#[test]
fn bands_need_a_number_on_every_option_and_factors_belong_to_hazards() {
    let head = HEAD.replace("kind = \"family\"", "kind = \"enterprise\"");
    let check = |body: String| -> Vec<String> {
        check_text(&format!("{head}{body}"), Path::new("questionnaires/t.toml"))
            .iter()
            .map(|p| p.to_string())
            .collect()
    };
    let opt = |v: &str, rest: &str| {
        format!("{{ value = \"{v}\", label = {{ zh = \"x\", en = \"x\" }}{rest} }}")
    };
    let band = |a: &str| {
        q(
            "f",
            &format!(
                "type = \"single_choice\"\nprofile = \"risks.fire.frequency\"\noptions = [{}, {}, {}]",
                opt("often", a),
                opt("rare", ", number = 0.05"),
                opt("estimate", ", exclusive = true")
            ),
        )
    };
    let missing = check(band(""));
    assert!(
        missing
            .iter()
            .any(|p| p.contains("option `often` has no `number`")),
        "{missing:#?}"
    );
    // The agent's estimate, shown only when the band was left to it, is no duplicate.
    let estimate = q(
        "e",
        "type = \"number\"\nshow_if = \"f == estimate\"\nprofile = \"risks.fire.frequency\"",
    );
    let clean = check(band(", number = 3") + &estimate);
    assert!(clean.is_empty(), "{clean:#?}");
    let factors = |profile: &str, factor: &str| {
        q(
            "h",
            &format!(
                "type = \"multiple_choice\"\nprofile = \"{profile}\"\noptions = [{}, {}]",
                opt("flammable_stock", &format!(", factors = {{ {factor} }}")),
                opt("none", ", exclusive = true")
            ),
        )
    };
    let ok = check(factors("hazards", "fire = 1.5"));
    assert!(ok.is_empty(), "{ok:#?}");
    let bad = check(factors("hazards", "meteor = 1.5, fire = 40.0"));
    assert!(
        bad.iter()
            .any(|p| p.contains("`meteor`, which is not a known peril")),
        "{bad:#?}"
    );
    assert!(
        bad.iter()
            .any(|p| p.contains("factors are between 0.1 and 10")),
        "{bad:#?}"
    );
    let elsewhere = check(factors("industry", "fire = 1.5"));
    assert!(
        elsewhere
            .iter()
            .any(|p| p.contains("only options of the question filling `hazards`")),
        "{elsewhere:#?}"
    );
}

#[test]
fn prefill_names_a_client_file_value_for_a_date_of_birth() {
    let dob = q(
        "d",
        "type = \"date_of_birth\"\nprefill = \"client.birth_date\"",
    );
    assert_eq!(problems(&dob), Vec::<String>::new());
    assert_finds(
        &q(
            "d",
            "type = \"date_of_birth\"\nprefill = \"client.birthday\"",
        ),
        "prefill `client.birthday` is not a value of the client file",
    );
    assert_finds(
        &q("d", "type = \"text\"\nprefill = \"client.birth_date\""),
        "fills a date_of_birth question only",
    );
}

#[test]
fn years_until_needs_an_age_and_a_target_age() {
    let computed = |of: &str, extra: &str| {
        format!("[[computed]]\nid = \"y\"\nlabel = {{ zh = \"年\", en = \"Years\" }}\ncompute = \"years_until\"\nof = {of}\n{extra}\nprofile = \"years_to_retirement\"\n")
    };
    let body = q("a", "type = \"age\"") + &q("r", "type = \"age\"\nmin = 40\nmax = 75");
    assert_eq!(
        problems(&(body.clone() + &computed("[\"a\", \"r\"]", "default = 60"))),
        Vec::<String>::new(),
        "an age, a stated target age and a default are clean"
    );
    assert_finds(
        &(body.clone() + &computed("[\"a\"]", "")),
        "an age and a target age (two values)",
    );
    assert_finds(
        &(body.clone() + &computed("[\"a\", \"r\"]", "default = 200")),
        "default 200 is not an age",
    );
    let text = q("a", "type = \"text\"") + &q("r", "type = \"age\"");
    assert_finds(
        &(text + &computed("[\"a\", \"r\"]", "")),
        "cannot compute yearsuntil from `a`",
    );
    let sum = "[[computed]]\nid = \"s\"\nlabel = { zh = \"合\", en = \"Sum\" }\ncompute = \"sum\"\nof = [\"m\"]\ndefault = 1\n";
    assert_finds(
        &(q("m", "type = \"money\"") + sum),
        "`default` is for years_until values only",
    );
}
