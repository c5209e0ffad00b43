// Sharing & account. Patients: a share code for a clinician, who can see the
// diary (and revoking them), who read it, and exports. Everyone: the profile,
// log out, delete the account.

import { api, get } from "../api.js";
import { currentLanguage, formatList, LANGUAGES, nt, t, useLanguage } from "../i18n.js";
import { discard, items } from "../outbox.js";
import { announce, errorList, field, formatDateTime, h, showProblems, write } from "../ui.js";
import { healthQuestions, supported } from "./profile-questions.js";

// Each language the app speaks named in itself ("Deutsch", "Français"), as people look for their own.
const LANGUAGE_NAMES = LANGUAGES.map((code) => {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
  return [code, name.charAt(0).toLocaleUpperCase(code) + name.slice(1)];
});

// A write that could not reach the server answers like a refusal, saying so (`sentence`: the whole
// "You are offline, so ..." sentence, translated as one).
const offlineAnswer = (sentence) => () => ({ ok: false, data: { detail: sentence } });

// What a clinician did, as the end of "<clinician> ...": one visit's reads are said in one row,
// as a list of these (each translated whole: the reader's language has its own verb forms).
const READ = () => ({
  summary: t("read your summary"), entries: t("read your diary entries"), export_csv: t("downloaded your diary (CSV)"),
  export_pdf: t("downloaded a PDF report"), export_fhir: t("downloaded your diary (FHIR)"),
  linked: t("added you with your share code"), red_flag_review: t("reviewed a warning sign"),
  exam_recorded: t("recorded an examination"), programme: t("read your exercise programme"),
  programme_prescribed: t("prescribed an exercise programme"), programme_progressed: t("changed your exercise programme"),
  programme_ended: t("ended your exercise programme"), procedures: t("read your treatments"),
  procedure_recorded: t("recorded a treatment"), timeline: t("read your treatment timeline"),
  timeline_event_added: t("added to your treatment timeline"),
  exam_corrected: t("corrected an examination"), procedure_corrected: t("corrected a treatment"),
  event_corrected: t("corrected your treatment timeline"), programme_corrected: t("corrected your exercise programme"),
  exam_withdrawn: t("withdrew an examination"), procedure_withdrawn: t("withdrew a treatment"),
  event_withdrawn: t("withdrew a timeline entry"), programme_withdrawn: t("withdrew your exercise programme"),
  record_history: t("read the history of your records"),
});
// The Django admin's visits (issue 24): "admin_<list|view|add|change|delete>_<model>".
const ADMIN = () => ({ list: t("support staff listed your data"), view: t("support staff opened your data"),
  add: t("support staff added to your data"), change: t("support staff changed your data"),
  delete: t("support staff deleted some of your data") });
/** One row's words, with the names (never the values) of the fields a write sent. */
function readWords(row) {
  const words = (row.role === "admin" ? ADMIN()[row.what.split("_")[1]] : READ()[row.what]) || t("read your diary");
  if (!(row.fields && row.fields.length)) return words;
  return t("{action} (fields: {fields})", { action: words, fields: row.fields.join(", ").replaceAll("_", " ") });
}
// A clinician's reads less than this apart are one visit (opening a summary reads several parts of it).
const VISIT_GAP_MS = 30 * 60 * 1000;
const EXPORTS = () => [["pdf", t("Summary for your doctor (PDF)")], ["csv", t("Spreadsheet (CSV)")],
  ["json", t("All my data (JSON)")], ["fhir", t("For health record systems (FHIR)")]];


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
  const heading = h("h1", { tabindex: "-1" }, t("Your account is deleted"));
  const screen = h("section", { class: "account" },
    heading,
    h("div", { class: "card", role: "status" },
      h("p", {}, t("Your account and everything in it are deleted from Neckline, for good.")),
      ctx.user.role === "patient"
        ? h("p", {}, t("Your diary, reminders and sharing are gone: no clinician can read them any more, and nothing is kept on this phone."))
        : h("p", {}, t("Nothing of your account is kept on this phone.")),
      h("button", { type: "button", class: "primary", onclick: () => ctx.reload() }, t("Back to the start"))));
  return { screen, heading };
}

