// Treatments (issue 16): the patient's treatment timeline with a before/after
// comparison of the diary for each event, in plain words (route #/treatments,
// linked from Insights), and the post-block diary's questions, answered in one
// or two taps on the Log and Reminders screens (in their slots: see `fillSlot`).
//
// An answer goes through the outbox (outbox.js), as every other write does: kept on this
// phone under its prompt (block and slot) with the time it was given, so a late or offline
// answer keeps its real time, and sent at once, or when the connection returns (the
// page's sync, or the service worker's Background Sync). PUT is idempotent per prompt:
// sent twice, it is stored once; a second tap replaces the first while it waits.

import { api, get } from "../api.js";
import { discard, items, queue, sendWhenOnline } from "../outbox.js";
import { formatDate, formatDay, formatNumber, formatTime, nt, t } from "../i18n.js";
import { announce, choiceGroup, errorList, field, h, localToday } from "../ui.js";
import { correctButton } from "./record-correct.js";
import { hideButton, historyCard, withdrawButton } from "./records.js";
import * as vocab from "../vocabulary.js";

const PAIN = vocab.SEVERITIES;
const MOVEMENT = [[true, t("Yes")], [false, t("No")], [null, t("Not sure")]];

/** "Mon 7 Dec" (a calendar date, "YYYY-MM-DD") and "7 Dec 2026, 14:05" (a moment), in the reader's language. */
const day = (iso) => formatDay(iso, { weekday: "short", day: "numeric", month: "short" });
const moment = (iso) => t("{date}, {time}", { date: formatDate(iso, { day: "numeric", month: "short", year: "numeric" }), time: formatTime(iso) });
// What a patient adds (diary/choices.py's TreatmentKind): a procedure is recorded by a clinician.
const EVENT_KINDS = vocab.TREATMENT_KINDS.filter(([code]) => code !== "procedure");

// --- The post-block questions ------------------------------------------------------

const answerId = (block, slot) => `post-block:${block}:${slot}`;
const answerPath = (block, slot) => `/api/v1/post-block/${block}/ratings/${encodeURIComponent(slot)}/`;

function currentUserId() {
  return (JSON.parse(localStorage.getItem("neckline-user") || "null") || {}).id;
}

// Before issue 28 the answers waited in a localStorage queue of their own. What is left there
// moves to the outbox once, and the key goes. Another account's answers (someone logged out
// offline) are never sent as this one's: they stay under the key until that account is back.
const OLD_QUEUE = "neckline-post-block-outbox";

async function moveOldAnswers() {
  const old = JSON.parse(localStorage.getItem(OLD_QUEUE) || "null");
  if (!old) return;
  const me = currentUserId();
  const others = {};
  const waiting = new Set((await items()).map((item) => item.id));
  for (const [key, item] of Object.entries(old)) {
    if (me === undefined || item.user !== me) others[key] = item;
    // A newer answer to the same prompt already in the outbox wins.
    else if (!waiting.has(answerId(item.block, item.slot))) await queue(answerId(item.block, item.slot), item.body, answerPath(item.block, item.slot));
  }
  if (Object.keys(others).length) localStorage.setItem(OLD_QUEUE, JSON.stringify(others));
  else localStorage.removeItem(OLD_QUEUE);
}

const moved = moveOldAnswers().catch(() => {});

/** The post-block answers waiting in the outbox, by outbox id. */
async function waitingAnswers() {
  await moved;
  return new Map((await items()).filter((item) => item.id.startsWith("post-block:")).map((item) => [item.id, item]));
}

/** Answers the server refused (the diary closed meanwhile): nothing a retry would change, so
 *  they are said once and let go. Returns how many. */
async function letGoOfRefused() {
  let refused = 0;
  for (const item of (await waitingAnswers()).values()) {
    if (item.state !== "refused") continue;
    await discard(item.id);
    refused += 1;
  }
  if (refused) announce(nt("{n} post-block answer could not be saved: the diary was closed.", "{n} post-block answers could not be saved: the diary was closed.", refused));
  return refused;
}

