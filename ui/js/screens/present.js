// The presenter: an agent shows a client one clause at a time, full window and in large type.
// Inside a consultation (/consult/:consultationId/present/..., opened from its products step;
// at a kiosk, the visitor's own draft once they agreed to saving) each clause displayed is
// recorded as shown; for a must-explain clause the agent records that they explained it, then
// the client - once chosen in the consultation - confirms with their own tick (never
// pre-ticked). Those controls sit in the footer, always in view (present-record.js). Anywhere
// else it is a plainly marked preview: nothing is recorded and the client has no box to tick (the
// backend refuses clause events there too).
// The place lives in the route (.../present/:productId/:index, 1-based; one past the last clause
// is the summary), so a language switch re-renders the same clause. Keys: arrows, Page Up/Down
// and Space (Shift+Space back) move; Enter records "explained" while it is open, else moves on.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, loc, language } from "../i18n.js";
import { navigate } from "../shell/router.js";
import { changeLanguage } from "../shell/app-bar.js";
import { confirmEndAndClear, mode } from "../shell/session.js";
import {
  categoryLabel, mustBadge, clauseSections, wireContent, stateOf, stateName, when, loading, errorNotice,
} from "../widgets/clause-content.js";
import { consultBar } from "../consult/bar.js";
import { rememberStep } from "../consult/state.js";
import { renderRecord } from "../consult/present-record.js";

/** Product pages and clause views already fetched, by id: stepping back and forth is instant.
 * `draft` is the consultation the bar shows, read again after a confirmation changes it. */
const cache = { products: new Map(), clauses: new Map(), draft: null };

/** The agent's draft when it is the consultation presented (for its bar), else null. */
async function draftFor(id) {
  if (!id || mode() !== "agent") return null;
  if (!cache.draft || cache.draft.consultation.id !== id) {
    cache.draft = await call("current_consultation").catch(() => null);
  }
  return cache.draft && cache.draft.consultation.id === id ? cache.draft : null;
}

/** Whether a key press belongs to a control (typing, a button, a box): the presenter leaves it. */
function onControl(target) {
  return Boolean(target.closest?.("input, textarea, select, button, a, summary, [contenteditable]"));
}

async function cached(map, id, command) {
  if (!map.has(id)) map.set(id, await call(command, { id }));
  return map.get(id);
}

/** Smallest horizontal travel (px) that counts as a swipe. */
const SWIPE_MIN = 60;

/** Whether a route is the presenter's (the overlay stays while stepping between clauses). */
const PRESENTER_ROUTE = /^#(\/consult\/[^/]+)?\/present\//;

