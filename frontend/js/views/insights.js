// Insights: the screening report in plain words (red flags first, with what to
// do), the entries behind each finding, how many headaches answered each question
// (a missing answer is never read as "no"), then three small charts drawn as inline
// SVG, each with a table for screen readers.
//
// Every share reads "N of M headaches that answered". Thresholds and counts come
// from the server's report (docs/screening.md); none are kept here. Entry codes are
// named with the served vocabulary (diary/choices.py). Every sentence goes through t()/nt()
// (frontend/js/i18n.js), read when the screen is drawn, in the language then in use.

import { api, entriesBetween, get, NetworkError } from "../api.js";
import { formatDate as formatMoment, formatList, formatNumber, nt, t } from "../i18n.js";
import { discard, items, queue } from "../outbox.js";
import { announce, errorList, formatDate, h, localToday, svg } from "../ui.js";
import * as vocab from "../vocabulary.js";

// "A doctor has checked this": sent at once, or kept on this phone while offline.
const DOCTOR_CHECK_PATH = "/api/v1/red-flag-reviews/";

// Each signal of the report, what it means, and the question it is answered by (the Log
// screen's own question, as the server's summary quotes it).
const SIGNALS = () => ({
  side_locked: [t("Always on the same side"), t("Which side?")],
  mechanical_trigger: [t("Brought on by neck movement, a held posture or pressure on the neck"), t("What brought it on?")],
  neck_onset: [t("Starting in the neck or the back of the head"), t("Where did it start?")],
  ipsilateral_neck_arm_pain: [t("With neck, shoulder or arm pain on the same side"), null], // a symptom left out is not a question left open
  clinical_exam: [t("A clinician's neck examination"), null],
});
const CAPS = () => ({
  side_shift: t("Your headaches change sides, which is less usual when they start in the neck."),
  migraine_features: t("Many of your headaches have features common in migraine."),
  migraine_predominant: t("Most of your headaches fit migraine better than a neck origin: worth talking through with a doctor."),
  cluster_like: t("Several short, severe headaches around one eye, with eye or nose symptoms."),
  hemicrania_continua_like: t("A one-sided headache almost every day, with eye or nose symptoms."),
  bilateral: t("Many of your headaches are on both sides."),
  triptan_response: t("Triptans helped most of the headaches you took them for."),
  medication_overuse: t("Painkillers on many days, which can itself keep headaches going."),
  neuralgic: t("Brief shooting pains at the back of the head, which are looked at differently."),
});
const DIFFERENTIALS = () => ({
  migraine: t("Migraine"), chronic_migraine: t("Chronic migraine"), tension_type: t("Tension-type headache"),
  cluster: t("Cluster headache"), hemicrania_continua: t("Hemicrania continua"),
  medication_overuse: t("Medication-overuse headache"),
  occipital_neuralgia: t("Occipital neuralgia (shooting pain at the back of the head)"),
  post_traumatic: t("Headache after an injury"), temporomandibular: t("Headache from the jaw joint"),
});
const REASONS = {
  too_few_days: (th) => (th.min_logged_days
    ? nt("at least {n} logged day", "at least {n} logged days", th.min_logged_days) : t("more logged days")),
  too_few_episodes: (th) => (th.min_episodes
    ? nt("at least {n} headache", "at least {n} headaches", th.min_episodes) : t("more headaches")),
};
const MONTHS = 6;
// No rate from fewer observed days (docs/screening.md, Rates: min_observed_days_for_rate): 2
// headaches in 3 days is not 20 per 30. The report does not carry the figure, so it is named here.
const MIN_OBSERVED_DAYS_FOR_RATE = 14;

const loggedDays = (n) => nt("{n} logged day", "{n} logged days", n);
const headaches = (n) => nt("{n} headache", "{n} headaches", n);
/** "“Which side?”": a question quoted in the reader's own quotation marks. */
const quoted = (question) => t("“{question}”", { question });

/** A translated sentence with elements in the place of its {placeholders} (a link, a
 * bold question): the sentence stays whole for the translator, the element keeps its tag. */
function withElements(text, elements) {
  return text.split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = part.slice(1, -1);
    return part.startsWith("{") && name in elements ? elements[name] : part;
  });
}

