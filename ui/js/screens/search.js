// One search box over product names, clause titles, legal text, explanations and the glossary, in
// both languages. Snippets come from the backend as text parts; matches are shown as <mark>.

import { call } from "../api.js";
import { h, replace, highlighted } from "../dom.js";
import { t, loc, language } from "../i18n.js";
import { openTerm, loading, errorNotice } from "../widgets/clause-content.js";
import { changeLanguage } from "../shell/app-bar.js";

/** The query survives a language switch (which re-renders this screen). */
const state = { query: "" };
/** Milliseconds of quiet typing before searching. */
const DEBOUNCE_MS = 250;
/** Product names by id, read once: a clause hit names its product ("等待期" is in every one). */
let productNames = null;

async function names() {
  if (!productNames) {
    const cards = await call("list_products");
    productNames = new Map(cards.map((p) => [p.id, p.name]));
  }
  return productNames;
}

export async function render(main) {
  const input = h("input", {
    type: "search", class: "input search-input", id: "search-input", autocomplete: "off",
    placeholder: t("clauses.search.placeholder"), "aria-describedby": "search-hint",
  });
  input.value = state.query;
  const results = h("div", { class: "search-results", id: "search-results", "aria-live": "polite" });
  main.append(
    h("h1", {}, t("clauses.search.title")),
    h("form", { class: "field search-form", role: "search", onsubmit: (e) => { e.preventDefault(); run(); } },
      h("label", { for: "search-input" }, t("clauses.search.label")),
      input,
      h("p", { class: "help", id: "search-hint" }, t("clauses.search.hint"))),
    h("p", {}, h("a", { class: "btn btn-secondary", href: "#/glossary", id: "open-glossary" }, t("clauses.search.glossary_link"))),
    results);

  let timer = null;
  let seq = 0;
  async function run() {
    clearTimeout(timer);
    const query = input.value.trim();
    state.query = input.value;
    const mine = ++seq;
    if (!query) {
      replace(results);
      return;
    }
    replace(results, loading());
    let hits;
    let products;
    try {
      [hits, products] = await Promise.all([call("search_content", { query }), names()]);
    } catch (err) {
      if (mine === seq) replace(results, errorNotice(err));
      return;
    }
    // A slower, older search must not overwrite a newer one.
    if (mine !== seq) return;
    show(results, query, hits, products);
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  if (state.query.trim()) run();
  // The search box gets the focus, unless the screen only re-rendered for a language switch.
  setTimeout(() => input.focus(), 0);
  return () => clearTimeout(timer);
}

function href(hit) {
  if (hit.kind === "clause") return `#/clause/${encodeURIComponent(hit.id)}`;
  if (hit.kind === "product") return `#/product/${encodeURIComponent(hit.id)}`;
  return null;
}

/** Opens a hit in the language it was found in: an English hit opens the English clause. */
async function openIn(e, hit, link) {
  if (hit.language === language()) return;
  e.preventDefault();
  await changeLanguage(hit.language);
  location.hash = link;
}

function show(results, query, hits, products) {
  // Which query these results answer (tests and assistive tools can tell stale results apart).
  results.dataset.query = query;
  if (hits.length === 0) {
    replace(results, h("div", { class: "empty", id: "search-empty" }, h("p", {}, t("clauses.search.no_results", { query }))));
    return;
  }
  // Groups in the order of their best hit: a clause about the term comes before a product that
  // only mentions it.
  const kinds = [...new Set(hits.map((hit) => hit.kind))];
  const groups = kinds.map((kind) => [kind, hits.filter((hit) => hit.kind === kind)]);
  replace(results,
    h("p", { class: "muted", id: "search-count" }, t("clauses.search.results", { count: hits.length })),
    groups.map(([kind, list]) =>
      h("section", { class: "search-group", "data-kind": kind },
        h("h2", {}, t(`clauses.search.kinds.${kind}`)),
        h("ul", { class: "list", role: "list" },
          list.map((hit) => {
            const product = hit.kind === "clause" && products.get(hit.product_id);
            const other = hit.language !== language() && href(hit);
            const inner = [
              h("span", { class: "search-title", lang: hit.language }, highlighted(hit.title_parts)),
              product ? h("span", { class: "search-product", "data-product": hit.product_id, lang: hit.language }, product[hit.language] ?? loc(product)) : null,
              h("span", { class: "badge badge-info search-lang" }, t(`clauses.search.in_language.${hit.language}`)),
              other ? h("span", { class: "muted search-opens-in" }, t(`clauses.search.opens_in.${hit.language}`)) : null,
              h("span", { class: "search-snippet muted", lang: hit.language }, highlighted(hit.snippet)),
            ];
            const attrs = { class: "list-item search-hit", "data-hit": `${hit.kind}:${hit.id}`, "data-kind": hit.kind, "data-language": hit.language };
            const link = href(hit);
            return h("li", {},
              link
                ? h("a", { ...attrs, href: link, onclick: (e) => openIn(e, hit, link) }, inner)
                : h("button", { ...attrs, type: "button", onclick: (e) => openTerm(hit.id, e.currentTarget) }, inner));
          })))));
}
