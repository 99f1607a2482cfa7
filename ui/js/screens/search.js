// One search box over product names, clause titles, legal text, explanations and the glossary, in
// both languages. Snippets come from the backend as text parts; matches are shown as <mark>.

import { call } from "../api.js";
import { h, replace, highlighted } from "../dom.js";
import { t } from "../i18n.js";
import { openTerm, loading, errorNotice } from "../clause-content.js";

/** The query survives a language switch (which re-renders this screen). */
const state = { query: "" };
/** Milliseconds of quiet typing before searching. */
const DEBOUNCE_MS = 250;
const KINDS = ["product", "clause", "term"];

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
    try {
      hits = await call("search_content", { query });
    } catch (err) {
      if (mine === seq) replace(results, errorNotice(err));
      return;
    }
    // A slower, older search must not overwrite a newer one.
    if (mine !== seq) return;
    show(results, query, hits);
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

function show(results, query, hits) {
  // Which query these results answer (tests and assistive tools can tell stale results apart).
  results.dataset.query = query;
  if (hits.length === 0) {
    replace(results, h("div", { class: "empty", id: "search-empty" }, h("p", {}, t("clauses.search.no_results", { query }))));
    return;
  }
  const groups = KINDS.map((kind) => [kind, hits.filter((hit) => hit.kind === kind)]).filter(([, list]) => list.length > 0);
  replace(results, 
    h("p", { class: "muted", id: "search-count" }, t("clauses.search.results", { count: hits.length })),
    groups.map(([kind, list]) =>
      h("section", { class: "search-group", "data-kind": kind },
        h("h2", {}, t(`clauses.search.kinds.${kind}`)),
        h("ul", { class: "list", role: "list" },
          list.map((hit) => {
            const inner = [
              h("span", { class: "search-title", lang: hit.language }, highlighted(hit.title_parts)),
              h("span", { class: "badge badge-info search-lang" }, t(`clauses.search.in_language.${hit.language}`)),
              h("span", { class: "search-snippet muted", lang: hit.language }, highlighted(hit.snippet)),
            ];
            const attrs = { class: "list-item search-hit", "data-hit": `${hit.kind}:${hit.id}`, "data-kind": hit.kind };
            const link = href(hit);
            return h("li", {},
              link
                ? h("a", { ...attrs, href: link }, inner)
                : h("button", { ...attrs, type: "button", onclick: (e) => openTerm(hit.id, e.currentTarget) }, inner));
          })))));
}