/** Count and denominator of a signal, from the version 2 report (n answered, unanswered), or version 1 (n of `of`). */
function shareOf(signal) {
  // The count is the entries behind it, so the figure and the list under it agree.
  if (signal.unanswered !== undefined) return { count: (signal.evidence || []).length, answered: signal.n, unanswered: signal.unanswered };
  return { count: signal.n, answered: signal.of, unanswered: null };
}

function monthsBack(count) {
  const [year, month] = localToday().split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(year, month - count + i, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  });
}

function entryLink(id, byId) {
  const entry = byId.get(id);
  const day = entry ? formatDate(entry.date) : null;
  const text = !entry ? t("An entry")
    : entry.headache ? t("{date}, severity {severity}", { date: day, severity: formatNumber(entry.severity) }) : day;
  return h("li", {}, h("a", { href: `#/log?edit=${encodeURIComponent(id)}` }, text));
}

function evidence(ids, byId, what = "entries") {
  if (!ids || !ids.length) return null;
  if (what !== "entries") return h("p", { class: "hint" }, nt("Based on {n} examination.", "Based on {n} examinations.", ids.length));
  return h("details", { class: "evidence" }, h("summary", {}, nt("The {n} entry behind it", "The {n} entries behind it", ids.length)),
    h("ul", {}, ids.map((id) => entryLink(id, byId))));
}

function flagText(code) {
  return vocab.find(code) || vocab.label(code);
}

function redFlags(report, queuedChecks) {
  const emergency = report.red_flags.some((flag) => flag.urgency === "emergency" && !flag.reviewed);
  return h("section", { class: "advice", role: "alert", "aria-labelledby": "flags-title" },
    h("h2", { id: "flags-title" }, flagsHeading(report.red_flags.filter((flag) => !flag.reviewed))),
    h("p", {}, report.summary),
    h("ul", {}, report.red_flags.map((flag) => h("li", {},
      t("{date}: {warning}", { date: formatDate(flag.date), warning: flagText(flag.code) }), " ",
      flag.reviewed ? h("span", { class: "badge" }, reviewedText(flag.reviewed)) : null,
      flag.entry ? h("a", { href: `#/log?edit=${encodeURIComponent(flag.entry)}` }, t("See the entry")) : null,
      flag.reviewed ? null : doctorChecked(flag, queuedChecks.get(doctorCheckId(flag)))))));
}

/** The heading says the most pressing open flag's urgency, as its advice does. */
function flagsHeading(open) {
  const urgencies = new Set(open.map((flag) => flag.urgency));
  if (urgencies.has("emergency")) return t("Get medical help now");
  if (urgencies.has("urgent")) return t("Please see a doctor today");
  if (urgencies.has("soon")) return t("Please see a doctor in the next few days");
  return t("Warning signs in your diary");
}

/** Whether the report's pattern calls for a doctor, not a physiotherapist: the server's one
 * rule (diary/screening/summaries.py is_doctor_only) as the report says it (`doctor_only`,
 * docs/api-extensions.md). A report read before the field existed says "a doctor". */
const doctorOnly = (report) => report.doctor_only !== false;

const checkedDay = (review) => formatDate(String(review.checked_on || review.at).slice(0, 10));

function reviewedText(review) {
  if (review.role !== "patient") return t("reviewed by your clinician");
  return t("you said a doctor checked this on {date}", { date: checkedDay(review) });
}

/** The outbox id of a doctor's check: the flag's natural key, as the server's (one report
 * per flag), so a second tap offline replaces the first and a replay stores one row. */
function doctorCheckId(flag) {
  return `doctor-check:${flag.code}:${flag.date}:${flag.entry || ""}`;
}

/** The doctor's checks kept on this phone, by outbox id. */
async function queuedDoctorChecks() {
  const kept = await items().catch(() => []);
  return new Map(kept.filter((item) => item.path === DOCTOR_CHECK_PATH).map((item) => [item.id, item]));
}

function waitingText(body) {
  return t("you said a doctor checked this on {date} (saved on this phone; it will be sent when you are back online)",
    { date: checkedDay(body) });
}

/** One tap: "A doctor has checked this", with the day of the check (today unless changed).
 * Sent at once (sending it twice keeps one report); offline, it waits in the outbox and
 * goes with the next sync. `queued`: this flag's check already waiting (or refused). */
