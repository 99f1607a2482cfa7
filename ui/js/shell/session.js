// The session as the backend reports it (mode, who is logged in), the route guard that picks the
// first screen, the agent's auto-lock and the kiosk's idle reset. The backend decides the role;
// this only chooses what to show.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

const state = {
  // The window's mode as get_home reported it at start ("agent" or "kiosk").
  mode: "agent",
  session: { mode: "agent", agent_exists: true, agent: null, locked: true, timeouts: {} },
  // Kiosk: whether the visitor pressed Start (the attract screen comes first).
  started: false,
  // Agent: where to go back to after the PIN.
  returnTo: "/",
};

/** Screens an agent reaches only logged in, and the kiosk never. */
const AGENT_ONLY = ["/setup", "/login", "/leads", "/consult", "/records", "/followups", "/record", "/admin"];

/** Whether a route (or one under it, such as /record/12) is for agents only. */
function agentOnly(path) {
  return AGENT_ONLY.some((r) => path === r || path.startsWith(`${r}/`));
}

/** The window's mode ("agent" or "kiosk"). */
export function mode() {
  return state.mode;
}

/** Sets the window's mode (once, at start, from get_home). */
export function setMode(value) {
  state.mode = value;
}

/** The session last loaded. */
export function session() {
  return state.session;
}

/** Reloads the session from the backend. */
export async function refreshSession() {
  state.session = await call("get_session");
  return state.session;
}

/** Marks the kiosk visitor as started (Start, or Ask an agent, on the attract screen) and arms
 * the idle reset. */
export function startVisit() {
  state.started = true;
  document.dispatchEvent(new Event("presale:visit-started"));
}

/** Kiosk: whether a visitor has started (before that there is nothing of theirs to clear). */
export function visitStarted() {
  return state.started;
}

/** The route to show instead of `path`, or null to show `path`. */
export function redirectFor(path) {
  const s = state.session;
  if (s.mode === "kiosk") {
    if (!state.started) return path === "/attract" ? null : "/attract";
    return agentOnly(path) || path === "/attract" ? "/" : null;
  }
  // A temporary database has no agent and keeps nothing: never the set-up form nor a PIN pad,
  // only the login screen saying what it is (the start-up notice offers the restore).
  if (s.temporary_database) return path === "/login" ? null : "/login";
  if (!s.agent_exists) return path === "/setup" ? null : "/setup";
  if (!s.agent) {
    if (path !== "/login") state.returnTo = path === "/setup" ? "/" : path;
    return path === "/login" ? null : "/login";
  }
  return ["/setup", "/login", "/attract"].includes(path) ? "/" : null;
}

/** Where to go after a successful login: the screen that was open when the window locked. */
export function afterLogin() {
  const to = state.returnTo || "/";
  state.returnTo = "/";
  return to;
}

/** Locks the agent's window now; the consultation in progress stays saved in the database. */
export async function lockNow() {
  try {
    await call("lock_now");
  } finally {
    await refreshSession();
    location.hash = "#/login";
  }
}

/** Set across the reload after a visitor's own "End and clear", so the attract screen can say
 * it is done. It holds no data of the visitor's. */
export const CLEARED_FLAG = "presale.visit_cleared";

/**
 * Kiosk "End and clear my data" (and the idle timeout): deletes the visitor's drafts in the
 * backend, then reloads the page so no answer, search or clause state survives in any module.
 * `told`: the visitor asked for it, so the attract screen confirms it was done.
 */
export async function endAndClear({ told = false } = {}) {
  try {
    await call("reset_visitor");
  } finally {
    try {
      sessionStorage.clear();
      localStorage.clear();
      if (told) sessionStorage.setItem(CLEARED_FLAG, "1");
    } catch (_) {
      // Storage may be unavailable; nothing of the visitor's is kept there anyway.
    }
    location.hash = "#/attract";
    location.reload();
  }
}

/**
 * The visitor's "End and clear my data" button: says what will be deleted and what is kept (a
 * call-back request they agreed to), and clears only when they confirm.
 */
