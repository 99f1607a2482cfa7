// The needs analysis as a client reads it on the record and its printout: the conclusion in a
// sentence, the cover to consider and each method's figure in small tables, the warnings in full
// sentences. Amounts are rounded to what matters (the exact figures stay in the record's details
// and the export); no factors, formulas or version hashes.

import { h } from "../dom.js";
import { t, formatMoney, formatDate, loc } from "../i18n.js";
import { maybe } from "./shared.js";

/** Whole yuan from the engine's decimal string ("3346752.49"), or null. */
function yuan(decimal) {
  const m = /^(-?)(\d+)(?:\.\d+)?$/.exec(String(decimal ?? ""));
  return m ? Number(m[1] + m[2]) : null;
}

/**
 * An amount rounded for people: to ¥10,000 from a million, ¥1,000 from 100,000, ¥100 from
 * 10,000, whole yuan below.
 */
export function roundedMoney(decimal) {
  const v = yuan(decimal);
  if (v == null) return "";
  const a = Math.abs(v);
  const step = a >= 1e6 ? 1e4 : a >= 1e5 ? 1e3 : a >= 1e4 ? 100 : 1;
  return formatMoney(Math.round(v / step) * step * 100, { cents: false });
}

const positive = (d) => (yuan(d) ?? 0) > 0;

/**
 * The engine's sentences quote exact amounts ("¥3,346,752.49"): on paper they are rounded as the
 * tables beside them are, so a sentence and its table never disagree.
 */
function plain(text) {
  return String(text ?? "").replace(/(?:CN)?¥\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?/g, (_, n) => roundedMoney(n.replace(/,/g, "")));
}

/** Life cover first, then the other needs, then the budget; a method not listed comes last. */
const ORDER = ["dime", "human_life_value", "income_multiple", "critical_illness", "disability_income", "emergency_fund", "premium_affordability"];
const rank = (m) => (ORDER.includes(m) ? ORDER.indexOf(m) : ORDER.length);

/** [method, result, gap] of one family method, in words; null for a method it cannot state. */
function methodRow(key, m) {
  const name = maybe(`records.advice.methods.${m.method || key}`, m.method || key);
  const gap = (d) => (positive(d) ? roundedMoney(d) : t("records.advice.no_gap"));
  switch (m.method) {
    case "dime": return [name, roundedMoney(m.need), gap(m.gap)];
    case "human_life_value": return [name, roundedMoney(m.value), gap(m.gap)];
    case "income_multiple": return [name, t("records.advice.range", { low: roundedMoney(m.low), high: roundedMoney(m.high) }), t("records.advice.rule_of_thumb")];
    case "critical_illness": return [name, roundedMoney(m.need), gap(m.gap)];
    case "disability_income": return [name, t("records.advice.per_month", { amount: roundedMoney(m.monthly_need) }),
      positive(m.monthly_gap) ? t("records.advice.per_month", { amount: roundedMoney(m.monthly_gap) }) : t("records.advice.no_gap")];
    case "emergency_fund": return [name, roundedMoney(m.target), gap(m.shortfall)];
    case "premium_affordability": return [name, t("records.advice.per_year", { amount: roundedMoney(m.annual_budget) }),
      m.within_budget == null ? t("records.advice.no_quote") : m.within_budget ? t("records.advice.within_budget") : t("records.advice.over_budget", { amount: roundedMoney(m.excess) })];
    default: {
      // A method this page does not know yet: its need and gap when it has them.
      const need = m.need ?? m.value ?? m.target;
      return need == null ? null : [name, roundedMoney(need), gap(m.gap ?? m.shortfall ?? "0")];
    }
  }
}

