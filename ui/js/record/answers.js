// A record's questionnaire answers (its typed `answers`) as readable [question, answer] rows:
// labels and option texts from the questionnaire definition (fetched once), the stored canonical
// values otherwise. A repeating group (household members, policies) gives one line per row, its
// references to other rows by the row's name or relation, never by its id.

import { call } from "../api.js";
import { t, loc } from "../i18n.js";
import { moneyText } from "./shared.js";

const definitions = new Map();

/** Questionnaire `id`'s questions by id, a repeating group's section by the group's id; read
 * once per questionnaire (shared with the client file's household). */
export async function labels(id) {
  if (!definitions.has(id)) {
    const questions = new Map();
    try {
      const q = await call("get_questionnaire_definition", { id });
      // A group's questions are its own (a member's birth date is not the client's).
      for (const s of q.definition.sections || []) {
        if (s.repeat) questions.set(s.id, s);
        else for (const item of s.questions || []) questions.set(item.id, item);
      }
    } catch (_) {
      // Labels are a convenience: without the definition the ids and raw values still show.
    }
    definitions.set(id, questions);
  }
  return definitions.get(id);
}

/** An answer's value (the record's typed `answers`: JSON, not text) in words. */
function shown(question, v) {
  const option = (x) => {
    const o = question && (question.options || []).find((p) => p.value === x);
    return o ? loc(o.label) : String(x);
  };
  if (Array.isArray(v)) return v.map(option).join("、");
  if (typeof v === "boolean") return t(v ? "records.yes" : "records.no");
  if (question && question.type === "money") return moneyText(v);
  if (typeof v === "string") return option(v);
  return String(v);
}

/** What each row of the record's groups is called: its first `row_label` answer, else its number. */
function rowNames(groups) {
  const names = new Map();
  for (const { group, rows } of groups) {
    rows.forEach((row, i) => {
      const named = (group.row_label || []).map((l) => {
        const q = group.questions.find((x) => x.id === l);
        return row[l] == null ? null : q?.type === "single_choice" ? shown(q, row[l]) : String(row[l]);
      }).find(Boolean);
      names.set(row.id, named || `${loc(group.title)} ${i + 1}`);
    });
  }
  return names;
}

/** One row of a group in words: "险种：定期寿险；被保险人：王强；…". */
function rowText(group, row, names) {
  const sep = t("records.row_sep");
  return group.questions.filter((q) => row[q.id] != null).map((q) => {
    const v = row[q.id];
    const text = q.type === "row_ref" ? names.get(v) ?? "—"
      : q.type === "row_refs" ? (v.length ? v.map((id) => names.get(id) ?? "—").join("、") : "—")
        : shown(q, v);
    return `${loc(q.label)}${t("records.label_sep")}${text}`;
  }).join(sep);
}

/** [label, value] rows of the record's answers, in the order they were given. */
export async function answerRows(record) {
  const out = [];
  const groups = [];
  for (const r of record.answers) {
    const q = (await labels(r.questionnaire_id)).get(r.question_id);
    if (q?.repeat) {
      groups.push({ group: q, rows: Array.isArray(r.value) ? r.value.filter((x) => x && x.id) : [], at: out.length });
      out.push(null);
    } else {
      out.push([q ? loc(q.label) : r.question_id, shown(q, r.value)]);
    }
  }
  const names = rowNames(groups);
  for (const g of groups.reverse()) {
    const lines = g.rows.map((row, i) => [`${loc(g.group.title)} ${i + 1}`, rowText(g.group, row, names)]);
    out.splice(g.at, 1, ...lines);
  }
  return out;
}
