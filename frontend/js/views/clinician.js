// Clinician screens: the patient list (#/patients), a patient's pre-visit summary
// (#/patients/<id>?days=90) with the exam form and exports, and the diary
// (#/patients/<id>/entries). Every read is logged for the patient by the server.

import { api, get, NetworkError } from "../api.js";
import { currentLanguage, formatDay, formatNumber, LANGUAGES, nt, t } from "../i18n.js";
import { announce, errorList, field, h, localToday } from "../ui.js";
import { CLINICAL, label } from "../vocabulary.js";
import { barChart, heatmap } from "./clinician-charts.js";
import { programmeSummary } from "./clinician-programme.js";
import { correctButton } from "./record-correct.js";
import { withdrawButton } from "./records.js";

const PERIODS = [30, 90, 180, 365];
const notSharedText = () => t("This patient's diary is no longer shared with you.");

// Clinical wording for codes: the server's table (diary/reports/labels.py, in the reader's
// language), from the vocabulary, and a summary's own copy (`labels`) once one is read. A code
// in neither reads as its plain label, else as its code in words.
let served = CLINICAL; // field -> code -> words
const capital = (text) => text.charAt(0).toLocaleUpperCase(currentLanguage()) + text.slice(1);
// Lower-case a label to sit inside a sentence, keeping "I" and acronyms ("worse when I stand up", "NSAID"),
// and German nouns, which keep their capital inside a sentence.
const inSentence = (text) => (currentLanguage() === "de" || /^(I\b|[A-Z]{2})/.test(text)
  ? text : text.charAt(0).toLocaleLowerCase(currentLanguage()) + text.slice(1));
const term = (code, field = "screening") => {
  if (code === null || code === undefined) return t("Not answered");
  const words = served[field]?.[code] ?? served.screening?.[code] ?? CLINICAL.screening?.[code] ?? label(code);
  return capital(words);
};
const levelText = (level) => (level ? term(level) : t("Not screened yet"));
const examFields = () => ({
  date: t("Examination date"), frt_left_deg: t("FRT left"), frt_right_deg: t("FRT right"),
  block_relief_percent: t("Block relief"), note: t("Note"),
});
const pct = (share) => formatNumber(share, { style: "percent", maximumFractionDigits: 0 });
const decimal = (value) => formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** "Sun 6 Dec" for a day ("YYYY-MM-DD", or the day of a timestamp), in the language in use. */
const day = (iso) => formatDay(String(iso).slice(0, 10), { weekday: "short", day: "numeric", month: "short" });

/** A translated sentence with some {placeholders} standing for elements (a <strong>, a link):
 *  its pieces, in the order the language puts them. */
function sentence(text, values) {
  return text.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    const name = piece.match(/^\{(\w+)\}$/)?.[1];
    return name && name in values ? values[name] : piece;
  });
}

export function render(ctx) {
  const [id, sub] = ctx.params;
  if (!id) return patientList();
  if (!/^\d+$/.test(id)) return notShared();
  if (sub === "programme") return import("./clinician-programme.js").then((module) => module.render(ctx, id, term));
  return sub === "entries" ? diary(id) : summaryPage(ctx, id);
}

function notShared() {
  return h("section", {}, h("h1", {}, t("Patient not available")), h("p", { class: "card" }, notSharedText()),
    h("p", {}, h("a", { href: "#/patients" }, t("Back to your patients"))));
}

// --- The patient list ---------------------------------------------------------------------

const sorts = () => [["red_flags", t("Open red flags first")], ["last_entry", t("Latest entry first")], ["email", t("By email")]];

