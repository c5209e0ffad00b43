// Clinician screens: the patient list (#/patients), a patient's pre-visit summary
// (#/patients/<id>?days=90) with the exam form and exports, and the diary
// (#/patients/<id>/entries). Every read is logged for the patient by the server.

import { api, get, NetworkError } from "../api.js";
import { announce, errorList, field, formatDate, h, localToday } from "../ui.js";
import { label } from "../vocabulary.js";
import { barChart, heatmap } from "./clinician-charts.js";
import { programmeSummary } from "./clinician-programme.js";
import { correctButton } from "./record-correct.js";
import { withdrawButton } from "./records.js";

const PERIODS = [30, 90, 180, 365];
const NOT_SHARED = "This patient's diary is no longer shared with you.";

// Clinical wording for codes. The summary carries the server's own table (`labels`,
// diary/reports/labels.py) and that wins; this short list covers the patient list,
// which has no summary. Anything in neither reads as its code in words.
const TERMS = {
  thunderclap: "Thunderclap onset", worst_ever: "Worst headache ever", neuro_deficit: "Neurological deficit",
  fever_stiff_neck: "Fever with neck stiffness", after_injury_or_manipulation: "Onset after head or neck injury or manipulation",
  painful_red_eye_vision: "Painful red eye with visual disturbance", worse_standing_better_lying: "Orthostatic (worse upright, better lying)",
  cough_exertion_triggered: "Precipitated by cough, Valsalva or exertion", radicular_or_cord_signs: "Radicular or cord signs",
  giant_cell_arteritis_signs: "Signs of giant cell arteritis", raised_pressure_signs: "Signs of raised intracranial pressure",
  new_after_50: "New headache after 50", systemic_risk: "New headache with systemic risk",
  pattern_change: "Change in pattern (headache days doubled)", new_side_locked: "New side-locked headache",
  urgent_review: "Urgent review", insufficient_data: "Not enough diary to judge", probable: "Probable cervicogenic pattern",
  possible: "Possible cervicogenic pattern", none: "No cervicogenic pattern",
};
let served = {}; // field -> code -> words, from the latest summary
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
// Lower-case a label to sit inside a sentence, keeping "I" and acronyms ("worse when I stand up", "NSAID").
const inSentence = (text) => (/^(I\b|[A-Z]{2})/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1));
const term = (code, field = "screening") => {
  if (code === null || code === undefined) return "Not answered";
  const words = served[field]?.[code] ?? served.screening?.[code] ?? TERMS[code] ?? label(code);
  return capital(words);
};
const levelText = (level) => (level ? term(level) : "Not screened yet");
const EXAM_FIELDS = { date: "Examination date", frt_left_deg: "FRT left", frt_right_deg: "FRT right", block_relief_percent: "Block relief", note: "Note" };
const pct = (share) => `${Math.round(share * 100)}%`;

export function render(ctx) {
  const [id, sub] = ctx.params;
  if (!id) return patientList();
  if (!/^\d+$/.test(id)) return notShared();
  if (sub === "programme") return import("./clinician-programme.js").then((module) => module.render(ctx, id, term));
  return sub === "entries" ? diary(id) : summaryPage(ctx, id);
}

function notShared() {
  return h("section", {}, h("h1", {}, "Patient not available"), h("p", { class: "card" }, NOT_SHARED),
    h("p", {}, h("a", { href: "#/patients" }, "Back to your patients")));
}

// --- The patient list ---------------------------------------------------------------------

const SORTS = [["red_flags", "Open red flags first"], ["last_entry", "Latest entry first"], ["email", "By email"]];

