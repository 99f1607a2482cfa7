// A consultation started from a call-back request: opening a consultation from the home or the
// leads page, and, inside the flow, the request it came from (the caller's consent to be
// contacted, given with the request and shown as theirs) with its name and phone offered for
// the new client file. The file itself is kept only once the client agrees to saving
// (`save_client` refuses before), as for every client.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, formatDate } from "../i18n.js";
import { navigate } from "../shell/router.js";
import { showError } from "../shell/toast.js";
import { flow, resetFlow } from "./state.js";

/** Consultation id -> its lead or null, asked once per window (each ask is an audited read). */
const leads = new Map();

/** Opens `{consultation_id, step}` (from start_consultation, resume_consultation or
 * start_from_lead) at its step, forgetting what another consultation left typed in the flow. */
export function openConsultation(opened) {
  if (!flow.record || flow.record.consultation.id !== opened.consultation_id) resetFlow();
  navigate(`/consult/${opened.step}`);
}

/** Runs `command` (one of the three above) and opens the consultation it names. */
export async function startAndOpen(command, args = {}) {
  try {
    openConsultation(await call(command, args));
  } catch (err) {
    showError(err);
  }
}

/** The call-back request consultation `id` came from, or null. */
export async function leadOf(id) {
  if (!leads.has(id)) {
    try {
      leads.set(id, await call("consultation_lead", { consultationId: id }));
    } catch (_) {
      return null;
    }
  }
  return leads.get(id);
}

/** Appends the request's card to a step of the flow; on the client step (`prefill`), puts the
 * caller's name and phone in the new client form unless something was typed there already. */
export async function leadCard(body, record, { prefill = false } = {}) {
  const lead = await leadOf(record.consultation.id);
  if (!lead) return;
  if (prefill && !record.client && !flow.newClient) {
    flow.newClient = { kind: "person", name: lead.name, phone: lead.phone };
  }
  body.append(h("div", { class: "notice lead-origin", id: "lead-origin" },
    h("strong", {}, t("home.agent.lead_card_title")), " ",
    // Typed by the caller: text nodes.
    t("home.agent.lead_card", { name: lead.name, phone: lead.phone, time: formatDate(lead.created_at, { time: true }) }),
    h("br"),
    h("span", { class: "lead-consent" }, t("home.agent.consent_by_lead", { time: formatDate(lead.consent_granted_at, { time: true }) })),
    h("br"),
    h("span", { class: "muted" }, t(prefill ? "home.agent.lead_prefill" : "home.agent.lead_consent_note"))));
}
