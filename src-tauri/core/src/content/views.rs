//! What the screens ask for, assembled from the library in one call each: the catalogue, a
//! product page with its clauses grouped by category, a clause with its terms and related
//! clauses. The Tauri commands return these as they are.

use super::{Category, Clause, Library, Localized, Product, ProductKind, Term};
use crate::{Error, Result};
use serde::Serialize;

/// A product in the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct ProductCard {
    pub id: String,
    pub kind: ProductKind,
    pub name: Localized<String>,
    pub audience: Localized<String>,
    pub summary_html: Localized<String>,
    pub clause_count: usize,
    pub must_explain_count: usize,
}

/// A clause as listed on a product page or in the presenter.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseCard {
    pub id: String,
    pub title: Localized<String>,
    pub category: Category,
    pub must_explain: bool,
    pub hash: Localized<String>,
}

/// The clauses of one category on a product page.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseGroup {
    pub category: Category,
    pub clauses: Vec<ClauseCard>,
}

/// A product page.
#[derive(Debug, Clone, Serialize)]
pub struct ProductPage {
    pub product: Product,
    /// Every clause in presentation order (the presenter walks this list).
    pub clauses: Vec<ClauseCard>,
    /// The same clauses grouped by category, groups in `Category::ALL` order.
    pub groups: Vec<ClauseGroup>,
}

/// A clause with what its view links to.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseView {
    pub clause: Clause,
    pub product_name: Localized<String>,
    /// The glossary terms the clause lists (those that exist).
    pub terms: Vec<Term>,
    pub related: Vec<ClauseCard>,
    /// The previous and next clause of the product, for the presenter's navigation.
    pub previous: Option<String>,
    pub next: Option<String>,
}

fn card(c: &Clause) -> ClauseCard {
    ClauseCard {
        id: c.id.clone(),
        title: c.title.clone(),
        category: c.category,
        must_explain: c.must_explain,
        hash: c.hash.clone(),
    }
}

/// The catalogue.
pub fn catalogue(library: &Library) -> Vec<ProductCard> {
    library
        .products()
        .iter()
        .map(|p| {
            let clauses = library.clauses_of(&p.id);
            ProductCard {
                id: p.id.clone(),
                kind: p.kind,
                name: p.name.clone(),
                audience: p.audience.clone(),
                summary_html: p.summary_html.clone(),
                clause_count: clauses.len(),
                must_explain_count: clauses.iter().filter(|c| c.must_explain).count(),
            }
        })
        .collect()
}

/// A product page; `NotFound` for an unknown id.
pub fn product_page(library: &Library, id: &str) -> Result<ProductPage> {
    let product = library
        .product(id)
        .ok_or_else(|| Error::NotFound(format!("product `{id}`")))?;
    let clauses: Vec<ClauseCard> = library.clauses_of(id).into_iter().map(card).collect();
    let groups = Category::ALL
        .iter()
        .filter_map(|&category| {
            let in_group: Vec<ClauseCard> = clauses
                .iter()
                .filter(|c| c.category == category)
                .cloned()
                .collect();
            (!in_group.is_empty()).then_some(ClauseGroup {
                category,
                clauses: in_group,
            })
        })
        .collect();
    Ok(ProductPage {
        product: product.clone(),
        clauses,
        groups,
    })
}

/// A clause view; `NotFound` for an unknown id.
pub fn clause_view(library: &Library, id: &str) -> Result<ClauseView> {
    let clause = clause(library, id)?;
    let siblings: Vec<&str> = library
        .clauses_of(&clause.product_id)
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let at = siblings.iter().position(|c| *c == id);
    let neighbour = |delta: isize| {
        at.and_then(|i| i.checked_add_signed(delta))
            .and_then(|i| siblings.get(i))
            .map(|s| s.to_string())
    };
    Ok(ClauseView {
        product_name: library
            .product(&clause.product_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        terms: clause
            .terms
            .iter()
            .filter_map(|t| library.term(t).cloned())
            .collect(),
        related: clause
            .related
            .iter()
            .filter_map(|r| library.clause(r).map(card))
            .collect(),
        previous: neighbour(-1),
        next: neighbour(1),
        clause: clause.clone(),
    })
}

/// A clause; `NotFound` for an unknown id.
pub fn clause<'l>(library: &'l Library, id: &str) -> Result<&'l Clause> {
    library
        .clause(id)
        .ok_or_else(|| Error::NotFound(format!("clause `{id}`")))
}

/// A glossary term; `NotFound` for an unknown id.
pub fn term(library: &Library, id: &str) -> Result<Term> {
    library
        .term(id)
        .cloned()
        .ok_or_else(|| Error::NotFound(format!("glossary term `{id}`")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn library() -> Library {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
        Library::load(&dir).0
    }

    #[test]
    fn a_product_page_groups_clauses_by_category_in_a_fixed_order() {
        let page = product_page(&library(), "demo").unwrap();
        let order: Vec<&str> = page.clauses.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(order, ["demo-coverage", "demo-exclusions"]);
        let groups: Vec<Category> = page.groups.iter().map(|g| g.category).collect();
        assert_eq!(groups, [Category::Coverage, Category::Exclusion]);
        assert!(page.groups[1].clauses[0].must_explain);
    }

    #[test]
    fn a_clause_view_resolves_terms_related_and_neighbours() {
        let view = clause_view(&library(), "demo-coverage").unwrap();
        assert_eq!(view.terms[0].id, "waiting-period");
        assert_eq!(view.related[0].id, "demo-exclusions");
        assert_eq!(view.previous, None, "the first clause has no previous one");
        assert_eq!(view.next.as_deref(), Some("demo-exclusions"));
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let lib = library();
        assert_eq!(product_page(&lib, "nope").unwrap_err().code(), "not_found");
        assert_eq!(clause_view(&lib, "nope").unwrap_err().code(), "not_found");
        assert_eq!(term(&lib, "nope").unwrap_err().code(), "not_found");
    }

    #[test]
    fn the_catalogue_counts_must_explain_clauses() {
        let cards = catalogue(&library());
        assert_eq!((cards[0].clause_count, cards[0].must_explain_count), (2, 1));
    }
}
