// Every follow-up still to make, grouped as the backend says they stand against the agent's
// local date: overdue, today, the coming 7 days, later. One tap opens the record, where the
// follow-up is marked done or moved.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, errorMessage } from "../i18n.js";
import { todayLocal } from "../record/shared.js";
import { followUpItem } from "../record/followup.js";

const GROUPS = ["overdue", "today", "soon", "later"];

export async function render(main) {
  main.append(h("h1", {}, t("records.followups.title")));
  let rows;
  try {
    rows = await call("list_followups", { today: todayLocal() });
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
  main.append(h("p", { class: "muted" }, t("records.followups.count", { count: rows.length })));
  for (const group of GROUPS) {
    const items = rows.filter((f) => f.due === group);
    if (!items.length) continue;
    main.append(h("section", { class: "stack followup-group", id: `followups-${group}`, "aria-labelledby": `followups-${group}-heading` },
      h("h2", { id: `followups-${group}-heading` }, t(`records.followups.groups.${group}`)),
      h("ul", { class: "list followups" }, items.map(followUpItem))));
  }
}
