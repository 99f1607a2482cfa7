// The start-up notice: when the records database could not be used (damaged, unreadable,
// read-only, written by a newer version), a persistent banner above every screen says so in plain
// words and offers to restore the newest good backup. The app keeps working meanwhile.

import { call } from "../api.js";
import { h, replace } from "../dom.js";
import { t, formatDate, errorMessage, onLanguageChange } from "../i18n.js";
import { session, refreshSession } from "./session.js";

let problem = null;
let restoring = false;
let failure = "";

/** Asks the backend once at start and shows the banner if there is a problem. */
export async function showStartupProblem() {
  try {
    problem = await call("get_startup_problem");
  } catch (err) {
    // A kiosk is refused this command; it has no records to warn about.
    console.error(err);
    problem = null;
  }
  if (!problem) return;
  onLanguageChange(draw);
  draw();
  if (problem.temporary_database && !session().temporary_database) {
    // Found by the integrity check after the first screen: the login or set-up shown was for
    // the damaged file. Show the temporary database's screen instead (no PIN pad, no set-up).
    await refreshSession();
    if (location.hash === "#/login") window.dispatchEvent(new HashChangeEvent("hashchange"));
    else location.hash = "#/login";
  }
}

function draw() {
  let banner = document.getElementById("startup-problem");
  if (!problem) {
    if (banner) banner.remove();
    return;
  }
  if (!banner) {
    banner = h("div", { id: "startup-problem", class: "notice notice-danger startup-problem", role: "alert" });
    document.getElementById("app-bar").after(banner);
  }
  const b = problem.backup;
  replace(banner,
    h("p", {}, h("strong", {}, t(`records.startup.${problem.kind}`))),
    problem.temporary_database ? h("p", {}, t("records.startup.temporary")) : null,
    b
      ? h("div", { class: "row" },
        h("span", {}, t("records.startup.backup", { date: formatDate(b.made_at, { time: true }) })),
        h("button", { type: "button", class: "btn btn-danger", id: "restore-backup", disabled: restoring, onclick: () => restore(b.name) },
          t(restoring ? "records.startup.restoring" : "records.startup.restore")))
      : (["corrupt", "unreadable"].includes(problem.kind) ? h("p", {}, t("records.startup.no_backup")) : null),
    failure ? h("p", { class: "error" }, failure) : null);
}

async function restore(name) {
  restoring = true;
  failure = "";
  draw();
  try {
    await call("restore_backup", { name });
    // The database was reopened: start again so every screen and the session read the new file.
    location.hash = "#/";
    location.reload();
  } catch (err) {
    restoring = false;
    failure = err && err.field === "agents" ? t("records.startup.backup_without_agents") : errorMessage(err);
    draw();
  }
}