function patientRow(patient) {
  const flags = patient.red_flags.map((code) => h("span", { class: "badge flag" }, t("Red flag: {flag}", { flag: term(code) })));
  if (patient.open_red_flags > 1) {
    flags.unshift(h("strong", {}, nt("{n} open red flag", "{n} open red flags", patient.open_red_flags)), " ");
  }
  const observed = patient.observed_days_30 ?? 30;
  return h("li", {},
    h("div", {},
      flags.length ? h("p", {}, flags) : null,
      h("a", { href: `#/patients/${patient.id}`, class: "patient" }, patient.email),
      // The summary's one rate over the observed days (none from fewer than 14), so the two screens agree.
      h("p", {}, patient.headache_days_per_30 === null || patient.headache_days_per_30 === undefined
        ? nt("{n} headache day; too few days observed for a rate per 30", "{n} headache days; too few days observed for a rate per 30",
          patient.headache_days_30)
        : t("{rate} headache days per 30 days", { rate: decimal(patient.headache_days_per_30) }),
      " ", h("span", { class: "badge" }, t("Screening: {level}", { level: levelText(patient.screening_level) }))),
      h("p", { class: "hint" },
        patient.last_entry_date ? t("Last entry {date}", { date: day(patient.last_entry_date) }) : t("No entries yet"),
        " · ",
        nt("logged {logged} of {n} day observed ({percent})", "logged {logged} of {n} days observed ({percent})", observed,
          { logged: patient.logged_days_30, percent: pct(patient.completeness_30) }))));
}

async function patientList() {
  const list = h("ul", { class: "list", "aria-label": t("Your patients") });
  const sort = h("select", { name: "sort", onchange: () => refresh() },
    sorts().map(([value, text]) => h("option", { value }, text)));
  async function refresh() {
    const response = await get(`/api/v1/clinician/patients/?sort=${sort.value}`);
    const patients = response.ok ? response.data : [];
    list.replaceChildren(...(patients.length ? patients.map(patientRow)
      : [h("li", {}, t("No patients yet. Ask a patient for a share code from their Sharing screen."))]));
  }
  await refresh();

  const code = h("input", { type: "text", name: "code", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true });
  const problems = h("div", {});
  async function submit(event) {
    event.preventDefault();
    problems.replaceChildren();
    try {
      const response = await api("POST", "/api/v1/clinician/links/", { code: code.value.trim() });
      if (!response.ok) {
        problems.replaceChildren(errorList(response.data, { code: t("Share code") }));
        return;
      }
      code.value = "";
      await refresh();
      if (response.data.already_linked) {
        problems.replaceChildren(h("p", { class: "notice", role: "status" }, response.data.detail));
      } else {
        announce(t("Added {email}.", { email: response.data.email }));
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: t("You seem to be offline. Adding a patient needs the network.") }));
    }
  }

  return h("section", {},
    h("h1", {}, t("Patients")),
    h("p", { class: "hint" }, t("Figures cover the last 30 days. A red flag stays open until a clinician marks it reviewed.")),
    field(t("Sort"), sort),
    h("div", { class: "card" }, list),
    h("form", { class: "card", onsubmit: submit, novalidate: true, "aria-labelledby": "add-patient" },
      h("h2", { id: "add-patient" }, t("Add a patient")),
      field(t("Share code"), code, t("The code the patient reads out to you, for example {code}.", { code: "7KQ2-M9XD-4TPA" })),
      problems,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("Add patient")))));
}

// --- The pre-visit summary ----------------------------------------------------------------

// The files come in the reader's language, or in another one the clinician picks (a patient's
// own, to hand over): each language named in itself, as people look for their own.
const LANGUAGE_NAMES = LANGUAGES.map((code) => {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
  return [code, name.charAt(0).toLocaleUpperCase(code) + name.slice(1)];
});

function exportSection(id, days) {
  const files = () => [["csv", t("Download CSV")], ["pdf", t("Download PDF report (A4)")],
    ["pdf&paper=letter", t("Download PDF report (Letter)")], ["fhir", t("Download FHIR R4 bundle")]];
  const language = h("select", { name: "lang", onchange: () => links.replaceChildren(...linksIn(language.value)) },
    LANGUAGE_NAMES.map(([code, name]) => h("option", { value: code, lang: code, selected: code === currentLanguage() }, name)));
  const linksIn = (lang) => files().map(([format, text]) => h("a", { class: "button", download: true,
    href: `/api/v1/clinician/patients/${id}/export/?format=${format}&days=${days}&lang=${lang}` }, text));
  const links = h("div", { class: "actions" }, linksIn(currentLanguage()));
  return h("section", { class: "card", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, t("Export")),
    field(t("Language of the files"), language, t("The PDF and the CSV headings are written in this language.")),
    links,
    h("p", {}, h("a", { href: `#/patients/${id}/entries` }, t("Read the diary entries"))),
    h("p", {}, h("a", { href: `#/patients/${id}/programme` }, t("Home exercise programme"))));
}

