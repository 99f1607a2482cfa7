// One consultation record, readable: the client's file (with the household it keeps), who
// advised and when, the answers, the needs analysis, products and clause states, consents, the
// decision, notes and follow-up. Notes, decision and follow-up can be edited (each change kept in
// the history shown below); the client can be erased on request. Everything a person typed is
// shown as text.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, formatDate, errorMessage } from "../i18n.js";
import { showError, toast } from "../shell/toast.js";
import { decisionFields } from "../record/decision.js";
import { clauseTable } from "../record/clause-states.js";
import {
  adviceSummary, adviceWarnings, clientRows, details, statusBadge, followUpText,
  maybe,
} from "../record/shared.js";
import { field, clearErrors, showFieldError } from "../widgets/form-field.js";
import { answerRows } from "../record/answers.js";
import { adviceForClient } from "../record/advice.js";
import { reviewView } from "../record/review.js";
import { householdSection } from "../record/household.js";
import { clauseReportView } from "../record/clauses.js";
import { outcomeFields, outcomeValues, outcomeEdit, outcomeText, retentionText } from "../record/outcome.js";

/** Unsaved edits, per record id, so a language switch keeps what the agent typed. */
const edits = new Map();

export async function render(main, params) {
  const id = Number(params.id);
  let record, history, clauses;
  try {
    [record, history, clauses] = await Promise.all([call("get_record", { id }), call("record_history", { id }), call("record_clauses", { id })]);
  } catch (err) {
    main.append(h("h1", {}, t("records.record.title", { id: params.id })),
      h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)),
      h("a", { class: "btn btn-secondary", href: "#/records" }, t("records.record.back")));
    return;
  }
  const c = record.consultation;
  const states = record.clause_states;
  // The clauses' titles as the report states them (one read, not one per clause).
  const titles = new Map(clauses.products.flatMap((p) => p.clauses).map((l) => [l.clause_id, l.title]));
  const [products, answers] = await Promise.all([
    call("list_products").catch(() => []),
    answerRows(record),
  ]);
  const productName = (pid) => loc(products.find((p) => p.id === pid)?.name) || pid;
  // A person's file keeps the household of their latest consultation (read-only here).
  const cl = record.client;
  const household = cl && cl.kind !== "enterprise" && !cl.erased_at ? await householdSection(cl.household) : null;
  const advice = record.latest_advice;
  main.append(h("article", { class: "record stack", "data-record": c.id },
    h("div", { class: "row" },
      h("h1", {}, t("records.record.title", { id: c.id }), record.client ? ` · ${record.client.name}` : ""),
      h("span", { class: "spacer" }),
      statusBadge(c.status, c.erased_at),
      h("a", { class: "btn btn-primary", href: `#/record/${c.id}/print`, id: "print-record" }, t("records.record.print")),
      h("a", { class: "btn btn-secondary", href: "#/records" }, t("records.record.back"))),
    c.erased_at ? h("p", { class: "notice notice-warn" }, t("records.record.erased", { time: formatDate(c.erased_at, { time: true }) })) : null,
    c.status === "draft" ? h("p", { class: "notice" }, t("records.record.draft"), " ", h("a", { href: "#/consult" }, t("records.record.open_flow"))) : null,
    section("client", record.client
      ? [details(clientRows(record.client), { id: "client-details" }),
        record.client.erased_at ? null : h("button", { type: "button", class: "btn btn-danger", id: "delete-client", onclick: () => confirmErase(record) }, t("records.erase.button"))]
      : h("p", { class: "muted" }, t("records.list.no_client"))),
    household,
    section("consultation", details([
      [t("records.record.agent"), c.agent_name ? t("records.record.agent_line", { name: c.agent_name, licence: c.agent_licence || "—" }) : "—"],
      [t("records.record.mode"), t(`records.record.modes.${c.mode}`)],
      [t("records.record.language"), c.language === "en" ? "English" : "中文"],
      [t("records.record.started"), formatDate(c.started_at, { time: true })],
      [t("records.record.ended"), c.ended_at ? formatDate(c.ended_at, { time: true }) : "—"],
      [t("records.record.retention"), h("span", { id: "retention" }, retentionText(record.retention))],
    ], { id: "consultation-details" })),
    section("answers", answers.length
      ? details(answers, { id: "answers" })
      : h("p", { class: "muted" }, t("records.record.no_answers"))),
    section("advice", adviceForClient(advice),
      advice ? h("details", { class: "record-details", id: "advice-details" }, h("summary", {}, t("records.advice.details")), adviceSummary(advice)) : null),
    // The household's policy review, the latest kept with the consultation (as on the printout).
    record.latest_review
      ? h("div", { class: "card stack record-section", id: "record-review-card" }, reviewView(record.latest_review, { idPrefix: "record-review" }))
      : null,
    section("products", c.products.length
      ? h("ul", { id: "products-discussed" }, c.products.map((p) => h("li", {}, productName(p))))
      : h("p", { class: "muted" }, t("records.record.no_products"))),
    section("clauses", states.length
      ? [clauseReportView(clauses, { day: c.ended_at || c.started_at }),
        // The exact versions (content hashes) stay with the agent's view of the record.
        h("details", { class: "record-details", id: "clause-details" }, h("summary", {}, t("records.clauses.details")), clauseTable(states, titles))]
      : h("p", { class: "muted" }, t("records.consult.no_clauses"))),
    section("consents", record.consents.length
      ? h("ul", { id: "consents" }, record.consents.map((k) => h("li", {},
        maybe(`access.privacy.purpose.${k.purpose}`, k.purpose), " · ",
        t("records.record.consent_line", { version: k.notice_version, time: formatDate(k.granted_at, { time: true }) }),
        k.carried_from_consultation ? [" · ", t("records.consult.carried_from", { id: k.carried_from_consultation })] : null,
        k.withdrawn_at
          ? [" · ", h("span", { class: "badge badge-warn" }, t("records.record.withdrawn", { time: formatDate(k.withdrawn_at, { time: true }) }))]
          // A client who calls to withdraw is served from their record (PIPL art. 15: as easy as
          // giving it).
          : [" ", h("button", { type: "button", class: "btn btn-ghost", "data-withdraw": k.id, onclick: () => confirmWithdraw(record, k) }, t("records.withdraw.button"))])))
      : h("p", { class: "muted" }, t("records.record.no_consents"))),
    section("decision", [
      details([
        [t("records.outcome.title"), h("span", { id: "outcome" }, outcomeText(record.outcome, productName))],
        [t("records.decision.decision"), c.decision || "—"],
        [t("records.decision.against_short"), t(c.decision_against_warning ? "records.yes" : "records.no")],
        [t("records.decision.notes"), c.notes || "—"],
        [t("records.decision.follow_up_on"), followUpText(c.follow_up_on, c.follow_up_status)],
      ], { id: "decision-details" }),
      c.erased_at ? null : editForm(record, adviceWarnings(advice), products)]),
    section("history", historyTable(history, productName)),
  ));
}