/** Send the outbox (app.js's sync, one flush at a time); true when the answer `id` has left it. */
async function sendAnswer(id, sync) {
  await moved;
  await sync().catch(() => null);
  // A flush already on its way when this tap was queued sent the copy before it: once more.
  if ((await waitingAnswers()).get(id)?.state === "pending") await sync().catch(() => null);
  const left = (await waitingAnswers()).get(id);
  if (left && left.state === "refused") await letGoOfRefused();
  else if (left) sendWhenOnline();
  return !left;
}

function slotWords(slot) {
  if (slot === "baseline") return t("just before your block");
  if (slot === "next_morning") return t("this morning");
  const match = /^(\d+)(m|h)$/.exec(slot);
  if (!match) return slot;
  const n = Number(match[1]);
  return match[2] === "m" ? nt("{n} minute after your block", "{n} minutes after your block", n)
    : nt("{n} hour after your block", "{n} hours after your block", n);
}

/** The prompt to show for a diary: the one a notification opened, else the latest one due. */
function promptToAsk(diary, wanted) {
  const prompts = diary.diary.prompts;
  const asked = prompts.find((p) => p.slot === wanted && p.status !== "ended");
  if (asked) return asked;
  const due = prompts.filter((p) => p.status === "missing");
  return due.length ? due[due.length - 1] : null;
}

function questionCard(procedure, prompt, onEnded, { waiting, sync }) {
  const id = answerId(procedure.id, prompt.slot);
  const answer = { pain: prompt.pain ?? waiting?.body.pain ?? null, movement_provokes: prompt.movement_provokes ?? null };
  let answeredAt = prompt.answered_at || waiting?.body.answered_at || null;
  const status = h("p", { class: "saved", role: "status" });
  const question = prompt.slot === "baseline"
    ? t("How bad was the pain just before the block? 0 = none, 10 = worst") : t("How bad is the pain now? 0 = none, 10 = worst");

  async function send() {
    answeredAt ??= new Date().toISOString(); // the moment of the first tap, kept on later taps
    const body = { pain: answer.pain, movement_provokes: answer.movement_provokes, answered_at: answeredAt };
    await queue(id, body, answerPath(procedure.id, prompt.slot));
    status.textContent = (await sendAnswer(id, sync))
      ? t("Saved. Thank you.") : t("Saved on this phone. It will be sent when you are online.");
    announce(status.textContent);
  }

  const end = h("button", { type: "button", class: "secondary", onclick: async () => {
    if (!confirm(t("End the post-block diary? You will get no more questions about this block."))) return;
    const response = await api("POST", `/api/v1/post-block/${procedure.id}/end/`).catch(() => null);
    if (response && response.ok) onEnded();
    else announce(t("Could not end the diary now. Please try again when you are online."));
  } }, t("End this diary"));

  return h("section", { class: "card post-block", "aria-labelledby": `pb-${procedure.id}` },
    h("h2", { id: `pb-${procedure.id}` }, t("Block diary: {when}", { when: slotWords(prompt.slot) })),
    prompt.status === "missing" && prompt.slot !== "baseline"
      ? h("p", { class: "hint" }, t("A little late is fine: your answer keeps the time you give it.")) : null,
    choiceGroup({ legend: question, options: PAIN, value: answer.pain, className: "severity",
      onChange: (value) => { answer.pain = value; if (value !== null) send(); } }),
    choiceGroup({ legend: t("Does your usual neck movement bring it on?"), options: MOVEMENT,
      value: prompt.status === "answered" ? answer.movement_provokes : undefined,
      onChange: (value) => { answer.movement_provokes = value; if (answer.pain !== null) send(); } }),
    status, end);
}

