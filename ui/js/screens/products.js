// The product catalogue: every product with its kind, audience and how many clauses it has, and
// how many of them the agent must explain.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, loc } from "../i18n.js";
import { loading, errorNotice } from "../widgets/clause-content.js";

export async function render(main) {
  main.append(
    h("section", { class: "hero" },
      h("h1", {}, t("clauses.catalogue.title")),
      h("p", { class: "lead" }, t("clauses.catalogue.lead"))),
  );
  const body = h("section", { class: "catalogue" }, loading());
  main.append(body);
  let products;
  try {
    products = await call("list_products");
  } catch (err) {
    replace(body, errorNotice(err));
    return;
  }
  if (products.length === 0) {
    replace(body, h("div", { class: "empty" }, h("p", {}, t("clauses.catalogue.empty"))));
    return;
  }
  replace(body, 
    h("ul", { class: "grid product-list", role: "list" },
      products.map((p) =>
        h("li", {},
          h("a", { class: "card card-link product-card catalogue-card", href: `#/product/${encodeURIComponent(p.id)}`, "data-product": p.id },
            h("div", { class: "kicker" }, t(`common.kinds.${p.kind}`)),
            h("h2", {}, loc(p.name)),
            h("p", { class: "muted" }, loc(p.audience)),
            h("p", { class: "row catalogue-counts" },
              h("span", { class: "badge badge-info", "data-count": "clauses" }, t("clauses.catalogue.clause_count", { count: p.clause_count })),
              p.must_explain_count > 0
                ? h("span", { class: "badge badge-must", "data-count": "must" }, t("clauses.catalogue.must_count", { count: p.must_explain_count }))
                : null)))),
    ),
  );
}
