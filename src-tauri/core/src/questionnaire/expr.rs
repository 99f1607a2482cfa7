//! `show_if` conditions: a small expression language over earlier answers.
//!
//! ```text
//! has_mortgage == yes and (children > 0 or not marital_status == single)
//! hazards includes flammable_stock
//! ```
//! Comparisons are `== != < <= > >=` between a question (or computed value) id and a literal: a
//! number, a bare word (`yes`, `no`, an option value) or a "quoted string". `includes` tests a
//! multiple-choice answer. `and` binds tighter than `or`; `not` and parentheses work as usual.
//! A comparison with an unanswered (or hidden) question is false, so `not` of it is true.

use super::value::Val;
use crate::money::Money;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A literal on the right of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lit {
    /// In hundredths, as `Val::Num`.
    Num(i128),
    Word(String),
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp { id: String, op: Op, lit: Lit },
    Includes { id: String, value: String },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(i128),
    Str(String),
    Op(Op),
    Open,
    Close,
}

fn tokens(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            '=' | '!' | '<' | '>' => {
                let (op, len) = match (c, next) {
                    ('=', Some('=')) => (Op::Eq, 2),
                    ('!', Some('=')) => (Op::Ne, 2),
                    ('<', Some('=')) => (Op::Le, 2),
                    ('>', Some('=')) => (Op::Ge, 2),
                    ('<', _) => (Op::Lt, 1),
                    ('>', _) => (Op::Gt, 1),
                    _ => return Err(format!("`{c}` is not an operator; use `==` or `!=`")),
                };
                out.push(Tok::Op(op));
                i += len;
            }
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&ch| ch == '"')
                    .ok_or("a quoted string is not closed")?;
                out.push(Tok::Str(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            c if c.is_ascii_digit() || c == '-' => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let t: String = chars[start..i].iter().collect();
                let m = Money::parse("number", &t).map_err(|_| format!("`{t}` is not a number"))?;
                out.push(Tok::Num(i128::from(m.minor())));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '-')
                {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected `{other}`")),
        }
    }
    Ok(out)
}

/// How deep `(` and `not` may nest, and how many comparisons a condition may hold: the parser,
/// `eval` and dropping a condition recurse, so a pathological one in a content file must be an
/// error, not a stack overflow that stops the app.
const MAX_DEPTH: usize = 32;
const MAX_COMPARISONS: usize = 256;

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    comparisons: usize,
}

impl Parser {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Ident(s)) if s == w)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_word("not") || self.toks.get(self.pos) == Some(&Tok::Open) {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(format!(
                    "the condition nests too deep (more than {MAX_DEPTH} levels of `(` or \
                     `not`); simplify it"
                ));
            }
            let e = self.nested();
            self.depth -= 1;
            return e;
        }
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Ident(id)) if !["and", "or", "includes"].contains(&id.as_str()) => {
                self.pos += 1;
                self.comparison(id)
            }
            Some(t) => Err(format!("expected a question id, found {}", describe(&t))),
            None => Err("the condition ends too early".to_string()),
        }
    }

    /// A `not ...` or a `( ... )`, one level deeper.
    fn nested(&mut self) -> Result<Expr, String> {
        self.pos += 1;
        if self.toks.get(self.pos - 1) != Some(&Tok::Open) {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        let e = self.or()?;
        if self.toks.get(self.pos) != Some(&Tok::Close) {
            return Err("a `(` is not closed".to_string());
        }
        self.pos += 1;
        Ok(e)
    }

    fn comparison(&mut self, id: String) -> Result<Expr, String> {
        self.comparisons += 1;
        if self.comparisons > MAX_COMPARISONS {
            return Err(format!(
                "the condition has more than {MAX_COMPARISONS} comparisons; split the question \
                 instead (too deep to evaluate)"
            ));
        }
        let op = match self.toks.get(self.pos).cloned() {
            Some(Tok::Op(op)) => op,
            Some(Tok::Ident(w)) if w == "includes" => {
                self.pos += 1;
                return match self.toks.get(self.pos).cloned() {
                    Some(Tok::Ident(v) | Tok::Str(v)) => {
                        self.pos += 1;
                        Ok(Expr::Includes { id, value: v })
                    }
                    _ => Err(format!("`{id} includes` needs an option value")),
                };
            }
            _ => {
                return Err(format!(
                    "`{id}` must be followed by `==`, `!=`, `<`, `>`, `<=`, `>=` or `includes`"
                ))
            }
        };
        self.pos += 1;
        let lit = match self.toks.get(self.pos).cloned() {
            Some(Tok::Num(n)) => Lit::Num(n),
            Some(Tok::Ident(w) | Tok::Str(w)) => Lit::Word(w),
            _ => return Err(format!("`{id}` is compared with nothing")),
        };
        self.pos += 1;
        Ok(Expr::Cmp { id, op, lit })
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Num(_) => "a number".to_string(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Op(_) => "an operator".to_string(),
        Tok::Open => "`(`".to_string(),
        Tok::Close => "`)`".to_string(),
    }
}

/// Parses a condition; the error says what is wrong in it.
pub fn parse(src: &str) -> Result<Expr, String> {
    let mut p = Parser {
        toks: tokens(src)?,
        pos: 0,
        depth: 0,
        comparisons: 0,
    };
    let e = p.or()?;
    match p.toks.get(p.pos) {
        None => Ok(e),
        Some(t) => Err(format!(
            "unexpected {} after a complete condition",
            describe(t)
        )),
    }
}

impl Expr {
    /// Every id the condition reads, in order of appearance.
    pub fn ids(&self) -> Vec<&str> {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => {
                let mut v = a.ids();
                v.extend(b.ids());
                v
            }
            Expr::Not(e) => e.ids(),
            Expr::Cmp { id, .. } | Expr::Includes { id, .. } => vec![id.as_str()],
        }
    }

    /// Every comparison, for the checker.
    pub fn leaves(&self) -> Vec<&Expr> {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => {
                let mut v = a.leaves();
                v.extend(b.leaves());
                v
            }
            Expr::Not(e) => e.leaves(),
            leaf => vec![leaf],
        }
    }

    /// Evaluates with `get` giving each id's current answer (`None`: unanswered or hidden).
    pub fn eval(&self, get: &dyn Fn(&str) -> Option<Val>) -> bool {
        match self {
            Expr::And(a, b) => a.eval(get) && b.eval(get),
            Expr::Or(a, b) => a.eval(get) || b.eval(get),
            Expr::Not(e) => !e.eval(get),
            Expr::Includes { id, value } => {
                matches!(get(id), Some(Val::Set(s)) if s.contains(value))
            }
            Expr::Cmp { id, op, lit } => get(id).is_some_and(|v| compare(&v, *op, lit)),
        }
    }
}

