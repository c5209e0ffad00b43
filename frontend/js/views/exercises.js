// Exercises: the patient's home programme, a session screen that walks through it one
// exercise at a time (hold timer, big buttons, announced steps), and the short outcome
// questionnaires. Sessions and answers go through the outbox, so they work offline and
// are stored once however often they are sent.

import { api, get, NetworkError } from "../api.js";
import { callEmergency, formatDay, formatList, formatTime, nt, t, weekdayNames } from "../i18n.js";
import { queue } from "../outbox.js";
import { announce, choiceGroup, errorList, h } from "../ui.js";
import * as vocab from "../vocabulary.js";

/** "Mon 7 Dec" in the reader's language (a calendar date, "YYYY-MM-DD"). */
const day = (iso) => formatDay(iso, { weekday: "short", day: "numeric", month: "short" });
/** "07:30" in German, "7:30 AM" in English: a programme's local time ("HH:MM"). */
const clock = (hhmm) => formatTime(new Date(`2000-01-01T${hhmm}`));

function dose(exercise) {
  const parts = [exercise.repetitions > 1 ? t("{count} times", { count: exercise.repetitions }) : t("once")];
  if (exercise.hold_seconds) parts.push(nt("hold {n} second each", "hold {n} seconds each", exercise.hold_seconds));
  if (exercise.sets > 1) parts.push(nt("{n} set", "{n} sets", exercise.sets));
  return parts.join(", ");
}

function illustration(exercise) {
  // Shipped SVG (no remote images), parsed as SVG, never as HTML; described for screen readers.
  const parsed = new DOMParser().parseFromString(exercise.illustration.svg, "image/svg+xml").documentElement;
  const figure = h("figure", { class: "illustration" });
  if (parsed && parsed.nodeName === "svg") {
    parsed.setAttribute("role", "img");
    parsed.setAttribute("aria-label", exercise.illustration.alt);
    figure.append(document.importNode(parsed, true));
  }
  figure.append(h("figcaption", { class: "hint" }, exercise.illustration.alt));
  return figure;
}

// Why there is no before/after comparison yet (diary/choices.py's NotComparable), in a sentence.
const NOT_ENOUGH = {
  not_enough_diary_before: () => t("too few days were logged in the 30 days before it started"),
  after_window_not_reached: () => t("the comparison starts 15 days after the start"),
  not_enough_diary_after: () => t("too few days were logged from day 15 after the start"),
};

/** The timeline's before/after figures at the programme's start, in words (patient and clinician). */
export function comparisonText(comparison) {
  if (!comparison) return "";
  if (!comparison.enough_diary) {
    const reasons = comparison.reasons.map((r) => (NOT_ENOUGH[r] ? NOT_ENOUGH[r]() : vocab.label(r)));
    return t("Not enough diary yet to compare before and after: {reasons}.", { reasons: reasons.join("; ") });
  }
  const { before, after } = comparison;
  return [
    t("Headache days per 30 days: {before} in the 30 days before ({logged}), {after} from day 15 to day 45 after ({logged_after}).", {
      before: before.headache_days_per_30, after: after.headache_days_per_30,
      logged: nt("{n} day logged", "{n} days logged", before.logged_days),
      logged_after: nt("{n} day logged", "{n} days logged", after.logged_days),
    }),
    t("This shows what happened alongside the programme, not what caused it."),
  ].join(" ");
}

function generalAdviceNote(text) {
  return h("p", { class: "notice card", role: "note" }, h("strong", {}, t("General advice.")), " ", text);
}

// --- The programme ----------------------------------------------------------------------

function adherenceTable(adherence) {
  if (!adherence.weeks.length) return null;
  return h("table", { class: "table" },
    h("caption", { class: "visually-hidden" }, t("Sessions and headaches week by week")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Week")), h("th", { scope: "col" }, t("Sessions done")),
      h("th", { scope: "col" }, t("Headache days")))),
    h("tbody", {}, adherence.weeks.map((week) => h("tr", {},
      h("th", { scope: "row" }, t("{from} to {to}", { from: day(week.from), to: day(week.to) })),
      h("td", {}, t("{done} of {due}", { done: week.sessions_done, due: week.sessions_due })),
      h("td", {}, week.logged_days
        ? nt("{headache_days} of {n} logged day", "{headache_days} of {n} logged days", week.logged_days, { headache_days: week.headache_days })
        : t("No days logged"))))));
}

