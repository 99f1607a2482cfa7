//! `presale check-content` for questionnaires: unknown ids in conditions, cycles, forward
//! references, unreachable questions, choice values the advice code does not know, profile fields
//! that do not exist or do not fit, and missing translations.

use super::expr::{self, Expr, Lit, Op};
use super::fields::{field_type, FieldType, Source};
use super::graph::{cycles, latest_input, positions};
use super::model::{Compute, Definition, LocalText, QuestionType, PREFILL_SOURCES};
use super::reach;

mod repeat;
mod rules;
use crate::advice::{known_values, LifeStage};
use crate::problem::Problem;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Checks every `questionnaires/*.toml` under the content root `dir`.
pub fn check(dir: &Path) -> Vec<Problem> {
    read_checked(dir)
        .into_iter()
        .flat_map(|f| f.problems)
        .collect()
}

/// One questionnaire file as read and checked: its text (when it could be read), where it sits
/// in the tree, and what is wrong with it.
pub(super) struct CheckedFile {
    pub rel: PathBuf,
    pub text: Option<String>,
    pub problems: Vec<Problem>,
}

/// Reads and checks every `questionnaires/*.toml` under `dir`, in file-name order: the one walk
/// that both `check` and loading the questionnaires use, so what is served is what was checked.
pub(super) fn read_checked(dir: &Path) -> Vec<CheckedFile> {
    let folder = dir.join(super::DIR);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let rel = Path::new(super::DIR).join(file.file_name().unwrap_or_default());
            match std::fs::read_to_string(&file) {
                Ok(text) => {
                    let mut problems = check_text(&text, &rel);
                    let stem = file
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or_default();
                    if let Ok(def) = toml::from_str::<Definition>(&text) {
                        if def.id != stem {
                            problems.push(Problem::error(
                                &rel,
                                line_of(&text, &def.id),
                                format!("id `{}` must match the file name `{stem}.toml`", def.id),
                            ));
                        }
                    }
                    CheckedFile {
                        rel,
                        text: Some(text),
                        problems,
                    }
                }
                Err(e) => CheckedFile {
                    problems: vec![Problem::error(
                        &rel,
                        None,
                        format!("cannot read the file: {e}"),
                    )],
                    rel,
                    text: None,
                },
            }
        })
        .collect()
}

/// Checks one questionnaire's text; `path` names it in problems.
pub fn check_text(text: &str, path: &Path) -> Vec<Problem> {
    let def: Definition = match toml::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let line = e.span().map(|s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1
            });
            return vec![Problem::error(
                path,
                line,
                format!(
                    "{} (see content/README.md, \"Questionnaires\")",
                    e.message().trim()
                ),
            )];
        }
    };
    let groups: Vec<_> = repeat::section_lines(text)
        .into_iter()
        .filter(|(id, _, _)| def.group(id).is_some())
        .collect();
    let mut c = Checker {
        def: &def,
        outer: &def,
        group: None,
        text,
        path,
        lines: (0, usize::MAX),
        skip: groups.iter().map(|(_, from, to)| (*from, *to)).collect(),
        out: Vec::new(),
    };
    c.structure();
    c.conditions();
    c.computed();
    c.profile_fields();
    let mut out = c.out;
    for section in def.groups() {
        let row = super::repeat::row_definition(&def, section);
        let lines = groups
            .iter()
            .find(|(id, _, _)| *id == section.id)
            .map_or((0, usize::MAX), |(_, from, to)| (*from, *to));
        let mut c = Checker {
            def: &row,
            outer: &def,
            group: Some(section),
            text,
            path,
            lines,
            skip: Vec::new(),
            out: Vec::new(),
        };
        c.group_structure();
        c.rules();
        c.conditions();
        c.computed();
        out.extend(c.out);
    }
    out
}

/// Checks one questionnaire, or one row of a repeating group (`group`): `def` is what the
/// conditions and computed values see (the questionnaire, or the row), `outer` the whole file.
struct Checker<'a> {
    def: &'a Definition,
    outer: &'a Definition,
    group: Option<&'a super::model::Section>,
    text: &'a str,
    path: &'a Path,
    /// The lines (0-based, end excluded) ids are looked up in for problems, and those skipped:
    /// a row's question may share its id with a question asked once.
    lines: (usize, usize),
    skip: Vec<(usize, usize)>,
    out: Vec<Problem>,
}