fn compare(v: &Val, op: Op, lit: &Lit) -> bool {
    let ord = match (v, lit) {
        (Val::Num(a), Lit::Num(b)) => a.cmp(b),
        (Val::Text(a), Lit::Word(b)) => a.as_str().cmp(b.as_str()),
        (Val::Bool(a), Lit::Word(w)) if w == "yes" || w == "no" => {
            return match op {
                Op::Eq => *a == (w == "yes"),
                Op::Ne => *a != (w == "yes"),
                _ => false,
            };
        }
        _ => return false,
    };
    match op {
        Op::Eq => ord.is_eq(),
        Op::Ne => ord.is_ne(),
        Op::Lt => ord.is_lt(),
        Op::Le => ord.is_le(),
        Op::Gt => ord.is_gt(),
        Op::Ge => ord.is_ge(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(id: &str) -> Option<Val> {
        match id {
            "married" => Some(Val::Bool(true)),
            "children" => Some(Val::Num(200)),
            "status" => Some(Val::Text("employed".into())),
            "hazards" => Some(Val::Set(vec!["flood_exposure".into()])),
            _ => None,
        }
    }

    fn holds(src: &str) -> bool {
        parse(src)
            .unwrap_or_else(|e| panic!("`{src}` should parse: {e}"))
            .eval(&answers)
    }

    #[test]
    fn evaluates_comparisons_and_logic() {
        let cases = [
            ("married == yes", true),
            ("married == no", false),
            ("married != no", true),
            ("children > 1", true),
            ("children >= 2 and children < 3", true),
            ("children == 2.5", false),
            ("status == employed", true),
            ("status == \"employed\"", true),
            ("hazards includes flood_exposure", true),
            ("hazards includes flammable_stock", false),
            ("not married == yes or children > 1", true),
            ("not (married == yes or children > 1)", false),
            (
                "married == no or status == employed and children > 5",
                false,
            ),
        ];
        for (src, expected) in cases {
            assert_eq!(holds(src), expected, "`{src}`");
        }
    }

    #[test]
    fn unanswered_questions_make_comparisons_false() {
        assert!(!holds("income > 0"), "no answer is not more than zero");
        assert!(
            !holds("income != 5"),
            "no answer is not different from 5 either"
        );
        assert!(holds("not income > 0"), "but its negation holds");
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let e = parse("a == x or b == y and c == z").unwrap();
        assert!(matches!(e, Expr::Or(_, _)), "{e:?}");
    }

    #[test]
    fn reports_what_is_wrong() {
        let cases = [
            ("", "ends too early"),
            ("a =", "not an operator"),
            ("a == ", "compared with nothing"),
            ("(a == b", "not closed"),
            ("a == b c", "after a complete condition"),
            ("a == \"b", "not closed"),
            ("a", "must be followed by"),
            ("a == b and", "ends too early"),
            ("a ~ b", "unexpected `~`"),
        ];
        for (src, why) in cases {
            let err = parse(src).unwrap_err();
            assert!(err.contains(why), "`{src}`: expected `{why}` in `{err}`");
        }
    }

    #[test]
    fn lists_the_ids_it_reads() {
        let e = parse("a == yes and (b > 2 or not c includes x)").unwrap();
        assert_eq!(e.ids(), vec!["a", "b", "c"]);
    }
}