function table(id, heads, rows) {
  return h("table", { class: "table advice-table", id },
    h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
}

/** The family conclusion as the result screen words it; the backend's own when a need has no
 * product in this library (so "no more cover" is never said for want of one). */
function conclusionText(a) {
  if (a.kind === "enterprise" || !Array.isArray(a.recommendations)) return loc(a.conclusion);
  if ((a.warnings || []).some((w) => w.code === "no_product")) return loc(a.conclusion);
  if (!a.recommendations.length) return t("assess.result.no_more_cover");
  const kinds = a.recommendations.map((r) => maybe(`common.kinds.${r.product_kind}`, r.product_kind)).join(t("assess.result.list_sep"));
  return t("assess.result.cover_to_consider", { kinds });
}

function riskName(name) {
  return maybe(`assess.risks.${name}`, name);
}

/** The analysis for the client: `outcome` is the stored result ({advice, created_at}) or null. */
export function adviceForClient(outcome) {
  if (!outcome) return h("p", { class: "muted" }, t("records.advice.none"));
  const a = outcome.advice || {};
  const recs = a.recommendations || [];
  const warnings = a.warnings || [];
  // The engine's sentences name risks as the questionnaire keys them ("fire"); the client reads
  // them in words.
  const names = (a.risks || []).map((r) => r.name).filter((n) => /^[a-z_]+$/.test(n));
  const words = (text) => names.reduce((m, raw) => m.replace(new RegExp(`\\b${raw}\\b`, "g"), riskName(raw)), plain(text));
  const say = (w) => words(loc(w.message));
  const methods = Object.entries(a)
    .filter(([, v]) => v && typeof v === "object" && !Array.isArray(v) && v.method)
    .sort(([, a], [, b]) => rank(a.method) - rank(b.method))
    .map(([k, v]) => methodRow(k, v))
    .filter(Boolean);
  return h("div", { class: "stack advice-client" },
    h("p", { class: "advice-conclusion" }, words(conclusionText(a))),
    recs.length
      ? [h("h3", {}, t("records.advice.recommendations")),
        // The stated basis of each sum and its indicative premium, as the result screen gave them.
        table("advice-recommendations", ["records.advice.col_cover", "records.advice.col_sum", "records.advice.col_reason", "records.advice.col_premium"],
          recs.map((r) => [maybe(`common.kinds.${r.product_kind}`, r.product_kind), r.amount ? roundedMoney(r.amount) : "—", words(loc(r.basis || r.reason)),
            r.indicative_premium ? t("records.advice.premium_per_year", { amount: roundedMoney(r.indicative_premium.rounded_premium ?? r.indicative_premium.annual_premium) }) : "—"])),
        a.premium_plan?.summary ? h("p", { class: "advice-premium-plan" }, words(loc(a.premium_plan.summary))) : null,
        recs.some((r) => r.indicative_premium)
          ? h("p", { class: "help" }, t("records.advice.premium_note", { date: formatDate(recs.find((r) => r.indicative_premium).indicative_premium.rates_date) }))
          : null]
      : null,
    a.kind === "enterprise"
      ? (a.risks || []).length
        ? [h("h3", {}, t("records.advice.risks_heading")),
          table("advice-risks", ["records.advice.col_risk", "records.advice.col_expected_loss", "records.advice.col_decision", "records.advice.col_reason"],
            a.risks.map((r) => [riskName(r.name), t("records.advice.per_year", { amount: roundedMoney(r.expected_loss) }),
              maybe(`records.advice.decisions.${r.decision}`, r.decision), words(loc(r.reason))]))]
        : null
      : methods.length
        ? [h("h3", {}, t("records.advice.methods_heading")),
          table("advice-methods", ["records.advice.col_method", "records.advice.col_result", "records.advice.col_gap"], methods),
          h("p", { class: "help" }, t("records.advice.rounded"))]
        : null,
    warnings.length
      ? h("div", { class: "notice notice-warn", "data-advice-warnings": String(warnings.length) },
        h("strong", {}, t("records.advice.warnings")),
        h("ul", {}, warnings.map((w) => h("li", {}, say(w)))))
      : null,
    h("p", { class: "help" }, t("records.advice.computed", { time: formatDate(outcome.created_at, { time: true }) })));
}
