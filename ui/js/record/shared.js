// Pieces the consultation flow, the records list, the record view and its printout share: the
// local date and readable summaries of the needs analysis,
// the clause states and the client's file. Everything a person typed goes in as text.

import { h } from "../dom.js";
import { t, has, formatMoney, formatNumber, formatDate, loc } from "../i18n.js";

/** Today in the agent's local time zone, `YYYY-MM-DD` (what is "due today" for follow-ups). */
export function todayLocal() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A message key's text if the catalogue has it, else `fallback`. */
export function maybe(key, fallback) {
  return has(key) ? t(key) : fallback;
}

/** Money the engine sends as a decimal string of yuan ("1234.50"), formatted without f64. */
export function moneyText(decimal) {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(String(decimal));
  if (!m) return String(decimal);
  return formatMoney(`${m[1]}${m[2]}${m[3]}`);
}

const SCALAR = (v) => v === null || ["string", "number", "boolean"].includes(typeof v);

function valueText(key, v) {
  if (typeof v === "boolean") return t(v ? "records.yes" : "records.no");
  if (typeof v === "string" && /^-?\d+\.\d{2}$/.test(v) && !/factor|months/.test(key)) return moneyText(v);
  // Factors come with many decimals; two are what a client reads.
  if (typeof v === "string" && /^-?\d+\.\d{3,}$/.test(v)) return formatNumber(Number(v), 2);
  return String(v);
}

/** The results of each method of the analysis (name and values), as a definition list. */
function methodList(advice) {
  const methods = Object.values(advice).filter((v) => v && typeof v === "object" && !Array.isArray(v) && v.method);
  if (advice.kind === "enterprise") {
    return h("ul", { class: "advice-methods" },
      h("li", {}, h("strong", {}, maybe(`records.advice.methods.${advice.method}`, advice.method)), ": ",
        t("records.advice.total_expected_loss", { amount: moneyText(advice.total_expected_loss) })),
      (advice.risks || []).map((r) => h("li", { "data-risk": r.name },
        h("strong", {}, r.label ? loc(r.label) : r.name), " · ", t("records.advice.expected_loss", { amount: moneyText(r.expected_loss) }), " · ",
        maybe(`records.advice.decisions.${r.decision}`, r.decision), r.reason ? ` · ${loc(r.reason)}` : "")));
  }
  return h("ul", { class: "advice-methods" },
    methods.map((m) => h("li", { "data-method": m.method },
      h("strong", {}, maybe(`records.advice.methods.${m.method}`, m.method)), ": ",
      Object.entries(m)
        .filter(([k, v]) => v !== null && SCALAR(v) && !["method", "formula", "note"].includes(k))
        .map(([k, v]) => `${maybe(`records.advice.values.${k}`, k)} ${valueText(k, v)}`)
        .join(" · "))));
}

/** The family conclusion as the result screen words it (the backend's text names kinds by id). */
function conclusionText(a) {
  if (a.kind === "enterprise" || !Array.isArray(a.recommendations)) return loc(a.conclusion);
  if (!a.recommendations.length) return t("assess.result.no_more_cover");
  const kinds = a.recommendations.map((r) => maybe(`common.kinds.${r.product_kind}`, r.product_kind)).join(t("assess.result.list_sep"));
  return t("assess.result.cover_to_consider", { kinds });
}

/** The needs analysis in plain words: conclusion, methods and values, recommendations, warnings. */
export function adviceSummary(outcome) {
  if (!outcome) return h("p", { class: "muted" }, t("records.advice.none"));
  const a = outcome.advice || {};
  const warnings = a.warnings || [];
  return h("div", { class: "stack advice-summary" },
    a.conclusion ? h("p", { class: "advice-conclusion" }, conclusionText(a)) : null,
    h("h4", {}, t("records.advice.methods_heading")),
    methodList(a),
    (a.recommendations || []).length
      ? [h("h4", {}, t("records.advice.recommendations")),
        h("ul", {}, a.recommendations.map((r) => h("li", {},
          h("strong", {}, maybe(`common.kinds.${r.product_kind}`, r.product_kind)),
          r.amount ? ` ${moneyText(r.amount)}` : "", ` · ${loc(r.reason)}`)))]
      : null,
    // Enterprise risks to transfer that no product of the library covers (never sold through one).
    (a.uncovered || []).length
      ? [h("h4", {}, t("assess.enterprise.uncovered")),
        h("ul", { "data-advice-uncovered": String(a.uncovered.length) }, a.uncovered.map((u) => h("li", {},
          h("strong", {}, loc(u.label)), ` · ${loc(u.message)}`)))]
      : null,
    warnings.length
      ? h("div", { class: "notice notice-warn", "data-advice-warnings": String(warnings.length) },
        h("strong", {}, t("records.advice.warnings")),
        h("ul", {}, warnings.map((w) => h("li", {}, loc(w.message)))))
      : null,
    h("p", { class: "help" }, t("records.advice.computed", { time: formatDate(outcome.created_at, { time: true }) })));
}

/** The warnings of an analysis (NFRA art. 28), empty when none. */
export function adviceWarnings(outcome) {
  return (outcome && outcome.advice && outcome.advice.warnings) || [];
}

/** The client's file as label/value rows; only filled fields. */
export function clientRows(client) {
  const keys = client.kind === "enterprise"
    ? ["name", "legal_representative", "contact_person", "phone", "email", "address", "industry", "property", "location", "disaster_prevention"]
    : ["name", "gender", "birth_date", "phone", "email", "address", "occupation"];
  return keys
    .filter((k) => client[k])
    .map((k) => [t(`records.client.${client.kind === "enterprise" && k === "name" ? "unit_name" : k}`),
      k === "gender" ? t(`records.client.genders.${client[k]}`) : client[k]]);
}

/** A definition list from [label, value] rows (values as text). */
export function details(rows, attrs = {}) {
  return h("dl", { class: "details", ...attrs }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v == null || v === "" ? "—" : v)]));
}

/** A status badge for a record row: draft, finished or erased. */
export function statusBadge(status, erased) {
  if (erased) return h("span", { class: "badge badge-warn" }, t("records.status.erased"));
  return h("span", { class: `badge ${status === "finished" ? "badge-ok" : "badge-info"}` }, t(`records.status.${status}`));
}

/** The follow-up as text: date and state, "overdue" when past. */
export function followUpText(on, status, today = todayLocal()) {
  if (!on) return t("records.followup.none");
  const state = status === "pending" && on < today ? "overdue" : status || "pending";
  return t("records.followup.line", { date: formatDate(on), state: t(`records.followup.states.${state}`) });
}
