// The consultation steps that other screens carry out: consents (the privacy screen), the
// questionnaire and its result (the assessment screens), products and clauses (the clause
// presenter). Each shows where the draft stands and links to the screen that does the work.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, formatDate } from "../i18n.js";
import { showError } from "../app.js";
import { questionnaireId } from "./consult.js";
import { latestAdvice, adviceSummary, clauseCounts, maybe } from "./records-shared.js";
import { RETURN_KEY as PRIVACY_RETURN_KEY } from "./privacy.js";
import { leadCard } from "./consult-lead.js";

/** Clause id -> {title, product_id}, fetched once per session of the window. */
const clauseCache = new Map();

/** Titles and products of the clauses in `states` (unknown ids keep their id as the title). */
export async function clauseInfo(states) {
  await Promise.all(states.map(async (s) => {
    if (clauseCache.has(s.clause_id)) return;
    try {
      const v = await call("get_clause", { id: s.clause_id });
      clauseCache.set(s.clause_id, { title: v.clause.title, product_id: v.clause.product_id, product_name: v.product_name });
    } catch (_) {
      clauseCache.set(s.clause_id, { title: s.clause_id, product_id: null, product_name: null });
    }
  }));
  return clauseCache;
}

export async function consentsStep(body, record) {
  const inForce = record.consents.filter((c) => !c.withdrawn_at);
  await leadCard(body, record);
  body.append(
    h("p", {}, t("records.consult.consents_intro")),
    inForce.length
      ? h("ul", { class: "list", id: "consents-given" }, inForce.map((c) => h("li", { class: "list-item", "data-purpose": c.purpose },
        h("span", { class: "badge badge-ok" }, "✓"),
        h("span", { class: "spacer" }, maybe(`access.privacy.purpose.${c.purpose}`, c.purpose),
          c.carried_from_consultation
            ? h("span", { class: "muted carried" }, " · ", t("records.consult.carried_from", { id: c.carried_from_consultation }))
            : null),
        h("span", { class: "muted" }, formatDate(c.granted_at, { time: true })))))
      : h("p", { class: "notice notice-warn" }, t("records.consult.no_consents")),
    // A returning client's consents carry over once their file is chosen (same notice version).
    ...(!inForce.length && !record.client
      ? [h("p", { class: "help", id: "returning-hint" }, t("records.consult.returning_hint"), " ",
        h("a", { class: "btn btn-secondary", href: "#/consult/client", id: "choose-returning" }, t("records.consult.choose_returning")))]
      : []),
    h("a", {
      class: "btn btn-primary", href: "#/privacy", id: "open-consents",
      onclick: () => sessionStorage.setItem(PRIVACY_RETURN_KEY, "/consult/consents"),
    }, t("records.consult.open_consents")));
}

export async function questionnaireStep(body, record) {
  const answers = (record.attached && record.attached.answers) || [];
  const qid = questionnaireId(record);
  body.append(
    h("p", {}, t("records.consult.questionnaire_intro")),
    h("p", { id: "answers-count" }, t("records.consult.answers_count", { count: answers.length })),
    h("a", { class: "btn btn-primary", href: `#/assess/${encodeURIComponent(qid)}`, id: "open-questionnaire" },
      t(answers.length ? "records.consult.continue_questionnaire" : "records.consult.start_questionnaire")),
    " ",
    h("a", { class: "btn btn-secondary", href: "#/assess" }, t("records.consult.choose_questionnaire")));
}

export async function resultStep(body, record) {
  const advice = latestAdvice(record);
  const qid = questionnaireId(record);
  body.append(
    h("div", { class: "card" }, adviceSummary(advice)),
    h("a", { class: "btn btn-primary", href: `#/assess/${encodeURIComponent(qid)}/result`, id: "open-result" },
      t(advice ? "records.consult.open_result" : "records.consult.compute_result")));
}

export async function productsStep(body, record) {
  const id = record.consultation.id;
  const advice = latestAdvice(record);
  const recommended = new Set(((advice && advice.advice.recommendations) || []).map((r) => r.product_id));
  // The products presented come from the backend, derived from this consultation's clause events.
  const [products, scope] = await Promise.all([
    call("list_products").catch(() => []),
    call("clause_states", { consultationId: id }),
  ]);
  const states = scope.states;
  const counts = clauseCounts(states);
  const info = new Map(Object.entries(scope.titles).map(([clauseId, title]) => [clauseId, { title }]));
  const shownProducts = new Set(scope.products);
  const chosen = new Set(record.consultation.products);
  const toggle = async (id, on) => {
    if (on) chosen.add(id); else chosen.delete(id);
    try {
      await call("update_record", { id, edit: { products: [...chosen] } });
    } catch (err) {
      showError(err);
    }
  };
  body.append(
    // Nothing presented yet: no count of confirmations to show.
    ...[states.length
      ? h("p", { id: "clause-summary", class: counts.must && counts.acknowledged < counts.must ? "notice notice-warn" : "notice" },
        t("records.consult.clause_summary", counts))
      : null,
    scope.recording ? null : h("p", { class: "notice notice-warn", id: "products-not-recorded" }, t("records.consult.present_needs_consent")),
    ].filter(Boolean),
    h("ul", { class: "list" }, products.map((p) => h("li", { class: "list-item product-row" },
      h("label", { class: "check spacer" },
        h("input", { type: "checkbox", "data-product": p.id, checked: chosen.has(p.id) || shownProducts.has(p.id), disabled: shownProducts.has(p.id),
          onchange: (e) => toggle(p.id, e.target.checked) }),
        h("span", {}, h("strong", {}, loc(p.name)), " ",
          recommended.has(p.id) ? h("span", { class: "badge badge-info" }, t("records.consult.recommended")) : null,
          p.must_explain_count ? h("span", { class: "muted" }, " ", t("records.consult.must_explain_count", { count: p.must_explain_count })) : null)),
      h("a", { class: "btn btn-ghost", href: `#/product/${encodeURIComponent(p.id)}` }, t("records.consult.product_page")),
      h("a", { class: "btn btn-secondary", href: `#/consult/${id}/present/${encodeURIComponent(p.id)}/1`, "data-present": p.id }, t("records.consult.present"))))),
    states.length ? clauseTable(states, info) : h("p", { class: "muted" }, t("records.consult.no_clauses")));
}

/** The clause states: shown, explained, acknowledged (times), content hash prefix. */
export function clauseTable(states, info) {
  const time = (v) => (v ? formatDate(v, { time: true }) : "—");
  return h("table", { class: "table clause-states" },
    h("thead", {}, h("tr", {},
      ["clause", "shown", "explained", "acknowledged", "hash"].map((k) => h("th", { scope: "col" }, t(`records.clauses.${k}`))))),
    h("tbody", {}, states.map((s) => h("tr", { "data-clause": s.clause_id },
      h("td", {}, loc(info.get(s.clause_id)?.title) || s.clause_id, " ",
        s.must_explain ? h("span", { class: "badge badge-must" }, t("records.clauses.must_explain")) : null),
      h("td", {}, time(s.shown_at)),
      h("td", {}, time(s.explained_at)),
      h("td", {}, s.acknowledged_at ? time(s.acknowledged_at) : (s.must_explain ? h("span", { class: "badge badge-warn" }, t("records.clauses.not_acknowledged")) : "—")),
      h("td", {}, h("code", {}, String(s.content_hash).slice(0, 10)))))));
}
