// The app bar's sync indicator: where the fleet sync stands (sent, waiting, failing), for an
// agent on a device that is part of a fleet (`get_sync_status().configured`); nothing at a kiosk
// or without [sync]. It reads the state when the bar is drawn and every 10 s, and redraws only
// itself; a click opens the
// admin screen (#/admin/sync). The state and the problem are decided by the backend
// (presale_fleet::status), the words here come from the catalogue.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, formatDate } from "../i18n.js";

const EVERY_MS = 10_000;
let last = null;
let timer = null;

/** The last status read (null before the first answer). */
export function syncStatus() {
  return last;
}

/** The indicator for the bar, or null; starts reading the status while an agent is logged in. */
export function syncIndicator(agentLoggedIn) {
  if (!agentLoggedIn) {
    stop();
    return null;
  }
  // Read again on every redraw of the bar (a screen changed: a save may have added a row).
  refresh();
  if (!timer) timer = setInterval(refresh, EVERY_MS);
  return draw(last);
}

function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  last = null;
}

/** Reads the status now and redraws the indicator in place. */
export async function refresh() {
  try {
    last = await call("get_sync_status");
  } catch {
    // Locked meanwhile, or a kiosk: show nothing rather than an error in the bar.
    last = null;
  }
  const old = document.getElementById("sync-indicator");
  const next = draw(last);
  if (old && next) old.replaceWith(next);
  else if (old) old.remove();
  else if (next) document.querySelector(".app-bar .session-tools")?.prepend(next);
  return last;
}

function draw(s) {
  if (!s || !s.configured) return null;
  const text = s.state === "waiting" ? t("fleet.indicator.waiting", { count: s.waiting }) : t(`fleet.indicator.${s.state}`);
  const since = s.last_success_at ? ` (${t("fleet.screen.last_success_label")}: ${formatDate(s.last_success_at, { time: true })})` : "";
  return h("a", {
    href: "#/admin/sync",
    id: "sync-indicator",
    class: `sync-indicator sync-${s.state}`,
    "data-state": s.state,
    "data-waiting": String(s.waiting),
    title: `${text}${since}`,
    "aria-label": t("fleet.indicator.label", { state: text }),
  },
  h("span", { class: "sync-dot", "aria-hidden": "true" }),
  h("span", { class: "sync-text" }, text));
}
