// The window's entry point (index.html loads it): reads the mode and the language, the session
// and its idle lock, draws the app bar and renders the route; unexpected script errors become
// toasts instead of a silent, frozen screen.

import { call } from "../api.js";
import { t, setLanguage, errorMessage, onLanguageChange } from "../i18n.js";
import { refreshSession, startIdleWatch, setMode } from "./session.js";
import { showStartupProblem } from "./startup-problem.js";
import { renderRoute, onRoute } from "./router.js";
import { renderBar } from "./app-bar.js";
import { toast } from "./toast.js";

async function start() {
  let home = { language: "zh-CN", mode: "agent", version: "" };
  try {
    home = await call("get_home");
  } catch (err) {
    console.error(err);
  }
  setMode(home.mode);
  try {
    await refreshSession();
  } catch (err) {
    console.error(err);
  }
  startIdleWatch();
  document.body.dataset.mode = home.mode;
  onRoute(renderBar);
  await setLanguage(home.language);
  // A damaged or unreadable records database: a persistent notice above every screen.
  if (home.mode === "agent") showStartupProblem();
  // Switching language keeps the screen and its state: screens keep state outside the DOM.
  onLanguageChange(() => renderRoute({ keepFocus: true }));
  window.addEventListener("hashchange", () => renderRoute());
  await renderRoute();
}

// An unexpected script error must not leave a silent, frozen screen.
window.addEventListener("error", (e) => toast(`${t("common.error_title")}: ${e.message}`, "error"));
window.addEventListener("unhandledrejection", (e) => {
  console.error(e.reason);
  toast(errorMessage(e.reason || {}), "error");
});

start();
