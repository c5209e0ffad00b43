// Log: the first screen. On a phone, without scrolling or opening anything: side,
// severity, where it started, what brought it on and what the patient was doing, each
// one tap, with Save always on screen (the four fields of the card in five taps).
// Everything else is one tap away under "More detail". "Same as last time" fills the
// form from the latest headache.
//
// Every save goes to the outbox first under its own UUID, then to the server, and
// every save (advice or not) leaves a fresh form with a new id: an entry shown with
// red-flag advice can only be changed from History, never overwritten by the next log.
// The advice the patient has not acknowledged lives on the server (GET /api/v1/advice/):
// it comes first after every load, on every device, until "I have read this". Advice
// given offline is replaced by the server's after the sync; a stronger one is announced.
//
// One state per day (docs/api.md): the screen names the date it saves to, says what
// the day already holds, and offers only what makes sense for it.

import { api, entriesBetween, get } from "../api.js";
import { callEmergency, currentLanguage, nt, t } from "../i18n.js";
import { discard, entryItems as items, queue } from "../outbox.js";
import { announce, choiceGroup, errorList, field, formatDate, h, localToday, messagesOf, showProblems } from "../ui.js";
import * as vocab from "../vocabulary.js";

const EMPTY = {
  headache: true, side: null, severity: null, onset_region: null, neck_trigger: null, posture: null, quality: null,
  symptoms: null, medications: [], red_flags: [], started_at: null, duration_minutes: null, worse_with_activity: null,
  screen_hours: null, notes: "",
};
// What "Same as last time" copies: how the headache was, never when, what was taken,
// the notes or the warning signs (those belong to that one headache).
const SAME_AS_LAST = ["side", "severity", "onset_region", "neck_trigger", "posture", "quality", "symptoms", "worse_with_activity"];
// The two regions asked on the first screen; "Elsewhere" opens the others in place.
const QUICK_REGIONS = ["neck", "occiput"];
const ELSEWHERE = "elsewhere";

// Every text of this screen goes through t()/nt() when it is drawn (frontend/js/i18n.js): lists of
// texts are functions, so the words are looked up in the language loaded, not at import.

// After a save the form starts afresh with one of these (codes in the URL, never free text).
const SAVED_MESSAGES = {
  headache: () => t("Saved. Take care."),
  replaced: (date) => t("Saved. It replaces the “no headache” check-in of {date}.", { date }),
  free: (date) => t("Saved: no headache on {date}.", { date }),
  offline: () => t("Saved on this phone. It will be sent when you are online."),
};

// The questions in their own words, for errors shown beside them.
const QUESTIONS = () => ({
  date: t("Date"), side: t("Which side?"), severity: t("How bad, 0 to 10?"), onset_region: t("Where did it start?"),
  neck_trigger: t("What brought it on?"), posture: t("What were you doing?"), quality: t("What did it feel like?"),
  symptoms: t("Other symptoms"), medications: t("Medicine"), started_at: t("Started at"), duration_minutes: t("Lasted (minutes)"),
  screen_hours: t("Hours at a screen today"), red_flags: t("Warning signs"), notes: t("Notes"), headache: t("No headache that day"),
});
const SIDE_MISSING = () => t("Please tap a side: left, right or both.");
const SEVERITY_MISSING = () => t("Please tap a number from 0 (no pain) to 10 (the worst pain).");
// Server messages that are clearer said another way; the rest are shown as the server wrote them.
const REWORDED = {
  duration_minutes: () => t("Please give the minutes as a whole number from 1 to 10080 (one week)."),
  screen_hours: () => t("Please give the hours as a number from 0 to 24."),
  severity: SEVERITY_MISSING,
  side: SIDE_MISSING,
  notes: () => t("Please keep the notes under 2000 characters."),
};

// Shown when an entry with a warning sign is saved offline, before the server's own advice can come.
// The emergency number is the patient's where /me/ told it (remembered for offline), as the
// server's advice says it (diary/red_flags.py); "your local emergency number" otherwise.
const offlineAdvice = () => ({
  urgency: "unknown",
  message: t("You ticked a warning sign. If it is happening now, get medical help now: {call}. If it has passed, see a doctor today and tell them about it.",
    { call: callEmergency() }),
});