export async function render(main, { productId, index, consultationId }) {
  document.body.classList.add("presenting");
  const inConsultation = consultationId ? Number.parseInt(consultationId, 10) : null;
  const base = inConsultation
    ? `/consult/${inConsultation}/present/${encodeURIComponent(productId)}`
    : `/present/${encodeURIComponent(productId)}`;
  // Where "exit" and "done" lead: back to the consultation, or to the product page.
  const home = inConsultation ? "#/consult/products" : `#/product/${encodeURIComponent(productId)}`;
  const scopeArgs = inConsultation ? { consultationId: inConsultation } : {};
  const root = h("div", { class: "presenter", id: "presenter", role: "region", "aria-label": t("clauses.present.label") }, loading());
  main.append(root);
  const detach = [];
  const cleanup = () => {
    detach.forEach((fn) => fn());
    // Moving to the next clause re-renders this screen: keep the overlay to avoid a flash of the bar.
    if (!PRESENTER_ROUTE.test(location.hash)) {
      document.body.classList.remove("presenting");
      cache.draft = null; // the consultation may change before the next presentation
    }
  };

  let page;
  let scope;
  let draft;
  try {
    [page, scope, draft] = await Promise.all([
      cached(cache.products, productId, "get_product"), call("clause_states", scopeArgs), draftFor(inConsultation)]);
  } catch (err) {
    replace(root, bar(null, 0, null, home), h("div", { class: "presenter-stage" }, h("h1", {}, t("common.error_title")), errorNotice(err)));
    return cleanup;
  }
  const total = page.clauses.length;
  if (total === 0) {
    replace(root, bar(page, 0, scope, home), h("div", { class: "presenter-stage" }, h("div", { class: "empty" }, h("h1", {}, t("clauses.present.empty")))));
    return cleanup;
  }
  let at = Number.parseInt(index, 10);
  if (!Number.isFinite(at) || at < 1) at = 1;
  if (at > total + 1) at = total + 1;
  const go = (i) => {
    if (i >= 1 && i <= total + 1 && i !== at) navigate(`${base}/${i}`);
  };

  const stage = h("div", { class: "presenter-stage" }, loading());
  // The footer is always in view: the record's controls for this clause, then the way on.
  const controls = h("div", { class: "presenter-controls", id: "present-controls", "aria-live": "polite" },
    h("p", { class: "muted presenter-hint" }, t("clauses.present.keys_hint")));
  const nav = h("footer", { class: "presenter-nav" },
    h("button", { type: "button", class: "btn btn-secondary btn-lg", id: "present-prev", disabled: at <= 1, onclick: () => go(at - 1) }, t("clauses.present.previous")),
    controls,
    h("button", { type: "button", class: "btn btn-primary btn-lg", id: "present-next", disabled: at > total, onclick: () => go(at + 1) },
      at === total ? t("clauses.present.summary_step") : t("clauses.present.next")));
  let context = draft ? consultBar(draft, { step: "products", compact: true }) : null;
  if (draft) rememberStep(draft.consultation.id, "products");
  replace(root, context, bar(page, at, scope, home), stage, nav);

  // Keys anywhere (except while a pop-up is open, or on a control, which keeps its own keys).
  const onKey = (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    if (e.target.matches?.("input[type=text], input[type=search], textarea, select")) return;
    const forward = e.key === "ArrowRight" || e.key === "PageDown";
    const back = e.key === "ArrowLeft" || e.key === "PageUp";
    if (forward || back) {
      e.preventDefault();
      go(forward ? at + 1 : at - 1);
      return;
    }
    if (onControl(e.target)) return;
    if (e.key === " ") {
      e.preventDefault();
      go(e.shiftKey ? at - 1 : at + 1);
    } else if (e.key === "Enter") {
      // The agent's "explained" while it is open; the client's confirmation is never a key here.
      e.preventDefault();
      const explain = document.getElementById("explain");
      if (explain && !explain.disabled) explain.click();
      else go(at + 1);
    }
  };
  document.addEventListener("keydown", onKey);
  detach.push(() => document.removeEventListener("keydown", onKey));

  // Touch swipe: left for the next clause, right for the previous one; a mouse drag selects text.
  let start = null;
  const onDown = (e) => {
    start = e.pointerType === "mouse" ? null : { x: e.clientX, y: e.clientY };
  };
  const onUp = (e) => {
    if (!start) return;
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    start = null;
    if (Math.abs(dx) >= SWIPE_MIN && Math.abs(dy) < Math.abs(dx) / 2) go(dx < 0 ? at + 1 : at - 1);
  };
  stage.addEventListener("pointerdown", onDown);
  stage.addEventListener("pointerup", onUp);
  stage.addEventListener("pointercancel", () => (start = null));
  detach.push(wireContent(stage));

  if (at > total) {
    summary(stage, page, scope, base, home);
    return cleanup;
  }
  const card = page.clauses[at - 1];
  let view;
  let state = null;
  try {
    view = await cached(cache.clauses, card.id, "get_clause");
    if (scope.recording) state = await call("clause_shown", { clauseId: card.id, language: language(), ...scopeArgs });
  } catch (err) {
    replace(stage, h("h1", {}, loc(card.title)), errorNotice(err));
    return cleanup;
  }
  const clause = view.clause;
  const record = h("section", { class: "presenter-record" });
  const title = h("h1", {}, loc(clause.title));
  replace(stage,
    h("article", { class: "presenter-clause", "data-clause": clause.id },
      h("div", { class: "row" },
        h("span", { class: "kicker" }, categoryLabel(clause.category)),
        clause.must_explain ? mustBadge() : null),
      title,
      clauseSections(clause)),
    record);
  if (!state) {
    replace(record, notRecorded(scope));
    return cleanup;
  }
  replace(record, h("p", { class: "muted presenter-times", id: "present-shown-at" }, t("clauses.present.shown_at", { time: when(state.shown_at) })));
  if (clause.must_explain) {
    renderRecord(controls, clause, state, scope, scopeArgs, async (next) => {
      // Keys keep working after the control that had the focus was replaced.
      if (!root.contains(document.activeElement) || document.activeElement === document.body) {
        title.setAttribute("tabindex", "-1");
        title.focus({ preventScroll: true });
      }
      // A confirmation may complete the products step: the bar says so.
      if (next.acknowledged_at && context) {
        cache.draft = null;
        const fresh = await draftFor(inConsultation);
        if (fresh && context.isConnected) {
          const replacement = consultBar(fresh, { step: "products", compact: true });
          context.replaceWith(replacement);
          context = replacement;
        }
      }
    });
  }
  return cleanup;
}

/** Why nothing is recorded here, and where recording happens instead. */
function notRecorded(scope) {
  const kiosk = mode() === "kiosk";
  if (scope.not_recorded === "consent" && !kiosk) {
    return h("p", { class: "notice notice-warn", id: "present-not-recorded", "data-reason": "consent" },
      t("clauses.present.consent_needed"), " ",
      h("a", { href: "#/consult/consents" }, t("clauses.present.to_consents")));
  }
  return h("p", { class: "notice", id: "present-not-recorded", "data-reason": scope.not_recorded || "preview" },
    t(kiosk ? "clauses.present.preview_note_kiosk" : "clauses.present.preview_note"), " ",
    kiosk
      ? h("a", { href: "#/privacy" }, t("clauses.present.to_privacy"))
      : h("a", { href: "#/consult/products" }, t("clauses.present.to_consultation")));
}

