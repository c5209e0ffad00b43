// History: a month calendar (severity as a number and a pattern, not colour
// alone) and the month's entries, with edit and delete. Entries still in the
// outbox show as pending; entries the server refused, with its reason. Several
// entries on one day show their times; entries with a warning sign are marked.

import { api, entriesBetween } from "../api.js";
import { discard, entryItems as items } from "../outbox.js";
import { announce, errorList, formatDate, formatTime, h, localToday, messagesOf, offline } from "../ui.js";
import * as vocab from "../vocabulary.js";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

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
  const cells = DAYS.map((d) => h("div", { class: "dow", "aria-hidden": "true" }, d));
  for (let i = 0; i < offset; i += 1) cells.push(h("div", { class: "day none", "aria-hidden": "true" }));
  const today = localToday();
  for (let d = 1; d <= days; d += 1) {
    const iso = `${month}-${String(d).padStart(2, "0")}`;
    const info = byDate.get(iso);
    let classes = "day";
    let text = "not logged";
    let mark = "";
    if (info && info.severity !== null) {
      classes += ` sev-${info.severity}${info.severity >= 7 ? " high" : ""}`;
      text = `headache, worst ${info.severity} of 10`;
      mark = String(info.severity);
    } else if (info && info.free) {
      classes += " free";
      text = "no headache";
      mark = "";
    }
    if (iso === today) classes += " today";
    cells.push(h("div", { class: classes, role: "listitem", "aria-label": `${formatDate(iso)}: ${text}` },
      h("span", { "aria-hidden": "true" }, d), h("span", { class: "num", "aria-hidden": "true" }, mark)));
  }
  return h("div", { class: "calendar", role: "list", "aria-label": "Month calendar" }, cells);
}

/** "Sun 29 Nov at 14:05": the time only where the day has several entries (the start time, else when it was logged). */
function whenOf(entry, sameDay) {
  const time = sameDay > 1 ? formatTime(entry.started_at || entry.created_at) : "";
  return time ? `${formatDate(entry.date)} at ${time}` : formatDate(entry.date);
}

function describe(entry) {
  if (entry.headache === false) return "no headache";
  const side = entry.side ? `${vocab.textOf(vocab.SIDES, entry.side).toLowerCase()} ${entry.side === "both" ? "sides" : "side"}`
    : "side not given";
  const region = entry.onset_region ? `, began: ${vocab.textOf(vocab.ONSET_REGIONS, entry.onset_region).toLowerCase()}` : "";
  return `${side}, ${entry.severity ?? "?"}/10${region}`;
}

// Where an imported entry came from (the API's `source.format`), in words.
const IMPORTED_FROM = {
  neckline_json: "imported from a Neckline export",
  migraine_buddy_csv: "imported from Migraine Buddy",
  apple_health: "imported from Apple Health",
  csv: "imported from a spreadsheet",
};

function entryRow(entry, { pending, refused, sameDay, onDelete }) {
  const when = whenOf(entry, sameDay);
  const flagged = (entry.red_flags || []).length > 0;
  const name = `${entry.headache === false ? "the headache-free day" : "the headache"} of ${when}`;
  const problem = h("div", {});
  return h("li", { class: pending ? "pending" : "" },
    h("div", {},
      h("strong", {}, when), " · ", describe(entry),
      flagged ? h("span", { class: "badge flag" }, " ⚠ Warning sign") : null,
      entry.source ? " " : null,
      entry.source ? h("span", { class: "badge" }, IMPORTED_FROM[entry.source.format] || "imported") : null,
      pending && !refused ? h("span", { class: "badge" }, " waiting to sync") : null,
      refused ? h("div", { class: "errors" }, h("p", {}, h("strong", {}, "Not saved: "), refused)) : null,
      problem),
    h("div", { class: "actions" },
      h("a", { class: "button", href: `#/log?edit=${entry.id}`, "aria-label": `Edit ${name}` }, "Edit"),
      h("button", { type: "button", class: "danger", "aria-label": `Delete ${name}`, onclick: (e) => onDelete(e.currentTarget, problem, name) },
        "Delete")));
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

  async function remove(entry, button, problem, name) {
    if (!window.confirm(`Delete ${name} (${describe(entry)})? This cannot be undone.`)) return;
    problem.replaceChildren();
    button.disabled = true;
    try {
      if (queuedIds.has(entry.id)) await discard(entry.id);
      const answer = queuedIds.has(entry.id) ? { ok: true } : await api("DELETE", `/api/v1/entries/${entry.id}/`);
      if (!(answer.ok || answer.status === 404)) {
        problem.replaceChildren(errorList(answer.data || { detail: "The entry was not deleted. Please try again." }));
        return;
      }
      announce("Entry deleted.");
      window.dispatchEvent(new Event("neckline:saved"));
      navigate(`#/history?month=${month}&t=${Date.now()}`);
    } catch (error) {
      if (error.name !== "NetworkError") throw error;
      problem.replaceChildren(errorList({ detail: offline("the entry was not deleted") }));
    } finally {
      button.disabled = false;
    }
  }

  const title = new Date(`${month}-15T12:00:00`).toLocaleDateString(undefined, { month: "long", year: "numeric" });
  return h("section", {},
    h("h1", {}, "History"),
    response.ok ? null : response.offline
      ? h("p", { class: "notice card", role: "status" }, "You are offline. The entries on this phone are shown: "
        + "those waiting to be sent can be changed or deleted now; the rest of the diary shows when you are back online.")
      : errorList({ detail: "Only the entries on this phone are shown: the diary could not be read." }),
    h("div", { class: "actions" },
      h("a", { class: "button", href: `#/history?month=${shiftMonth(month, -1)}` }, "Previous month"),
      h("h2", { "aria-live": "polite" }, title),
      month < localToday().slice(0, 7) ? h("a", { class: "button", href: `#/history?month=${shiftMonth(month, 1)}` }, "Next month") : null),
    calendar(month, all),
    h("p", { class: "legend" }, "Number = worst severity that day (0 to 10); striped = 7 or more; ✓ = headache-free day."),
    h("h2", {}, "Entries"),
    all.length
      ? h("ul", { class: "list" }, all.map((entry) => {
        const item = queued.find((q) => q.id === entry.id);
        return entryRow(entry, {
          pending: Boolean(item), refused: item && item.state === "refused" ? messagesOf(item.errors) || "The server refused it." : null,
          sameDay: perDay.get(entry.date), onDelete: (button, problem, name) => remove(entry, button, problem, name),
        });
      }))
      : h("p", { class: "hint" }, "Nothing logged this month."));
}
