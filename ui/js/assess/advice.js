// The family result's advice in words: each recommendation with its sum rounded for people, its
// stated basis (method, assumptions, why) and where it stands against the cross-checks, its
// indicative premium against the budget; and the details view holding the exact figures,
// factors and versions, which the main screen never shows.
//
// Rounding mirrors advice::people in the core: sums of cover to the nearest 10,000 yuan,
// premiums and monthly amounts to the whole yuan, a positive amount never shown as nothing. The
// exact value stays in data-minor.

import { h } from "../dom.js";
import { t, formatMoney, formatDate, loc } from "../i18n.js";
import { toMinor, percent } from "./common.js";
import { assumptionList } from "./parts.js";

const STEP = 1_000_000; // 10,000 yuan in fen

/** Whole yuan as text, with the "¥" the core's sentences use, so a heading and the sentence
 * under it read alike. */
export function yuanText(minor) {
  return formatMoney(minor, { cents: false });
}

/** Fen rounded to the nearest 10,000 yuan, at least 10,000 when positive. */
export function roundSum(minor) {
  if (!(minor > 0)) return 0;
  return Math.max(1, Math.round(minor / STEP)) * STEP;
}

/** Fen rounded to the whole yuan, at least one yuan when positive. */
export function roundYuan(minor) {
  if (!(minor > 0)) return 0;
  return Math.max(1, Math.round(minor / 100)) * 100;
}

/** A sum of cover for people: "¥5,300,000", the exact value in data-minor. */
export function sumAmount(decimal, attrs = {}) {
  const minor = toMinor(decimal);
  return h("span", { class: "amount", "data-minor": minor, ...attrs }, minor == null ? "" : yuanText(roundSum(minor)));
}

/** A premium or monthly amount for people: "¥10,743", the exact value in data-minor. */
export function yuanAmount(decimal, attrs = {}) {
  const minor = toMinor(decimal);
  return h("span", { class: "amount", "data-minor": minor, ...attrs }, minor == null ? "" : yuanText(roundYuan(minor)));
}

/** The life cover basis: why this method, and the cross-checks, with the family share to edit. */
function lifeBasis(outcome, edit) {
  const b = outcome.advice.life_basis;
  if (!b) return null;
  return h("div", { class: "stack basis", id: "life-basis", "data-basis": b.follows, "data-rule-of-thumb": b.rule_of_thumb },
    h("p", { class: "help basis-why" }, loc(b.why)),
    h("ul", { class: "basis-checks" },
      h("li", { "data-check": "rule_of_thumb" }, loc(b.against_rule_of_thumb)),
      h("li", { "data-check": "human_life_value" }, loc(b.against_human_life_value))),
    assumptionList(outcome, "basis", edit),
    b.spending_share != null ? h("p", { class: "help", id: "spending-share" }, t("advice.basis.spending_share", { share: percent(b.spending_share) })) : null);
}

/** One recommendation: kind, rounded sum, stated basis, indicative premium, link to clauses. */
function recommendation(r, outcome, edit) {
  const kind = t(`common.kinds.${r.product_kind}`);
  return h("li", { class: "card rec rec-basis", "data-kind": r.product_kind },
    h("div", { class: "rec-text stack" },
      h("h3", {}, kind,
        r.amount ? h("span", { class: "rec-sum" }, " · ", t("advice.rec.suggested_sum"), " ", sumAmount(r.amount, { id: `rec-${r.product_kind}-sum` })) : null),
      h("p", { class: "basis-statement" }, loc(r.basis || r.reason)),
      r.product_kind === "term_life" ? lifeBasis(outcome, edit) : null,
      premiumLine(r)),
    h("a", { class: "btn btn-secondary", href: `#/product/${encodeURIComponent(r.product_id)}`, "data-product": r.product_id },
      t("assess.result.read_clauses")));
}

