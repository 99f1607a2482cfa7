// Follow-ups due today and overdue (the agent's local date), most overdue first; one tap opens
// the record, where the follow-up is marked done or moved.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, formatDate, errorMessage } from "../i18n.js";
import { todayLocal } from "./records-shared.js";

export async function render(main) {
  main.append(h("h1", {}, t("records.followups.title")));
  const today = todayLocal();
  let rows;
  try {
    rows = await call("followups_due", { today });
  } catch (err) {
    main.append(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  if (rows.length === 0) {
    main.append(h("div", { class: "empty", id: "followups-empty" },
      h("h2", {}, t("records.followups.empty_title")),
      h("p", {}, t("records.followups.empty")),
      h("a", { class: "btn btn-secondary", href: "#/records" }, t("records.followups.all_records"))));
    return;
  }
  const days = (on) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${on}T00:00:00Z`)) / 86400000);
  main.append(
    h("p", { class: "muted" }, t("records.followups.count", { count: rows.length })),
    h("ul", { class: "list followups" }, rows.map((r) => {
      const late = days(r.follow_up_on);
      return h("li", {},
        h("a", { class: "list-item followup", href: `#/record/${r.id}`, "data-record": r.id },
          h("span", { class: `badge ${late > 0 ? "badge-must" : "badge-warn"}` },
            late > 0 ? t("records.followups.overdue", { days: late }) : t("records.followups.today")),
          h("span", { class: "spacer" },
            h("strong", {}, r.client_name || t("records.list.no_client")),
            r.phone ? h("span", { class: "muted" }, " · ", r.phone) : null),
          h("span", { class: "muted" }, t("records.followups.due_on", { date: formatDate(r.follow_up_on) }))));
    })));
}
