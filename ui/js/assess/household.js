// The household policy review under the family result: compute_review on the draft's answers
// (kept with an agent's consultation, only shown at a kiosk), or what to answer first when the
// household has no members yet, or the row to correct.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { reviewView } from "../record/review.js";

// The last review per questionnaire and the answers it was made from: a re-render (a language
// switch) shows it again instead of keeping one more identical review; changed answers make a
// new one.
const last = new Map();

/** A container that fills itself with the review of questionnaire `id`; `answers` are the
 * draft's answers as the form last read them (null: unknown, compute anew). */
export function householdReview(id, answers) {
  const box = h("div", { class: "household-review stack", id: "household-review", "aria-live": "polite" },
    h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", { class: "visually-hidden" }, t("common.loading"))));
  const key = answers ? JSON.stringify(answers) : null;
  const kept = last.get(id);
  const outcome = key && kept?.key === key
    ? Promise.resolve(kept.outcome)
    : call("compute_review", { questionnaireId: id });
  outcome.then(
    (o) => {
      last.set(id, { key, outcome: o });
      replace(box, reviewView(o.review, { saved: o.saved }));
    },
    (err) => {
      last.delete(id);
      replace(box, problem(id, err));
    });
  return box;
}

function problem(id, err) {
  if (err.code !== "invalid_input" || !err.field) {
    return h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err));
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
