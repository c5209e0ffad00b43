// Sharing & account. Patients: a share code for a clinician, who can see the
// diary (and revoking them), who read it, and exports. Everyone: the profile,
// log out, delete the account.

import { api, get } from "../api.js";
import { discard, items } from "../outbox.js";
import { announce, errorList, field, h, offline, showProblems, write } from "../ui.js";
import { healthQuestions, supported } from "./profile-questions.js";

// A write that could not reach the server answers like a refusal, saying so.
const offlineAnswer = (what) => () => ({ ok: false, data: { detail: offline(what) } });

const READ = {
  summary: "Read your summary", entries: "Read your diary entries", export_csv: "Downloaded your diary (CSV)",
  export_pdf: "Downloaded a PDF report", export_fhir: "Downloaded your diary (FHIR)",
  linked: "Added you with your share code", red_flag_review: "Reviewed a warning sign",
  exam_recorded: "Recorded an examination", programme: "Read your exercise programme",
  programme_prescribed: "Prescribed an exercise programme", programme_progressed: "Changed your exercise programme",
  programme_ended: "Ended your exercise programme", procedures: "Read your treatments",
  procedure_recorded: "Recorded a treatment", timeline: "Read your treatment timeline",
  timeline_event_added: "Added to your treatment timeline",
  exam_corrected: "Corrected an examination", procedure_corrected: "Corrected a treatment",
  event_corrected: "Corrected your treatment timeline", programme_corrected: "Corrected your exercise programme",
  exam_withdrawn: "Withdrew an examination", procedure_withdrawn: "Withdrew a treatment",
  event_withdrawn: "Withdrew a timeline entry", programme_withdrawn: "Withdrew your exercise programme",
  record_history: "Read the history of your records",
};
// The Django admin's visits (issue 24): "admin_<list|view|add|change|delete>_<model>".
const ADMIN = { list: "Support staff listed your data", view: "Support staff opened your data",
  add: "Support staff added to your data", change: "Support staff changed your data", delete: "Support staff deleted some of your data" };
const CHANGED = "Fields";
function readWords(row) {
  const words = row.role === "admin" ? ADMIN[row.what.split("_")[1]] || row.what : READ[row.what] || row.what;
  return row.fields && row.fields.length ? `${words} (${CHANGED}: ${row.fields.join(", ").replaceAll("_", " ")})` : words;
}
const EXPORTS = [["csv", "Spreadsheet (CSV)"], ["json", "All my data (JSON)"], ["fhir", "For health record systems (FHIR)"]];

const when = (iso) => new Date(iso).toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

// "7KQ2-M9XD" -> "7 K Q 2, M 9 X D": screen readers and people read it the same way.
const spelled = (code) => code.split("-").map((group) => [...group].join(" ")).join(", ");

/** Leave nothing of this account on the device for whoever uses it next. */
async function forgetUser(ctx) {
  localStorage.removeItem("neckline-user");
  for (const item of await items().catch(() => [])) await discard(item.id);
  // The service worker's cache of API reads (its name is in sw.js).
  if ("caches" in window) await caches.delete("api-reads").catch(() => {});
  ctx.reload();
}

function shareSection() {
  const result = h("div", { role: "status", "aria-live": "polite" });
  const top = h("div", {});
  const button = h("button", { type: "button", class: "primary wide", onclick: async () => {
    top.replaceChildren();
    const response = await write(button, () => api("POST", "/api/v1/sharing/codes/"), offlineAnswer("no code was made"));
    if (!response.ok) {
      top.replaceChildren(errorList(response.data || { detail: "No code could be made. Please try again." }));
      return;
    }
    const { code, expires_at: expires } = response.data;
    result.replaceChildren(
      h("p", {}, "Your share code:"),
      h("p", { class: "code" }, code),
      h("p", {}, `It works once, until ${when(expires)}.`),
      h("p", {}, `Read it aloud one character at a time, pausing at each dash: ${spelled(code)}.`),
      h("p", { class: "hint" }, "Capitals, spaces and dashes do not matter when the clinician types it."));
  } }, "Create a share code");
  return h("section", { class: "card", "aria-labelledby": "share-title" },
    h("h2", { id: "share-title" }, "Share with a clinician"),
    h("p", {}, "Give your clinician a one-time code. With it they can read your diary and its summary until you revoke their access."),
    top, button, result);
}

