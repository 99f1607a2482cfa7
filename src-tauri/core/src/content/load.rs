//! Reading a content tree: find the files, read and check each one, render the markdown, and pair
//! the Chinese and English files of each item. Never panics on bad content: every valid item is
//! loaded and everything else becomes a `Problem`.

use super::body::{render_all, Body};
use super::frontmatter::{is_valid_id, split, Fields};
use super::model::*;
use super::render::Known;
use crate::problem::Problem;
use crate::settings::Language;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Files larger than this are refused: content is text, and a huge file is a mistake.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Folders deeper than this are not searched (a symlink loop must not hang the loader).
const MAX_DEPTH: usize = 6;

/// What a file is, from where it sits in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Company,
    Product,
    Clause { product_id: String },
    Term,
    Notice,
}

/// A content file found in the tree.
#[derive(Debug, Clone)]
pub(crate) struct FileRef {
    /// Relative to the content root.
    pub rel: PathBuf,
    pub kind: Kind,
    pub lang: Language,
    /// The id its name promises.
    pub name_id: String,
}

impl FileRef {
    /// The path of the same item in the other language.
    pub fn sibling(&self) -> PathBuf {
        let other = match self.lang {
            Language::ZhCn => "en",
            Language::En => "zh",
        };
        let file = self
            .rel
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        let stem = file
            .strip_suffix(".zh.md")
            .or_else(|| file.strip_suffix(".en.md"))
            .unwrap_or(file);
        self.rel.with_file_name(format!("{stem}.{other}.md"))
    }
}

/// Front matter read into typed values.
#[derive(Debug, Clone)]
pub(crate) enum Meta {
    Company {
        name: String,
        tagline: String,
    },
    Product {
        name: String,
        kind: ProductKind,
        audience: String,
        clauses: Vec<String>,
        /// Perils it covers and excludes (`crate::perils`), unknown ones left out (reported).
        covers: Vec<String>,
        excludes: Vec<String>,
    },
    Clause {
        title: String,
        category: Category,
        must_explain: Option<bool>,
        terms: Vec<String>,
        related: Vec<String>,
    },
    Term {
        term: String,
    },
    Notice {
        title: String,
        version: String,
    },
}

/// One file after reading and front matter: `meta` is `None` when a required key is unusable.
pub(crate) struct Parsed {
    pub file: FileRef,
    pub id: String,
    pub meta: Option<Meta>,
    pub text: String,
    /// Byte offset of the body in `text`, and its first line.
    pub body_start: usize,
    pub body_line: usize,
    /// The line where each known key is set.
    pub key_lines: HashMap<&'static str, usize>,
}