function doctorChecked(flag, queued) {
  if (queued && queued.state === "pending") return h("div", { class: "doctor-check" }, h("span", { class: "badge" }, waitingText(queued.body)));
  const today = localToday();
  const day = h("input", { type: "date", value: today, min: flag.date, max: today, "aria-label": t("Day a doctor checked it") });
  // A refusal names its field: said with the words of this form, never the API's field name.
  const names = { checked_on: t("Day a doctor checked it"), code: t("Warning sign"), date: t("Date"), entry: t("Entry"), note: t("Note") };
  const problems = h("div", {}, queued ? errorList(queued.errors || {}, names) : null);
  const button = h("button", { type: "button", onclick: send }, t("A doctor has checked this"));
  const box = h("div", { class: "doctor-check" }, h("label", {}, withElements(t("Checked on {day}"), { day })), button, problems);
  async function send() {
    problems.replaceChildren();
    const body = { code: flag.code, date: flag.date, checked_on: day.value || today };
    if (flag.entry) body.entry = flag.entry;
    button.disabled = true;
    try {
      const response = await api("POST", DOCTOR_CHECK_PATH, body);
      if (!response.ok) {
        problems.replaceChildren(errorList(response.data, names));
        return;
      }
      await discard(doctorCheckId(flag)).catch(() => {}); // an earlier refused try, if any
      const words = reviewedText(response.data);
      box.replaceChildren(h("span", { class: "badge" }, words));
      announce(t("{warning}: {status}.", { warning: flagText(flag.code), status: words }));
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      await queue(doctorCheckId(flag), body, DOCTOR_CHECK_PATH, "POST");
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker.ready.then((reg) => reg.sync && reg.sync.register("outbox")).catch(() => {});
      }
      const words = waitingText(body);
      box.replaceChildren(h("span", { class: "badge" }, words));
      announce(t("{warning}: {status}.", { warning: flagText(flag.code), status: words }));
    } finally {
      button.disabled = false;
    }
  }
  return box;
}

/** How many headaches answered each question behind the signals, and a request for the missing answers. */
function answered(report) {
  const signals = SIGNALS();
  const rows = report.signals.filter((signal) => signals[signal.code] && signals[signal.code][1] && signal.unanswered !== undefined);
  if (!rows.length) return null;
  const episodes = report.window.episodes;
  const missing = rows.filter((signal) => signal.unanswered > 0 && ["neck_onset", "mechanical_trigger"].includes(signal.code));
  const line = (signal) => (signal.unanswered
    ? nt("{question}: {count} of {n} headache answered; {open} left it open or said “not sure”.",
      "{question}: {count} of {n} headaches answered; {open} left it open or said “not sure”.", episodes,
      { count: signal.n, open: signal.unanswered })
    : nt("{question}: {count} of {n} headache answered.", "{question}: {count} of {n} headaches answered.", episodes,
      { count: signal.n }));
  return h("section", { class: "card", "aria-labelledby": "answered-title" },
    h("h2", { id: "answered-title" }, t("Questions your headaches answered")),
    h("ul", {}, rows.map((signal) => h("li", {},
      withElements(line(signal), { question: h("strong", {}, quoted(signals[signal.code][1])) })))),
    missing.length ? h("p", { class: "notice" },
      t("Next time, please also answer {questions} on the Log screen.",
        { questions: formatList(missing.map((signal) => quoted(signals[signal.code][1]))) }), " ",
      t("A missing answer is not read as “no”: until most headaches have it, the diary cannot show whether the neck is involved."))
      : null);
}

function findings(report, byId) {
  const met = report.signals.filter((signal) => signal.met);
  const caps = report.caps.filter((cap) => cap.applied);
  const signals = SIGNALS(), capTexts = CAPS(), differentials = DIFFERENTIALS();
  return [
    met.length ? h("section", { class: "card", "aria-labelledby": "signals-title" },
      h("h2", { id: "signals-title" }, t("What your diary shows")),
      met.map((signal) => {
        const share = shareOf(signal);
        return h("div", {},
          h("h3", {}, `✓ ${(signals[signal.code] || [vocab.label(signal.code)])[0]}`),
          signal.code === "clinical_exam"
            ? evidence(signal.evidence, byId, "exams")
            // The one way every share is said: "In 19 of 20 headaches that answered."
            : h("p", {}, nt("In {count} of {n} headache that answered.", "In {count} of {n} headaches that answered.",
              share.answered, { count: share.count })),
          signal.code === "clinical_exam" ? null : evidence(signal.evidence, byId));
      })) : null,
    caps.length ? h("section", { class: "card", "aria-labelledby": "caps-title" },
      h("h2", { id: "caps-title" }, t("What makes a neck origin less likely")),
      h("ul", {}, caps.map((cap) => h("li", {}, capTexts[cap.code] || vocab.label(cap.code), evidence(cap.evidence, byId))))) : null,
    report.differentials.length ? h("section", { class: "card", "aria-labelledby": "diff-title" },
      h("h2", { id: "diff-title" }, t("Other headache types to mention to a clinician")),
      h("ul", {}, report.differentials.map((d) => h("li", {},
        d.status === "met"
          ? t("{headache_type}: the diary fits its description", { headache_type: differentials[d.code] || vocab.label(d.code) })
          : t("{headache_type}: the diary may be heading that way", { headache_type: differentials[d.code] || vocab.label(d.code) }),
        evidence(d.evidence, byId))))) : null,
  ];
}