function stopButton(programme, ctx) {
  const stop = h("button", { type: "button", class: "danger", onclick: async () => {
    if (!confirm(t("Stop \"{title}\"? You will get no more exercise reminders.", { title: programme.title }))) return;
    try {
      const response = await api("POST", `/api/v1/programme/${programme.id}/end/`);
      if (response.ok) ctx.navigate("#/exercises");
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      stop.after(h("p", { class: "error", role: "alert" }, t("You are offline. Stopping the programme needs the network.")));
    }
  } }, t("Stop this programme"));
  return h("div", { class: "actions" }, stop);
}

function programmeCard(programme, ctx) {
  const thisWeek = programme.adherence.weeks.at(-1);
  const adherence = programme.adherence;
  const names = weekdayNames();
  const times = formatList(programme.times.map(clock));
  return h("div", {},
    programme.general_advice ? generalAdviceNote(t("Stop if your headaches or neck get worse, or if anything brings on pain into an arm, dizziness or changes in vision, and see a doctor.")) : null,
    h("section", { class: "card", "aria-labelledby": "programme-title" },
      h("h2", { id: "programme-title" }, programme.title),
      h("p", {}, programme.prescribed_by ? t("From your clinician ({name}).", { name: programme.prescribed_by }) : t("You started this yourself.")),
      h("p", {}, programme.weekdays.length === 7 ? t("At {times}, every day.", { times })
        : t("At {times}, on {days}.", { times, days: formatList(programme.weekdays.map((d) => names[d])) })),
      thisWeek ? h("p", { class: "figure" }, nt("This week: {done} of {n} session done.", "This week: {done} of {n} sessions done.",
        thisWeek.sessions_due, { done: thisWeek.sessions_done })) : null,
      h("button", { type: "button", class: "primary wide", "data-start": "", onclick: () => ctx.navigate("#/exercises/session") }, t("Start a session"))),
    h("section", { class: "card", "aria-labelledby": "list-title" },
      h("h2", { id: "list-title" }, t("Your exercises")),
      h("ol", { class: "plain-list" }, programme.exercises.map((exercise) => h("li", {},
        h("strong", {}, exercise.title),
        exercise.stage ? ` ${t("(stage {stage} of {last})", { stage: exercise.stage, last: exercise.last_stage })}` : "",
        h("br"), h("span", { class: "hint" }, dose(exercise)))))),
    adherence.weeks.length ? h("section", { class: "card", "aria-labelledby": "weeks-title" },
      h("h2", { id: "weeks-title" }, t("Week by week")),
      h("p", {}, adherence.percent === null ? t("No sessions were due yet.")
        : nt("{done} of {n} session done since {date} ({percent}%).", "{done} of {n} sessions done since {date} ({percent}%).",
          adherence.sessions_due, { done: adherence.sessions_done, date: day(programme.start_date), percent: adherence.percent })),
      adherenceTable(programme.adherence),
      h("p", {}, comparisonText(programme.comparison))) : null);
}

/** A questionnaire's result in words: its band, else its score; a response with a question
 *  left out has no score (the server's null), which is said, never shown as "null". */
export function scoreText(response) {
  if (response.band) return response.band;
  if (response.score !== null && response.score !== undefined) return String(response.score);
  return t("answered, no score (a question was left out)");
}

