// The household kept in the client file (records::household): the members and the policies
// held, as of the consultation they come from, read-only (they change through a consultation).
// Choices are worded with the family questionnaire's own labels; a policy's insured person by
// name or relation, never by a row id; ages as of today; amounts rounded for people.

import { h } from "../dom.js";
import { t, loc, formatDate } from "../i18n.js";
import { roundedMoney } from "./advice.js";
import { todayLocal } from "./shared.js";
import { labels } from "./answers.js";

/** A choice's label from the group's question, else the stored value. */
function option(group, question, value) {
  const q = group?.questions.find((x) => x.id === question);
  const o = q && (q.options || []).find((p) => p.value === value);
  return o ? loc(o.label) : String(value);
}

/** Whole years from `birth` (YYYY-MM-DD) to `today`. */
function age(birth, today) {
  const [by, bm, bd] = String(birth).split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  if (!by) return null;
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Each member's name for the policies: the name, else the relation ("子女 1", "子女 2"). */
function memberNames(members, group) {
  const own = members.map((m) => m.name || option(group, "relation", m.relation || ""));
  const seen = new Map();
  return new Map(members.map((m, i) => {
    const alike = own.filter((x) => x === own[i]).length;
    if (alike < 2) return [m.id, own[i]];
    seen.set(own[i], (seen.get(own[i]) || 0) + 1);
    return [m.id, `${own[i]} ${seen.get(own[i])}`];
  }));
}

function table(id, columns, rows) {
  return h("div", { class: "household-file-wrap", tabindex: "0", role: "region", "aria-labelledby": `${id}-h` },
    h("table", { class: "table household-file-table", id },
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, t(`records.household.columns.${c}`))))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))))))));
}

/** The client file's Household section; `household` is `client.household` (or absent). */
export async function householdSection(household) {
  const body = [];
  if (!household) {
    body.push(h("p", { class: "muted", id: "household-none" }, t("records.household.none")));
  } else {
    const defs = await labels("family");
    const mg = defs.get("members");
    const pg = defs.get("policies");
    const today = todayLocal();
    const names = memberNames(household.members, mg);
    const dash = "—";
    body.push(h("p", { class: "household-as-of", id: "household-as-of" },
      t("records.household.as_of", { date: formatDate(household.as_of) }), " ",
      h("a", { href: `#/record/${household.consultation_id}` }, t("records.household.open_source"))));
    body.push(h("h3", { id: "household-members-h" }, t("records.household.members")));
    body.push(household.members.length
      ? table("household-members", ["relation", "name", "age", "income", "occupation"], household.members.map((m) => {
        const years = m.birth_date ? age(m.birth_date, today) : null;
        return [
          option(mg, "relation", m.relation || dash),
          m.name || dash,
          years == null ? dash : t("records.household.age_value", { age: years }),
          m.annual_income != null ? roundedMoney(m.annual_income) : dash,
          m.occupation_class != null ? t("records.household.occupation_value", { n: m.occupation_class }) : dash,
        ];
      }))
      : h("p", { class: "muted" }, t("records.household.no_members")));
    body.push(h("h3", { id: "household-policies-h" }, t("records.household.policies")));
    body.push(household.policies.length
      ? table("household-policies", ["insurer", "product", "kind", "insured", "sum", "premium", "status", "end"], household.policies.map((p) => [
        p.insurer || dash,
        p.product || dash,
        p.kind ? option(pg, "kind", p.kind) : dash,
        p.insured ? names.get(p.insured) ?? dash : p.object || dash,
        p.sum_insured != null ? roundedMoney(p.sum_insured) : dash,
        p.annual_premium != null ? roundedMoney(p.annual_premium) : dash,
        p.status ? option(pg, "status", p.status) : dash,
        p.end_date ? formatDate(p.end_date) : t("records.household.lifetime"),
      ]))
      : h("p", { class: "muted" }, t("records.household.no_policies")));
  }
  body.push(h("p", { class: "help", id: "household-read-only" }, t("records.household.read_only")));
  return h("section", { class: "card stack record-section", id: "record-household", "aria-labelledby": "record-household-h" },
    h("h2", { id: "record-household-h" }, t("records.record.sections.household")), body);
}