function grantItem(grant) {
  const item = h("li", {});
  const confirmRow = () => h("div", { class: "actions" },
    h("p", {}, `Stop ${grant.clinician_email} from seeing your diary?`),
    h("button", { type: "button", class: "danger", onclick: async (event) => {
      item.querySelector(".errors")?.remove();
      const response = await write(event.currentTarget, () => api("DELETE", `/api/v1/sharing/grants/${grant.id}/`),
        offlineAnswer("access was not revoked"));
      if (response.ok || response.status === 404) {
        item.replaceChildren(h("span", {}, `${grant.clinician_email}: access revoked.`));
        announce(`Access revoked for ${grant.clinician_email}.`);
      } else {
        item.append(errorList(response.data || { detail: "Not revoked. Please try again." }));
      }
    } }, "Yes, revoke access"),
    h("button", { type: "button", onclick: draw }, "Cancel"));
  function draw() {
    item.replaceChildren(
      h("span", {}, h("strong", {}, grant.clinician_email), h("br"), h("span", { class: "hint" }, `Since ${when(grant.created_at)}`)),
      h("button", { type: "button", class: "danger", "aria-label": `Revoke ${grant.clinician_email}`, onclick: () => {
        item.replaceChildren(confirmRow());
        item.querySelector("button").focus();
      } }, "Revoke"));
  }
  draw();
  return item;
}

function grantsSection(grants) {
  return h("section", { class: "card", "aria-labelledby": "grants-title" },
    h("h2", { id: "grants-title" }, "Clinicians who can see your diary"),
    grants.length ? h("ul", { class: "list" }, grants.map(grantItem)) : h("p", {}, "Nobody: your diary is yours alone."));
}

function accessLogSection(log) {
  return h("section", { class: "card", "aria-labelledby": "log-title" },
    h("h2", { id: "log-title" }, "Who read your diary"),
    log.length ? h("ul", { class: "list" }, log.map((row) => h("li", {},
      h("span", {}, h("strong", {}, row.clinician_email), h("br"), readWords(row)),
      h("span", { class: "hint" }, when(row.at))))) : h("p", {}, "No clinician has read your diary yet."));
}

function profileSection(ctx, profile) {
  const patient = profile.role === "patient";
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  if (!zones.includes(profile.timezone)) zones.unshift(profile.timezone);
  const timezone = h("select", {}, zones.map((zone) =>
    h("option", { value: zone, selected: zone === profile.timezone }, zone.replaceAll("_", " "))));
  const birthYear = h("input", { type: "number", inputmode: "numeric", min: 1900, max: new Date().getFullYear(), value: profile.birth_year ?? "" });
  const since = h("input", { type: "month", value: profile.headaches_since || "", placeholder: "YYYY-MM" });
  const health = patient && supported(profile) ? healthQuestions(profile) : null;
  const top = h("div", {});
  const status = h("p", { class: "saved", role: "status", "aria-live": "polite" });

  async function save(event) {
    event.preventDefault();
    status.textContent = "";
    showProblems(form, {}, { top });
    const body = { timezone: timezone.value };
    if (patient) {
      body.birth_year = birthYear.value ? Number(birthYear.value) : null;
      body.headaches_since = since.value || null;
      if (health) Object.assign(body, health.values());
    }
    const response = await write(form.querySelector("button[type=submit]"), () => api("PATCH", "/api/v1/me/", body),
      offlineAnswer("your profile was not saved"));
    if (!response.ok) {
      showProblems(form, response.data || { detail: "Not saved." }, { top });
      return;
    }
    Object.assign(ctx.user, response.data);
    const remembered = JSON.parse(localStorage.getItem("neckline-user") || "null");
    if (remembered) localStorage.setItem("neckline-user", JSON.stringify({ ...remembered, timezone: response.data.timezone }));
    status.textContent = "Profile saved.";
    announce(status.textContent);
  }

  const form = h("form", { class: "card", "aria-labelledby": "profile-title", onsubmit: save },
    h("h2", { id: "profile-title" }, "Profile"),
    h("p", {}, `Signed in as ${profile.email}.`),
    top,
    field("Timezone", timezone, "Your days and reminder times follow it.", "timezone"),
    patient ? field("Year of birth", birthYear, "Optional. Headaches that begin after 50 deserve a doctor's look.", "birth_year") : null,
    patient ? field("Headaches since (year and month)", since, "Optional, for example 2024-03.", "headaches_since") : null,
    health ? health.element : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save profile")),
    status);
  return form;
}

