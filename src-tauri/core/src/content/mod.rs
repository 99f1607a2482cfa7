//! The content library: company, products, clauses, glossary and notices, read from markdown
//! files with TOML front matter (format: content/README.md), rendered to sanitised HTML, checked,
//! searched, and presented clause by clause with a record of what was shown and explained.
//!
//! - `Library::load(dir)` reads a tree and returns every valid item plus the problems found;
//! - `check(dir)` returns just the problems (for `presale check-content`);
//! - `rates` reads the products' indicative premium tables (`products/<id>/rates.toml`);
//! - `search` keeps an SQLite FTS5 index of the library and queries it;
//! - `presenter` records, per consultation, which clause version was shown, explained and
//!   acknowledged.

mod body;
mod check;
mod frontmatter;
mod library;
mod link_syntax;
mod load;
mod model;
pub mod presenter;
pub mod rates;
pub mod render;
pub mod search;
mod sections;
pub mod views;

pub use check::check;
pub use library::{clause_hash, Library};
pub use load::MAX_FILE_BYTES;
pub use model::*;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
