// Agent administration (agent mode, logged in): every profile with its role and lock, adding an
// agent (a supervisor may add a supervisor), lifting a colleague's lock after wrong PINs (a
// supervisor only, never their own), and changing one's own PIN.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, errorMessage, formatDate } from "../i18n.js";
import { field, agentFields, clearErrors, showFieldError } from "../widgets/form-field.js";
import { session, refreshSession } from "../shell/session.js";
import { navigate } from "../shell/router.js";
import { showError, toast } from "../shell/toast.js";

// What was typed in "Add an agent" (never the PINs), so a language switch keeps it.
const draft = { name: "", licence: "" };

export async function render(main) {
  const list = h("div", { class: "agents-list", id: "agents-list" }, h("p", { class: "loading" }, h("span", { class: "spinner", "aria-hidden": "true" }), t("common.loading")));
  main.append(
    h("section", { class: "agents-screen stack" },
      h("h1", {}, t("access.agents.title")),
      h("p", { class: "lead" }, t("access.agents.lead")),
      h("section", { class: "stack", "aria-labelledby": "agents-profiles" },
        h("h2", { id: "agents-profiles" }, t("access.agents.profiles")),
        list),
      addForm(list),
      pinForm()),
  );
  await load(list);
}

/** Loads the profiles into `list`. */
async function load(list) {
  let agents = [];
  try {
    agents = await call("list_agents");
  } catch (err) {
    list.replaceChildren(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  const me = session().agent;
  const when = (ms) => formatDate(new Date(ms).toISOString(), { time: true });
  // The backend decides; the button is shown only where it can succeed.
  const canUnlock = (a) => a.locked && me && me.supervisor && me.id !== a.id;
  list.replaceChildren(
    h("table", { class: "table agents-table" },
      h("thead", {}, h("tr", {},
        ["name", "licence", "role", "status", "last_login", "action"].map((c) => h("th", { scope: "col" }, t(`access.agents.col.${c}`))))),
      h("tbody", {}, agents.map((a) => h("tr", { "data-agent": a.id, "data-locked": String(a.locked) },
        // Typed by an agent: always text.
        h("td", { class: "agent-name" }, a.name, me && me.id === a.id ? h("span", { class: "badge badge-info agent-me" }, t("access.agents.me")) : null),
        h("td", {}, a.licence_number),
        h("td", { class: "agent-role" }, t(a.supervisor ? "access.agents.supervisor" : "access.agents.agent")),
        h("td", { class: "agent-status" }, a.revoked_at
          ? h("span", { class: "badge badge-warn", title: a.revoked_reason || "" },
            t("access.agents.revoked", { date: formatDate(a.revoked_at) }))
          : a.locked
          ? h("span", { class: "badge badge-warn" }, a.locked_until_ms == null
            ? t("access.agents.locked_until_unlocked")
            : t("access.agents.locked_until", { time: when(a.locked_until_ms) }))
          : h("span", { class: "badge badge-ok" }, t("access.agents.active"))),
        // The agent logged in here: their login is the current one.
        h("td", { class: "agent-last-login" }, me && me.id === a.id && a.last_login_at
          ? t("access.agents.now", { time: formatDate(a.last_login_at, { time: true }) })
          : a.last_login_at ? formatDate(a.last_login_at, { time: true }) : t("access.agents.never")),
        h("td", {}, canUnlock(a)
          ? h("button", { type: "button", class: "btn btn-secondary", "data-unlock": a.id,
            "aria-label": t("access.agents.unlock_who", { name: a.name }),
            onclick: () => unlock(list, a) }, t("access.agents.unlock"))
          : null))))));
}

async function unlock(list, agent) {
  try {
    await call("unlock_agent", { id: agent.id });
    toast(t("access.agents.unlocked", { name: agent.name }));
  } catch (err) {
    // Not locked any more (the lock ran out meanwhile): say so, and show the list as it is.
    if (err && err.field === "id") toast(t("access.agents.not_locked", { name: agent.name }));
    // A supervisor unlocking a colleague is refused only for a lock caused in their session.
    else if (err && err.code === "forbidden") {
      const me = session().agent;
      toast(me && me.supervisor ? t("access.agents.unlock_own_session", { name: agent.name }) : t("access.agents.supervisor_only"), "error");
    } else showError(err);
  }
  await load(list);
}

/** "Add an agent": the set-up form's fields, calling create_agent. */
function addForm(list) {
  const agent = agentFields("off");
  const { name, licence } = agent;
  name.input.value = draft.name;
  licence.input.value = draft.licence;
  name.input.addEventListener("input", () => { draft.name = name.input.value; });
  licence.input.addEventListener("input", () => { draft.licence = licence.input.value; });
  const general = h("p", { class: "notice notice-danger", role: "alert", hidden: true });
  const me = session().agent;
  // Only a supervisor may make another (the backend refuses anyone else).
  const supervisor = me && me.supervisor ? h("input", { type: "checkbox", id: "supervisor", name: "supervisor" }) : null;
  const form = h("form", { class: "stack card access-form", id: "add-agent", novalidate: true, "aria-labelledby": "add-agent-title" },
    h("h2", { id: "add-agent-title" }, t("access.agents.add")),
    agent.elements,
    supervisor ? h("label", { class: "check", for: "supervisor" }, supervisor, h("span", {}, t("access.agents.make_supervisor"))) : null,
    general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary" }, t("access.agents.add_submit"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.hidden = true;
    general.textContent = "";
    if (!agent.pinsMatch()) return;
    try {
      const created = await call("create_agent", { agent: { ...agent.value(), supervisor: !!(supervisor && supervisor.checked) } });
      form.reset();
      draft.name = "";
      draft.licence = "";
      toast(t("access.agents.added", { name: created.name }));
      await load(list);
    } catch (err) {
      showFieldError(form, general, err, { ns: "access" });
      general.hidden = general.textContent === "";
    }
  });
  return form;
}

/** "Change my PIN": the current PIN (checked like a login) and the new one twice. */
function pinForm() {
  const pinAttrs = { type: "password", inputmode: "numeric", maxlength: 12, required: true };
  const current = field("current_pin", "access.agents.current_pin", { ...pinAttrs, autocomplete: "current-password" });
  const next = field("new_pin", "access.agents.new_pin", { ...pinAttrs, autocomplete: "new-password" }, "access.setup.pin_help");
  const next2 = field("new_pin2", "access.agents.new_pin_again", { ...pinAttrs, autocomplete: "new-password" });
  const general = h("p", { class: "notice notice-danger", role: "alert", hidden: true });
  const form = h("form", { class: "stack card access-form", id: "change-pin", novalidate: true, "aria-labelledby": "change-pin-title" },
    h("h2", { id: "change-pin-title" }, t("access.agents.change_pin")),
    current.el, next.el, next2.el, general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary" }, t("access.agents.change_pin_submit"))));
  const fail = (f, text) => {
    f.error.textContent = text;
    f.input.setAttribute("aria-invalid", "true");
    f.input.focus();
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.hidden = true;
    general.textContent = "";
    // Checked here so that an unfinished entry does not cost one of the five tries.
    if (current.input.value.length < 6) return fail(current, t("access.login.too_short"));
    if (next.input.value !== next2.input.value) return fail(next2, t("access.setup.pins_differ"));
    try {
      const out = await call("change_pin", { currentPin: current.input.value, newPin: next.input.value });
      if (out.status === "ok") {
        form.reset();
        toast(t("access.agents.pin_changed"));
      } else if (out.status === "wrong_pin") {
        current.input.value = "";
        fail(current, t("access.login.wrong_pin", { left: out.attempts_left }));
      } else {
        // Locked by wrong PINs: the backend has locked the session too.
        await refreshSession();
        navigate("/login");
      }
    } catch (err) {
      showFieldError(form, general, err, { ns: "access" });
      general.hidden = general.textContent === "";
    }
  });
  return form;
}
