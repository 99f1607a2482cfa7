// A record's clause states as a table (the record view's details and the products step): each
// clause shown with when it was shown, explained and acknowledged, and its content's hash prefix;
// the clause titles are fetched once per window.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, formatDate } from "../i18n.js";

/** Clause id -> {title, product_id}, fetched once per session of the window. */
const clauseCache = new Map();

/** Titles and products of the clauses in `states` (unknown ids keep their id as the title). */
export async function clauseInfo(states) {
  await Promise.all(states.map(async (s) => {
    if (clauseCache.has(s.clause_id)) return;
    try {
      const v = await call("get_clause", { id: s.clause_id });
      clauseCache.set(s.clause_id, { title: v.clause.title, product_id: v.clause.product_id, product_name: v.product_name });
    } catch (_) {
      clauseCache.set(s.clause_id, { title: s.clause_id, product_id: null, product_name: null });
    }
  }));
  return clauseCache;
}

/** The clause states: shown, explained, acknowledged (times), content hash prefix. */
export function clauseTable(states, info) {
  const time = (v) => (v ? formatDate(v, { time: true }) : "—");
  return h("table", { class: "table clause-states" },
    h("thead", {}, h("tr", {},
      ["clause", "shown", "explained", "acknowledged", "hash"].map((k) => h("th", { scope: "col" }, t(`records.clauses.${k}`))))),
    h("tbody", {}, states.map((s) => h("tr", { "data-clause": s.clause_id },
      h("td", {}, loc(info.get(s.clause_id)?.title) || s.clause_id, " ",
        s.must_explain ? h("span", { class: "badge badge-must" }, t("records.clauses.must_explain")) : null),
      h("td", {}, time(s.shown_at)),
      h("td", {}, time(s.explained_at)),
      h("td", {}, s.acknowledged_at ? time(s.acknowledged_at) : (s.must_explain ? h("span", { class: "badge badge-warn" }, t("records.clauses.not_acknowledged")) : "—")),
      h("td", {}, h("code", {}, String(s.content_hash).slice(0, 10)))))));
}
