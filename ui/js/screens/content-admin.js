// The agent's content check: what was wrong with the content files when they were last read, as
// `path:line: message`, errors apart from warnings, and "Read the content again" for an updated
// content tree (no restart). Bad content never blanks the app: it shows here.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { mode } from "../shell/session.js";
import { showError, toast } from "../shell/toast.js";
import { loading, errorNotice } from "../widgets/clause-content.js";

export async function render(main) {
  main.append(h("h1", {}, t("clauses.admin.title")), h("p", { class: "lead muted" }, t("clauses.admin.lead")));
  const body = h("div", { class: "content-problems" }, loading());
  main.append(body);
  if (mode() === "kiosk") {
    replace(body, h("p", { class: "notice notice-warn" }, t("clauses.admin.agent_only")));
    return;
  }
  const reload = h("button", { type: "button", class: "btn btn-secondary", id: "reload-content" }, t("clauses.admin.reload"));
  reload.addEventListener("click", async () => {
    reload.disabled = true;
    reload.textContent = t("clauses.admin.reloading");
    try {
      const problems = await call("reload_content");
      const products = await call("list_products");
      toast(t("clauses.admin.reloaded", { products: products.length }));
      showProblems(body, problems);
    } catch (err) {
      showError(err);
    } finally {
      reload.disabled = false;
      reload.textContent = t("clauses.admin.reload");
    }
  });
  main.insertBefore(h("div", { class: "row" }, reload), body);
  try {
    showProblems(body, await call("content_problems"));
  } catch (err) {
    replace(body, errorNotice(err));
  }
}

function showProblems(body, problems) {
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
