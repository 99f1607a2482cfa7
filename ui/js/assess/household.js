// The household policy review under the family result: compute_review on the draft's answers
// (kept with an agent's consultation, only shown at a kiosk), or what to answer first when the
// household has no members yet, or the row to correct. Below it, the review's assumptions: an
// agent's edit recomputes the review (debounced as the family advice's) and is kept with it, so
// after a reload the edits are read back from the stored review; a kiosk shows them read only.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { mode } from "../shell/session.js";
import { reviewView, editedList } from "../record/review.js";
import { reviewOverrides, EDIT_DELAY_MS } from "./common.js";
import { assumptionsPanel, editsOf, sharesWith } from "./review-assumptions.js";

// The last review per questionnaire, the answers and edits it was made from: a re-render (a
// language switch) shows it again instead of keeping one more identical review; changed answers
// or edits make a new one.
const last = new Map();

/** A container that fills itself with the review of questionnaire `id`; `answers` are the
 * draft's answers as the form last read them (null: unknown, compute anew). */
export function householdReview(id, answers) {
  const box = h("div", { class: "household-review stack", id: "household-review", "aria-live": "polite" },
    h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", { class: "visually-hidden" }, t("common.loading"))));
  const agent = mode() === "agent";
  const edit = agent ? { overrides: {}, onEdit } : null;
  let timer = null;
  let shown = null;

  function onEdit(field, value, { debounce }, entry) {
    const next = { ...(reviewOverrides.get(id) || {}) };
    if (value == null) delete next[field];
    else next[field] = field === "income_shares" ? sharesWith(shown.review, entry.member, value) : value;
    clearTimeout(timer);
    const run = () => compute(next, entry?.key);
    if (debounce) timer = setTimeout(run, EDIT_DELAY_MS);
    else run();
  }

  async function compute(edits, focusKey) {
    const given = edits && Object.keys(edits).length ? edits : null;
    const key = answers ? JSON.stringify([answers, given]) : null;
    const kept = last.get(id);
    try {
      const o = key && kept?.key === key
        ? kept.outcome
        : await call("compute_review", { questionnaireId: id, assumptions: given });
      last.set(id, { key, outcome: o });
      reviewOverrides.set(id, editsOf(o.review));
      show(o, focusKey);
    } catch (err) {
      const el = focusKey && box.querySelector(`[data-assumption="${CSS.escape(focusKey)}"] .error`);
      if (el && err.code === "invalid_input" && err.field?.startsWith("assumptions")) {
        el.textContent = err.message;
        el.hidden = false;
        return;
      }
      last.delete(id);
      replace(box, problem(id, err, () => compute(null)));
    }
  }

  function show(o, focusKey) {
    shown = o;
    if (edit) edit.overrides = editsOf(o.review);
    // On paper the changes are said in words; the inputs are for the screen.
    const assumptions = h("div", {},
      h("div", { class: "no-print" }, assumptionsPanel(o, edit, () => compute(null))),
      h("div", { class: "print-only" }, editedList(o.review)));
    replace(box, reviewView(o.review, { saved: o.saved, assumptions }));
    const input = focusKey && box.querySelector(`[data-assumption-input="${CSS.escape(focusKey)}"]`);
    if (input) {
      input.focus();
      input.setSelectionRange?.(input.value.length, input.value.length);
    }
  }

  // The edits of this session, else those the stored review was made with (a reload).
  const known = reviewOverrides.has(id) || !agent
    ? Promise.resolve(reviewOverrides.get(id) || null)
    : call("get_review", { questionnaireId: id }).then((o) => editsOf(o?.review), () => null);
  known.then((edits) => compute(edits));
  return box;
}

function problem(id, err, resetAll) {
  if (err.code !== "invalid_input" || !err.field) {
    return h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err));
  }
  if (err.field.startsWith("assumptions")) {
    // Edits kept from before no longer fit the rows (an earner added since): restore them. The
    // income shares' message would name a row id, never shown.
    return h("div", { class: "notice notice-warn", role: "alert", id: "review-problem" },
      h("p", {}, t("advice.review.assumptions.problem"), " ", err.field.startsWith("assumptions.income_shares") ? "" : err.message),
      h("button", { type: "button", class: "btn btn-secondary", id: "reset-review-assumptions", onclick: resetAll }, t("assess.result.reset_all")));
  }
  // `members` alone: nobody entered yet; `policies[3].sum_insured`: that row's question.
  const group = /^(members|policies)\b/.exec(err.field)?.[1];
  if (err.field === "members") {
    return h("p", { class: "notice", id: "review-none" }, t("advice.review.none"), " ",
      h("a", { href: `#/assess/${id}/members`, class: "btn btn-secondary" }, t("advice.review.go_to_rows")));
  }
  return h("div", { class: "notice notice-warn", role: "alert", id: "review-problem" },
    h("p", {}, t("advice.review.problem"), " ", err.message),
    group ? h("a", { href: `#/assess/${id}/${group}`, class: "btn btn-secondary" }, t("advice.review.go_to_rows")) : null);
}