/** The open post-block questions, or null when there are none. `sync` sends the outbox (app.js). */
export async function postBlockCard(query, sync) {
  await moved;
  await sync().catch(() => null); // answers waiting from earlier go first
  await letGoOfRefused().catch(() => 0);
  const waiting = await waitingAnswers().catch(() => new Map());
  let response;
  try {
    response = await get("/api/v1/post-block/?open=true");
  } catch {
    return null; // offline with nothing cached: the entry form still works
  }
  if (!response.ok || !response.data.length) return null;
  const wantedBlock = Number(query.get("block"));
  const box = h("div", { class: "post-block-list" });
  for (const procedure of response.data) {
    const prompt = promptToAsk(procedure, procedure.id === wantedBlock ? query.get("slot") : null);
    if (!prompt) continue;
    const card = questionCard(procedure, prompt, () => {
      card.replaceWith(h("p", { class: "saved", role: "status" }, t("Diary ended. No more questions about this block.")));
    }, { waiting: waiting.get(answerId(procedure.id, prompt.slot)), sync });
    box.append(card);
  }
  return box.childElementCount ? box : null;
}

/** On Log, one line instead of the questions (they would push the headache form off the
 *  screen): a link to them on the Treatments screen, or null when none is waiting. */
async function postBlockLink() {
  let response;
  try {
    response = await get("/api/v1/post-block/?open=true");
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const waiting = response.data.map((procedure) => [procedure, promptToAsk(procedure, null)]).filter(([, prompt]) => prompt);
  if (!waiting.length) return null;
  const [procedure, prompt] = waiting[0];
  return h("p", { class: "card post-block-link" },
    h("a", { href: `#/treatments?block=${procedure.id}&slot=${encodeURIComponent(prompt.slot)}` },
      t("Block diary: a question is waiting ({when})", { when: slotWords(prompt.slot) })));
}

/** The treatments' part of other screens, in the slot each declares (slots.js): on Log and
 *  Reminders the post-block questions, on Insights a link to the timeline, and for a clinician
 *  the procedures and timeline on a patient's summary with a form to record a procedure. */
export async function fillSlot(slot, { name, query, params = [], user, sync }) {
  if (name === "patients") {
    if (user.role === "clinician" && params.length === 1 && /^\d+$/.test(params[0])) {
      // Loaded on request: each read is written to the patient's access log.
      const button = h("button", { type: "button", onclick: async () => {
        button.disabled = true;
        const section = await clinicianPanel(params[0]).catch(() => null);
        if (section) button.replaceWith(section);
        else { button.disabled = false; announce(t("Could not load the procedures. Please try again.")); }
      } }, t("Show procedures and treatments"));
      slot.replaceChildren(h("p", {}, button));
    }
    return;
  }
  if (user.role !== "patient") return;
  if (name === "insights") {
    slot.replaceChildren(h("p", { class: "card" }, h("a", { href: "#/treatments" }, t("Treatments and what changed after them"))));
    return;
  }
  // Opened from a block reminder (its link names the block): the question itself; otherwise one line.
  const card = name === "log" && !query.get("block") ? await postBlockLink() : await postBlockCard(query, sync);
  if (!card) return;
  slot.replaceChildren(card);
  if (query.get("block")) card.querySelector("button")?.focus();
}

// --- The timeline --------------------------------------------------------------------

const per30 = (value) => (value === null || value === undefined ? "–" : formatNumber(value));

function minutesWords(minutes) {
  if (minutes < 60) return nt("{n} minute", "{n} minutes", minutes);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t("{hours} h {minutes} min", { hours, minutes: rest }) : t("{hours} h", { hours });
}

function comparisonText(comparison, windows) {
  const { before, after } = comparison;
  if (!comparison.enough_diary) {
    const fewer = (n) => nt("fewer than {n} day logged", "fewer than {n} days logged", n);
    const reasons = comparison.reasons.map((reason) => ({
      not_enough_diary_before: () => t("{fewer} in the {days} days before ({logged})", {
        fewer: fewer(windows.min_logged_days), days: windows.before_days, logged: before.logged_days }),
      not_enough_diary_after: () => t("{fewer} in weeks 3 to 6 after ({logged})", {
        fewer: fewer(windows.min_logged_days), logged: after.logged_days }),
      after_window_not_reached: () => t("the weeks to compare end on {date}; check back then", { date: day(after.to) }),
    })[reason]?.() || vocab.label(reason));
    return [h("p", {}, t("Not enough diary to compare: {reasons}.", { reasons: reasons.join("; ") }))];
  }
  return [
    h("p", {}, t("Headache days: {before} per 30 days before, {after} after.", {
      before: per30(before.headache_days_per_30), after: per30(after.headache_days_per_30) })),
    h("p", {}, t("Typical severity: {before} before, {after} after.", {
      before: per30(before.median_severity), after: per30(after.median_severity) })),
    h("p", {}, t("Days with painkillers: {before} per 30 days before, {after} after.", {
      before: per30(before.acute_medication_days_per_30), after: per30(after.acute_medication_days_per_30) })),
    h("p", { class: "hint" }, nt(
      "Based on {n} logged day before and {after} in weeks 3 to 6 after (the first two weeks are left out). A change can have many causes.",
      "Based on {n} logged days before and {after} in weeks 3 to 6 after (the first two weeks are left out). A change can have many causes.",
      before.logged_days, { after: after.logged_days })),
  ];
}

function procedureText(procedure) {
  if (!procedure) return [];
  const lines = [];
  if (procedure.recorded_elsewhere && procedure.entered_relief_percent !== null) {
    lines.push(h("p", {}, t("Done elsewhere; relief as recorded by your clinician: {percent}%.", { percent: procedure.entered_relief_percent })));
  }
  const diary = procedure.diary;
  if (diary && diary.result) {
    const result = diary.result;
    lines.push(h("p", {}, result.minutes_relief_80 > 0
      ? t("Relief after the block: up to {percent}%, at least 80% for about {duration}.", {
        percent: result.max_relief_percent, duration: minutesWords(result.minutes_relief_80) })
      : t("Relief after the block: up to {percent}%.", { percent: result.max_relief_percent })));
    const lasted = {
      concordant: () => t("That is about as long as this numbing medicine lasts."),
      discordant: () => t("That is not as long as this numbing medicine usually lasts."),
      unknown: () => t("Some answers are missing, so how long it lasted is not clear."),
    }[result.concordance];
    if (lasted) lines.push(h("p", {}, lasted()));
  } else if (diary && diary.reason) {
    const why = {
      too_few_answers: () => (diary.due
        ? nt("Not enough answers to work out a result ({answered} of {n} question answered).",
          "Not enough answers to work out a result ({answered} of {n} questions answered).", diary.due, { answered: diary.answered })
        : t("The questions after the block have not come yet: the result is worked out from your answers to them.")),
      no_baseline: () => t("No answer about the pain before the block, so relief cannot be worked out."),
      baseline_without_pain: () => t("There was no pain before the block, so relief cannot be measured."),
    }[diary.reason];
    lines.push(h("p", {}, why ? why() : vocab.label(diary.reason)));
  }
  if (diary && diary.prompts) {
    const missing = diary.prompts.filter((p) => p.status === "missing").length;
    if (missing) {
      lines.push(h("p", { class: "hint" }, nt("{n} question not answered (shown as missing, never guessed).",
        "{n} questions not answered (shown as missing, never guessed).", missing)));
    }
  }
  if (procedure.comparative && procedure.comparative.both_relieved !== null) {
    lines.push(h("p", {}, procedure.comparative.longer_acting_longer
      ? t("Compared with your earlier block: the longer-acting medicine gave longer relief.")
      : t("Compared with your earlier block: the longer-acting medicine did not give longer relief.")));
  }
  lines.push(h("p", { class: "hint" }, t("Your clinician will talk the result through with you; it is not a diagnosis.")));
  return lines;
}

function benefitText(benefit) {
  if (!benefit || benefit.status === "unknown") return null;
  const words = {
    lasting: () => nt("Fewer headaches since, so far for {n} day.", "Fewer headaches since, so far for {n} days.", benefit.lasted_days),
    waned: () => nt(
      "Fewer headaches for about {n} day; lately they are coming back. This is common months after this treatment: you may want to talk it over with your clinician.",
      "Fewer headaches for about {n} days; lately they are coming back. This is common months after this treatment: you may want to talk it over with your clinician.",
      benefit.lasted_days),
    no_clear_benefit: () => t("No clear drop in headache days after it, so far."),
  }[benefit.status];
  return h("p", {}, words ? words() : vocab.label(benefit.status));
}

function eventItem(event, windows, reload) {
  // A clinician's record is hidden from this timeline, not deleted (the clinician keeps it).
  const hide = event.by_clinician ? hideButton(event.procedure ? "procedure" : "event", event.id, reload) : null;
  const remove = event.by_clinician ? hide : h("button", { type: "button", class: "secondary", onclick: async () => {
    if (!confirm(t("Remove \"{title}\" from your timeline?", { title: event.title }))) return;
    const response = await api("DELETE", `/api/v1/timeline/${event.id}/`).catch(() => null);
    if (response && response.ok) reload();
    else announce(t("Could not remove it now. Please try again."));
  } }, t("Remove"));
  return h("li", { class: "card" },
    h("h3", {}, event.title || event.kind_label),
    h("p", { class: "hint" }, [day(event.date), event.kind_label, event.by_clinician ? t("added by your clinician") : null]
      .filter(Boolean).join(" · ")),
    procedureText(event.procedure), benefitText(event.benefit),
    comparisonText(event.comparison, windows), remove);
}

function addForm(reload) {
  const state = { kind: null };
  const title = h("input", { type: "text", maxlength: 200, autocomplete: "off" });
  const date = h("input", { type: "date", value: localToday(), max: localToday() });
  const problems = h("div", {});
  const kind = choiceGroup({ legend: t("What changed?"), options: EVENT_KINDS, value: null, onChange: (v) => { state.kind = v; } });
  const save = h("button", { type: "submit" }, t("Add to my timeline"));
  return h("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    // A past day at its noon; today now, since today's noon may not have come yet (the API refuses the future).
    const at = date.value === localToday() ? new Date().toISOString() : new Date(`${date.value}T12:00:00`).toISOString();
    const response = await api("POST", "/api/v1/timeline/", { kind: state.kind, at, title: title.value })
      .catch(() => ({ ok: false, data: { detail: t("You are offline: please add it when you are online.") } }));
    if (response.ok) { announce(t("Added to your timeline.")); reload(); } else problems.replaceChildren(errorList(response.data));
  } },
  h("h2", {}, t("Add something you changed")), kind,
  field(t("In a few words"), title, t("For example: physiotherapy, 6 sessions; amitriptyline 10 mg; a new desk setup")),
  field(t("When it started"), date), problems, save);
}

