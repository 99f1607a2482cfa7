// Pieces of the risk-check result shared by the family and enterprise pages: amounts with their
// exact value kept in data-minor, the assumptions (editable by an agent, read-only at the kiosk),
// the art. 28 warnings and the recommended kinds of cover linked to their clauses.

import { h } from "../dom.js";
import { t, loc } from "../i18n.js";
import { money, toMinor, percent, formatDecimal, shiftDecimal } from "./common.js";

/** An amount as text, with the backend's exact value in data-minor (for checks and printing). */
export function amount(decimal, attrs = {}) {
  return h("span", { class: "amount", "data-minor": toMinor(decimal), ...attrs }, money(decimal));
}

/** A label/value list: rows are [label, value node or text] (null rows are left out). */
export function facts(rows, attrs = {}) {
  return h("dl", { class: "facts", ...attrs },
    rows.filter(Boolean).map(([label, value, key]) =>
      h("div", { class: "fact", "data-fact": key || null }, h("dt", {}, label), h("dd", {}, value))));
}

/** How an assumption is shown and typed: whole numbers, shares as percentages, or multiples. */
function scale(a) {
  if (a.whole) return "whole";
  return Number(a.max) <= 1 ? "percent" : "decimal";
}

/** An assumption's value as a person reads it. */
export function assumptionText(a, value) {
  if (value == null || value === "") return "";
  switch (scale(a)) {
    case "percent": return percent(String(value));
    default: return formatDecimal(String(value));
  }
}

/** The assumption's label from the backend table, in the current language. */
export function assumptionLabel(a) {
  return loc({ zh: a.label_zh, en: a.label_en });
}

/** The value in effect: the profile's (answer or edit), else what the method used. */
export function currentValue(outcome, a) {
  const adv = outcome.advice || {};
  const from = [outcome.profile?.[a.field], adv[a.method]?.assumptions?.[a.field], adv.assumptions?.[a.field], adv.inputs?.[a.field], a.default];
  return from.find((v) => v != null && v !== "") ?? null;
}

/**
 * The assumptions of one method. `edit` is null at the kiosk (read only), else
 * {overrides, onEdit(field, valueOrNull)}.
 */
export function assumptionList(outcome, method, edit) {
  const list = (outcome.editable || []).filter((a) => a.method === method);
  if (!list.length) return null;
  return h("div", { class: "assumptions" },
    h("h4", {}, t("assess.result.assumptions")),
    h("ul", { class: "assumption-list" }, list.map((a) => assumptionItem(outcome, a, edit))));
}

function assumptionItem(outcome, a, edit) {
  const value = currentValue(outcome, a);
  const edited = edit && a.field in edit.overrides;
  const usual = a.usual ? t("assess.result.usual", { low: assumptionText(a, a.usual[0]), high: assumptionText(a, a.usual[1]) }) : null;
  const label = assumptionLabel(a);
  if (!edit) {
    return h("li", { class: "assumption", "data-assumption": a.field },
      h("span", { class: "assumption-label" }, label), " ",
      h("strong", { class: "assumption-value" }, assumptionText(a, value)),
      usual ? h("span", { class: "help" }, ` ${usual}`) : null);
  }
  const kind = scale(a);
  const shown = value == null ? "" : kind === "percent" ? shiftDecimal(String(value), 2) : String(value);
  const [min, max] = kind === "percent" ? [shiftDecimal(a.min, 2), shiftDecimal(a.max, 2)] : [a.min, a.max];
  const inputId = `assume-${a.field}`;
  const errorId = `assume-err-${a.field}`;
  const input = h("input", {
    class: "input assumption-input", id: inputId, type: "text", inputmode: kind === "whole" ? "numeric" : "decimal",
    "data-assumption-input": a.field, "aria-describedby": errorId, autocomplete: "off",
  });
  input.value = shown;
  const error = h("p", { class: "error", id: errorId, role: "alert", hidden: true });
  const check = () => {
    const raw = input.value.trim().replace(/[,，%\s]/g, "");
    const ok = raw !== "" && (kind === "whole" ? /^\d+$/.test(raw) : /^\d+(\.\d+)?$/.test(raw)) && Number(raw) >= Number(min) && Number(raw) <= Number(max);
    error.hidden = ok;
    error.textContent = ok ? "" : t(kind === "whole" ? "assess.result.out_of_range_whole" : "assess.result.out_of_range", { min: formatDecimal(min), max: formatDecimal(max) });
    input.setAttribute("aria-invalid", String(!ok));
    return ok ? (kind === "percent" ? shiftDecimal(raw, -2) : raw) : null;
  };
  input.addEventListener("input", () => {
    const v = check();
    if (v != null) edit.onEdit(a.field, v, { debounce: true });
  });
  input.addEventListener("change", () => {
    const v = check();
    if (v != null) edit.onEdit(a.field, v, { debounce: false });
  });
  return h("li", { class: `assumption editing${edited ? " edited" : ""}`, "data-assumption": a.field },
    h("label", { for: inputId, class: "assumption-label" }, label),
    h("div", { class: "input-group" }, input, kind === "percent" ? h("span", { class: "unit" }, "%") : null),
    usual ? h("span", { class: "help" }, usual) : null,
    edited
      ? h("button", { type: "button", class: "btn btn-ghost btn-small", "data-reset": a.field, onclick: () => edit.onEdit(a.field, null, { debounce: false }) },
          t("assess.result.reset_one"))
      : null,
    edited ? h("span", { class: "badge badge-info" }, t("assess.result.edited")) : null,
    error);
}

/** The art. 28 warnings, shown and kept with the result. `names` translates risk names quoted in them. */
export function warningList(warnings, names = {}) {
  if (!warnings?.length) return null;
  return h("section", { class: "stack assess-warnings", "aria-labelledby": "warnings-heading" },
    h("h2", { id: "warnings-heading" }, t("assess.result.warnings")),
    warnings.map((w) => {
      let message = loc(w.message);
      for (const [raw, label] of Object.entries(names)) message = message.split(`“${raw}”`).join(`“${label}”`);
      return h("div", { class: "notice notice-warn", role: "note", "data-warning": w.code },
        h("strong", {}, t(`assess.warnings.${w.code}`)), h("p", {}, message));
    }),
    h("p", { class: "help" }, t("assess.result.warnings_note")));
}

/** The kinds of cover recommended, each linked to the product whose clauses explain it. */
export function recommendationList(recommendations) {
  return h("section", { class: "stack", "aria-labelledby": "recs-heading" },
    h("h2", { id: "recs-heading" }, t("assess.result.recommendations")),
    recommendations?.length
      ? h("ul", { class: "list recs" }, recommendations.map((r) =>
          h("li", { class: "list-item rec", "data-kind": r.product_kind },
            h("div", { class: "rec-text" },
              h("strong", {}, t(`common.kinds.${r.product_kind}`)),
              r.amount ? h("span", {}, " · ", t("assess.result.suggested"), " ", amount(r.amount)) : null,
              h("p", { class: "help" }, loc(r.reason))),
            h("a", { class: "btn btn-secondary", href: `#/product/${encodeURIComponent(r.product_id)}`, "data-product": r.product_id },
              t("assess.result.read_clauses")))))
      : h("p", { class: "muted" }, t("assess.result.no_recommendations")));
}
