// The risk questionnaire, one section at a time: progress bar and section steps (any completed
// section can be reopened), back and forward, and every answer saved at once through
// answer_question (typing is debounced) so a closed window loses nothing. Questions appear and
// disappear as the backend's `visible` says; health questions only with the health-data consent.
// A repeating group (household members, policies) is one table (widgets/repeat-table.js).

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, errorMessage, loc, formatDate } from "../i18n.js";
import { navigate } from "../shell/router.js";
import { showError } from "../shell/toast.js";
import { mode } from "../shell/session.js";
import { results } from "../assess/common.js";
import { questionBlock, setError, prefillNote, derivedLines } from "../assess/questions.js";
import { fetchDraft, placeBar } from "../consult/bar.js";
import { repeatTable } from "../widgets/repeat-table.js";

const TYPING_DELAY_MS = 700;

export async function render(main, params) {
  const id = params.id;
  // An agent's answers belong to the draft consultation: its bar stays on the screen.
  const draft = fetchDraft();
  main.append(h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", { class: "visually-hidden" }, t("common.loading"))));
  let view;
  try {
    // The form opening: what the client file holds (the birth date) is answered from it.
    view = await call("get_questionnaire", { id, prefill: true });
  } catch (err) {
    replace(main, h("h1", {}, t("assess.title")), h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  const def = view.definition;
  let state = view.state;

  // A section is a step when it shows questions, or when it holds health questions that wait for
  // the consent (it then explains why they are skipped).
  const waitsForConsent = (i) => !state.health_consent && def.sections[i].questions.some((q) => q.sensitive);
  const isStep = (i) => state.sections[i].visible > 0 || waitsForConsent(i);
  const stepIndexes = () => def.sections.map((_, i) => i).filter(isStep);
  // Reachable: everything up to the first incomplete section, and completed sections with answers
  // (a section with nothing to answer is not "completed" by being skipped over).
  const reachable = (i) => i === index || i <= state.current_section || (state.sections[i].complete && state.sections[i].answered > 0);

  let index = params.section ? def.sections.findIndex((s) => s.id === params.section) : state.current_section;
  if (index < 0 || !reachable(index)) index = state.current_section;
  if (!isStep(index)) index = stepIndexes().find((i) => i > index) ?? stepIndexes().at(-1) ?? 0;
  const section = def.sections[index];

  // Saving: one answer at a time, in order; typing waits a moment before it is sent.
  let chain = Promise.resolve();
  const pending = new Map();
  const status = h("p", { class: "save-status", id: "save-status", role: "status", "aria-live": "polite" });
  const setStatus = (key) => {
    status.textContent = key ? t(`assess.form.${key}`) : "";
    status.dataset.state = key || "";
  };
  const blocks = new Map();

  const save = (qid, value) => {
    setStatus("saving");
    chain = chain.then(async () => {
      try {
        const next = await call("answer_question", { questionnaireId: id, questionId: qid, value });
        results.delete(id);
        if (blocks.has(qid)) setError(blocks.get(qid), null);
        applyState(next);
        setStatus("saved");
      } catch (err) {
        if (err.code === "invalid_input" && err.field && blocks.has(err.field)) {
          setError(blocks.get(err.field), err.message);
          setStatus("not_saved");
        } else {
          setStatus("save_failed");
          showError(err);
        }
      }
    });
    return chain;
  };
  const onValue = (qid) => (value, { debounce = false } = {}) => {
    clearTimeout(pending.get(qid)?.timer);
    pending.delete(qid);
    if (debounce) {
      setStatus("editing");
      pending.set(qid, { timer: setTimeout(() => { pending.delete(qid); save(qid, value); }, TYPING_DELAY_MS), value });
    } else {
      // An empty field that never had an answer has nothing to remove.
      if (value === null && !(qid in state.answers)) return;
      save(qid, value);
    }
  };
  const flush = () => {
    for (const [qid, p] of pending) {
      clearTimeout(p.timer);
      save(qid, p.value);
    }
    pending.clear();
    return table ? table.flush().then(() => chain) : chain;
  };

  // Header: title, progress, steps.
  const progressLabel = h("span", { class: "progress-label", id: "assess-progress-label" });
  const bar = h("span", {});
  const barBox = h("div", { class: "progress-bar", role: "progressbar", "aria-labelledby": "assess-progress-label", "aria-valuemin": "0", "aria-valuemax": "100" }, bar);
  const steps = h("ol", { class: "steps assess-steps", "aria-label": t("assess.form.steps") });
  const renderProgress = () => {
    const idx = stepIndexes();
    progressLabel.textContent = t("assess.form.progress", { step: idx.indexOf(index) + 1, steps: idx.length, answered: state.answered, total: state.total });
    bar.style.width = `${state.percent}%`;
    barBox.setAttribute("aria-valuenow", String(state.percent));
    barBox.setAttribute("aria-valuetext", t("assess.form.percent", { percent: state.percent }));
    replace(steps, idx.map((i) => {
      const s = def.sections[i];
      // Done: complete, and answered or passed (an all-optional section left blank is still done).
      const done = state.sections[i].complete && (state.sections[i].answered > 0 || i < index);
      return h("li", {},
        h("button", {
          type: "button", class: done ? "done" : null, "data-section": s.id,
          "aria-current": i === index ? "step" : null, disabled: reachable(i) ? null : true,
          onclick: () => go(i),
        }, done ? h("span", { "aria-hidden": "true" }, "✓ ") : null, loc(s.title),
        done ? h("span", { class: "visually-hidden" }, ` (${t("assess.form.step_done")})`) : null));
    }));
  };

  // The questions of this section, each kept in the DOM and shown or hidden as `visible` says.
  // Each block also says where a prefilled answer came from, and shows the values derived from
  // it (years to retirement under the retirement age).
  const questionList = h("div", { class: "stack assess-questions" });
  const makeBlock = (q) => {
    const block = questionBlock(q, state.answers[q.id], onValue(q.id));
    block.append(...[prefillNote(q), ...derivedLines(def, q)].filter(Boolean));
    return block;
  };
  // A repeating group: its table saves through edit_rows and hands the newer state back here.
  const table = section.repeat
    ? repeatTable({ questionnaireId: id, group: section, getState: () => state, setState: (next) => applyState(next), onError: showError })
    : null;
  for (const q of section.repeat ? [] : section.questions) {
    if (q.sensitive && !state.health_consent) continue;
    const block = makeBlock(q);
    block.hidden = !state.visible.includes(q.id);
    blocks.set(q.id, block);
    questionList.append(block);
  }
  // Rows filled from the client file's household: the agent checks each with the client.
  const fromFile = section.repeat ? h("p", { class: "notice notice-warn rows-from-file", id: "rows-from-file", hidden: true }) : null;
  const renderNotes = () => {
    const asOf = state.prefilled_groups?.[section.id];
    if (fromFile) {
      fromFile.hidden = !asOf;
      fromFile.textContent = asOf ? t("assess.form.rows_from_file", { date: formatDate(asOf) }) : "";
    }
    for (const block of blocks.values()) {
      const note = block.querySelector(".prefill-note");
      if (note) note.hidden = !state.prefilled?.includes(note.dataset.question);
      for (const line of block.querySelectorAll(".derived")) {
        const value = state.computed[line.dataset.computed];
        const vars = { label: line.dataset.label, value, age: line.dataset.default };
        line.textContent = value == null ? t("assess.form.derived_unknown", vars)
          : line.dataset.target in state.answers || !line.dataset.default ? t("assess.form.derived", vars)
            : t("assess.form.derived_default", vars);
      }
    }
  };
  const applyState = (next) => {
    const before = state;
    state = next;
    table?.update();
    for (const q of section.repeat ? [] : section.questions) {
      const block = blocks.get(q.id);
      if (!block) continue;
      const shown = state.visible.includes(q.id);
      if (shown && block.hidden && !before.visible.includes(q.id)) {
        // Shown again: it may carry an answer given before it was hidden.
        const fresh = makeBlock(q);
        block.replaceWith(fresh);
        blocks.set(q.id, fresh);
      } else {
        block.hidden = !shown;
      }
    }
    renderNotes();
    renderProgress();
    renderActions();
  };

  const consentNotice = waitsForConsent(index)
    ? h("div", { class: "notice notice-warn health-skipped", id: "health-skipped" },
        h("h3", {}, t("assess.form.health_skipped_title")),
        // A visitor reads it about themselves; an agent about the client.
        h("p", {}, t(mode() === "kiosk" ? "assess.form.health_skipped_text_kiosk" : "assess.form.health_skipped_text")),
        h("a", { class: "btn btn-secondary", href: "#/privacy" }, t("assess.form.give_consent")))
    : null;

  // Back and forward.
  const actions = h("div", { class: "row assess-actions" });
  const previousStep = () => stepIndexes().filter((i) => i < index).at(-1);
  const nextStep = () => stepIndexes().find((i) => i > index);
  const go = async (i) => {
    await flush();
    navigate(`/assess/${id}/${def.sections[i].id}`);
  };
  const forward = async () => {
    await flush();
    const missing = state.sections[index].missing_required;
    if (missing.length && table) {
      table.markMissing(missing);
      return;
    }
    if (missing.length) {
      for (const qid of missing) if (blocks.has(qid)) setError(blocks.get(qid), t("assess.form.answer_needed"));
      blocks.get(missing[0])?.querySelector("input, textarea")?.focus();
      return;
    }
    const next = nextStep();
    if (next !== undefined) return go(next);
    const open = state.sections.findIndex((s) => s.missing_required.length > 0);
    if (open >= 0) return go(open);
    navigate(`/assess/${id}/result`);
  };
  function renderActions() {
    const prev = previousStep();
    const last = nextStep() === undefined;
    replace(actions,
      h("button", { type: "button", class: "btn btn-secondary btn-lg", id: "assess-back", onclick: async () => {
        await flush();
        if (prev === undefined) navigate("/assess");
        else go(prev);
      } }, t("common.back")),
      status,
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "btn btn-primary btn-lg", id: "assess-next", onclick: forward },
        last ? t("assess.form.to_result") : t("common.next")));
  }

  renderNotes();
  renderProgress();
  renderActions();
  replace(main,
    h("div", { class: "assess-form stack", "data-questionnaire": id, "data-section": section.id },
      h("header", { class: "stack" },
        h("p", { class: "kicker" }, loc(def.title)),
        h("h1", { id: "section-title" }, loc(section.title)),
        h("div", { class: "progress" }, progressLabel, barBox),
        h("nav", { "aria-label": t("assess.form.steps") }, steps)),
      index === stepIndexes()[0] && def.intro ? h("p", { class: "lead" }, loc(def.intro)) : null,
      section.help ? h("p", { class: "help section-help" }, loc(section.help)) : null,
      consentNotice,
      blocks.size
        ? h("form", { class: "card", novalidate: true, onsubmit: (e) => { e.preventDefault(); forward(); } }, questionList)
        : null,
      fromFile,
      table ? h("div", { class: "card repeat-card" }, table.el) : null,
      actions));
  placeBar(main, await draft, "questionnaire");

  // Leaving the screen (or switching language) sends what is still being typed.
  return () => { flush(); };
}