export async function render({ navigate, query, sync }) {
  const [response, questions] = await Promise.all([get("/api/v1/timeline/"), postBlockCard(query, sync)]);
  // Come for a block's question (the link on Log, a reminder): its first answer has the focus.
  if (questions && query.get("block")) questions.querySelector("button")?.setAttribute("data-focus", "");
  const again = () => navigate("#/treatments");
  if (!response.ok) {
    return h("section", {}, h("h1", {}, t("Treatments")), errorList(response.data || { detail: t("Could not load your timeline.") }));
  }
  const { events, windows } = response.data;
  return h("section", { class: "treatments" },
    h("h1", { tabindex: "-1" }, t("Treatments")),
    questions,
    h("p", {}, t("What you and your clinician tried, and how your diary looked in the {days} days before compared with weeks 3 to 6 after (days {from} to {to}).", {
      days: windows.before_days, from: windows.after_from_day, to: windows.after_to_day })),
    events.length
      ? h("ul", { class: "list timeline" }, [...events].reverse().map((event) => eventItem(event, windows, again)))
      : h("p", {}, t("Nothing on your timeline yet.")),
    addForm(again),
    await historyCard("/api/v1/records/history/", { forPatient: true }),
    h("p", {}, h("a", { href: "#/insights" }, t("Back to Insights"))));
}

