// The agent's list of ask-an-agent leads: who asked to be called, how and when, their consent to
// be contacted (given with the request), and from each a consultation (`start_from_lead`: a new
// one, or the one the request was already taken into).

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, errorMessage, formatDate } from "../i18n.js";
import { showError } from "../shell/toast.js";
import { startAndOpen } from "../consult/lead.js";

export async function render(main) {
  main.append(h("h1", {}, t("access.leads.title")));
  const body = h("div", { class: "leads" });
  main.append(body);
  await load(body);
}

async function load(body) {
  let leads = [];
  try {
    leads = await call("list_leads");
  } catch (err) {
    body.replaceChildren(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  if (leads.length === 0) {
    body.replaceChildren(h("div", { class: "empty" }, h("p", {}, t("access.leads.empty"))));
    return;
  }
  const translated = (ns, k) => {
    const key = `access.${ns}.${k}`;
    const text = t(key);
    return text === key ? k : text;
  };
  body.replaceChildren(
    h("table", { class: "table leads-table" },
      h("thead", {}, h("tr", {},
        ["when", "name", "phone", "topic", "status", "action"].map((c) => h("th", { scope: "col" }, t(`access.leads.col.${c}`))))),
      h("tbody", {}, leads.map((l) => h("tr", { "data-lead": l.id },
        h("td", {}, formatDate(l.created_at, { time: true }),
          h("div", { class: "muted lead-source" }, t("access.leads.from", { source: t(`access.leads.source.${l.source}`) }))),
        // Typed by a visitor: always text.
        h("td", {}, h("span", { class: "lead-name" }, l.name),
          h("div", { class: "muted lead-consent" }, t("access.leads.consent_given", { time: formatDate(l.consent_granted_at, { time: true }) }))),
        h("td", { class: "lead-phone" }, l.phone),
        h("td", {}, h("span", { class: "lead-topic" }, l.topic ? translated("topics", l.topic) : "—"),
          h("div", { class: "muted lead-time" }, t("home.agent.preferred", { time: translated("times", l.preferred_time) }))),
        h("td", {}, h("span", { class: `badge ${{ new: "badge-warn", in_consultation: "badge-info" }[l.status] || "badge-ok"}` }, t(`access.leads.status.${l.status}`))),
        h("td", {}, h("div", { class: "lead-actions" },
          h("button", { type: "button", class: "btn btn-primary", "data-start-lead": l.id,
            onclick: () => startAndOpen("start_from_lead", { id: l.id }) },
          t(l.consultation_id ? "access.leads.open_consultation" : "access.leads.start_consultation")),
          l.status === "new"
            ? h("button", { type: "button", class: "btn btn-secondary", "data-mark-contacted": l.id, onclick: async () => {
              try {
                await call("mark_lead_contacted", { id: l.id });
                await load(body);
              } catch (err) {
                showError(err);
              }
            } }, t("access.leads.mark_contacted"))
            : null)))))));
}
