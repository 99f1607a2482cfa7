// The hash router: route patterns to screen modules, `navigate`, and rendering the screen of the
// current address (behind the session's route guard). Screens live in screens/*.js (the
// consultation flow in consult/flow.js) and export render(main, params) -> optional cleanup.
// Only this module imports a screen.

import { h, replace } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { redirectFor } from "./session.js";

/** Route patterns -> screen modules. Add a screen here and, if it belongs in the bar, in NAV
 * (shell/app-bar.js). */
const ROUTES = [
  ["/", () => import("../screens/home.js")],
  ["/setup", () => import("../screens/setup.js")],
  ["/login", () => import("../screens/login.js")],
  ["/attract", () => import("../screens/attract.js")],
  ["/ask-agent", () => import("../screens/ask-agent.js")],
  ["/leads", () => import("../screens/leads.js")],
  ["/privacy", () => import("../screens/privacy.js")],
  ["/products", () => import("../screens/products.js")],
  ["/product/:id", () => import("../screens/product.js")],
  ["/clause/:id", () => import("../screens/clause.js")],
  ["/present/:productId/:index", () => import("../screens/present.js")],
  ["/consult/:consultationId/present/:productId/:index", () => import("../screens/present.js")],
  ["/search", () => import("../screens/search.js")],
  ["/assess", () => import("../screens/assess.js")],
  ["/assess/:id/result", () => import("../screens/assess-result.js")],
  ["/assess/:id", () => import("../screens/assess-form.js")],
  ["/assess/:id/:section", () => import("../screens/assess-form.js")],
  ["/glossary", () => import("../screens/glossary.js")],
  ["/admin/content", () => import("../screens/content-admin.js")],
  ["/admin/agents", () => import("../screens/agents.js")],
  ["/admin/sync", () => import("../screens/sync.js")],
  ["/consult", () => import("../consult/flow.js")],
  ["/consult/:step", () => import("../consult/flow.js")],
  ["/records", () => import("../screens/records.js")],
  ["/followups", () => import("../screens/followups.js")],
  ["/record/:id", () => import("../screens/record.js")],
  ["/record/:id/print", () => import("../screens/record-print.js")],
];

const state = { route: null, cleanup: null, onRoute: () => {} };

/** Goes to a route, e.g. navigate("/product/term-life"). */
export function navigate(path) {
  location.hash = `#${path}`;
}

/** The pattern of the route on screen (e.g. "/record/:id"), or null before the first. */
export function currentRoute() {
  return state.route;
}

/** Calls `fn` each time a route is about to render (the app bar redraws its links). */
export function onRoute(fn) {
  state.onRoute = fn;
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

/** Renders the screen of the current address; `keepFocus` after a language switch. */
export async function renderRoute({ keepFocus = false } = {}) {
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
  state.onRoute();
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
