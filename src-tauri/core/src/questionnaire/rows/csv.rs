//! CSV import of a repeating group: a file whose header names the group's questions, one row a
//! line, checked whole before anything is saved (a bad file is refused naming the row and the
//! column; nothing is half-imported).
//!
//! The format (content/README.md, "Repeating groups"): UTF-8 (a byte-order mark is fine),
//! comma-separated, fields with commas, quotes or line breaks in double quotes (`""` for a
//! quote). The header takes each column's question id (`sum_insured`) or its Chinese or English
//! label (`保额`), in any order; columns may be left out unless required. A cell left empty is
//! unanswered. Choices take the option's value or its label in either language, yes/no `yes`,
//! `no`, `是`, `否`; amounts may have thousands separators (`1,000,000`) and `元`/`¥`; dates are
//! year first (`2024-03-01`, `2024/3/1`). A `row_ref` cell names the row by what it is called:
//! the member's name, or its relation when only one member has it (`本人`, `self`, `spouse`);
//! a `row_refs` cell lists several separated by `;` (or `；`, `、`, `|`).

use super::super::form::{evaluate, shown, Answers};
use super::super::model::{Question, QuestionType};
use super::super::repeat::{stored_rows, Group, RowIds};
use super::super::rules::{over_limit, own_row_message};
use super::super::value::validate;
use super::super::Questionnaire;
use super::row_rules;
use crate::text::{text, Text};
use serde_json::{Map, Value};

/// At most this many problems are listed when a file is refused.
const MAX_PROBLEMS: usize = 10;

/// Separators of a `row_refs` or multiple-choice cell.
const LIST_SEPARATORS: [char; 4] = [';', '；', '、', '|'];

