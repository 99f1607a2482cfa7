// The kiosk's attract screen: what this terminal is for, and "Start" in both languages.

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { startVisit, CLEARED_FLAG } from "../shell/session.js";
import { navigate } from "../shell/router.js";

export async function render(main) {
  const start = () => {
    startVisit();
    navigate("/");
  };
  // After a visitor's own "End and clear": say it was done (the flag holds nothing of theirs).
  let cleared = false;
  try {
    cleared = sessionStorage.getItem(CLEARED_FLAG) === "1";
    sessionStorage.removeItem(CLEARED_FLAG);
  } catch (_) {
    // No storage: nothing to confirm.
  }
  main.append(
    h("section", { class: "attract stack" },
      cleared ? h("p", { class: "notice notice-ok", role: "status", id: "visit-cleared" }, t("kiosk.cleared")) : null,
      h("img", { class: "attract-mark", src: "img/logo.svg", alt: "" }),
      h("h1", {}, h("span", { lang: "zh-CN" }, "保险咨询自助服务"), h("span", { class: "attract-en", lang: "en" }, "Insurance self-service")),
      h("p", { class: "lead" }, t("kiosk.attract_lead")),
      h("button", { type: "button", class: "btn btn-primary btn-lg attract-start", id: "start", onclick: start },
        h("span", { lang: "zh-CN" }, "开始"), " / ", h("span", { lang: "en" }, "Start")),
      h("p", { class: "muted" }, t("kiosk.attract_privacy"))),
  );
}
