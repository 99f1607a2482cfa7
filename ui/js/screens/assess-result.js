// The risk-check result: compute_advice on the saved answers, shown for the family or the
// enterprise path. An agent edits assumptions inline and the result is recomputed at once (the
// edits are sent as overrides and every computed result is stored); the kiosk shows it read only.
// Print gives an A4 copy (print.css). A family result is followed by the household's policy review
// (assess/household.js).

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, errorMessage, formatDate, loc } from "../i18n.js";
import { mode } from "../shell/session.js";
import { navigate } from "../shell/router.js";
import { showError } from "../shell/toast.js";
import { results, overrides, EDIT_DELAY_MS } from "../assess/common.js";
import { familyResult } from "../assess/family.js";
import { enterpriseResult } from "../assess/enterprise.js";
import { householdReview } from "../assess/household.js";
import { fetchDraft, placeBar } from "../consult/bar.js";

export async function render(main, params) {
  const id = params.id;
  // An agent's result belongs to the draft consultation: its bar, and a way back to it.
  const draft = fetchDraft();
  const body = h("div", { class: "assess-result-body", id: "assess-result-body", "aria-live": "polite" },
    h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", { class: "visually-hidden" }, t("common.loading"))));
  const resetAll = h("button", { type: "button", class: "btn btn-ghost", id: "reset-assumptions", hidden: true, onclick: () => recompute(null) }, t("assess.result.reset_all"));
  const printed = h("p", { class: "print-only print-meta" });
  main.append(h("div", { class: "assess-result stack", "data-questionnaire": id },
    h("header", { class: "stack" },
      h("p", { class: "kicker" }, t(`assess.paths.${id}.title`)),
      h("h1", {}, t("assess.result.title")),
      h("div", { class: "row no-print result-actions" },
        mode() === "agent"
          ? h("a", { class: "btn btn-primary", href: "#/consult/result", id: "back-to-consultation" }, t("assess.result.back_to_consultation"))
          : null,
        h("a", { class: "btn btn-secondary", href: `#/assess/${id}`, id: "change-answers" }, t("assess.result.change_answers")),
        h("button", { type: "button", class: "btn btn-secondary", id: "print-result", onclick: () => window.print() }, t("assess.result.print")),
        resetAll),
      printed),
    body));
  const record = await draft;
  placeBar(main, record, "result");

  let definition = null;
  const edit = mode() === "agent"
    ? { overrides: overrides.get(id) || {}, onEdit }
    : null;
  let timer = null;

  function onEdit(field, value, { debounce }) {
    const next = { ...(overrides.get(id) || {}) };
    if (value == null) delete next[field];
    else next[field] = value;
    clearTimeout(timer);
    const run = () => recompute(Object.keys(next).length ? next : null, field);
    if (debounce) timer = setTimeout(run, EDIT_DELAY_MS);
    else run();
  }

  async function recompute(edits, focusField) {
    try {
      const outcome = await call("compute_advice", { questionnaireId: id, overrides: edits });
      if (edits) overrides.set(id, edits);
      else overrides.delete(id);
      results.set(id, outcome);
      show(outcome, focusField);
    } catch (err) {
      if (err.code === "invalid_input" && err.field && focusField) {
        const el = body.querySelector(`[data-assumption="${CSS.escape(focusField)}"] .error`);
        if (el) {
          el.textContent = err.message;
          el.hidden = false;
          return;
        }
      }
      showError(err);
    }
  }

  function show(outcome, focusField) {
    if (edit) edit.overrides = overrides.get(id) || {};
    resetAll.hidden = !edit || !Object.keys(edit.overrides).length;
    // Versions and the engine are for the details view, not the client's page.
    printed.textContent = t("advice.result.printed", { date: formatDate(new Date().toISOString(), { time: true }), result: outcome.id });
    const enterprise = outcome.advice?.kind === "enterprise";
    const content = enterprise ? enterpriseResult(outcome, edit) : familyResult(outcome, edit);
    // The family result carries its own details view (exact figures and versions).
    replace(body, content, enterprise
      ? h("details", { class: "result-details" }, h("summary", {}, t("advice.exact.versions")),
          h("p", { class: "help result-meta" }, t("assess.result.meta", { result: outcome.id, engine: outcome.engine_version, version: outcome.questionnaire_version.slice(0, 12) })))
      : null);
    body.dataset.resultId = String(outcome.id);
    if (focusField) {
      const input = body.querySelector(`[data-assumption-input="${CSS.escape(focusField)}"]`);
      if (input) {
        const end = input.value.length;
        input.focus();
        input.setSelectionRange?.(end, end);
      }
    }
  }

  // A question the analysis cannot do without: say which, once and in words (the engine's own
  // message names a profile field), and take the person back to it.
  function missing(err, answers) {
    const sections = definition?.sections || [];
    const section = sections.find((s) => s.questions.some((q) => q.id === err.field));
    const question = section?.questions.find((q) => q.id === err.field);
    const key = answers && err.field in answers ? "assess.result.check_answer" : "assess.result.needs_answer";
    replace(body,
      h("div", { class: "notice notice-warn", role: "alert", id: "result-problem" },
        h("p", {}, question ? t(key, { question: loc(question.label) }) : errorMessage(err)),
        h("button", { type: "button", class: "btn btn-primary", onclick: () => navigate(section ? `/assess/${id}/${section.id}` : `/assess/${id}`) },
          t("assess.result.go_to_question"))));
  }

  try {
    const cached = results.get(id);
    const [outcome, view] = await Promise.all([
      cached || call("compute_advice", { questionnaireId: id, overrides: overrides.get(id) || null }),
      call("get_questionnaire", { id }).catch(() => null),
    ]);
    definition = view?.definition;
    results.set(id, outcome);
    show(outcome);
    // A family's policy review follows its needs (issue #16): its own use case, kept beside the
    // advice; the enterprise path has none.
    if (outcome.advice?.kind !== "enterprise") main.querySelector(".assess-result").append(householdReview(id, view?.state?.answers));
    // The first result computed here completes the step: the bar says so.
    if (record && !record.steps_done.result) placeBar(main, await fetchDraft(), "result");
  } catch (err) {
    if (err.code === "invalid_input" && err.field) {
      const view = await call("get_questionnaire", { id }).catch(() => null);
      definition = view?.definition;
      missing(err, view?.state?.answers);
    } else {
      replace(body, h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    }
  }
  return () => clearTimeout(timer);
}