/** What the diary needs before a pattern can show, in the server's own figures. */
function notEnough(report) {
  const w = report.window;
  const thresholds = report.thresholds || {};
  const reasons = report.reasons || [];
  const needs = reasons.filter((reason) => REASONS[reason]).map((reason) => REASONS[reason](thresholds));
  const lines = [];
  const freeDay = t("A headache-free day counts as a logged day: tap “No headache” on the Log screen.");
  if (needs.length) {
    lines.push(`${t("To see a pattern, the diary needs {needs}; so far it has {logged} and {headaches}.",
      { needs: formatList(needs), logged: loggedDays(w.logged_days), headaches: headaches(w.episodes) })} ${freeDay}`);
  } else if (!reasons.includes("neck_questions_unanswered")) {
    lines.push(`${t("To see a pattern, the diary needs more logged days and more headaches.")} ${freeDay}`);
  }
  if (reasons.includes("neck_questions_unanswered")) {
    const { neck_onset: onset, mechanical_trigger: trigger } = SIGNALS();
    lines.push(t("Most of your headaches leave {onset} or {trigger} open, so the diary cannot yet show whether the neck "
      + "is involved. Please answer both next time: each is one tap on the Log screen.",
    { onset: quoted(onset[1]), trigger: quoted(trigger[1]) }));
  }
  return h("div", { class: "notice card" }, lines.map((line) => h("p", {}, line)));
}

// --- Charts: bars with their numbers written beside them (never colour alone) ---

function chartSection(id, heading, caption, svgEl, rows, columns) {
  return h("section", { class: "card", "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, heading),
    h("p", { class: "hint" }, caption),
    svgEl,
    // A table is never narrower than its text: hide its wrapper, or it widens the page.
    h("div", { class: "visually-hidden" }, h("table", {}, h("caption", {}, t("{title}: {text}", { title: heading, text: caption })),
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map(([name, value]) => h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, String(value))))))));
}

/** A label in lines of at most `width` characters (SVG text does not wrap by itself). */
function lines(text, width = 20) {
  const out = [""];
  for (const word of text.split(" ")) {
    const last = out.length - 1;
    if (out[last] && (out[last] + " " + word).length > width) out.push(word);
    else out[last] = out[last] ? `${out[last]} ${word}` : word;
  }
  return out;
}

function barChart(id, title, rows) {
  const width = 300, lineHeight = 15, labelWidth = 140, room = width - labelWidth - 30;
  const max = Math.max(1, ...rows.map(([, value]) => value));
  let y = 0;
  const groups = rows.map(([name, value]) => {
    const text = lines(name);
    const height = Math.max(28, text.length * lineHeight + 10);
    const barWidth = (room * value) / max;
    const middle = y + height / 2;
    const group = svg("g", {},
      svg("text", { x: 0, y: middle - ((text.length - 1) * lineHeight) / 2 + 5 },
        text.map((line, i) => svg("tspan", { x: 0, dy: i ? lineHeight : 0 }, line))),
      svg("rect", { class: "bar-fill", x: labelWidth, y: middle - 8, width: barWidth, height: 16, rx: 3 }),
      svg("text", { x: labelWidth + barWidth + 6, y: middle + 5 }, formatNumber(value)));
    y += height;
    return group;
  });
  return svg("svg", { class: "chart", viewBox: `0 0 ${width} ${y}`, role: "img", "aria-labelledby": `${id}-svgtitle` },
    svg("title", { id: `${id}-svgtitle` }, t("{title}: {text}", { title,
      text: formatList(rows.map(([name, value]) => t("{name}: {count}", { name, count: formatNumber(value) })), { type: "unit" }) })),
    groups);
}

