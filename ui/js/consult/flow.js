// The consultation flow for the agent's current draft: a stepper over client, consents,
// questionnaire, needs result, products & clauses, decision and finish. Every step opens freely
// and says whether it is done; what is done lives in the backend (the draft), so moving between
// steps, switching language or restarting keeps it. The consent, questionnaire and clause screens
// belong to other modules: these steps link to them and summarise where they stand, and each of
// them carries the consultation bar (consult/bar.js) back here. #/consult resumes at the step
// the agent was on; #/consult/<step> opens a step.

import { h } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { navigate } from "../shell/router.js";
import { STEPS, flow, reload, rememberStep, resumeStep, setRenderer } from "./state.js";
import { consultBar } from "./bar.js";
import { clientStep } from "./client.js";
import { consentsStep, questionnaireStep, resultStep, productsStep } from "./steps.js";
import { decisionStep, finishStep } from "./finish.js";

const RENDER = {
  client: clientStep,
  consents: consentsStep,
  questionnaire: questionnaireStep,
  result: resultStep,
  products: productsStep,
  decision: decisionStep,
  finish: finishStep,
};

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
  const done = flow.record.steps_done;
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

setRenderer(render);
