// The consultation's outcome - bought, still deciding, declined, no need - with the product (one
// presented), sum insured, premium and, for a purchase, the policy period and the contract's end:
// the fields the finish step and the record edit share, the outcome in words, and the retention
// date with the reason the backend gives (`record.retention`). Nothing is pre-selected.

import { h, dateInput } from "../dom.js";
import { t, loc, formatDate, formatMoney } from "../i18n.js";
import { field } from "../widgets/form-field.js";

export const STATUSES = ["bought", "deciding", "declined", "no_need"];
const TERMS = ["one_year_or_less", "longer"];

/** The form values of a stored outcome (or empty ones). */
export function outcomeValues(outcome) {
  const o = outcome || {};
  const yuan = (m) => (m == null ? "" : String(m).replace(/\.00$/, ""));
  return {
    status: o.status || "", product_id: o.product_id || "", sum_insured: yuan(o.sum_insured), premium: yuan(o.premium),
    policy_term: o.policy_term || "", contract_end: o.contract_end || "",
  };
}

/** The edit the backend takes: null while no outcome was chosen (the finish says it is needed). */
export function outcomeEdit(values) {
  if (!values.status) return null;
  const bought = values.status === "bought";
  return {
    status: values.status,
    product_id: values.product_id,
    sum_insured: values.sum_insured,
    premium: values.premium,
    policy_term: bought ? values.policy_term : "",
    contract_end: bought ? values.contract_end : "",
  };
}

function radios(name, options, values, key, labelKey, optionsKey, onChange) {
  return h("fieldset", { class: "field radio-group", id: name },
    h("legend", {}, t(labelKey)),
    options.map((v) => {
      const id = `${name}-${v}`;
      const input = h("input", { type: "radio", name, id, value: v, checked: values[key] === v, "aria-describedby": `${id}-error` });
      input.addEventListener("change", () => { values[key] = v; onChange(); });
      return h("label", { class: "check", for: id }, input, h("span", {}, t(`${optionsKey}.${v}`)));
    }),
    // showFieldError looks for the first control's error line.
    h("p", { class: "error", id: `${name}-${options[0]}-error`, role: "alert" }));
}

function textField(name, labelKey, values, key, attrs = {}) {
  const input = attrs.date
    ? dateInput({ name, class: "input", value: values[key], placeholder: t("common.date_placeholder") })
    : h("input", { type: "text", name, class: "input", inputmode: "decimal", autocomplete: "off", value: values[key] });
  const sync = () => { values[key] = input.value.trim(); };
  input.addEventListener("input", sync);
  input.addEventListener("change", sync);
  return field(name, labelKey, input, attrs.help || null).el;
}

/**
 * The outcome inputs bound to `values` (see `outcomeValues`). `products` are the products
 * presented, as [{id, name}]: a purchase is of one of them.
 */
export function outcomeFields(values, products) {
  const purchase = h("div", { class: "stack outcome-purchase" });
  const showPurchase = () => { purchase.hidden = values.status !== "bought"; };
  const product = h("select", { name: "outcome_product", class: "select" },
    h("option", { value: "" }, t("records.outcome.no_product")),
    products.map((p) => h("option", { value: p.id, selected: values.product_id === p.id }, loc(p.name) || t("records.print.unknown_product"))));
  product.addEventListener("change", () => { values.product_id = product.value; });
  purchase.append(
    radios("outcome_policy_term", TERMS, values, "policy_term", "records.outcome.policy_term", "records.outcome.policy_terms", () => {}),
    textField("outcome_contract_end", "records.outcome.contract_end", values, "contract_end", { date: true, help: "records.outcome.contract_end_help" }));
  showPurchase();
  return h("fieldset", { class: "card stack outcome-fields", id: "outcome-fields" },
    h("legend", {}, t("records.outcome.title")),
    h("p", { class: "help" }, t("records.outcome.help")),
    radios("outcome_status", STATUSES, values, "status", "records.outcome.status", "records.outcome.statuses", showPurchase),
    field("outcome_product", "records.outcome.product", product,
      products.length ? "records.outcome.product_help" : "records.outcome.no_products_presented").el,
    textField("outcome_sum_insured", "records.outcome.sum_insured", values, "sum_insured"),
    textField("outcome_premium", "records.outcome.premium", values, "premium"),
    purchase);
}

/** An exact amount ("500000.00") as money, cents only when there are any. */
function exact(decimal) {
  const m = /^(\d+)\.(\d{2})$/.exec(String(decimal));
  if (!m) return String(decimal);
  return formatMoney(Number(m[1]) * 100 + Number(m[2]), { cents: m[2] !== "00" });
}

/** The outcome in one sentence, e.g. "已投保：重疾险，保险金额 ¥500,000，每年保费 ¥6,800，……". */
export function outcomeText(outcome, productName) {
  if (!outcome) return t("records.outcome.not_recorded");
  const parts = [];
  if (outcome.product_id) parts.push(productName(outcome.product_id));
  if (outcome.sum_insured) parts.push(t("records.outcome.sum_line", { amount: exact(outcome.sum_insured) }));
  if (outcome.premium) parts.push(t("records.outcome.premium_line", { amount: exact(outcome.premium) }));
  if (outcome.policy_term) parts.push(t(`records.outcome.policy_terms.${outcome.policy_term}`));
  if (outcome.contract_end) parts.push(t("records.outcome.end_line", { date: formatDate(outcome.contract_end) }));
  const status = t(`records.outcome.statuses.${outcome.status}`);
  if (!parts.length) return status;
  const details = parts.join(t("records.outcome.sep"));
  // Only a purchase is "of" a product; otherwise the figures are of the option the client weighed.
  return outcome.status === "bought"
    ? `${status}${t("records.outcome.colon")}${details}`
    : `${status}${t("records.outcome.discussed", { details })}`;
}

/** Until when the record is kept, and why (the privacy notice's rule the backend applied). */
export function retentionText(retention) {
  if (!retention) return "—";
  const why = t(`records.retention.basis.${retention.basis}`, { years: retention.years ?? "" });
  return retention.until ? t("records.retention.until", { date: formatDate(retention.until), why }) : why;
}
