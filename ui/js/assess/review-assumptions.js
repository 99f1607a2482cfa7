// The household review's assumptions on the result screen: the core's table (compute_review's
// `editable`, the family table's shape) shown with the values the review used, editable by an
// agent (assess/parts.js `assumptionItems`, as the family advice's), read only at a kiosk. Each
// earner's income share is edited on its own line, named by the member; moving one share moves
// the others so they still add up to 1.

import { h } from "../dom.js";
import { t, loc } from "../i18n.js";
import { assumptionItems } from "./parts.js";
import { shiftDecimal } from "./common.js";

const GROUPS = ["earners", "members", "review"];

/** The edits a review was made with, as compute_review takes them back: {field: value}. */
export function editsOf(review) {
  return Object.fromEntries((review?.edited || []).map((e) => [e.field, e.value]));
}

/** Millionths from a share's decimal string ("0.6" -> 600000), exactly. */
const millionths = (share) => Number(shiftDecimal(String(share ?? "0"), 6) || 0);

/**
 * The income shares with `member`'s set to `value`: the other earners share what is left in
 * the proportion they had (equally if they had nothing), the last taking the rounding, so the
 * shares add up to exactly 1.
 */
export function sharesWith(review, member, value) {
  const earners = review.members.filter((m) => m.earner);
  const others = earners.filter((m) => m.member !== member);
  const rest = 1_000_000 - millionths(value);
  const base = others.reduce((s, m) => s + millionths(m.income_share), 0);
  const out = { [member]: value };
  let left = rest;
  others.forEach((m, i) => {
    const share = i === others.length - 1
      ? left
      : Math.round(base > 0 ? (rest * millionths(m.income_share)) / base : rest / others.length);
    left -= share;
    out[m.member] = shiftDecimal(String(Math.max(0, share)), -6);
  });
  return out;
}

/** The table's entries as this household shows them, each with its key and its value. */
function entries(outcome) {
  const review = outcome.review;
  const earners = review.members.filter((m) => m.earner);
  return (outcome.editable || []).flatMap((a) => {
    const key = `review-${a.field}`;
    if (a.field === "income_shares") {
      // One earner carries the whole household: nothing to share out.
      if (earners.length < 2) return [];
      return earners.map((m) => ({
        ...a, key: `${key}-${m.member}`, member: m.member,
        label: t("advice.review.assumptions.share_of", { member: loc(m.label) }),
        note: t("advice.review.assumptions.by_income"), value: m.income_share,
      }));
    }
    if (a.field === "support_years") {
      return [{ ...a, key, note: t("advice.review.assumptions.by_youngest_child"), value: review.support_years }];
    }
    return [{ ...a, key, value: review.assumptions?.[a.field] }];
  });
}

/**
 * The panel: the assumptions by group, each with the value used; `edit` null when read only,
 * else {overrides, onEdit(field, value, {debounce}, entry)}; `onResetAll` restores every default.
 */
export function assumptionsPanel(outcome, edit, onResetAll) {
  const list = entries(outcome);
  const anyEdited = edit && Object.keys(edit.overrides).length > 0;
  return h("section", { class: "stack review-assumptions", id: "review-assumptions" },
    h("h3", {}, t("advice.review.assumptions.title")),
    h("p", { class: "help" }, t(edit ? "advice.review.assumptions.help_agent" : "advice.review.assumptions.help")),
    anyEdited
      ? h("div", { class: "row" }, h("button", { type: "button", class: "btn btn-ghost", id: "reset-review-assumptions", onclick: onResetAll }, t("assess.result.reset_all")))
      : null,
    h("div", { class: "method-grid review-assumption-groups" },
      GROUPS.map((g) => {
        const items = assumptionItems(list.filter((a) => a.method === g), (a) => a.value, edit,
          { title: t(`advice.review.assumptions.${g}`), id: `review-assumptions-${g}` });
        return items ? h("div", { class: "card" }, items) : null;
      })));
}
