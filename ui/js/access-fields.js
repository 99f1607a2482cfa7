// Form fields for the access screens (set-up, login, ask an agent): a labelled input with its
// error line, and showing a backend {code, field} error next to the field it names.

import { h } from "./dom.js";
import { t, errorMessage } from "./i18n.js";

/** A `.field` with label, input and an error line; returns {el, input, error}. */
export function field(id, labelKey, attrs = {}, helpKey = null) {
  const input = h("input", { id, name: id, class: "input", "aria-describedby": `${id}-error`, ...attrs });
  const error = h("p", { class: "error", id: `${id}-error`, role: "alert" });
  const el = h("div", { class: "field" },
    h("label", { for: id }, t(labelKey)),
    helpKey ? h("p", { class: "help" }, t(helpKey)) : null,
    input,
    error);
  return { el, input, error };
}

/** Clears every field error of a form. */
export function clearErrors(form) {
  for (const e of form.querySelectorAll(".field .error")) e.textContent = "";
  for (const i of form.querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
}

/**
 * Shows an error: next to its field when the backend named one this form has (message from the
 * catalogue `access.field_errors.<field>`), else in the form's general alert.
 */
export function showFormError(form, general, err) {
  const input = err && err.field ? form.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
  if (input) {
    input.setAttribute("aria-invalid", "true");
    const line = form.querySelector(`#${CSS.escape(input.id)}-error`);
    const key = `access.field_errors.${err.field}`;
    const text = t(key);
    if (line) line.textContent = text === key ? errorMessage(err) : text;
    input.focus();
    return;
  }
  general.textContent = errorMessage(err);
}