function section(key, ...content) {
  return h("section", { class: "card stack record-section", id: `record-${key}`, "aria-labelledby": `record-${key}-h` },
    h("h2", { id: `record-${key}-h` }, t(`records.record.sections.${key}`)), content);
}

function editForm(record, warnings, catalogue) {
  const c = record.consultation;
  if (!edits.has(c.id)) {
    edits.set(c.id, {
      outcome: outcomeValues(record.outcome),
      decision: c.decision || "", decision_against_warning: c.decision_against_warning,
      notes: c.notes || "", follow_up_on: c.follow_up_on || "", follow_up_status: c.follow_up_status || "pending",
    });
  }
  const values = edits.get(c.id);
  const status = field("follow_up_status", "records.decision.follow_up_status", h("select", { name: "follow_up_status", class: "select" },
    ["pending", "done", "cancelled"].map((s) => h("option", { value: s, selected: values.follow_up_status === s }, t(`records.followup.states.${s}`)))));
  status.input.addEventListener("change", () => { values.follow_up_status = status.input.value; });
  const general = h("p", { class: "error", role: "alert", id: "edit-error" });
  const form = h("form", { class: "stack edit-record", id: "edit-record", novalidate: true },
    h("h3", {}, t("records.record.edit")),
    // A client who decides later: the outcome (and with it the retention date) is updated here.
    outcomeFields(values.outcome, c.products.map((id) => catalogue.find((p) => p.id === id) || { id, name: null })),
    decisionFields(values, warnings),
    status.el,
    general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary", id: "save-record" }, t("common.save"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const edit = {
      decision: values.decision,
      decision_against_warning: !!values.decision_against_warning,
      notes: values.notes,
      follow_up_on: values.follow_up_on,
    };
    if (values.follow_up_on) edit.follow_up_status = values.follow_up_status;
    const outcome = outcomeEdit(values.outcome);
    if (outcome) edit.outcome = outcome;
    try {
      await call("update_record", { id: c.id, edit });
      edits.delete(c.id);
      toast(t("records.record.saved"));
      await rerender(c.id);
    } catch (err) {
      showFieldError(form, general, err);
    }
  });
  return h("details", { class: "edit-details", open: edits.has(c.id) && changed(values, c) ? true : null },
    h("summary", { class: "btn btn-secondary", id: "edit-toggle" }, t("records.record.edit")), form);
}

