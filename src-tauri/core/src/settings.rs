//! Settings kept in the database, such as the interface language chosen on the home screen.

use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The interface languages Presale speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Language {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::ZhCn, Language::En];

    /// The tag used in files, the database and the UI.
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Language {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "zh-CN" | "zh" => Ok(Language::ZhCn),
            "en" => Ok(Language::En),
            other => Err(Error::invalid(
                "language",
                format!("unknown language `{other}`; use `zh-CN` or `en`"),
            )),
        }
    }
}

const LANGUAGE_KEY: &str = "language";

/// Reads a raw setting.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Writes a raw setting.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value, clock::now_rfc3339()],
    )?;
    Ok(())
}

/// The interface language last chosen, or Chinese on first start. A value the program does not
/// know (say, written by a newer version) falls back to the default rather than failing start-up.
pub fn language(conn: &Connection) -> Result<Language> {
    Ok(get(conn, LANGUAGE_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or_default())
}

/// Remembers the interface language.
pub fn set_language(conn: &Connection, language: Language) -> Result<()> {
    set(conn, LANGUAGE_KEY, language.tag())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn language_defaults_to_chinese_and_is_remembered() {
        let conn = db::open_in_memory().unwrap();
        assert_eq!(
            language(&conn).unwrap(),
            Language::ZhCn,
            "first start is Chinese"
        );
        set_language(&conn, Language::En).unwrap();
        assert_eq!(language(&conn).unwrap(), Language::En);
        set_language(&conn, Language::ZhCn).unwrap();
        assert_eq!(
            language(&conn).unwrap(),
            Language::ZhCn,
            "a second change overwrites"
        );
    }

    #[test]
    fn an_unknown_stored_language_falls_back_to_the_default() {
        let conn = db::open_in_memory().unwrap();
        set(&conn, LANGUAGE_KEY, "klingon").unwrap();
        assert_eq!(language(&conn).unwrap(), Language::ZhCn);
    }

    #[test]
    fn parsing_a_bad_language_names_the_field() {
        let err = "fr".parse::<Language>().unwrap_err();
        assert_eq!(err.to_public().field.as_deref(), Some("language"));
    }
}
