// A product's overview: its summary, the presenter (a preview for an agent: a presentation that
// is recorded starts from the consultation's products step), and its clauses grouped by category
// with the must-explain ones marked and, at a kiosk, each clause's state in the visitor's draft.

import { call } from "../api.js";
import { h, replace, setContentHtml } from "../dom.js";
import { t, loc } from "../i18n.js";
import { mode } from "../shell/session.js";
import { categoryLabel, mustBadge, stateOf, stateBadge, wireContent, loading, errorNotice } from "../widgets/clause-content.js";

export async function render(main, { id }) {
  const body = h("div", { class: "product-page" }, loading());
  main.append(body);
  let page;
  let states = [];
  try {
    [page, states] = await Promise.all([call("get_product", { id }), call("clause_states").then((p) => p.states).catch(() => [])]);
  } catch (err) {
    replace(body, h("h1", {}, t("common.error_title")), errorNotice(err),
      h("a", { class: "btn btn-secondary", href: "#/products" }, t("clauses.product.all_products")));
    return;
  }
  const { product, clauses, groups } = page;
  const must = clauses.filter((c) => c.must_explain).length;
  replace(body, 
    h("nav", { class: "crumbs", "aria-label": t("clauses.product.all_products") },
      h("a", { href: "#/products" }, t("clauses.product.all_products"))),
    h("header", { class: "product-head" },
      h("div", { class: "kicker" }, t(`common.kinds.${product.kind}`)),
      h("h1", {}, loc(product.name)),
      h("p", { class: "muted" }, loc(product.audience)),
      setContentHtml(h("div", { class: "prose product-summary" }), loc(product.summary_html)),
      h("p", {}, t("clauses.product.summary", { count: clauses.length, must })),
      clauses.length > 0
        ? h("div", { class: "row" },
          h("a", { class: "btn btn-primary btn-lg", id: "present", href: `#/present/${encodeURIComponent(product.id)}/1` },
            t(mode() === "kiosk" ? "clauses.product.present" : "clauses.product.preview")),
          mode() === "kiosk" ? null : h("p", { class: "help", id: "present-help" }, t("clauses.product.preview_help")))
        : null),
    h("section", { "aria-labelledby": "clauses-heading", class: "stack" },
      h("h2", { id: "clauses-heading" }, t("clauses.product.clauses_heading")),
      groups.length === 0
        ? h("div", { class: "empty" }, h("p", {}, t("clauses.product.empty")))
        : groups.map((g) =>
          h("section", { class: "clause-group", "data-category": g.category },
            h("h3", {}, categoryLabel(g.category)),
            h("ul", { class: "list", role: "list" },
              g.clauses.map((c) =>
                h("li", {},
                  h("a", { class: "list-item clause-item", href: `#/clause/${encodeURIComponent(c.id)}`, "data-clause-item": c.id, "data-must": c.must_explain ? "true" : null },
                    h("span", { class: "clause-item-title" }, loc(c.title)),
                    h("span", { class: "spacer" }),
                    c.must_explain ? mustBadge() : null,
                    stateBadge(stateOf(states, c))))))))),
  );
  // The summary may use glossary terms.
  return wireContent(body);
}