const DAY_MS = 86400000;
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS) + 1;

/** Each month's headache days per 30 observed days, as the server counts them (docs/screening.md,
 *  Rates): observed from the diary's first day (the first of the months read) or the month's,
 *  to the month's end or today.
 *  A month without a single entry is "not logged", never 0; fewer than 14 observed days, no rate. */
function monthlyRates(entries, months) {
  const today = localToday();
  const logged = new Set(entries.map((e) => e.date));
  const headache = new Set(entries.filter((e) => e.headache).map((e) => e.date));
  const first = [...logged].sort()[0];
  return months.map((month) => {
    const name = formatMoment(new Date(`${month}-15T12:00:00`), { month: "short" });
    const { first: monthStart, last: monthEnd } = monthBounds(month);
    const from = first > monthStart ? first : monthStart;
    const to = today < monthEnd ? today : monthEnd;
    const observed = first && from <= to ? daysBetween(from, to) : 0;
    const loggedDays = [...logged].filter((date) => date.startsWith(month)).length;
    const days = [...headache].filter((date) => date.startsWith(month)).length;
    if (!loggedDays) return { name, state: "not_logged", text: t("not logged") };
    if (observed < MIN_OBSERVED_DAYS_FOR_RATE) {
      return { name, state: "too_few",
        text: nt("too few days for a rate ({n} day logged)", "too few days for a rate ({n} days logged)", loggedDays) };
    }
    const rate = Math.round((days * 300) / observed) / 10;
    return { name, state: "rate", rate, text: nt("{rate} per 30 days ({logged} of {n} day logged)",
      "{rate} per 30 days ({logged} of {n} days logged)", observed, { rate: formatNumber(rate), logged: loggedDays }) };
  });
}

function monthBounds(month) {
  const [year, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, "0")}` };
}

/** SVG text does not shrink to its box: a line longer than `room` (at about 5.6 units a
 * character of the small 10px text) is drawn narrower to fit, as a long word in a longer
 * language ("eingetragen") would otherwise spill into the next column. */
function squeezed(line, room) {
  return line.length * 5.6 > room ? { textLength: Math.floor(room), lengthAdjust: "spacingAndGlyphs" } : {};
}

/** Columns for the months with a rate; the others say why they have none, in the column's place. */
function rateChart(id, title, months) {
  const width = 300, height = 170, base = 140, top = 20, slot = width / months.length;
  const max = Math.max(1, ...months.filter((m) => m.state === "rate").map((m) => m.rate));
  // Two short lines in the column's place (SVG text does not wrap by itself).
  const note = { not_logged: lines(t("not logged"), 9), too_few: lines(t("too few days"), 9) };
  return svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-svgtitle` },
    svg("title", { id: `${id}-svgtitle` }, t("{title}: {text}", { title,
      text: formatList(months.map((m) => t("{month}: {text}", { month: m.name, text: m.text })), { type: "unit" }) })),
    svg("line", { x1: 0, x2: width, y1: base, y2: base, stroke: "currentColor", "stroke-width": 1 }),
    months.map((month, i) => {
      const x = i * slot + slot * 0.2;
      const middle = x + slot * 0.3;
      const label = svg("text", { x: middle, y: base + 18, "text-anchor": "middle" }, month.name);
      if (month.state !== "rate") {
        return svg("g", { class: "no-rate" },
          svg("rect", { class: "bar-missing", x: i * slot + slot * 0.06, y: base - 36, width: slot * 0.88, height: 36, rx: 3 }),
          svg("text", { x: middle, y: base - 21, "text-anchor": "middle", class: "small" },
            note[month.state].map((line, n) => svg("tspan", { x: middle, dy: n ? 12 : 0, ...squeezed(line, slot * 0.8) }, line))),
          label);
      }
      const barHeight = ((base - top) * month.rate) / max;
      return svg("g", {},
        svg("rect", { class: "bar-fill", x, y: base - barHeight, width: slot * 0.6, height: barHeight, rx: 3 }),
        svg("text", { x: middle, y: base - barHeight - 5, "text-anchor": "middle" }, formatNumber(month.rate)),
        label);
    }));
}

