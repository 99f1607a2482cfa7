// The family result: the conclusion in plain words, the recommendations with their stated basis
// (and indicative premiums), need / existing / gap per kind of cover as a bar chart, the seven
// methods side by side (value, formula, inputs, assumptions), the risks by severity, the life
// stage's priorities, and a details view with the exact figures. Amounts on screen are rounded
// for people (assess/advice.js); the exact ones are in data-minor and the details view.

import { h } from "../dom.js";
import { t, loc } from "../i18n.js";
import { barChart } from "../widgets/chart.js";
import { toMinor, percent } from "./common.js";
import { facts, assumptionList, warningList } from "./parts.js";
import { familyRecommendations, exactDetails, sumAmount, yuanAmount, roundSum, roundYuan, yuanText } from "./advice.js";

/** The family share both life methods use, as a percentage. */
const percentOf = (outcome) => percent(String(outcome.advice.life_basis?.family_share ?? ""));

const METHODS = ["dime", "human_life_value", "income_multiple", "critical_illness", "disability_income", "emergency_fund", "premium_affordability"];
const SEVERITY_BADGE = { high: "badge-must", medium: "badge-warn", low: "badge-info" };

const fmtSum = (minor) => yuanText(roundSum(minor));
const fmtYuan = (minor) => yuanText(roundYuan(minor));
const sum = (...decimals) => decimals.reduce((a, d) => a + (toMinor(d) || 0), 0);

/** What the chart and its table show: [label, need, existing, gap] in fen. */
function chartGroups(a) {
  const have = sum(a.dime.inputs.existing_life_cover, a.dime.inputs.liquid_assets);
  return {
    lump: [
      [t("assess.chart.life_dime"), toMinor(a.dime.need), have, toMinor(a.dime.gap)],
      [t("assess.chart.life_hlv"), toMinor(a.human_life_value.value), have, toMinor(a.human_life_value.gap)],
      [t("assess.chart.critical_illness"), toMinor(a.critical_illness.need), toMinor(a.critical_illness.inputs.existing_ci_cover), toMinor(a.critical_illness.gap)],
      [t("assess.chart.emergency_fund"), toMinor(a.emergency_fund.target), toMinor(a.emergency_fund.inputs.liquid_assets), toMinor(a.emergency_fund.shortfall)],
    ],
    monthly: [
      [t("assess.chart.disability_income"), toMinor(a.disability_income.monthly_need), toMinor(a.disability_income.inputs.existing_disability_monthly), toMinor(a.disability_income.monthly_gap)],
    ],
  };
}

function chart(rows, title, id, fmt) {
  const series = [
    { key: "need", label: t("assess.chart.need"), className: "bar-need", swatch: "swatch-need" },
    { key: "have", label: t("assess.chart.have"), className: "bar-have", swatch: "swatch-have" },
    { key: "gap", label: t("assess.chart.gap"), className: "bar-gap", swatch: "swatch-gap" },
  ];
  const summary = rows.map(([label, need, have, gap]) =>
    t("assess.chart.summary_row", { label, need: fmt(need), have: fmt(have), gap: fmt(gap) })).join(" ");
  return barChart({ id, title, summary, series, format: fmt, groups: rows.map(([label, need, have, gap]) => ({ label, values: { need, have, gap } })) });
}

/** The main figures of each method, rounded for people (sums to 10,000 yuan, monthly amounts
 * and budgets to the yuan); the annuity factor is only in the details view. */
function figures(method, m) {
  const fig = (key, decimal, show = sumAmount, label = t(`assess.figures.${key}`)) => [label, show(decimal, { id: `${method}-${key}` }), key];
  const range = (lo, hi, show) => [t("assess.figures.usual_range"), h("span", {}, show(lo), " – ", show(hi)), "range"];
  switch (method) {
    case "dime": return [fig("need", m.need), fig("gap", m.gap), m.income_replaced ? fig("income_replaced", m.income_replaced, yuanAmount, t("advice.figures.income_replaced")) : null];
    case "human_life_value": return [fig("value", m.value), fig("annual_contribution", m.annual_contribution, yuanAmount), fig("gap", m.gap)];
    case "income_multiple": return [fig("low", m.low), fig("high", m.high)];
    case "critical_illness": return [fig("need", m.need), fig("gap", m.gap), range(m.range_low, m.range_high, sumAmount)];
    case "disability_income": return [fig("monthly_need", m.monthly_need, yuanAmount), fig("monthly_gap", m.monthly_gap, yuanAmount), range(m.range_low, m.range_high, yuanAmount)];
    case "emergency_fund": return [fig("target", m.target, yuanAmount), fig("shortfall", m.shortfall, yuanAmount),
      m.months_covered != null ? [t("assess.figures.months_covered"), t("assess.figures.months", { n: m.months_covered }), "months_covered"] : null];
    case "premium_affordability": return [fig("annual_budget", m.annual_budget, yuanAmount), fig("monthly_budget", m.monthly_budget, yuanAmount),
      m.within_budget != null ? [t("assess.figures.within_budget"), m.within_budget ? t("assess.form.yes") : t("assess.figures.over_by", { amount: yuanText(roundYuan(toMinor(m.excess))) }), "within_budget"] : null];
    default: return [];
  }
}