function questionnaireLinks(scores) {
  return h("section", { class: "card", "aria-labelledby": "q-title" },
    h("h2", { id: "q-title" }, t("How is it going?")),
    h("p", {}, t("Two short questions every two weeks show whether the programme is helping.")),
    h("div", { class: "actions" },
      h("a", { class: "button", href: "#/exercises/questionnaire/pgic" }, t("How things have changed")),
      h("a", { class: "button", href: "#/exercises/questionnaire/neck_rating" }, t("Neck pain this week"))),
    scores.length ? h("ul", { class: "plain-list" }, scores.slice(-4).reverse().map((s) => h("li", {},
      t("{date}: {title}: {score}", { date: day(s.authored.slice(0, 10)), title: s.title, score: scoreText(s) })))) : null);
}

/** Open urgent or emergency warning signs: why exercise waits, and what to do first (a doctor). */
function doctorFirstCard(flags) {
  const words = (flag) => t("{sign} ({date})", { sign: vocab.textOf(vocab.RED_FLAGS, flag.code), date: day(flag.date) });
  return h("section", { class: "card advice-line", role: "alert", "aria-labelledby": "doctor-first-title", tabindex: "-1", "data-focus": "" },
    h("h2", { id: "doctor-first-title" }, t("Please see a doctor before exercising")),
    h("p", {}, t("Your diary has warning signs that a doctor has not checked yet:")),
    h("ul", {}, flags.map((flag) => h("li", {}, words(flag)))),
    h("p", {}, t("See a doctor first and show them your diary. If it is happening now, {call}. Once a doctor has checked them, record it on the Insights screen; the exercises open again.", { call: callEmergency() })),
    h("a", { class: "button", href: "#/insights" }, t("Go to Insights")));
}

async function overview(ctx) {
  const { data } = await get("/api/v1/programme/");
  const root = h("div", {}, h("h1", { tabindex: "-1" }, t("Exercises")));
  const held = data.held_back_by || [];
  if (held.length) {
    root.append(doctorFirstCard(held));
    if (data.programme) {
      const card = programmeCard(data.programme, ctx);
      // No new session until then (the server would refuse it too).
      for (const button of card.querySelectorAll("button[data-start]")) button.remove();
      root.append(card);
    }
    return root;
  }
  if (data.programme) {
    root.append(programmeCard(data.programme, ctx), questionnaireLinks(data.questionnaires),
      stopButton(data.programme, ctx));
    return root;
  }
  const problem = h("div", {});
  const start = h("button", { type: "button", class: "primary wide", onclick: async () => {
    start.disabled = true;
    try {
      const response = await api("POST", "/api/v1/programme/default/", {});
      if (response.ok) { announce(t("Programme started.")); ctx.navigate("#/exercises"); return; }
      problem.replaceChildren(errorList(response.data));
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problem.replaceChildren(h("p", { class: "error", role: "alert" }, t("You are offline. Starting a programme needs the network.")));
    }
    start.disabled = false;
  } }, t("Start the general programme"));
  const general = data.default_programme;
  root.append(
    h("p", {}, t("No exercise programme yet. If a clinician gives you one, it appears here, with reminders at the times they set.")),
    h("section", { class: "card", "aria-labelledby": "general-title" },
      h("h2", { id: "general-title" }, general.title),
      generalAdviceNote(general.general_advice),
      h("ul", {}, general.exercises.map((title) => h("li", {}, title))),
      h("p", {}, t("Reminders at {times}; you can change them later.", { times: formatList(general.times.map(clock)) })),
      problem, start));
  return root;
}

// --- A session ----------------------------------------------------------------------------

function holdTimer(seconds) {
  const display = h("p", { class: "timer", "aria-hidden": "true" }, `${seconds}`);
  let ticking = null;
  const button = h("button", { type: "button", class: "wide" }, nt("Start a {n}-second hold", "Start a {n}-second hold", seconds));
  button.addEventListener("click", () => {
    if (ticking) return;
    let left = seconds;
    announce(nt("Hold for {n} second.", "Hold for {n} seconds.", seconds));
    button.disabled = true;
    ticking = setInterval(() => {
      left -= 1;
      display.textContent = `${Math.max(left, 0)}`;
      if (left <= 0) {
        clearInterval(ticking);
        ticking = null;
        announce(t("Relax."));
        display.textContent = t("Relax");
        button.disabled = false;
        button.textContent = t("Start another hold");
      }
    }, 1000);
  });
  return h("div", { class: "hold" }, display, button);
}