function patientRow(patient) {
  const flags = patient.red_flags.map((code) => h("span", { class: "badge flag" }, `Red flag: ${term(code)}`));
  if (patient.open_red_flags > 1) flags.unshift(h("strong", {}, `${patient.open_red_flags} open red flags `));
  return h("li", {},
    h("div", {},
      flags.length ? h("p", {}, flags) : null,
      h("a", { href: `#/patients/${patient.id}`, class: "patient" }, patient.email),
      // The summary's one rate over the observed days (none from fewer than 14), so the two screens agree.
      h("p", {}, patient.headache_days_per_30 === null || patient.headache_days_per_30 === undefined
        ? `${patient.headache_days_30} headache days; too few days observed for a rate per 30 `
        : `${patient.headache_days_per_30.toFixed(1)} headache days per 30 days `,
        h("span", { class: "badge" }, `Screening: ${levelText(patient.screening_level)}`)),
      h("p", { class: "hint" },
        patient.last_entry_date ? `Last entry ${formatDate(patient.last_entry_date)}` : "No entries yet",
        ` · logged ${patient.logged_days_30} of ${patient.observed_days_30 ?? 30} days observed (${pct(patient.completeness_30)})`)));
}

async function patientList() {
  const list = h("ul", { class: "list", "aria-label": "Your patients" });
  const sort = h("select", { name: "sort", onchange: () => refresh() },
    SORTS.map(([value, text]) => h("option", { value }, text)));
  async function refresh() {
    const response = await get(`/api/v1/clinician/patients/?sort=${sort.value}`);
    const patients = response.ok ? response.data : [];
    list.replaceChildren(...(patients.length ? patients.map(patientRow)
      : [h("li", {}, "No patients yet. Ask a patient for a share code from their Sharing screen.")]));
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
        problems.replaceChildren(errorList(response.data));
        return;
      }
      code.value = "";
      await refresh();
      if (response.data.already_linked) {
        problems.replaceChildren(h("p", { class: "notice", role: "status" }, response.data.detail));
      } else {
        announce(`Added ${response.data.email}.`);
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: "You seem to be offline. Adding a patient needs the network." }));
    }
  }

  return h("section", {},
    h("h1", {}, "Patients"),
    h("p", { class: "hint" }, "Figures cover the last 30 days. A red flag stays open until a clinician marks it reviewed."),
    field("Sort", sort),
    h("div", { class: "card" }, list),
    h("form", { class: "card", onsubmit: submit, novalidate: true, "aria-labelledby": "add-patient" },
      h("h2", { id: "add-patient" }, "Add a patient"),
      field("Share code", code, "The code the patient reads out to you, for example 7KQ2-M9XD-4TPA."),
      problems,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Add patient"))));
}

// --- The pre-visit summary ----------------------------------------------------------------

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
    served = summary.data.labels || {};
    subtitle.textContent = `${patient ? `${patient.email} · ` : ""}${formatDate(window.from)} to ${formatDate(window.to)} (${window.days} days)`;
    flags.replaceChildren(overviewBox(summary.data), ...redFlagBox(summary.data.red_flags, id, load));
    // The clinician's own exams get Correct and Withdraw (the server refuses anyone else's).
    const actions = (exam) => user && exam.clinician === user.email
      ? h("div", { class: "actions" }, correctButton(id, "exam", exam, load), withdrawButton(id, "exam", exam.id, load))
      : null;
    content.replaceChildren(...summarySections(summary.data, id, actions));
    return true;
  }
  if (!(await load())) return notShared();

  const periods = h("div", { class: "actions", role: "group", "aria-label": "Period" }, PERIODS.map((n) =>
    h("button", { type: "button", "aria-pressed": n === days ? "true" : "false",
      onclick: () => navigate(`#/patients/${id}?days=${n}`) }, `${n} days`)));
  const exports = [["csv", "CSV"], ["pdf", "PDF report (A4)"], ["pdf&paper=letter", "PDF report (Letter)"], ["fhir", "FHIR R4 bundle"]]
    .map(([format, text]) => h("a", { class: "button", download: true,
      href: `/api/v1/clinician/patients/${id}/export/?format=${format}&days=${days}` }, `Download ${text}`));

  return h("section", {},
    h("p", {}, h("a", { href: "#/patients" }, "All patients")),
    h("h1", {}, "Pre-visit summary"),
    subtitle,
    periods,
    flags,
    content,
    h("section", { class: "card", "aria-labelledby": "export-title" },
      h("h2", { id: "export-title" }, "Export"), h("div", { class: "actions" }, exports),
      h("p", {}, h("a", { href: `#/patients/${id}/entries` }, "Read the diary entries")),
      h("p", {}, h("a", { href: `#/patients/${id}/programme` }, "Home exercise programme"))),
    examForm(id, load));
}

