// The printout of a record for the client: a demands-and-needs statement (需求分析与告知确认书)
// with the needs analysis in sentences and tables, the household's policy review (its coverage
// grid and findings), the products presented, per product which
// clauses were shown, explained and acknowledged (said only of what was), the outcome, the
// client's decision, the consents given, and the agent's name and licence number. No ids or
// hashes: those stay in the record's details and the export. No app chrome, on screen or on
// paper; "Print / save as PDF" uses the webview's print with print.css.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, formatDate, errorMessage } from "../i18n.js";
import { details, clientRows, maybe } from "../record/shared.js";
import { adviceForClient } from "../record/advice.js";
import { reviewView } from "../record/review.js";
import { clauseReportView } from "../record/clauses.js";
import { outcomeText, retentionText } from "../record/outcome.js";

export async function render(main, params) {
  const id = Number(params.id);
  document.body.classList.add("print-view");
  const cleanup = () => document.body.classList.remove("print-view");
  let record, company, products, clauses;
  try {
    [record, clauses, company, products] = await Promise.all([
      call("get_record", { id }),
      call("record_clauses", { id }),
      call("get_company").catch(() => null),
      call("list_products").catch(() => []),
    ]);
  } catch (err) {
    main.append(h("h1", {}, t("records.print.title")),
      h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)),
      h("a", { class: "btn btn-secondary", href: `#/record/${params.id}` }, t("records.print.back")));
    return cleanup;
  }
  const c = record.consultation;
  const productName = (pid) => loc(products.find((p) => p.id === pid)?.name) || t("records.print.unknown_product");
  const when = (v) => (v ? formatDate(v, { time: true }) : "—");
  const date = c.ended_at || c.updated_at;
  main.append(
    h("div", { class: "print-toolbar row no-print" },
      h("button", { type: "button", class: "btn btn-primary", id: "print-now", onclick: () => window.print() }, t("records.print.print")),
      h("a", { class: "btn btn-secondary", href: `#/record/${c.id}`, id: "print-back" }, t("records.print.back")),
      h("span", { class: "help" }, t("records.print.hint"))),
    h("article", { class: "print-doc stack", id: "print-doc" },
      h("header", { class: "print-head" },
        company ? h("p", { class: "print-company" }, loc(company.name)) : null,
        h("h1", {}, t("records.print.title")),
        h("p", { class: "muted" }, t("records.print.subtitle", { id: c.id, date: formatDate(date) }))),
      h("section", {}, h("h2", {}, t("records.print.client")),
        record.client ? details(clientRows(record.client).slice(0, 3)) : h("p", {}, "—")),
      h("section", { id: "print-needs" }, h("h2", {}, t("records.print.needs")), adviceForClient(record.latest_advice)),
      // The household's policy review, the latest kept with the consultation.
      record.latest_review ? reviewView(record.latest_review, { idPrefix: "print-review" }) : null,
      h("section", {}, h("h2", {}, t("records.print.products")),
        c.products.length ? h("ul", { id: "print-products" }, c.products.map((p) => h("li", {}, productName(p)))) : h("p", {}, t("records.record.no_products"))),
      h("section", { id: "print-clauses" }, h("h2", {}, t("records.print.clauses")),
        clauses.totals.shown ? clauseReportView(clauses, { day: date, id: "print-clause-report" }) : h("p", {}, t("records.print.no_clauses"))),
      h("section", {}, h("h2", {}, t("records.print.decision")),
        h("p", { id: "print-outcome" }, outcomeText(record.outcome, productName)),
        c.decision ? h("p", { class: "print-decision" }, c.decision) : null,
        c.decision_against_warning ? h("p", { class: "notice notice-warn" }, t("records.print.against_warning")) : null),
      // PIPL: which purposes the client agreed to, under which notice, and when.
      h("section", { id: "print-consents" }, h("h2", {}, t("records.print.consents")),
        record.consents.length
          ? h("ul", {}, record.consents.map((k) => h("li", {},
            maybe(`access.privacy.purpose.${k.purpose}`, k.purpose), " · ",
            t("records.record.consent_line", { version: k.notice_version, time: when(k.granted_at) }),
            k.withdrawn_at ? [" · ", t("records.record.withdrawn", { time: when(k.withdrawn_at) })] : null)))
          : h("p", {}, t("records.record.no_consents")),
        h("p", { id: "print-retention" }, t("records.print.retention", { text: retentionText(record.retention) }))),
      h("section", { class: "print-agent" }, h("h2", {}, t("records.print.agent")),
        h("p", { id: "print-agent" }, t("records.record.agent_line", { name: c.agent_name || "—", licence: c.agent_licence || "—" })),
        h("p", { class: "help" }, t("records.print.statement"))),
      h("div", { class: "signatures" },
        h("div", {}, h("span", { class: "sign-line" }), t("records.print.client_signature")),
        h("div", {}, h("span", { class: "sign-line" }), t("records.print.agent_signature")),
        h("div", {}, h("span", { class: "sign-line" }), t("records.print.date")))));
  return cleanup;
}

