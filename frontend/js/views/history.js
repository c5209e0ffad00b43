// History: a month calendar (severity as a number and a pattern, not colour
// alone) and the month's entries, with edit and delete. Entries still in the
// outbox show as pending; entries the server refused, with its reason. Several
// entries on one day show their times; entries with a warning sign are marked.

import { api, entriesBetween } from "../api.js";
import { currentLanguage, formatDate as formatInLanguage, t, weekdayNames } from "../i18n.js";
import { discard, entryItems as items } from "../outbox.js";
import { announce, errorList, formatDate, formatTime, h, localToday, messagesOf } from "../ui.js";
import * as vocab from "../vocabulary.js";

function monthBounds(month) {
  const [year, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, "0")}`, days: last, year, m };
}

function shiftMonth(month, delta) {
  const [year, m] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, m - 1 + delta, 1));
  return date.toISOString().slice(0, 7);
}

function calendar(month, entries) {
  const { days, year, m } = monthBounds(month);
  const byDate = new Map();
  for (const entry of entries) {
    const day = byDate.get(entry.date) || { severity: null, free: false };
    if (entry.headache) day.severity = Math.max(day.severity ?? 0, entry.severity ?? 0);
    else day.free = true;
    byDate.set(entry.date, day);
  }
  const offset = (new Date(Date.UTC(year, m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
  const cells = weekdayNames().map((d) => h("div", { class: "dow", "aria-hidden": "true" }, d));
  for (let i = 0; i < offset; i += 1) cells.push(h("div", { class: "day none", "aria-hidden": "true" }));
  const today = localToday();
  for (let d = 1; d <= days; d += 1) {
    const iso = `${month}-${String(d).padStart(2, "0")}`;
    const info = byDate.get(iso);
    const date = formatDate(iso);
    let classes = "day";
    let text = t("{date}: not logged", { date });
    let mark = "";
    if (info && info.severity !== null) {
      classes += ` sev-${info.severity}${info.severity >= 7 ? " high" : ""}`;
      text = t("{date}: headache, worst {severity} of 10", { date, severity: info.severity });
      mark = String(info.severity);
    } else if (info && info.free) {
      classes += " free";
      text = t("{date}: no headache", { date });
      mark = "";
    }
    if (iso === today) classes += " today";
    cells.push(h("div", { class: classes, role: "listitem", "aria-label": text },
      h("span", { "aria-hidden": "true" }, d), h("span", { class: "num", "aria-hidden": "true" }, mark)));
  }
  return h("div", { class: "calendar", role: "list", "aria-label": t("Month calendar") }, cells);
}

/** "Sun 29 Nov at 14:05": the time only where the day has several entries (the start time, else when it was logged). */
function whenOf(entry, sameDay) {
  const time = sameDay > 1 ? formatTime(entry.started_at || entry.created_at) : "";
  return time ? t("{date} at {time}", { date: formatDate(entry.date), time }) : formatDate(entry.date);
}

// The side as the middle of a sentence says it ("right side, 4/10"): whole words per side, so each
// language can decline them.
const SIDE_WORDS = { left: () => t("left side"), right: () => t("right side"), both: () => t("both sides") };

/** A label of the diary's words inside a sentence: lower case, but German keeps its capital nouns. */
const inSentence = (text) => (currentLanguage() === "de" ? text : text.toLocaleLowerCase(currentLanguage()));

function describe(entry) {
  if (entry.headache === false) return t("no headache");
  const side = !entry.side ? t("side not given")
    : SIDE_WORDS[entry.side] ? SIDE_WORDS[entry.side]() : inSentence(vocab.textOf(vocab.SIDES, entry.side));
  const severity = entry.severity ?? "?";
  if (!entry.onset_region) return t("{side}, {severity}/10", { side, severity });
  const region = inSentence(vocab.textOf(vocab.ONSET_REGIONS, entry.onset_region));
  return t("{side}, {severity}/10, began: {region}", { side, severity, region });
}

// Where an imported entry came from (the API's `source.format`), in words.
const IMPORTED_FROM = {
  neckline_json: () => t("imported from a Neckline export"),
  migraine_buddy_csv: () => t("imported from Migraine Buddy"),
  apple_health: () => t("imported from Apple Health"),
  csv: () => t("imported from a spreadsheet"),
};

// What the Edit and Delete buttons say to a screen reader, and what the delete prompt asks.
const NAMES = {
  headache: {
    edit: (when) => t("Edit the headache of {when}", { when }),
    delete: (when) => t("Delete the headache of {when}", { when }),
    confirm: (when, what) => t("Delete the headache of {when} ({what})? This cannot be undone.", { when, what }),
  },
  free: {
    edit: (when) => t("Edit the headache-free day of {when}", { when }),
    delete: (when) => t("Delete the headache-free day of {when}", { when }),
    confirm: (when, what) => t("Delete the headache-free day of {when} ({what})? This cannot be undone.", { when, what }),
  },
};

function entryRow(entry, { pending, refused, sameDay, onDelete }) {
  const when = whenOf(entry, sameDay);
  const flagged = (entry.red_flags || []).length > 0;
  const names = NAMES[entry.headache === false ? "free" : "headache"];
  const problem = h("div", {});
  const source = entry.source ? IMPORTED_FROM[entry.source.format] : null;
  return h("li", { class: pending ? "pending" : "" },
    h("div", {},
      h("strong", {}, when), " · ", describe(entry),
      flagged ? h("span", { class: "badge flag" }, " ⚠ ", t("Warning sign")) : null,
      entry.source ? " " : null,
      entry.source ? h("span", { class: "badge" }, source ? source() : t("imported")) : null,
      pending && !refused ? h("span", { class: "badge" }, " ", t("waiting to sync")) : null,
      refused ? h("div", { class: "errors" }, h("p", {}, t("Not saved: {reason}", { reason: refused }))) : null,
      problem),
    h("div", { class: "actions" },
      h("a", { class: "button", href: `#/log?edit=${entry.id}`, "aria-label": names.edit(when) }, t("Edit")),
      h("button", { type: "button", class: "danger", "aria-label": names.delete(when),
        onclick: (e) => onDelete(e.currentTarget, problem, names.confirm(when, describe(entry))) }, t("Delete"))));
}

