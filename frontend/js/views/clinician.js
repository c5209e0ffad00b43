// Clinician screens: the patient list (#/patients), a patient's pre-visit summary
// (#/patients/<id>?days=90) with the exam form and exports, and the diary
// (#/patients/<id>/entries). Every read is logged for the patient by the server.

import { api, get, NetworkError } from "../api.js";
import { announce, errorList, field, formatDate, h, label, localToday } from "../ui.js";
import { barChart, heatmap } from "./clinician-charts.js";

const PERIODS = [30, 90, 180, 365];
const NOT_SHARED = "This patient's diary is no longer shared with you.";

// Clinical wording for the diary's codes; anything not here reads as its code in words.
const TERMS = {
  left: "Left", right: "Right", both: "Both sides",
  desk_screen: "Desk or screen", phone_looking_down: "Phone, looking down", lying_sleep: "Lying or asleep",
  overhead_work: "Overhead work", none: "None noticed", sustained_posture: "Sustained posture",
  shoulder_arm_pain: "Same-side shoulder or arm pain", reduced_neck_motion: "Reduced neck motion",
  tearing_red_eye: "Tearing or red eye", eyelid_droop_swelling: "Eyelid droop or swelling",
  nsaid: "NSAID", ipsilateral_neck_arm_pain: "Same-side neck or arm pain",
  thunderclap: "Thunderclap onset or worst ever", neuro_deficit: "Neurological deficit",
  fever_stiff_neck: "Fever with stiff neck", after_injury_or_manipulation: "After injury or neck manipulation",
  painful_red_eye_vision: "Painful red eye with blurred vision", worse_standing_better_lying: "Worse standing, better lying",
  cough_exertion_triggered: "Cough or exertion triggered", new_after_50: "New headache after 50",
  pattern_change: "Pattern change (headache days doubled)", new_side_locked: "New side-locked headache",
  urgent_review: "Urgent review", insufficient_data: "Not enough data", probable: "Probable cervicogenic pattern",
  possible: "Possible cervicogenic pattern",
};
const term = (code) => TERMS[code] || (label(code).charAt(0).toUpperCase() + label(code).slice(1));
const levelText = (level) => (level ? (level === "none" ? "No cervicogenic pattern" : term(level)) : "Not screened yet");
const EXAM_FIELDS = { date: "Examination date", frt_left_deg: "FRT left", frt_right_deg: "FRT right", block_relief_percent: "Block relief", note: "Note" };
const pct = (share) => `${Math.round(share * 100)}%`;

export function render(ctx) {
  const [id, sub] = ctx.params;
  if (!id) return patientList();
  if (!/^\d+$/.test(id)) return notShared();
  if (sub === "programme") return import("./clinician-programme.js").then((module) => module.render(ctx, id));
  return sub === "entries" ? diary(id) : summaryPage(ctx, id);
}

function notShared() {
  return h("section", {}, h("h1", {}, "Patient not available"), h("p", { class: "card" }, NOT_SHARED),
    h("p", {}, h("a", { href: "#/patients" }, "Back to your patients")));
}

// --- The patient list ---------------------------------------------------------------------

function patientRow(patient) {
  const flags = patient.red_flags.map((code) => h("span", { class: "badge flag" }, `Red flag: ${term(code)}`));
  return h("li", {},
    h("div", {},
      flags.length ? h("p", {}, flags) : null,
      h("a", { href: `#/patients/${patient.id}`, class: "patient" }, patient.email),
      h("p", {}, `${patient.headache_days_30} headache days in the last 30 days `,
        h("span", { class: "badge" }, `Screening: ${levelText(patient.screening_level)}`)),
      h("p", { class: "hint" },
        patient.last_entry_date ? `Last entry ${formatDate(patient.last_entry_date)}` : "No entries yet",
        ` · logged ${patient.logged_days_30} of 30 days (${pct(patient.completeness_30)})`)));
}