// Only entry ids are kept on the phone (no health data): entries saved offline with a
// warning sign (shown the offline advice until the server's comes), and "I have read
// this" taps made offline (sent with the next load).
const OFFLINE_ADVICE_KEY = "neckline-offline-advice";
const UNSENT_SEEN_KEY = "neckline-unsent-seen";
const ADVICE_HEADINGS = () => ({ emergency: t("Get medical help now"), urgent: t("Please see a doctor soon"), soon: t("Please see a doctor") });
// The lower the stronger; the offline advice is the weakest (the server has not judged it yet).
const STRENGTH = { emergency: 0, urgent: 1, soon: 2, unknown: 3 };

const remembered = (key) => JSON.parse(localStorage.getItem(key) || "[]");
function remember(key, ids) {
  if (ids.length) localStorage.setItem(key, JSON.stringify([...new Set(ids)]));
  else localStorage.removeItem(key);
}

/** The advice to show first: the server's unacknowledged advice, then the offline advice of entries still waiting. */
async function adviceToShow() {
  const pending = new Set((await items()).filter((item) => item.state === "pending").map((item) => item.id));
  let server = null;
  try {
    for (const id of remembered(UNSENT_SEEN_KEY)) {
      const response = await api("POST", `/api/v1/advice/${id}/seen/`);
      if (response.ok || response.status === 404) remember(UNSENT_SEEN_KEY, remembered(UNSENT_SEEN_KEY).filter((x) => x !== id));
    }
    const response = await get("/api/v1/advice/");
    if (response.ok) server = response.data.advice;
  } catch {
    // offline: only the advice given on this phone is known
  }
  const unsent = new Set(remembered(UNSENT_SEEN_KEY));
  // An entry that has reached the server has the server's advice (or none): the offline words go.
  const offline = remembered(OFFLINE_ADVICE_KEY).filter((id) => pending.has(id) || server === null);
  if (server !== null) remember(OFFLINE_ADVICE_KEY, offline);
  const shown = (server || []).filter((advice) => !unsent.has(advice.entry));
  for (const id of offline) if (!unsent.has(id) && !shown.some((a) => a.entry === id)) shown.push({ ...offlineAdvice(), entry: id });
  return shown;
}

/** "I have read this": told to the server now, or with the next load when offline. */
async function markSeen(advice) {
  remember(OFFLINE_ADVICE_KEY, remembered(OFFLINE_ADVICE_KEY).filter((id) => id !== advice.entry));
  if (advice.urgency === "unknown") return; // the server has not given advice for it yet
  try {
    const response = await api("POST", `/api/v1/advice/${advice.entry}/seen/`);
    if (response.ok || response.status === 404) return;
  } catch {
    // offline
  }
  remember(UNSENT_SEEN_KEY, [...remembered(UNSENT_SEEN_KEY), advice.entry]);
}

