// The diary's codes with the words a patient reads. They live once, in
// diary/choices.py, and come from GET /api/v1/vocabulary/ (api/vocabulary/views.py):
// no copies here. The service worker keeps the last answer, and so does this
// module (in localStorage: words only, no diary data), so the app opens offline.

import { get } from "./api.js";

const KEPT = "neckline-vocabulary";

async function load() {
  try {
    const response = await get("/api/v1/vocabulary/");
    if (response.ok) {
      localStorage.setItem(KEPT, JSON.stringify(response.data));
      return response.data;
    }
  } catch {
    // offline with no cached answer: the copy kept below
  }
  const kept = JSON.parse(localStorage.getItem(KEPT) || "null");
  if (kept) return kept;
  throw new Error("The app's words could not be loaded. Please connect to the internet once.");
}

const served = await load();
// The lists of diary/choices.py by class name (each of [code, label] pairs).
export const LISTS = Object.fromEntries(Object.entries(served).filter(([name, value]) => /^[A-Z]/.test(name) && Array.isArray(value)));
// The red flags a headache-free check-in may carry too (docs/screening.md, "any entry").
export const ANY_ENTRY_RED_FLAGS = served.any_entry_red_flags || [];
// The same codes in a clinician's words (diary/reports/labels.py): field -> code -> words, and
// `screening` for the report's codes, as a clinician summary's `labels` carries them.
export const CLINICAL = served.clinical || {};

const list = (name) => LISTS[name] || [];

export const SIDES = list("Side");
export const SEVERITIES = Array.from({ length: 11 }, (_, n) => [n, String(n)]);
export const ONSET_REGIONS = list("OnsetRegion");
export const NECK_TRIGGERS = list("NeckTrigger");
export const POSTURES = list("Posture");
export const QUALITIES = list("Quality");
export const SYMPTOMS = list("Symptom");
export const MEDICATION_KINDS = list("MedicationKind");
export const RELIEF = list("Relief");
export const RED_FLAGS = list("EntryRedFlag");
// Version 2's lists (issue 28): treatments, exercises, reminders.
export const TREATMENT_KINDS = list("TreatmentKind");
export const PROCEDURE_KINDS = list("ProcedureKind");
export const PROCEDURE_PURPOSES = list("ProcedurePurpose");
export const PROCEDURE_SIDES = list("ProcedureSide");
export const CONCORDANCE = list("Concordance");
export const NO_BLOCK_RESULT = list("NoBlockResult");
export const SESSION_OUTCOMES = list("SessionOutcome");
export const REMINDER_KINDS = list("ReminderKind");
// The screening report's codes (docs/screening.md), with the patient's words.
export const SCREENING_LEVELS = list("ScreeningLevel");
export const URGENCIES = list("Urgency");
export const PATTERN_RED_FLAGS = list("PatternRedFlag");

const words = (code) => String(code ?? "").replaceAll("_", " ");

/** The label of `code` in one list, or the code in words when the list does not have it. */
export function textOf(entries, code) {
  const found = entries.find(([value]) => value === code);
  return found ? found[1] : words(code);
}

/** The label of `code` in whichever list of diary/choices.py has it, or null. */
export function find(code) {
  for (const entries of Object.values(LISTS)) {
    const found = entries.find(([value]) => value === code);
    if (found) return found[1];
  }
  return null;
}

/** The label of `code` in whichever list of diary/choices.py has it (the first), else the code in words. */
export function label(code) {
  return find(code) ?? words(code);
}