function painQuestion(onDone) {
  let pain = null;
  return h("div", { class: "card" },
    choiceGroup({ legend: t("How bad is the pain now? (0 none, 10 worst; optional)"), className: "severity",
      options: vocab.SEVERITIES, value: null, onChange: (v) => { pain = v; } }),
    h("p", {}, t("If this exercise keeps bringing pain on, tell your clinician before doing it again.")),
    h("button", { type: "button", class: "primary wide", onclick: () => onDone(pain) }, t("Go on")));
}

function exerciseStep(exercise, position, total, record) {
  const heading = h("h2", { tabindex: "-1" }, t("{position} of {total}: {title}", { position: position + 1, total, title: exercise.title }));
  const choices = h("div", { class: "actions stacked" },
    h("button", { type: "button", class: "primary wide", onclick: () => record("done") }, vocab.textOf(vocab.SESSION_OUTCOMES, "done")),
    h("button", { type: "button", class: "wide", onclick: () => record("skipped") }, t("Skip this one")),
    h("button", { type: "button", class: "danger wide", onclick: () => {
      choices.replaceWith(painQuestion((pain) => record("stopped_for_pain", pain)));
    } }, t("Stop: it hurts")));
  return { heading, element: h("section", { class: "card session-step", "aria-labelledby": "" },
    heading,
    illustration(exercise),
    h("p", { class: "figure" }, dose(exercise)),
    exercise.stage_instructions ? h("p", {}, h("strong", {}, t("Stage {stage}:", { stage: exercise.stage })), " ", exercise.stage_instructions) : null,
    h("p", {}, exercise.position),
    h("ol", {}, exercise.steps.map((step) => h("li", {}, step))),
    h("p", {}, h("strong", {}, t("You should feel:")), " ", exercise.should_feel),
    h("p", {}, h("strong", {}, t("You should not feel:")), " ", exercise.should_not_feel),
    h("p", { class: "advice-line" }, exercise.stop_if),
    exercise.hold_seconds ? holdTimer(exercise.hold_seconds) : null,
    choices) };
}

async function saveOffline(path, id, body, ctx) {
  await queue(id, body, path);
  const result = await ctx.sync().catch(() => null);
  const response = result && result.responses ? result.responses.get(id) : null;
  if (response && response.ok) return { saved: true, response };
  if (response && !response.ok) return { saved: false, response };
  return { saved: false, offline: true };
}

async function session(ctx) {
  const { data } = await get("/api/v1/programme/");
  const root = h("div", {}, h("h1", { tabindex: "-1" }, t("Exercise session")));
  if (!data.programme) {
    root.append(h("p", {}, t("You have no programme yet.")), h("a", { class: "button", href: "#/exercises" }, t("Back to Exercises")));
    return root;
  }
  const programme = data.programme;
  const id = crypto.randomUUID();
  const results = [];
  const stage = h("div", {});
  root.append(h("p", {}, nt("{title}: {n} exercise. Go at your own pace.", "{title}: {n} exercises. Go at your own pace.",
    programme.exercises.length, { title: programme.title })), stage);

  async function finish() {
    const body = { programme: programme.id, performed_at: new Date().toISOString(), results };
    const outcome = await saveOffline(`/api/v1/programme/sessions/${id}/`, id, body, ctx);
    const done = results.filter((r) => r.outcome === "done").length;
    const stopped = results.filter((r) => r.outcome === "stopped_for_pain");
    const heading = h("h2", { tabindex: "-1" }, t("Session finished"));
    const status = outcome.saved ? t("Saved.") : outcome.offline
      ? t("Saved on this phone. It will be sent when you are back online.") : t("Not saved: the server refused it.");
    stage.replaceChildren(h("section", { class: "card" }, heading,
      h("p", { class: outcome.saved || outcome.offline ? "saved" : "error", role: "status" }, status),
      outcome.response && !outcome.response.ok ? errorList(outcome.response.data) : null,
      h("p", {}, nt("{done} of {n} exercise done.", "{done} of {n} exercises done.", results.length, { done })),
      stopped.length ? h("p", { class: "advice-line" }, nt(
        "You stopped {n} exercise because of pain. If it happens again, tell your clinician before carrying on.",
        "You stopped {n} exercises because of pain. If it happens again, tell your clinician before carrying on.",
        stopped.length)) : null,
      h("a", { class: "button", href: "#/exercises" }, t("Back to Exercises"))));
    heading.focus();
    announce(`${t("Session finished")}. ${status}`);
  }

  function show(position) {
    if (position >= programme.exercises.length) { finish(); return; }
    const exercise = programme.exercises[position];
    const step = exerciseStep(exercise, position, programme.exercises.length, (outcome, pain = null) => {
      results.push({ code: exercise.code, outcome, pain });
      announce(vocab.textOf(vocab.SESSION_OUTCOMES, outcome)); // Done, Skipped, Stopped for pain
      show(position + 1);
    });
    stage.replaceChildren(step.element);
    // The first step comes with the screen (the router focuses its heading); later ones
    // replace the last step, so focus moves to them and a screen reader reads them out.
    if (position > 0) step.heading.focus();
  }
  show(0);
  return root;
}

