// Charts for the clinician's pre-visit summary: horizontal bar charts as inline
// SVG, each with a visually-hidden table for screen readers, and a calendar
// heatmap where severity shows as a number and a pattern, not colour alone.

import { formatDate, h, svg } from "../ui.js";

const ROW = 34; // user units per bar: a label line, then the bar
const WIDTH = 320;
const BAR = 240;

const percent = (n, of) => (of ? `${Math.round((n / of) * 100)}%` : "");

/** rows: [[text, count]]; `of`: what the counts are out of (for percentages). */
export function barChart({ title, rows, of, unit = "episodes" }) {
  if (!rows.length) return h("section", { class: "card" }, h("h3", {}, title), h("p", { class: "hint" }, "None recorded."));
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const countText = (n) => (of ? `${n} (${percent(n, of)})` : String(n));
  const description = rows.map(([text, n]) => `${text} ${countText(n)}`).join(", ");
  const chart = svg("svg", {
    class: "chart", viewBox: `0 0 ${WIDTH} ${rows.length * ROW}`, role: "img", focusable: "false",
    "aria-label": `${title}, ${unit}: ${description}`,
  }, rows.map(([text, n], index) => {
    const y = index * ROW;
    const width = n ? Math.max(2, Math.round((n / max) * BAR)) : 0;
    return svg("g", {},
      svg("text", { x: 0, y: y + 12 }, text),
      svg("rect", { class: "bar-fill", x: 0, y: y + 16, width, height: 12, rx: 2 }),
      svg("text", { x: width + 6, y: y + 27 }, countText(n)));
  }));
  // Wrapped: a table ignores the 1px width of .visually-hidden and would widen the page.
  const table = h("div", { class: "visually-hidden" }, h("table", {},
    h("caption", {}, title),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Answer"), h("th", { scope: "col" }, unit))),
    h("tbody", {}, rows.map(([text, n]) => h("tr", {}, h("th", { scope: "row" }, text), h("td", {}, countText(n)))))));
  return h("section", { class: "card" }, h("h3", {}, title), chart, table);
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const mondayFirst = (iso) => (new Date(`${iso}T12:00:00`).getDay() + 6) % 7;

function dayCell(day) {
  const classes = ["day"];
  let visible = "";
  let spoken;
  if (day.headache) {
    const severity = day.max_severity;
    if (severity !== null) {
      classes.push(`sev-${severity}`);
      if (severity >= 7) classes.push("high");
      visible = String(severity);
    }
    spoken = severity === null ? "headache" : `headache, worst severity ${severity}`;
    if (day.episodes > 1) spoken += `, ${day.episodes} episodes`;
  } else if (day.logged) {
    classes.push("free");
    spoken = "headache-free";
  } else {
    classes.push("unlogged");
    spoken = "not logged";
  }
  if (day.acute_medication) spoken += ", acute medication";
  return h("div", { class: classes.join(" ") },
    h("span", { class: "visually-hidden" }, `${formatDate(day.date)}: ${spoken}`),
    h("span", { class: "date", "aria-hidden": "true" }, String(Number(day.date.slice(8)))),
    day.acute_medication ? h("span", { class: "med", "aria-hidden": "true" }, "M") : null,
    h("span", { class: "num", "aria-hidden": "true" }, visible));
}

/** The summary's per-day array as one month grid after another. */
export function heatmap(calendar) {
  const months = new Map();
  for (const day of calendar) {
    const key = day.date.slice(0, 7);
    if (!months.has(key)) months.set(key, []);
    months.get(key).push(day);
  }
  const grids = [...months].map(([key, days]) => {
    const [year, month] = key.split("-").map(Number);
    const name = new Date(year, month - 1, 1).toLocaleDateString(undefined, { month: "long", year: "numeric" });
    const blanks = Array.from({ length: mondayFirst(days[0].date) }, () => h("div", { class: "day none", "aria-hidden": "true" }));
    return h("div", { class: "month" },
      h("h3", {}, name),
      h("div", { class: "calendar heatmap" },
        WEEKDAYS.map((text) => h("div", { class: "dow", "aria-hidden": "true" }, text)),
        blanks,
        days.map(dayCell)));
  });
  return h("div", {},
    h("p", { class: "legend" },
      h("span", {}, "Number: worst severity that day (0 to 10)"),
      h("span", {}, "Hatched: 7 or more"),
      h("span", {}, "✓ headache-free"),
      h("span", {}, "Dashed: not logged"),
      h("span", {}, "M: acute medication")),
    h("div", { class: "months" }, grids));
}
