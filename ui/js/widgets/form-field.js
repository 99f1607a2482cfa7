// Every form's fields: a labelled control with its help and error line, an agent profile's
// fields, clearing a form's errors, and showing a backend {code, field} error next to the field
// it names (`showFieldError`, with the records' or the access screens' messages).

import { h } from "../dom.js";
import { t, has, errorMessage } from "../i18n.js";

/**
 * A `.field` with label, control and an error line; returns {el, input, error}. `control` is an
 * element (input, textarea, select) or the attributes of a text input to make.
 */
export function field(id, labelKey, control = {}, helpKey = null) {
  let input = control;
  if (control instanceof Element) {
    input.id = id;
    input.setAttribute("aria-describedby", `${id}-error`);
  } else {
    input = h("input", { id, name: id, class: "input", "aria-describedby": `${id}-error`, ...control });
  }
  const error = h("p", { class: "error", id: `${id}-error`, role: "alert", "data-error-for": input.name || id });
  const el = h("div", { class: "field" },
    h("label", { for: id }, t(labelKey)),
    helpKey ? h("p", { class: "help" }, t(helpKey)) : null,
    input,
    error);
  return { el, input, error };
}

/**
 * A new agent profile's fields (the set-up screen and "Add an agent"): name, licence number and
 * the PIN twice. `nameAutocomplete` is "name" for one's own profile, "off" for a colleague's.
 */
export function agentFields(nameAutocomplete = "name") {
  const name = field("name", "access.setup.name", { autocomplete: nameAutocomplete, maxlength: 60, required: true });
  const licence = field("licence_number", "access.setup.licence", { maxlength: 32, required: true }, "access.setup.licence_help");
  const pinAttrs = { type: "password", inputmode: "numeric", autocomplete: "new-password", maxlength: 12, required: true };
  const pin = field("pin", "access.setup.pin", pinAttrs, "access.setup.pin_help");
  const pin2 = field("pin2", "access.setup.pin_again", pinAttrs);
  return {
    name,
    licence,
    elements: [name.el, licence.el, pin.el, pin2.el],
    /** Whether the two PINs agree; if not, says so at the second and focuses it. */
    pinsMatch() {
      if (pin.input.value === pin2.input.value) return true;
      pin2.error.textContent = t("access.setup.pins_differ");
      pin2.input.setAttribute("aria-invalid", "true");
      pin2.input.focus();
      return false;
    },
    /** The profile as `create_agent` / `create_first_agent` take it. */
    value() {
      return { name: name.input.value, licence_number: licence.input.value, pin: pin.input.value };
    },
  };
}

/** Clears every field error of a form. */
export function clearErrors(form) {
  for (const e of form.querySelectorAll(".field .error")) e.textContent = "";
  for (const i of form.querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
}

/** A message key's text if the catalogue has it, else `fallback`. */
function maybe(key, fallback, vars = {}) {
  return has(key) ? t(key, vars) : fallback;
}

/**
 * Shows a backend error next to the control whose name is the error's `field`, else in
 * `general`. The message is `<ns>.field_errors.<field>` when the catalogue has one (`ns` is
 * "records" for the records' forms, "access" for set-up, agents and ask-an-agent), with `{max}`
 * the input's own length limit (a visitor's name and an agent's differ: one limit, the field's),
 * else the error's own message; a field this form does not have is named in words
 * (`<ns>.fields.<field>`) when the catalogue can, never by its internal name.
 */
export function showFieldError(root, general, err, { ns = "records" } = {}) {
  const input = err && err.field ? root.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
  if (input) {
    input.setAttribute("aria-invalid", "true");
    const line = root.querySelector(`#${CSS.escape(input.id)}-error`);
    const max = input.maxLength > 0 ? input.maxLength : "";
    if (line) line.textContent = maybe(`${ns}.field_errors.${err.field}`, errorMessage(err), { max });
    input.focus();
    if (general) general.textContent = "";
    return;
  }
  if (!general) return;
  const message = err && err.field ? maybe(`${ns}.field_errors.${err.field}`, errorMessage(err), { max: "" }) : errorMessage(err);
  const label = err && err.field && has(`${ns}.fields.${err.field}`) ? t(`${ns}.fields.${err.field}`) : null;
  general.textContent = label ? `${label}: ${message}` : message;
}
