// The app bar: brand, who acts (or the kiosk's buttons), the display menu (large type, high
// contrast), the language switch, and the navigation (NAV) for the session's mode.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, setLanguage, language } from "../i18n.js";
import { session, mode, redirectFor, lockNow, confirmEndAndClear, startVisit, visitStarted } from "./session.js";
import { navigate, currentRoute } from "./router.js";
import { showError } from "./toast.js";
import { syncIndicator } from "./sync-indicator.js";

/** The app bar's navigation: [route, message key, modes that see it, group]. The "more" group
 * folds into one menu so the bar stays one calm row of the tasks an agent does most. */
const NAV = [
  ["/", "common.nav.home", ["agent", "kiosk"], "main"],
  ["/consult", "records.nav.consult", ["agent"], "main"],
  ["/products", "clauses.nav.products", ["agent", "kiosk"], "main"],
  ["/assess", "assess.nav", ["agent", "kiosk"], "main"],
  ["/records", "records.nav.records", ["agent"], "main"],
  ["/search", "clauses.nav.search", ["agent", "kiosk"], "main"],
  ["/privacy", "access.nav.privacy", ["kiosk"], "main"],
  ["/followups", "records.nav.followups", ["agent"], "more"],
  ["/leads", "access.nav.leads", ["agent"], "more"],
  ["/privacy", "access.nav.privacy", ["agent"], "more"],
  ["/glossary", "clauses.nav.glossary", ["agent", "kiosk"], "more"],
  ["/admin/content", "clauses.nav.admin", ["agent"], "more"],
  ["/admin/agents", "access.nav.agents", ["agent"], "more"],
  ["/admin/sync", "fleet.nav", ["agent"], "more"],
];

function toggleButton(labelKey, pressed, onClick, id) {
  return h("button", { type: "button", class: "btn btn-ghost", "aria-pressed": String(pressed), onclick: onClick, id }, t(labelKey));
}

/** Large type and high contrast in one small menu (a native <details>: keyboard and touch), so
 * the bar stays two rows in large type. It stays open after a toggle to show what changed. */
function displayMenu(html) {
  const wasOpen = document.getElementById("display-menu")?.open;
  const on = html.dataset.size === "large" || html.dataset.contrast === "high";
  return h("details", { class: "display-menu", id: "display-menu", open: wasOpen || null },
    h("summary", { class: on ? "current" : null },
      h("span", { class: "display-icon", "aria-hidden": "true" }, "Aa"), " ", t("common.display")),
    h("div", { class: "display-options", role: "group", "aria-label": t("common.display") },
      toggleButton("common.large_type", html.dataset.size === "large", () => {
        html.dataset.size = html.dataset.size === "large" ? "normal" : "large";
        renderBar();
      }, "toggle-size"),
      toggleButton("common.high_contrast", html.dataset.contrast === "high", () => {
        html.dataset.contrast = html.dataset.contrast === "high" ? "normal" : "high";
        renderBar();
      }, "toggle-contrast")));
}

// The bar's menus (More, Display) close on a click elsewhere and on Escape.
document.addEventListener("click", (e) => {
  // A toggle rebuilds the bar: its old button is gone, and the menu it was in stays open.
  if (!e.target.isConnected) return;
  for (const d of document.querySelectorAll(".app-bar details[open]")) if (!d.contains(e.target)) d.open = false;
});
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  for (const d of document.querySelectorAll(".app-bar details[open]")) {
    d.open = false;
    d.querySelector("summary")?.focus();
  }
});

/** Draws the bar for the session and the route on screen. */
export function renderBar() {
  const bar = document.getElementById("app-bar");
  const html = document.documentElement;
  const visible = NAV.filter(([, , modes]) => modes.includes(mode()));
  const link = ([route, key]) =>
    h("a", { href: `#${route}`, "aria-current": currentRoute() === route ? "page" : null }, t(key));
  const more = visible.filter((n) => n[3] === "more");
  const navLinks = [
    ...visible.filter((n) => n[3] === "main").map(link),
    more.length
      ? h("details", { class: "nav-more", id: "nav-more" },
        h("summary", { class: more.some(([r]) => r === currentRoute()) ? "current" : null }, t("common.nav.more")),
        h("div", { class: "nav-menu" }, more.map(link)))
      : null,
  ];
  const langSwitch = h(
    "div",
    { class: "segmented", role: "group", "aria-label": t("common.language") },
    ["zh-CN", "en"].map((lang) =>
      h(
        "button",
        { type: "button", lang, "aria-pressed": String(language() === lang), "data-lang": lang, onclick: () => changeLanguage(lang) },
        lang === "zh-CN" ? "中文" : "English",
      ),
    ),
  );
  replace(
    bar,
    h("a", { class: "brand", href: "#/" },
      h("img", { class: "brand-mark", src: "img/logo.svg", alt: "" }),
      h("span", {}, t("common.app_name"))),
    sessionTools(),
    h("div", { class: "tools" }, displayMenu(html), langSwitch),
    // The navigation has a row of its own under the brand and the tools.
    h("nav", { "aria-label": t("common.nav.label") }, sessionGate() ? navLinks : null),
  );
}

/** Whether the navigation may show (an agent logged in, or a kiosk visitor who pressed Start). */
function sessionGate() {
  return redirectFor(currentRoute() || "/") === null && !["/setup", "/login", "/attract"].includes(currentRoute());
}

/** Agent: who is advising (name and licence number, NFRA art. 24) and Lock. Kiosk: Ask an agent
 * and End and clear my data, always visible. */
function sessionTools() {
  const s = session();
  if (s.mode === "kiosk") {
    // Asking for an agent also starts a visit; before that there is nothing to clear.
    const ask = () => {
      startVisit();
      navigate("/ask-agent");
    };
    return h("div", { class: "session-tools" },
      h("button", { type: "button", class: "btn btn-accent", id: "ask-agent", onclick: ask }, t("kiosk.ask_agent")),
      visitStarted()
        ? h("button", { type: "button", class: "btn btn-danger", id: "end-and-clear", onclick: () => confirmEndAndClear() }, t("kiosk.end_and_clear"))
        : null);
  }
  if (!s.agent) {
    syncIndicator(false);
    return null;
  }
  return h("div", { class: "session-tools" },
    // Where the fleet sync stands, only on a device that is part of a fleet.
    syncIndicator(true),
    h("span", { class: "agent-id", id: "agent-id" },
      h("strong", {}, s.agent.name), " ",
      h("span", {}, t("access.licence", { licence: s.agent.licence_number }))),
    h("button", { type: "button", class: "btn btn-ghost", id: "lock-now", onclick: () => lockNow() }, t("access.lock")));
}

/** Switches the interface language, remembered by the backend; the screen keeps its place. */
export async function changeLanguage(lang) {
  if (lang === language()) return;
  try {
    await call("set_language", { language: lang });
  } catch (err) {
    showError(err);
  }
  await setLanguage(lang);
}

