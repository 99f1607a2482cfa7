// Home. At the kiosk: the insurer's products found in the content directory. In the agent's
// window, first what waits for the agent, from one audited read (`get_agent_home`): "start a
// consultation", the consultations in progress (resumed at their step), the follow-ups overdue
// and of the coming 7 days, the call-back requests waiting (each can become a consultation);
// then the products. Each panel says so when it is empty.

import { call } from "../api.js";
import { h } from "../dom.js";
import { t, loc, errorMessage, formatDate } from "../i18n.js";
import { mode } from "../shell/session.js";
import { todayLocal } from "../record/shared.js";
import { followUpItem } from "../record/followup.js";
import { startAndOpen } from "../consult/lead.js";

export async function render(main) {
  if (mode() === "agent") {
    await agentHome(main);
  } else {
    main.append(
      h("section", { class: "hero" },
        h("h1", {}, t("home.title")),
        h("p", { class: "lead" }, t("home.lead"))),
    );
  }
  await products(main);
}

async function agentHome(main) {
  main.append(h("div", { class: "row agent-home-head" },
    h("div", { class: "spacer" },
      h("h1", {}, t("home.agent.title")),
      h("p", { class: "muted" }, t("home.agent.lead"))),
    h("button", {
      type: "button", class: "btn btn-primary btn-lg", id: "start-consultation",
      "aria-describedby": "start-consultation-help",
      onclick: () => startAndOpen("start_consultation"),
    }, t("home.agent.start")),
    h("p", { class: "visually-hidden", id: "start-consultation-help" }, t("home.agent.start_help"))));
  let home;
  try {
    home = await call("get_agent_home", { today: todayLocal() });
  } catch (err) {
    main.append(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  main.append(h("div", { class: "agent-home" },
    panel("in-progress", t("home.agent.in_progress"), home.in_progress, draftItem, t("home.agent.in_progress_empty")),
    panel("follow-ups", t("home.agent.follow_ups"), home.follow_ups, followUpItem, t("home.agent.follow_ups_empty"),
      h("a", { href: "#/followups", class: "btn btn-ghost" }, t("home.agent.all_follow_ups"))),
    panel("call-backs", t("home.agent.call_backs"), home.call_backs, callBackItem, t("home.agent.call_backs_empty"),
      h("a", { href: "#/leads", class: "btn btn-ghost" }, t("home.agent.all_call_backs")))));
}

/** A panel of the agent's home: a heading with the count, the list or what its emptiness means. */
function panel(id, title, items, item, empty, more = null) {
  return h("section", { class: "card stack home-panel", id: `panel-${id}`, "aria-labelledby": `panel-${id}-heading` },
    h("h2", { id: `panel-${id}-heading` }, title, " ", h("span", { class: "badge badge-info panel-count" }, String(items.length))),
    items.length
      ? h("ul", { class: "list" }, items.map(item))
      : h("p", { class: "muted panel-empty" }, empty),
    more);
}

function draftItem(d) {
  const who = d.client_name || (d.lead_name ? t("home.agent.from_lead", { name: d.lead_name }) : t("home.agent.no_client"));
  return h("li", { class: "list-item draft", "data-draft": d.id, "data-step": d.step },
    h("span", { class: "spacer" },
      // A client's or caller's name: text.
      h("strong", {}, who),
      h("span", { class: "muted block" }, t("home.agent.started", { time: formatDate(d.started_at, { time: true }) })),
      h("span", { class: "badge badge-warn" }, t("home.agent.next_step", { step: t(`records.consult.steps.${d.step}`) }))),
    h("button", {
      type: "button", class: "btn btn-secondary", "data-resume": d.id,
      "aria-label": t("home.agent.resume_who", { name: who }),
      onclick: () => startAndOpen("resume_consultation", { id: d.id }),
    }, t("home.agent.resume")));
}

/** A message key's text, else the raw key (a topic or time left before the form translated it). */
function translated(ns, k) {
  const key = `access.${ns}.${k}`;
  const text = t(key);
  return text === key ? k : text;
}

function callBackItem(l) {
  return h("li", { class: "list-item call-back", "data-lead": l.id },
    h("span", { class: "spacer" },
      // Typed by the caller: text.
      h("strong", {}, l.name), h("span", { class: "muted" }, " · ", l.phone),
      l.topic ? h("span", { class: "block" }, t("home.agent.about", { topic: translated("topics", l.topic) })) : null,
      h("span", { class: "block" }, t("home.agent.preferred", { time: translated("times", l.preferred_time) })),
      h("span", { class: "muted block lead-consent" }, t("home.agent.consent_by_lead", { time: formatDate(l.consent_granted_at, { time: true }) }))),
    h("button", {
      type: "button", class: "btn btn-primary", "data-start-lead": l.id,
      "aria-label": t("home.agent.start_from_lead_who", { name: l.name }),
      onclick: () => startAndOpen("start_from_lead", { id: l.id }),
    }, t("home.agent.start_from_lead")));
}

async function products(main) {
  const section = h("section", { "aria-labelledby": "products-heading", class: "home-products" },
    h("h2", { id: "products-heading" }, t("home.products_heading")));
  main.append(section);
  let list = [];
  try {
    list = await call("list_products");
  } catch (err) {
    section.append(h("p", { class: "notice notice-danger", role: "alert" }, errorMessage(err)));
    return;
  }
  if (list.length === 0) {
    section.append(h("div", { class: "empty" }, h("p", {}, t("home.no_products"))));
    return;
  }
  section.append(
    h("ul", { class: "grid product-list", role: "list" },
      list.map((p) =>
        h("li", {},
          h("a", { class: "card card-link product-card", href: `#/product/${encodeURIComponent(p.id)}`, "data-product": p.id },
            h("div", { class: "kicker" }, t(`common.kinds.${p.kind}`)),
            h("h3", {}, loc(p.name)),
            h("p", { class: "muted" }, loc(p.audience)))),
      )),
  );
}