function overviewBox(s) {
  // The sentences a clinician reads first, as the server words them (and the PDF prints them).
  return h("section", { class: "card", "aria-labelledby": "overview-title" },
    h("h2", { id: "overview-title" }, "Overview"),
    h("ul", {}, s.overview.map((sentence) => h("li", {}, sentence))));
}

function reviewForm(flag, id, reload) {
  const note = h("textarea", { maxlength: 2000, rows: 2 });
  const coversUntil = h("input", { type: "date", min: flag.date });
  const problems = h("div", {});
  const form = h("form", { class: "review", hidden: true, novalidate: true, onsubmit: submit },
    field("Note (optional)", note, "For example what was done, or why no action is needed."),
    field("Also covers later ticks of this sign until (optional)", coversUntil,
      "For one known cause ticked on many days, e.g. one injury: later occurrences up to this date count as reviewed."),
    problems,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary" }, "Save review"),
      h("button", { type: "button", onclick: () => { form.hidden = true; open.hidden = false; } }, "Cancel")));
  const open = h("button", { type: "button", onclick: () => { form.hidden = false; open.hidden = true; note.focus(); } },
    `Mark reviewed: ${term(flag.code)}, ${formatDate(flag.date)}`);
  async function submit(event) {
    event.preventDefault();
    problems.replaceChildren();
    const body = { code: flag.code, date: flag.date, note: note.value.trim() };
    if (flag.entry) body.entry = flag.entry;
    if (coversUntil.value) body.covers_until = coversUntil.value;
    try {
      const response = await api("POST", `/api/v1/clinician/patients/${id}/red-flag-reviews/`, body);
      if (!response.ok) {
        problems.replaceChildren(errorList(response.status === 404 ? { detail: NOT_SHARED } : response.data));
        return;
      }
      await reload();
      announce(`${term(flag.code)} of ${formatDate(flag.date)} marked reviewed.`);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: "You seem to be offline. Marking a red flag reviewed needs the network." }));
    }
  }
  return [open, form];
}

function redFlagBox(redFlags, id, reload) {
  if (!redFlags.length) return [];
  const open = redFlags.filter((flag) => !flag.reviewed);
  const reviewed = redFlags.filter((flag) => flag.reviewed);
  const when = (flag) => `${formatDate(flag.date)}${flag.entry_time ? ` at ${flag.entry_time}` : ""}`;
  const box = [];
  if (open.length) {
    box.push(h("section", { class: "advice", role: "alert", "aria-labelledby": "flags-title" },
      h("h2", { id: "flags-title" }, `Open red flags (${open.length})`),
      h("ul", { class: "list" }, open.map((flag) => h("li", {},
        h("div", {}, h("strong", {}, term(flag.code)), ` (${term(flag.urgency)}) on ${when(flag)}`,
          flag.entry ? "" : h("span", { class: "hint" }, " · from the diary pattern or the profile"),
          ...reviewForm(flag, id, reload)))))));
  }
  if (reviewed.length) {
    // The patient's own "a doctor has checked this" is their report, never a clinician's review.
    const reviewText = (review) => (review.role === "patient"
      ? `the patient reports a doctor checked this on ${formatDate(String(review.checked_on || review.at).slice(0, 10))}`
      : `reviewed by ${review.by} on ${formatDate(review.at.slice(0, 10))}`
        + (review.covers_until ? `, covering later occurrences until ${formatDate(review.covers_until)}` : ""));
    box.push(h("section", { class: "card", "aria-labelledby": "reviewed-title" },
      h("h2", { id: "reviewed-title" }, "Reviewed red flags"),
      h("ul", { class: "list" }, reviewed.map((flag) => h("li", {},
        h("div", {}, h("strong", {}, term(flag.code)), ` on ${when(flag)}: ${reviewText(flag.reviewed)}`,
          flag.reviewed.note ? h("p", { class: "hint" }, flag.reviewed.note) : null))))));
  }
  return box;
}