// --- For the clinician's pre-visit summary --------------------------------------------

/** The summary's `treatments` (diary/selectors/treatments.py treatment_summary_for) as a
 *  card, in clinical words; frontend/js/views/clinician.js appends it with one line. */
export function clinicianSection(treatments, withdraw = null) {
  if (!treatments || (!treatments.procedures.length && !treatments.events.length)) return null;
  const blockRow = (p) => {
    const d = p.diary;
    let result = p.recorded_elsewhere ? t("Done elsewhere; relief as entered: {percent}%", { percent: p.entered_relief_percent ?? "–" }) : "";
    if (d && d.result) {
      const lasted = t("Max relief {percent}% (baseline {baseline}/10); ≥80% for {duration}", {
        percent: d.result.max_relief_percent, baseline: d.baseline_pain, duration: minutesWords(d.result.minutes_relief_80) });
      const concordance = d.result.concordance ? t("{concordance} with {anaesthetic}", {
        concordance: vocab.textOf(vocab.CONCORDANCE, d.result.concordance), anaesthetic: p.anaesthetic }) : null;
      const answered = t("{answered}/{due} prompts answered", { answered: d.answered, due: d.due });
      result = concordance ? `${lasted}, ${concordance}; ${answered}` : `${lasted}; ${answered}`;
    } else if (d) {
      result = d.due
        ? nt("No result yet ({reason}; {answered} of {n} prompt answered)", "No result yet ({reason}; {answered} of {n} prompts answered)", d.due, {
          reason: d.reason ? vocab.textOf(vocab.NO_BLOCK_RESULT, d.reason) : t("not enough answers"), answered: d.answered })
        : t("No result yet (no prompt after the block has fallen due)");
    }
    if (p.comparative && p.comparative.both_relieved !== null) {
      result += `; ${p.comparative.longer_acting_longer ? t("comparative: longer-acting agent relieved longer") : t("comparative: not concordant")}`;
    }
    const side = vocab.textOf(vocab.PROCEDURE_SIDES, p.side).toLowerCase();
    return h("li", {}, h("strong", {}, `${p.kind_label} ${p.levels.join(", ")} ${side}`), ` · ${moment(p.performed_at)} · ${result}`,
      withdraw ? withdraw("procedure", p) : null);
  };
  const eventRow = (e) => {
    const c = e.comparison;
    const figures = c.enough_diary
      ? t("headache days/30 {before} → {after}; median severity {severity_before} → {severity_after}; acute medication days/30 {medication_before} → {medication_after} (logged days {logged_before} vs {logged_after})", {
        before: per30(c.before.headache_days_per_30), after: per30(c.after.headache_days_per_30),
        severity_before: per30(c.before.median_severity), severity_after: per30(c.after.median_severity),
        medication_before: per30(c.before.acute_medication_days_per_30), medication_after: per30(c.after.acute_medication_days_per_30),
        logged_before: c.before.logged_days, logged_after: c.after.logged_days })
      : t("not enough diary (logged days {before} before, {after} after)", { before: c.before.logged_days, after: c.after.logged_days });
    const benefit = e.benefit && e.benefit.status === "waned"
      ? `; ${nt("benefit lasted ~{n} day, now waning", "benefit lasted ~{n} days, now waning", e.benefit.lasted_days)}` : "";
    return h("li", {}, h("strong", {}, `${day(e.date)} ${e.title || e.kind_label}`), ` · ${figures}${benefit}`,
      withdraw && e.by_clinician && !e.procedure ? withdraw("event", e) : null);
  };
  return h("section", { class: "card", "aria-labelledby": "treatments-title" },
    h("h2", { id: "treatments-title" }, t("Procedures and treatments")),
    treatments.procedures.length ? h("ul", { class: "list" }, treatments.procedures.map(blockRow)) : null,
    treatments.events.length ? h("ul", { class: "list" }, treatments.events.map(eventRow)) : null);
}