/// The 1-based line of the first `"<id>"` in the text.
fn line_of(text: &str, id: &str) -> Option<usize> {
    let needle = format!("\"{id}\"");
    text.lines()
        .position(|l| l.contains(&needle))
        .map(|i| i + 1)
}

pub(super) fn id_ok(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Checker<'_> {
    /// The 1-based line of the first `"<id>"` in this checker's lines.
    fn line(&self, id: &str) -> Option<usize> {
        let needle = format!("\"{id}\"");
        self.text
            .lines()
            .enumerate()
            .filter(|(i, _)| *i >= self.lines.0 && *i < self.lines.1)
            .filter(|(i, _)| !self.skip.iter().any(|(a, b)| i >= a && i < b))
            .find(|(_, l)| l.contains(&needle))
            .map(|(i, _)| i + 1)
            .or_else(|| line_of(self.text, id))
    }

    fn error(&mut self, at: &str, message: String) {
        self.out
            .push(Problem::error(self.path, self.line(at), message));
    }

    fn translations(&mut self, at: &str, what: &str, t: &LocalText) {
        for lang in t.missing() {
            let name = if lang == "zh" { "Chinese" } else { "English" };
            self.error(
                at,
                format!("`{at}`: {what} has no {name} translation (`{lang} = \"...\"`)"),
            );
        }
    }

    fn structure(&mut self) {
        let def = self.def;
        if !["family", "enterprise"].contains(&def.kind.as_str()) {
            self.error(
                &def.kind,
                format!("kind `{}` must be `family` or `enterprise`", def.kind),
            );
        }
        self.translations(&def.id, "the title", &def.title);
        if let Some(intro) = &def.intro {
            self.translations(&def.id, "the intro", intro);
        }
        if def.sections.is_empty() {
            self.error(&def.id, "a questionnaire needs at least one section".into());
        }
        let mut seen = BTreeSet::new();
        let ids = def
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .chain(def.questions().map(|(_, q)| q.id.as_str()))
            .chain(def.computed.iter().map(|c| c.id.as_str()));
        for id in ids {
            if !id_ok(id) {
                self.error(
                    id,
                    format!("id `{id}` may use only a-z, 0-9 and `_`, starting with a letter"),
                );
            }
            if !seen.insert(id) {
                self.error(
                    id,
                    format!("id `{id}` is used twice; ids must be unique in the questionnaire"),
                );
            }
        }
        for s in &def.sections {
            self.translations(&s.id, "the title", &s.title);
            if let Some(h) = &s.help {
                self.translations(&s.id, "the help", h);
            }
            if s.questions.is_empty() {
                self.error(&s.id, format!("section `{}` has no questions", s.id));
            }
        }
        for (_, q) in def.questions() {
            self.question(q);
        }
        for s in def.sections.iter().filter(|s| !s.repeat) {
            self.not_a_group(s);
        }
    }

    /// The checks of one question, asked once or in each row.
    fn question(&mut self, q: &super::model::Question) {
        self.translations(&q.id, "the label", &q.label);
        for (what, t) in [
            ("the help", &q.help),
            ("the unit", &q.unit),
            ("the invalid message", &q.invalid),
        ] {
            if let Some(t) = t {
                self.translations(&q.id, what, t);
            }
        }
        let numeric = matches!(
            q.kind,
            QuestionType::Integer
                | QuestionType::Number
                | QuestionType::Percent
                | QuestionType::Money
                | QuestionType::Age
        );
        if q.kind.is_choice() {
            if q.options.len() < 2 {
                self.error(
                    &q.id,
                    format!("`{}`: a choice question needs at least two options", q.id),
                );
            }
            let mut values = BTreeSet::new();
            for o in &q.options {
                self.translations(&q.id, &format!("option `{}`", o.value), &o.label);
                self.factors(q, o);
                if !values.insert(o.value.as_str()) {
                    self.error(
                        &q.id,
                        format!("`{}`: option `{}` is listed twice", q.id, o.value),
                    );
                }
            }
        } else if !q.options.is_empty() {
            self.error(
                &q.id,
                format!("`{}`: only choice questions have options", q.id),
            );
        }
        if !numeric && (q.min.is_some() || q.max.is_some() || q.unit.is_some()) {
            self.error(
                &q.id,
                format!("`{}`: min, max and unit are for number questions", q.id),
            );
        }
        if let (Some(lo), Some(hi)) = (q.min, q.max) {
            if lo > hi {
                self.error(&q.id, format!("`{}`: min {lo} is above max {hi}", q.id));
            }
        }
        if q.max_length.is_some() && q.kind != QuestionType::Text {
            self.error(
                &q.id,
                format!("`{}`: max_length is for text questions", q.id),
            );
        }
        self.prefill(q);
        self.references(q);
    }

    /// `prefill` names a value the client file holds, of the question's type.
    fn prefill(&mut self, q: &super::model::Question) {
        let Some(source) = q.prefill.as_deref() else {
            return;
        };
        if !PREFILL_SOURCES.contains(&source) {
            self.error(
                &q.id,
                format!(
                    "`{}`: prefill `{source}` is not a value of the client file (known: {})",
                    q.id,
                    PREFILL_SOURCES.join(", ")
                ),
            );
        } else if q.kind != QuestionType::DateOfBirth {
            self.error(
                &q.id,
                format!(
                    "`{}`: prefill `{source}` fills a date_of_birth question only",
                    q.id
                ),
            );
        }
    }

    fn conditions(&mut self) {
        let def = self.def;
        let pos = positions(def);
        let mut parsed: Vec<(&str, Expr)> = Vec::new();
        for (_, q) in def.questions() {
            let Some(src) = &q.show_if else { continue };
            match expr::parse(src) {
                Ok(e) => parsed.push((q.id.as_str(), e)),
                Err(why) => self.error(&q.id, format!("`{}`: show_if: {why}", q.id)),
            }
        }
        // Dependency graph over questions and computed values, for cycles.
        let mut deps: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (id, e) in &parsed {
            deps.insert(id, e.ids());
        }
        for c in &def.computed {
            deps.insert(&c.id, c.of.iter().map(String::as_str).collect());
        }
        for cycle in cycles(&deps) {
            self.error(cycle[0], format!("cycle: {}", cycle.join(" -> ")));
        }
        let mut never_shown: BTreeSet<String> = BTreeSet::new();
        for (id, e) in &parsed {
            let mut sound = true;
            for used in e.ids() {
                let known = def.question(used).is_some() || def.computed_value(used).is_some();
                if !known {
                    let message = self.unknown_in_condition(id, used);
                    self.error(id, message);
                    sound = false;
                } else if used != *id && latest_input(def, &pos, used, 0) >= pos.get(id).copied() {
                    self.error(id, format!("`{id}`: show_if uses `{used}`, which is not answered before it; a condition may only use earlier answers"));
                    sound = false;
                }
            }
            for leaf in e.leaves() {
                if let Some(why) = self.leaf_problem(leaf) {
                    self.error(id, format!("`{id}`: show_if: {why}"));
                    sound = false;
                }
            }
            if sound && !reach::satisfiable(def, e, &never_shown) {
                self.error(
                    id,
                    format!("`{id}` is unreachable: its show_if can never be true"),
                );
                never_shown.insert(id.to_string());
            }
        }
    }

    /// Why a single comparison is ill-typed or can never be true, if it is.
    fn leaf_problem(&self, leaf: &Expr) -> Option<String> {
        let def = self.def;
        let (id, is_includes) = match leaf {
            Expr::Includes { id, .. } => (id.as_str(), true),
            Expr::Cmp { id, .. } => (id.as_str(), false),
            _ => return None,
        };
        let kind = def.question(id).map(|q| q.kind);
        let compute = def.computed_value(id).map(|c| c.compute);
        if is_includes {
            let Expr::Includes { value, .. } = leaf else {
                return None;
            };
            return match def.question(id) {
                Some(q) if q.kind == QuestionType::MultipleChoice => {
                    (!q.options.iter().any(|o| &o.value == value)).then(|| {
                        format!("`{value}` is not an option of `{id}`, so this can never be true")
                    })
                }
                _ => Some(format!(
                    "`includes` is for multiple-choice questions; `{id}` is not one"
                )),
            };
        }
        let Expr::Cmp { op, lit, .. } = leaf else {
            return None;
        };
        let ordering = !matches!(op, Op::Eq | Op::Ne);
        match (kind, compute, lit) {
            (Some(QuestionType::RowRefs), _, _) => {
                Some(format!("`{id}` is a list of rows and cannot be compared"))
            }
            (Some(QuestionType::MultipleChoice), _, _) => Some(format!(
                "use `{id} includes <option>` for a multiple choice"
            )),
            (Some(QuestionType::YesNo), _, Lit::Word(w))
            | (_, Some(Compute::Any), Lit::Word(w)) => {
                if ordering {
                    Some(format!("`{id}` is yes or no; compare it with `==` or `!=`"))
                } else {
                    (w != "yes" && w != "no").then(|| format!("`{id}` is yes or no, never `{w}`"))
                }
            }
            (Some(QuestionType::SingleChoice), _, Lit::Word(w)) => {
                let q = def.question(id)?;
                if ordering {
                    Some(format!("`{id}` is a choice; compare it with `==` or `!=`"))
                } else {
                    (!q.options.iter().any(|o| &o.value == w)).then(|| {
                        format!("`{w}` is not an option of `{id}`, so this can never be true")
                    })
                }
            }
            (_, Some(Compute::LifeStage), Lit::Word(w)) => {
                let stages = [
                    LifeStage::Growth,
                    LifeStage::Youth,
                    LifeStage::Middle,
                    LifeStage::Old,
                ];
                (!stages.iter().any(|s| s.tag() == w))
                    .then(|| format!("life stage is growth, youth, middle or old, never `{w}`"))
            }
            (
                Some(
                    QuestionType::Text
                    | QuestionType::DateOfBirth
                    | QuestionType::Date
                    | QuestionType::RowRef,
                ),
                _,
                Lit::Word(_),
            ) => None,
            (
                Some(
                    QuestionType::Integer
                    | QuestionType::Number
                    | QuestionType::Percent
                    | QuestionType::Money
                    | QuestionType::Age,
                ),
                _,
                Lit::Num(_),
            ) => None,
            (_, Some(Compute::Age | Compute::Sum | Compute::YearsUntil), Lit::Num(_)) => None,
            (_, _, Lit::Num(_)) => Some(format!("`{id}` is not a number; compare it with a word")),
            (_, _, Lit::Word(w)) => Some(format!("`{id}` is a number; `{w}` is not")),
        }
    }

    fn computed(&mut self) {
        let def = self.def;
        for c in &def.computed {
            self.translations(&c.id, "the label", &c.label);
            if c.of.is_empty() {
                self.error(
                    &c.id,
                    format!("`{}`: `of` lists nothing to compute from", c.id),
                );
            }
            for of in &c.of {
                let q = def.question(of);
                let cc = def.computed_value(of).map(|x| x.compute);
                if q.is_none() && cc.is_none() {
                    self.error(&c.id, format!("`{}`: `of` uses unknown id `{of}`", c.id));
                    continue;
                }
                let qk = q.map(|q| q.kind);
                let fits = match c.compute {
                    Compute::Age => qk == Some(QuestionType::DateOfBirth),
                    Compute::LifeStage => qk == Some(QuestionType::Age) || cc == Some(Compute::Age),
                    Compute::Sum => qk == Some(QuestionType::Money) || cc == Some(Compute::Sum),
                    Compute::Any => {
                        matches!(qk, Some(QuestionType::YesNo | QuestionType::MultipleChoice))
                            || cc == Some(Compute::Any)
                    }
                    // From an age (answered or computed) to an age the client states.
                    Compute::YearsUntil if c.of.first() == Some(of) => {
                        qk == Some(QuestionType::Age) || cc == Some(Compute::Age)
                    }
                    Compute::YearsUntil => {
                        matches!(qk, Some(QuestionType::Age | QuestionType::Integer))
                    }
                };
                if !fits {
                    self.error(
                        &c.id,
                        format!("`{}`: cannot compute {:?} from `{of}`", c.id, c.compute)
                            .to_lowercase(),
                    );
                }
            }
            if matches!(c.compute, Compute::Age | Compute::LifeStage) && c.of.len() > 1 {
                self.error(
                    &c.id,
                    format!(
                        "`{}`: {:?} is computed from exactly one value",
                        c.id, c.compute
                    ),
                );
            }
            if c.compute == Compute::YearsUntil && c.of.len() != 2 {
                self.error(
                    &c.id,
                    format!(
                        "`{}`: years_until is computed from an age and a target age (two values)",
                        c.id
                    ),
                );
            }
            match (c.compute, c.default) {
                (Compute::YearsUntil, Some(d)) if !(0..=120).contains(&d) => self.error(
                    &c.id,
                    format!("`{}`: default {d} is not an age (0-120)", c.id),
                ),
                (Compute::YearsUntil, _) | (_, None) => {}
                (_, Some(_)) => self.error(
                    &c.id,
                    format!("`{}`: `default` is for years_until values only", c.id),
                ),
            }
        }
    }

    /// Hazard factors: only on a hazards option, for known perils, between 0.1 and 10.
    fn factors(&mut self, q: &super::model::Question, o: &super::model::Choice) {
        if o.factors.is_empty() {
            return;
        }
        if q.profile.as_deref() != Some("hazards") {
            self.error(&q.id, format!("`{}`: option `{}` has `factors`, which only options of the question filling `hazards` may have", q.id, o.value));
            return;
        }
        for (risk, factor) in &o.factors {
            if crate::perils::get(risk).is_none() {
                self.error(&q.id, format!("`{}`: option `{}` has a factor for `{risk}`, which is not a known peril ({})", q.id, o.value, crate::perils::ids().join(", ")));
            }
            if !(0.1..=10.0).contains(factor) {
                self.error(&q.id, format!("`{}`: option `{}` has the factor {factor} for `{risk}`; factors are between 0.1 and 10", q.id, o.value));
            }
        }
    }

    fn profile_fields(&mut self) {
        let def = self.def;
        let mut filled: BTreeMap<&str, &str> = BTreeMap::new();
        let mut targets: Vec<(&str, &str, Source)> = def
            .questions()
            .filter_map(|(_, q)| {
                q.profile
                    .as_deref()
                    .map(|f| (q.id.as_str(), f, Source::Question(q.kind)))
            })
            .collect();
        targets.extend(def.computed.iter().filter_map(|c| {
            c.profile
                .as_deref()
                .map(|f| (c.id.as_str(), f, Source::Computed(c.compute)))
        }));
        for (id, field, source) in targets {
            let risk = field.strip_prefix("risks.").and_then(|r| r.split_once('.'));
            if let Some((name, _)) = risk.filter(|(n, _)| crate::perils::get(n).is_none()) {
                self.error(id, format!("`{id}`: risk `{name}` is not a known peril; name risks with the ids products declare in `covers` ({})", crate::perils::ids().join(", ")));
                continue;
            }
            let Some(wanted) = field_type(&def.kind, field) else {
                self.error(id, format!("`{id}`: profile field `{field}` does not exist for a {} profile (see README.md, \"Advice profile\")", def.kind));
                continue;
            };
            let question = def.question(id);
            let band = question.filter(|q| {
                q.kind == QuestionType::SingleChoice
                    && matches!(
                        wanted,
                        FieldType::Money | FieldType::Ratio | FieldType::Whole
                    )
            });
            if let Some(q) = band {
                if let Some(o) = q
                    .options
                    .iter()
                    .find(|o| !o.exclusive && o.number.is_none())
                {
                    self.error(id, format!("`{id}`: option `{}` has no `number`; a choice that fills `{field}` needs one on every option but the exclusive ones", o.value));
                }
            } else if !source.fits(wanted) {
                self.error(
                    id,
                    format!("`{id}`: its answer cannot fill `{field}` ({wanted:?} expected)"),
                );
            }
            // A computed value is a default, and a question shown only when another was left to
            // an exclusive option ("the agent estimates") fills what that one did not.
            let alternative = |other: &str| {
                let shown_if = question.and_then(|q| q.show_if.as_deref()).unwrap_or("");
                def.question(other).is_some_and(|o| {
                    o.options
                        .iter()
                        .any(|c| c.exclusive && shown_if == format!("{other} == {}", c.value))
                })
            };
            let is_default = matches!(source, Source::Computed(_));
            if let Some(other) = filled
                .insert(field, id)
                .filter(|o| !is_default && !alternative(o))
            {
                self.out.push(Problem::warning(self.path, self.line(id), format!("`{id}` and `{other}` both fill `{field}`; the later one wins when both are shown")));
            }
            if let (Some(known), Some(q)) = (known_values(field), def.question(id)) {
                for o in q.options.iter().filter(|o| !o.exclusive) {
                    if !known.contains(&o.value.as_str()) {
                        self.error(id, format!("`{id}`: choice value `{}` is not known to the advice code for `{field}` (known: {})", o.value, known.join(", ")));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
