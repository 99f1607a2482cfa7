// The agent's PIN login: choose the profile, enter the PIN on a pad of large keys (or the
// keyboard). Five wrong PINs lock the profile (5 minutes, then 30, then until a supervisor
// unlocks it), also across restarts. On a temporary database (the records file could not be
// used) there is nobody to log in as: the screen says so and shows no PIN pad.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { session, refreshSession, afterLogin } from "../shell/session.js";
import { navigate } from "../shell/router.js";
import { showError } from "../shell/toast.js";

let chosen = null;

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
  const lockedNote = () => {
    const a = agents.find((x) => x.id === chosen);
    if (a && a.locked && (a.locked_until_ms == null || a.locked_until_ms > Date.now())) {
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
    try {
      const out = await call("login", { agentId: chosen, pin: entered });
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
