// Pieces the clause screens share: category labels, the must-explain badge, a clause's recorded
// state, the legal | plain sections, and the glossary pop-up that `.term` buttons in content open.

import { call } from "../api.js";
import { h, replace, setContentHtml } from "../dom.js";
import { t, loc, language, errorMessage, formatDate } from "../i18n.js";

/** The translated name of a clause category. */
export function categoryLabel(category) {
  return t(`clauses.categories.${category}`);
}

/** The visible "must be explained" badge. */
export function mustBadge() {
  return h("span", { class: "badge badge-must", title: t("clauses.must_explain_hint") }, t("clauses.must_explain"));
}

/**
 * The most advanced recorded state of a clause's current wording (either language) among
 * `states` from clause_states; null when it was never shown. Rows of older wordings are ignored.
 */
export function stateOf(states, clause) {
  const hashes = Object.values(clause.hash || {});
  const rows = states.filter((s) => s.clause_id === clause.id && hashes.includes(s.content_hash));
  if (rows.length === 0) return null;
  const rank = (s) => (s.acknowledged_at ? 3 : s.explained_at ? 2 : 1);
  return rows.reduce((best, s) => (rank(s) > rank(best) ? s : best));
}

/** "acknowledged" | "explained" | "shown" | "not_shown". */
export function stateName(state) {
  if (!state) return "not_shown";
  if (state.acknowledged_at) return "acknowledged";
  if (state.explained_at) return "explained";
  return "shown";
}

/** A badge for a recorded state, or null when there is none. */
export function stateBadge(state) {
  const name = stateName(state);
  if (name === "not_shown") return null;
  const kind = name === "acknowledged" ? "badge-ok" : name === "explained" ? "badge-info" : "badge-warn";
  return h("span", { class: `badge ${kind} clause-state`, "data-state": name }, t(`clauses.state.${name}`));
}

/** A time from the record, in the current language. */
export function when(value) {
  return formatDate(value, { time: true });
}

function contentBlock(cls, headingKey, html, extra = {}) {
  const body = setContentHtml(h("div", { class: "prose" }), html);
  return h("section", { class: `clause-block ${cls}`, ...extra },
    h("h2", { class: "clause-block-title" }, t(headingKey)), body);
}

/**
 * The clause's sections in the current language: legal and plain side by side, then the example
 * and the consequence (a warning notice). The HTML is the backend's sanitised rendering.
 */
export function clauseSections(clause) {
  const s = loc(clause.sections);
  return h("div", { class: "clause-sections" },
    h("div", { class: "clause-columns" },
      contentBlock("clause-legal", "clauses.clause.legal", s.legal.html),
      contentBlock("clause-plain", "clauses.clause.plain", s.plain.html)),
    s.example ? contentBlock("clause-example", "clauses.clause.example", s.example.html) : null,
    s.consequence
      ? contentBlock("clause-consequence notice notice-warn", "clauses.clause.consequence", s.consequence.html, { role: "note" })
      : null);
}

/**
 * Makes glossary buttons inside `root` open their pop-up. Clause links (`a[data-clause]`) carry
 * an in-app href already, so they navigate by themselves. Returns a function that detaches.
 */
export function wireContent(root) {
  const onClick = (e) => {
    const button = e.target.closest("button.term[data-term]");
    if (!button || !root.contains(button)) return;
    e.preventDefault();
    openTerm(button.dataset.term, button);
  };
  root.addEventListener("click", onClick);
  return () => root.removeEventListener("click", onClick);
}

/**
 * Opens the glossary pop-up for term `id`: a native modal dialog (focus moves in, Esc closes it,
 * focus returns to `opener`).
 */
export async function openTerm(id, opener) {
  document.querySelector("dialog.term-dialog")?.remove();
  const title = h("h2", { id: "term-dialog-title", class: "term-dialog-title" }, t("clauses.term.loading"));
  const body = h("div", { class: "prose term-definition" });
  const close = h("button", { type: "button", class: "btn btn-secondary", id: "term-close" }, t("clauses.term.close"));
  const dialog = h("dialog", { class: "dialog term-dialog", "aria-labelledby": "term-dialog-title", "data-term": id },
    title, body, h("div", { class: "actions" }, close));
  close.addEventListener("click", () => dialog.close());
  // A click on the backdrop (outside the box) closes it too.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });
  // A clause link inside the definition navigates: the pop-up goes with the old screen.
  const onLeave = () => dialog.open && dialog.close();
  window.addEventListener("hashchange", onLeave);
  dialog.addEventListener("close", () => {
    window.removeEventListener("hashchange", onLeave);
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  });
  // A term inside a definition opens its own pop-up in place of this one.
  wireContent(body);
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  try {
    const term = await call("get_term", { id });
    title.textContent = loc(term.term);
    setContentHtml(body, loc(term.definition_html));
    body.setAttribute("lang", language());
  } catch (err) {
    title.textContent = t("common.error_title");
    replace(body, h("p", { role: "alert" }, errorMessage(err)));
  }
}

/** A loading indicator for a region. */
export function loading() {
  return h("div", { class: "loading", role: "status" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    h("span", { class: "visually-hidden" }, t("common.loading")));
}

/** An error notice in place of a region's content. */
export function errorNotice(err) {
  return h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err));
}