function changed(values, c) {
  return values.notes !== (c.notes || "") || values.decision !== (c.decision || "") || values.follow_up_on !== (c.follow_up_on || "");
}

async function rerender(id) {
  const main = document.getElementById("main");
  const y = window.scrollY;
  main.replaceChildren();
  await render(main, { id: String(id) });
  window.scrollTo(0, y);
}

function historyTable(history, productName) {
  if (!history.length) return h("p", { class: "muted" }, t("records.record.no_history"));
  // `text` is the value in words where the stored value is an id (the client's name).
  const shown = (field, v, text, list) => {
    if (list) return list.length ? list.map(productName).join("、") : "—";
    if (v == null || v === "") return "—";
    switch (field) {
      case "client_id": return text || t("records.history.client_gone");
      case "decision_against_warning": return t(v === "true" ? "records.yes" : "records.no");
      case "follow_up_status": return maybe(`records.followup.states.${v}`, v);
      case "status": return maybe(`records.status.${v}`, v);
      case "kind": return maybe(`records.client.kinds.${v}`, v);
      case "gender": return maybe(`records.client.genders.${v}`, v);
      case "follow_up_on": case "birth_date": case "retention_until": case "outcome_contract_end": return formatDate(v);
      case "outcome_status": return maybe(`records.outcome.statuses.${v}`, v);
      case "outcome_policy_term": return maybe(`records.outcome.policy_terms.${v}`, v);
      case "outcome_product": return productName(v);
      default: return v;
    }
  };
  // The backend names the agent; the stored tag is never shown (it holds an id).
  const who = (ch) => {
    if (ch.actor_name) return ch.actor_name;
    if (ch.actor === "kiosk") return t("records.history.by_kiosk");
    return t(/^agent:/.test(ch.actor) ? "records.history.by_former_agent" : "records.history.by_system");
  };
  return h("table", { class: "table history", id: "history" },
    h("thead", {}, h("tr", {}, ["when", "field", "old", "new", "who"].map((k) => h("th", { scope: "col" }, t(`records.history.${k}`))))),
    h("tbody", {}, history.map((ch) => h("tr", { "data-field": ch.field },
      h("td", {}, formatDate(ch.changed_at, { time: true })),
      h("td", {}, maybe(`records.history.entities.${ch.entity}`, ch.entity), " · ", maybe(`records.fields.${ch.field}`, ch.field)),
      h("td", { class: "history-old" }, shown(ch.field, ch.old_value, ch.old_text, ch.old_list)),
      h("td", { class: "history-new" }, shown(ch.field, ch.new_value, ch.new_text, ch.new_list)),
      h("td", {}, who(ch))))));
}

/** Withdraws one consent after saying what it takes away (everywhere the consent applied). */
function confirmWithdraw(record, consent) {
  const purpose = maybe(`access.privacy.purpose.${consent.purpose}`, consent.purpose);
  const dialog = h("dialog", { class: "dialog", id: "withdraw-dialog", "aria-labelledby": "withdraw-title" },
    h("h2", { id: "withdraw-title" }, t("records.withdraw.title", { purpose })),
    h("p", {}, t(`records.withdraw.explain.${consent.purpose}`)),
    h("p", { class: "notice notice-danger" }, t("records.erase.irreversible")),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn btn-secondary", id: "withdraw-cancel", onclick: () => dialog.close() }, t("common.cancel")),
      h("button", { type: "button", class: "btn btn-danger", id: "withdraw-confirm", onclick: withdraw }, t("records.withdraw.confirm"))));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector("#withdraw-cancel").focus();

  async function withdraw() {
    try {
      await call("withdraw_consent", { id: consent.id });
      dialog.close();
      toast(t("records.withdraw.done", { purpose }));
      await rerender(record.consultation.id);
    } catch (err) {
      dialog.close();
      showError(err);
    }
  }
}

function confirmErase(record) {
  const dialog = h("dialog", { class: "dialog", id: "erase-dialog", "aria-labelledby": "erase-title" },
    h("h2", { id: "erase-title" }, t("records.erase.title", { name: record.client.name })),
    h("p", {}, t("records.erase.explain")),
    h("p", { class: "notice notice-danger" }, t("records.erase.irreversible")),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn btn-secondary", id: "erase-cancel", onclick: () => dialog.close() }, t("common.cancel")),
      h("button", { type: "button", class: "btn btn-danger", id: "erase-confirm", onclick: erase }, t("records.erase.confirm"))));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector("#erase-cancel").focus();

  async function erase() {
    try {
      const done = await call("delete_client", { id: record.client.id });
      dialog.close();
      toast(t("records.erase.done", { count: done.consultations.length }));
      await rerender(record.consultation.id);
    } catch (err) {
      dialog.close();
      showError(err);
    }
  }
}
