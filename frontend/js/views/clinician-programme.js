// A clinician's view of a patient's home exercise programme (#/patients/<id>/programme):
// adherence week by week beside the headaches, exercises stopped for pain, questionnaire
// scores, moving an exercise to its next stage, and prescribing a new programme.

import { api, get } from "../api.js";
import { announce, choiceGroup, field, formatDate, h, localToday, offline, showProblems, write } from "../ui.js";
import { comparisonText } from "./exercises.js";
import { correctButton } from "./record-correct.js";

const WEEKDAYS = [[0, "Mon"], [1, "Tue"], [2, "Wed"], [3, "Thu"], [4, "Fri"], [5, "Sat"], [6, "Sun"]];

/** The programme in a few lines, for the pre-visit summary and this screen. */
export function programmeSummary(programme) {
  if (!programme) return [h("p", {}, "No home exercise programme.")];
  const { adherence } = programme;
  const lines = [
    h("p", {}, `${programme.title}${programme.general_advice ? " (the general programme, started by the patient)" : ""}, `
      + `from ${formatDate(programme.start_date)}${programme.ended_on ? ` to ${formatDate(programme.ended_on)}` : ""}.`),
    h("p", {}, adherence.percent === null ? "No sessions due yet."
      : `Sessions done: ${adherence.sessions_done} of ${adherence.sessions_due} due (${adherence.percent}%).`),
  ];
  lines.push(h("p", {}, comparisonText(programme.comparison)));
  if (adherence.stopped_for_pain.length) {
    lines.push(h("p", { class: "error" }, `Stopped for pain: ${adherence.stopped_for_pain.map((s) =>
      `${s.title} on ${formatDate(s.date)}${s.pain === null ? "" : ` (pain ${s.pain}/10)`}`).join("; ")}.`));
  }
  return lines;
}

// No "per 30 days" column: a week is never the 14 observed days a rate needs (docs/screening.md,
// Rates), and "30 per 30" from one logged day misleads.
function weeksTable(weeks) {
  return h("table", { class: "table" },
    h("caption", {}, "Adherence and headaches, week by week"),
    h("thead", {}, h("tr", {}, ["Week", "Sessions done", "Headache days"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, weeks.map((w) => h("tr", {},
      h("th", { scope: "row" }, `${w.week}: ${formatDate(w.from)} to ${formatDate(w.to)}`),
      h("td", {}, `${w.sessions_done} of ${w.sessions_due}${w.percent === null ? "" : ` (${w.percent}%)`}`),
      h("td", {}, w.logged_days ? `${w.headache_days} of ${w.logged_days} logged` : "none logged")))));
}

function exerciseList(id, programme, reload) {
  return h("ol", { class: "plain-list" }, programme.exercises.map((exercise) => {
    const next = exercise.stage && exercise.stage < exercise.last_stage
      ? h("button", { type: "button", onclick: async () => {
        const response = await api("POST", `/api/v1/clinician/patients/${id}/programmes/${programme.id}/progress/`, { code: exercise.code });
        if (response.ok) { announce(`${exercise.title} moved to stage ${exercise.stage + 1}.`); reload(); }
      } }, `Move ${exercise.title} to stage ${exercise.stage + 1}`)
      : null;
    return h("li", {}, h("strong", {}, exercise.title),
      exercise.stage ? ` (stage ${exercise.stage} of ${exercise.last_stage}: ${exercise.stage_title})` : "",
      h("br"), `${exercise.sets} × ${exercise.repetitions}${exercise.hold_seconds ? `, hold ${exercise.hold_seconds} s` : ""}`,
      next ? h("div", {}, next) : null);
  }));
}

// The server's refusals said as the form asks (its own words for the rest are already plain).
const PRESCRIBE_WORDS = {
  exercises: () => "Please tick at least one exercise.",
  times: () => "Please give each time as hours and minutes, for example 08:00, 18:00.",
  weekdays: () => "Please tap at least one day.",
  start_date: (text) => text || "Please give the start date.",
};

/** The open urgent or emergency red flags that hold the patient's sessions back, and a tick
 *  that the clinician has seen them (a programme is no substitute for the doctor's check). */
function openFlagsNotice(flags, term) {
  return h("div", { class: "advice", "data-field": "flags_seen" },
    h("h3", {}, flags.length === 1 ? "1 open red flag" : `${flags.length} open red flags`),
    h("ul", {}, flags.map((flag) => h("li", {}, `${term(flag.code)} (${term(flag.urgency)}), ${formatDate(flag.date)}`))),
    h("p", {}, "The patient's sessions stay on hold, and the app asks them to see a doctor first, until a doctor's "
      + "check is recorded for each flag."),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "flags_seen" }),
      "I have seen these red flags and still want to prescribe the programme"));
}