async function summaryPage({ query, navigate, user }, id) {
  const days = PERIODS.includes(Number(query.get("days"))) ? Number(query.get("days")) : 90;
  const flags = h("div", {}); // the overview and the red flags come before anything else
  const content = h("div", {});
  const subtitle = h("p", { class: "hint" });

  async function load() {
    const [summary, patients] = await Promise.all([
      get(`/api/v1/clinician/patients/${id}/summary/?days=${days}`), get("/api/v1/clinician/patients/")]);
    if (summary.status === 404) return false;
    if (!summary.ok) throw new Error(`summary ${summary.status}`);
    const patient = patients.ok ? patients.data.find((p) => String(p.id) === id) : null;
    const { window } = summary.data;
    served = summary.data.labels || CLINICAL;
    const period = nt("{from} to {to} ({n} day)", "{from} to {to} ({n} days)", window.days,
      { from: day(window.from), to: day(window.to) });
    subtitle.textContent = patient ? `${patient.email} · ${period}` : period;
    flags.replaceChildren(overviewBox(summary.data), ...redFlagBox(summary.data.red_flags, id, load));
    // The clinician's own exams get Correct and Withdraw (the server refuses anyone else's).
    const actions = (exam) => user && exam.clinician === user.email
      ? h("div", { class: "actions" }, correctButton(id, "exam", exam, load), withdrawButton(id, "exam", exam.id, load))
      : null;
    content.replaceChildren(...summarySections(summary.data, id, actions));
    return true;
  }
  if (!(await load())) return notShared();

  const periods = h("div", { class: "actions", role: "group", "aria-label": t("Period") }, PERIODS.map((n) =>
    h("button", { type: "button", "aria-pressed": n === days ? "true" : "false",
      onclick: () => navigate(`#/patients/${id}?days=${n}`) }, nt("{n} day", "{n} days", n))));

  return h("section", {},
    h("p", {}, h("a", { href: "#/patients" }, t("All patients"))),
    h("h1", {}, t("Pre-visit summary")),
    subtitle,
    periods,
    flags,
    content,
    exportSection(id, days),
    examForm(id, load),
    h("div", { "data-slot": "treatments" })); // procedures and treatments, on request (slots.js)
}

function overviewBox(s) {
  // The sentences a clinician reads first, as the server words them (and the PDF prints them).
  return h("section", { class: "card", "aria-labelledby": "overview-title" },
    h("h2", { id: "overview-title" }, t("Overview")),
    h("ul", {}, s.overview.map((text) => h("li", {}, text))));
}

function reviewForm(flag, id, reload) {
  const note = h("textarea", { maxlength: 2000, rows: 2 });
  const coversUntil = h("input", { type: "date", min: flag.date });
  const problems = h("div", {});
  const form = h("form", { class: "review", hidden: true, novalidate: true, onsubmit: submit },
    field(t("Note (optional)"), note, t("For example what was done, or why no action is needed.")),
    field(t("Also covers later ticks of this sign until (optional)"), coversUntil,
      t("For one known cause ticked on many days, e.g. one injury: later occurrences up to this date count as reviewed.")),
    problems,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary" }, t("Save review")),
      h("button", { type: "button", onclick: () => { form.hidden = true; open.hidden = false; } }, t("Cancel"))));
  const open = h("button", { type: "button", onclick: () => { form.hidden = false; open.hidden = true; note.focus(); } },
    t("Mark reviewed: {flag}, {date}", { flag: term(flag.code), date: day(flag.date) }));
  async function submit(event) {
    event.preventDefault();
    problems.replaceChildren();
    const body = { code: flag.code, date: flag.date, note: note.value.trim() };
    if (flag.entry) body.entry = flag.entry;
    if (coversUntil.value) body.covers_until = coversUntil.value;
    try {
      const response = await api("POST", `/api/v1/clinician/patients/${id}/red-flag-reviews/`, body);
      if (!response.ok) {
        const names = { note: t("Note (optional)"), covers_until: t("Also covers later ticks of this sign until (optional)") };
        problems.replaceChildren(errorList(response.status === 404 ? { detail: notSharedText() } : response.data, names));
        return;
      }
      await reload();
      announce(t("{flag} of {date} marked reviewed.", { flag: term(flag.code), date: day(flag.date) }));
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: t("You seem to be offline. Marking a red flag reviewed needs the network.") }));
    }
  }
  return [open, form];
}

