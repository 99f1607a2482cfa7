// The consultation steps that other screens carry out: consents (the privacy screen), the
// questionnaire and its result (the assessment screens), products and clauses (the clause
// presenter). Each shows where the draft stands and links to the screen that does the work.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, formatDate } from "../i18n.js";
import { showError } from "../shell/toast.js";
import { PRIVACY_RETURN_KEY } from "./state.js";
import { adviceSummary, maybe } from "../record/shared.js";
import { leadCard } from "./lead.js";
import { clauseTable } from "../record/clause-states.js";
import { reviewView } from "../record/review.js";

/** Product id -> its clauses in presentation order ({id, must_explain}), fetched once. */
const productClauses = new Map();

async function clausesOf(productId) {
  if (!productClauses.has(productId)) {
    const page = await call("get_product", { id: productId });
    productClauses.set(productId, page.clauses.map((c) => ({ id: c.id, must_explain: c.must_explain })));
  }
  return productClauses.get(productId);
}

/**
 * Where one product stands in this consultation: clauses presented and explicit ones confirmed,
 * and where its presentation resumes - the first clause not shown yet, else the first explicit
 * one not confirmed, else the first (1-based, as the presenter's route).
 */
export function productProgress(clauses, states) {
  const shown = new Set(states.map((s) => s.clause_id));
  const confirmed = new Set(states.filter((s) => s.acknowledged_at).map((s) => s.clause_id));
  const must = clauses.filter((c) => c.must_explain);
  const next = clauses.findIndex((c) => !shown.has(c.id));
  const open = clauses.findIndex((c) => c.must_explain && !confirmed.has(c.id));
  return {
    total: clauses.length,
    shown: clauses.filter((c) => shown.has(c.id)).length,
    must: must.length,
    confirmed: must.filter((c) => confirmed.has(c.id)).length,
    resume: (next >= 0 ? next : Math.max(open, 0)) + 1,
  };
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
  const answers = record.answers;
  const qid = record.questionnaire_id;
  body.append(
    h("p", {}, t("records.consult.questionnaire_intro")),
    h("p", { id: "answers-count" }, t("records.consult.answers_count", { count: answers.length })),
    h("a", { class: "btn btn-primary", href: `#/assess/${encodeURIComponent(qid)}`, id: "open-questionnaire" },
      t(answers.length ? "records.consult.continue_questionnaire" : "records.consult.start_questionnaire")),
    " ",
    h("a", { class: "btn btn-secondary", href: "#/assess" }, t("records.consult.choose_questionnaire")));
}

export async function resultStep(body, record) {
  const advice = record.latest_advice;
  const qid = record.questionnaire_id;
  // A family's policy review, as last computed on the result screen.
  const review = qid === "family" ? await call("get_review", { questionnaireId: qid }).catch(() => null) : null;
  body.append(
    h("div", { class: "card" }, adviceSummary(advice)),
    h("a", { class: "btn btn-primary", href: `#/assess/${encodeURIComponent(qid)}/result`, id: "open-result" },
      t(advice ? "records.consult.open_result" : "records.consult.compute_result")),
    review ? reviewView(review.review, { idPrefix: "step-review" }) : null);
}

export async function productsStep(body, record) {
  const id = record.consultation.id;
  const advice = record.latest_advice;
  const recommended = new Set(((advice && advice.advice.recommendations) || []).map((r) => r.product_id));
  // The products presented come from the backend, derived from this consultation's clause events.
  const [products, scope] = await Promise.all([
    call("list_products").catch(() => []),
    call("clause_states", { consultationId: id }),
  ]);
  const states = scope.states;
  const counts = scope.counts;
  // Per product: how far its presentation got (a product that cannot be read shows no count).
  const progress = new Map(await Promise.all(products.map(async (p) => {
    const clauses = await clausesOf(p.id).catch(() => null);
    return [p.id, clauses ? productProgress(clauses, states) : null];
  })));
  const titles = new Map(Object.entries(scope.titles));
  const shownProducts = new Set(scope.products);
  const chosen = new Set(record.consultation.products);
  const toggle = async (productId, on) => {
    if (on) chosen.add(productId); else chosen.delete(productId);
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
      progressLine(p.id, progress.get(p.id)),
      h("a", { class: "btn btn-ghost", href: `#/product/${encodeURIComponent(p.id)}` }, t("records.consult.product_page")),
      presentLink(id, p.id, progress.get(p.id))))),
    states.length ? clauseTable(states, titles) : h("p", { class: "muted" }, t("records.consult.no_clauses")));
}

/** "Presented 3 / 11 · confirmed 2 / 7" for a product, once any of its clauses was shown. */
function progressLine(productId, pr) {
  if (!pr || pr.shown === 0) return null;
  const complete = pr.shown === pr.total && pr.confirmed === pr.must;
  return h("span", { class: `badge ${complete ? "badge-ok" : "badge-warn"} product-progress`, "data-progress": productId,
    "data-shown": String(pr.shown), "data-confirmed": String(pr.confirmed) },
  t(pr.must ? "records.consult.product_progress" : "records.consult.product_progress_shown", pr));
}

/** Opens the presenter where this product's presentation stands (see `productProgress`). */
function presentLink(consultationId, productId, pr) {
  const at = pr ? pr.resume : 1;
  const started = pr && pr.shown > 0;
  return h("a", {
    class: "btn btn-secondary",
    href: `#/consult/${consultationId}/present/${encodeURIComponent(productId)}/${at}`,
    "data-present": productId,
    "data-resume": String(at),
  }, t(started ? "records.consult.present_resume" : "records.consult.present"));
}
