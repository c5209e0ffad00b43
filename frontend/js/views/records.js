// Records a clinician corrected or withdrew, and what the patient hid (issue 24): the
// history both sides read, the patient's "Hide" on a clinician's timeline item, and the
// clinician's "Withdraw". Used by the treatments screen and the clinician's panel.

import { api, get } from "../api.js";
import { announce, formatDate, h } from "../ui.js";

// Every sentence of this screen, in one place (the PWA's catalogue is coming).
const WORDS = {
  title: "Changes to your clinicians' records",
  clinicianTitle: "Corrections, withdrawals and what the patient hid",
  kinds: { exam: "examination", procedure: "procedure", event: "timeline entry", programme: "exercise programme" },
  actions: { corrected: "corrected", withdrawn: "withdrew", hidden: "hid", shown: "showed again" },
  you: "You",
  patient: "The patient",
  was: "was",
  changed: "Changed",
  reason: "Reason",
  hide: "Hide",
  hideConfirm: "Hide this from your timeline? Your clinician still sees it, and you can ask for it to be shown again.",
  hidden: "Hidden from your timeline.",
  withdraw: "Withdraw",
  withdrawPrompt: "Withdraw this record? It leaves every view and figure, and stays in the history. Reason (optional):",
  withdrawn: "Withdrawn.",
  failed: "That did not work now. Please try again when you are online.",
};

function changeText(change, { forPatient }) {
  const who = change.by_role === "patient" ? (forPatient ? WORDS.you : WORDS.patient) : change.by;
  const what = `${who} ${WORDS.actions[change.action] || change.action} the ${WORDS.kinds[change.kind] || change.kind}`;
  const fields = change.fields.map((name) => `${name.replaceAll("_", " ")} (${WORDS.was} ${change.previous[name] ?? "–"})`);
  return h("li", {},
    h("strong", {}, `${formatDate(change.at.slice(0, 10))} · ${what}`),
    fields.length ? h("p", {}, `${WORDS.changed}: ${fields.join(", ")}`) : null,
    change.reason ? h("p", { class: "hint" }, `${WORDS.reason}: ${change.reason}`) : null);
}

/** The history as a card, or null when there is none (or it cannot be read now). */
export async function historyCard(path, { forPatient }) {
  const response = await get(path).catch(() => null);
  if (!response || !response.ok || !response.data.length) return null;
  return h("section", { class: "card records-history", "aria-labelledby": "records-history-title" },
    h("h2", { id: "records-history-title" }, forPatient ? WORDS.title : WORDS.clinicianTitle),
    h("ul", { class: "list" }, response.data.map((change) => changeText(change, { forPatient }))));
}

/** The patient's button to hide a clinician's procedure or timeline entry. */
export function hideButton(kind, id, done) {
  return h("button", { type: "button", class: "secondary", onclick: async () => {
    if (!confirm(WORDS.hideConfirm)) return;
    const response = await api("POST", `/api/v1/records/${kind}/${id}/hide/`).catch(() => null);
    if (response && response.ok) { announce(WORDS.hidden); done(); } else announce(WORDS.failed);
  } }, WORDS.hide);
}

/** The clinician's button to withdraw a record they made (the server refuses anyone else's). */
export function withdrawButton(patientId, kind, id, done) {
  return h("button", { type: "button", class: "secondary", onclick: async () => {
    const reason = prompt(WORDS.withdrawPrompt, "");
    if (reason === null) return;
    const response = await api("POST", `/api/v1/clinician/patients/${patientId}/records/${kind}/${id}/withdraw/`, { reason })
      .catch(() => null);
    if (response && response.ok) { announce(WORDS.withdrawn); done(); }
    else announce((response && response.data && response.data.detail) || WORDS.failed);
  } }, WORDS.withdraw);
}