function redFlagBox(redFlags, id, reload) {
  if (!redFlags.length) return [];
  const open = redFlags.filter((flag) => !flag.reviewed);
  const reviewed = redFlags.filter((flag) => flag.reviewed);
  const when = (flag) => (flag.entry_time
    ? t("{date} at {time}", { date: day(flag.date), time: flag.entry_time }) : day(flag.date));
  const box = [];
  if (open.length) {
    box.push(h("section", { class: "advice", role: "alert", "aria-labelledby": "flags-title" },
      h("h2", { id: "flags-title" }, t("Open red flags ({count})", { count: open.length })),
      h("ul", { class: "list" }, open.map((flag) => h("li", {},
        h("div", {}, sentence(t("{flag} ({urgency}) on {when}", { urgency: term(flag.urgency), when: when(flag) }),
          { flag: h("strong", {}, term(flag.code)) }),
        flag.entry ? "" : h("span", { class: "hint" }, ` · ${t("from the diary pattern or the profile")}`),
        ...reviewForm(flag, id, reload)))))));
  }
  if (reviewed.length) {
    // The patient's own "a doctor has checked this" is their report, never a clinician's review.
    const reviewText = (review) => {
      if (review.role === "patient") {
        return t("the patient reports a doctor checked this on {date}", { date: day(review.checked_on || review.at) });
      }
      return review.covers_until
        ? t("reviewed by {who} on {date}, covering later occurrences until {until}",
          { who: review.by, date: day(review.at), until: day(review.covers_until) })
        : t("reviewed by {who} on {date}", { who: review.by, date: day(review.at) });
    };
    box.push(h("section", { class: "card", "aria-labelledby": "reviewed-title" },
      h("h2", { id: "reviewed-title" }, t("Reviewed red flags")),
      h("ul", { class: "list" }, reviewed.map((flag) => h("li", {},
        h("div", {}, sentence(t("{flag} on {when}: {review}", { when: when(flag), review: reviewText(flag.reviewed) }),
          { flag: h("strong", {}, term(flag.code)) }),
        flag.reviewed.note ? h("p", { class: "hint" }, flag.reviewed.note) : null))))));
  }
  return box;
}

function summarySections(s, id, examActions = () => null) {
  return [
    h("section", { "aria-labelledby": "figures-title" }, h("h2", { id: "figures-title" }, t("Key figures")), keyFigures(s)),
    medicationSection(s),
    screeningSection(s.screening),
    h("section", { "aria-labelledby": "calendar-title" }, h("h2", { id: "calendar-title" }, t("Calendar")), heatmap(s.calendar)),
    patternSection(s),
    examList(s.exams, examActions),
    h("section", { class: "card", "aria-labelledby": "programme-title" },
      h("h2", { id: "programme-title" }, t("Home exercise programme")), ...programmeSummary(s.programme),
      h("p", {}, h("a", { href: `#/patients/${id}/programme` }, t("Adherence week by week, and prescribing")))),
  ];
}

function figure(name, value, note) {
  return h("div", { class: "figure" }, h("div", {}, name), h("div", { class: "value" }, value), note ? h("div", { class: "hint" }, note) : null);
}

function trendText({ direction, previous, comparable, reason }) {
  if (!comparable) {
    return reason === "diary_began_in_window" ? t("No trend: no diary before this period")
      : nt("No trend: only {logged} of the previous {n} day logged", "No trend: only {logged} of the previous {n} days logged",
        previous.days, { logged: previous.logged_days });
  }
  const before = decimal(previous.headache_days_per_30);
  const params = { before };
  if (direction === "up") return nt("↑ Up from {before} in the previous {n} day", "↑ Up from {before} in the previous {n} days", previous.days, params);
  if (direction === "down") return nt("↓ Down from {before} in the previous {n} day", "↓ Down from {before} in the previous {n} days", previous.days, params);
  return nt("Unchanged from {before} in the previous {n} day", "Unchanged from {before} in the previous {n} days", previous.days, params);
}

