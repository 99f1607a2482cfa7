// A repeating group of the questionnaire (household members, policies) as a table with keyboard
// entry: one row per member or policy, one cell per question. Tab and Shift-Tab move across
// cells; Enter moves down a row, and on the last row adds one (the caret going to its first cell). Each answer is saved as the cell
// is left (edit_rows, `op: "answer"`), a row can be duplicated or removed (with an undo), and the
// whole group can be imported from a CSV file the core checks before saving anything.
// Where its box is narrow (css/repeat-cards.css, a container query) the same table is drawn as
// one card per row, each cell a labelled field: the same elements, so a change of layout keeps
// the focus and what is being typed. Enter then moves field by field, then to the next card.
// Wide enough, the table scrolls sideways inside its box; the first column stays in view.

import { call } from "../api.js";
import { h, replace, dateInput } from "../dom.js";
import { t, loc } from "../i18n.js";

/** How a saved decimal is shown for editing: "800000.00" -> "800000". */
function editable(value) {
  if (value == null) return "";
  return String(value).replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
}

/**
 * The table of group `group` (a section with `repeat`) of questionnaire `questionnaireId`.
 * `getState()` gives the form state now, `setState(next)` hands on a newer one (the form keeps
 * the progress), `onError(err)` shows an error that is no one cell's.
 * Returns `{ el, update(state), flush(), markMissing(fields) }`.
 */
