// Sharing & account. Patients: a share code for a clinician, who can see the
// diary (and revoking them), who read it, and exports. Everyone: the profile,
// log out, delete the account.

import { api, get } from "../api.js";
import { LANGUAGES, useLanguage } from "../i18n.js";
import { discard, items } from "../outbox.js";
import { announce, errorList, field, formatDateTime, h, offline, showProblems, write } from "../ui.js";
import { healthQuestions, supported } from "./profile-questions.js";

// Each language the app speaks named in itself ("Deutsch", "Français"), as people look for their own.
const LANGUAGE_NAMES = LANGUAGES.map((code) => {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
  return [code, name.charAt(0).toLocaleUpperCase(code) + name.slice(1)];
});

// A write that could not reach the server answers like a refusal, saying so.
const offlineAnswer = (what) => () => ({ ok: false, data: { detail: offline(what) } });

// What a clinician did, as the end of "<clinician> ...": one visit's reads are said in one row.
const READ = {
  summary: "read your summary", entries: "read your diary entries", export_csv: "downloaded your diary (CSV)",
  export_pdf: "downloaded a PDF report", export_fhir: "downloaded your diary (FHIR)",
  linked: "added you with your share code", red_flag_review: "reviewed a warning sign",
  exam_recorded: "recorded an examination", programme: "read your exercise programme",
  programme_prescribed: "prescribed an exercise programme", programme_progressed: "changed your exercise programme",
  programme_ended: "ended your exercise programme", procedures: "read your treatments",
  procedure_recorded: "recorded a treatment", timeline: "read your treatment timeline",
  timeline_event_added: "added to your treatment timeline",
  exam_corrected: "corrected an examination", procedure_corrected: "corrected a treatment",
  event_corrected: "corrected your treatment timeline", programme_corrected: "corrected your exercise programme",
  exam_withdrawn: "withdrew an examination", procedure_withdrawn: "withdrew a treatment",
  event_withdrawn: "withdrew a timeline entry", programme_withdrawn: "withdrew your exercise programme",
  record_history: "read the history of your records",
};
// The Django admin's visits (issue 24): "admin_<list|view|add|change|delete>_<model>".
const ADMIN = { list: "support staff listed your data", view: "support staff opened your data",
  add: "support staff added to your data", change: "support staff changed your data", delete: "support staff deleted some of your data" };
const CHANGED = "fields";
/** One row's words, with the names (never the values) of the fields a write sent. */
function readWords(row) {
  const words = row.role === "admin" ? ADMIN[row.what.split("_")[1]] || "read your diary" : READ[row.what] || "read your diary";
  return row.fields && row.fields.length ? `${words} (${CHANGED}: ${row.fields.join(", ").replaceAll("_", " ")})` : words;
}
// A clinician's reads less than this apart are one visit (opening a summary reads several parts of it).
const VISIT_GAP_MS = 30 * 60 * 1000;
const EXPORTS = [["pdf", "Summary for your doctor (PDF)"], ["csv", "Spreadsheet (CSV)"], ["json", "All my data (JSON)"],
  ["fhir", "For health record systems (FHIR)"]];


// "7KQ2-M9XD" -> "7 K Q 2, M 9 X D": screen readers and people read it the same way.
const spelled = (code) => code.split("-").map((group) => [...group].join(" ")).join(", ");

/** Leave nothing of this account on the device for whoever uses it next. */
async function forgetUser(ctx, { reload = true } = {}) {
  localStorage.removeItem("neckline-user");
  for (const item of await items().catch(() => [])) await discard(item.id);
  // The service worker's cache of API reads (its name is in sw.js).
  if ("caches" in window) await caches.delete("api-reads").catch(() => {});
  if (reload) ctx.reload();
}

