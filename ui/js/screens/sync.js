// The admin screen of the fleet sync (More > Sync with head office): the state in words, what
// waits, the last success and attempt, and the last problem in plain words by its kind - never
// the server's message, SQL or an address (`presale sync status` on the device says more).

import { h, replace } from "../dom.js";
import { t, formatDate } from "../i18n.js";
import { mode } from "../shell/session.js";
import { refresh } from "../shell/sync-indicator.js";
import { showError } from "../shell/toast.js";

export async function render(main) {
  main.append(h("h1", {}, t("fleet.screen.title")), h("p", { class: "lead muted" }, t("fleet.screen.lead")));
  const body = h("div", { class: "sync-status" });
  main.append(body);
  if (mode() === "kiosk") {
    replace(body, h("p", { class: "notice notice-warn" }, t("fleet.screen.agent_only")));
    return;
  }
  const show = async () => {
    try {
      const s = await refresh();
      if (s) draw(body, s);
    } catch (err) {
      showError(err);
    }
  };
  await show();
}

function draw(body, s) {
  if (!s.configured) {
    replace(body, h("div", { class: "empty", id: "sync-not-configured" }, h("p", {}, t("fleet.screen.not_configured"))));
    return;
  }
  const when = (v) => (v ? formatDate(v, { time: true }) : t("fleet.screen.never"));
  const row = (label, value, id) => [h("dt", {}, t(label)), h("dd", { id }, value)];
  const kind = s.state === "failing" ? "notice-danger" : s.state === "sent" ? "notice-ok" : "notice-warn";
  const refreshButton = h("button", { type: "button", class: "btn btn-secondary", id: "sync-refresh" }, t("fleet.screen.refresh"));
  refreshButton.addEventListener("click", async () => {
    refreshButton.disabled = true;
    try {
      const next = await refresh();
      if (next) draw(body, next);
    } catch (err) {
      showError(err);
      refreshButton.disabled = false;
    }
  });
  replace(body,
    h("section", { class: "card stack", id: "sync-status", "data-state": s.state },
      h("p", { class: `notice ${kind}`, id: "sync-state" }, t(`fleet.screen.state.${s.state}`)),
      h("dl", { class: "sync-facts" },
        row("fleet.screen.waiting_label", t("fleet.screen.waiting_count", { records: s.records_waiting, count: s.waiting }), "sync-waiting"),
        row("fleet.screen.last_success_label", when(s.last_success_at), "sync-last-success"),
        row("fleet.screen.last_attempt_label", when(s.last_attempt_at), "sync-last-attempt"),
        row("fleet.screen.problem_label", s.problem ? t(`fleet.problem.${s.problem}`) : t("fleet.screen.none"), "sync-last-problem")),
      h("p", { class: "muted" }, t("fleet.screen.background")),
      h("div", { class: "row" }, refreshButton)));
}