function shareSection() {
  const result = h("div", { role: "status", "aria-live": "polite" });
  const top = h("div", {});
  const button = h("button", { type: "button", class: "primary wide", onclick: async () => {
    top.replaceChildren();
    const response = await write(button, () => api("POST", "/api/v1/sharing/codes/"),
      offlineAnswer(t("You are offline, so no code was made. Try again when you are back online.")));
    if (!response.ok) {
      top.replaceChildren(errorList(response.data || { detail: t("No code could be made. Please try again.") }));
      return;
    }
    const { code, expires_at: expires } = response.data;
    result.replaceChildren(
      h("p", {}, t("Your share code:")),
      h("p", { class: "code" }, code),
      h("p", {}, t("It works once, until {moment}.", { moment: formatDateTime(expires) })),
      h("p", {}, t("Read it aloud one character at a time, pausing at each dash: {code}.", { code: spelled(code) })),
      h("p", { class: "hint" }, t("Capitals, spaces and dashes do not matter when the clinician types it.")));
  } }, t("Create a share code"));
  return h("section", { class: "card", "aria-labelledby": "share-title" },
    h("h2", { id: "share-title" }, t("Share with a clinician")),
    h("p", {}, t("Give your clinician a one-time code. With it they can read your diary and its summary until you revoke their access.")),
    top, button, result);
}

function grantItem(grant) {
  const item = h("li", {});
  const confirmRow = () => h("div", { class: "actions" },
    h("p", {}, t("Stop {email} from seeing your diary?", { email: grant.clinician_email })),
    h("button", { type: "button", class: "danger", onclick: async (event) => {
      item.querySelector(".errors")?.remove();
      const response = await write(event.currentTarget, () => api("DELETE", `/api/v1/sharing/grants/${grant.id}/`),
        offlineAnswer(t("You are offline, so access was not revoked. Try again when you are back online.")));
      if (response.ok || response.status === 404) {
        item.replaceChildren(h("span", {}, t("{email}: access revoked.", { email: grant.clinician_email })));
        announce(t("Access revoked for {email}.", { email: grant.clinician_email }));
      } else {
        item.append(errorList(response.data || { detail: t("Not revoked. Please try again.") }));
      }
    } }, t("Yes, revoke access")),
    h("button", { type: "button", onclick: draw }, t("Cancel")));
  function draw() {
    item.replaceChildren(
      h("span", {}, h("strong", {}, grant.clinician_email), h("br"), h("span", { class: "hint" }, t("Since {moment}", { moment: formatDateTime(grant.created_at) }))),
      h("button", { type: "button", class: "danger", "aria-label": t("Revoke {email}", { email: grant.clinician_email }), onclick: () => {
        item.replaceChildren(confirmRow());
        item.querySelector("button").focus();
      } }, t("Revoke")));
  }
  draw();
  return item;
}

function grantsSection(grants) {
  return h("section", { class: "card", "aria-labelledby": "grants-title" },
    h("h2", { id: "grants-title" }, t("Clinicians who can see your diary")),
    grants.length ? h("ul", { class: "list" }, grants.map(grantItem)) : h("p", {}, t("Nobody: your diary is yours alone.")));
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

/** ["read your summary", "read your diary entries"] -> "Read your summary and read your diary entries."
 * English lists as the app writes English (British: no comma before "and"); the other
 * languages as their own Intl list says. */
function sentence(parts) {
  const list = [...parts].reverse(); // in the order they happened
  const lang = currentLanguage();
  const text = lang === "en" ? new Intl.ListFormat("en-GB", { type: "conjunction" }).format(list) : formatList(list);
  return `${text.charAt(0).toLocaleUpperCase(lang)}${text.slice(1)}.`;
}

function accessLogSection(log) {
  const rows = visits(log);
  return h("section", { class: "card", "aria-labelledby": "log-title" },
    h("h2", { id: "log-title" }, t("Who read your diary")),
    rows.length ? h("ul", { class: "list" }, rows.map((visit) => h("li", {},
      h("span", {}, h("strong", {}, visit.email), h("br"), sentence(visit.what)),
      h("span", { class: "hint" }, formatDateTime(visit.from))))) : h("p", {}, t("No clinician has read your diary yet.")));
}

function profileSection(ctx, profile) {
  const patient = profile.role === "patient";
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  if (!zones.includes(profile.timezone)) zones.unshift(profile.timezone);
  // The IANA names (Europe/Berlin), as the phone's own settings show them: identifiers, not sentences.
  const timezone = h("select", { translate: "no" }, zones.map((zone) =>
    h("option", { value: zone, selected: zone === profile.timezone }, zone.replaceAll("_", " "))));
  const language = h("select", {}, [["", t("As my phone or browser")], ...LANGUAGE_NAMES].map(([code, name]) =>
    h("option", { value: code, selected: code === (profile.language || ""), lang: code || null }, name)));
  const birthYear = h("input", { type: "number", inputmode: "numeric", min: 1900, max: new Date().getFullYear(), value: profile.birth_year ?? "" });
  const since = h("input", { type: "month", value: profile.headaches_since || "", placeholder: t("YYYY-MM") });
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
      offlineAnswer(t("You are offline, so your profile was not saved. Try again when you are back online.")));
    if (!response.ok) {
      showProblems(form, response.data || { detail: t("Not saved.") }, { top, summary: t("Not saved") });
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
    status.textContent = t("Profile saved.");
    announce(status.textContent);
  }

  const form = h("form", { class: "card", "aria-labelledby": "profile-title", onsubmit: save },
    h("h2", { id: "profile-title" }, t("Profile")),
    h("p", {}, t("Signed in as {email}.", { email: profile.email })),
    top,
    field(t("Timezone"), timezone, t("Your days and reminder times follow it."), "timezone"),
    field(t("Language"), language, t("Warnings, reports, emails and reminders come in this language."), "language"),
    patient ? field(t("Year of birth"), birthYear, t("Optional. Headaches that begin after 50 deserve a doctor's look."), "birth_year") : null,
    patient ? field(t("Headaches since (year and month)"), since, t("Optional, for example 2024-03."), "headaches_since") : null,
    health ? health.element : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("Save profile"))),
    status);
  return form;
}

