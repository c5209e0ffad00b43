// Records a clinician corrected or withdrew, and what the patient hid (issue 24): the
// history both sides read, the patient's "Hide" on a clinician's timeline item, and the
// clinician's "Withdraw". Used by the treatments screen and the clinician's panel.

import { api, get } from "../api.js";
import { t } from "../i18n.js";
import { announce, formatDate, h } from "../ui.js";

// Every sentence of this screen, in one place, in the language in use (frontend/js/i18n.js).
const words = () => ({
  title: t("Changes to your clinicians' records"),
  clinicianTitle: t("Corrections, withdrawals and what the patient hid"),
  hide: t("Hide"),
  hideConfirm: t("Hide this from your timeline? Your clinician still sees it, and you can ask for it to be shown again."),
  hidden: t("Hidden from your timeline."),
  withdraw: t("Withdraw"),
  withdrawPrompt: t("Withdraw this record? It leaves every view and figure, and stays in the history. Reason (optional):"),
  withdrawn: t("Withdrawn."),
  failed: t("That did not work now. Please try again when you are online."),
});

// What was done, each said whole (the reader's language agrees its verb with who did it and
// the record's gender): a clinician corrects or withdraws ({who} is their email); the patient
// hides or shows again ("You" on the patient's screen, "The patient" on the clinician's).
const CHANGES = (who) => ({
  "clinician:corrected:exam": t("{who} corrected the examination", { who }),
  "clinician:corrected:procedure": t("{who} corrected the procedure", { who }),
  "clinician:corrected:event": t("{who} corrected the timeline entry", { who }),
  "clinician:corrected:programme": t("{who} corrected the exercise programme", { who }),
  "clinician:withdrawn:exam": t("{who} withdrew the examination", { who }),
  "clinician:withdrawn:procedure": t("{who} withdrew the procedure", { who }),
  "clinician:withdrawn:event": t("{who} withdrew the timeline entry", { who }),
  "clinician:withdrawn:programme": t("{who} withdrew the exercise programme", { who }),
  "you:hidden:procedure": t("You hid the procedure"),
  "you:hidden:event": t("You hid the timeline entry"),
  "you:shown:procedure": t("You showed the procedure again"),
  "you:shown:event": t("You showed the timeline entry again"),
  "patient:hidden:procedure": t("The patient hid the procedure"),
  "patient:hidden:event": t("The patient hid the timeline entry"),
  "patient:shown:procedure": t("The patient showed the procedure again"),
  "patient:shown:event": t("The patient showed the timeline entry again"),
});

function changeText(change, { forPatient }) {
  const by = change.by_role === "patient" ? (forPatient ? "you" : "patient") : "clinician";
  // A change this version does not know yet is still listed, by its codes.
  const what = CHANGES(change.by)[`${by}:${change.action}:${change.kind}`] || `${change.by} · ${change.action} · ${change.kind}`;
  const fields = change.fields.map((name) => t("{field} (was {value})", { field: name.replaceAll("_", " "), value: change.previous[name] ?? "–" }));
  return h("li", {},
    h("strong", {}, `${formatDate(change.at.slice(0, 10))} · ${what}`),
    fields.length ? h("p", {}, t("Changed: {fields}", { fields: fields.join(", ") })) : null,
    change.reason ? h("p", { class: "hint" }, t("Reason: {reason}", { reason: change.reason })) : null);
}

/** The history as a card, or null when there is none (or it cannot be read now). */
export async function historyCard(path, { forPatient }) {
  const response = await get(path).catch(() => null);
  if (!response || !response.ok || !response.data.length) return null;
  const WORDS = words();
  return h("section", { class: "card records-history", "aria-labelledby": "records-history-title" },
    h("h2", { id: "records-history-title" }, forPatient ? WORDS.title : WORDS.clinicianTitle),
    h("ul", { class: "list" }, response.data.map((change) => changeText(change, { forPatient }))));
}

/** The patient's button to hide a clinician's procedure or timeline entry. */
export function hideButton(kind, id, done) {
  const WORDS = words();
  return h("button", { type: "button", class: "secondary", onclick: async () => {
    if (!confirm(WORDS.hideConfirm)) return;
    const response = await api("POST", `/api/v1/records/${kind}/${id}/hide/`).catch(() => null);
    if (response && response.ok) { announce(WORDS.hidden); done(); } else announce(WORDS.failed);
  } }, WORDS.hide);
}

/** The clinician's button to withdraw a record they made (the server refuses anyone else's). */
export function withdrawButton(patientId, kind, id, done) {
  const WORDS = words();
  return h("button", { type: "button", class: "secondary", onclick: async () => {
    const reason = prompt(WORDS.withdrawPrompt, "");
    if (reason === null) return;
    const response = await api("POST", `/api/v1/clinician/patients/${patientId}/records/${kind}/${id}/withdraw/`, { reason })
      .catch(() => null);
    if (response && response.ok) { announce(WORDS.withdrawn); done(); }
    else announce((response && response.data && response.data.detail) || WORDS.failed);
  } }, WORDS.withdraw);
}
