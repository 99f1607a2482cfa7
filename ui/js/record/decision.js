// The client's decision, notes and follow-up date as inputs bound to a values object: the
// consultation's decision step and the record view's edit share them. When the analysis warned,
// "proceeds against a warning - the client's own decision" is offered, never pre-ticked.

import { h, dateInput } from "../dom.js";
import { t, loc } from "../i18n.js";

import { field } from "../widgets/form-field.js";

/** The decision, notes and follow-up inputs bound to `values`; shared with the record view. */
export function decisionFields(values, warnings) {
  const bind = (f, key, prop = "value") => {
    f.input.addEventListener("input", () => { values[key] = f.input[prop]; });
    f.input.addEventListener("change", () => { values[key] = f.input[prop]; });
    return f.el;
  };
  const decision = field("decision", "records.decision.decision", h("textarea", { name: "decision", class: "textarea", rows: 3 }, values.decision || ""), "records.decision.decision_help");
  const notes = field("notes", "records.decision.notes", h("textarea", { name: "notes", class: "textarea", rows: 4 }, values.notes || ""));
  const follow = field("follow_up_on", "records.decision.follow_up_on", dateInput({ name: "follow_up_on", class: "input follow-date", value: values.follow_up_on || "", placeholder: t("common.date_placeholder") }), "records.decision.follow_up_help");
  const showAgainst = warnings.length > 0 || values.decision_against_warning;
  let against = null;
  if (showAgainst) {
    const box = h("input", { type: "checkbox", name: "decision_against_warning", id: "decision_against_warning", checked: !!values.decision_against_warning });
    box.addEventListener("change", () => { values.decision_against_warning = box.checked; });
    against = h("div", { class: "notice notice-warn stack" },
      warnings.length ? [h("strong", {}, t("records.advice.warnings")), h("ul", {}, warnings.map((w) => h("li", {}, loc(w.message))))] : null,
      h("label", { class: "check", for: "decision_against_warning" }, box, h("span", {}, t("records.decision.against_warning"))),
      h("p", { class: "error", id: "decision_against_warning-error", role: "alert" }));
  }
  return [bind(decision, "decision"), against, bind(notes, "notes"), bind(follow, "follow_up_on")];
}