/** The presenter's top bar: exit, product, whether this is recorded, progress and the language switch. */
function bar(page, at, scope, home) {
  const total = page ? page.clauses.length : 0;
  const shown = Math.min(at, total);
  return h("header", { class: "presenter-bar" },
    h("a", { class: "btn btn-ghost", id: "present-exit", href: home }, t("clauses.present.exit")),
    h("span", { class: "presenter-product" }, page ? loc(page.product.name) : ""),
    scope ? scopeBadge(scope) : null,
    total > 0
      ? h("div", { class: "progress presenter-progress" },
        h("span", { id: "present-progress", "aria-hidden": "true" },
          at > total ? t("clauses.present.summary_step") : t("clauses.present.progress", { current: shown, total })),
        h("span", { class: "visually-hidden" },
          at > total ? t("clauses.present.summary_step") : t("clauses.present.progress_label", { current: shown, total })),
        progressBar(Math.min(at, total) / total))
      : null,
    // A kiosk visitor keeps "Ask an agent" and "End and clear my data" in reach, as in the app bar.
    mode() === "kiosk"
      ? h("div", { class: "session-tools" },
        h("a", { class: "btn btn-accent", href: "#/ask-agent", id: "present-ask-agent" }, t("kiosk.ask_agent")),
        h("button", { type: "button", class: "btn btn-danger", id: "present-end-and-clear", onclick: () => confirmEndAndClear() }, t("kiosk.end_and_clear")))
      : null,
    h("div", { class: "segmented", role: "group", "aria-label": t("clauses.languages.label") },
      ["zh-CN", "en"].map((lang) =>
        h("button", { type: "button", lang, "aria-pressed": String(language() === lang), "data-present-lang": lang, onclick: () => changeLanguage(lang) },
          t(`clauses.languages.${lang}`)))));
}

/** A preview says so plainly; a consultation names itself. */
function scopeBadge(scope) {
  if (scope.recording) {
    return h("span", { class: "badge badge-ok", id: "present-scope", "data-scope": "consultation" },
      mode() === "kiosk" ? t("clauses.present.recorded_kiosk") : t("clauses.present.in_consultation", { id: scope.consultation_id }));
  }
  return h("span", { class: "badge badge-warn", id: "present-scope", "data-scope": "preview" }, t("clauses.present.preview_badge"));
}

/** The bar's fill; set through the CSSOM because the CSP refuses inline style attributes. */
function progressBar(ratio) {
  const fill = h("span");
  fill.style.width = `${Math.round(ratio * 100)}%`;
  return h("div", { class: "progress-bar", "aria-hidden": "true" }, fill);
}

/** The end: each must-explain clause with its status, and a way back to the missing ones. A
 * preview has no statuses: it says that nothing was recorded. */
function summary(stage, page, scope, base, home) {
  const states = scope.states;
  const must = page.clauses.map((c, i) => ({ c, i })).filter(({ c }) => c.must_explain);
  const rows = must.map(({ c, i }) => ({ c, i, status: scope.recording ? stateName(stateOf(states, c)) : null }));
  const missing = rows.filter((r) => r.status !== "acknowledged");
  let verdict;
  if (!scope.recording) verdict = notRecorded(scope);
  else if (must.length === 0) verdict = h("p", { class: "notice" }, t("clauses.present.summary_none"));
  else if (missing.length === 0) verdict = h("p", { class: "notice notice-ok", id: "summary-verdict", "data-complete": "true" }, t("clauses.present.summary_all", { count: must.length }));
  else verdict = h("p", { class: "notice notice-warn", id: "summary-verdict", "data-complete": "false" }, t("clauses.present.summary_missing", { missing: missing.length, count: must.length }));
  replace(stage,
    h("section", { class: "presenter-summary stack" },
      h("h1", {}, t("clauses.present.summary_title")),
      verdict,
      rows.length > 0
        ? h("ul", { class: "list", role: "list" },
          rows.map(({ c, i, status }) =>
            h("li", { class: "list-item summary-item", "data-summary": c.id, "data-status": status || "preview" },
              h("span", {}, loc(c.title)),
              h("span", { class: "spacer" }),
              status ? h("span", { class: `badge ${status === "acknowledged" ? "badge-ok" : "badge-warn"}` }, t(`clauses.present.status.${status}`)) : null,
              status === "acknowledged"
                ? null
                : h("a", { class: "btn btn-secondary", href: `#${base}/${i + 1}` }, t("clauses.present.go_to")))))
        : null,
      h("a", { class: "btn btn-primary btn-lg", id: "present-done", href: home }, t(base.startsWith("/consult/") ? "clauses.present.back_to_consultation" : "clauses.present.back_to_product"))));
}
