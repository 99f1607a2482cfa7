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
 * A date field written YYYY-MM-DD whatever the language. WebKitGTK's own date input follows the
 * system locale (MM/DD/YYYY on most machines), which a Chinese client misreads and which
 * contradicts the help text; the backend checks the value and names the field if it is wrong.
 * Pass a `placeholder` in the interface language (`common.date_placeholder`).
 */
export function dateInput(attrs = {}) {
  return h("input", {
    type: "text", inputmode: "numeric", maxlength: 10, autocomplete: "off", spellcheck: "false",
    pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}", ...attrs,
  });
}