/// The rows of `csv` for group `g`, every answer checked, references to rows of the same file
/// given as placeholders (`#1` for the file's first row) until `with_ids` gives them ids.
/// `kept` are the group's rows the import adds to.
pub(crate) fn read(
    q: &Questionnaire,
    g: &Group,
    stored: &Answers,
    kept: &[Map<String, Value>],
    csv: &str,
    today: &str,
) -> Result<Vec<Map<String, Value>>, Text> {
    let records = records(csv)?;
    let Some(((_, header), body)) = records.split_first() else {
        return Err(text("文件是空的。", "The file is empty."));
    };
    let columns = header_columns(g, header)?;
    if body.is_empty() {
        return Err(text(
            "文件只有表头，没有数据行。",
            "The file has a header but no rows.",
        ));
    }
    let mut problems: Vec<Text> = Vec::new();
    let add = |problems: &mut Vec<Text>, t: Text| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(t);
        }
    };
    // First pass: every answer but the references, which may name rows of this same file.
    let mut rows: Vec<Map<String, Value>> = Vec::new();
    for (n, (line, cells)) in body.iter().enumerate() {
        let at = Where {
            n: n + 1,
            line: *line,
        };
        let mut row = Map::new();
        row.insert("id".into(), Value::String(format!("#{}", n + 1)));
        if cells.len() != header.len() {
            add(
                &mut problems,
                text(
                    format!(
                        "{}有 {} 个单元格，表头有 {} 列。",
                        at.zh(),
                        cells.len(),
                        header.len()
                    ),
                    format!(
                        "{} has {} cells; the header has {} columns.",
                        at.en(),
                        cells.len(),
                        header.len()
                    ),
                ),
            );
            rows.push(row);
            continue;
        }
        for (c, question) in &columns {
            let raw = cells[*c].trim();
            if raw.is_empty() || is_ref(question) {
                continue;
            }
            match plain_cell(question, raw, today) {
                Ok(v) => {
                    row.insert(question.id.clone(), v);
                }
                Err(why) => add(&mut problems, at.cell(&header[*c], &why)),
            }
        }
        rows.push(row);
    }
    // Second pass: references, by the rows' names.
    let candidates = |target: &str| -> Vec<Candidate> {
        if target == g.id {
            candidates_of(g, kept, None)
                .into_iter()
                .chain(candidates_of(g, &rows, None))
                .collect()
        } else {
            let rows_there: Vec<_> = stored_rows(stored.get(target)).cloned().collect();
            match q.group(target) {
                Some(t) => candidates_of(t, &rows_there, Some(labels_of(q, stored, target, today))),
                None => Vec::new(),
            }
        }
    };
    let mut resolved: Vec<Vec<(String, Value)>> = Vec::new();
    for (n, (_, cells)) in body.iter().enumerate() {
        let at = Where {
            n: n + 1,
            line: body[n].0,
        };
        let mut found = Vec::new();
        if cells.len() == header.len() {
            for (c, question) in columns.iter().filter(|(_, q)| is_ref(q)) {
                let raw = cells[*c].trim();
                if raw.is_empty() {
                    continue;
                }
                let target = question.group.as_deref().unwrap_or_default();
                let own = format!("#{}", n + 1);
                let itself = lower_first(&own_row_message(g, &question.id));
                match resolve(question, raw, &candidates(target), &own, &itself) {
                    Ok(v) => found.push((question.id.clone(), v)),
                    Err(why) => add(&mut problems, at.cell(&header[*c], &why)),
                }
            }
        }
        resolved.push(found);
    }
    for (row, found) in rows.iter_mut().zip(resolved) {
        row.extend(found);
    }
    // Third pass: each row as a whole - only questions that apply to it, nothing required
    // missing, its own rules.
    let mut row_ids: RowIds = q
        .groups
        .iter()
        .map(|x| {
            let ids = stored_rows(stored.get(&x.id))
                .filter_map(|r| r.get("id")?.as_str().map(str::to_string))
                .collect();
            (x.id.clone(), ids)
        })
        .collect();
    let own_ids = row_ids.entry(g.id.clone()).or_default();
    own_ids.clear();
    own_ids.extend(
        kept.iter()
            .chain(rows.iter())
            .filter_map(|r| r.get("id")?.as_str().map(str::to_string)),
    );
    let header_of = |id: &str| {
        columns
            .iter()
            .find(|(_, q)| q.id == id)
            .map_or(id.to_string(), |(c, _)| header[*c].clone())
    };
    for (n, row) in rows.iter().enumerate() {
        let at = Where {
            n: n + 1,
            line: body[n].0,
        };
        if body[n].1.len() != header.len() {
            continue;
        }
        let answers: Answers = row
            .iter()
            .filter(|(k, _)| k.as_str() != "id")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let s = shown(&g.form, &answers, true, today, &row_ids);
        for id in answers.keys().filter(|k| !s.visible.contains(k)) {
            let why = text(
                "按这一行的其他回答，这一列不适用，请留空。",
                "does not apply to this row given its other answers; leave it empty.",
            );
            add(&mut problems, at.cell(&header_of(id), &why));
        }
        for x in g.section().questions.iter().filter(|x| x.required) {
            if s.visible.contains(&x.id) && !answers.contains_key(&x.id) {
                let why = text("必填，不能留空。", "is required and cannot be empty.");
                add(&mut problems, at.cell(&header_of(&x.id), &why));
            }
        }
        for x in g
            .section()
            .questions
            .iter()
            .filter(|x| x.not_before.is_some())
        {
            if let Err(why) = row_rules(g, row, &x.id) {
                add(&mut problems, at.cell(&header_of(&x.id), &why));
            }
        }
    }
    // Rules across the rows: the file's rows after those kept, each one too many named.
    let all: Vec<Map<String, Value>> = kept.iter().chain(rows.iter()).cloned().collect();
    for b in over_limit(g, kept, &all, today, &row_ids) {
        let Some(n) = b.index.checked_sub(kept.len()) else {
            continue;
        };
        let at = Where {
            n: n + 1,
            line: body[n].0,
        };
        let column = b.rule.question(g).map(header_of).unwrap_or_default();
        add(
            &mut problems,
            at.cell(&column, &lower_first(&b.rule.message)),
        );
    }
    if problems.is_empty() {
        return Ok(rows);
    }
    let refused = text(
        "文件未导入，什么都没有保存：",
        "The file was not imported; nothing was saved:",
    );
    let zh: Vec<&str> = problems.iter().map(|p| p.zh.as_str()).collect();
    let en: Vec<&str> = problems.iter().map(|p| p.en.as_str()).collect();
    Err(text(
        format!("{}\n{}", refused.zh, zh.join("\n")),
        format!("{}\n{}", refused.en, en.join("\n")),
    ))
}

