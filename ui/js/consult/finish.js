// The consultation's last steps: the client's decision (with "proceeds against a warning - the
// client's own decision" when the analysis warned, never pre-ticked), notes and follow-up date;
// then finishing, which asks the outcome (bought / deciding / declined / no need, from which the
// record's retention follows) and saves the record. The backend stamps the logged-in agent's name
// and licence number (NFRA art. 24) and the products presented; the page sends only the decision
// fields and the outcome.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../shell/router.js";
import { toast } from "../shell/toast.js";
import { session, refreshSession } from "../shell/session.js";
import { flow, refresh, resetFlow, STEPS } from "./state.js";
import { adviceWarnings } from "../record/shared.js";
import { clearErrors, showFieldError } from "../widgets/form-field.js";
import { outcomeFields, outcomeValues, outcomeEdit } from "../record/outcome.js";
import { decisionFields } from "../record/decision.js";

/** The decision fields as the record edit sends them. */
function decisionEdit() {
  const f = flow.form;
  return {
    decision: f.decision,
    decision_against_warning: !!f.decision_against_warning,
    notes: f.notes,
    follow_up_on: f.follow_up_on,
  };
}

export async function decisionStep(body, record) {
  const warnings = adviceWarnings(record.latest_advice);
  const general = h("p", { class: "error", role: "alert", id: "decision-error" });
  const form = h("form", { class: "card stack", id: "decision-form", novalidate: true },
    decisionFields(flow.form, warnings),
    general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary", id: "save-decision" }, t("common.save"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await call("update_record", { id: record.consultation.id, edit: decisionEdit() });
      toast(t("records.decision.saved"));
      await refresh("decision");
    } catch (err) {
      showFieldError(form, general, err);
    }
  });
  body.append(form);
}

export async function finishStep(body, record, done) {
  let s = session();
  if (!s.agent) s = await refreshSession().catch(() => s);
  const agent = s.agent;
  const open = STEPS.filter((st) => st !== "finish" && !done[st]);
  const general = h("p", { class: "error", role: "alert", id: "finish-error" });
  // The outcome: a purchase is of one of the products discussed in this consultation, as the
  // backend says finishing will record them (`discussed`).
  const [catalogue, scope] = await Promise.all([
    call("list_products").catch(() => []),
    call("clause_states", { consultationId: record.consultation.id }).catch(() => ({ discussed: record.consultation.products })),
  ]);
  const presented = scope.discussed.map((id) => catalogue.find((p) => p.id === id) || { id, name: null });
  if (!flow.form.outcome) flow.form.outcome = outcomeValues(record.outcome);
  const outcome = outcomeFields(flow.form.outcome, presented);
  body.append(
    outcome,
    h("div", { class: "card stack" },
      h("h3", {}, t("records.finish.checklist")),
      h("ul", { class: "checklist" }, STEPS.filter((st) => st !== "finish").map((st) => h("li", { class: done[st] ? "ok" : "open" },
        h("span", { "aria-hidden": "true" }, done[st] ? "✓ " : "○ "),
        h("a", { href: `#/consult/${st}` }, t(`records.consult.steps.${st}`)), " — ",
        t(done[st] ? "records.consult.done" : "records.consult.not_done")))),
      open.length ? h("p", { class: "notice notice-warn" }, t("records.finish.open_steps")) : null,
      h("p", { id: "finish-agent" }, agent
        ? t("records.finish.agent", { name: agent.name, licence: agent.licence_number })
        : t("records.finish.no_agent")),
      general,
      h("button", { type: "button", class: "btn btn-primary btn-lg", id: "finish-consultation", disabled: !agent, onclick: finish }, t("records.finish.button"))));

  async function finish() {
    general.textContent = "";
    try {
      const saved = await call("finish_consultation", { id: record.consultation.id, edit: { ...decisionEdit(), outcome: outcomeEdit(flow.form.outcome) } });
      resetFlow();
      toast(t("records.finish.saved"));
      navigate(`/record/${saved.id}`);
    } catch (err) {
      if (String(err.field || "").startsWith("outcome_")) {
        clearErrors(outcome);
        showFieldError(outcome, general, err);
        return;
      }
      const where = { client_id: "client", consent: "consents", decision: "decision", notes: "decision", follow_up_on: "decision", decision_against_warning: "decision" }[err.field];
      replace(general, showFieldErrorText(err), " ",
        where ? h("a", { href: `#/consult/${where}`, id: "fix-step" }, t("records.finish.go_to", { step: t(`records.consult.steps.${where}`) })) : null);
    }
  }
}

function showFieldErrorText(err) {
  const tmp = h("p");
  showFieldError(h("div"), tmp, err);
  return tmp.textContent;
}