function keyFigures(s) {
  const adherence = s.reminder_adherence;
  const observed = s.diary_began > s.window.from
    ? t("days observed since {date}", { date: day(s.diary_began) }) : t("days observed");
  return h("div", { class: "figures" },
    figure(t("Logged days"), t("{logged} of {observed}", { logged: s.logged_days, observed: s.observed_days }), observed),
    figure(t("Headache days per 30"), s.headache_days_per_30 === null ? t("too few days observed") : decimal(s.headache_days_per_30),
      trendText(s.trend)),
    figure(t("Headache days"), String(s.headache_days), nt("{n} episode", "{n} episodes", s.episodes)),
    figure(t("Migraine-like days"), String(s.migraine_like_days)),
    figure(t("Severity"), s.severity.n ? t("median {median}, max {max}", { median: formatNumber(s.severity.median), max: s.severity.max })
      : t("none"), nt("0 to 10, over {n} episode", "0 to 10, over {n} episodes", s.severity.n)),
    figure(t("Reminders done"), adherence.delivered ? t("{done} of {sent}", { done: adherence.done, sent: adherence.delivered })
      : t("none sent"), adherence.rate === null ? null : pct(adherence.rate)));
}

function medicationSection(s) {
  const overuse = s.medication_overuse;
  const line = (name, entry) => h("li", {},
    h("span", {}, sentence(nt("{name}: {n} day, {rate} per 30", "{name}: {n} days, {rate} per 30", entry.days,
      { rate: formatNumber(entry.days_per_30) }), { name: h("strong", {}, name) })),
    entry.threshold_per_30 === null ? h("span", { class: "hint" }, t("no overuse threshold"))
      : entry.reached ? h("span", { class: "badge flag" }, t("Threshold {threshold} per 30 reached", { threshold: entry.threshold_per_30 }))
        : h("span", { class: "badge" }, t("below threshold {threshold} per 30", { threshold: entry.threshold_per_30 })));
  const used = Object.entries(s.acute_medication_days).filter(([, n]) => n > 0);
  const threshold = overuse.headache_days_threshold_per_30;
  return h("section", { "aria-labelledby": "medication-title" },
    h("h2", { id: "medication-title" }, t("Acute medication days")),
    h("div", { class: "card" },
      used.length ? h("ul", { class: "list" },
        used.map(([kind]) => line(term(kind, "medication"), overuse.classes[kind])),
        overuse.any_acute.classes_used >= 2 ? line(t("Any acute, classes combined"), overuse.any_acute) : null)
        : h("p", {}, t("No acute medication logged in this period.")),
      h("p", {}, overuse.headache_days_threshold_reached
        ? sentence(t("Headache days threshold for medication overuse: {threshold} per 30, {reached}.", { threshold }),
          { reached: h("strong", {}, t("reached")) })
        : t("Headache days threshold for medication overuse: {threshold} per 30, not reached.", { threshold })),
      overuse.status ? h("p", { class: "badge flag" }, t("Medication overuse (ICHD-3 8.2): {status}", { status: term(overuse.status) })) : null));
}

function evidenceText(signal) {
  // Counts first, and a percentage computed from those very counts.
  if (signal.code === "clinical_exam") {
    return nt("{count} positive of {n} examination", "{count} positive of {n} examinations", signal.n, { count: signal.count });
  }
  const counts = { count: signal.count };
  const text = signal.n
    ? nt("{count} of {n} headache that answered ({percent})", "{count} of {n} headaches that answered ({percent})", signal.n,
      { ...counts, percent: pct(signal.count / signal.n) })
    : nt("{count} of {n} headache that answered", "{count} of {n} headaches that answered", signal.n, counts);
  return signal.unanswered
    ? `${text}; ${nt("{n} left unanswered", "{n} left unanswered", signal.unanswered)}` : text;
}