function summarySections(s, id, examActions = () => null) {
  return [
    h("section", { "aria-labelledby": "figures-title" }, h("h2", { id: "figures-title" }, "Key figures"), keyFigures(s)),
    medicationSection(s),
    screeningSection(s.screening),
    h("section", { "aria-labelledby": "calendar-title" }, h("h2", { id: "calendar-title" }, "Calendar"), heatmap(s.calendar)),
    patternSection(s),
    examList(s.exams, examActions),
    h("section", { class: "card", "aria-labelledby": "programme-title" },
      h("h2", { id: "programme-title" }, "Home exercise programme"), ...programmeSummary(s.programme),
      h("p", {}, h("a", { href: `#/patients/${id}/programme` }, "Adherence week by week, and prescribing"))),
  ];
}

function figure(name, value, note) {
  return h("div", { class: "figure" }, h("div", {}, name), h("div", { class: "value" }, value), note ? h("div", { class: "hint" }, note) : null);
}

function trendText({ direction, previous, comparable, reason }) {
  if (!comparable) {
    return reason === "diary_began_in_window" ? "No trend: no diary before this period"
      : `No trend: only ${previous.logged_days} of the previous ${previous.days} days logged`;
  }
  const before = previous.headache_days_per_30.toFixed(1);
  return { up: `↑ Up from ${before}`, down: `↓ Down from ${before}`, same: `Unchanged from ${before}` }[direction]
    + ` in the previous ${previous.days} days`;
}

function keyFigures(s) {
  const adherence = s.reminder_adherence;
  return h("div", { class: "figures" },
    figure("Logged days", `${s.logged_days} of ${s.observed_days}`, `days observed${s.diary_began > s.window.from ? ` since ${formatDate(s.diary_began)}` : ""}`),
    figure("Headache days per 30", s.headache_days_per_30 === null ? "too few days observed" : s.headache_days_per_30.toFixed(1), trendText(s.trend)),
    figure("Headache days", String(s.headache_days), `${s.episodes} episodes`),
    figure("Migraine-like days", String(s.migraine_like_days)),
    figure("Severity", s.severity.n ? `median ${s.severity.median}, max ${s.severity.max}` : "none", `0 to 10, over ${s.severity.n} episodes`),
    figure("Reminders done", adherence.delivered ? `${adherence.done} of ${adherence.delivered}` : "none sent",
      adherence.rate === null ? null : pct(adherence.rate)));
}

function medicationSection(s) {
  const overuse = s.medication_overuse;
  const line = (name, entry) => h("li", {},
    h("span", {}, h("strong", {}, name), `: ${entry.days} days, ${entry.days_per_30} per 30`),
    entry.threshold_per_30 === null ? h("span", { class: "hint" }, "no overuse threshold")
      : entry.reached ? h("span", { class: "badge flag" }, `Threshold ${entry.threshold_per_30} per 30 reached`)
        : h("span", { class: "badge" }, `below threshold ${entry.threshold_per_30} per 30`));
  const used = Object.entries(s.acute_medication_days).filter(([, n]) => n > 0);
  return h("section", { "aria-labelledby": "medication-title" },
    h("h2", { id: "medication-title" }, "Acute medication days"),
    h("div", { class: "card" },
      used.length ? h("ul", { class: "list" },
        used.map(([kind]) => line(term(kind, "medication"), overuse.classes[kind])),
        overuse.any_acute.classes_used >= 2 ? line("Any acute, classes combined", overuse.any_acute) : null)
        : h("p", {}, "No acute medication logged in this period."),
      h("p", {}, `Headache days threshold for medication overuse: ${overuse.headache_days_threshold_per_30} per 30, `,
        overuse.headache_days_threshold_reached ? h("strong", {}, "reached") : "not reached", "."),
      overuse.status ? h("p", { class: "badge flag" }, `Medication overuse (ICHD-3 8.2): ${term(overuse.status)}`) : null));
}

