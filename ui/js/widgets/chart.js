// A horizontal grouped bar chart as inline SVG (no chart library): one group per category, one
// bar per series. Accessible: the SVG is role="img" with a title and a text summary, and the same
// numbers come as a table. Colours come from the .chart classes in components.css.

import { h } from "../dom.js";
import { t } from "../i18n.js";

const SVG = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

let counter = 0;

/**
 * Builds a <figure> with the chart, a legend and a data table.
 * - `title`: the caption; `summary`: one or two sentences saying what the chart shows.
 * - `series`: [{key, label, className, swatch}] e.g. {key: "need", className: "bar-need", swatch: "swatch-need"}.
 * - `groups`: [{label, values: {key: number}}], values in any one unit (e.g. fen).
 * - `format(value)`: the text of a value.
 */
export function barChart({ title, summary, series, groups, format, id }) {
  const uid = id || `chart-${++counter}`;
  const width = 760;
  // Room for the longest label and value at the page's type size (SVG text inherits it), so long
  // English labels and large type are not cut off at the edges.
  const fs = parseFloat(getComputedStyle(document.documentElement).fontSize) || 18;
  const textWidth = (text) => [...String(text)].reduce((w, c) => w + (c.codePointAt(0) > 0x2e80 ? fs : fs * 0.6), 0);
  const values = groups.flatMap((g) => series.map((se) => format(Number(g.values[se.key]) || 0)));
  const labelWidth = Math.ceil(Math.min(width * 0.45, Math.max(120, 16 + Math.max(0, ...groups.map((g) => textWidth(g.label))))));
  const valueRoom = Math.ceil(Math.min(width * 0.3, Math.max(100, 12 + Math.max(0, ...values.map(textWidth)))));
  const barHeight = 20;
  const barGap = 4;
  const groupGap = 18;
  const top = 8;
  const groupHeight = series.length * (barHeight + barGap) - barGap;
  const height = top * 2 + groups.length * groupHeight + Math.max(0, groups.length - 1) * groupGap;
  const max = Math.max(0, ...groups.flatMap((g) => series.map((se) => Number(g.values[se.key]) || 0)));
  const span = width - labelWidth - valueRoom;
  const svg = s("svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-labelledby": `${uid}-title ${uid}-desc`,
    preserveAspectRatio: "xMinYMin meet",
  });
  svg.append(s("title", { id: `${uid}-title` }, title), s("desc", { id: `${uid}-desc` }, summary));
  groups.forEach((g, gi) => {
    const y0 = top + gi * (groupHeight + groupGap);
    svg.append(s("text", { x: labelWidth - 12, y: y0 + groupHeight / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "chart-label" }, g.label));
    series.forEach((se, si) => {
      const v = Number(g.values[se.key]) || 0;
      const w = max > 0 ? Math.max(v > 0 ? 2 : 0, (v / max) * span) : 0;
      const y = y0 + si * (barHeight + barGap);
      svg.append(s("rect", { x: labelWidth, y, width: w.toFixed(1), height: barHeight, rx: 3, class: se.className, "data-series": se.key }));
      svg.append(s("text", { x: labelWidth + w + 6, y: y + barHeight / 2, "dominant-baseline": "middle", class: "chart-value" }, format(v)));
    });
  });
  svg.append(s("line", { x1: labelWidth, x2: labelWidth, y1: 0, y2: height, class: "axis" }));

  const legend = h("ul", { class: "legend", "aria-hidden": "true" },
    series.map((se) => h("li", {}, h("span", { class: `swatch ${se.swatch}` }), se.label)));
  const table = h("table", { class: "table chart-table" },
    h("caption", { class: "visually-hidden" }, title),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("common.chart_category")),
      series.map((se) => h("th", { scope: "col", class: "num" }, se.label)))),
    h("tbody", {}, groups.map((g) => h("tr", {},
      h("th", { scope: "row" }, g.label),
      series.map((se) => h("td", { class: "num", "data-series": se.key }, format(Number(g.values[se.key]) || 0)))))));
  return h("figure", { class: "chart-figure", id: uid },
    h("figcaption", {}, h("strong", {}, title), h("span", { class: "help" }, " ", summary)),
    svg,
    legend,
    h("details", { class: "chart-data no-print" }, h("summary", {}, t("common.chart_as_table")), table));
}
