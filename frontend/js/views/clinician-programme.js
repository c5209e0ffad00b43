// A clinician's view of a patient's home exercise programme (#/patients/<id>/programme):
// adherence week by week beside the headaches, exercises stopped for pain, questionnaire
// scores, moving an exercise to its next stage, and prescribing a new programme.

import { api, get } from "../api.js";
import { formatDay, formatNumber, nt, t, weekdayNames } from "../i18n.js";
import { announce, choiceGroup, field, h, localToday, showProblems, write } from "../ui.js";
import { comparisonText } from "./exercises.js";
import { correctButton } from "./record-correct.js";

/** "Sun 6 Dec" for a day ("YYYY-MM-DD"), in the language in use. */
const day = (iso) => formatDay(String(iso).slice(0, 10), { weekday: "short", day: "numeric", month: "short" });
/** "15 November 2026": a date that ends a sentence, written out (an abbreviated month's own
 *  full stop would double the sentence's: "15 nov.."). */
const fullDay = (iso) => formatDay(String(iso).slice(0, 10), { day: "numeric", month: "long", year: "numeric" });
/** A whole percentage from the server (45) as the language writes it ("45 %" in French). */
const percent = (whole) => formatNumber(whole / 100, { style: "percent", maximumFractionDigits: 0 });

/** The programme in a few lines, for the pre-visit summary and this screen. */
export function programmeSummary(programme) {
  if (!programme) return [h("p", {}, t("No home exercise programme."))];
  const { adherence } = programme;
  const dates = { title: programme.title, start: fullDay(programme.start_date), end: programme.ended_on ? fullDay(programme.ended_on) : null };
  let period;
  if (programme.general_advice) {
    period = dates.end ? t("{title} (the general programme, started by the patient), from {start} to {end}.", dates)
      : t("{title} (the general programme, started by the patient), from {start}.", dates);
  } else {
    period = dates.end ? t("{title}, from {start} to {end}.", dates) : t("{title}, from {start}.", dates);
  }
  const lines = [
    h("p", {}, period),
    h("p", {}, adherence.percent === null ? t("No sessions due yet.")
      : nt("Sessions done: {done} of {n} due ({percent}).", "Sessions done: {done} of {n} due ({percent}).", adherence.sessions_due,
        { done: adherence.sessions_done, percent: percent(adherence.percent) })),
  ];
  lines.push(h("p", {}, comparisonText(programme.comparison)));
  if (adherence.stopped_for_pain.length) {
    const stops = adherence.stopped_for_pain.map((s) => (s.pain === null
      ? t("{exercise} on {date}", { exercise: s.title, date: fullDay(s.date) })
      : t("{exercise} on {date} (pain {pain}/10)", { exercise: s.title, date: fullDay(s.date), pain: s.pain })));
    lines.push(h("p", { class: "error" }, t("Stopped for pain: {stops}.", { stops: stops.join("; ") })));
  }
  return lines;
}

// No "per 30 days" column: a week is never the 14 observed days a rate needs (docs/screening.md,
// Rates), and "30 per 30" from one logged day misleads.
function weeksTable(weeks) {
  return h("table", { class: "table" },
    h("caption", {}, t("Adherence and headaches, week by week")),
    h("thead", {}, h("tr", {}, [t("Week"), t("Sessions done"), t("Headache days")].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, weeks.map((w) => h("tr", {},
      h("th", { scope: "row" }, t("{week}: {from} to {to}", { week: w.week, from: day(w.from), to: day(w.to) })),
      h("td", {}, w.percent === null ? t("{done} of {due}", { done: w.sessions_done, due: w.sessions_due })
        : t("{done} of {due} ({percent})", { done: w.sessions_done, due: w.sessions_due, percent: percent(w.percent) })),
      h("td", {}, w.logged_days ? t("{headache} of {logged} logged", { headache: w.headache_days, logged: w.logged_days })
        : t("none logged"))))));
}

function exerciseList(id, programme, reload) {
  return h("ol", { class: "plain-list" }, programme.exercises.map((exercise) => {
    const stage = { exercise: exercise.title, stage: exercise.stage + 1 };
    const next = exercise.stage && exercise.stage < exercise.last_stage
      ? h("button", { type: "button", onclick: async () => {
        const response = await api("POST", `/api/v1/clinician/patients/${id}/programmes/${programme.id}/progress/`, { code: exercise.code });
        if (response.ok) { announce(t("{exercise} moved to stage {stage}.", stage)); reload(); }
      } }, t("Move {exercise} to stage {stage}", stage))
      : null;
    const dose = { sets: exercise.sets, repetitions: exercise.repetitions, seconds: exercise.hold_seconds };
    return h("li", {}, h("strong", {}, exercise.title),
      exercise.stage ? ` ${t("(stage {stage} of {last}: {title})", { stage: exercise.stage, last: exercise.last_stage, title: exercise.stage_title })}` : "",
      h("br"), exercise.hold_seconds ? t("{sets} × {repetitions}, hold {seconds} s", dose) : t("{sets} × {repetitions}", dose),
      next ? h("div", {}, next) : null);
  }));
}

// The server's refusals said as the form asks (its own words for the rest are already plain).
const PRESCRIBE_WORDS = {
  exercises: () => t("Please tick at least one exercise."),
  times: () => t("Please give each time as hours and minutes, for example 08:00, 18:00."),
  weekdays: () => t("Please tap at least one day."),
  start_date: (text) => text || t("Please give the start date."),
};

/** The open urgent or emergency red flags that hold the patient's sessions back, and a tick
 *  that the clinician has seen them (a programme is no substitute for the doctor's check). */
function openFlagsNotice(flags, term) {
  return h("div", { class: "advice", "data-field": "flags_seen" },
    h("h3", {}, nt("{n} open red flag", "{n} open red flags", flags.length)),
    h("ul", {}, flags.map((flag) => h("li", {},
      t("{flag} ({urgency}), {date}", { flag: term(flag.code), urgency: term(flag.urgency), date: day(flag.date) })))),
    h("p", {}, t("The patient's sessions stay on hold, and the app asks them to see a doctor first, until a doctor's check is recorded for each flag.")),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "flags_seen" }),
      t("I have seen these red flags and still want to prescribe the programme")));
}

