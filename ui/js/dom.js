// Small DOM helpers. Text always goes in as text nodes; only backend-sanitised content HTML may be
// set as HTML, through setContentHtml, so nothing a person typed can become markup.

/**
 * Creates an element: h("button", {class: "btn", onclick: fn}, "label", child...).
 * Attributes starting with "on" become listeners; strings become text nodes.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Sets HTML that the backend rendered from content files and sanitised with ammonia.
 * Never pass anything a person typed.
 */
export function setContentHtml(el, sanitisedHtml) {
  el.innerHTML = sanitisedHtml;
  return el;
}

/** Text with highlighted parts: parts is [{text, hit}], as search snippets come. */
export function highlighted(parts) {
  return parts.map((p) => (p.hit ? h("mark", {}, p.text) : document.createTextNode(p.text)));
}

/**
 * A date field, year first whatever the language. WebKitGTK's own date input follows the
 * system locale (MM/DD/YYYY on most machines), which a Chinese client misreads and which
 * contradicts the help text. People may type 1988-03-15, 1988/3/15, 1988.3.15, 19880315 or
 * 1988年3月15日: the backend (presale_core::date) reads them all, stores 1988-03-15 and names the
 * field when the text really is no date. Pass a `placeholder` in the interface language
 * (`common.date_placeholder`).
 */
export function dateInput(attrs = {}) {
  return h("input", {
    type: "text", inputmode: "numeric", maxlength: 16, autocomplete: "off", spellcheck: "false", ...attrs,
  });
}
