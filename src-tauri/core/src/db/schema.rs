//! What the schema says about a consultation's data: the one list of tables whose rows hang on a
//! consultation id, read from the schema itself so that a table another module adds later is
//! part of the record view (`records::view`), the erasure and the kiosk reset (`privacy`)
//! without either being told.

use crate::Result;
use rusqlite::{params, Connection};

/// Ordinary tables (not virtual, not `consents`) that have a `consultation_id` column, by name.
/// `consents` is left out: the privacy module treats it by its own rules (a withdrawn consent is
/// kept as evidence).
pub(crate) fn attached_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND p.name = 'consultation_id'
           AND m.name <> 'consents' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
         ORDER BY m.name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Whether `table` has a column named `column`.
pub(crate) fn has_column(conn: &Connection, table: &str, column: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
        params![table, column],
        |r| r.get(0),
    )?)
}

/// Quotes an identifier read from the schema (never from input).
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
