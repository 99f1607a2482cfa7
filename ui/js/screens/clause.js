// A clause: its legal wording and the plain explanation side by side, the example and the
// consequence, glossary pop-ups, related clauses, and the previous / next clause of the product.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, loc } from "../i18n.js";
import { categoryLabel, mustBadge, clauseSections, wireContent, openTerm, loading, errorNotice } from "../widgets/clause-content.js";

export async function render(main, { id }) {
  const body = h("article", { class: "clause-page" }, loading());
  main.append(body);
  let view;
  try {
    view = await call("get_clause", { id });
  } catch (err) {
    replace(body, h("h1", {}, t("common.error_title")), errorNotice(err),
      h("a", { class: "btn btn-secondary", href: "#/products" }, t("clauses.product.all_products")));
    return;
  }
  const { clause, product_name, terms, related, previous, next } = view;
  const productHref = `#/product/${encodeURIComponent(clause.product_id)}`;
  const neighbour = (target, key, cls) =>
    target
      ? h("a", { class: `btn btn-secondary ${cls}`, href: `#/clause/${encodeURIComponent(target)}`, "data-neighbour": cls }, t(key))
      : null;
  replace(body, 
    h("nav", { class: "crumbs", "aria-label": t("clauses.clause.neighbours") },
      h("a", { href: "#/products" }, t("clauses.product.all_products")), " / ",
      h("a", { href: productHref, id: "clause-product" }, loc(product_name))),
    h("header", { class: "clause-head" },
      h("div", { class: "row" },
        h("span", { class: "kicker clause-category" }, categoryLabel(clause.category)),
        clause.must_explain ? mustBadge() : null),
      h("h1", {}, loc(clause.title))),
    clauseSections(clause),
    terms.length > 0
      ? h("section", { class: "clause-aside", "aria-labelledby": "terms-heading" },
        h("h2", { id: "terms-heading" }, t("clauses.clause.terms")),
        h("ul", { class: "chip-list", role: "list" },
          terms.map((term) =>
            h("li", {}, h("button", { type: "button", class: "btn btn-ghost chip", "data-term-chip": term.id, onclick: (e) => openTerm(term.id, e.currentTarget) }, loc(term.term))))))
      : null,
    related.length > 0
      ? h("section", { class: "clause-aside", "aria-labelledby": "related-heading" },
        h("h2", { id: "related-heading" }, t("clauses.clause.related")),
        h("ul", { class: "list", role: "list" },
          related.map((c) =>
            h("li", {},
              h("a", { class: "list-item", href: `#/clause/${encodeURIComponent(c.id)}`, "data-related": c.id },
                h("span", {}, loc(c.title)),
                h("span", { class: "muted" }, categoryLabel(c.category)),
                h("span", { class: "spacer" }),
                c.must_explain ? mustBadge() : null)))))
      : null,
    h("nav", { class: "row clause-neighbours", "aria-label": t("clauses.clause.neighbours") },
      neighbour(previous, "clauses.clause.previous", "previous"),
      h("span", { class: "spacer" }),
      neighbour(next, "clauses.clause.next", "next")),
  );
  return wireContent(body);
}