/** The indicative premium of a recommendation, when the content gives rates for it. */
function premiumLine(r) {
  const q = r.indicative_premium;
  if (!q) return r.no_premium_reason ? h("p", { class: "help premium-none" }, loc(r.no_premium_reason)) : null;
  const sum = yuanText(roundSum(toMinor(q.sum)));
  return h("div", { class: "premium stack", "data-within-budget": q.within_budget ? "1" : "0", "data-capped-sum": q.capped_sum != null ? toMinor(q.capped_sum) : null },
    h("p", {},
      h("strong", {}, t("advice.premium.label")), " ",
      t("advice.premium.line_before"), yuanAmount(q.annual_premium, { id: `premium-${r.product_kind}` }),
      t(q.sum_from === "typical_sum" ? "advice.premium.line_after_typical" : "advice.premium.line_after", { sum })),
    h("p", { class: q.within_budget ? "help" : "notice notice-warn budget-note" }, loc(q.budget_note)),
    h("p", { class: "help premium-note" }, t("advice.premium.dated", { date: formatDate(q.rates_date) }), " ", loc(q.note)));
}

/** The recommendations with their stated bases; says plainly when no more cover is needed. */
export function familyRecommendations(outcome, edit) {
  const a = outcome.advice;
  const recs = a.recommendations || [];
  const plan = a.premium_plan;
  return h("section", { class: "stack", "aria-labelledby": "recs-heading", id: "recommendations" },
    h("h2", { id: "recs-heading" }, t("advice.rec.heading")),
    recs.length
      ? h("ul", { class: "list recs" }, recs.map((r) => recommendation(r, outcome, edit)))
      : h("p", { class: "muted" }, t("assess.result.no_recommendations")),
    // With no life cover recommended, the basis still says why, and what the cross-check shows.
    !recs.some((r) => r.product_kind === "term_life") && a.life_basis
      ? h("div", { class: "card stack", id: "life-basis-none" }, h("p", { class: "basis-statement" }, loc(a.life_basis.statement)), lifeBasis(outcome, edit))
      : null,
    plan ? h("p", { class: `notice ${plan.within_budget ? "notice-ok" : "notice-warn"}`, id: "premium-plan", "data-within-budget": plan.within_budget ? "1" : "0" }, loc(plan.summary)) : null);
}

/** Every exact figure of the methods, with factors and versions: the details view. */
export function exactDetails(outcome, methods) {
  const a = outcome.advice;
  const RAW = ["annuity_factor", "months_covered"];
  const money = (v, k) => (!RAW.includes(k) && typeof v === "string" && toMinor(v) != null ? formatMoney(toMinor(v)) : v);
  const rows = [];
  for (const m of methods) {
    const r = a[m];
    if (!r) continue;
    for (const [k, v] of Object.entries(r)) {
      if (v == null || typeof v === "object" || ["method", "formula", "more_cover_needed", "sufficient", "within_budget"].includes(k)) continue;
      rows.push(h("tr", { "data-exact": `${m}.${k}` }, h("td", {}, t(`assess.methods.${m}.name`)), h("td", {}, t(`advice.exact.${k === "value" ? "value_figure" : k}`)), h("td", { class: "num" }, String(money(v, k)))));
    }
  }
  for (const r of a.recommendations || []) {
    if (r.amount) rows.push(h("tr", { "data-exact": `rec.${r.product_kind}` }, h("td", {}, t(`common.kinds.${r.product_kind}`)), h("td", {}, t("advice.exact.recommended_sum")), h("td", { class: "num" }, money(r.amount, "amount"))));
    if (r.indicative_premium) rows.push(h("tr", { "data-exact": `premium.${r.product_kind}` }, h("td", {}, t(`common.kinds.${r.product_kind}`)), h("td", {}, t("advice.exact.rate_per_10000")), h("td", { class: "num" }, money(r.indicative_premium.rate_per_10000, "rate"))));
  }
  return h("details", { class: "card exact-details", id: "exact-details" },
    h("summary", {}, t("advice.exact.summary")),
    h("p", { class: "help" }, t("advice.exact.help")),
    h("table", { class: "table exact-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("advice.exact.method")), h("th", { scope: "col" }, t("advice.exact.figure")), h("th", { scope: "col" }, t("advice.exact.value")))),
      h("tbody", {}, rows)),
    h("p", { class: "help result-meta" }, t("assess.result.meta", { result: outcome.id, engine: outcome.engine_version, version: outcome.questionnaire_version.slice(0, 12) })));
}