function screeningSection(report) {
  const caps = report.caps.filter((cap) => cap.applied);
  const entries = (evidence) => nt("{n} entry", "{n} entries", evidence.length);
  return h("section", { "aria-labelledby": "screening-title" },
    h("h2", { id: "screening-title" }, t("Screening")),
    h("div", { class: "card" },
      h("p", { class: "notice" }, h("strong", {}, t("Decision support from the diary, not a diagnosis.")),
        " ", t("ICHD-3 11.2.1 criterion B needs clinical or imaging evidence of a neck disorder.")),
      h("p", {}, sentence(t("Level: {level}"), { level: h("strong", {}, levelText(report.level)) }),
        report.mixed ? ` ${t("(mixed: a neck component beside another headache type)")}` : "",
        report.reasons?.length ? ` (${report.reasons.map((r) => inSentence(term(r))).join("; ")})` : ""),
      h("h3", {}, t("Signals")),
      h("ul", { class: "list" }, report.signals.map((signal) => h("li", {},
        h("span", {}, h("strong", {}, term(signal.code)), ` · ${evidenceText(signal)}`),
        h("span", { class: "badge" }, signal.met ? t("✓ met") : t("not met"))))),
      caps.length ? [h("h3", {}, t("Lowering suspicion")), h("ul", {}, caps.map((cap) =>
        h("li", {}, `${term(cap.code)} (${entries(cap.evidence)})`)))] : null,
      report.differentials.length ? [h("h3", {}, t("Also consider")), h("ul", {}, report.differentials.map((d) =>
        h("li", {}, `${term(d.code)}: ${term(d.status)}${d.band ? `, ${term(d.band)}` : ""} (${entries(d.evidence)})`)))] : null,
      h("h3", {}, t("Summary")),
      report.summary.split("\n").map((line) => h("p", {}, line))));
}

function patternSection(s) {
  const rows = (counts, field, all = false) => Object.entries(counts).filter(([, n]) => all || n > 0)
    .sort((a, b) => (all ? 0 : b[1] - a[1])).map(([code, n]) => [term(code, field), n]);
  return h("section", { "aria-labelledby": "patterns-title" },
    h("h2", { id: "patterns-title" }, t("Patterns")),
    h("p", { class: "hint" }, nt("Counts of the {n} episode where it was recorded.", "Counts of the {n} episodes where it was recorded.", s.episodes)),
    h("div", { class: "charts" },
      barChart({ title: t("Side"), rows: rows(s.side, "side", true), of: s.episodes }),
      barChart({ title: t("Where the pain began"), rows: rows(s.onset_region, "onset_region"), of: s.episodes }),
      barChart({ title: t("Brought on by"), rows: rows(s.neck_trigger, "neck_trigger"), of: s.episodes }),
      barChart({ title: t("Posture at onset"), rows: rows(s.posture, "posture"), of: s.episodes }),
      barChart({ title: t("Quality"), rows: rows(s.quality, "quality"), of: s.episodes }),
      barChart({ title: t("Symptoms"), rows: rows(s.symptoms, "symptoms"), of: s.episodes })));
}

function examList(exams, actions) {
  const finding = (exam) => [
    exam.frt_left_deg !== null ? t("FRT left {degrees}°", { degrees: exam.frt_left_deg }) : null,
    exam.frt_right_deg !== null ? t("FRT right {degrees}°", { degrees: exam.frt_right_deg }) : null,
    exam.block_relief_percent !== null
      ? t("block relief {percent}", { percent: pct(exam.block_relief_percent / 100) }) : null,
  ].filter(Boolean).join(", ");
  return h("section", { "aria-labelledby": "exams-title" },
    h("h2", { id: "exams-title" }, t("Examination records")),
    h("div", { class: "card" }, exams.length ? h("ul", { class: "list" }, exams.map((exam) => h("li", {},
      h("div", {}, h("strong", {}, day(exam.date)), ` · ${finding(exam)}`, exam.note ? h("p", { class: "hint" }, exam.note) : null, actions(exam)))))
      : h("p", {}, t("No examination recorded yet."))));
}

