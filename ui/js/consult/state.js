// The consultation flow's state, in one place outside the DOM (a language switch re-renders and
// keeps it): the steps, the draft as last loaded and the unsaved form values, the step the agent
// was last on, and where the privacy screen returns to. What is done is the backend's (the
// record's `steps_done`, from the core's one rule), never decided here. The flow's steps, its bar and the screens
// it opens read and change it here; none of them imports the flow screen itself.

import { call } from "../api.js";

// Consents first: no personal data (the client file included) is kept before the client agrees.
export const STEPS = ["consents", "client", "questionnaire", "result", "products", "decision", "finish"];

/** Where the privacy screen goes back to when the consents step opened it (sessionStorage key). */
export const PRIVACY_RETURN_KEY = "presale.privacy.return";

/** The flow's state outside the DOM: the draft as last loaded and the unsaved form values. */
export const flow = { step: STEPS[0], record: null, form: null, clientSearch: "", newClient: null, changingClient: false };

/** The step the agent was last on, per draft: kept for the window's life (the backend's draft
 * says what is done, which is where a fresh window resumes). */
const place = { id: null, step: null };

/** The flow screen's renderer, registered by consult/flow.js (so steps can re-render it). */
let renderer = null;

/** Registers how the flow screen renders a step (`render(main, {step})`). */
export function setRenderer(fn) {
  renderer = fn;
}

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

/** Re-renders the current step after a change (same route, so no hashchange). */
export async function refresh(step = flow.step) {
  const main = document.getElementById("main");
  await renderer(main, { step });
  const heading = main.querySelector("#step-heading");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

/** Notes that the agent is at `step` of draft `id` (a step, or a screen that belongs to one). */
export function rememberStep(id, step) {
  place.id = id;
  place.step = step;
}

/** Where #/consult resumes: the step last visited in this draft, else the first one not done. */
export function resumeStep(record) {
  if (place.id === record.consultation.id && STEPS.includes(place.step)) return place.step;
  return STEPS.find((s) => !record.steps_done[s]) || STEPS[STEPS.length - 1];
}
