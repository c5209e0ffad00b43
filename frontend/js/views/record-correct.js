// The clinician corrects a record they made (issue 24): a small form under the record,
// with only the fields the API lets a correction change for that kind
// (docs/api-extensions.md, Records). Only what was changed is sent; the server's refusal
// is shown beside the field it names; a correction that changes nothing stores nothing.
// A programme's exercises are not here: it is withdrawn and prescribed again. A procedure's
// moment is, but the server refuses it once the post-block diary has begun.

import { api } from "../api.js";
import { formatList, t } from "../i18n.js";
import { announce, field, h, showProblems } from "../ui.js";
import { PROCEDURE_PURPOSES, PROCEDURE_SIDES } from "../vocabulary.js";

// Every sentence of this form, in one place, in the language in use (frontend/js/i18n.js).
const words = () => ({
  correct: t("Correct"),
  title: t("Correct this record"),
  save: t("Save correction"),
  cancel: t("Cancel"),
  reason: t("Reason (optional)"),
  reasonHint: t("Shown to the patient with the values before."),
  saved: (fields) => t("Corrected: {fields}. The patient sees the change and the values before.", { fields: formatList(fields) }),
  nothing: t("Nothing was changed, so nothing was saved."),
  summary: t("Not corrected"),
  offline: t("You are offline, so the correction was not saved. Try again when you are back online."),
  levelsHint: t("For example C2-C3, C3-C4."),
  momentHint: t("Its diary prompts move with it. Once a prompt was sent or answered, withdraw it and record it again."),
  labels: {
    levels: t("Cervical level(s)"), performed_at: t("Done at"), side: t("Side"), purpose: t("Purpose"), note: t("Note"),
    title: t("Title"), at: t("Started at"), ended_on: t("Ended on (optional)"), date: t("Examination date"),
    frt_left_deg: t("FRT left (degrees)"), frt_right_deg: t("FRT right (degrees)"), block_relief_percent: t("Block relief (%)"),
    review_date: t("Review date (optional)"),
  },
  sides: PROCEDURE_SIDES, // diary/choices.py, from the vocabulary
  purposes: PROCEDURE_PURPOSES,
});

// datetime-local in this browser's clock, as the other clinician forms use it.
const localMinutes = (iso) => {
  const moment = new Date(iso);
  return new Date(moment.getTime() - moment.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

const text = (value) => h("input", { type: "text", value: value ?? "", autocomplete: "off" });
const number = (value, max) => h("input", { type: "number", min: 0, max, inputmode: "numeric", value: value ?? "" });
const date = (value) => h("input", { type: "date", value: value ?? "" });
const area = (value) => h("textarea", { rows: 2 }, value ?? "");
const choice = (options, value) =>
  h("select", {}, options.map(([code, label]) => h("option", { value: code, selected: code === value }, label)));
const orNull = (value) => (value === "" ? null : value);
const wholeOrNull = (value) => (value === "" ? null : Number(value));
const moment = (iso) => h("input", { type: "datetime-local", value: localMinutes(iso) });
const fromLocal = (value) => (value ? new Date(value).toISOString() : value);

// Per kind: each correctable field's control, and how its value is read back for the API.
const FIELDS = {
  procedure: (r, WORDS) => ({
    levels: [text(r.levels.join(", ")), (v) => v.split(/[\s,]+/).filter(Boolean).map((l) => l.toUpperCase())],
    performed_at: [moment(r.performed_at), fromLocal],
    side: [choice(WORDS.sides, r.side), (v) => v],
    purpose: [choice(WORDS.purposes, r.purpose), (v) => v],
    note: [area(r.note), (v) => v],
  }),
  event: (r) => ({
    title: [text(r.title), (v) => v],
    at: [moment(r.at), fromLocal],
    ended_on: [date(r.ended_on), orNull],
    note: [area(r.note), (v) => v],
  }),
  exam: (r) => ({
    date: [date(r.date), (v) => v],
    frt_left_deg: [number(r.frt_left_deg, 90), wholeOrNull],
    frt_right_deg: [number(r.frt_right_deg, 90), wholeOrNull],
    block_relief_percent: [number(r.block_relief_percent, 100), wholeOrNull],
    note: [area(r.note), (v) => v],
  }),
  programme: (r) => ({
    title: [text(r.title), (v) => v],
    review_date: [date(r.review_date), orNull],
  }),
};

function correctionForm(patientId, kind, record, close, done) {
  const WORDS = words();
  const controls = FIELDS[kind](record, WORDS);
  // What each control says before any change, read back the same way: only a change is sent.
  const before = Object.fromEntries(Object.entries(controls).map(([name, [input, read]]) => [name, JSON.stringify(read(input.value))]));
  const reason = text("");
  const problems = h("div", {});
  const save = h("button", { type: "submit", class: "primary" }, WORDS.save);
  const form = h("form", { class: "card record-correction", novalidate: true, "aria-label": WORDS.title, onsubmit: async (event) => {
    event.preventDefault();
    const body = {};
    for (const [name, [input, read]] of Object.entries(controls)) {
      const value = read(input.value);
      if (JSON.stringify(value) !== before[name]) body[name] = value;
    }
    if (!Object.keys(body).length) {
      showProblems(form, {}, { top: problems });
      announce(WORDS.nothing);
      return;
    }
    if (reason.value.trim()) body.reason = reason.value.trim();
    save.disabled = true;
    const response = await api("PATCH", `/api/v1/clinician/patients/${patientId}/records/${kind}/${record.id}/`, body)
      .catch(() => ({ ok: false, data: { detail: WORDS.offline } }));
    save.disabled = false;
    if (!response.ok) {
      showProblems(form, response.data, { top: problems, summary: WORDS.summary });
      return;
    }
    const changed = response.data.changed;
    announce(changed.length ? WORDS.saved(changed.map((name) => WORDS.labels[name] || name)) : WORDS.nothing);
    close();
    if (changed.length) done();
  } },
  h("h3", {}, WORDS.title),
  Object.entries(controls).map(([name, [input]]) =>
    field(WORDS.labels[name], input, { levels: WORDS.levelsHint, performed_at: WORDS.momentHint }[name], name)),
  field(WORDS.reason, reason, WORDS.reasonHint, "reason"),
  problems,
  h("div", { class: "actions" }, save, h("button", { type: "button", class: "secondary", onclick: close }, WORDS.cancel)));
  return form;
}

/** The clinician's "Correct" button for a record they made; the form opens below it. */
export function correctButton(patientId, kind, record, done) {
  const WORDS = words();
  const slot = h("div", {});
  const close = () => { slot.replaceChildren(); button.setAttribute("aria-expanded", "false"); };
  const button = h("button", { type: "button", class: "secondary", "aria-expanded": "false", onclick: () => {
    if (slot.firstChild) return close();
    const form = correctionForm(patientId, kind, record, close, done);
    slot.replaceChildren(form);
    button.setAttribute("aria-expanded", "true");
    form.querySelector("input, select, textarea").focus();
  } }, WORDS.correct);
  return h("span", { class: "record-correct" }, button, slot);
}