/** The PUT body: only what the patient answered (the server fills the rest). */
function bodyOf(state) {
  const body = { date: state.date, headache: state.headache };
  if (!state.headache) {
    if (state.screen_hours !== null) body.screen_hours = state.screen_hours;
    if (state.notes) body.notes = state.notes;
    return body;
  }
  for (const [name, value] of Object.entries(state)) {
    if (name in body || value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
    if (name in EMPTY) body[name] = value;
  }
  // "Other symptoms" is under "More detail": unopened it was not asked (left out: the server's null);
  // opened, an empty list is the answer "none of these".
  if (state.symptoms !== null) body.symptoms = state.symptoms;
  return body;
}

function adviceBox(advice, onDismiss) {
  const dismiss = h("button", { type: "button", onclick: onDismiss }, t("I have read this"));
  return h("section", { class: "advice", role: "alert", tabindex: "-1", "data-entry": advice.entry, "data-urgency": advice.urgency },
    h("h2", {}, ADVICE_HEADINGS()[advice.urgency] || t("A warning sign")),
    h("p", {}, advice.message),
    h("p", { class: "hint" }, advice.date
      ? t("About your entry for {date}. To change it, open it from History.", { date: formatDate(advice.date) })
      : t("Your entry waits on this phone until it can be sent. To change it, open it from History.")),
    dismiss);
}

async function loadForEdit(id) {
  const pending = (await items()).find((item) => item.id === id);
  if (pending) return { ...pending.body, id };
  const response = await get(`/api/v1/entries/${id}/`);
  return response.ok ? response.data : null;
}

/** What the day already holds, on the server and in the outbox: {headaches, checkin}. */
async function dayHolds(date, ownId) {
  const queued = (await items()).filter((item) => item.body.date === date && item.id !== ownId && item.state === "pending");
  let saved = [];
  try {
    const response = await entriesBetween(date, date);
    if (response.ok) saved = response.data.filter((entry) => entry.id !== ownId);
  } catch {
    // offline with nothing cached: only the outbox is known
  }
  const all = [...queued.map((item) => ({ ...item.body, id: item.id })), ...saved];
  return { headaches: all.filter((e) => e.headache !== false), checkin: all.find((e) => e.headache === false) || null };
}

/** The patient's latest headache, from the outbox or the server (offline: the last one read). */
async function latestHeadache() {
  const queued = (await items()).filter((item) => item.body.headache !== false)
    .sort((a, b) => (a.body.date === b.body.date ? b.queuedAt - a.queuedAt : a.body.date < b.body.date ? 1 : -1));
  let saved = null;
  const today = localToday();
  const yearAgo = new Date(Date.parse(`${today}T12:00:00Z`) - 365 * 86400000).toISOString().slice(0, 10);
  try {
    const response = await entriesBetween(yearAgo, today);
    if (response.ok) saved = response.data.find((entry) => entry.headache !== false) || null;
  } catch {
    // offline
  }
  const pending = queued.length ? queued[0].body : null;
  if (pending && (!saved || pending.date >= saved.date)) return pending;
  return saved;
}

/** A label of the diary's words inside a sentence: lower case, but German keeps its capital nouns. */
const inSentence = (text) => (currentLanguage() === "de" ? text : text.toLocaleLowerCase(currentLanguage()));

function refusedCard(item) {
  const entry = item.body;
  const date = formatDate(entry.date);
  // "right, 6/10": the side as the vocabulary names it, lower case but for German's capital nouns.
  const details = [
    entry.side ? inSentence(vocab.textOf(vocab.SIDES, entry.side)) : null,
    entry.severity !== undefined && entry.severity !== null ? `${entry.severity}/10` : null,
  ].filter(Boolean).join(", ");
  const what = entry.headache === false ? t("Not saved: No headache on {date}.", { date })
    : details ? t("Not saved: Headache on {date}, {details}.", { date, details }) : t("Not saved: Headache on {date}.", { date });
  const card = h("div", { class: "refused" },
    h("p", {}, h("strong", {}, what), " ", messagesOf(item.errors) || t("The server refused it.")),
    h("div", { class: "actions" },
      entry.headache === false ? null : h("a", { class: "button", href: `#/log?edit=${item.id}` }, t("Change it")),
      h("button", { type: "button", onclick: async () => {
        await discard(item.id);
        const list = card.closest(".refused-list");
        card.remove();
        if (list && !list.querySelector(".refused")) list.remove();
        announce(t("Removed from this phone."));
        window.dispatchEvent(new Event("neckline:saved"));
      } }, t("Discard it"))));
  return card;
}

export async function render({ query, sync, navigate }) {
  const editing = query.get("edit");
  const loaded = editing ? await loadForEdit(editing) : null;
  const state = { ...EMPTY, date: localToday(), ...(loaded || {}) };
  const id = loaded ? editing : crypto.randomUUID();

  const top = h("div", { class: "log-top" }); // advice and refused entries, above everything else
  const adviceArea = h("div", { class: "advice-list" });
  top.append(adviceArea);
  const problems = h("div", {}); // errors that belong to no question
  // In the scrolling page, not in the save bar: a long message must never push the bar over the form.
  const status = h("p", { class: "saved" });
  const savedCode = query.get("saved");
  const savedDay = /^\d{4}-\d{2}-\d{2}$/.test(query.get("day") || "") ? formatDate(query.get("day")) : "";
  if (SAVED_MESSAGES[savedCode]) status.textContent = SAVED_MESSAGES[savedCode](savedDay);
  const set = (name) => (value) => { state[name] = value; };

  let shownAdvice = [];
  // Read here: a sync that reads the advice before the server has heard "I have read this" must not bring it back.
  const dismissed = new Set();
  function drawAdvice(list) {
    shownAdvice = list;
    adviceArea.replaceChildren(...list.map((advice) => adviceBox(advice, async () => {
      dismissed.add(advice.entry);
      adviceArea.querySelector(`[data-entry="${advice.entry}"]`)?.remove();
      shownAdvice = shownAdvice.filter((a) => a !== advice);
      await markSeen(advice);
      (adviceArea.querySelector(".advice") || document.querySelector("main h1")).focus();
    })));
    adviceArea.firstChild?.setAttribute("data-focus", "");
  }
  // The server's advice comes behind the screen (issue 27: the Log screen waited a round trip for it).
  // Advice to act on is still read first: it takes the focus unless the patient has begun answering
  // (arrived before the screen is shown, route() focuses it; its role="alert" announces it either way).
  adviceToShow().then((list) => {
    const untouched = [document.body, null].includes(document.activeElement) || document.activeElement.matches("main h1");
    drawAdvice(list);
    const first = adviceArea.querySelector("[data-focus]");
    if (first && untouched && adviceArea.isConnected) first.focus();
  }).catch(() => {});
  // After a sync the server's advice replaces what this phone said offline; a stronger one is announced.
  window.addEventListener("neckline:synced", async function upgrade() {
    if (!adviceArea.isConnected) return window.removeEventListener("neckline:synced", upgrade);
    const before = new Map(shownAdvice.map((a) => [a.entry, a.urgency]));
    const after = (await adviceToShow()).filter((advice) => !dismissed.has(advice.entry));
    const same = (list) => list.map((a) => `${a.entry}:${a.urgency}`).join();
    if (!adviceArea.isConnected || same(after) === same(shownAdvice)) return; // nothing new: focus stays where it is
    const hadFocus = adviceArea.contains(document.activeElement);
    drawAdvice(after);
    if (hadFocus) adviceArea.querySelector(".advice")?.focus();
    const stronger = after.find((a) => before.has(a.entry) && (STRENGTH[a.urgency] ?? 3) < (STRENGTH[before.get(a.entry)] ?? 3));
    if (stronger) announce(t("{heading}. {advice}", { heading: ADVICE_HEADINGS()[stronger.urgency], advice: stronger.message }));
  });
  if (!editing) {
    const refused = (await items()).filter((item) => item.state === "refused");
    if (refused.length) {
      top.append(h("section", { class: "card refused-list", "aria-labelledby": "refused-title" },
        h("h2", { id: "refused-title" }, nt("{n} entry was not saved", "{n} entries were not saved", refused.length)),
        h("p", { class: "hint" }, t("They are kept on this phone until you change or discard them.")),
        refused.map((item) => refusedCard(item))));
    }
  }

  // --- The quick questions (redrawn when "Same as last time" fills them) ---
  const quick = h("div", { class: "quick" });
  const drawQuick = () => quick.replaceChildren(...quickQuestions(state, set));
  drawQuick();

  // --- The day: which date the buttons save to, and what it already holds ---
  const dayLine = h("p", { class: "log-day" });
  const dayNote = h("p", { class: "hint day-note" });
  const noHeadache = h("button", { type: "button", class: "secondary", onclick: () => saveCheckin() });
  let holds = { headaches: [], checkin: null };
  async function describeDay() {
    const date = formatDate(state.date);
    dayLine.textContent = state.date === localToday() ? t("Today, {date}", { date }) : t("For {date}", { date });
    // The date kept on one line ("dom, 6 dic", never "dom, 6 / dic") when the button wraps.
    noHeadache.textContent = t("No headache on {date}", { date: date.replaceAll(" ", "\u00a0") });
    holds = await dayHolds(state.date, id);
    noHeadache.hidden = Boolean(editing) || holds.headaches.length > 0 || Boolean(holds.checkin);
    dayNote.textContent = holds.checkin && !editing
      ? t("{date} is logged as a day without headache. Saving a headache replaces that check-in.", { date })
      : holds.headaches.length && !editing
        ? holds.headaches.length === 1 ? t("{date} already has a headache. You can add another.", { date })
          : nt("{date} already has {n} headache. You can add another.", "{date} already has {n} headaches. You can add another.",
            holds.headaches.length, { date })
        : "";
    dayNote.hidden = !dayNote.textContent;
  }

  const details = detailsSection(state, set, () => describeDay());
  const form = h("div", { class: "log-form" }, quick, details);

  async function save(body) {
    showProblems(form, {}, { top: problems });
    for (const b of [saveButton, noHeadache]) b.disabled = true;
    try {
      await queue(id, body);
      window.dispatchEvent(new Event("neckline:saved"));
      if ("serviceWorker" in navigator && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then((reg) => reg.sync && reg.sync.register("outbox")).catch(() => {});
      }
      const result = await sync(id);
      const response = result.responses.get(id);
      if (response && !response.ok) {
        status.textContent = "";
        if (body.headache) {
          // Kept in the outbox (History lists it too) until the patient changes or discards it.
          showProblems(form, response.data || { detail: t("Not saved. Please try again.") }, { top: problems, words: REWORDED });
        } else {
          // A bare check-in holds nothing the patient wrote: say why (the server names the date), keep nothing.
          await discard(id);
          problems.replaceChildren(errorList(response.data, QUESTIONS(), { alert: false }));
          problems.setAttribute("tabindex", "-1");
          problems.focus();
          announce(t("Not saved: {reason}", { reason: messagesOf(response.data) }));
          await describeDay();
        }
        return;
      }
      const outcome = !response ? "offline" : !body.headache ? "free" : response.data.replaced_checkin ? "replaced" : "headache";
      announce(SAVED_MESSAGES[outcome](formatDate(body.date)));
      // Offline the server cannot judge the warning signs yet: say what to do anyway, until it does.
      if (!response && (body.red_flags || []).length) remember(OFFLINE_ADVICE_KEY, [...remembered(OFFLINE_ADVICE_KEY), id]);
      const advised = Boolean(response ? response.data.advice : (body.red_flags || []).length);
      // Every save leaves a fresh form with a new id (the advice comes first on it); an edit without advice goes back to History.
      if (editing && !advised) navigate("#/history");
      else navigate(`#/log?saved=${outcome}&day=${body.date}`);
    } finally {
      for (const b of [saveButton, noHeadache]) b.disabled = false;
    }
  }

  function saveCheckin() {
    if (holds.headaches.length || holds.checkin) return describeDay();
    // Warning signs that matter without a headache too (vision loss, say) go with the check-in.
    const flags = state.red_flags.filter((code) => vocab.ANY_ENTRY_RED_FLAGS.includes(code));
    return save({ date: state.date, headache: false, ...(flags.length ? { red_flags: flags } : {}) });
  }

  const saveButton = h("button", { type: "button", class: "primary", onclick: () => {
    const missing = {};
    if (!state.side) missing.side = [SIDE_MISSING()];
    if (state.severity === null) missing.severity = [SEVERITY_MISSING()];
    if (Object.keys(missing).length) {
      status.textContent = "";
      showProblems(form, missing, { top: problems, summary: t("Not saved yet") });
      return;
    }
    save(bodyOf({ ...state, headache: true }));
  } }, t("Save"));

  const same = h("button", { type: "button", class: "small", onclick: async () => {
    const last = await latestHeadache();
    if (!last) {
      status.textContent = t("There is no earlier headache to copy yet.");
      announce(status.textContent);
      return;
    }
    for (const name of SAME_AS_LAST) state[name] = last[name] ?? EMPTY[name];
    drawQuick();
    details.replaceWith(detailsSection(state, set, () => describeDay(), details.open));
    status.textContent = t("Filled in from {date}. Change anything, then Save.", { date: formatDate(last.date) });
    announce(status.textContent);
  } }, t("Same as last time"));

  // What the day already holds fills in when the server answers: the form needs it only to word a note.
  describeDay().catch(() => {});
  const saveBar = h("div", { class: "savebar", role: "region", "aria-label": t("Save") },
    h("div", { class: "savebar-buttons" }, noHeadache, saveButton));
  const screen = h("section", { class: "log" },
    top,
    h("div", { "data-slot": "treatments" }), // a post-block question, after any advice (slots.js)
    h("div", { class: "log-head" }, h("div", {}, h("h1", { tabindex: "-1" }, editing ? t("Edit entry") : t("Log a headache")), dayLine),
      editing ? null : same),
    status,
    dayNote,
    problems,
    form,
    saveBar);
  // The page leaves room for the bar as tall as it is now (two rows of buttons at a large text size).
  // A bar that would take more than a fifth of the screen (large text on a small phone) takes
  // its place after the form instead, so it never hides what it would cover.
  new ResizeObserver(() => {
    saveBar.classList.toggle("in-flow", saveBar.scrollHeight > window.innerHeight / 5);
    screen.style.setProperty("--savebar-height", saveBar.classList.contains("in-flow") ? "0px" : `${saveBar.offsetHeight}px`);
  }).observe(saveBar);
  return screen;
}

function quickQuestions(state, set) {
  const others = vocab.ONSET_REGIONS.filter(([code]) => !QUICK_REGIONS.includes(code));
  const elsewhereChosen = state.onset_region && !QUICK_REGIONS.includes(state.onset_region);
  const otherRegions = choiceGroup({ legend: t("Where else?"), options: others, value: elsewhereChosen ? state.onset_region : null,
    onChange: set("onset_region"), className: "grid-3 sub" });
  otherRegions.hidden = !elsewhereChosen;
  const regions = choiceGroup({
    legend: t("Where did it start?"), name: "onset_region", className: "grid-3",
    options: [...vocab.ONSET_REGIONS.filter(([code]) => QUICK_REGIONS.includes(code)), [ELSEWHERE, t("Elsewhere")]],
    value: elsewhereChosen ? ELSEWHERE : state.onset_region,
    onChange: (code) => {
      otherRegions.hidden = code !== ELSEWHERE;
      if (code === ELSEWHERE) {
        otherRegions.querySelector("button").focus();
        return; // the region itself is the next tap
      }
      for (const b of otherRegions.querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
      set("onset_region")(code);
    },
  });
  return [
    choiceGroup({ legend: t("Which side?"), name: "side", options: vocab.SIDES, value: state.side, onChange: set("side"), className: "grid-3" }),
    choiceGroup({ legend: t("How bad, 0 to 10?"), name: "severity", options: vocab.SEVERITIES, value: state.severity,
      onChange: set("severity"), className: "severity" }),
    regions, otherRegions,
    choiceGroup({ legend: t("What brought it on?"), name: "neck_trigger", options: vocab.NECK_TRIGGERS, value: state.neck_trigger,
      onChange: set("neck_trigger"), className: "grid-3 compact" }),
    choiceGroup({ legend: t("What were you doing?"), name: "posture", options: vocab.POSTURES, value: state.posture,
      onChange: set("posture"), className: "grid-4 compact" }),
  ];
}

function detailsSection(state, set, onDateChange, open = false) {
  const date = h("input", { type: "date", value: state.date, max: localToday(), onchange: (e) => {
    if (!e.target.value) return;
    set("date")(e.target.value);
    onDateChange();
  } });
  const started = h("input", { type: "time", value: state.started_at || "", onchange: (e) => set("started_at")(e.target.value || null) });
  const duration = h("input", { type: "number", min: 1, max: 10080, inputmode: "numeric", value: state.duration_minutes ?? "",
    onchange: (e) => set("duration_minutes")(e.target.value ? Number(e.target.value) : null) });
  const screen = h("input", { type: "number", min: 0, max: 24, step: "0.5", inputmode: "decimal", value: state.screen_hours ?? "",
    onchange: (e) => set("screen_hours")(e.target.value === "" ? null : Number(e.target.value)) });
  const worse = h("input", { type: "checkbox", checked: state.worse_with_activity === true,
    onchange: (e) => set("worse_with_activity")(e.target.checked ? true : null) });
  const notes = h("textarea", { maxlength: 2000, onchange: (e) => set("notes")(e.target.value) }, state.notes || "");

  const opened = () => { if (state.symptoms === null) set("symptoms")([]); };
  if (open) opened();
  return h("details", { class: "more card", open, ontoggle: (e) => e.target.open && opened() },
    h("summary", {}, t("More detail"), h("span", { class: "summary-hint" }, " · ", t("medicine, warning signs…"))),
    field(t("Date"), date, null, "date"),
    choiceGroup({ legend: t("What did it feel like?"), name: "quality", options: vocab.QUALITIES, value: state.quality, onChange: set("quality") }),
    choiceGroup({ legend: t("Other symptoms"), name: "symptoms", options: vocab.SYMPTOMS, value: state.symptoms || [], multiple: true,
      onChange: set("symptoms") }),
    medicationFields(state, set),
    h("div", { class: "row" }, field(t("Started at"), started, null, "started_at"), field(t("Lasted (minutes)"), duration, null, "duration_minutes")),
    h("label", { class: "check", "data-field": "worse_with_activity" }, worse, t("Worse with routine activity (walking, stairs)")),
    field(t("Hours at a screen today"), screen, null, "screen_hours"),
    redFlagFields(state, set),
    field(t("Notes"), notes, null, "notes"));
}

function medicationFields(state, set) {
  const list = h("div", {});
  const rows = [...state.medications];
  const redraw = () => {
    list.replaceChildren(...rows.map((medication, index) => {
      const update = (name) => (e) => { rows[index] = { ...rows[index], [name]: e.target.value }; set("medications")(rows.filter((m) => m.name)); };
      const name = h("input", { type: "text", maxlength: 100, value: medication.name, onchange: update("name") });
      const kind = h("select", { onchange: update("kind") }, vocab.MEDICATION_KINDS.map(([code, text]) =>
        h("option", { value: code, selected: code === medication.kind }, text)));
      const relief = h("select", { onchange: update("relief") }, vocab.RELIEF.map(([code, text]) =>
        h("option", { value: code, selected: code === medication.relief }, text)));
      return h("div", { class: "card" }, field(t("Medicine {n}", { n: index + 1 }), name), field(t("Kind"), kind), field(t("Did it help?"), relief));
    }));
  };
  redraw();
  const add = h("button", { type: "button", onclick: () => {
    if (rows.length >= 10) return;
    rows.push({ name: "", kind: vocab.MEDICATION_KINDS[0][0], relief: "unknown" });
    redraw();
    list.lastChild.querySelector("input").focus();
  } }, t("Add a medicine taken"));
  return h("fieldset", { class: "choices", "data-field": "medications" }, h("legend", {}, t("Medicine")), list, add);
}

function redFlagFields(state, set) {
  const chosen = new Set(state.red_flags);
  return h("fieldset", { class: "card flags", "data-field": "red_flags" },
    h("legend", {}, t("Warning signs: tick any that apply")),
    vocab.RED_FLAGS.map(([code, text]) => h("label", { class: "check" },
      h("input", { type: "checkbox", value: code, checked: chosen.has(code), onchange: (e) => {
        if (e.target.checked) chosen.add(code);
        else chosen.delete(code);
        set("red_flags")([...chosen]);
      } }), text)));
}
