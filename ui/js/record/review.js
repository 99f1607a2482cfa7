// The household policy review (保单检视) as a client reads it: what to fix first, the coverage
// grid (members x risks, each cell's state in a word and a sign as well as a colour, so it reads
// in high contrast and on paper), and the findings with their reasons and actions. Shared by the
// risk-check result and the record's printout. Members are named by their labels, never by a
// row id; needs are the core's rounded amounts, held sums as the policies state them. The
// assumptions the agent changed are said in the core's words (label, value used, default), so
// the record and the printout never show a bare factor.

import { h } from "../dom.js";
import { t, formatMoney, loc } from "../i18n.js";

export const RISKS = ["death", "critical_illness", "medical", "accident", "disability_income", "old_age_income"];

// A sign per state, beside the word: colour is never the only cue.
const SIGN = { covered: "✓", gap: "!", over: "▲", not_needed: "–", unknown: "?" };

/** Whole yuan from the engine's decimal string ("1000000.00"). */
function yuan(decimal) {
  const m = /^(\d+)(?:\.\d+)?$/.exec(String(decimal ?? ""));
  return m ? formatMoney(Number(m[1]) * 100, { cents: false }) : "";
}

function amountLine(cell) {
  if (cell.state === "not_needed") return null;
  const per = cell.unit === "monthly" ? t("advice.review.per_month") : "";
  const held = t("advice.review.held", { amount: yuan(cell.held) + per });
  const need = cell.need == null ? t("advice.review.need_unknown") : t("advice.review.need", { amount: yuan(cell.need) + per });
  return h("span", { class: "review-cell-amounts" }, held, h("br"), need);
}

function grid(review, id) {
  const byMember = new Map(review.members.map((m) => [m.member, m]));
  const cellOf = (member, risk) => review.coverage.find((c) => c.member === member && c.risk === risk);
  // Focusable, so a keyboard can scroll the grid when it is wider than the window.
  return h("div", { class: "review-grid-wrap", tabindex: "0", role: "region", "aria-label": t("advice.review.grid_caption") },
    h("table", { class: "table review-grid", id },
      h("caption", { class: "visually-hidden" }, t("advice.review.grid_caption")),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t("advice.review.member")),
        RISKS.map((r) => h("th", { scope: "col" }, t(`advice.review.risk.${r}`))))),
      h("tbody", {}, review.members.map((m) => h("tr", { "data-member-row": "" },
        h("th", { scope: "row" }, loc(byMember.get(m.member).label),
          h("span", { class: "help review-age" }, t("advice.review.age", { age: m.age }))),
        RISKS.map((r) => {
          const c = cellOf(m.member, r);
          if (!c) return h("td", {});
          return h("td", { class: `review-cell review-${c.state}`, "data-risk": r, "data-state": c.state, "data-need": c.need, title: loc(c.text) },
            h("span", { class: "review-state" },
              h("span", { class: "review-sign", "aria-hidden": "true" }, SIGN[c.state] || ""),
              " ", t(`advice.review.state.${c.state}`)),
            amountLine(c));
        }))))),
    h("p", { class: "help review-legend" },
      Object.keys(SIGN).map((s) => h("span", { class: `review-key review-${s}` }, `${SIGN[s]} ${t(`advice.review.state.${s}`)}`))));
}

function finding(f) {
  const badge = { high: "badge-must", medium: "badge-warn", low: "badge-info", info: "badge-ok" }[f.severity] || "badge-info";
  return h("li", { class: "review-finding card", "data-finding": f.id, "data-severity": f.severity },
    h("p", {}, h("span", { class: `badge ${badge}` }, t(`advice.review.severity.${f.severity}`)), " ",
      h("strong", {}, loc(f.reason))),
    h("p", { class: "review-action" }, t("advice.review.action"), " ", loc(f.action)));
}

/** The assumptions the agent changed, in words, or that none was. */
export function editedList(review, idPrefix = "review") {
  const edited = review.edited || [];
  return h("section", { class: "stack review-edited", id: `${idPrefix}-edited` },
    h("h3", {}, t("advice.review.assumptions.edited_title")),
    edited.length
      ? h("ul", { class: "review-edited-list" }, edited.map((e) => h("li", { "data-edited": e.field }, loc(e.text))))
      : h("p", { class: "help" }, t("advice.review.assumptions.edited_none")));
}

/** The whole review: priorities, the grid, the findings, the premiums and the assumptions
 * changed (`assumptions`: the node to show instead, as the result screen's editable panel).
 * `idPrefix` keeps ids unique. */
export function reviewView(review, { idPrefix = "review", saved = true, assumptions = null } = {}) {
  return h("section", { class: "review stack", id: idPrefix, "aria-labelledby": `${idPrefix}-title` },
    h("h2", { id: `${idPrefix}-title` }, t("advice.review.title")),
    h("p", { class: "help" }, t("advice.review.intro", { date: review.as_of })),
    saved ? null : h("p", { class: "notice", id: `${idPrefix}-unsaved` }, t("advice.review.not_saved")),
    h("section", { class: "stack", id: `${idPrefix}-priorities` },
      h("h3", {}, t(review.no_change_needed ? "advice.review.no_change" : "advice.review.priorities")),
      h("ol", { class: "review-priorities" }, review.priorities.map((p) => h("li", {}, loc(p))))),
    h("section", { class: "stack" },
      h("h3", {}, t("advice.review.coverage")),
      grid(review, `${idPrefix}-grid`)),
    h("section", { class: "stack" },
      h("h3", {}, t("advice.review.findings")),
      h("ul", { class: "review-findings stack", id: `${idPrefix}-findings` }, review.findings.map(finding))),
    h("p", { class: "help", id: `${idPrefix}-premiums` }, t("advice.review.premiums", {
      total: yuan(review.premiums.annual_total),
      budget: yuan(review.premiums.budget),
    }), review.premiums.not_given ? t("advice.review.premiums_not_given", { n: review.premiums.not_given }) : null),
    assumptions || editedList(review, idPrefix));
}