export function repeatTable({ questionnaireId, group, getState, setState, onError }) {
  const gid = group.id;
  const questions = group.questions;
  let chain = Promise.resolve();
  let lastRemoved = null;
  const errors = new Map(); // "row/question" -> message

  const status = h("p", { class: "save-status", id: `rows-status-${gid}`, role: "status", "aria-live": "polite" });
  const setStatus = (key, vars) => {
    status.textContent = key ? t(`assess.rows.${key}`, vars) : "";
    status.dataset.state = key || "";
  };
  const undoBar = h("div", { class: "notice repeat-undo", id: `rows-undo-bar-${gid}`, hidden: true, role: "status" });
  const importError = h("div", { class: "notice notice-danger repeat-import-error", id: `rows-import-error-${gid}`, role: "alert", hidden: true });
  // The group's rules across rows not met yet ("add Self"), once going on was asked for.
  const rulesNote = h("div", { class: "notice notice-warn repeat-rules", id: `rows-rules-${gid}`, role: "alert", hidden: true });
  let rulesAsked = false;
  const showRules = () => {
    const unmet = (getState().sections || []).find((s) => s.id === gid)?.unmet_rules || [];
    replace(rulesNote, unmet.map((u) => h("p", {}, loc(u.message))));
    rulesNote.hidden = !rulesAsked || !unmet.length;
  };

  // An answer refused at its cell: the message there, the focus back on it; a choice goes back
  // to what is saved, and the message says what was chosen and why it was not kept. A list the
  // agent has already moved on in (typing "Spouse" passes "Self") has a newer answer on its way.
  const refused = (rowId, qid, message, value) => {
    const q = questions.find((x) => x.id === qid);
    const control = tbody.querySelector(`#${CSS.escape(cellId(rowId, qid))}`);
    let given = "";
    if (control?.matches("select")) {
      const sent = q ? asShown(q, value) : control.value;
      if (control.value !== sent) return;
      given = control.value === "" ? "" : control.selectedOptions[0]?.text || "";
      // Put back once type-to-select is over (it joins letters typed within a second), as a
      // fresh list holding the saved answer: WebKit would not report the same choice made
      // again on a list whose value a script changed.
      setTimeout(() => {
        const row = rows().find((r) => r.id === rowId);
        if (!q || !row || !control.isConnected || control.value !== sent) return;
        control.closest("td").replaceWith(renderCell(q, row));
        showErrors();
        focusCell(rowId, qid);
      }, 1000);
    } else if (control?.matches("input")) {
      given = control.value.trim();
    }
    errors.set(`${rowId}/${qid}`, given ? t("assess.rows.refused_value", { value: given, why: message }) : message);
    showErrors();
    focusCell(rowId, qid);
  };

  // Every change goes through one queue, so answers are saved in the order they were given.
  // `fail(err)`, when given, takes a refusal that is no cell's instead of `onError`.
  const send = (edit, then, fail) => {
    setStatus("saving");
    chain = chain.then(async () => {
      try {
        const out = await call("edit_rows", { questionnaireId, group: gid, edit });
        setState(out.state);
        setStatus("saved");
        if (then) then(out);
        return out;
      } catch (err) {
        // Only an answer names a cell there is: a row put back or added is not drawn yet.
        if (err.code === "invalid_input" && err.field && edit.op === "answer") {
          const m = /^[a-z_0-9]+\[(\d+)\]\.([a-z_0-9]+)$/.exec(err.field);
          const row = m ? rows()[Number(m[1])]?.id : null;
          if (row && row === edit.row) {
            refused(row, m[2], err.message, edit.value);
            setStatus("not_saved");
            return null;
          }
        }
        setStatus("save_failed");
        if (fail) fail(err);
        else onError(err);
        return null;
      }
    });
    return chain;
  };

  const rows = () => getState().rows?.[gid] || [];
  const answersOf = (rowId) => (getState().answers?.[gid] || []).find((r) => r.id === rowId) || {};
  const refOptions = (target) => (getState().rows?.[target] || []).map((r) => ({ value: r.id, label: loc(r.label) }));

  const headerId = (qid) => `rows-h-${gid}-${qid}`;
  const rowHeadId = (rowId) => `rows-r-${gid}-${rowId}`;
  const cellId = (rowId, qid) => `cell-${gid}-${rowId}-${qid}`;

  // One cell's input, in the form the core validates.
  const cellInput = (q, row, value) => {
    const id = cellId(row.id, q.id);
    const common = { id, "data-row": row.id, "data-question": q.id, "aria-labelledby": `${rowHeadId(row.id)} ${headerId(q.id)}`, "aria-required": q.required ? "true" : null };
    const answer = (v) => {
      errors.delete(`${row.id}/${q.id}`);
      showErrors();
      send({ op: "answer", row: row.id, question: q.id, value: v });
    };
    const select = (options, current) => {
      const el = h("select", { class: "select cell-input", ...common },
        h("option", { value: "" }, t("assess.rows.none_chosen")),
        options.map((o) => h("option", { value: o.value, selected: o.value === current || null }, o.label)));
      el.dataset.sent = el.value;
      const changed = () => {
        el.dataset.sent = el.value;
        answer(el.value === "" ? null : q.type === "yes_no" ? el.value === "yes" : el.value);
      };
      el.addEventListener("change", changed);
      // WebKit may pick a choice typed on without a change event (the rest of "Self" typed into
      // the list that replaced a refused one): sent when the key is let go or the cell is left.
      for (const type of ["keyup", "blur"]) el.addEventListener(type, () => { if (el.value !== el.dataset.sent) changed(); });
      return el;
    };
    switch (q.type) {
      case "single_choice":
        return select(q.options.map((o) => ({ value: o.value, label: loc(o.label) })), value);
      case "yes_no":
        return select([{ value: "yes", label: t("assess.form.yes") }, { value: "no", label: t("assess.form.no") }], value === true ? "yes" : value === false ? "no" : null);
      case "row_ref":
        return select(refOptions(q.group).filter((o) => o.value !== row.id), value);
      case "row_refs":
      case "multiple_choice": {
        const options = q.type === "row_refs"
          ? refOptions(q.group).filter((o) => o.value !== row.id)
          : q.options.map((o) => ({ value: o.value, label: loc(o.label) }));
        const chosen = Array.isArray(value) ? value : [];
        // A folded list, so a row stays one line high: the summary says what is chosen.
        const said = (values) => (values.length ? options.filter((o) => values.includes(o.value)).map((o) => o.label).join("、") : t("assess.rows.none_chosen"));
        const summary = h("summary", { class: "cell-summary", "aria-labelledby": common["aria-labelledby"], "aria-describedby": `said-${id}` },
          h("span", { id: `said-${id}` }, said(chosen)));
        const box = h("details", { class: "cell-choices", id, "data-row": row.id, "data-question": q.id },
          summary,
          h("div", { class: "cell-choice-list", role: "group", "aria-labelledby": common["aria-labelledby"] },
            options.length ? null : h("span", { class: "help" }, t("assess.rows.no_rows_to_choose")),
            options.map((o) => h("label", { class: "cell-choice" },
              h("input", { type: "checkbox", value: o.value, checked: chosen.includes(o.value) || null }), h("span", {}, o.label)))));
        box.addEventListener("change", () => {
          const values = [...box.querySelectorAll("input:checked")].map((b) => b.value);
          summary.firstChild.textContent = said(values);
          answer(values.length || q.type === "row_refs" ? values : null);
        });
        box.addEventListener("focusout", (e) => { if (!box.contains(e.relatedTarget)) box.open = false; });
        return box;
      }
      default: {
        const isDate = q.type === "date" || q.type === "date_of_birth";
        const whole = q.type === "integer" || q.type === "age";
        const el = isDate
          ? dateInput({ class: "input cell-input input-date", placeholder: t("common.date_placeholder"), ...common })
          : h("input", { class: `input cell-input${q.type === "text" ? "" : " input-number"}`, type: "text", autocomplete: "off", inputmode: q.type === "text" ? null : whole ? "numeric" : "decimal", maxlength: q.type === "text" ? q.max_length || 200 : null, ...common });
        el.value = q.type === "text" || isDate ? value ?? "" : editable(value);
        el.dataset.saved = el.value;
        el.addEventListener("change", () => {
          el.dataset.saved = el.value;
          const raw = q.type === "text" ? el.value.trim() : isDate ? el.value.trim() : el.value.replace(/[,，\s]/g, "");
          answer(raw === "" ? null : whole && /^-?\d+$/.test(raw) ? Number(raw) : raw);
        });
        return el;
      }
    }
  };

  // Enter: down to the same cell of the next row; on the last row, a new row.
  const onKey = (e) => {
    if (e.key !== "Enter" || e.isComposing || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    // Only in a cell: on a button Enter presses the button, on a folded list it opens the list.
    const el = e.target.closest(".cell-input, .cell-choices");
    if (!el || e.target.matches("summary")) return;
    e.preventDefault();
    if (el.matches("input.cell-input") && el.value !== el.dataset.saved) el.dispatchEvent(new Event("change", { bubbles: true }));
    const ids = rows().map((r) => r.id);
    const i = ids.indexOf(el.dataset.row);
    if (asCards()) {
      // A card is read down its fields: Enter goes to the next one typed or picked in (a folded
      // list opens with Enter, so it is left to Tab), after the last to the next card.
      const fields = [...el.closest("tr").querySelectorAll(".cell-input, .cell-choices")];
      const next = fields.slice(fields.indexOf(el) + 1).find((f) => f.matches(".cell-input"));
      if (next) focusControl(next);
      else if (i === ids.length - 1) addRow();
      else focusCell(ids[i + 1]);
      return;
    }
    if (i === ids.length - 1) addRow();
    else focusCell(ids[i + 1], el.dataset.question);
  };
  // Cards or table is the stylesheet's choice (the box's width): the rows say which it made.
  const asCards = () => getComputedStyle(tbody).display !== "table-row-group";
  const focusControl = (control) => (control?.matches(".cell-choices") ? control.querySelector("summary") : control)?.focus();

  const focusCell = (rowId, qid) => {
    const row = tbody.querySelector(`tr[data-row="${rowId}"]`);
    if (!row) return;
    focusControl((qid && row.querySelector(`#${CSS.escape(cellId(rowId, qid))}`)) || row.querySelector(".cell-input, .cell-choices"));
  };

  const addRow = () => send({ op: "add" }, (out) => {
    setStatus("row_added", { n: rows().length });
    focusCell(out.row);
  });
  const duplicate = (rowId) => send({ op: "duplicate", row: rowId }, (out) => {
    const n = rows().findIndex((r) => r.id === out.row) + 1;
    // A copy that would break a rule (a second Self) is made without those answers: said in the
    // status and at each cell left empty.
    const left = out.left_out || [];
    if (left.length) {
      const what = left.map((l) => loc(questions.find((q) => q.id === l.question)?.label)).join("、");
      setStatus("row_duplicated_without", { n, what, why: [...new Set(left.map((l) => l.message))].join(" ") });
      for (const l of left) errors.set(`${out.row}/${l.question}`, l.message);
      showErrors();
    } else {
      setStatus("row_duplicated", { n });
    }
    focusCell(out.row);
  });
  const remove = (rowId) => {
    const n = rows().findIndex((r) => r.id === rowId) + 1;
    send({ op: "remove", row: rowId }, (out) => {
      lastRemoved = out.removed;
      replace(undoBar,
        h("span", {}, t("assess.rows.row_removed", { n })), " ",
        h("button", { type: "button", class: "btn btn-secondary btn-small", id: `rows-undo-${gid}`, onclick: undo }, t("assess.rows.undo")));
      undoBar.hidden = false;
      undoBar.querySelector("button").focus();
    });
  };
  const undo = () => {
    if (!lastRemoved) return;
    const removed = lastRemoved;
    lastRemoved = null;
    undoBar.hidden = true;
    send({ op: "restore", row: removed.row, index: removed.index }, () => {
      setStatus("row_restored", { n: removed.index + 1 });
      focusCell(removed.row.id);
    }, (err) => {
      // Refused (it would make a second Self): the removed row stays at hand for a later undo.
      lastRemoved = removed;
      replace(undoBar,
        h("span", {}, t("assess.rows.undo_refused", { why: err.message })), " ",
        h("button", { type: "button", class: "btn btn-secondary btn-small", id: `rows-undo-${gid}`, onclick: undo }, t("assess.rows.undo")));
      undoBar.hidden = false;
      undoBar.querySelector("button").focus();
    });
  };

  // The table.
  const mark = (q) => (q.required ? h("span", { class: "required-mark" }, h("span", { "aria-hidden": "true" }, " *"), h("span", { class: "visually-hidden" }, t("assess.form.required"))) : null);
  // A question's words: its column header in the table, its field's label on a card.
  const heading = (q) => [loc(q.label), mark(q), q.unit ? h("span", { class: "unit" }, ` (${loc(q.unit)})`) : null];
  const thead = h("thead", {},
    h("tr", {},
      h("th", { scope: "col", class: "row-head" }, t("assess.rows.row")),
      questions.map((q) => h("th", { scope: "col", id: headerId(q.id), "data-question": q.id }, heading(q))),
      (group.computed || []).map((c) => h("th", { scope: "col", class: "computed" }, loc(c.label))),
      h("th", { scope: "col", class: "row-actions" }, h("span", { class: "visually-hidden" }, t("assess.rows.actions")))));
  const tbody = h("tbody", {});
  const table = h("table", { class: "repeat-table", id: `rows-${gid}`, "data-group": gid, onkeydown: onKey },
    h("caption", { class: "visually-hidden" }, loc(group.title)), thead, tbody);

  // One cell: its control, or a dash where the row's answers say the question does not apply.
  // `data-sig` says what it was drawn from besides the answer, so a redraw keeps what is the same.
  const cellSig = (q, row) => JSON.stringify([row.visible.includes(q.id),
    q.type === "row_ref" || q.type === "row_refs" ? refOptions(q.group) : null]);
  // The card's label is shown only on a card (the table has its header): the control's name stays
  // the row's and the column's (aria-labelledby), in either layout.
  const renderCell = (q, row) => {
    const shown = row.visible.includes(q.id);
    const missing = row.missing_required.includes(q.id);
    const control = shown ? cellInput(q, row, answersOf(row.id)[q.id]) : null;
    const label = control?.matches("input, select")
      ? h("label", { class: "cell-label", for: control.id }, heading(q))
      : h("span", { class: "cell-label", "aria-hidden": "true" }, heading(q));
    return h("td", { "data-question": q.id, "data-sig": cellSig(q, row), class: [shown ? null : "not-applicable", missing ? "missing" : null].filter(Boolean).join(" ") || null },
      label,
      control || h("span", { class: "na", title: t("assess.rows.not_applicable") }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "visually-hidden" }, t("assess.rows.not_applicable"))),
      h("p", { class: "error cell-error", id: `err-${cellId(row.id, q.id)}`, hidden: true }));
  };
  // The answer as the cell's control holds it, and what the control holds now.
  const asShown = (q, v) => {
    if (q.type === "row_refs" || q.type === "multiple_choice") return (Array.isArray(v) ? v : []).join(",");
    if (q.type === "yes_no") return v === true ? "yes" : v === false ? "no" : "";
    if (["integer", "age", "money", "number", "percent"].includes(q.type)) return editable(v);
    return v ?? "";
  };
  const inCell = (td) => {
    const box = td.querySelector(".cell-choices");
    if (box) return [...box.querySelectorAll("input:checked")].map((b) => b.value).join(",");
    return td.querySelector(".cell-input")?.value ?? null;
  };
  const renderActions = (row, i) => h("td", { class: "row-actions", "data-index": String(i) },
    h("button", { type: "button", class: "btn btn-secondary btn-small", "data-action": "duplicate", "aria-label": t("assess.rows.duplicate_row", { n: i + 1 }), onclick: () => duplicate(row.id) }, t("assess.rows.duplicate")),
    h("button", { type: "button", class: "btn btn-ghost btn-small", "data-action": "remove", "aria-label": t("assess.rows.remove_row", { n: i + 1 }), onclick: () => remove(row.id) }, t("assess.rows.remove")));
  const renderComputed = (row) => (group.computed || []).map((c) => h("td", { class: "computed", "data-computed": c.id },
    h("span", { class: "cell-label", "aria-hidden": "true" }, loc(c.label)), h("span", { class: "computed-value" }, row.computed?.[c.id] ?? "")));
  const renderRow = (row, i) => h("tr", { "data-row": row.id },
    h("th", { scope: "row", class: "row-head", id: rowHeadId(row.id) },
      h("span", { class: "row-number" }, `${i + 1}`), " ", h("span", { class: "row-label" }, loc(row.label))),
    questions.map((q) => renderCell(q, row)),
    renderComputed(row),
    renderActions(row, i));
  // A row already drawn is brought up to date cell by cell: a cell whose control already holds
  // the saved answer (the one just typed), or that is being typed in, stays as it is, focus and
  // caret included.
  const updateRow = (tr, row, i) => {
    tr.querySelector(".row-number").textContent = `${i + 1}`;
    tr.querySelector(".row-label").textContent = loc(row.label);
    const answers = answersOf(row.id);
    for (const q of questions) {
      const td = tr.querySelector(`td[data-question="${q.id}"]`);
      const same = td.dataset.sig === cellSig(q, row);
      const control = td.querySelector(".cell-input, .cell-choices");
      const holds = !control ? !row.visible.includes(q.id) : inCell(td) === asShown(q, answers[q.id]);
      const typing = control?.matches("input") && control.value !== control.dataset.saved;
      // The cell in use keeps its control (a list picked by its first letters would start afresh
      // at the next letter); its own change is on its way to the backend.
      const inUse = control?.contains(document.activeElement);
      if (!(same && (holds || typing || inUse))) td.replaceWith(renderCell(q, row));
      else td.classList.toggle("missing", row.missing_required.includes(q.id));
    }
    tr.querySelectorAll("td.computed").forEach((td) => td.remove());
    tr.querySelector("td.row-actions").before(...renderComputed(row));
    const actions = tr.querySelector("td.row-actions");
    if (actions.dataset.index !== String(i) && !actions.contains(document.activeElement)) actions.replaceWith(renderActions(row, i));
  };

  const showErrors = () => {
    for (const p of tbody.querySelectorAll(".cell-error")) {
      const key = p.id.replace(`err-cell-${gid}-`, "").replace("-", "/");
      const message = errors.get(key);
      p.textContent = message || "";
      p.hidden = !message;
      const input = p.parentElement.querySelector(".cell-input, .cell-choices");
      if (input) {
        if (message) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", p.id); }
        else { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
      }
    }
  };

  // Re-drawn from the state after each save; what is being typed and where the caret is survive.
  const render = () => {
    const active = document.activeElement;
    const focus = active && tbody.contains(active)
      ? { row: active.closest("[data-row]")?.dataset.row, question: active.closest("[data-question]")?.dataset.question, value: active.value, saved: active.dataset?.saved, start: active.selectionStart, end: active.selectionEnd, checkbox: active.type === "checkbox" ? active.value : null, action: active.dataset?.action }
      : null;
    const typing = [...tbody.querySelectorAll("input.cell-input")].filter((el) => el.value !== el.dataset.saved).map((el) => [el.id, el.value]);
    const drawn = new Map([...tbody.querySelectorAll("tr[data-row]")].map((tr) => [tr.dataset.row, tr]));
    const wanted = rows().map((row, i) => {
      const tr = drawn.get(row.id);
      if (!tr) return renderRow(row, i);
      updateRow(tr, row, i);
      return tr;
    });
    const current = [...tbody.children];
    // Moving a row would take the focus from it: the rows are put in place only when their order
    // changed (a row added, copied, removed or put back).
    if (!wanted.length) {
      replace(tbody, h("tr", { class: "empty" }, h("td", { colspan: String(questions.length + (group.computed || []).length + 2) }, t("assess.rows.empty"))));
    } else if (wanted.length !== current.length || wanted.some((tr, i) => current[i] !== tr)) {
      replace(tbody, wanted);
    }
    for (const [id, value] of typing) {
      const el = document.getElementById(id);
      if (el) el.value = value;
    }
    showErrors();
    showRules();
    if (focus?.row) {
      const row = tbody.querySelector(`tr[data-row="${focus.row}"]`);
      let el = focus.action ? row?.querySelector(`[data-action="${focus.action}"]`)
        : row?.querySelector(`#${CSS.escape(cellId(focus.row, focus.question))}`);
      if (el?.matches(".cell-choices")) el = (el.open && el.querySelector(`input[value="${focus.checkbox}"]`)) || el.querySelector("summary");
      if (el) {
        el.focus();
        if (focus.start != null && el.setSelectionRange && el.type === "text") {
          try { el.setSelectionRange(focus.start, focus.end); } catch (_) { /* not a text field */ }
        }
      }
    }
    count.textContent = t("assess.rows.count", { n: rows().length });
  };

  // Import.
  const replaceBox = h("input", { type: "checkbox", id: `rows-import-replace-${gid}` });
  const fileInput = h("input", { type: "file", accept: ".csv,text/csv", id: `rows-import-${gid}`, class: "visually-hidden-file" });
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      importError.hidden = true;
      const csv = String(reader.result || "");
      setStatus("importing");
      chain = chain.then(async () => {
        try {
          const out = await call("edit_rows", { questionnaireId, group: gid, edit: { op: "import", csv, replace: replaceBox.checked } });
          setState(out.state);
          setStatus("imported", { n: out.imported });
        } catch (err) {
          replace(importError, h("p", { class: "import-error-title" }, t("assess.rows.import_refused", { file: file.name })), h("p", { class: "import-error-text" }, err.message || String(err)));
          importError.hidden = false;
          importError.scrollIntoView({ block: "center" });
          setStatus("");
        }
        fileInput.value = "";
      });
    };
    reader.onerror = () => onError({ code: "io", message: t("assess.rows.file_unreadable") });
    reader.readAsText(file, "utf-8");
  });

  const count = h("span", { class: "repeat-count", id: `rows-count-${gid}` });
  const toolbar = h("div", { class: "row repeat-toolbar" },
    h("button", { type: "button", class: "btn btn-primary", id: `rows-add-${gid}`, onclick: () => addRow() }, t("assess.rows.add")),
    h("label", { class: "btn btn-secondary repeat-import", for: fileInput.id }, t("assess.rows.import")),
    fileInput,
    h("label", { class: "repeat-replace", for: replaceBox.id }, replaceBox, h("span", {}, t("assess.rows.import_replace"))),
    h("span", { class: "spacer" }), count);
  const help = questions.filter((q) => q.help);
  // The keys as the layout on screen has them (the stylesheet shows one of the two).
  const keysHelp = () => h("div", {},
    h("p", { class: "help repeat-keys-table" }, t("assess.rows.keys_help")),
    h("p", { class: "help repeat-keys-cards" }, t("assess.rows.keys_help_cards")));
  const notes = help.length
    ? h("details", { class: "repeat-notes" }, h("summary", {}, t("assess.rows.column_notes")),
        h("dl", {}, help.map((q) => [h("dt", {}, loc(q.label)), h("dd", {}, loc(q.help))])),
        keysHelp())
    : keysHelp();

  const el = h("div", { class: "repeat-group stack", "data-group": gid },
    toolbar,
    h("p", { class: "help" }, t("assess.rows.import_help")),
    importError, undoBar, rulesNote,
    h("div", { class: "repeat-scroll", role: "region", tabindex: "0", "aria-label": loc(group.title) }, table),
    status, notes);
  // A field the focus reaches out of sight (a row drawn anew after a copy or an undo) or under
  // one of the page's sticky bars (the consultation's at the top, the form's buttons at the
  // bottom; tall on a narrow screen) is brought to the middle.
  el.addEventListener("focusin", (e) => requestAnimationFrame(() => {
    const target = e.target;
    if (document.activeElement !== target) return;
    const r = target.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || (!target.contains(hit) && !hit.contains(target))) target.scrollIntoView({ block: "center" });
  }));
  render();

  return {
    el,
    update: render,
    flush: () => {
      const active = document.activeElement;
      if (active && tbody.contains(active) && active.matches("input.cell-input") && active.value !== active.dataset.saved) {
        active.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return chain;
    },
    markMissing: (fields) => {
      if (fields.includes(gid)) setStatus("too_few_rows", { n: group.min_rows });
      if (fields.some((f) => f.startsWith(`${gid}.rules.`))) {
        rulesAsked = true;
        showRules();
      }
      for (const f of fields) {
        const m = /^[a-z_0-9]+\[(\d+)\]\.([a-z_0-9]+)$/.exec(f);
        const row = m ? rows()[Number(m[1])]?.id : null;
        if (row) errors.set(`${row}/${m[2]}`, t("assess.form.answer_needed"));
      }
      showErrors();
      tbody.querySelector("[aria-invalid=true]")?.focus();
    },
  };
}
