// The risk check's first screen: the family path (个人/家庭) or the enterprise path (企业), as
// large cards. A path with saved answers offers to resume where it stopped, and its result once
// every required question is answered.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { PATHS } from "../assess/common.js";
import { mode } from "../shell/session.js";
import { fetchDraft, placeBar } from "../consult/bar.js";

/** A progress bar; its width is set through CSSOM (the CSP allows no style attributes). */
function progressBar(percent) {
  const fill = h("span", {});
  fill.style.width = `${percent}%`;
  return h("div", { class: "progress-bar", "aria-hidden": "true" }, fill);
}

export async function render(main) {
  // An agent's answers belong to the draft consultation: its bar stays on the screen.
  const draft = fetchDraft();
  main.append(
    h("section", { class: "hero" },
      h("h1", {}, t("assess.choose.title")),
      // A kiosk keeps nothing after the visit: it must not promise "carry on next time".
      h("p", { class: "lead" }, t(mode() === "kiosk" ? "assess.choose.lead_kiosk" : "assess.choose.lead"))));
  // A path that cannot be read still shows as a fresh start: the form screen reports the problem.
  const states = await Promise.all(PATHS.map((id) => call("get_answers", { questionnaireId: id }).catch(() => null)));
  main.append(
    h("ul", { class: "grid assess-paths", role: "list" },
      PATHS.map((id, i) => {
        const s = states[i];
        const started = s && s.answered > 0;
        const done = started && s.sections.every((x) => x.missing_required.length === 0);
        return h("li", {},
          h("div", { class: "card path-card", "data-path": id },
            h("h2", {}, t(`assess.paths.${id}.title`)),
            h("p", { class: "muted" }, t(`assess.paths.${id}.description`)),
            started
              ? h("div", { class: "progress" },
                  h("span", { class: "progress-label" }, t("assess.choose.answered", { answered: s.answered, total: s.total })),
                  progressBar(s.percent))
              : null,
            h("div", { class: "row" },
              h("a", { class: "btn btn-primary btn-lg", href: `#/assess/${id}`, "data-action": started ? "resume" : "start" },
                started ? t("assess.choose.resume") : t("assess.choose.start")),
              done ? h("a", { class: "btn btn-secondary btn-lg", href: `#/assess/${id}/result`, "data-action": "result" }, t("assess.choose.result")) : null)));
      })));
  placeBar(main, await draft, "questionnaire");
}