async function patientList() {
  const list = h("ul", { class: "list", "aria-label": "Your patients" });
  async function refresh() {
    const response = await get("/api/v1/clinician/patients/");
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
      announce(`Added ${response.data.email}.`);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      problems.replaceChildren(errorList({ detail: "You seem to be offline. Adding a patient needs the network." }));
    }
  }

  return h("section", {},
    h("h1", {}, "Patients"),
    h("p", { class: "hint" }, "Red flags first. Figures cover the last 30 days."),
    h("div", { class: "card" }, list),
    h("form", { class: "card", onsubmit: submit, novalidate: true, "aria-labelledby": "add-patient" },
      h("h2", { id: "add-patient" }, "Add a patient"),
      field("Share code", code, "The code the patient reads out to you, for example 7KQ2-M9XD-4TPA."),
      problems,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Add patient"))));
}

// --- The pre-visit summary ----------------------------------------------------------------

async function summaryPage({ query, navigate }, id) {
  const days = PERIODS.includes(Number(query.get("days"))) ? Number(query.get("days")) : 90;
  const flags = h("div", {}); // red flags come before anything else
  const content = h("div", {});
  const subtitle = h("p", { class: "hint" });

  async function load() {
    const [summary, patients] = await Promise.all([
      get(`/api/v1/clinician/patients/${id}/summary/?days=${days}`), get("/api/v1/clinician/patients/")]);
    if (summary.status === 404) return false;
    if (!summary.ok) throw new Error(`summary ${summary.status}`);
    const patient = patients.ok ? patients.data.find((p) => String(p.id) === id) : null;
    const { window } = summary.data;
    subtitle.textContent = `${patient ? `${patient.email} · ` : ""}${formatDate(window.from)} to ${formatDate(window.to)} (${window.days} days)`;
    flags.replaceChildren(...redFlagBox(summary.data.screening.red_flags));
    content.replaceChildren(...summarySections(summary.data));
    return true;
  }
  if (!(await load())) return notShared();

  const periods = h("div", { class: "actions", role: "group", "aria-label": "Period" }, PERIODS.map((n) =>
    h("button", { type: "button", "aria-pressed": n === days ? "true" : "false",
      onclick: () => navigate(`#/patients/${id}?days=${n}`) }, `${n} days`)));
  const exports = [["csv", "CSV"], ["pdf", "PDF report"], ["fhir", "FHIR R4 bundle"]].map(([format, text]) =>
    h("a", { class: "button", href: `/api/v1/clinician/patients/${id}/export/?format=${format}`, download: true }, `Download ${text}`));

  return h("section", {},
    h("p", {}, h("a", { href: "#/patients" }, "All patients")),
    h("h1", {}, "Pre-visit summary"),
    subtitle,
    flags,
    periods,
    content,
    h("section", { class: "card", "aria-labelledby": "export-title" },
      h("h2", { id: "export-title" }, "Export"), h("div", { class: "actions" }, exports),
      h("p", {}, h("a", { href: `#/patients/${id}/entries` }, "Read the diary entries")),
      h("p", {}, h("a", { href: `#/patients/${id}/programme` }, "Home exercise programme"))),
    examForm(id, load));
}

function redFlagBox(redFlags) {
  if (!redFlags.length) return [];
  return [h("section", { class: "advice", role: "alert", "aria-labelledby": "flags-title" },
    h("h2", { id: "flags-title" }, "Red flags"),
    h("ul", {}, redFlags.map((flag) => h("li", {},
      h("strong", {}, term(flag.code)), ` (${flag.urgency}) on ${formatDate(flag.date)}`))))];
}

function summarySections(s) {
  return [
    h("section", { "aria-labelledby": "figures-title" }, h("h2", { id: "figures-title" }, "Key figures"), keyFigures(s)),
    medicationSection(s),
    screeningSection(s.screening),
    h("section", { "aria-labelledby": "calendar-title" }, h("h2", { id: "calendar-title" }, "Calendar"), heatmap(s.calendar)),
    patternSection(s),
    examList(s.exams),
  ];
}

function figure(name, value, note) {
  return h("div", { class: "figure" }, h("div", {}, name), h("div", { class: "value" }, value), note ? h("div", { class: "hint" }, note) : null);
}

function trendText({ direction, change_per_30: change, previous, comparable }) {
  const words = direction === "same" ? "No change" : `${direction === "up" ? "↑ Up" : "↓ Down"} ${Math.abs(change).toFixed(1)}`;
  const text = `${words} from ${previous.headache_days_per_30.toFixed(1)} in the previous ${previous.days} days`;
  return comparable ? text : `${text} (only ${previous.logged_days} days logged then: not comparable)`;
}

function keyFigures(s) {
  const adherence = s.reminder_adherence;
  return h("div", { class: "figures" },
    figure("Logged days", `${s.logged_days} of ${s.window.days}`, `${pct(s.completeness)} complete`),
    figure("Headache days per 30", s.headache_days_per_30.toFixed(1), trendText(s.trend)),
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
        used.map(([kind]) => line(term(kind), overuse.classes[kind])),
        overuse.any_acute.classes_used >= 2 ? line("Any acute, classes combined", overuse.any_acute) : null)
        : h("p", {}, "No acute medication logged in this period."),
      h("p", {}, `Headache days threshold for medication overuse: ${overuse.headache_days_threshold_per_30} per 30, `,
        overuse.headache_days_threshold_reached ? h("strong", {}, "reached") : "not reached", "."),
      overuse.suspected ? h("p", { class: "badge flag" }, "Medication overuse suspected in this period") : null));
}

function evidenceText(signal) {
  const unit = signal.code === "clinical_exam" ? "exam records" : "episodes";
  const share = signal.value === null ? "" : `${pct(signal.value)} against ${pct(signal.threshold)}; `;
  return `${share}${signal.n} of ${signal.of} ${unit}`;
}