/// The rows `read` returned with their own ids, references among them following.
pub(crate) fn with_ids(
    g: &Group,
    rows: Vec<Map<String, Value>>,
    ids: &[String],
) -> Vec<Map<String, Value>> {
    let refers = |key: &str| key == "id" || g.form.definition.question(key).is_some_and(is_ref);
    let real = |v: &Value| -> Value {
        match v.as_str().and_then(|s| s.strip_prefix('#')) {
            Some(n) => n
                .parse::<usize>()
                .ok()
                .and_then(|n| ids.get(n - 1))
                .map_or(v.clone(), |id| Value::String(id.clone())),
            None => v.clone(),
        }
    };
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(k, v)| {
                    let v = match &v {
                        _ if !refers(&k) => v,
                        Value::Array(items) => Value::Array(items.iter().map(real).collect()),
                        other => real(other),
                    };
                    (k, v)
                })
                .collect()
        })
        .collect()
}

/// Where a row is: its number among the rows (the header not counted) and its line in the file.
struct Where {
    n: usize,
    line: usize,
}

impl Where {
    fn zh(&self) -> String {
        format!("第 {} 条（文件第 {} 行）", self.n, self.line)
    }
    fn en(&self) -> String {
        format!("Row {} (line {} of the file)", self.n, self.line)
    }
    fn cell(&self, column: &str, why: &Text) -> Text {
        text(
            format!("{}，「{column}」列：{}", self.zh(), why.zh),
            format!("{}, column “{column}”: {}", self.en(), why.en),
        )
    }
}

fn is_ref(q: &Question) -> bool {
    matches!(q.kind, QuestionType::RowRef | QuestionType::RowRefs)
}

/// The questions of the header's columns (by position), or why the header is not this group's.
fn header_columns<'a>(g: &'a Group, header: &[String]) -> Result<Vec<(usize, &'a Question)>, Text> {
    let questions = &g.section().questions;
    let mut columns: Vec<(usize, &Question)> = Vec::new();
    for (c, name) in header.iter().enumerate() {
        let name = name.trim();
        let found = questions.iter().find(|q| {
            q.id == name
                || q.label.zh.as_deref() == Some(name)
                || q.label
                    .en
                    .as_deref()
                    .is_some_and(|en| en.eq_ignore_ascii_case(name))
        });
        let Some(question) = found else {
            let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
            return Err(text(
                format!(
                    "表头第 {} 列「{name}」不是这一组的问题。表头用各列问题的标识或中文名称：{}。",
                    c + 1,
                    ids.join("、")
                ),
                format!(
                    "Header column {} “{name}” is not a question of this group. The header takes each column's question id or its Chinese label: {}.",
                    c + 1,
                    ids.join(", ")
                ),
            ));
        };
        if let Some((first, _)) = columns.iter().find(|(_, q)| q.id == question.id) {
            return Err(text(
                format!(
                    "表头中「{}」出现了两次（第 {} 列和第 {} 列）。",
                    question.id,
                    first + 1,
                    c + 1
                ),
                format!(
                    "The header has “{}” twice (columns {} and {}).",
                    question.id,
                    first + 1,
                    c + 1
                ),
            ));
        }
        columns.push((c, question));
    }
    if let Some(missing) = questions
        .iter()
        .find(|q| q.required && q.show_if.is_none() && !columns.iter().any(|(_, c)| c.id == q.id))
    {
        return Err(text(
            format!("表头缺少必填的「{}」列。", missing.id),
            format!("The header lacks the required column “{}”.", missing.id),
        ));
    }
    Ok(columns)
}

/// A cell of a question that is not a reference, checked as the window checks an answer.
fn plain_cell(q: &Question, raw: &str, today: &str) -> Result<Value, Text> {
    let given = match q.kind {
        QuestionType::SingleChoice => Value::String(option_value(q, raw)?),
        QuestionType::MultipleChoice => Value::Array(
            raw.split(LIST_SEPARATORS)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| option_value(q, s).map(Value::String))
                .collect::<Result<_, _>>()?,
        ),
        QuestionType::YesNo => match raw.to_lowercase().as_str() {
            "yes" | "y" | "true" | "是" => Value::Bool(true),
            "no" | "n" | "false" | "否" => Value::Bool(false),
            _ => return Err(text("请写“是”或“否”。", "write yes or no.")),
        },
        QuestionType::Integer
        | QuestionType::Age
        | QuestionType::Money
        | QuestionType::Number
        | QuestionType::Percent => Value::String(
            raw.chars()
                .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥' | '元' | '%'))
                .collect(),
        ),
        _ => Value::String(raw.to_string()),
    };
    validate(q, &given, today).map_err(|why| lower_first(&why))
}