function prescribeForm(id, library, heldBackBy, term, onSaved) {
  const chosen = new Set();
  let weekdays = [0, 1, 2, 3, 4, 5, 6];
  const top = h("div", {});
  const title = h("input", { type: "text", value: t("Neck exercise programme"), maxlength: 200 });
  const times = h("input", { type: "text", value: "08:00, 18:00", inputmode: "numeric" });
  const start = h("input", { type: "date", value: localToday() });
  const review = h("input", { type: "date" });
  const boxes = library.map((exercise) => h("label", { class: "check" },
    h("input", { type: "checkbox", onchange: (e) => (e.target.checked ? chosen.add(exercise.code) : chosen.delete(exercise.code)) }),
    exercise.title));
  const form = h("form", { class: "card", "aria-labelledby": "prescribe-title", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const missing = {};
    if (!chosen.size) missing.exercises = [t("Please tick at least one exercise.")];
    if (heldBackBy.length && !form.querySelector("input[name=flags_seen]").checked) {
      missing.flags_seen = [t("Please confirm you have seen the open red flags.")];
    }
    if (Object.keys(missing).length) {
      showProblems(form, missing, { top, summary: t("Not prescribed yet") });
      return;
    }
    showProblems(form, {}, { top });
    const body = {
      title: title.value, exercises: library.filter((e) => chosen.has(e.code)).map((e) => ({ code: e.code })),
      times: times.value.split(",").map((text) => text.trim()).filter(Boolean), weekdays, start_date: start.value,
      review_date: review.value || null,
    };
    const offlineText = t("You are offline, so the programme was not prescribed. Try again when you are back online.");
    const response = await write(event.submitter, () => api("POST", `/api/v1/clinician/patients/${id}/programmes/`, body),
      () => ({ ok: false, data: { detail: offlineText } }));
    if (!response.ok) {
      showProblems(form, response.data || { detail: t("Not prescribed. Please try again.") },
        { top, words: PRESCRIBE_WORDS, summary: t("Not prescribed") });
      return;
    }
    const saved = response.data;
    onSaved(nt("Programme prescribed: “{title}”, {n} exercise, from {date}.", "Programme prescribed: “{title}”, {n} exercises, from {date}.",
      saved.exercises.length, { title: saved.title, date: fullDay(saved.start_date) }));
  } },
  h("h2", { id: "prescribe-title" }, t("Prescribe a programme")),
  heldBackBy.length ? openFlagsNotice(heldBackBy, term) : null,
  h("p", { class: "hint" }, t("Doses start at each exercise's default; staged exercises start at stage 1. A new programme ends the current one.")),
  top,
  field(t("Title"), title, null, "title"),
  h("fieldset", { class: "choices stacked", "data-field": "exercises" }, h("legend", {}, t("Exercises")), boxes),
  field(t("Times (HH:MM, comma-separated, the patient's local time)"), times, null, "times"),
  choiceGroup({ legend: t("Days"), name: "weekdays", options: weekdayNames().map((name, index) => [index, name]), value: weekdays,
    multiple: true, onChange: (v) => { weekdays = v; } }),
  field(t("Start date"), start, null, "start_date"), field(t("Review date (optional)"), review, null, "review_date"),
  h("button", { type: "submit", class: "primary" }, t("Prescribe")));
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
        h("h2", { id: "current-title" }, t("Current programme")),
        ...programmeSummary(programme),
        programme ? exerciseList(id, programme, load) : null,
        // Its title and review date, by the clinician who prescribed it (the server refuses anyone else).
        programme && ctx.user && programme.prescribed_by === ctx.user.email
          ? h("div", { class: "actions" }, correctButton(id, "programme", programme, load)) : null,
        programme && programme.adherence.weeks.length ? weeksTable(programme.adherence.weeks) : null),
      programme && programme.questionnaires.length ? h("section", { class: "card", "aria-labelledby": "scores-title" },
        h("h2", { id: "scores-title" }, t("Questionnaire scores")),
        h("ul", { class: "plain-list" }, programme.questionnaires.map((q) => h("li", {},
          t("{date}: {questionnaire}: {score}", { date: day(q.authored), questionnaire: q.title,
            score: q.score === null ? t("no score (an item was left out)") : formatNumber(q.score) }),
          q.band ? ` (${q.band})` : "")))) : null,
      prescribeForm(id, library.data.exercises, overview.data.held_back_by || [], term, load)));
    confirmation?.focus(); // a status, focused: read once, and the next Tab goes on from there
    return true;
  }
  if (!(await load())) {
    return h("section", {}, h("h1", {}, t("Not shared with you")), h("p", {}, h("a", { href: "#/patients" }, t("Back to your patients"))));
  }
  return h("section", {},
    h("p", {}, h("a", { href: `#/patients/${id}` }, t("Back to the summary"))),
    h("h1", {}, t("Home exercise programme")), content);
}
