// The agent's PIN login: choose the profile, enter the PIN on a pad of large keys (or the
// keyboard). Five wrong PINs lock the profile (5 minutes, then 30, then until a supervisor
// unlocks it), also across restarts. A profile whose licence head office revoked says so, with
// the reason; an agent head office added enters the initial PIN it gave, then chooses their own
// on the same pad (typed twice). On a temporary database (the records file could not be
// used) there is nobody to log in as: the screen says so and shows no PIN pad.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, errorMessage, formatDate } from "../i18n.js";
import { session, refreshSession, afterLogin } from "../shell/session.js";
import { navigate } from "../shell/router.js";
import { showError } from "../shell/toast.js";

let chosen = null;

/** Why a revoked profile can no longer log in: when, and head office's reason. */
function revokedText(at, reason) {
  const date = at ? formatDate(at) : "";
  return reason
    ? t("access.login.revoked", { date, reason })
    : t("access.login.revoked_no_reason", { date });
}

/** "Locked until 10:35", or until a supervisor unlocks it. */
function lockedText(untilMs) {
  return untilMs == null
    ? t("access.login.locked_until_unlocked")
    : t("access.login.locked", { time: new Date(untilMs).toLocaleTimeString() });
}

export async function render(main) {
  if (session().temporary_database) {
    main.append(
      h("section", { class: "access-screen login stack", id: "temporary-database" },
        h("h1", {}, t("access.login.temporary_title")),
        h("p", { class: "notice notice-warn" }, t("access.login.temporary"))),
    );
    return;
  }
  let agents = [];
  try {
    agents = await call("list_agents");
  } catch (err) {
    main.append(h("h1", {}, t("access.login.title")), h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  // The list waits for the deferred integrity check: if it found the file damaged, the screen
  // has been drawn again for the temporary database meanwhile; this stale one adds nothing.
  if (session().temporary_database) return;
  if (!agents.some((a) => a.id === chosen)) chosen = agents.length ? agents[0].id : null;
  let pin = "";
  const dots = h("output", { class: "pin-dots", id: "pin-dots", "aria-live": "polite", "aria-label": t("access.login.pin") });
  const message = h("p", { class: "login-message", role: "alert", id: "login-message" });
  const showDots = () => replace(dots, pin ? "●".repeat(pin.length) : h("span", { class: "muted" }, t("access.login.enter_pin")));
  // The first login of an agent head office added: after the initial PIN, the pad takes the new
  // PIN, then the same again.
  let initial = null;
  let fresh = null;
  const lockedNote = () => {
    const a = agents.find((x) => x.id === chosen);
    if (a && a.revoked_at) {
      message.textContent = revokedText(a.revoked_at, a.revoked_reason);
    } else if (a && a.locked && (a.locked_until_ms == null || a.locked_until_ms > Date.now())) {
      message.textContent = lockedText(a.locked_until_ms);
    } else {
      message.textContent = "";
    }
  };
  const submit = async () => {
    if (pin.length < 6 || chosen == null) {
      message.textContent = t("access.login.too_short");
      return;
    }
    const entered = pin;
    pin = "";
    showDots();
    if (initial != null && fresh == null) {
      fresh = entered;
      message.textContent = t("access.login.repeat_pin");
      return;
    }
    if (initial != null && entered !== fresh) {
      fresh = null;
      message.textContent = t("access.login.pins_differ");
      return;
    }
    try {
      const out = initial != null
        ? await call("first_pin", { agentId: chosen, pin: initial, newPin: entered })
        : await call("login", { agentId: chosen, pin: entered });
      initial = null;
      fresh = null;
      if (out.status === "must_change_pin") {
        initial = entered;
        message.textContent = t("access.login.must_change");
        return;
      }
      if (out.status === "revoked") {
        message.textContent = revokedText(out.revoked_at, out.because);
        const a = agents.find((x) => x.id === chosen);
        if (a) Object.assign(a, { revoked_at: out.revoked_at, revoked_reason: out.because });
        return;
      }
      if (out.status === "ok") {
        await refreshSession();
        navigate(afterLogin());
        return;
      }
      if (out.status === "wrong_pin") {
        message.textContent = t("access.login.wrong_pin", { left: out.attempts_left });
      } else if (out.status === "locked") {
        message.textContent = lockedText(out.until_ms);
        const a = agents.find((x) => x.id === chosen);
        if (a) Object.assign(a, { locked: true, locked_until_ms: out.until_ms });
      }
    } catch (err) {
      initial = null;
      fresh = null;
      showError(err);
    }
  };
  const press = (d) => {
    if (pin.length < 12) pin += d;
    showDots();
  };
  const back = () => {
    pin = pin.slice(0, -1);
    showDots();
  };
  const key = (label, onclick, attrs = {}) => h("button", { type: "button", class: "btn btn-secondary pin-key", onclick, ...attrs }, label);
  const pad = h("div", { class: "pin-pad", role: "group", "aria-label": t("access.login.keypad") },
    ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => key(d, () => press(d), { "data-digit": d })),
    key("⌫", back, { "aria-label": t("access.login.delete"), "data-key": "back" }),
    key("0", () => press("0"), { "data-digit": "0" }),
    key(t("access.login.ok"), submit, { class: "btn btn-primary pin-key", "data-key": "ok" }));
  const onKey = (e) => {
    if (/^[0-9]$/.test(e.key)) press(e.key);
    else if (e.key === "Backspace") back();
    else if (e.key === "Enter") submit();
    else return;
    e.preventDefault();
  };
  document.addEventListener("keydown", onKey);
  const picker = agents.length > 1
    ? h("div", { class: "segmented agent-picker", role: "group", "aria-label": t("access.login.who") },
      agents.map((a) => h("button", {
        type: "button", "aria-pressed": String(a.id === chosen), "data-agent": a.id,
        onclick: (e) => {
          chosen = a.id;
          initial = null;
          fresh = null;
          for (const b of e.currentTarget.parentElement.children) b.setAttribute("aria-pressed", String(b === e.currentTarget));
          lockedNote();
        },
      }, a.name)))
    : agents.length === 1 ? h("p", { class: "lead" }, t("access.login.as", { name: agents[0].name, licence: agents[0].licence_number })) : null;
  main.append(
    h("section", { class: "access-screen login stack" },
      h("h1", {}, t("access.login.title")),
      picker, dots, message, pad),
  );
  showDots();
  lockedNote();
  return () => document.removeEventListener("keydown", onKey);
}