/** Whether the method shows a need beyond what is held (for its badge). */
function verdict(method, m) {
  if ("more_cover_needed" in m) return m.more_cover_needed ? "gap" : "covered";
  if (method === "emergency_fund") return m.sufficient ? "covered" : "gap";
  if (method === "premium_affordability" && m.within_budget != null) return m.within_budget ? "covered" : "gap";
  return null;
}

function inputValue(v) {
  if (v == null) return t("assess.result.not_given");
  return typeof v === "string" && toMinor(v) != null ? yuanAmount(v) : String(v);
}

function methodCard(method, m, edit, outcome) {
  const v = verdict(method, m);
  return h("article", { class: "card method", "data-method": method },
    h("h3", {}, t(`assess.methods.${method}.name`), " ",
      v ? h("span", { class: `badge ${v === "gap" ? "badge-warn" : "badge-ok"}` }, t(`assess.result.verdict_${v}`)) : null),
    facts(figures(method, m), { class: "facts figures" }),
    method === "dime" || method === "human_life_value" ? h("p", { class: "help" }, t("advice.basis.shared_share", { share: percentOf(outcome) })) : null,
    m.note ? h("p", { class: "help" }, loc(m.note)) : null,
    h("p", { class: "formula" }, h("span", { class: "formula-label" }, t("assess.result.formula"), " "), t(`assess.methods.${method}.formula`)),
    h("details", { class: "method-inputs", open: true },
      h("summary", {}, t("assess.result.inputs")),
      facts(Object.entries(m.inputs || {}).map(([k, val]) => [t(`assess.fields.${k}`), inputValue(val), k]))),
    assumptionList(outcome, method, edit));
}

/** The family result body. */
export function familyResult(outcome, edit) {
  const a = outcome.advice;
  // A need no product of this library covers is still a need: never "no more cover" then, and the
  // backend's conclusion says which (its recommendation was dropped).
  const unserved = (a.warnings || []).some((w) => w.code === "no_product");
  const noMore = !a.recommendations.length && !unserved;
  const groups = chartGroups(a);
  const kinds = a.recommendations.map((r) => t(`common.kinds.${r.product_kind}`)).join(t("assess.result.list_sep"));
  const said = unserved ? loc(a.conclusion) : noMore ? t("assess.result.no_more_cover") : t("assess.result.cover_to_consider", { kinds });
  return h("div", { class: "stack assess-family" },
    h("div", { class: `notice ${noMore ? "notice-ok" : ""} conclusion`, id: "conclusion", "data-no-more-cover": noMore ? "1" : null },
      h("strong", {}, said)),
    familyRecommendations(outcome, edit),
    warningList(a.warnings),
    h("section", { class: "stack", "aria-labelledby": "chart-heading" },
      h("h2", { id: "chart-heading" }, t("assess.chart.heading")),
      chart(groups.lump, t("assess.chart.lump_title"), "chart-lump", fmtSum),
      chart(groups.monthly, t("assess.chart.monthly_title"), "chart-monthly", fmtYuan)),
    h("section", { class: "stack", "aria-labelledby": "methods-heading" },
      h("h2", { id: "methods-heading" }, t("assess.result.methods")),
      h("p", { class: "help" }, edit ? t("assess.result.methods_help_agent") : t("assess.result.methods_help")),
      h("div", { class: "method-grid" }, METHODS.map((m) => methodCard(m, a[m], edit, outcome)))),
    h("section", { class: "stack", "aria-labelledby": "risks-heading" },
      h("h2", { id: "risks-heading" }, t("assess.result.risks")),
      a.risks.length
        ? h("ol", { class: "list risk-list" }, a.risks.map((r) =>
            h("li", { class: "list-item", "data-risk": r.id, "data-severity": r.severity },
              h("span", { class: `badge ${SEVERITY_BADGE[r.severity] || "badge-info"}` }, t(`assess.severity.${r.severity}`)),
              h("div", {}, h("strong", {}, t(`assess.risks.${r.id}`)), h("p", { class: "help" }, loc(r.reason))))))
        : h("p", { class: "muted" }, t("assess.result.no_risks"))),
    a.life_stage
      ? h("section", { class: "stack life-stage", "aria-labelledby": "stage-heading" },
          h("h2", { id: "stage-heading" }, t("assess.result.priorities")),
          h("p", {}, t("assess.result.stage", { age: a.life_stage.age, stage: t(`assess.stages.${a.life_stage.stage}`) })),
          h("ol", { class: "priorities" }, a.life_stage.priorities.map((p) => h("li", {}, loc(p)))))
      : null,
    exactDetails(outcome, METHODS));
}
