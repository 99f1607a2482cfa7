// Message catalogues and formatting in Simplified Chinese and English. No UI string lives in code:
// screens call t("namespace.key"). Catalogues are ui/i18n/<lang>/<namespace>.json.

export const LANGUAGES = ["zh-CN", "en"];
/** Every catalogue file; a test checks both languages have the same files and keys. */
export const NAMESPACES = ["common", "home", "access", "kiosk", "clauses", "assess", "advice", "records", "fleet"];

let current = "zh-CN";
let messages = {};
const listeners = new Set();

/** The current language tag. */
export function language() {
  return current;
}

/** Loads the catalogues of `lang` and makes it current. */
export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) lang = "zh-CN";
  const loaded = {};
  await Promise.all(
    NAMESPACES.map(async (ns) => {
      const res = await fetch(`i18n/${lang}/${ns}.json`);
      loaded[ns] = await res.json();
    }),
  );
  messages = loaded;
  current = lang;
  document.documentElement.lang = lang;
  translateStatic(document);
  for (const fn of listeners) fn(lang);
}

/** Calls fn(lang) after every language change. */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The message for "ns.key.sub", with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const [ns, ...path] = key.split(".");
  let value = messages[ns];
  for (const part of path) value = value == null ? undefined : value[part];
  if (typeof value !== "string") {
    console.warn(`missing message ${key} (${current})`);
    return key;
  }
  return value.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/**
 * The one picker of a bilingual text: the current language's side of `{"zh-CN", en}` (content,
 * the backend's `Localized`) or `{zh, en}` (the advice engine's and the questionnaires' `Text`),
 * the other side when that one is missing; anything else (a string, a number) as it is.
 */
export function loc(value) {
  if (value == null) return "";
  if (typeof value !== "object" || Array.isArray(value)) return value;
  const zh = value["zh-CN"] ?? value.zh;
  return current === "en" ? value.en ?? zh ?? "" : zh ?? value.en ?? "";
}

/** True when a message exists (for optional per-code texts such as error messages). */
export function has(key) {
  const [ns, ...path] = key.split(".");
  let value = messages[ns];
  for (const part of path) value = value == null ? undefined : value[part];
  return typeof value === "string";
}

/** Fills elements marked data-i18n="key" (static markup in index.html). */
export function translateStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}

/** Money from integer minor units (fen), e.g. 1234567 -> ¥12,345.67 in both languages. */
export function formatMoney(minor, { cents = true } = {}) {
  const major = Number(minor) / 100;
  return new Intl.NumberFormat(current, {
    style: "currency",
    currency: "CNY",
    // "¥" in both languages (English would otherwise print "CN¥", which no client here writes).
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: cents ? 2 : 0,
    maximumFractionDigits: cents ? 2 : 0,
  }).format(major);
}

/** A plain number in the current language's format. */
export function formatNumber(n, digits = 0) {
  return new Intl.NumberFormat(current, { maximumFractionDigits: digits }).format(n);
}

/** A date (YYYY-MM-DD or RFC 3339) in the current language's long format. */
export function formatDate(value, { time = false } = {}) {
  if (!value) return "";
  const d = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  if (Number.isNaN(d.getTime())) return value;
  const options = { year: "numeric", month: "long", day: "numeric" };
  if (time) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
  return new Intl.DateTimeFormat(current, options).format(d);
}

/** A person-readable message for an ApiError: per-code catalogue text, else the backend's. */
export function errorMessage(err) {
  const key = `common.errors.${err.code}`;
  return has(key) ? t(key) : err.message;
}
