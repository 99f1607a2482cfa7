// The consultation bar: who the consultation is for, its number and its steps (done or open),
// on every screen the flow opens - the steps themselves, the questionnaire and its result, the
// presenter inside a consultation - with a way back to the step the agent was on. It also
// remembers that step (consult/state.js), so the 咨询 tab (#/consult) resumes there; after a restart the step is
// derived from what the backend says is done.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { mode } from "../shell/session.js";
import { navigate } from "../shell/router.js";
import { STEPS, rememberStep } from "./state.js";

/**
 * The bar for draft `record`. `step` is the step this screen is or belongs to; `heading` makes
 * the consultation's title the screen's h1 (the steps' own screen); `back` adds the way back to
 * that step (every other screen of the flow); `compact` is the presenter's single row.
 */
export function consultBar(record, { step, heading = false, back = false, compact = false }) {
  const done = record.steps_done;
  const id = record.consultation.id;
  const who = record.client
    ? h("strong", { class: "consult-bar-client", id: "consult-bar-client", "data-client": "chosen" }, record.client.name)
    : h("strong", { class: "consult-bar-client muted", id: "consult-bar-client", "data-client": "none" }, t("records.consult.bar.no_client"));
  const number = h("span", { class: "muted consult-no", id: "consult-bar-number" }, t("records.consult.bar.number", { id }));
  const title = heading
    ? h("h1", { class: "consult-bar-title" }, t("records.consult.title"), " ", number)
    : h("span", { class: "consult-bar-title" }, t("records.consult.title"), " ", number);
  return h("section", {
    class: `consult-bar${compact ? " consult-bar-compact" : ""}`,
    id: "consult-bar",
    "data-consultation": String(id),
    "aria-label": t("records.consult.bar.label", { id }),
  },
  h("div", { class: "consult-bar-who" }, title, h("span", { class: "consult-bar-sep", "aria-hidden": "true" }, "·"), who),
  h("nav", { class: "consult-bar-steps", "aria-label": t("records.consult.steps_label") },
    h("ol", { class: "steps consult-steps" },
      STEPS.map((s, i) => h("li", {},
        h("button", {
          type: "button",
          class: done[s] ? "done" : null,
          "data-step": s,
          "aria-current": s === step ? "step" : null,
          // Where a narrow bar shows only the number, the name is still a pointer's rest away.
          title: t(`records.consult.steps.${s}`),
          onclick: () => navigate(`/consult/${s}`),
        },
        h("span", { class: "step-no", "aria-hidden": "true" }, done[s] ? "✓" : String(i + 1)), " ",
        h("span", { class: "step-name" }, t(`records.consult.steps.${s}`)),
        h("span", { class: "visually-hidden" }, " ", t(done[s] ? "records.consult.done" : "records.consult.not_done"))))))),
  back
    ? h("a", { class: "btn btn-secondary consult-bar-back", id: "consult-bar-back", href: `#/consult/${step}`, "data-back-to": step },
      t("records.consult.bar.back", { step: t(`records.consult.steps.${step}`) }))
    : null);
}

/**
 * The agent's draft for a flow screen outside the steps (the questionnaire and its result; the
 * kiosk has no consultation flow): a promise of the record, or of null when there is none to
 * show (kiosk, or the draft cannot be read: the screen still works). Start it with the screen's
 * own loading and give it to `placeBar` once the screen is built.
 */
export function fetchDraft() {
  if (mode() !== "agent") return Promise.resolve(null);
  return call("current_consultation").catch((err) => {
    console.error(err);
    return null;
  });
}

/** Puts the bar for `record` (if any) at the top of `main` and remembers the step. */
export function placeBar(main, record, step) {
  if (!record) return;
  rememberStep(record.consultation.id, step);
  main.querySelector("#consult-bar")?.remove();
  main.prepend(consultBar(record, { step, back: true }));
}