impl Parsed {
    /// The line where `key` is set (or the front matter's first line).
    pub fn line(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(2)
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// Everything read from a tree, before pairing.
pub(crate) struct Read {
    pub files: Vec<(Parsed, Body)>,
    pub problems: Vec<Problem>,
    pub fingerprint: String,
    pub file_count: usize,
}

/// Walks `root` and reads, checks and renders every content file.
pub(crate) fn read_tree(root: &Path) -> Read {
    let mut problems = Vec::new();
    let mut paths = Vec::new();
    if !root.is_dir() {
        problems.push(Problem::error(
            root,
            None,
            "the content folder does not exist or is not a folder",
        ));
    } else {
        walk(root, Path::new(""), 0, &mut paths, &mut problems);
    }
    paths.sort();
    let file_count = paths.len();

    let mut fingerprint = Sha256::new();
    let mut parsed = Vec::new();
    for rel in paths {
        let Some(file) = classify(&rel, &mut problems) else {
            continue;
        };
        if let Some((p, digest)) = read_file(root, file, &mut problems) {
            fingerprint.update(rel.to_string_lossy().as_bytes());
            fingerprint.update([0]);
            fingerprint.update(digest);
            parsed.push(p);
        }
    }

    remove_duplicates(&mut parsed, &mut problems);
    let clause_ids: HashSet<String> = ids_of(&parsed, |k| matches!(k, Kind::Clause { .. }));
    let term_ids: HashSet<String> = ids_of(&parsed, |k| *k == Kind::Term);
    let known = Known {
        clause: &|id| clause_ids.contains(id),
        term: &|id| term_ids.contains(id),
    };
    let files = render_all(parsed, &known, &mut problems);
    Read {
        files,
        problems,
        fingerprint: hex(&fingerprint.finalize()),
        file_count,
    }
}

fn ids_of(parsed: &[Parsed], want: impl Fn(&Kind) -> bool) -> HashSet<String> {
    parsed
        .iter()
        .filter(|p| want(&p.file.kind))
        .map(|p| p.file.name_id.clone())
        .collect()
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(
    root: &Path,
    rel: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) {
    let dir = root.join(rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem::error(
                rel,
                None,
                format!("cannot read this folder: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            problems.push(Problem::error(
                rel.join(name),
                None,
                "the name is not valid UTF-8; rename it",
            ));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let child = rel.join(name);
        // `metadata` follows symlinks, so a linked folder is read like a real one.
        match std::fs::metadata(entry.path()) {
            Ok(m) if m.is_dir() => {
                if depth >= MAX_DEPTH {
                    problems.push(Problem::warning(
                        child,
                        None,
                        "folder nested too deeply; ignored",
                    ));
                } else {
                    walk(root, &child, depth + 1, out, problems);
                }
            }
            Ok(_) => out.push(child),
            Err(e) => problems.push(Problem::error(child, None, format!("cannot read: {e}"))),
        }
    }
}

/// Works out what a file is from its path; `None` for files that are not ours to load.
fn classify(rel: &Path, problems: &mut Vec<Problem>) -> Option<FileRef> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let file = *parts.last()?;
    if file == "README.md" || (parts.first() == Some(&"questionnaires") && file.ends_with(".toml"))
    {
        // READMEs are for authors; questionnaires are read by the questionnaire module.
        return None;
    }
    if matches!(parts.as_slice(), ["products", _, f] if *f == super::rates::FILE) {
        // A product's indicative rates are read by `rates`.
        return None;
    }
    let lang_stem = file
        .strip_suffix(".zh.md")
        .map(|s| (Language::ZhCn, s))
        .or_else(|| file.strip_suffix(".en.md").map(|s| (Language::En, s)));
    let kind_id = match (parts.as_slice(), lang_stem) {
        (["company", _], Some((_, "company"))) => Some((Kind::Company, "company".to_string())),
        (["products", product, _], Some((_, "product"))) => {
            Some((Kind::Product, product.to_string()))
        }
        (["products", product, "clauses", _], Some((_, stem))) => Some((
            Kind::Clause {
                product_id: product.to_string(),
            },
            stem.to_string(),
        )),
        (["glossary", _], Some((_, stem))) => Some((Kind::Term, stem.to_string())),
        (["notices", _], Some((_, stem))) => Some((Kind::Notice, stem.to_string())),
        _ => None,
    };
    match (kind_id, lang_stem) {
        (Some((kind, name_id)), Some((lang, _))) => Some(FileRef {
            rel: rel.to_path_buf(),
            kind,
            lang,
            name_id,
        }),
        _ if file.ends_with(".md") && lang_stem.is_none() => {
            problems.push(Problem::error(
                rel,
                None,
                "the file name must end in `.zh.md` (Chinese) or `.en.md` (English)",
            ));
            None
        }
        _ => {
            problems.push(Problem::warning(
                rel,
                None,
                "not a content file here, so it is ignored; see content/README.md for where each \
                 kind of file goes",
            ));
            None
        }
    }
}

/// Reads one file: size, encoding, front matter and id. Returns the file and its sha256.
fn read_file(
    root: &Path,
    file: FileRef,
    problems: &mut Vec<Problem>,
) -> Option<(Parsed, [u8; 32])> {
    let rel = file.rel.clone();
    let full = root.join(&rel);
    match std::fs::metadata(&full) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            problems.push(Problem::error(
                &rel,
                None,
                format!(
                    "the file is {} bytes; the limit is 1 MiB ({MAX_FILE_BYTES} bytes), so split it",
                    m.len()
                ),
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            problems.push(Problem::error(&rel, None, format!("cannot read: {e}")));
            return None;
        }
    }
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Problem::error(&rel, None, format!("cannot read: {e}")));
            return None;
        }
    };
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
            problems.push(Problem::error(
                &rel,
                Some(line),
                format!("not valid UTF-8 (byte {at}); save the file as UTF-8"),
            ));
            return None;
        }
    };
    if text.trim().is_empty() {
        problems.push(Problem::error(&rel, None, "the file is empty"));
        return None;
    }
    let (meta, id, body_start, body_line, key_lines) = {
        let s = match split(&text) {
            Ok(s) => s,
            Err((line, message)) => {
                problems.push(Problem::error(&rel, Some(line), message));
                return None;
            }
        };
        let body_start = text.len() - s.body.len();
        let mut fields = match Fields::parse(&rel, s, known_keys(&file.kind)) {
            Ok(f) => f,
            Err(p) => {
                problems.push(p);
                return None;
            }
        };
        let id = fields.string("id", "the item's id, the same as the file name");
        if let Some(id) = &id {
            if !is_valid_id(id) {
                fields.error(
                    "id",
                    format!("id `{id}` may use only lower-case letters, digits and `-`"),
                );
            } else if *id != file.name_id {
                let name = rel
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let place = if file.kind == Kind::Product {
                    "folder"
                } else {
                    "file"
                };
                fields.error(
                    "id",
                    format!(
                        "id `{id}` does not match the {place} name (`{}` in `{name}`); they must be the same",
                        file.name_id
                    ),
                );
            }
        }
        let meta = read_meta(&file.kind, &mut fields);
        let key_lines = known_keys(&file.kind)
            .iter()
            .map(|k| (*k, fields.line_of(k)))
            .collect();
        let id_ok = id.as_deref() == Some(file.name_id.as_str());
        problems.append(&mut fields.problems);
        (
            meta.filter(|_| id_ok),
            id.unwrap_or_default(),
            body_start,
            s.body_line,
            key_lines,
        )
    };
    Some((
        Parsed {
            file,
            id,
            meta,
            text,
            body_start,
            body_line,
            key_lines,
        },
        digest,
    ))
}

