// One widget per question type. Nothing is pre-selected or pre-filled except a saved answer
// (which the backend may have taken from the client file: `prefillNote` says so).
// Each widget calls onValue(value, {debounce}) with the value in the form the backend validates
// (null removes the answer); validation itself is the backend's, shown beside the question.

import { h, dateInput } from "../dom.js";
import { t, loc } from "../i18n.js";


/** How a saved decimal answer is shown for editing: "800000.00" -> "800000". */
function editable(value) {
  if (value == null) return "";
  return String(value).replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
}

/**
 * The block of one question: label, required mark, help, widget and error line.
 * `q` is the definition, `value` the saved answer (or undefined).
 */
export function questionBlock(q, value, onValue) {
  const inputId = `q-${q.id}`;
  const errorId = `err-${q.id}`;
  const helpId = q.help ? `help-${q.id}` : null;
  const describedBy = [helpId, errorId].filter(Boolean).join(" ");
  const mark = q.required
    ? h("span", { class: "required-mark" }, h("span", { "aria-hidden": "true" }, " *"), h("span", { class: "visually-hidden" }, t("assess.form.required")))
    : h("span", { class: "optional-mark" }, " ", t("assess.form.optional"));
  const labelText = [loc(q.label), mark];
  const help = q.help ? h("p", { class: "help", id: helpId }, loc(q.help)) : null;
  const error = h("p", { class: "error", id: errorId, role: "alert", hidden: true });
  const common = { "aria-describedby": describedBy, "aria-required": q.required ? "true" : null };

  const choiceGroup = (type, options, checked) =>
    h("fieldset", { class: "field question", "data-question": q.id, "aria-describedby": describedBy },
      h("legend", { class: "label" }, labelText),
      help,
      h("div", { class: "choices" },
        options.map((o, i) =>
          h("label", { class: "choice" },
            h("input", { type, name: inputId, value: o.value, id: `${inputId}-${i}`, checked: checked(o.value) || null, "data-value": o.value, "data-exclusive": o.exclusive ? "1" : null }),
            h("span", {}, o.label)))),
      error);

  let block;
  switch (q.type) {
    case "single_choice": {
      block = choiceGroup("radio", q.options.map((o) => ({ value: o.value, label: loc(o.label) })), (v) => v === value);
      block.addEventListener("change", (e) => onValue(e.target.value));
      break;
    }
    case "yes_no": {
      const opts = [{ value: "yes", label: t("assess.form.yes") }, { value: "no", label: t("assess.form.no") }];
      block = choiceGroup("radio", opts, (v) => (v === "yes" && value === true) || (v === "no" && value === false));
      block.classList.add("yes-no");
      block.addEventListener("change", (e) => onValue(e.target.value === "yes"));
      break;
    }
    case "multiple_choice": {
      const chosen = Array.isArray(value) ? value : [];
      block = choiceGroup("checkbox", q.options.map((o) => ({ value: o.value, label: loc(o.label), exclusive: o.exclusive })), (v) => chosen.includes(v));
      block.addEventListener("change", (e) => {
        const boxes = [...block.querySelectorAll("input[type=checkbox]")];
        // "None of these" cannot go with anything else: ticking one side unticks the other.
        if (e.target.checked) {
          const exclusive = e.target.dataset.exclusive === "1";
          for (const b of boxes) if (b !== e.target && (exclusive || b.dataset.exclusive === "1")) b.checked = false;
        }
        const values = boxes.filter((b) => b.checked).map((b) => b.value);
        onValue(values.length ? values : null);
      });
      break;
    }
    case "text": {
      const max = q.max_length || 200;
      const counter = h("span", { class: "help char-count", "aria-live": "polite" });
      const long = max > 120;
      const input = h(long ? "textarea" : "input", { class: long ? "textarea" : "input", id: inputId, maxlength: max, ...common, type: long ? null : "text" });
      input.value = value ?? "";
      const count = () => (counter.textContent = t("assess.form.chars", { n: [...input.value].length, max }));
      count();
      input.addEventListener("input", () => {
        count();
        onValue(input.value.trim() ? input.value : null, { debounce: true });
      });
      input.addEventListener("change", () => onValue(input.value.trim() ? input.value : null));
      block = h("div", { class: "field question", "data-question": q.id },
        h("label", { for: inputId }, labelText), help, input, counter, error);
      break;
    }
    case "date_of_birth": {
      const input = dateInput({ class: "input input-date", id: inputId, placeholder: t("common.date_placeholder"), ...common });
      input.value = value ?? "";
      input.addEventListener("change", () => onValue(input.value || null));
      block = h("div", { class: "field question", "data-question": q.id },
        h("label", { for: inputId }, labelText), help, input, error);
      break;
    }
    default: {
      // integer, age, number, percent, money: a text field (so the backend sees what was typed and
      // can say what is wrong), with the unit beside it.
      const whole = q.type === "integer" || q.type === "age";
      const unit = q.unit ? loc(q.unit) : q.type === "age" ? t("assess.form.years_old") : q.type === "money" ? t("assess.form.yuan") : null;
      const input = h("input", { class: "input input-number", type: "text", id: inputId, inputmode: whole ? "numeric" : "decimal", autocomplete: "off", ...common });
      input.value = editable(value);
      const send = (debounce) => {
        const raw = input.value.replace(/[,，\s]/g, "");
        onValue(raw === "" ? null : whole && /^-?\d+$/.test(raw) ? Number(raw) : raw, { debounce });
      };
      input.addEventListener("input", () => send(true));
      input.addEventListener("change", () => send(false));
      block = h("div", { class: "field question", "data-question": q.id },
        h("label", { for: inputId }, labelText), help,
        h("div", { class: "input-group" }, input, unit ? h("span", { class: "unit" }, unit) : null),
        error);
    }
  }
  if (q.sensitive) block.classList.add("sensitive");
  return block;
}

/** Shows (or clears, with null) the backend's message under a question. */
export function setError(block, message) {
  const error = block.querySelector(".error");
  if (!error) return;
  error.textContent = message || "";
  error.hidden = !message;
  for (const el of block.querySelectorAll("input, textarea")) {
    if (message) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  }
}

/** The line saying an answer came from the client file (shown while `state.prefilled` lists it). */
export function prefillNote(q) {
  if (!q.prefill) return null;
  return h("p", { class: "help prefill-note", id: `prefill-${q.id}`, "data-question": q.id, hidden: true }, t("assess.form.prefilled"));
}

/**
 * The values computed from the question `q` as a stated target (years until the retirement age
 * it asks), one live line each; the form fills in their text from the state.
 */
export function derivedLines(def, q) {
  return (def.computed || [])
    .filter((c) => c.compute === "years_until" && c.of[1] === q.id)
    .map((c) => h("p", {
      class: "derived", id: `derived-${c.id}`, role: "status",
      "data-computed": c.id, "data-target": q.id, "data-label": loc(c.label),
      "data-default": c.default != null ? String(c.default) : null,
    }));
}
