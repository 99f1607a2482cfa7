// First start in agent mode: create the first agent profile (name, licence number, PIN).

import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, clearErrors, showFormError } from "../access-fields.js";
import { refreshSession } from "../session.js";
import { navigate } from "../app.js";

export async function render(main) {
  const name = field("name", "access.setup.name", { autocomplete: "name", maxlength: 60, required: true });
  const licence = field("licence_number", "access.setup.licence", { maxlength: 32, required: true }, "access.setup.licence_help");
  const pin = field("pin", "access.setup.pin", { type: "password", inputmode: "numeric", autocomplete: "new-password", maxlength: 12, required: true }, "access.setup.pin_help");
  const pin2 = field("pin2", "access.setup.pin_again", { type: "password", inputmode: "numeric", autocomplete: "new-password", maxlength: 12, required: true });
  const general = h("p", { class: "notice notice-danger", role: "alert", hidden: true });
  const form = h("form", { class: "stack card access-form", novalidate: true },
    name.el, licence.el, pin.el, pin2.el, general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary btn-lg" }, t("access.setup.create"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.hidden = true;
    general.textContent = "";
    if (pin.input.value !== pin2.input.value) {
      pin2.error.textContent = t("access.setup.pins_differ");
      pin2.input.setAttribute("aria-invalid", "true");
      pin2.input.focus();
      return;
    }
    try {
      await call("create_first_agent", {
        agent: { name: name.input.value, licence_number: licence.input.value, pin: pin.input.value },
      });
      await refreshSession();
      navigate("/");
    } catch (err) {
      general.hidden = false;
      showFormError(form, general, err);
      if (general.textContent === "") general.hidden = true;
    }
  });
  main.append(
    h("section", { class: "access-screen stack" },
      h("h1", {}, t("access.setup.title")),
      h("p", { class: "lead" }, t("access.setup.lead")),
      form),
  );
  name.input.focus();
}
