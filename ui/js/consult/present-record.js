// The presenter's record of one must-explain clause, in its footer so it is always in view: the
// agent's "explained" and then the client's own confirmation. The client's box is never
// pre-ticked and their tick is the confirmation itself (one action, theirs); it can be ticked only
// once the agent has explained the clause, and only with the client chosen in the consultation.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, loc, language } from "../i18n.js";
import { mode } from "../shell/session.js";
import { showError } from "../shell/toast.js";
import { when } from "../widgets/clause-content.js";

/**
 * Fills `el` (the footer's record area) for `clause` in `state`; `onChange(state)` runs after
 * the agent's or the client's action was recorded (the presenter refreshes its bar and focus).
 */
export function renderRecord(el, clause, state, scope, scopeArgs, onChange) {
  const update = (s) => {
    renderRecord(el, clause, s, scope, scopeArgs, onChange);
    onChange(s);
  };
  const explained = Boolean(state.explained_at);
  const kiosk = mode() === "kiosk";
  const agent = kiosk
    ? null
    : h("div", { class: "record-part", "data-part": "agent" },
      h("span", { class: "record-part-label" }, t("clauses.present.agent_heading")),
      explained
        ? h("p", { class: "badge badge-info", id: "explained-at" }, t("clauses.present.explained_at", { time: when(state.explained_at) }))
        : h("button", { type: "button", class: "btn btn-primary btn-lg", id: "explain", onclick: async (e) => {
          e.currentTarget.disabled = true;
          try {
            update(await call("clause_explained", { clauseId: clause.id, language: language(), ...scopeArgs }));
          } catch (err) {
            showError(err);
            update(state);
          }
        } }, t("clauses.present.explain")));

  let client;
  if (state.acknowledged_at) {
    client = h("div", { class: "record-part", "data-part": "client" },
      h("span", { class: "record-part-label" }, t("clauses.present.client_heading")),
      h("p", { class: "notice notice-ok", id: "acknowledged-at" }, t("clauses.present.acknowledged_at", { time: when(state.acknowledged_at) })));
  } else if (!scope.client_present) {
    // The confirmation is the client's: not before they are chosen in the consultation.
    client = h("div", { class: "record-part", "data-part": "client" },
      h("span", { class: "record-part-label" }, t("clauses.present.client_heading")),
      h("p", { class: "notice notice-warn", id: "ack-no-client" }, t("clauses.present.client_needed"), " ",
        h("a", { href: "#/consult/client" }, t("clauses.present.to_client"))));
  } else {
    // Unticked on every render: the client ticks it themselves, after the explanation, and that
    // tick is recorded as their confirmation of this wording.
    const check = h("input", { type: "checkbox", id: "ack-check", disabled: !explained, "aria-describedby": "ack-help" });
    check.addEventListener("change", async () => {
      if (!check.checked || !explained) return;
      check.disabled = true;
      try {
        update(await call("clause_acknowledged", { clauseId: clause.id, contentHash: loc(clause.hash), language: language(), ...scopeArgs }));
      } catch (err) {
        showError(err);
        update(state);
      }
    });
    client = h("div", { class: "record-part", "data-part": "client" },
      h("span", { class: "record-part-label" }, t("clauses.present.client_heading")),
      h("label", { class: "check ack-check" }, check, h("span", {}, t("clauses.present.confirm_label"))),
      explained
        ? h("p", { class: "help", id: "ack-help" }, t("clauses.present.tick_confirms"))
        : h("p", { class: "notice notice-warn", id: "ack-wait" }, t(kiosk ? "clauses.present.kiosk_needs_agent" : "clauses.present.wait_for_agent")));
    // The wait notice describes the box while it cannot be ticked.
    if (!explained) check.setAttribute("aria-describedby", "ack-wait");
  }
  replace(el, h("div", { class: "record-parts" }, agent, client));
}
