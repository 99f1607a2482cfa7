// The consultation's client step: find an existing client (name, unit name, phone or contact, in
// Chinese or English) or enter a new person or enterprise. The backend checks every field and
// names the one that is wrong; the message appears next to it.

import { call } from "../api.js";
import { h, dateInput } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { showError, toast } from "../shell/toast.js";
import { flow, refresh } from "./state.js";
import { leadCard } from "./lead.js";
import { clientRows, details } from "../record/shared.js";
import { field, clearErrors, showFieldError } from "../widgets/form-field.js";

const PERSON = ["name", "gender", "birth_date", "phone", "email", "address", "occupation"];
const ENTERPRISE = ["name", "legal_representative", "contact_person", "phone", "email", "address", "industry", "property", "location", "disaster_prevention"];
const LONG = ["property", "disaster_prevention", "address"];

export async function clientStep(body, record) {
  if (record.client && !flow.changingClient) {
    body.append(
      h("div", { class: "card stack", id: "chosen-client" },
        h("h3", {}, record.client.name, " ",
          h("span", { class: "badge badge-info" }, t(`records.client.kinds.${record.client.kind}`))),
        details(clientRows(record.client)),
        h("div", { class: "row" },
          h("button", { type: "button", class: "btn btn-secondary", id: "edit-client", onclick: () => editClient(body, record.client) }, t("records.client.edit")),
          h("button", { type: "button", class: "btn btn-ghost", id: "change-client", onclick: () => { flow.changingClient = true; refresh(); } }, t("records.client.change")))));
    return;
  }
  // From a call-back request: its name and phone prefill the new client form.
  await leadCard(body, record, { prefill: true });
  body.append(h("p", { class: "help" }, t("records.client.intro")), searchCard(record), clientForm(record, null));
}

function searchCard(record) {
  const results = h("div", { id: "client-results", "aria-live": "polite" });
  const input = h("input", { type: "search", name: "client_search", class: "input", autocomplete: "off", value: flow.clientSearch });
  const f = field("client-search", "records.client.search", input, "records.client.search_help");
  let timer = null;
  const run = async () => {
    flow.clientSearch = input.value;
    const text = input.value.trim();
    if (!text) return results.replaceChildren();
    try {
      const found = await call("find_clients", { text });
      if (input.value.trim() !== text) return; // a newer search is on its way
      results.replaceChildren(found.length
        ? h("ul", { class: "list" }, found.map((c) => h("li", { class: "list-item" },
          h("div", { class: "spacer" },
            h("strong", {}, c.name), " ", h("span", { class: "badge badge-info" }, t(`records.client.kinds.${c.kind}`)),
            h("div", { class: "muted" }, [c.phone, c.contact_person].filter(Boolean).join(" · "))),
          h("button", { type: "button", class: "btn btn-primary", "data-choose-client": c.id, onclick: () => choose(record, c.id) }, t("records.client.choose")))))
        : h("p", { class: "muted", id: "no-clients" }, t("records.client.none_found")));
    } catch (err) {
      results.replaceChildren(h("p", { class: "error", role: "alert" }, errorMessage(err)));
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  if (flow.clientSearch) run();
  return h("div", { class: "card stack" }, h("h3", {}, t("records.client.existing")), f.el, results);
}

async function choose(record, clientId) {
  try {
    await call("update_record", { id: record.consultation.id, edit: { client_id: clientId } });
    flow.changingClient = false;
    await refresh();
    const carried = flow.record.consents.filter((c) => c.carried_from_consultation && !c.withdrawn_at);
    if (carried.length) toast(t("records.client.consents_carried", { count: carried.length }));
  } catch (err) {
    showError(err);
  }
}

function control(name, value) {
  if (name === "gender") {
    return h("select", { name, class: "select" },
      h("option", { value: "" }, t("records.client.genders.unset")),
      ["female", "male", "other"].map((g) => h("option", { value: g, selected: value === g }, t(`records.client.genders.${g}`))));
  }
  if (LONG.includes(name)) {
    return h("textarea", { name, class: "textarea", rows: 2 }, value || "");
  }
  if (name === "birth_date") return dateInput({ name, class: "input", value: value || "", placeholder: t("common.date_placeholder") });
  const type = { phone: "tel", email: "email" }[name] || "text";
  return h("input", { name, type, class: "input", value: value || "", autocomplete: "off" });
}

/** The new-client form, or the edit form of `existing`. */
function clientForm(record, existing) {
  const draft = existing ? { ...existing } : (flow.newClient ||= { kind: "person" });
  const general = h("p", { class: "error", role: "alert", id: "client-form-error" });
  const kindPicker = existing ? null : h("fieldset", { class: "choices kind-choices" },
    h("legend", { class: "visually-hidden" }, t("records.client.kind")),
    ["person", "enterprise"].map((k) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "kind", value: k, checked: draft.kind === k, "data-kind": k,
        onchange: () => { draft.kind = k; form.replaceWith(clientForm(record, existing)); } }),
      t(`records.client.kinds.${k}`))));
  const names = draft.kind === "enterprise" ? ENTERPRISE : PERSON;
  const fields = names.map((n) => {
    const label = draft.kind === "enterprise" && n === "name" ? "records.client.unit_name" : `records.client.${n}`;
    const help = n === "phone" ? "records.client.phone_help" : n === "birth_date" ? "records.client.date_help" : null;
    const f = field(`client-${n}`, label, control(n, draft[n]), help);
    f.input.addEventListener("input", () => { draft[n] = f.input.value; });
    f.input.addEventListener("change", () => { draft[n] = f.input.value; });
    return f.el;
  });
  const form = h("form", { class: "card stack client-form", id: existing ? "client-edit-form" : "client-form", novalidate: true },
    h("h3", {}, t(existing ? "records.client.edit" : "records.client.new")),
    kindPicker,
    h("div", { class: "form-grid" }, fields),
    general,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "btn btn-primary", id: "save-client" }, t(existing ? "common.save" : "records.client.create")),
      existing ? h("button", { type: "button", class: "btn btn-ghost", onclick: () => refresh() }, t("common.cancel")) : null));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = "";
    const client = { kind: draft.kind };
    for (const n of names) {
      const v = form.querySelector(`[name="${n}"]`).value;
      if (v.trim()) client[n] = v;
    }
    try {
      // A new client becomes the consultation's client in the same call (one transaction).
      await call("save_client", existing ? { id: existing.id, client } : { client, consultationId: record.consultation.id });
      if (!existing) flow.newClient = null;
      flow.changingClient = false;
      toast(t("records.client.saved"));
      await refresh();
    } catch (err) {
      showFieldError(form, general, err);
    }
  });
  return form;
}

function editClient(body, client) {
  const card = body.querySelector("#chosen-client");
  card.replaceWith(clientForm(flow.record, client));
  body.querySelector("#client-name").focus();
}
