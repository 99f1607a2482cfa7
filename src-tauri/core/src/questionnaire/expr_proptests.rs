//! Property tests of the `show_if` language: parsing any text never panics (nor overflows the
//! stack, however deep the nesting), a condition printed back in the language parses to itself,
//! and `not` negates whatever the answers. See tests/README.md.

use super::expr::{parse, Expr, Lit, Op};
use super::value::Val;
use proptest::prelude::*;

/// `n` cases, or `PROPTEST_CASES` for a longer run.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

fn id() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_]{0,8}".prop_filter("not a keyword", |s| {
        !["and", "or", "not", "includes"].contains(&s.as_str())
    })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Eq),
        Just(Op::Ne),
        Just(Op::Lt),
        Just(Op::Le),
        Just(Op::Gt),
        Just(Op::Ge)
    ]
}

fn lit() -> impl Strategy<Value = Lit> {
    prop_oneof![
        (0i128..10_000_000).prop_map(Lit::Num),
        id().prop_map(Lit::Word),
        "[^\"]{0,10}".prop_map(Lit::Word),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (id(), op(), lit()).prop_map(|(id, op, lit)| Expr::Cmp { id, op, lit }),
        (id(), id()).prop_map(|(id, value)| Expr::Includes { id, value }),
    ];
    leaf.prop_recursive(6, 48, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

/// `e` written in the language, fully parenthesised.
fn print(e: &Expr) -> String {
    match e {
        Expr::And(a, b) => format!("({} and {})", print(a), print(b)),
        Expr::Or(a, b) => format!("({} or {})", print(a), print(b)),
        Expr::Not(e) => format!("not ({})", print(e)),
        Expr::Includes { id, value } => format!("{id} includes {value}"),
        Expr::Cmp { id, op, lit } => {
            let op = match op {
                Op::Eq => "==",
                Op::Ne => "!=",
                Op::Lt => "<",
                Op::Le => "<=",
                Op::Gt => ">",
                Op::Ge => ">=",
            };
            let lit = match lit {
                Lit::Num(n) => format!("{}.{:02}", n / 100, n % 100),
                Lit::Word(w) => format!("\"{w}\""),
            };
            format!("{id} {op} {lit}")
        }
    }
}

fn answer() -> impl Strategy<Value = Option<Val>> {
    prop_oneof![
        Just(None),
        any::<bool>().prop_map(|b| Some(Val::Bool(b))),
        (0i128..10_000_000).prop_map(|n| Some(Val::Num(n))),
        id().prop_map(|s| Some(Val::Text(s))),
        prop::collection::vec(id(), 0..3).prop_map(|v| Some(Val::Set(v))),
    ]
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn parsing_any_text_never_panics(src in "[\\PC\\n]{0,80}") {
        let _ = parse(&src);
    }

    #[test]
    fn parsing_near_miss_conditions_never_panics(
        parts in prop::collection::vec(prop_oneof![
            Just("("), Just(")"), Just("not "), Just(" and "), Just(" or "), Just("a"),
            Just(" == "), Just(" <= "), Just("!"), Just("="), Just(" includes "), Just("\""),
            Just("-"), Just("1.5"), Just("1.2.3"), Just("99999999999999999999999"), Just("-."),
        ], 0..30)
    ) {
        let _ = parse(&parts.concat());
    }

    #[test]
    fn a_printed_condition_parses_to_itself(e in expr()) {
        let src = print(&e);
        prop_assert_eq!(parse(&src), Ok(e), "{}", src);
    }

    #[test]
    fn not_negates_whatever_the_answers(e in expr(), answers in prop::collection::vec(answer(), 1..4)) {
        let ids = e.ids().iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let get = |id: &str| {
            let i = ids.iter().position(|x| x == id).unwrap_or(0);
            answers[i % answers.len()].clone()
        };
        let negated = Expr::Not(Box::new(e.clone()));
        prop_assert_eq!(negated.eval(&get), !e.eval(&get));
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for src in [
        "(".repeat(100_000),
        format!("{}a == 1{}", "(".repeat(50_000), ")".repeat(50_000)),
        format!("{}a == 1", "not ".repeat(100_000)),
        vec!["a == 1"; 100_000].join(" and "),
    ] {
        let err = parse(&src).unwrap_err();
        assert!(err.contains("deep"), "{}", err);
    }
}