function prescribeForm(id, library, heldBackBy, term, onSaved) {
  const chosen = new Set();
  let weekdays = [0, 1, 2, 3, 4, 5, 6];
  const top = h("div", {});
  const title = h("input", { type: "text", value: "Neck exercise programme", maxlength: 200 });
  const times = h("input", { type: "text", value: "08:00, 18:00", inputmode: "numeric" });
  const start = h("input", { type: "date", value: localToday() });
  const review = h("input", { type: "date" });
  const boxes = library.map((exercise) => h("label", { class: "check" },
    h("input", { type: "checkbox", onchange: (e) => (e.target.checked ? chosen.add(exercise.code) : chosen.delete(exercise.code)) }),
    exercise.title));
  const form = h("form", { class: "card", "aria-labelledby": "prescribe-title", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const missing = {};
    if (!chosen.size) missing.exercises = ["Please tick at least one exercise."];
    if (heldBackBy.length && !form.querySelector("input[name=flags_seen]").checked) {
      missing.flags_seen = ["Please confirm you have seen the open red flags."];
    }
    if (Object.keys(missing).length) {
      showProblems(form, missing, { top, summary: "Not prescribed yet" });
      return;
    }
    showProblems(form, {}, { top });
    const body = {
      title: title.value, exercises: library.filter((e) => chosen.has(e.code)).map((e) => ({ code: e.code })),
      times: times.value.split(",").map((t) => t.trim()).filter(Boolean), weekdays, start_date: start.value,
      review_date: review.value || null,
    };
    const response = await write(event.submitter, () => api("POST", `/api/v1/clinician/patients/${id}/programmes/`, body),
      () => ({ ok: false, data: { detail: offline("the programme was not prescribed") } }));
    if (!response.ok) {
      showProblems(form, response.data || { detail: "Not prescribed. Please try again." },
        { top, words: PRESCRIBE_WORDS, summary: "Not prescribed" });
      return;
    }
    const saved = response.data;
    onSaved(`Programme prescribed: “${saved.title}”, ${saved.exercises.length} `
      + `${saved.exercises.length === 1 ? "exercise" : "exercises"}, from ${formatDate(saved.start_date)}.`);
  } },
  h("h2", { id: "prescribe-title" }, "Prescribe a programme"),
  heldBackBy.length ? openFlagsNotice(heldBackBy, term) : null,
  h("p", { class: "hint" }, "Doses start at each exercise's default; staged exercises start at stage 1. A new programme ends the current one."),
  top,
  field("Title", title, null, "title"),
  h("fieldset", { class: "choices stacked", "data-field": "exercises" }, h("legend", {}, "Exercises"), boxes),
  field("Times (HH:MM, comma-separated, the patient's local time)", times, null, "times"),
  choiceGroup({ legend: "Days", name: "weekdays", options: WEEKDAYS, value: weekdays, multiple: true, onChange: (v) => { weekdays = v; } }),
  field("Start date", start, null, "start_date"), field("Review date (optional)", review, null, "review_date"),
  h("button", { type: "submit", class: "primary" }, "Prescribe"));
  return form;
}

/** `term`: clinician.js's clinical words for a code (passed in: importing that module here
 *  would make an import cycle, which the static files' manifest cannot hash). */
export async function render(ctx, id, term) {
  const content = h("div", {});
  async function load(done = null) {
    const [overview, library] = await Promise.all([
      get(`/api/v1/clinician/patients/${id}/programme/`), get("/api/v1/exercises/library/")]);
    if (overview.status === 404) return false;
    const { programme } = overview.data;
    const confirmation = done ? h("p", { class: "saved card", role: "status", tabindex: "-1" }, done) : null;
    content.replaceChildren(h("div", {}, confirmation,
      h("section", { class: "card", "aria-labelledby": "current-title" },
        h("h2", { id: "current-title" }, "Current programme"),
        ...programmeSummary(programme),
        programme ? exerciseList(id, programme, load) : null,
        // Its title and review date, by the clinician who prescribed it (the server refuses anyone else).
        programme && ctx.user && programme.prescribed_by === ctx.user.email
          ? h("div", { class: "actions" }, correctButton(id, "programme", programme, load)) : null,
        programme && programme.adherence.weeks.length ? weeksTable(programme.adherence.weeks) : null),
      programme && programme.questionnaires.length ? h("section", { class: "card", "aria-labelledby": "scores-title" },
        h("h2", { id: "scores-title" }, "Questionnaire scores"),
        h("ul", { class: "plain-list" }, programme.questionnaires.map((q) => h("li", {},
          `${formatDate(q.authored.slice(0, 10))}: ${q.title}: ${q.score === null ? "no score (an item was left out)" : q.score}${q.band ? ` (${q.band})` : ""}`)))) : null,
      prescribeForm(id, library.data.exercises, overview.data.held_back_by || [], term, load)));
    confirmation?.focus(); // a status, focused: read once, and the next Tab goes on from there
    return true;
  }
  if (!(await load())) {
    return h("section", {}, h("h1", {}, "Not shared with you"), h("p", {}, h("a", { href: "#/patients" }, "Back to your patients")));
  }
  return h("section", {},
    h("p", {}, h("a", { href: `#/patients/${id}` }, "Back to the summary")),
    h("h1", {}, "Home exercise programme"), content);
}