function evidenceText(signal) {
  // Counts first, and a percentage computed from those very counts.
  if (signal.code === "clinical_exam") return `${signal.count} positive of ${signal.n} examinations`;
  const share = signal.n ? ` (${Math.round((signal.count * 100) / signal.n)}%)` : "";
  const open = signal.unanswered ? `; ${signal.unanswered} left unanswered` : "";
  return `${signal.count} of ${signal.n} headaches that answered${share}${open}`;
}

function screeningSection(report) {
  const caps = report.caps.filter((cap) => cap.applied);
  return h("section", { "aria-labelledby": "screening-title" },
    h("h2", { id: "screening-title" }, "Screening"),
    h("div", { class: "card" },
      h("p", { class: "notice" }, h("strong", {}, "Decision support from the diary, not a diagnosis."),
        " ICHD-3 11.2.1 criterion B needs clinical or imaging evidence of a neck disorder."),
      h("p", {}, "Level: ", h("strong", {}, levelText(report.level)), report.mixed ? " (mixed: a neck component beside another headache type)" : "",
        report.reasons?.length ? ` (${report.reasons.map((r) => inSentence(term(r))).join("; ")})` : ""),
      h("h3", {}, "Signals"),
      h("ul", { class: "list" }, report.signals.map((signal) => h("li", {},
        h("span", {}, h("strong", {}, term(signal.code)), ` · ${evidenceText(signal)}`),
        h("span", { class: "badge" }, signal.met ? "✓ met" : "not met")))),
      caps.length ? [h("h3", {}, "Lowering suspicion"), h("ul", {}, caps.map((cap) =>
        h("li", {}, `${term(cap.code)} (${cap.evidence.length} entries)`)))] : null,
      report.differentials.length ? [h("h3", {}, "Also consider"), h("ul", {}, report.differentials.map((d) =>
        h("li", {}, `${term(d.code)}: ${term(d.status)}${d.band ? `, ${term(d.band)}` : ""} (${d.evidence.length} entries)`)))] : null,
      h("h3", {}, "Summary"),
      report.summary.split("\n").map((line) => h("p", {}, line))));
}

function patternSection(s) {
  const rows = (counts, field, all = false) => Object.entries(counts).filter(([, n]) => all || n > 0)
    .sort((a, b) => (all ? 0 : b[1] - a[1])).map(([code, n]) => [term(code, field), n]);
  return h("section", { "aria-labelledby": "patterns-title" },
    h("h2", { id: "patterns-title" }, "Patterns"),
    h("p", { class: "hint" }, `Counts of the ${s.episodes} episodes where it was recorded.`),
    h("div", { class: "charts" },
      barChart({ title: "Side", rows: rows(s.side, "side", true), of: s.episodes }),
      barChart({ title: "Where the pain began", rows: rows(s.onset_region, "onset_region"), of: s.episodes }),
      barChart({ title: "Brought on by", rows: rows(s.neck_trigger, "neck_trigger"), of: s.episodes }),
      barChart({ title: "Posture at onset", rows: rows(s.posture, "posture"), of: s.episodes }),
      barChart({ title: "Quality", rows: rows(s.quality, "quality"), of: s.episodes }),
      barChart({ title: "Symptoms", rows: rows(s.symptoms, "symptoms"), of: s.episodes })));
}