function screeningSection(report) {
  const caps = report.caps.filter((cap) => cap.applied);
  return h("section", { "aria-labelledby": "screening-title" },
    h("h2", { id: "screening-title" }, "Screening"),
    h("div", { class: "card" },
      h("p", { class: "notice" }, h("strong", {}, "Decision support from the diary, not a diagnosis."),
        " ICHD-3 11.2.1 criterion B needs clinical or imaging evidence of a neck disorder."),
      h("p", {}, "Level: ", h("strong", {}, levelText(report.level)), report.mixed ? " (mixed: a neck component beside another headache type)" : ""),
      h("h3", {}, "Signals"),
      h("ul", { class: "list" }, report.signals.map((signal) => h("li", {},
        h("span", {}, h("strong", {}, term(signal.code)), ` · ${evidenceText(signal)}`),
        h("span", { class: "badge" }, signal.met ? "✓ met" : "not met")))),
      caps.length ? [h("h3", {}, "Lowering suspicion"), h("ul", {}, caps.map((cap) =>
        h("li", {}, `${term(cap.code)} (${cap.evidence.length} entries)`)))] : null,
      report.differentials.length ? [h("h3", {}, "Differentials"), h("ul", {}, report.differentials.map((d) =>
        h("li", {}, `${term(d.code)}: ${label(d.status)}${d.band ? `, ${d.band}` : ""} (${d.evidence.length} entries)`)))] : null,
      h("h3", {}, "Summary"),
      report.summary.split("\n").map((line) => h("p", {}, line))));
}

function patternSection(s) {
  const rows = (counts, all = false) => Object.entries(counts).filter(([, n]) => all || n > 0)
    .sort((a, b) => (all ? 0 : b[1] - a[1])).map(([code, n]) => [term(code), n]);
  return h("section", { "aria-labelledby": "patterns-title" },
    h("h2", { id: "patterns-title" }, "Patterns"),
    h("p", { class: "hint" }, `Counts of the ${s.episodes} episodes where it was recorded.`),
    h("div", { class: "charts" },
      barChart({ title: "Side", rows: rows(s.side, true), of: s.episodes }),
      barChart({ title: "Where the pain began", rows: rows(s.onset_region), of: s.episodes }),
      barChart({ title: "Neck triggers", rows: rows(s.neck_trigger), of: s.episodes }),
      barChart({ title: "Posture at onset", rows: rows(s.posture), of: s.episodes }),
      barChart({ title: "Symptoms", rows: rows(s.symptoms), of: s.episodes })));
}

function examList(exams) {
  const finding = (exam) => [
    exam.frt_left_deg !== null ? `FRT left ${exam.frt_left_deg}°` : null,
    exam.frt_right_deg !== null ? `FRT right ${exam.frt_right_deg}°` : null,
    exam.block_relief_percent !== null ? `block relief ${exam.block_relief_percent}%` : null,
  ].filter(Boolean).join(", ");
  return h("section", { "aria-labelledby": "exams-title" },
    h("h2", { id: "exams-title" }, "Examination records"),
    h("div", { class: "card" }, exams.length ? h("ul", { class: "list" }, exams.map((exam) => h("li", {},
      h("div", {}, h("strong", {}, formatDate(exam.date)), ` · ${finding(exam)}`, exam.note ? h("p", { class: "hint" }, exam.note) : null))))
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
    ? [`${term(entry.side)}, severity ${entry.severity}`, entry.onset_region && `began: ${term(entry.onset_region)}`,
      entry.neck_trigger && `trigger: ${term(entry.neck_trigger)}`, entry.posture && `posture: ${term(entry.posture)}`,
      entry.symptoms.length && `symptoms: ${entry.symptoms.map(term).join(", ").toLowerCase()}`,
      entry.medications.length && `medication: ${entry.medications.map((m) => `${m.name} (${term(m.kind)}, relief ${label(m.relief)})`).join(", ")}`]
      .filter(Boolean).join(" · ")
    : "No headache");
  return h("section", {},
    h("p", {}, h("a", { href: `#/patients/${id}` }, "Back to the summary")),
    h("h1", {}, "Diary entries"),
    h("p", { class: "hint" }, "The last year, newest first."),
    h("div", { class: "card" }, response.data.length ? h("ul", { class: "list" }, response.data.map((entry) => h("li", {},
      h("div", {},
        entry.red_flags.length ? h("p", {}, entry.red_flags.map((code) => h("span", { class: "badge flag" }, `Red flag: ${term(code)}`))) : null,
        h("strong", {}, formatDate(entry.date)), ` · ${describe(entry)}`,
        entry.notes ? h("p", { class: "hint" }, entry.notes) : null))))
      : h("p", {}, "No entries in the last year.")));
}
