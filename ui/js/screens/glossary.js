// The glossary: every term with its definition, in the current language, filtered as you type
// (a word in either language matches the term's name in both, and its definition).

import { call } from "../api.js";
import { h, replace, setContentHtml } from "../dom.js";
import { t, loc, language } from "../i18n.js";
import { wireContent, loading, errorNotice } from "../widgets/clause-content.js";

export async function render(main) {
  main.append(
    h("section", { class: "hero" },
      h("h1", {}, t("clauses.glossary.title")),
      h("p", { class: "lead" }, t("clauses.glossary.lead"))));
  const body = h("div", { class: "glossary" }, loading());
  main.append(body);
  let terms;
  try {
    terms = await call("get_glossary");
  } catch (err) {
    replace(body, errorNotice(err));
    return;
  }
  if (terms.length === 0) {
    replace(body, h("div", { class: "empty" }, h("p", {}, t("clauses.glossary.empty"))));
    return;
  }
  const collator = new Intl.Collator(language());
  terms.sort((a, b) => collator.compare(loc(a.term), loc(b.term)));
  const entries = terms.map((term) => {
    const dd = setContentHtml(h("dd", { class: "prose" }), loc(term.definition_html));
    const dt = h("dt", { id: `term-${term.id}`, "data-term-entry": term.id }, loc(term.term));
    // Both languages' names and this language's definition, folded once.
    const haystack = [term.term["zh-CN"], term.term.en, dd.textContent].join("\n").toLowerCase();
    return { dt, dd, haystack };
  });
  const input = h("input", {
    type: "search", class: "input glossary-filter", id: "glossary-filter", autocomplete: "off",
    placeholder: t("clauses.glossary.filter.placeholder"), "aria-describedby": "glossary-count",
  });
  const count = h("p", { class: "muted", id: "glossary-count", "aria-live": "polite" });
  const none = h("div", { class: "empty", id: "glossary-none", hidden: true });
  const filter = () => {
    const query = input.value.trim().toLowerCase();
    let shown = 0;
    for (const e of entries) {
      const match = !query || e.haystack.includes(query);
      e.dt.hidden = !match;
      e.dd.hidden = !match;
      shown += match ? 1 : 0;
    }
    count.textContent = t("clauses.glossary.filter.count", { count: shown, total: entries.length });
    none.hidden = shown > 0;
    replace(none, h("p", {}, t("clauses.glossary.filter.none", { query: input.value.trim() })));
  };
  input.addEventListener("input", filter);
  replace(body,
    h("div", { class: "field glossary-filter-field" },
      h("label", { for: "glossary-filter" }, t("clauses.glossary.filter.label")),
      input),
    count,
    none,
    h("dl", { class: "glossary-list" }, entries.map((e) => [e.dt, e.dd])));
  filter();
  return wireContent(body);
}