function select(options, value) {
  return h("select", {}, options.map(([code, text]) => h("option", { value: code, selected: code === value }, text)));
}

function procedureForm(patientId, data, done) {
  const kind = select(vocab.PROCEDURE_KINDS, "medial_branch_block");
  const purpose = select(vocab.PROCEDURE_PURPOSES, "diagnostic");
  const side = select(vocab.PROCEDURE_SIDES, "right");
  const levels = h("input", { type: "text", placeholder: "C2-C3", autocomplete: "off" });
  const anaesthetic = select([["", t("None")], ...data.anaesthetics.map((a) => [a.code,
    t("{anaesthetic} (about {minutes})", { anaesthetic: a.label,
      minutes: a.expected_minutes.length === 2 ? t("{from} to {to}", { from: minutesWords(a.expected_minutes[0]), to: minutesWords(a.expected_minutes[1]) })
        : a.expected_minutes.map(minutesWords).join(", ") })])], "lidocaine");
  const first = select([["", t("No")], ...data.procedures.filter((p) => p.diary).map((p) =>
    [String(p.id), `${p.kind_label}, ${p.anaesthetic || "–"}, ${moment(p.performed_at)}`])], "");
  const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const when = h("input", { type: "datetime-local", value: now, max: now });
  const problems = h("div", {});
  return h("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const body = {
      kind: kind.value, purpose: purpose.value, side: side.value, anaesthetic: anaesthetic.value,
      levels: levels.value.split(/[\s,]+/).filter(Boolean).map((l) => l.toUpperCase()),
      performed_at: new Date(when.value).toISOString(), compares_with: first.value ? Number(first.value) : null,
    };
    const response = await api("POST", `/api/v1/clinician/patients/${patientId}/procedures/`, body)
      .catch(() => ({ ok: false, data: { detail: t("Offline: the procedure was not recorded.") } }));
    if (response.ok) { announce(t("Procedure recorded; the patient's post-block diary has started.")); done(); }
    else problems.replaceChildren(errorList(response.data));
  } },
  h("h3", {}, t("Record a procedure")),
  field(t("Procedure"), kind), field(t("Purpose"), purpose), field(t("Cervical level(s)"), levels, t("e.g. C2-C3, C3-C4")),
  field(t("Side"), side), field(t("Done at"), when), field(t("Local anaesthetic"), anaesthetic),
  field(t("Second block of a comparative pair with"), first), problems,
  h("button", { type: "submit" }, t("Record procedure")),
  h("p", { class: "hint" }, t("A diagnostic block starts the patient's post-block diary; the relief is computed from their answers.")));
}

