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

/** How an assumption is shown and typed: whole numbers, shares as percentages, multiples, or
 * yuan (the household review's table says which in `scale`; the family table leaves it out). */
function scale(a) {
  if (a.scale) return { share: "percent", money: "money" }[a.scale] || a.scale;
  if (a.whole) return "whole";
  return Number(a.max) <= 1 ? "percent" : "decimal";
}

/** An amount in yuan from a decimal string, without its fen ("1000000.00" -> "1000000"). */
const wholeYuan = (v) => String(v).replace(/\.0*$/, "");

/** An assumption's value as a person reads it. */
export function assumptionText(a, value) {
  if (value == null || value === "") return "";
  switch (scale(a)) {
    case "percent": return percent(String(value));
    case "money": return money(String(value));
    // The household table says a multiple is one: "3 times", never a bare factor.
    case "decimal": return a.scale ? t("advice.review.assumptions.times", { n: formatDecimal(String(value)) }) : formatDecimal(String(value));
    default: return formatDecimal(String(value));
  }
}

/** The assumption's label from the backend table (or the one given), in the current language. */
export function assumptionLabel(a) {
  return loc(a.label || { zh: a.label_zh, en: a.label_en });
}

/** The value in effect: the profile's (answer or edit), else what the method used. */
export function currentValue(outcome, a) {
  const adv = outcome.advice || {};
  const from = [outcome.profile?.[a.field], adv[a.method]?.assumptions?.[a.field], adv.assumptions?.[a.field], adv.inputs?.[a.field], a.default];
  return from.find((v) => v != null && v !== "") ?? null;
}

/**
 * The assumptions of one method of the family or enterprise advice. `edit` is null at the kiosk
 * (read only), else {overrides, onEdit(field, valueOrNull)}.
 */
export function assumptionList(outcome, method, edit) {
  const list = (outcome.editable || []).filter((a) => a.method === method);
  return assumptionItems(list, (a) => currentValue(outcome, a), edit);
}

/**
 * A list of editable assumptions in the backend tables' shape ({field, min, max, usual, whole,
 * scale?, label_zh, label_en}); an entry may bring its own `label` ({zh, en}), `key` (when one
 * field is edited in several places, as each earner's income share) and `note` (how the value
 * is worked out when not edited). `valueOf(a)` is the value in effect; `edit` is null when read
 * only, else {overrides, onEdit(field, valueOrNull, {debounce}, entry)}; `idPrefix` keeps the
 * inputs' ids unique on a page showing two lists.
 */
export function assumptionItems(list, valueOf, edit, { title = t("assess.result.assumptions"), idPrefix = "assume", id = null } = {}) {
  if (!list.length) return null;
  return h("div", { class: "assumptions", id },
    h("h4", {}, title),
    h("ul", { class: "assumption-list" }, list.map((a) => assumptionItem(a, valueOf(a), edit, idPrefix))));
}

function assumptionItem(a, value, edit, idPrefix) {
  const key = a.key || a.field;
  const edited = edit && a.field in edit.overrides;
  const usual = a.usual ? t("assess.result.usual", { low: assumptionText(a, a.usual[0]), high: assumptionText(a, a.usual[1]) }) : null;
  const note = !edited && a.note ? a.note : null;
  const help = [usual, note].filter(Boolean).join(" · ");
  const label = assumptionLabel(a);
  if (!edit) {
    return h("li", { class: "assumption", "data-assumption": key },
      h("span", { class: "assumption-label" }, label), " ",
      h("strong", { class: "assumption-value" }, assumptionText(a, value)),
      help ? h("span", { class: "help" }, ` ${help}`) : null);
  }
  const kind = scale(a);
  const shown = value == null ? "" : kind === "percent" ? shiftDecimal(String(value), 2) : kind === "money" ? formatDecimal(wholeYuan(value)) : String(value);
  const [min, max] = kind === "percent" ? [shiftDecimal(a.min, 2), shiftDecimal(a.max, 2)] : [a.min, a.max];
  const inputId = `${idPrefix}-${key}`;
  const errorId = `${idPrefix}-err-${key}`;
  const input = h("input", {
    class: "input assumption-input", id: inputId, type: "text", inputmode: kind === "whole" || kind === "money" ? "numeric" : "decimal",
    "data-assumption-input": key, "aria-describedby": errorId, autocomplete: "off",
  });
  input.value = shown;
  const error = h("p", { class: "error", id: errorId, role: "alert", hidden: true });
  const whole = kind === "whole" || kind === "money";
  const check = () => {
    const raw = input.value.trim().replace(/[,，%¥￥元\s]/g, "");
    const ok = raw !== "" && (whole ? /^\d+$/.test(raw) : /^\d+(\.\d+)?$/.test(raw)) && Number(raw) >= Number(min) && Number(raw) <= Number(max);
    error.hidden = ok;
    error.textContent = ok ? "" : t(whole ? "assess.result.out_of_range_whole" : "assess.result.out_of_range", { min: formatDecimal(min), max: formatDecimal(max) });
    input.setAttribute("aria-invalid", String(!ok));
    return ok ? (kind === "percent" ? shiftDecimal(raw, -2) : raw) : null;
  };
  input.addEventListener("input", () => {
    const v = check();
    if (v != null) edit.onEdit(a.field, v, { debounce: true }, a);
  });
  input.addEventListener("change", () => {
    const v = check();
    if (v != null) edit.onEdit(a.field, v, { debounce: false }, a);
  });
  const unit = kind === "percent" ? "%" : kind === "money" ? t("advice.review.assumptions.yuan") : a.scale === "decimal" ? t("advice.review.assumptions.times_unit") : null;
  return h("li", { class: `assumption editing${edited ? " edited" : ""}`, "data-assumption": key },
    h("label", { for: inputId, class: "assumption-label" }, label),
    h("div", { class: "input-group" }, input, unit ? h("span", { class: "unit" }, unit) : null),
    help ? h("span", { class: "help" }, help) : null,
    edited
      ? h("button", { type: "button", class: "btn btn-ghost btn-small", "data-reset": key, onclick: () => edit.onEdit(a.field, null, { debounce: false }, a) },
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