function exportSection() {
  return h("section", { class: "card", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, t("Download your data")),
    h("ul", { class: "list" }, EXPORTS().map(([format, text]) => h("li", {},
      h("a", { class: "button", href: `/api/v1/export/?format=${format}`, download: true }, t("Download: {what}", { what: text }))))),
    h("p", {}, h("a", { href: "#/import" }, t("Import a diary"))));
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
        waiting.replaceChildren(errorList({ detail: nt(
          "{n} entry is still waiting to be sent from this phone. Connect to the internet and try again, so that nothing is lost.",
          "{n} entries are still waiting to be sent from this phone. Connect to the internet and try again, so that nothing is lost.",
          pending) }));
        return;
      }
    }
    waiting.replaceChildren();
    const answer = await write(logOut, () => api("POST", "/api/v1/auth/logout/"), () => null);
    if (!answer) {
      // Forgetting the account here while the server still holds the session would be a false "logged out".
      waiting.replaceChildren(errorList({ detail: t("You are offline, so you are still logged in. Try again when you are back online.") }));
      return;
    }
    await forgetUser(ctx);
  } }, t("Log out"));

  async function remove(event) {
    event.preventDefault();
    showProblems(event.target, {}, { top });
    const response = await write(event.submitter, () => api("DELETE", "/api/v1/me/", { password: password.value }),
      offlineAnswer(t("You are offline, so your account was not deleted. Try again when you are back online.")));
    if (!response.ok) {
      showProblems(event.target, response.data || { detail: t("Your account was not deleted.") }, { top, summary: t("Not deleted") });
      return;
    }
    await forgetUser(ctx, { reload: false });
    const { screen, heading } = deletedScreen(ctx);
    event.target.closest("section.account").replaceWith(screen);
    heading.focus();
    announce(t("Your account is deleted."));
  }

  return [
    h("section", { class: "card", "aria-labelledby": "session-title" },
      h("h2", { id: "session-title" }, t("Log out")), waiting, logOut),
    h("form", { class: "card", "aria-labelledby": "delete-title", onsubmit: remove },
      h("h2", { id: "delete-title" }, t("Delete my account")),
      h("p", { class: "error" }, t("Warning: this deletes your account and everything in it at once, for good. It cannot be undone.")),
      ctx.user.role === "patient" ? h("p", {}, t("Your whole diary, reminders and sharing go too. Download your data first if you want a copy.")) : null,
      top,
      field(t("Your password, to confirm"), password, null, "password"),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "danger" }, t("Delete my account")))),
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
  if (failed) return h("section", {}, h("h1", {}, t("Account")), errorList(failed.data || { detail: t("Could not load your account.") }));
  return h("section", { class: "account" },
    h("h1", {}, patient ? t("Sharing & account") : t("Account")),
    // Issue 23: a reminder while the email is unverified (the security screen sends a new link).
    me.data.email_verified === false ? h("p", { class: "notice" }, h("a", { href: "#/security" }, t("Confirm your email address, so that a reset link can reach you"))) : null,
    patient ? [shareSection(), grantsSection(grants.data), accessLogSection(log.data)] : null,
    profileSection(ctx, me.data),
    patient ? exportSection() : null,
    sessionSection(ctx));
}