export function confirmEndAndClear() {
  document.querySelector("dialog#end-dialog")?.remove();
  const stay = h("button", { type: "button", class: "btn btn-secondary btn-lg", id: "end-cancel" }, t("kiosk.end_confirm.stay"));
  const clear = h("button", { type: "button", class: "btn btn-danger btn-lg", id: "end-confirm" }, t("kiosk.end_confirm.clear"));
  const dialog = h("dialog", { class: "dialog", id: "end-dialog", "aria-labelledby": "end-title" },
    h("h2", { id: "end-title" }, t("kiosk.end_confirm.title")),
    h("p", {}, t("kiosk.end_confirm.body")),
    h("p", { class: "muted" }, t("kiosk.end_confirm.kept")),
    h("div", { class: "actions" }, stay, clear));
  stay.addEventListener("click", () => dialog.close());
  clear.addEventListener("click", () => {
    clear.disabled = true;
    endAndClear({ told: true });
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  stay.focus();
}

const ACTIVITY = ["pointerdown", "keydown", "wheel", "touchstart"];

/** Starts the agent auto-lock or the kiosk idle reset, whichever the mode needs. */
export function startIdleWatch() {
  const s = state.session;
  if (s.mode === "kiosk") {
    watchKiosk(s.timeouts.kiosk_idle_secs || 90, s.timeouts.kiosk_warning_secs || 20);
    lockDownKiosk();
  } else {
    watchAgent(s.timeouts.agent_lock_secs || 300);
  }
}

/** The backend keeps its own idle limit (a minute past this window's); input is reported to it at
 * most every 30 s (`TOUCH_EVERY_SECS` in presale_core::service::session). */
const TOUCH_EVERY_MS = 30_000;
let lastTouch = 0;

function onActivity(fn) {
  const both = () => {
    const now = Date.now();
    if (now - lastTouch >= TOUCH_EVERY_MS) {
      lastTouch = now;
      call("touch_session").catch(() => {});
    }
    fn();
  };
  for (const ev of ACTIVITY) document.addEventListener(ev, both, { capture: true, passive: true });
}

function watchAgent(secs) {
  let timer = null;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (state.session.agent) lockNow();
    }, secs * 1000);
  };
  onActivity(arm);
  arm();
}

function watchKiosk(idleSecs, warningSecs) {
  let idle = null;
  let warning = null;
  const arm = () => {
    clearTimeout(idle);
    // Nothing to clear while the attract screen shows.
    if (!state.started) return;
    idle = setTimeout(() => stillThere(warningSecs, (w) => (warning = w)), idleSecs * 1000);
  };
  onActivity(() => {
    if (warning) return; // the dialog's own button answers; a touch on it counts below
    arm();
  });
  document.addEventListener("presale:visit-started", arm);
  stillThere.onAnswer = () => {
    warning = null;
    arm();
  };
  arm();
}

/** The "Still there?" dialog with its countdown; a touch anywhere keeps the session. */
function stillThere(secs, setWarning) {
  let left = secs;
  const count = h("p", { class: "countdown", "aria-live": "polite" }, t("kiosk.still_there_body", { seconds: left }));
  const stay = h("button", { type: "button", class: "btn btn-primary btn-lg", id: "still-here" }, t("kiosk.still_here"));
  const dialog = h("dialog", { class: "dialog still-there", "aria-labelledby": "still-there-title" },
    h("h2", { id: "still-there-title" }, t("kiosk.still_there")),
    count,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn btn-danger btn-lg", onclick: () => finish(true, true) }, t("kiosk.end_and_clear")),
      stay));
  let tick = null;
  // `told`: the visitor pressed "End and clear" here (the countdown running out tells no one).
  const finish = (clear, told = false) => {
    clearInterval(tick);
    dialog.close();
    dialog.remove();
    if (clear) endAndClear({ told });
    else stillThere.onAnswer();
  };
  stay.addEventListener("click", () => finish(false));
  dialog.addEventListener("pointerdown", (e) => {
    if (e.target === dialog) finish(false);
  });
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    finish(false);
  });
  document.body.append(dialog);
  dialog.showModal();
  stay.focus();
  setWarning(dialog);
  tick = setInterval(() => {
    left -= 1;
    count.textContent = t("kiosk.still_there_body", { seconds: Math.max(left, 0) });
    if (left <= 0) finish(true);
  }, 1000);
}
stillThere.onAnswer = () => {};

/** No context menu, no reload or zoom keys, no developer keys at a kiosk. */
function lockDownKiosk() {
  document.addEventListener("contextmenu", (e) => e.preventDefault());
  document.addEventListener("keydown", (e) => {
    const k = e.key.toLowerCase();
    const ctrl = e.ctrlKey || e.metaKey;
    const blocked =
      ["f5", "f11", "f12", "browserrefresh"].includes(k) ||
      (ctrl && ["r", "+", "-", "=", "0", "p", "s", "o", "w", "n", "t", "u"].includes(k)) ||
      (ctrl && e.shiftKey && ["i", "j", "c"].includes(k)) ||
      (e.altKey && ["arrowleft", "arrowright", "home"].includes(k));
    if (blocked) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, { capture: true });
  // Ctrl + wheel and pinch zoom.
  document.addEventListener("wheel", (e) => {
    if (e.ctrlKey) e.preventDefault();
  }, { passive: false, capture: true });
  document.addEventListener("gesturestart", (e) => e.preventDefault());
}
