//! The loaded library: every valid item, paired across languages, with accessors for the window.

use super::body::Body;
use super::check;
use super::load::{self, hex, Kind, Meta, Parsed};
use super::model::*;
use crate::problem::Problem;
use crate::settings::Language;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Every valid item of a content tree.
#[derive(Debug, Clone, Default)]
pub struct Library {
    company: Option<Company>,
    products: Vec<Product>,
    clauses: HashMap<String, Clause>,
    terms: BTreeMap<String, Term>,
    notices: HashMap<String, Notice>,
    fingerprint: String,
    file_count: usize,
    /// The products' indicative premium tables (`products/<id>/rates.toml`).
    rates: super::rates::RateBook,
    /// Set on a `without_index_text` copy: the clauses' markdown and plain text are gone.
    shed: bool,
}

impl Library {
    /// Loads every valid item under `dir`; everything wrong is a problem (errors first, then by
    /// file and line). Never panics on bad content.
    pub fn load(dir: &Path) -> (Library, Vec<Problem>) {
        let read = load::read_tree(dir);
        let mut problems = read.problems;
        let mut library = Library {
            fingerprint: read.fingerprint,
            file_count: read.file_count,
            ..Library::default()
        };
        let pairs = pair(read.files, dir, &mut problems);
        check::cross_check(&pairs, dir, &mut problems);
        let (rates, rate_problems) = super::rates::load(dir);
        library.rates = rates;
        problems.extend(rate_problems);
        for (zh, en) in &pairs {
            library.add(zh, en, &mut problems);
        }
        check::coverage(&pairs, &library, &mut problems);
        library
            .products
            .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        let clauses = &library.clauses;
        for product in &mut library.products {
            product
                .clause_ids
                .retain(|id| clauses.get(id).is_some_and(|c| c.product_id == product.id));
        }
        sort_problems(&mut problems);
        (library, problems)
    }

    fn add(&mut self, zh: &(Parsed, Body), en: &(Parsed, Body), problems: &mut Vec<Problem>) {
        let (Some(zm), Some(em)) = (&zh.0.meta, &en.0.meta) else {
            return;
        };
        let id = zh.0.id.clone();
        match (zm, em, &zh.1, &en.1) {
            (
                Meta::Company {
                    name: zn,
                    tagline: zt,
                },
                Meta::Company {
                    name: en_,
                    tagline: et,
                },
                Body::Single(zb),
                Body::Single(eb),
            ) => {
                self.company = Some(Company {
                    name: both(zn, en_),
                    tagline: both(zt, et),
                    body_html: both(&zb.html, &eb.html),
                });
            }
            (
                Meta::Product {
                    name: zn,
                    kind,
                    audience: za,
                    clauses,
                    covers,
                    excludes,
                    ..
                },
                Meta::Product {
                    name: en_,
                    audience: ea,
                    ..
                },
                Body::Single(zb),
                Body::Single(eb),
            ) => {
                self.products.push(Product {
                    id,
                    kind: *kind,
                    name: both(zn, en_),
                    audience: both(za, ea),
                    summary_html: both(&zb.html, &eb.html),
                    summary_text: both(&zb.text, &eb.text),
                    clause_ids: clauses.clone(),
                    covers: covers.clone(),
                    excludes: excludes.clone(),
                });
            }
            (
                Meta::Clause {
                    title: zt,
                    category,
                    must_explain,
                    terms,
                    related,
                    ..
                },
                Meta::Clause { title: et, .. },
                Body::Clause(Some(zs)),
                Body::Clause(Some(es)),
            ) => {
                let Kind::Clause { product_id } = &zh.0.file.kind else {
                    return;
                };
                let clause = Clause {
                    id: id.clone(),
                    product_id: product_id.clone(),
                    hash: Localized {
                        zh: clause_hash(zt, zs),
                        en: clause_hash(et, es),
                    },
                    title: both(zt, et),
                    category: *category,
                    must_explain: category.always_must_explain() || must_explain.unwrap_or(false),
                    terms: terms.clone(),
                    related: related.clone(),
                    sections: Localized {
                        zh: (**zs).clone(),
                        en: (**es).clone(),
                    },
                };
                self.clauses.insert(id, clause);
            }
            (
                Meta::Term { term: zt },
                Meta::Term { term: et },
                Body::Single(zb),
                Body::Single(eb),
            ) => {
                self.terms.insert(
                    id.clone(),
                    Term {
                        id,
                        term: both(zt, et),
                        definition_html: both(&zb.html, &eb.html),
                        definition_text: both(&zb.text, &eb.text),
                    },
                );
            }
            (
                Meta::Notice {
                    title: zt, version, ..
                },
                Meta::Notice { title: et, .. },
                Body::Single(zb),
                Body::Single(eb),
            ) => {
                self.notices.insert(
                    id.clone(),
                    Notice {
                        id,
                        title: both(zt, et),
                        version: version.clone(),
                        body_html: both(&zb.html, &eb.html),
                    },
                );
            }
            // A clause whose sections are unusable in either language: already reported.
            (Meta::Clause { .. }, ..) => {}
            _ => problems.push(Problem::error(
                &en.0.file.rel,
                None,
                "this file and its Chinese counterpart are different kinds of item",
            )),
        }
    }