function exportSection() {
  return h("section", { class: "card", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, "Download your data"),
    h("ul", { class: "list" }, EXPORTS.map(([format, text]) => h("li", {},
      h("a", { class: "button", href: `/api/v1/export/?format=${format}`, download: true }, `Download: ${text}`)))),
    h("p", {}, h("a", { href: "#/import" }, "Import a diary")));
}

function sessionSection(ctx) {
  const password = h("input", { type: "password", autocomplete: "current-password", required: true });
  const top = h("div", {});
  const waiting = h("div", {});
  const logOut = h("button", { type: "button", class: "wide", onclick: async () => {
    // Entries still in the outbox are sent first: after logging out they could not be.
    if (ctx.user.role === "patient") {
      await ctx.sync().catch(() => null);
      const pending = (await items()).filter((item) => item.state === "pending").length;
      if (pending) {
        waiting.replaceChildren(errorList({ detail: `${pending} ${pending === 1 ? "entry is" : "entries are"} still waiting `
          + "to be sent from this phone. Connect to the internet and try again, so that nothing is lost." }));
        return;
      }
    }
    waiting.replaceChildren();
    const answer = await write(logOut, () => api("POST", "/api/v1/auth/logout/"), () => null);
    if (!answer) {
      // Forgetting the account here while the server still holds the session would be a false "logged out".
      waiting.replaceChildren(errorList({ detail: offline("you are still logged in") }));
      return;
    }
    await forgetUser(ctx);
  } }, "Log out");

  async function remove(event) {
    event.preventDefault();
    showProblems(event.target, {}, { top });
    const response = await write(event.submitter, () => api("DELETE", "/api/v1/me/", { password: password.value }),
      offlineAnswer("your account was not deleted"));
    if (!response.ok) {
      showProblems(event.target, response.data || { detail: "Your account was not deleted." }, { top, summary: "Not deleted" });
      return;
    }
    forgetUser(ctx);
  }

  return [
    h("section", { class: "card", "aria-labelledby": "session-title" },
      h("h2", { id: "session-title" }, "Log out"), waiting, logOut),
    h("form", { class: "card", "aria-labelledby": "delete-title", onsubmit: remove },
      h("h2", { id: "delete-title" }, "Delete my account"),
      h("p", { class: "error" }, "Warning: this deletes your account and everything in it at once, for good. It cannot be undone."),
      ctx.user.role === "patient" ? h("p", {}, "Your whole diary, reminders and sharing go too. Download your data first if you want a copy.") : null,
      top,
      field("Your password, to confirm", password, null, "password"),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "danger" }, "Delete my account"))),
  ];
}

export async function render(ctx) {
  const patient = ctx.user.role === "patient";
  const [me, grants, log] = await Promise.all([
    get("/api/v1/me/"),
    patient ? get("/api/v1/sharing/grants/") : null,
    patient ? get("/api/v1/sharing/access-log/") : null,
  ]);
  const failed = [me, grants, log].find((response) => response && !response.ok);
  if (failed) return h("section", {}, h("h1", {}, "Account"), errorList(failed.data || { detail: "Could not load your account." }));
  return h("section", {},
    h("h1", {}, patient ? "Sharing & account" : "Account"),
    patient ? [shareSection(), grantsSection(grants.data), accessLogSection(log.data)] : null,
    profileSection(ctx, me.data),
    patient ? exportSection() : null,
    sessionSection(ctx));
}
