// The privacy notice (versioned content, in the interface language) and consent per purpose:
// saving the consultation, being contacted, health questions (sensitive, separate), a guardian's
// consent for an insured under 14. Nothing is pre-ticked; a purpose not ticked is simply not
// recorded, and what it covers is not asked or kept. An agent can withdraw a consent here.

import { call } from "../api.js";
import { h, setContentHtml } from "../dom.js";
import { t, loc, errorMessage, formatDate } from "../i18n.js";
import { mode } from "../shell/session.js";
import { navigate } from "../shell/router.js";
import { showError, toast } from "../shell/toast.js";
import { PRIVACY_RETURN_KEY } from "../consult/state.js";

/** Every purpose, in order; the backend says which apply to the client (none of health or a
 * guardian for a company). */
const PURPOSES = ["save_consultation", "contact", "health_data", "guardian"];

export async function render(main) {
  main.append(h("h1", {}, t("access.privacy.title")));
  let notice;
  let consents = [];
  let offered = PURPOSES;
  try {
    [notice, consents, offered] = await Promise.all([call("get_notice", { id: "privacy" }), call("get_consents"), call("consent_purposes")]);
  } catch (err) {
    main.append(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  const inForce = new Map(consents.filter((c) => !c.withdrawn_at).map((c) => [c.purpose, c]));
  // The body was rendered from the content library and sanitised with ammonia by the backend.
  const body = setContentHtml(h("div", { class: "prose notice-body", tabindex: "0" }), loc(notice.body_html));
  // Fewer than all: the client is a company (no health, no guardian).
  const enterprise = !offered.includes("health_data");
  const boxes = PURPOSES.filter((p) => offered.includes(p)).map((p) => {
    const given = inForce.get(p);
    const box = h("input", { type: "checkbox", id: `consent-${p}`, name: p, "data-purpose": p, checked: given ? true : null, disabled: given ? true : null });
    return h("div", { class: "field consent-item" },
      h("label", { class: "check", for: `consent-${p}` }, box,
        h("span", {}, h("strong", {}, t(`access.privacy.purpose.${p}`)), h("br"), h("span", { class: "help" }, t(`access.privacy.purpose_help.${p}`)))),
      given ? h("p", { class: "help" }, t("access.privacy.given", { time: formatDate(given.granted_at, { time: true }), version: given.notice_version }),
        given.carried_from ? [" ", h("span", { class: "carried" }, t("access.privacy.carried", { id: given.given_in }))] : null,
        mode() === "agent"
          ? h("button", { type: "button", class: "btn btn-ghost", "data-withdraw": given.id, onclick: () => withdraw(given.id) }, t("access.privacy.withdraw"))
          : null)
        : null);
  });
  const form = h("form", { class: "stack card", id: "consent-form" },
    h("h2", {}, t("access.privacy.choose")),
    h("p", { class: "help" }, t("access.privacy.choose_help")),
    enterprise ? h("p", { class: "help", id: "enterprise-consents" }, t("access.privacy.enterprise_help")) : null,
    boxes,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "btn btn-primary btn-lg" }, t("access.privacy.confirm")),
      h("a", { class: "btn btn-secondary btn-lg", href: "#/" }, t("access.privacy.later"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const purposes = [...form.querySelectorAll("input[data-purpose]:checked:not(:disabled)")].map((i) => i.dataset.purpose);
    try {
      if (purposes.length) await call("record_consents", { noticeVersion: notice.version, purposes });
      toast(purposes.length ? t("access.privacy.saved") : t("access.privacy.none_saved"));
      // Opened from a step of the consultation flow: go back to that step.
      const back = sessionStorage.getItem(PRIVACY_RETURN_KEY);
      sessionStorage.removeItem(PRIVACY_RETURN_KEY);
      navigate(back || "/");
    } catch (err) {
      showError(err);
    }
  });
  main.append(
    h("section", { class: "privacy stack" },
      h("h2", {}, loc(notice.title), " ", h("span", { class: "badge badge-info" }, t("access.privacy.version", { version: notice.version }))),
      body,
      form),
  );
}

async function withdraw(id) {
  try {
    await call("withdraw_consent", { id });
    toast(t("access.privacy.withdrawn"));
    // Re-render: the withdrawn purpose is unticked again and its data is gone.
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } catch (err) {
    showError(err);
  }
}
