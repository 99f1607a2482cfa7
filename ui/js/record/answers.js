// A record's questionnaire answers as readable [question, answer] rows: labels and option texts
// from the questionnaire definition (fetched once), the stored canonical values otherwise.

import { call } from "../api.js";
import { t, loc } from "../i18n.js";
import { moneyText } from "./shared.js";

const definitions = new Map();

async function labels(id) {
  if (!definitions.has(id)) {
    const questions = new Map();
    try {
      const q = await call("get_questionnaire", { id });
      for (const s of q.definition.sections || []) for (const item of s.questions || []) questions.set(item.id, item);
    } catch (_) {
      // Labels are a convenience: without the definition the ids and raw values still show.
    }
    definitions.set(id, questions);
  }
  return definitions.get(id);
}

function shown(question, raw) {
  let v;
  try {
    v = JSON.parse(raw);
  } catch (_) {
    return String(raw);
  }
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

/** [label, value] rows of the record's answers, in the order they were given. */
export async function answerRows(record) {
  const rows = (record.attached && record.attached.answers) || [];
  const out = [];
  for (const r of rows) {
    const q = (await labels(r.questionnaire_id)).get(r.question_id);
    out.push([q ? loc(q.label) : r.question_id, shown(q, r.value)]);
  }
  return out;
}