function examForm(id, reload) {
  const number = (max) => h("input", { type: "number", min: 0, max, step: 1, inputmode: "numeric" });
  const date = h("input", { type: "date", value: localToday(), max: localToday(), required: true });
  const left = number(90);
  const right = number(90);
  const relief = number(100);
  const note = h("textarea", { maxlength: 2000 });
  const problems = h("div", {});

  async function submit(event) {
    event.preventDefault();
    problems.replaceChildren();
    const body = { date: date.value, note: note.value.trim() };
    for (const [name, input] of [["frt_left_deg", left], ["frt_right_deg", right], ["block_relief_percent", relief]]) {
      if (input.value !== "") body[name] = Number(input.value);
    }
    try {
      const response = await api("POST", `/api/v1/clinician/patients/${id}/exams/`, body);
      if (!response.ok) {
        // Named as the form's labels, so the reader finds the field.
        problems.replaceChildren(errorList(response.status === 404 ? { detail: notSharedText() } : response.data, examFields()));
        return;
      }
      for (const input of [left, right, relief, note]) input.value = "";
      await reload();
      announce(t("Examination record saved."));
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: t("You seem to be offline. Saving an examination needs the network.") }));
    }
  }

  return h("form", { class: "card", onsubmit: submit, novalidate: true, "aria-labelledby": "exam-title" },
    h("h2", { id: "exam-title" }, t("Record an examination")),
    field(t("Examination date"), date),
    h("div", { class: "row" },
      field(t("FRT left (degrees)"), left, t("Flexion-Rotation Test, 0 to 90")),
      field(t("FRT right (degrees)"), right, t("Flexion-Rotation Test, 0 to 90"))),
    field(t("Block relief (percent)"), relief, t("Pain relief after a diagnostic block, 0 to 100")),
    field(t("Note"), note),
    problems,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("Save examination"))));
}

// --- The diary ----------------------------------------------------------------------------

async function diary(id) {
  const response = await get(`/api/v1/clinician/patients/${id}/entries/`);
  if (response.status === 404) return notShared();
  if (!response.ok) throw new Error(`entries ${response.status}`);
  const words = (code, field) => inSentence(term(code, field));
  const describe = (entry) => (entry.headache
    ? [t("{side}, severity {severity}", { side: term(entry.side, "side"), severity: entry.severity }),
      entry.duration_minutes && (entry.ongoing ? t("{minutes} min, ongoing", { minutes: entry.duration_minutes })
        : t("{minutes} min", { minutes: entry.duration_minutes })),
      entry.onset_region && t("began: {region}", { region: words(entry.onset_region, "onset_region") }),
      entry.quality && t("quality: {quality}", { quality: words(entry.quality, "quality") }),
      entry.neck_trigger && t("brought on by: {trigger}", { trigger: words(entry.neck_trigger, "neck_trigger") }),
      entry.posture && t("posture: {posture}", { posture: words(entry.posture, "posture") }),
      entry.worse_with_activity && t("worse with activity"),
      entry.symptoms?.length && t("symptoms: {symptoms}", { symptoms: entry.symptoms.map((code) => words(code, "symptoms")).join(", ") }),
      entry.medications.length && t("medication: {medications}", { medications: entry.medications.map((m) =>
        t("{name} ({kind}, {relief})", { name: m.name, kind: term(m.kind, "medication"), relief: words(m.relief, "relief") })).join(", ") })]
      .filter(Boolean).join(" · ")
    : t("No headache"));
  // The time as the patient logged it (HH:MM, a 24-hour clock in every language of the diary).
  const time = (entry) => (entry.started_at ? ` ${entry.started_at.slice(0, 5)}` : "");
  return h("section", {},
    h("p", {}, h("a", { href: `#/patients/${id}` }, t("Back to the summary"))),
    h("h1", {}, t("Diary entries")),
    h("p", { class: "hint" }, t("The last year, newest first.")),
    h("div", { class: "card" }, response.data.length ? h("ul", { class: "list" }, response.data.map((entry) => h("li", {},
      h("div", {},
        entry.red_flags.length ? h("p", {}, entry.red_flags.map((code) => h("span", { class: "badge flag" }, t("Red flag: {flag}", { flag: term(code) })))) : null,
        h("strong", {}, `${day(entry.date)}${time(entry)}`), ` · ${describe(entry)}`,
        entry.notes ? h("p", { class: "hint" }, entry.notes) : null))))
      : h("p", {}, t("No entries in the last year."))));
}
