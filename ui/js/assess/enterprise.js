// The enterprise result: for each risk the decision and the criterion that decided it, with its
// figures; the expected annual loss, the loading (a negative one said in words), the worst loss
// against what the firm can absorb, the frequency/severity class (and why the decision departs
// from it), the four retention criteria one by one, defaults marked; loss prevention for each
// hazard; the products that cover the risks to transfer, and the risks no product here covers.

import { h } from "../dom.js";
import { t, loc } from "../i18n.js";
import { money, percent } from "./common.js";
import { amount, facts, assumptionList, warningList } from "./parts.js";

const DECISION_BADGE = { retain: "badge-ok", retain_with_loss_control: "badge-ok", transfer: "badge-warn", avoid_or_reduce: "badge-must" };

/** A name as a heading: the first letter capitalised (the backend's names are for sentences). */
function capital(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** A risk's name in the interface language: the backend's bilingual label, else the name given. */
export function riskName(risk) {
  if (risk && typeof risk === "object") return risk.label ? capital(loc(risk.label)) : risk.name;
  const key = `assess.risks.${risk}`;
  const label = t(key);
  return label === key ? risk : label;
}

/** The products recommended for the risks to transfer: each covers every risk it lists. */
function productList(recommendations) {
  return h("section", { class: "stack", "aria-labelledby": "recs-heading" },
    h("h2", { id: "recs-heading" }, t("assess.result.recommendations")),
    recommendations?.length
      ? h("ul", { class: "list recs" }, recommendations.map((r) =>
          h("li", { class: "list-item rec", "data-kind": r.product_kind, "data-risks": (r.risks || []).join(" ") },
            h("div", { class: "rec-text" },
              h("strong", {}, r.product_name ? loc(r.product_name) : t(`common.kinds.${r.product_kind}`)),
              h("p", { class: "help" }, loc(r.reason))),
            h("a", { class: "btn btn-secondary", href: `#/product/${encodeURIComponent(r.product_id)}`, "data-product": r.product_id },
              t("assess.result.read_clauses")))))
      : h("p", { class: "muted" }, t("assess.result.no_recommendations")));
}

/** Risks to transfer that no product of the library covers, and the kind of cover that would. */
function uncoveredList(uncovered) {
  if (!uncovered?.length) return null;
  return h("section", { class: "stack", "aria-labelledby": "uncovered-heading" },
    h("h2", { id: "uncovered-heading" }, t("assess.enterprise.uncovered")),
    h("ul", { class: "list uncovered" }, uncovered.map((u) =>
      h("li", { class: "list-item notice notice-warn", "data-uncovered": u.risk },
        h("div", {},
          h("strong", {}, capital(loc(u.label))),
          h("p", { class: "help" }, loc(u.message)))))),
    h("p", { class: "help" }, t("assess.enterprise.uncovered_help")));
}

function criterion(c) {
  const state = c.met == null ? "unknown" : c.met ? "met" : "not_met";
  const icon = { met: "✓", not_met: "✗", unknown: "–" }[state];
  return h("li", { class: `criterion criterion-${state}${c.decisive ? " criterion-decisive" : ""}`, "data-criterion": c.id, "data-met": state, "data-decisive": c.decisive ? "1" : null },
    h("span", { class: "criterion-icon", "aria-hidden": "true" }, icon),
    h("div", {},
      h("strong", {}, t(`assess.criteria.${c.id}`)), " ",
      h("span", { class: `badge ${state === "met" ? "badge-ok" : state === "not_met" ? "badge-warn" : "badge-info"}` }, t(`assess.criteria.${state}`)),
      c.decisive ? h("span", { class: "badge badge-info" }, " ", t("assess.criteria.decisive")) : null,
      (c.assumed || []).length ? h("span", { class: "badge badge-info", "data-assumed": c.assumed.join(" ") }, t("assess.criteria.assumed")) : null,
      h("p", { class: "help" }, loc(c.detail))));
}

/** The loading as a person reads it: a negative one says that insuring costs less. */
function loadingText(r) {
  if (r.loading == null) return t("assess.result.no_quote");
  const node = amount(r.loading, { id: `${r.name}-loading` });
  if (!String(r.loading).startsWith("-")) return node;
  const below = String(r.loading).slice(1);
  return h("span", {}, h("span", { hidden: true }, node), t("assess.enterprise.negative_loading", { amount: money(below) }));
}

/** A value with a "default" badge when the answers left it to its default. */
function maybeAssumed(r, field, value) {
  return (r.inputs.assumed || []).includes(field)
    ? h("span", {}, value, " ", h("span", { class: "badge badge-info", "data-assumed": field }, t("assess.criteria.assumed")))
    : value;
}

function riskCard(r, capacity) {
  const i = r.inputs;
  const frequency = r.frequency_words
    ? t("assess.enterprise.frequency_value", { words: loc(r.frequency_words), per_year: t("assess.enterprise.per_year", { n: r.frequency_used }) })
    : t("assess.enterprise.per_year", { n: i.frequency });
  return h("article", { class: "card risk-card", "data-risk": r.name, "data-decision": r.decision, "data-decided-by": r.decided_by || null },
    h("h3", {}, riskName(r), " ", h("span", { class: `badge ${DECISION_BADGE[r.decision] || "badge-info"}` }, t(`assess.decisions.${r.decision}.short`))),
    h("p", { class: "decision" }, h("strong", {}, t(`assess.decisions.${r.decision}.plain`))),
    h("p", { class: "reason" }, h("strong", {}, t("assess.enterprise.why")), " ", loc(r.reason)),
    r.matrix_note ? h("p", { class: "help matrix-note" }, loc(r.matrix_note)) : null,
    r.hazard_note ? h("p", { class: "help hazard-note", "data-hazard-note": r.name }, loc(r.hazard_note)) : null,
    facts([
      [t("assess.enterprise.expected_loss"), h("span", {}, amount(r.expected_loss, { id: `${r.name}-expected-loss` }), h("span", { class: "help" }, " ", t(`assess.enterprise.${r.inputs.outcomes ? "formula_outcomes" : "formula_frequency"}`))), "expected_loss"],
      [t("assess.fields.frequency"), frequency, "frequency"],
      [t("assess.fields.severity"), amount(i.severity), "severity"],
      [t("assess.fields.premium"), i.premium == null ? t("assess.result.no_quote") : amount(i.premium), "premium"],
      [t("assess.enterprise.loading"), loadingText(r), "loading"],
      r.premium_opportunity_cost != null ? [t("assess.enterprise.opportunity_cost"), amount(r.premium_opportunity_cost), "opportunity_cost"] : null,
      [t("assess.enterprise.worst_vs_capacity"), h("span", {}, amount(i.max_loss), " / ", amount(capacity), " ",
        h("span", { class: `badge ${r.can_absorb_worst_loss ? "badge-ok" : "badge-warn"}` }, t(r.can_absorb_worst_loss ? "assess.enterprise.can_absorb" : "assess.enterprise.cannot_absorb"))), "worst_vs_capacity"],
      [t("assess.enterprise.class"), t("assess.enterprise.class_value", { frequency: t(`assess.classes.${r.frequency_class}`), severity: t(`assess.classes.${r.severity_class}`), matrix: t(`assess.matrix.${r.matrix}`) }), "class"],
      [t("assess.fields.retention_cost"), maybeAssumed(r, "retention_cost", amount(i.retention_cost)), "retention_cost"],
      [t("assess.fields.payout_years"), maybeAssumed(r, "payout_years", t("assess.enterprise.years", { n: i.payout_years })), "payout_years"],
    ], { class: "facts risk-facts" }),
    h("h4", {}, t("assess.enterprise.criteria")),
    h("ol", { class: "criteria" }, r.criteria.map(criterion)));
}

/** The enterprise result body. */
export function enterpriseResult(outcome, edit) {
  const a = outcome.advice;
  const transfer = a.risks.filter((r) => r.decision === "transfer");
  const names = Object.fromEntries(a.risks.map((r) => [r.name, riskName(r)]));
  return h("div", { class: "stack assess-enterprise" },
    h("div", { class: `notice ${transfer.length ? "" : "notice-ok"} conclusion`, id: "conclusion", "data-no-more-cover": transfer.length ? null : "1" },
      h("strong", {}, loc(a.conclusion))),
    warningList(a.warnings, names),
    h("section", { class: "stack firm", "aria-labelledby": "firm-heading" },
      h("h2", { id: "firm-heading" }, t("assess.enterprise.firm")),
      h("div", { class: "card" },
        facts([
          a.inputs.industry ? [t("assess.fields.industry"), a.inputs.industry, "industry"] : null,
          [t("assess.fields.loss_capacity"), amount(a.inputs.loss_capacity, { id: "loss-capacity" }), "loss_capacity"],
          [t("assess.fields.expected_return"), percent(a.inputs.expected_return), "expected_return"],
          [t("assess.enterprise.total_expected_loss"), amount(a.total_expected_loss, { id: "total-expected-loss" }), "total_expected_loss"],
        ]),
        h("p", { class: "formula" }, t("assess.methods.retain_or_transfer.formula")),
        assumptionList(outcome, "retain_or_transfer", edit))),
    h("section", { class: "stack", "aria-labelledby": "ent-risks-heading" },
      h("h2", { id: "ent-risks-heading" }, t("assess.enterprise.risks")),
      a.risks.length ? h("div", { class: "risk-grid" }, a.risks.map((r) => riskCard(r, a.inputs.loss_capacity)))
        : h("p", { class: "muted" }, t("assess.result.no_risks"))),
    h("section", { class: "stack", "aria-labelledby": "prevention-heading" },
      h("h2", { id: "prevention-heading" }, t("assess.enterprise.prevention")),
      a.hazard_note ? h("p", { class: "help", id: "hazard-note" }, loc(a.hazard_note)) : null,
      a.loss_prevention.length
        ? h("ul", { class: "list prevention" }, a.loss_prevention.map((p) =>
            h("li", { class: "list-item", "data-hazard": p.hazard },
              h("div", {}, h("strong", {}, t(`assess.hazards.${p.hazard}`)), h("p", { class: "help" }, loc(p.suggestion))))))
        : h("p", { class: "muted" }, t("assess.enterprise.no_hazards"))),
    productList(a.recommendations),
    uncoveredList(a.uncovered));
}