/** After a deletion: say plainly that it is done (the next screen, a log-in form, would not). */
function deletedScreen(ctx) {
  document.getElementById("nav").hidden = true;
  const heading = h("h1", { tabindex: "-1" }, "Your account is deleted");
  const screen = h("section", { class: "account" },
    heading,
    h("div", { class: "card", role: "status" },
      h("p", {}, "Your account and everything in it are deleted from Neckline, for good."),
      ctx.user.role === "patient"
        ? h("p", {}, "Your diary, reminders and sharing are gone: no clinician can read them any more, and nothing is kept on this phone.")
        : h("p", {}, "Nothing of your account is kept on this phone."),
      h("button", { type: "button", class: "primary", onclick: () => ctx.reload() }, "Back to the start")));
  return { screen, heading };
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
      h("p", {}, `It works once, until ${formatDateTime(expires)}.`),
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
      h("span", {}, h("strong", {}, grant.clinician_email), h("br"), h("span", { class: "hint" }, `Since ${formatDateTime(grant.created_at)}`)),
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

/** The access log (newest first) as visits: one clinician's reads, each less than VISIT_GAP_MS after the last. */
function visits(log) {
  const out = [];
  for (const row of log) {
    const visit = out.at(-1);
    const at = Date.parse(row.at);
    if (visit && visit.email === row.clinician_email && visit.role === row.role && Date.parse(visit.from) - at < VISIT_GAP_MS) {
      visit.from = row.at;
      visit.what.add(readWords(row));
    } else {
      out.push({ email: row.clinician_email, role: row.role, from: row.at, to: row.at, what: new Set([readWords(row)]) });
    }
  }
  return out;
}

/** ["read your summary", "read your diary entries"] -> "Read your summary and read your diary entries." */
function sentence(parts) {
  const list = [...parts].reverse(); // in the order they happened
  const text = list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list[0];
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function accessLogSection(log) {
  const rows = visits(log);
  return h("section", { class: "card", "aria-labelledby": "log-title" },
    h("h2", { id: "log-title" }, "Who read your diary"),
    rows.length ? h("ul", { class: "list" }, rows.map((visit) => h("li", {},
      h("span", {}, h("strong", {}, visit.email), h("br"), sentence(visit.what)),
      h("span", { class: "hint" }, formatDateTime(visit.from))))) : h("p", {}, "No clinician has read your diary yet."));
}

function profileSection(ctx, profile) {
  const patient = profile.role === "patient";
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  if (!zones.includes(profile.timezone)) zones.unshift(profile.timezone);
  const timezone = h("select", {}, zones.map((zone) =>
    h("option", { value: zone, selected: zone === profile.timezone }, zone.replaceAll("_", " "))));
  const language = h("select", {}, [["", "As my phone or browser"], ...LANGUAGE_NAMES].map(([code, name]) =>
    h("option", { value: code, selected: code === (profile.language || ""), lang: code || null }, name)));
  const birthYear = h("input", { type: "number", inputmode: "numeric", min: 1900, max: new Date().getFullYear(), value: profile.birth_year ?? "" });
  const since = h("input", { type: "month", value: profile.headaches_since || "", placeholder: "YYYY-MM" });
  const health = patient && supported(profile) ? healthQuestions(profile) : null;
  const top = h("div", {});
  const status = h("p", { class: "saved", role: "status", "aria-live": "polite" });

  async function save(event) {
    event.preventDefault();
    status.textContent = "";
    showProblems(form, {}, { top });
    const body = { timezone: timezone.value, language: language.value || null };
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
    if (remembered) localStorage.setItem("neckline-user", JSON.stringify({ ...remembered, timezone: response.data.timezone, language: response.data.language }));
    if ((response.data.language || "") !== (profile.language || "")) {
      await useLanguage(response.data.language ?? null);
      window.location.reload(); // every screen in the new language
      return;
    }
    status.textContent = "Profile saved.";
    announce(status.textContent);
  }

  const form = h("form", { class: "card", "aria-labelledby": "profile-title", onsubmit: save },
    h("h2", { id: "profile-title" }, "Profile"),
    h("p", {}, `Signed in as ${profile.email}.`),
    top,
    field("Timezone", timezone, "Your days and reminder times follow it.", "timezone"),
    field("Language", language, "Warnings, reports, emails and reminders come in this language.", "language"),
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
    await forgetUser(ctx, { reload: false });
    const { screen, heading } = deletedScreen(ctx);
    event.target.closest("section.account").replaceWith(screen);
    heading.focus();
    announce("Your account is deleted.");
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
  return h("section", { class: "account" },
    h("h1", {}, patient ? "Sharing & account" : "Account"),
    // Issue 23: a reminder while the email is unverified (the security screen sends a new link).
    me.data.email_verified === false ? h("p", { class: "notice" }, h("a", { href: "#/security" }, "Confirm your email address, so that a reset link can reach you")) : null,
    patient ? [shareSection(), grantsSection(grants.data), accessLogSection(log.data)] : null,
    profileSection(ctx, me.data),
    patient ? exportSection() : null,
    sessionSection(ctx));
}
