// Charts for the clinician's pre-visit summary: horizontal bar charts as inline
// SVG, each with a visually-hidden table for screen readers, and a calendar
// heatmap where severity shows as a number and a pattern, not colour alone.

import { formatDay, formatNumber, nt, t, weekdayNames } from "../i18n.js";
import { h, svg } from "../ui.js";

const ROW = 34; // user units per bar: a label line, then the bar
const WIDTH = 320;
const BAR = 240;

const percent = (n, of) => (of ? formatNumber(n / of, { style: "percent", maximumFractionDigits: 0 }) : "");

/** rows: [[text, count]]; `of`: what the counts are out of (for percentages); `unit`: what is
 *  counted, as a column heading ("episodes", in the language in use, by default). */
export function barChart({ title, rows, of, unit = t("episodes") }) {
  if (!rows.length) return h("section", { class: "card" }, h("h3", {}, title), h("p", { class: "hint" }, t("None recorded.")));
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const countText = (n) => (of ? t("{count} ({percent})", { count: n, percent: percent(n, of) }) : String(n));
  const description = rows.map(([text, n]) => `${text} ${countText(n)}`).join(", ");
  const chart = svg("svg", {
    class: "chart", viewBox: `0 0 ${WIDTH} ${rows.length * ROW}`, role: "img", focusable: "false",
    "aria-label": t("{title}, {unit}: {description}", { title, unit, description }),
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
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Answer")), h("th", { scope: "col" }, unit))),
    h("tbody", {}, rows.map(([text, n]) => h("tr", {}, h("th", { scope: "row" }, text), h("td", {}, countText(n)))))));
  return h("section", { class: "card" }, h("h3", {}, title), chart, table);
}

// Translators: one letter marking a calendar day with acute medication (its legend reads "M: acute medication").
const medicationLetter = () => t("M");
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
    spoken = [severity === null ? t("headache") : t("headache, worst severity {severity}", { severity })];
    if (day.episodes > 1) spoken.push(nt("{n} episode", "{n} episodes", day.episodes));
  } else if (day.logged) {
    classes.push("free");
    spoken = [t("headache-free")];
  } else {
    classes.push("unlogged");
    spoken = [t("not logged")];
  }
  if (day.acute_medication) spoken.push(t("acute medication"));
  const date = formatDay(day.date, { weekday: "short", day: "numeric", month: "short" });
  return h("div", { class: classes.join(" ") },
    h("span", { class: "visually-hidden" }, t("{date}: {what}", { date, what: spoken.join(", ") })),
    h("span", { class: "date", "aria-hidden": "true" }, String(Number(day.date.slice(8)))),
    day.acute_medication ? h("span", { class: "med", "aria-hidden": "true" }, medicationLetter()) : null,
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
    const name = formatDay(`${key}-01`, { month: "long", year: "numeric" });
    const blanks = Array.from({ length: mondayFirst(days[0].date) }, () => h("div", { class: "day none", "aria-hidden": "true" }));
    return h("div", { class: "month" },
      h("h3", {}, name),
      h("div", { class: "calendar heatmap" },
        weekdayNames().map((text) => h("div", { class: "dow", "aria-hidden": "true" }, text)),
        blanks,
        days.map(dayCell)));
  });
  return h("div", {},
    h("p", { class: "legend" },
      h("span", {}, t("Number: worst severity that day (0 to 10)")),
      h("span", {}, t("Hatched: 7 or more")),
      h("span", {}, t("✓ headache-free")),
      h("span", {}, t("Dashed: not logged")),
      h("span", {}, t("{letter}: acute medication", { letter: medicationLetter() }))),
    h("div", { class: "months" }, grids));
}