export async function render({ query, navigate }) {
  const month = query.get("month") || localToday().slice(0, 7);
  const { first, last } = monthBounds(month);
  // Offline with nothing cached, the entries waiting on this phone are still shown, and can be changed.
  const response = await entriesBetween(first, last).catch((error) => {
    if (error.name !== "NetworkError") throw error;
    return { ok: false, offline: true };
  });
  const saved = response.ok ? response.data : [];
  const queued = (await items()).filter((item) => item.body.date >= first && item.body.date <= last);
  const queuedIds = new Set(queued.map((item) => item.id));
  const all = [...queued.map((item) => ({ ...item.body, id: item.id })), ...saved.filter((e) => !queuedIds.has(e.id))]
    .sort((a, b) => (a.date === b.date ? ((b.started_at || b.created_at || "") > (a.started_at || a.created_at || "") ? 1 : -1)
      : a.date < b.date ? 1 : -1));
  const perDay = new Map();
  for (const entry of all) perDay.set(entry.date, (perDay.get(entry.date) || 0) + 1);

  async function remove(entry, button, problem, question) {
    if (!window.confirm(question)) return;
    problem.replaceChildren();
    button.disabled = true;
    try {
      if (queuedIds.has(entry.id)) await discard(entry.id);
      const answer = queuedIds.has(entry.id) ? { ok: true } : await api("DELETE", `/api/v1/entries/${entry.id}/`);
      if (!(answer.ok || answer.status === 404)) {
        problem.replaceChildren(errorList(answer.data || { detail: t("The entry was not deleted. Please try again.") }));
        return;
      }
      announce(t("Entry deleted."));
      window.dispatchEvent(new Event("neckline:saved"));
      navigate(`#/history?month=${month}&t=${Date.now()}`);
    } catch (error) {
      if (error.name !== "NetworkError") throw error;
      problem.replaceChildren(errorList({ detail: t("You are offline, so the entry was not deleted. Try again when you are back online.") }));
    } finally {
      button.disabled = false;
    }
  }

  const { year, m } = monthBounds(month);
  // "Dezember 2026": the month's name in the language of the weekdays below it.
  const title = formatInLanguage(new Date(year, m - 1, 15), { month: "long", year: "numeric" });
  return h("section", {},
    h("h1", {}, t("History")),
    response.ok ? null : response.offline
      ? h("p", { class: "notice card", role: "status" }, t(
        "You are offline. The entries on this phone are shown: those waiting to be sent can be changed or deleted now; the rest of the diary shows when you are back online.",
      ))
      : errorList({ detail: t("Only the entries on this phone are shown: the diary could not be read.") }),
    h("div", { class: "actions" },
      h("a", { class: "button", href: `#/history?month=${shiftMonth(month, -1)}` }, t("Previous month")),
      h("h2", { "aria-live": "polite" }, title),
      month < localToday().slice(0, 7) ? h("a", { class: "button", href: `#/history?month=${shiftMonth(month, 1)}` }, t("Next month")) : null),
    calendar(month, all),
    h("p", { class: "legend" }, t("Number = worst severity that day (0 to 10); striped = 7 or more; ✓ = headache-free day.")),
    h("h2", {}, t("Entries")),
    all.length
      ? h("ul", { class: "list" }, all.map((entry) => {
        const item = queued.find((q) => q.id === entry.id);
        return entryRow(entry, {
          pending: Boolean(item), refused: item && item.state === "refused" ? messagesOf(item.errors) || t("The server refused it.") : null,
          sameDay: perDay.get(entry.date), onDelete: (button, problem, question) => remove(entry, button, problem, question),
        });
      }))
      : h("p", { class: "hint" }, t("Nothing logged this month.")));
}
