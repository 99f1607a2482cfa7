//! Exporting records for the insurer's CRM: CSV that opens cleanly in a spreadsheet (UTF-8 with
//! BOM, one row per consultation - its columns in `export_csv` - RFC 4180 quoting, formulas
//! neutralised) or JSON with the full records (`view::Record`: the outcome, the retention and why,
//! and the advice nested as JSON).

pub use super::export_csv::CSV_COLUMNS;

use super::export_csv;
use super::search::day_bounds;
use super::view;
use crate::validate;
use crate::{clock, Error, Result};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::io::Write;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(Error::invalid(
                "format",
                format!("unknown format `{other}`; use `csv` or `json`"),
            )),
        }
    }
}

/// Writes the consultations started between `since` and `until` (inclusive days, `YYYY-MM-DD`,
/// either optional) to `out`, oldest first. Returns how many were written.
pub fn export(
    conn: &Connection,
    format: Format,
    since: Option<&str>,
    until: Option<&str>,
    out: &mut dyn Write,
) -> Result<usize> {
    let since = validate::optional_date("since", since)?;
    let until = validate::optional_date("until", until)?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(Error::invalid("until", "must not be before --since"));
        }
    }
    let (from, to) = day_bounds(since, until);
    let mut conditions = Vec::new();
    let mut args = Vec::new();
    if let Some(f) = from {
        conditions.push("started_at >= ?");
        args.push(Value::Text(f));
    }
    if let Some(t) = to {
        conditions.push("started_at <= ?");
        args.push(Value::Text(t));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let ids: Vec<i64> = conn
        .prepare(&format!(
            "SELECT id FROM consultations{filter} ORDER BY started_at, id"
        ))?
        .query_map(params_from_iter(&args), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match format {
        Format::Csv => write_csv(conn, &ids, out)?,
        Format::Json => write_json(conn, &ids, out)?,
    }
    out.flush()?;
    Ok(ids.len())
}

/// Records in the audit log that records were exported (personal data left the app): format,
/// date range and count, never the content.
pub fn audit_export(
    conn: &Connection,
    actor: &str,
    format: Format,
    since: Option<&str>,
    until: Option<&str>,
    count: usize,
) -> Result<()> {
    let tx = crate::db::write(conn)?;
    let format = match format {
        Format::Csv => "csv",
        Format::Json => "json",
    };
    crate::audit::append(
        &tx,
        actor,
        "records.export",
        "consultation",
        None,
        serde_json::json!({ "format": format, "since": since, "until": until, "count": count }),
    )?;
    tx.commit()?;
    Ok(())
}

fn write_csv(conn: &Connection, ids: &[i64], out: &mut dyn Write) -> Result<()> {
    // The BOM tells spreadsheet programs (Excel above all) that the file is UTF-8, so Chinese
    // is not shown as mojibake.
    out.write_all("\u{feff}".as_bytes())?;
    write_csv_line(out, CSV_COLUMNS.iter().map(|c| c.to_string()))?;
    for &id in ids {
        write_csv_line(out, export_csv::cells(&view::get(conn, id)?))?;
    }
    Ok(())
}

/// One CSV line: every cell neutralised and quoted as needed, CRLF at the end (RFC 4180).
fn write_csv_line(out: &mut dyn Write, cells: impl IntoIterator<Item = String>) -> Result<()> {
    let line: Vec<String> = cells.into_iter().map(|c| quote(&neutralise(&c))).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

/// A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a leading tab or
/// carriage return, which some programs strip first) gets a leading `'`, so it stays text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled.
pub fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

fn write_json(conn: &Connection, ids: &[i64], out: &mut dyn Write) -> Result<()> {
    // Written record by record so a large export never sits whole in memory.
    let head = serde_json::json!({
        "format": "presale-records",
        // 2: the outcome and retention added, the advice nested as JSON instead of text.
        "version": 2,
        "exported_at": clock::now_rfc3339(),
    })
    .to_string();
    // `{...,"records":[` : the header object reopened to append the array.
    out.write_all(&head.as_bytes()[..head.len() - 1])?;
    out.write_all(b",\"records\":[\n")?;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        let r = view::get(conn, id)?;
        serde_json::to_writer(&mut *out, &r).map_err(std::io::Error::from)?;
    }
    out.write_all(b"\n]}\n")?;
    Ok(())
}
