// The glossary: every term with its definition, in the current language.

import { call } from "../api.js";
import { h, replace, setContentHtml } from "../dom.js";
import { t, loc, language } from "../i18n.js";
import { wireContent, loading, errorNotice } from "../clause-content.js";

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
  replace(body, 
    h("dl", { class: "glossary-list" },
      terms.map((term) => [
        h("dt", { id: `term-${term.id}`, "data-term-entry": term.id }, loc(term.term)),
        setContentHtml(h("dd", { class: "prose" }), loc(term.definition_html)),
      ])));
  return wireContent(body);
}
