// "Ask an agent": name, phone number, what about and a preferred time, kept only with the visitor's
// explicit consent to be contacted (an unticked box). The agent sees it in their leads list.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { field, clearErrors, showFieldError } from "../widgets/form-field.js";
import { confirmEndAndClear, mode } from "../shell/session.js";

/** Stable keys stored with the lead; the leads list translates them. */
export const TIMES = ["weekday_morning", "weekday_afternoon", "weekday_evening", "weekend", "any"];
/** What a visitor may ask about (presale_core::privacy::lead::TOPICS). */
export const TOPICS = ["family_protection", "health_cover", "children", "enterprise", "existing_policy", "other"];

/** A labelled select of translated keys, with its error line. */
function choice(id, labelKey, chooseKey, keys, ns) {
  const select = h("select", { name: id, class: "select" },
    h("option", { value: "" }, t(chooseKey)),
    keys.map((k) => h("option", { value: k }, t(`${ns}.${k}`))));
  return { select, el: field(id, labelKey, select).el };
}

export async function render(main) {
  let notice = null;
  try {
    notice = await call("get_notice", { id: "privacy" });
  } catch (err) {
    console.error(err);
  }
  const name = field("name", "access.lead.name", { autocomplete: "name", maxlength: 40 });
  const phone = field("phone", "access.lead.phone", { type: "tel", inputmode: "tel", autocomplete: "tel", maxlength: 40 }, "access.lead.phone_help");
  const topic = choice("topic", "access.lead.topic", "access.lead.choose_topic", TOPICS, "access.topics");
  const time = choice("preferred_time", "access.lead.time", "access.lead.choose_time", TIMES, "access.times");
  // Never pre-ticked (NFRA 2023 No. 2 art. 23; PIPL art. 14).
  const consent = h("input", { type: "checkbox", id: "consent_to_contact", name: "consent_to_contact", "aria-describedby": "consent_to_contact-error" });
  const consentField = h("div", { class: "field" },
    h("label", { class: "check", for: "consent_to_contact" }, consent,
      h("span", {}, t("access.lead.consent", { version: notice ? notice.version : "" }))),
    h("p", { class: "help" }, t("access.lead.consent_help")),
    h("p", { class: "error", id: "consent_to_contact-error", role: "alert" }));
  const general = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "stack card access-form", novalidate: true, id: "lead-form" },
    name.el, phone.el, topic.el, time.el, consentField, general,
    h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary btn-lg" }, t("access.lead.send"))));
  const section = h("section", { class: "access-screen stack" },
    h("h1", {}, t("access.lead.title")),
    h("p", { class: "lead" }, t("access.lead.lead")),
    form);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = "";
    try {
      await call("submit_lead", {
        lead: {
          name: name.input.value,
          phone: phone.input.value,
          topic: topic.select.value,
          preferred_time: time.select.value,
          consent_to_contact: consent.checked,
          notice_version: notice ? notice.version : "",
        },
      });
      replace(section,
        h("h1", {}, t("access.lead.thanks_title")),
        h("p", { class: "notice notice-ok", role: "status", id: "lead-sent" }, t("access.lead.thanks")),
        mode() === "kiosk"
          ? h("div", { class: "row" },
            h("a", { class: "btn btn-secondary btn-lg", href: "#/" }, t("access.lead.continue")),
            h("button", { type: "button", class: "btn btn-danger btn-lg", onclick: () => confirmEndAndClear() }, t("kiosk.end_and_clear")))
          : null);
    } catch (err) {
      showFieldError(form, general, err, { ns: "access" });
    }
  });
  main.append(section);
}