/// The messages of `validate` start a sentence; after "column x:" the English reads better in
/// lower case.
fn lower_first(t: &Text) -> Text {
    let mut en = t.en.clone();
    if let Some(first) = en.get(0..1) {
        en.replace_range(0..1, &first.to_lowercase());
    }
    text(t.zh.clone(), en)
}

fn option_value(q: &Question, raw: &str) -> Result<String, Text> {
    q.options
        .iter()
        .find(|o| {
            o.value == raw
                || o.label.zh.as_deref() == Some(raw)
                || o.label
                    .en
                    .as_deref()
                    .is_some_and(|en| en.eq_ignore_ascii_case(raw))
        })
        .map(|o| o.value.clone())
        .ok_or_else(|| {
            let values: Vec<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
            text(
                format!("「{raw}」不是选项之一（可用：{}）。", values.join("、")),
                format!("“{raw}” is not one of the options ({}).", values.join(", ")),
            )
        })
}

/// A row others may refer to, and the names that mean it.
struct Candidate {
    id: String,
    names: Vec<String>,
}

/// The display labels of `target`'s stored rows ("Child 2"), by row id.
fn labels_of(
    q: &Questionnaire,
    stored: &Answers,
    target: &str,
    today: &str,
) -> Vec<(String, Text)> {
    evaluate(q, stored, false, today)
        .rows
        .remove(target)
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect()
}

/// The names of rows of group `t`: each `row_label` answer (a choice by its value and both
/// labels) and the row's display label when known.
fn candidates_of(
    t: &Group,
    rows: &[Map<String, Value>],
    labels: Option<Vec<(String, Text)>>,
) -> Vec<Candidate> {
    rows.iter()
        .filter_map(|r| {
            let id = r.get("id")?.as_str()?.to_string();
            let mut names = Vec::new();
            for q in t
                .row_label
                .iter()
                .filter_map(|l| t.form.definition.question(l))
            {
                let Some(a) = r.get(&q.id).and_then(Value::as_str) else {
                    continue;
                };
                names.push(a.to_string());
                if let Some(o) = q.options.iter().find(|o| o.value == a) {
                    names.extend(o.label.zh.clone());
                    names.extend(o.label.en.clone());
                }
            }
            if let Some((_, l)) = labels.iter().flatten().find(|(i, _)| *i == id) {
                names.push(l.zh.clone());
                names.push(l.en.clone());
            }
            Some(Candidate { id, names })
        })
        .collect()
}

/// A reference cell: each name must mean exactly one row, never the row itself (refused with
/// `itself`).
fn resolve(
    q: &Question,
    raw: &str,
    candidates: &[Candidate],
    own: &str,
    itself: &Text,
) -> Result<Value, Text> {
    let one = |name: &str| -> Result<Value, Text> {
        let matching: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| c.names.iter().any(|n| n.trim().eq_ignore_ascii_case(name)))
            .collect();
        match matching.as_slice() {
            [c] if c.id == own => Err(itself.clone()),
            [c] => Ok(Value::String(c.id.clone())),
            [] => Err(text(
                format!("没有叫「{name}」的一行（写姓名，或唯一的关系，如“本人”）。"),
                format!("no row is called “{name}” (write the name, or a relation only one has, such as “self”)."),
            )),
            more => Err(text(
                format!("「{name}」对应 {} 行，请写姓名。", more.len()),
                format!("“{name}” matches {} rows; write the name.", more.len()),
            )),
        }
    };
    match q.kind {
        QuestionType::RowRefs => Ok(Value::Array(
            raw.split(LIST_SEPARATORS)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(one)
                .collect::<Result<_, _>>()?,
        )),
        _ => one(raw),
    }
}

/// The records of a CSV text (RFC 4180), each with the line it starts on; lines of empty cells
/// skipped.
fn records(csv: &str) -> Result<Vec<(usize, Vec<String>)>, Text> {
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                // A line of empty cells (a spreadsheet's trailing `,,,`) is no row.
                if fields.iter().any(|f| !f.trim().is_empty()) {
                    out.push((start, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(text(
            format!("文件第 {start} 行开始的引号没有闭合。"),
            format!("A quote opened on line {start} of the file is never closed."),
        ));
    }
    fields.push(field);
    if fields.iter().any(|f| !f.trim().is_empty()) {
        out.push((start, fields));
    }
    Ok(out)
}
