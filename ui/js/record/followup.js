// A follow-up as the agent's lists show it (the home's panel and the follow-ups screen): how it
// stands in words, its badge, and the link to its record.

import { h } from "../dom.js";
import { t, formatDate } from "../i18n.js";

/** How a follow-up stands, in words: "3 days overdue", "Due today", "In 5 days". */
export function dueLabel(f) {
  if (f.due === "overdue") return t("records.followups.overdue", { days: -f.days });
  if (f.due === "today") return t("records.followups.today");
  return t("records.followups.in_days", { days: f.days });
}

/** The badge colour of a follow-up's state. */
export function dueBadge(f) {
  return { overdue: "badge-must", today: "badge-warn" }[f.due] || "badge-info";
}

/** One follow-up as a link to its record. */
export function followUpItem(f) {
  return h("li", {},
    h("a", { class: "list-item followup", href: `#/record/${f.id}`, "data-record": f.id, "data-due": f.due },
      h("span", { class: `badge ${dueBadge(f)}` }, dueLabel(f)),
      h("span", { class: "spacer" },
        h("strong", {}, f.client_name || t("records.list.no_client")),
        f.phone ? h("span", { class: "muted" }, " · ", f.phone) : null),
      h("span", { class: "muted" }, t("records.followups.due_on", { date: formatDate(f.follow_up_on) }))));
}
