// The app shell: hash router, app bar (navigation, language, type size, contrast) and toasts.
// Screens live in screens/*.js and export render(main, params) -> optional cleanup function.

import { call } from "./api.js";
import { h, replace } from "./dom.js";
import { t, setLanguage, language, errorMessage, onLanguageChange } from "./i18n.js";
import { session, refreshSession, redirectFor, startIdleWatch, lockNow, confirmEndAndClear, startVisit, visitStarted } from "./session.js";
import { showStartupProblem } from "./startup-problem.js";

/** Route patterns -> screen modules. Add a screen here and, if it belongs in the bar, in NAV. */
const ROUTES = [
  ["/", () => import("./screens/home.js")],
  ["/setup", () => import("./screens/setup.js")],
  ["/login", () => import("./screens/login.js")],
  ["/attract", () => import("./screens/attract.js")],
  ["/ask-agent", () => import("./screens/ask-agent.js")],
  ["/leads", () => import("./screens/leads.js")],
  ["/privacy", () => import("./screens/privacy.js")],
  ["/products", () => import("./screens/products.js")],
  ["/product/:id", () => import("./screens/product.js")],
  ["/clause/:id", () => import("./screens/clause.js")],
  ["/present/:productId/:index", () => import("./screens/present.js")],
  ["/consult/:consultationId/present/:productId/:index", () => import("./screens/present.js")],
  ["/search", () => import("./screens/search.js")],
  ["/assess", () => import("./screens/assess.js")],
  ["/assess/:id/result", () => import("./screens/assess-result.js")],
  ["/assess/:id", () => import("./screens/assess-form.js")],
  ["/assess/:id/:section", () => import("./screens/assess-form.js")],
  ["/glossary", () => import("./screens/glossary.js")],
  ["/admin/content", () => import("./screens/content-admin.js")],
  ["/admin/agents", () => import("./screens/agents.js")],
  ["/consult", () => import("./screens/consult.js")],
  ["/consult/:step", () => import("./screens/consult.js")],
  ["/records", () => import("./screens/records.js")],
  ["/followups", () => import("./screens/followups.js")],
  ["/record/:id", () => import("./screens/record.js")],
  ["/record/:id/print", () => import("./screens/record-print.js")],
];

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
];

const state = { mode: "agent", version: "", route: null, cleanup: null };

/** Shows a short message; kind is "info" or "error". */
export function toast(message, kind = "info") {
  const el = h("div", { class: `toast toast-${kind}` }, message);
  document.getElementById("toasts").append(el);
  setTimeout(() => el.remove(), kind === "error" ? 8000 : 4000);
}

/** Shows an ApiError as a toast in the current language. */
export function showError(err) {
  console.error(err);
  toast(errorMessage(err), "error");
}

/** The session's mode ("agent" or "kiosk"). */
export function mode() {
  return state.mode;
}

/** Goes to a route, e.g. navigate("/product/term-life"). */
export function navigate(path) {
  location.hash = `#${path}`;
}

function match(path) {
  for (const [pattern, load] of ROUTES) {
    const names = [];
    const re = new RegExp(
      "^" + pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), "([^/]+)")) + "$",
    );
    const m = path.match(re);
    if (m) {
      const params = {};
      names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { pattern, load, params };
    }
  }
  return null;
}

async function renderRoute({ keepFocus = false } = {}) {
  const path = location.hash.replace(/^#/, "") || "/";
  const main = document.getElementById("main");
  // The route guard: set-up, login or the attract screen come first when the session says so.
  const redirect = redirectFor(path);
  if (redirect) {
    navigate(redirect); // the hashchange renders it
    return;
  }
  const found = match(path) || match("/");
  if (state.cleanup) {
    try { state.cleanup(); } catch (e) { console.error(e); }
    state.cleanup = null;
  }
  state.route = found.pattern;
  renderBar();
  main.setAttribute("aria-busy", "true");
  try {
    const screen = await found.load();
    main.replaceChildren();
    state.cleanup = (await screen.render(main, found.params)) || null;
  } catch (err) {
    replace(main, h("div", { class: "empty" }, h("h1", {}, t("common.error_title")), h("p", {}, errorMessage(err))));
    console.error(err);
  } finally {
    main.setAttribute("aria-busy", "false");
  }
  const heading = main.querySelector("h1");
  if (!keepFocus && heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: false });
  }
}

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

function renderBar() {
  const bar = document.getElementById("app-bar");
  const html = document.documentElement;
  const visible = NAV.filter(([, , modes]) => modes.includes(state.mode));
  const link = ([route, key]) =>
    h("a", { href: `#${route}`, "aria-current": state.route === route ? "page" : null }, t(key));
  const more = visible.filter((n) => n[3] === "more");
  const navLinks = [
    ...visible.filter((n) => n[3] === "main").map(link),
    more.length
      ? h("details", { class: "nav-more", id: "nav-more" },
        h("summary", { class: more.some(([r]) => r === state.route) ? "current" : null }, t("common.nav.more")),
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
  return redirectFor(state.route || "/") === null && !["/setup", "/login", "/attract"].includes(state.route);
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
  if (!s.agent) return null;
  return h("div", { class: "session-tools" },
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

async function start() {
  let home = { language: "zh-CN", mode: "agent", version: "" };
  try {
    home = await call("get_home");
  } catch (err) {
    console.error(err);
  }
  state.mode = home.mode;
  try {
    await refreshSession();
  } catch (err) {
    console.error(err);
  }
  startIdleWatch();
  state.version = home.version;
  document.body.dataset.mode = home.mode;
  await setLanguage(home.language);
  // A damaged or unreadable records database: a persistent notice above every screen.
  if (home.mode === "agent") showStartupProblem();
  // Switching language keeps the screen and its state: screens keep state outside the DOM.
  onLanguageChange(() => renderRoute({ keepFocus: true }));
  window.addEventListener("hashchange", () => renderRoute());
  await renderRoute();
}

// An unexpected script error must not leave a silent, frozen screen.
window.addEventListener("error", (e) => toast(`${t("common.error_title")}: ${e.message}`, "error"));
window.addEventListener("unhandledrejection", (e) => {
  console.error(e.reason);
  toast(errorMessage(e.reason || {}), "error");
});

start();
