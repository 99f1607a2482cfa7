// Short messages at the window's foot (`#toasts`), and errors shown that way in the current
// language: `toast` for news, `showError` for an ApiError a screen has no better place for.

import { h } from "../dom.js";
import { errorMessage } from "../i18n.js";

/** Shows a short message; kind is "info" or "error". */
export function toast(message, kind = "info") {
  const el = h("div", { class: `toast toast-${kind}` }, message);
  document.getElementById("toasts").append(el);
  setTimeout(() => el.remove(), kind === "error" ? 8000 : 4000);
}

/** Shows an ApiError as a toast in the current language. */
export function showError(err) {
  console.error(err);
  toast(errorMessage(err), "error");
}
