// What a record says about the clauses, for the record view and the client's printout: per
// product presented, each clause with when it was shown, explained and acknowledged, and a summary
// sentence counted from those same rows (the backend's `record_clauses` report). "Acknowledged"
// is said only of what the client acknowledged; what was not is said plainly.

import { h } from "../dom.js";
import { t, loc, formatDate, language } from "../i18n.js";

/** A time as short as it can be read: the time alone on the consultation's own day. */
function when(value, day) {
  if (!value) return "";
  if (!day || formatDate(value) !== formatDate(day)) return formatDate(value, { time: true });
  return new Intl.DateTimeFormat(language(), { hour: "2-digit", minute: "2-digit" }).format(new Date(value));
}

function title(line) {
  return loc(line.title) || t("records.clauses.removed");
}

function productTitle(group) {
  return loc(group.name) || t("records.clauses.no_product");
}

/** The summary sentences: true of the rows below them, nothing more. */
export function clauseSummary(report) {
  const n = report.totals;
  if (!n.shown) return [t("records.print.no_clauses")];
  const out = [t("records.clauses.summary", n)];
  if (n.must_unexplained) {
    // Per product, the clauses it left unexplained: "产品A的“甲”、“乙”；产品B的“丙”".
    const names = report.products
      .map((p) => [p, p.clauses.filter((l) => l.must_explain && !l.explained_at)])
      .filter(([, lines]) => lines.length)
      .map(([p, lines]) => t("records.clauses.of_product", {
        product: productTitle(p),
        clauses: lines.map((l) => t("records.clauses.quoted", { clause: title(l) })).join(t("records.clauses.clause_sep")),
      }));
    out.push(t("records.clauses.summary_unexplained", { count: n.must_unexplained, list: names.join(t("records.clauses.list_sep")) }));
  }
  out.push(n.unacknowledged
    ? t("records.clauses.summary_unacknowledged", { count: n.unacknowledged })
    : t("records.clauses.summary_all_acknowledged"));
  return out;
}

/** One table per product: clause, shown, explained, acknowledged - each in words. */
export function clauseReportView(report, { day = null, id = "clause-report" } = {}) {
  const summary = clauseSummary(report);
  return h("div", { class: "stack clause-report", id },
    h("p", { class: `clause-summary${report.totals.must_unexplained || report.totals.unacknowledged ? " notice notice-warn" : ""}`, id: `${id}-summary` },
      summary.join("")),
    report.products.map((p) => h("section", { class: "clause-product", "data-product": p.product_id || "" },
      h("h3", {}, productTitle(p)),
      h("table", { class: "table clause-report-table" },
        h("colgroup", {}, ["clause", "shown", "explained", "acknowledged"].map((k) => h("col", { class: `col-${k}` }))),
        h("thead", {}, h("tr", {}, ["clause", "shown", "explained", "acknowledged"].map((k) => h("th", { scope: "col" }, t(`records.clauses.${k}_col`))))),
        h("tbody", {}, p.clauses.map((l) => h("tr", { "data-clause": l.clause_id, "data-status": l.status },
          h("td", {}, title(l),
            l.must_explain ? h("span", { class: "must-note" }, t("records.clauses.must_note")) : null,
            l.earlier_versions ? h("span", { class: "help" }, ` ${t("records.clauses.newer_wording")}`) : null),
          h("td", {}, when(l.shown_at, day)),
          h("td", { class: l.explained_at ? "" : "clause-missing" },
            l.explained_at ? t("records.clauses.explained_at", { time: when(l.explained_at, day) }) : t("records.clauses.not_explained")),
          h("td", { class: l.acknowledged_at ? "" : "clause-missing" },
            l.acknowledged_at ? t("records.clauses.acknowledged_at", { time: when(l.acknowledged_at, day) }) : t("records.clauses.not_acknowledged")))))))));
}