function charts(entries, report) {
  const months = monthsBack(MONTHS);
  const headacheDates = new Set(entries.filter((e) => e.headache).map((e) => e.date));
  const perMonth = monthlyRates(entries, months);
  const windowed = entries.filter((e) => e.headache && e.date >= report.window.from && e.date <= report.window.to);
  // Every headache is counted once: an unanswered question is its own bar, never left out.
  const count = (list, name) => {
    const rows = list.map(([code, text]) => [text, windowed.filter((e) => e[name] === code).length]);
    const open = windowed.filter((e) => !e[name]).length;
    return open ? [...rows, [t("Not answered"), open]] : rows;
  };
  const sides = count(vocab.SIDES, "side");
  const triggers = count(vocab.NECK_TRIGGERS, "neck_trigger");
  const answeredTrigger = windowed.filter((e) => e.neck_trigger && e.neck_trigger !== "unsure").length;
  const last = nt("{n} headache in the last {days} days.", "{n} headaches in the last {days} days.", windowed.length,
    { days: report.window.days });
  const triggerCaption = `${last} ${t("{count} of them answered (“not sure” is not an answer).", { count: answeredTrigger })}`;
  if (!headacheDates.size) {
    return h("p", { class: "card" }, nt("No headaches logged in the last {n} month, so there is nothing to chart yet.",
      "No headaches logged in the last {n} months, so there is nothing to chart yet.", MONTHS));
  }
  const perThirty = t("Headache days per 30 days");
  const monthsCaption = [
    nt("The last {n} month, per 30 days of diary so that a short month compares fairly.",
      "The last {n} months, per 30 days of diary so that a short month compares fairly.", MONTHS),
    t("“Not logged”: no diary that month (not a month without headaches)."),
    nt("Fewer than {n} day of diary: no rate.", "Fewer than {n} days of diary: no rate.", MIN_OBSERVED_DAYS_FOR_RATE),
  ].join(" ");
  return [
    chartSection("months", t("Headache days per 30 days, month by month"), monthsCaption,
      rateChart("months", perThirty, perMonth), perMonth.map((m) => [m.name, m.text]), [t("Month"), perThirty]),
    chartSection("sides", t("Which side"), last, barChart("sides", t("Headaches by side"), sides), sides,
      [t("Side"), t("Headaches")]),
    chartSection("triggers", t("What brought them on"), triggerCaption,
      barChart("triggers", t("Headaches by neck trigger"), triggers), triggers, [t("Trigger"), t("Headaches")]),
  ];
}

export async function render() {
  const from = `${monthsBack(MONTHS)[0]}-01`;
  const [patterns, list, queuedChecks] = await Promise.all([
    get("/api/v1/patterns/?days=90"), entriesBetween(from, localToday()), queuedDoctorChecks()]);
  if (!patterns.ok || !list.ok) {
    return h("section", {}, h("h1", {}, t("Insights")),
      errorList((!patterns.ok ? patterns : list).data || { detail: t("Could not load your insights.") }));
  }
  const report = patterns.data;
  const entries = list.data;
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const w = report.window;
  // Flags a clinician has reviewed stay listed but no longer hold the level (docs/screening.md, Review).
  const flagged = report.red_flags.some((flag) => !flag.reviewed);

  return h("section", {},
    h("h1", {}, t("Insights")),
    h("div", { "data-slot": "treatments" }), // the link to the treatments (slots.js)
    report.red_flags.length ? redFlags(report, queuedChecks) : null,
    h("section", { class: "card notice", "aria-labelledby": "level-title" },
      h("h2", { id: "level-title" }, vocab.textOf(vocab.SCREENING_LEVELS, report.level)),
      flagged ? null : h("p", {}, report.summary),
      h("p", { class: "hint" }, t("From {from} to {to}: {logged}, {headache_days}, {headaches}.", {
        from: formatDate(w.from), to: formatDate(w.to), logged: loggedDays(w.logged_days),
        headache_days: nt("{n} headache day", "{n} headache days", w.headache_days), headaches: headaches(w.episodes) }))),
    report.level === "insufficient_data" ? notEnough(report) : null,
    flagged ? null : findings(report, byId),
    answered(report),
    h("p", { class: "hint" }, flagged || doctorOnly(report)
      ? t("This is not a diagnosis. It shows patterns in your diary to talk through with a doctor.")
      : t("This is not a diagnosis. It shows patterns in your diary to talk through with a doctor or physiotherapist.")),
    charts(entries, report));
}
