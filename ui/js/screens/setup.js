// First start in agent mode: create the first agent profile (name, licence number, PIN).

import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { agentFields, clearErrors, showFieldError } from "../widgets/form-field.js";
import { refreshSession } from "../shell/session.js";
import { navigate } from "../shell/router.js";

export async function render(main) {
  const agent = agentFields();
  const general = h("p", { class: "notice notice-danger", role: "alert", hidden: true });
  const form = h("form", { class: "stack card access-form", novalidate: true },
    agent.elements, general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary btn-lg" }, t("access.setup.create"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.hidden = true;
    general.textContent = "";
    if (!agent.pinsMatch()) return;
    try {
      await call("create_first_agent", { agent: agent.value() });
      await refreshSession();
      navigate("/");
    } catch (err) {
      general.hidden = false;
      showFieldError(form, general, err, { ns: "access" });
      if (general.textContent === "") general.hidden = true;
    }
  });
  main.append(
    h("section", { class: "access-screen stack" },
      h("h1", {}, t("access.setup.title")),
      h("p", { class: "lead" }, t("access.setup.lead")),
      h("p", { class: "help", id: "setup-supervisor" }, t("access.setup.supervisor_note")),
      form),
  );
  agent.name.input.focus();
}