function examList(exams, actions) {
  const finding = (exam) => [
    exam.frt_left_deg !== null ? `FRT left ${exam.frt_left_deg}°` : null,
    exam.frt_right_deg !== null ? `FRT right ${exam.frt_right_deg}°` : null,
    exam.block_relief_percent !== null ? `block relief ${exam.block_relief_percent}%` : null,
  ].filter(Boolean).join(", ");
  return h("section", { "aria-labelledby": "exams-title" },
    h("h2", { id: "exams-title" }, "Examination records"),
    h("div", { class: "card" }, exams.length ? h("ul", { class: "list" }, exams.map((exam) => h("li", {},
      h("div", {}, h("strong", {}, formatDate(exam.date)), ` · ${finding(exam)}`, exam.note ? h("p", { class: "hint" }, exam.note) : null, actions(exam)))))
      : h("p", {}, "No examination recorded yet.")));
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
        const errors = Object.fromEntries(Object.entries(response.data || {}).map(([name, why]) => [EXAM_FIELDS[name] || name, why]));
        problems.replaceChildren(errorList(response.status === 404 ? { detail: NOT_SHARED } : errors));
        return;
      }
      for (const input of [left, right, relief, note]) input.value = "";
      await reload();
      announce("Examination record saved.");
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: "You seem to be offline. Saving an examination needs the network." }));
    }
  }

  return h("form", { class: "card", onsubmit: submit, novalidate: true, "aria-labelledby": "exam-title" },
    h("h2", { id: "exam-title" }, "Record an examination"),
    field("Examination date", date),
    h("div", { class: "row" },
      field("FRT left (degrees)", left, "Flexion-Rotation Test, 0 to 90"),
      field("FRT right (degrees)", right, "Flexion-Rotation Test, 0 to 90")),
    field("Block relief (percent)", relief, "Pain relief after a diagnostic block, 0 to 100"),
    field("Note", note),
    problems,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save examination")));
}

// --- The diary ----------------------------------------------------------------------------

async function diary(id) {
  const response = await get(`/api/v1/clinician/patients/${id}/entries/`);
  if (response.status === 404) return notShared();
  if (!response.ok) throw new Error(`entries ${response.status}`);
  const describe = (entry) => (entry.headache
    ? [`${term(entry.side, "side")}, severity ${entry.severity}`,
      entry.duration_minutes && `${entry.duration_minutes} min${entry.ongoing ? ", ongoing" : ""}`,
      entry.onset_region && `began: ${inSentence(term(entry.onset_region, "onset_region"))}`,
      entry.quality && `quality: ${inSentence(term(entry.quality, "quality"))}`,
      entry.neck_trigger && `brought on by: ${inSentence(term(entry.neck_trigger, "neck_trigger"))}`,
      entry.posture && `posture: ${inSentence(term(entry.posture, "posture"))}`,
      entry.worse_with_activity && "worse with activity",
      entry.symptoms?.length && `symptoms: ${entry.symptoms.map((code) => inSentence(term(code, "symptoms"))).join(", ")}`,
      entry.medications.length && `medication: ${entry.medications.map((m) => `${m.name} (${term(m.kind, "medication")}, ${inSentence(term(m.relief, "relief"))})`).join(", ")}`]
      .filter(Boolean).join(" · ")
    : "No headache");
  const time = (entry) => (entry.started_at ? ` ${entry.started_at.slice(0, 5)}` : "");
  return h("section", {},
    h("p", {}, h("a", { href: `#/patients/${id}` }, "Back to the summary")),
    h("h1", {}, "Diary entries"),
    h("p", { class: "hint" }, "The last year, newest first."),
    h("div", { class: "card" }, response.data.length ? h("ul", { class: "list" }, response.data.map((entry) => h("li", {},
      h("div", {},
        entry.red_flags.length ? h("p", {}, entry.red_flags.map((code) => h("span", { class: "badge flag" }, `Red flag: ${term(code)}`))) : null,
        h("strong", {}, `${formatDate(entry.date)}${time(entry)}`), ` · ${describe(entry)}`,
        entry.notes ? h("p", { class: "hint" }, entry.notes) : null))))
      : h("p", {}, "No entries in the last year.")));
}
