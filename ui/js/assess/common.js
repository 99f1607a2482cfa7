// Shared by the risk-check screens: exact decimal amounts from the backend, and the last computed
// result per questionnaire (so a language switch does not store another result).

import { formatMoney, formatNumber } from "../i18n.js";

/** The questionnaires offered, in the order of the path choice. */
export const PATHS = ["family", "enterprise"];

/** Integer minor units (fen) from an exact decimal string such as "1234.50"; null if not one. */
export function toMinor(decimal) {
  if (typeof decimal === "number" && Number.isFinite(decimal)) return Math.round(decimal * 100);
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(String(decimal ?? "").trim());
  if (!m) return null;
  const minor = Number(m[2]) * 100 + Number((m[3] || "").padEnd(2, "0"));
  return m[1] ? -minor : minor;
}

/** An amount from the backend ("1234.50") as money a person reads: whole yuan. */
export function money(decimal) {
  const minor = toMinor(decimal);
  if (minor == null) return "";
  // Whole yuan for people: the fen of an estimate are false precision (the exact value stays in
  // the record, the export and the amount's data-minor).
  return formatMoney(Math.round(minor / 100) * 100, { cents: false });
}

/**
 * Moves the decimal point of a decimal string by `places` (2: ratio -> percent, -2: back),
 * exactly, without floating point: shiftDecimal("0.125", 2) is "12.5".
 */
export function shiftDecimal(decimal, places) {
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(String(decimal ?? "").trim());
  if (!m || (!m[2] && !m[3])) return null;
  let digits = (m[2] || "0") + (m[3] || "");
  let point = (m[2] || "0").length + places;
  if (point < 1) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits.padEnd(point, "0");
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  let frac = digits.slice(point).replace(/0+$/, "");
  return (m[1] ? "-" : "") + whole + (frac ? `.${frac}` : "");
}

/** A ratio string from the backend ("0.085") as a percentage a person reads ("8.5%"). */
export function percent(ratio) {
  const p = shiftDecimal(ratio, 2);
  return p == null ? "" : `${formatDecimal(p)}%`;
}

/** A decimal string in the current language's digit grouping, keeping its decimals. */
export function formatDecimal(decimal) {
  const s = String(decimal ?? "");
  const [whole, frac] = s.split(".");
  const grouped = formatNumber(Number(whole), 0);
  return frac ? `${grouped}.${frac}` : grouped;
}

/** Last computed advice per questionnaire id; dropped when an answer changes. */
export const results = new Map();

/** The agent's edited assumptions per questionnaire id: {profile field: value string}. */
export const overrides = new Map();

/** The agent's edited assumptions of the household review per questionnaire id: {field: value};
 * absent until read back from the stored review (a reload keeps them). */
export const reviewOverrides = new Map();

/** How long an edit waits for the next keystroke before the result is worked out again. */
export const EDIT_DELAY_MS = 500;