async function clinicianPanel(patientId) {
  const [procedures, timeline] = await Promise.all([
    get(`/api/v1/clinician/patients/${patientId}/procedures/`), get(`/api/v1/clinician/patients/${patientId}/timeline/`)]);
  if (!procedures.ok || !timeline.ok) return null;
  const box = h("div", {});
  const draw = async () => {
    const fresh = await get(`/api/v1/clinician/patients/${patientId}/procedures/`);
    const events = await get(`/api/v1/clinician/patients/${patientId}/timeline/`);
    if (fresh.ok && events.ok) fill(fresh.data, events.data);
  };
  // A clinician's own record gets Correct and Withdraw (the server refuses anyone else's).
  const withdraw = (kind, record) =>
    h("span", { class: "actions" }, correctButton(patientId, kind, record, draw), withdrawButton(patientId, kind, record.id, draw));
  const fill = async (data, line) => {
    const section = clinicianSection({ procedures: data.procedures, events: line.events }, withdraw)
      || h("section", { class: "card", "aria-labelledby": "treatments-title" },
        h("h2", { id: "treatments-title" }, t("Procedures and treatments")), h("p", {}, t("None recorded yet.")));
    section.append(procedureForm(patientId, data, draw));
    const history = await historyCard(`/api/v1/clinician/patients/${patientId}/records/history/`, { forPatient: false });
    box.replaceChildren(section, ...(history ? [history] : []));
  };
  await fill(procedures.data, timeline.data);
  return box;
}
