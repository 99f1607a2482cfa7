// Home: the insurer's products found in the content directory, and where to start.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, errorMessage } from "../i18n.js";

export async function render(main) {
  main.append(
    h("section", { class: "hero" },
      h("h1", {}, t("home.title")),
      h("p", { class: "lead" }, t("home.lead"))),
  );
  const section = h("section", { "aria-labelledby": "products-heading" },
    h("h2", { id: "products-heading" }, t("home.products_heading")));
  main.append(section);
  let products = [];
  try {
    products = await call("list_products");
  } catch (err) {
    section.append(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  if (products.length === 0) {
    section.append(h("div", { class: "empty" }, h("p", {}, t("home.no_products"))));
    return;
  }
  section.append(
    h("ul", { class: "grid product-list", role: "list" },
      products.map((p) =>
        h("li", {},
          h("a", { class: "card card-link product-card", href: `#/product/${encodeURIComponent(p.id)}`, "data-product": p.id },
            h("div", { class: "kicker" }, t(`common.kinds.${p.kind}`)),
            h("h3", {}, loc(p.name)),
            h("p", { class: "muted" }, loc(p.audience)))),
      )),
  );
}
