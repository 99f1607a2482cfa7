// The records list: search by the client's name, unit name, phone or contact (Chinese or
// English, any fragment), a date range, follow-ups due, finished or drafts; newest first, a page
// at a time. The query lives in module state so a language switch or coming back keeps it.

import { call } from "../api.js";
import { h, dateInput } from "../dom.js";
import { t, formatDate, formatNumber } from "../i18n.js";
import { todayLocal, statusBadge, followUpText } from "../record/shared.js";
import { field, clearErrors, showFieldError } from "../widgets/form-field.js";

const PAGE_SIZE = 20;
const query = { text: "", from: "", to: "", follow_up_due: false, status: "finished", page: 0 };

export async function render(main) {
  const results = h("div", { id: "records-results", "aria-live": "polite" });
  const general = h("p", { class: "error", role: "alert" });
  const text = field("records-search", "records.list.search", h("input", { type: "search", name: "text", class: "input", value: query.text, autocomplete: "off" }), "records.list.search_help");
  const from = field("records-from", "records.list.from", dateInput({ name: "from", class: "input", value: query.from, placeholder: t("common.date_placeholder") }));
  const to = field("records-to", "records.list.to", dateInput({ name: "to", class: "input", value: query.to, placeholder: t("common.date_placeholder") }));
  const status = field("records-status", "records.list.status", h("select", { name: "status", class: "select" },
    ["finished", "draft", "all"].map((s) => h("option", { value: s, selected: query.status === s }, t(`records.list.statuses.${s}`)))));
  const due = h("input", { type: "checkbox", name: "follow_up_due", id: "records-due", checked: query.follow_up_due });
  const filters = h("form", { class: "card records-filters", role: "search", id: "records-filters" },
    h("div", { class: "filters-grid" }, text.el, from.el, to.el, status.el,
      h("label", { class: "check due-filter", for: "records-due" }, due, h("span", {}, t("records.list.due")))),
    general);
  filters.addEventListener("submit", (e) => e.preventDefault());

  let timer = null;
  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    clearErrors(filters);
    general.textContent = "";
    const q = { page: query.page, page_size: PAGE_SIZE, follow_up_due: query.follow_up_due };
    if (query.text.trim()) q.text = query.text;
    if (query.from) q.from = query.from;
    if (query.to) q.to = query.to;
    if (query.status !== "all") q.status = query.status;
    results.setAttribute("aria-busy", "true");
    try {
      const page = await call("search_records", { query: q, today: todayLocal() });
      if (mine === seq) results.replaceChildren(table(page, load));
    } catch (err) {
      if (mine !== seq) return;
      results.replaceChildren();
      showFieldError(filters, general, err);
    } finally {
      results.setAttribute("aria-busy", "false");
    }
  };
  const changed = (key, value, delay = 0) => {
    query[key] = value;
    query.page = 0;
    clearTimeout(timer);
    timer = setTimeout(load, delay);
  };
  text.input.addEventListener("input", () => changed("text", text.input.value, 250));
  from.input.addEventListener("change", () => changed("from", from.input.value));
  to.input.addEventListener("change", () => changed("to", to.input.value));
  status.input.addEventListener("change", () => changed("status", status.input.value));
  due.addEventListener("change", () => changed("follow_up_due", due.checked));

  main.append(h("div", { class: "records stack" },
    h("div", { class: "row" }, h("h1", {}, t("records.list.title")), h("span", { class: "spacer" }),
      h("a", { class: "btn btn-primary", href: "#/consult" }, t("records.list.new"))),
    filters, results));
  await load();
  return () => clearTimeout(timer);
}

function table(page, load) {
  if (page.total === 0) {
    return h("div", { class: "empty", id: "records-empty" },
      h("h2", {}, t("records.list.empty_title")),
      h("p", {}, t(query.text || query.from || query.to || query.follow_up_due ? "records.list.empty_filtered" : "records.list.empty")),
      h("a", { class: "btn btn-primary", href: "#/consult" }, t("records.list.new")));
  }
  const pages = Math.max(1, Math.ceil(page.total / page.page_size));
  const go = (n) => { query.page = n; load(); };
  return h("div", { class: "stack" },
    h("table", { class: "table records-table" },
      h("thead", {}, h("tr", {},
        ["date", "client", "phone", "agent", "status", "follow_up"].map((k) => h("th", { scope: "col" }, t(`records.list.columns.${k}`))))),
      h("tbody", {}, page.rows.map((r) => h("tr", { "data-record": r.id },
        h("td", {}, formatDate(r.started_at, { time: true })),
        h("td", {}, h("a", { href: `#/record/${r.id}`, class: "record-link" }, r.client_name || t("records.list.no_client")),
          r.client_kind ? h("span", { class: "muted" }, " · ", t(`records.client.kinds.${r.client_kind}`)) : null),
        h("td", {}, r.phone || "—"),
        h("td", {}, r.agent_name || "—"),
        h("td", {}, statusBadge(r.status), r.decision_against_warning ? [" ", h("span", { class: "badge badge-warn" }, t("records.list.against_warning"))] : null),
        h("td", {}, followUpText(r.follow_up_on, r.follow_up_status)))))),
    h("nav", { class: "row pager", "aria-label": t("records.list.pages") },
      h("button", { type: "button", class: "btn btn-secondary", id: "page-prev", disabled: page.page === 0, onclick: () => go(page.page - 1) }, t("records.list.prev_page")),
      h("span", { id: "page-info" }, t("records.list.page", { page: page.page + 1, pages, total: formatNumber(page.total) })),
      h("button", { type: "button", class: "btn btn-secondary", id: "page-next", disabled: page.page + 1 >= pages, onclick: () => go(page.page + 1) }, t("records.list.next_page"))));
}
