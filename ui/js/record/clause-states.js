// A record's clause states as a table (the record view's details and the products step): each
// clause shown with when it was shown, explained and acknowledged, and its content's hash prefix.

import { h } from "../dom.js";
import { t, loc, formatDate } from "../i18n.js";

/** The clause states: shown, explained, acknowledged (times), content hash prefix; `titles` maps
 * a clause id to its bilingual title. */
export function clauseTable(states, titles) {
  const time = (v) => (v ? formatDate(v, { time: true }) : "—");
  return h("table", { class: "table clause-states" },
    h("thead", {}, h("tr", {},
      ["clause", "shown", "explained", "acknowledged", "hash"].map((k) => h("th", { scope: "col" }, t(`records.clauses.${k}`))))),
    h("tbody", {}, states.map((s) => h("tr", { "data-clause": s.clause_id },
      h("td", {}, loc(titles.get(s.clause_id)) || s.clause_id, " ",
        s.must_explain ? h("span", { class: "badge badge-must" }, t("records.clauses.must_explain")) : null),
      h("td", {}, time(s.shown_at)),
      h("td", {}, time(s.explained_at)),
      h("td", {}, s.acknowledged_at ? time(s.acknowledged_at) : (s.must_explain ? h("span", { class: "badge badge-warn" }, t("records.clauses.not_acknowledged")) : "—")),
      h("td", {}, h("code", {}, String(s.content_hash).slice(0, 10)))))));
}