    /// The insurer's page, when its files are valid.
    pub fn company(&self) -> Option<&Company> {
        self.company.as_ref()
    }

    /// Every product, by kind and id.
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.get(id)
    }

    /// The clauses of a product in presentation order (empty for an unknown product).
    pub fn clauses_of(&self, product_id: &str) -> Vec<&Clause> {
        self.product(product_id)
            .map(|p| {
                p.clause_ids
                    .iter()
                    .filter_map(|id| self.clauses.get(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every clause, in no particular order.
    pub fn all_clauses(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.values()
    }

    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.get(id)
    }

    /// Every glossary term, by id.
    pub fn glossary(&self) -> impl Iterator<Item = &Term> {
        self.terms.values()
    }

    /// A notice such as `"privacy"`.
    pub fn notice(&self, id: &str) -> Option<&Notice> {
        self.notices.get(id)
    }

    /// A hash of every content file's path and bytes: it changes whenever any file does.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// How many files the tree holds (content files and others).
    /// The products' indicative premium tables.
    pub fn rates(&self) -> &super::rates::RateBook {
        &self.rates
    }

    pub fn file_count(&self) -> usize {
        self.file_count
    }

    /// A copy without each clause section's markdown and plain text, keeping the HTML shown:
    /// they serve only the hash (computed at load) and the search index (built from them), and
    /// with a large library they are two thirds of its text (10,000 clauses: 42 of 65 MiB). A
    /// fresh copy rather than emptying in place, so that the original's memory is freed whole
    /// and can go back to the system. Use it once the index is in step; the index can then not
    /// be rebuilt from the copy (`search::sync_index` refuses): load the tree again for that.
    pub fn without_index_text(&self) -> Library {
        let html_only = |sections: &Sections| {
            let keep = |s: &Section| Section {
                html: s.html.clone(),
                source: String::new(),
                text: String::new(),
            };
            Sections {
                legal: keep(&sections.legal),
                plain: keep(&sections.plain),
                example: sections.example.as_ref().map(keep),
                consequence: sections.consequence.as_ref().map(keep),
            }
        };
        let clauses = self
            .clauses
            .iter()
            .map(|(id, c)| {
                let copy = Clause {
                    id: c.id.clone(),
                    product_id: c.product_id.clone(),
                    title: c.title.clone(),
                    category: c.category,
                    must_explain: c.must_explain,
                    terms: c.terms.clone(),
                    related: c.related.clone(),
                    sections: c.sections.map(html_only),
                    hash: c.hash.clone(),
                };
                (id.clone(), copy)
            })
            .collect();
        Library {
            company: self.company.clone(),
            products: self.products.clone(),
            clauses,
            terms: self.terms.clone(),
            notices: self.notices.clone(),
            fingerprint: self.fingerprint.clone(),
            file_count: self.file_count,
            rates: self.rates.clone(),
            shed: true,
        }
    }

    /// Whether this is a `without_index_text` copy.
    pub fn is_shed(&self) -> bool {
        self.shed
    }
}

fn both(zh: &str, en: &str) -> Localized<String> {
    Localized {
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

/// The sha256 (hex) of a clause's text as shown in one language: the title, then each section's
/// name and markdown. Any change a reader could see changes it; renderer upgrades do not.
pub fn clause_hash(title: &str, sections: &Sections) -> String {
    let mut h = Sha256::new();
    h.update(title.trim().as_bytes());
    h.update(b"\n");
    for (name, section) in sections.iter() {
        h.update(format!("\n::: {name}\n").as_bytes());
        h.update(section.source.trim().as_bytes());
        h.update(b"\n:::\n");
    }
    hex(&h.finalize())
}

/// The Chinese and English file of each item; a file without its counterpart is reported.
pub(crate) type Pair = ((Parsed, Body), (Parsed, Body));

/// A read file: front matter and rendered body.
type File = (Parsed, Body);

fn pair(files: Vec<(Parsed, Body)>, root: &Path, problems: &mut Vec<Problem>) -> Vec<Pair> {
    let mut groups: BTreeMap<(Kind, String), (Option<File>, Option<File>)> = BTreeMap::new();
    for f in files {
        let key = (f.0.file.kind.clone(), f.0.file.name_id.clone());
        let slot = groups.entry(key).or_default();
        match f.0.file.lang {
            Language::ZhCn => slot.0 = Some(f),
            Language::En => slot.1 = Some(f),
        }
    }
    let mut pairs = Vec::new();
    for (_, slot) in groups {
        match slot {
            (Some(zh), Some(en)) => pairs.push((zh, en)),
            (Some(one), None) | (None, Some(one)) => {
                let sibling = one.0.file.sibling();
                // A counterpart that exists but could not be read is reported on its own.
                if !root.join(&sibling).exists() {
                    let missing = match one.0.file.lang {
                        Language::ZhCn => "English",
                        Language::En => "Chinese",
                    };
                    problems.push(Problem::error(
                        &one.0.file.rel,
                        Some(1),
                        format!("no {missing} translation; add {}", sibling.display()),
                    ));
                }
            }
            (None, None) => {}
        }
    }
    pairs
}

/// Errors first, then by file and line.
pub(crate) fn sort_problems(problems: &mut Vec<Problem>) {
    problems.sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
    problems.dedup();
}
