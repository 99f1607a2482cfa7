// The agent's content check: what was wrong with the content files when the app started, as
// `path:line: message`, errors apart from warnings. Bad content never blanks the app: it shows here.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { mode } from "../app.js";
import { loading, errorNotice } from "../clause-content.js";

export async function render(main) {
  main.append(h("h1", {}, t("clauses.admin.title")), h("p", { class: "lead muted" }, t("clauses.admin.lead")));
  const body = h("div", { class: "content-problems" }, loading());
  main.append(body);
  if (mode() === "kiosk") {
    replace(body, h("p", { class: "notice notice-warn" }, t("clauses.admin.agent_only")));
    return;
  }
  let problems;
  try {
    problems = await call("content_problems");
  } catch (err) {
    replace(body, errorNotice(err));
    return;
  }
  if (problems.length === 0) {
    replace(body, h("div", { class: "empty", id: "problems-none" }, h("p", {}, t("clauses.admin.none"))));
    return;
  }
  const section = (severity, titleKey, hintKey) => {
    const list = problems.filter((p) => p.severity === severity);
    if (list.length === 0) return null;
    return h("section", { class: `problem-group problem-${severity}`, "data-severity": severity },
      h("h2", {}, t(titleKey, { count: list.length })),
      h("p", { class: "muted" }, t(hintKey)),
      h("ul", { class: "list", role: "list" },
        list.map((p) =>
          h("li", { class: "list-item problem" },
            h("span", { class: `badge ${severity === "error" ? "badge-must" : "badge-warn"}` }, t(`clauses.admin.severity.${severity}`)),
            // File paths and messages are text, never markup.
            h("code", { class: "problem-text" }, `${p.path}${p.line ? `:${p.line}` : ""}: ${p.message}`)))));
  };
  replace(body, 
    section("error", "clauses.admin.errors", "clauses.admin.errors_hint"),
    section("warning", "clauses.admin.warnings", "clauses.admin.warnings_hint"));
}