// --- A questionnaire -----------------------------------------------------------------------

async function questionnaire(ctx, code) {
  const { data } = await get("/api/v1/questionnaires/");
  const instrument = data.questionnaires.find((q) => q.code === code);
  const root = h("div", {}, h("h1", { tabindex: "-1" }, instrument ? instrument.title : t("Questionnaire")));
  if (!instrument) { root.append(h("p", {}, t("This questionnaire is not available."))); return root; }
  const answers = new Map();
  const problem = h("div", {});
  const items = instrument.questionnaire.item.map((item) => {
    const options = item.type === "choice"
      ? item.answerOption.map((o) => [o.valueCoding.code, o.valueCoding.display])
      : vocab.SEVERITIES;
    return choiceGroup({ legend: item.text, options, value: null, className: item.type === "choice" ? "stacked" : "severity",
      onChange: (value) => (value === null ? answers.delete(item.linkId) : answers.set(item.linkId, value)) });
  });
  const save = h("button", { type: "submit", class: "primary wide" }, t("Save"));
  root.append(h("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    const missing = instrument.questionnaire.item.filter((item) => item.required && !answers.has(item.linkId));
    if (missing.length) {
      problem.replaceChildren(h("p", { class: "error", role: "alert" }, t("Please answer: {questions}", { questions: missing.map((i) => i.text).join(" ") })));
      return;
    }
    save.disabled = true;
    const id = crypto.randomUUID();
    const body = { resourceType: "QuestionnaireResponse", questionnaire: code, status: "completed",
      authored: new Date().toISOString(),
      item: instrument.questionnaire.item.filter((item) => answers.has(item.linkId)).map((item) => ({
        linkId: item.linkId,
        answer: [item.type === "choice" ? { valueCoding: { code: answers.get(item.linkId) } } : { valueInteger: answers.get(item.linkId) }],
      })) };
    const outcome = await saveOffline(`/api/v1/questionnaire-responses/${id}/`, id, body, ctx);
    const text = outcome.saved ? t("Thank you: saved.") : outcome.offline
      ? t("Saved on this phone. It will be sent when you are back online.") : t("Not saved.");
    problem.replaceChildren(h("p", { class: outcome.saved || outcome.offline ? "saved" : "error", role: "status" }, text),
      outcome.response && !outcome.response.ok ? errorList(outcome.response.data) : null);
    announce(text);
    if (!outcome.saved && !outcome.offline) save.disabled = false;
  } }, items, problem, save));
  return root;
}

export async function render(ctx) {
  const [screen, code] = ctx.params;
  if (screen === "session") return session(ctx);
  if (screen === "questionnaire") return questionnaire(ctx, code);
  return overview(ctx);
}