/// A list of peril ids (`crate::perils`); an unknown one is reported on its key's line, with the
/// closest known id, and left out.
fn perils(f: &mut Fields<'_>, key: &str, what: &str, required: bool) -> Vec<String> {
    let known = crate::perils::ids();
    let mut out = Vec::new();
    for id in f.strings(key, what, required) {
        if crate::perils::get(&id).is_some() {
            if !out.contains(&id) {
                out.push(id);
            }
            continue;
        }
        let hint = match super::frontmatter::closest(&id, &known) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("the perils are {}", known.join(", ")),
        };
        f.error(
            key,
            format!("`{key}` lists `{id}`, which is not a known peril; {hint}"),
        );
    }
    out
}

fn known_keys(kind: &Kind) -> &'static [&'static str] {
    match kind {
        Kind::Company => &["id", "name", "tagline"],
        Kind::Product => &[
            "id", "name", "kind", "audience", "clauses", "covers", "excludes",
        ],
        Kind::Clause { .. } => &[
            "id",
            "title",
            "category",
            "must_explain",
            "terms",
            "related",
        ],
        Kind::Term => &["id", "term"],
        Kind::Notice => &["id", "title", "version"],
    }
}

fn read_meta(kind: &Kind, f: &mut Fields<'_>) -> Option<Meta> {
    Some(match kind {
        Kind::Company => {
            let name = f.string("name", "the insurer's name");
            let tagline = f.string("tagline", "one line under the name");
            Meta::Company {
                name: name?,
                tagline: tagline?,
            }
        }
        Kind::Product => {
            let name = f.string("name", "the product's name");
            let kind = f.one_of(
                "kind",
                "the line of business",
                ProductKind::parse,
                ProductKind::allowed,
            );
            let audience = f.string("audience", "who it is for, one sentence");
            let clauses = f.strings("clauses", "the clause ids in presentation order", true);
            let covers = perils(f, "covers", "the perils it covers", true);
            let excludes = perils(f, "excludes", "the perils its exclusions name", false);
            for both in covers.iter().filter(|c| excludes.contains(c)) {
                f.error(
                    "excludes",
                    format!("`{both}` is in both `covers` and `excludes`; keep it in one of them"),
                );
            }
            Meta::Product {
                name: name?,
                kind: kind?,
                audience: audience?,
                clauses,
                covers,
                excludes,
            }
        }
        Kind::Clause { .. } => {
            let title = f.string("title", "the clause's title");
            let category = f.one_of(
                "category",
                "what the clause is about",
                Category::parse,
                Category::allowed,
            );
            let must_explain = f.opt_bool("must_explain");
            let terms = f.strings("terms", "glossary term ids", false);
            let related = f.strings("related", "related clause ids", false);
            Meta::Clause {
                title: title?,
                category: category?,
                must_explain,
                terms,
                related,
            }
        }
        Kind::Term => Meta::Term {
            term: f.string("term", "the word as it appears in text")?,
        },
        Kind::Notice => {
            let title = f.string("title", "the notice's title");
            let version = f.string("version", "a version such as \"2026-11\"");
            Meta::Notice {
                title: title?,
                version: version?,
            }
        }
    })
}

/// Keeps the first file (in path order) for each id and language; ids are unique library-wide.
fn remove_duplicates(parsed: &mut Vec<Parsed>, problems: &mut Vec<Problem>) {
    let mut seen: HashMap<(&'static str, String), PathBuf> = HashMap::new();
    parsed.retain(|p| {
        if p.meta.is_none() {
            return true;
        }
        match seen.get(&(p.file.lang.tag(), p.id.clone())) {
            Some(first) => {
                problems.push(Problem::error(
                    &p.file.rel,
                    Some(p.line("id")),
                    format!(
                        "duplicate id `{}`: {} already uses it; ids are unique across the whole library",
                        p.id,
                        first.display()
                    ),
                ));
                false
            }
            None => {
                seen.insert((p.file.lang.tag(), p.id.clone()), p.file.rel.clone());
                true
            }
        }
    });
}
