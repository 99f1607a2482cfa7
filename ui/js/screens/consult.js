// The consultation flow for the agent's current draft: a stepper over client, consents,
// questionnaire, needs result, products & clauses, decision and finish. Every step opens freely
// and says whether it is done; what is done lives in the backend (the draft), so moving between
// steps, switching language or restarting keeps it. The consent, questionnaire and clause screens
// belong to other modules: these steps link to them and summarise where they stand, and each of
// them carries the consultation bar (consult-bar.js) back here. #/consult resumes at the step
// the agent was on; #/consult/<step> opens a step.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { navigate } from "../app.js";
import { latestAdvice } from "./records-shared.js";
import { STEPS, doneSteps, consultBar, rememberStep, resumeStep } from "./consult-bar.js";
import { clientStep } from "./consult-client.js";
import { consentsStep, questionnaireStep, resultStep, productsStep } from "./consult-steps.js";
import { decisionStep, finishStep } from "./consult-finish.js";

export { STEPS, doneSteps };

/** The flow's state outside the DOM: the draft as last loaded and the unsaved form values. */
export const flow = { step: STEPS[0], record: null, form: null, clientSearch: "", newClient: null, changingClient: false };

/** Reloads the draft from the backend (after any change a step makes). */
export async function reload() {
  flow.record = await call("current_consultation");
  if (!flow.form || flow.form.id !== flow.record.consultation.id) {
    const c = flow.record.consultation;
    flow.form = {
      id: c.id,
      decision: c.decision || "",
      decision_against_warning: c.decision_against_warning,
      notes: c.notes || "",
      follow_up_on: c.follow_up_on || "",
    };
  }
  return flow.record;
}

/** Forgets the finished draft so the next visit starts a new consultation. */
export function resetFlow() {
  flow.record = null;
  flow.form = null;
  flow.clientSearch = "";
  flow.newClient = null;
  flow.changingClient = false;
}

/** The questionnaire for this client: the enterprise one for a unit, else the family one. */
export function questionnaireId(record) {
  const advice = latestAdvice(record);
  if (advice) return advice.questionnaire_id;
  const answers = (record.attached && record.attached.answers) || [];
  if (answers.length) return answers[0].questionnaire_id;
  return record.client && record.client.kind === "enterprise" ? "enterprise" : "family";
}

const RENDER = {
  client: clientStep,
  consents: consentsStep,
  questionnaire: questionnaireStep,
  result: resultStep,
  products: productsStep,
  decision: decisionStep,
  finish: finishStep,
};

/** Re-renders the current step after a change (same route, so no hashchange). */
export async function refresh(step = flow.step) {
  const main = document.getElementById("main");
  await render(main, { step });
  const heading = main.querySelector("#step-heading");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

export async function render(main, params) {
  main.replaceChildren();
  main.append(h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" })));
  try {
    await reload();
  } catch (err) {
    main.replaceChildren(h("h1", {}, t("records.consult.title")),
      h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  // #/consult resumes where the agent left off; #/consult/<step> opens that step.
  let step = params.step;
  if (!STEPS.includes(step)) {
    step = resumeStep(flow.record);
    history.replaceState(null, "", `#/consult/${step}`);
  }
  flow.step = step;
  rememberStep(flow.record.consultation.id, step);
  const done = doneSteps(flow.record);
  const body = h("section", { class: "consult-step stack", id: `step-${step}`, "aria-labelledby": "step-heading" });
  main.replaceChildren(
    h("div", { class: "consult" },
      consultBar(flow.record, { step, heading: true }),
      body,
      h("div", { class: "row consult-nav" },
        step !== STEPS[0]
          ? h("button", { type: "button", class: "btn btn-secondary", id: "step-prev", onclick: () => navigate(`/consult/${STEPS[STEPS.indexOf(step) - 1]}`) }, t("common.previous"))
          : null,
        h("span", { class: "spacer" }),
        step !== STEPS[STEPS.length - 1]
          ? h("button", { type: "button", class: "btn btn-primary", id: "step-next", onclick: () => navigate(`/consult/${STEPS[STEPS.indexOf(step) + 1]}`) }, t("common.next"))
          : null)),
  );
  body.append(h("h2", { id: "step-heading" }, t(`records.consult.steps.${step}`),
    " ", h("span", { class: `badge ${done[step] ? "badge-ok" : "badge-warn"}`, "data-step-state": done[step] ? "done" : "open" },
      t(done[step] ? "records.consult.done" : "records.consult.not_done"))));
  await RENDER[step](body, flow.record, done);
}
