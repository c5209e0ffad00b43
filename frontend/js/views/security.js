// Account security: forgot password (#/forgot), the emailed reset link (#/reset/<uid>/<token>),
// the emailed email links (#/verify-email/<token>, #/confirm-email/<token>), and, signed in,
// the email address, two-step sign-in, password change and the account's sessions (#/security).

import { api, get, refreshCsrf } from "../api.js";
import { nt, t } from "../i18n.js";
import { field, formatDateTime, h, showProblems } from "../ui.js";

// The sentences of the email and two-step parts, in one place, in the language in use when
// the screen is drawn (frontend/js/i18n.js).
const words = () => ({
  emailTitle: t("Email address"),
  verified: t("Verified."),
  unverified: t("Not verified yet: open the link we emailed you, so that a reset link can reach you."),
  unverifiedClinician: t("Not verified yet: you can read patients' diaries once you open the link we emailed you."),
  sendLink: t("Email me a new link"),
  changeEmail: t("Change email"),
  newEmail: t("New email"),
  changeHint: t("We send a link to the new address; your address changes when you open it."),
  password: t("Your password"),
  twoFactorTitle: t("Two-step sign-in"),
  twoFactorOff: t("Off. Signing in asks for your password only. An authenticator app on your phone (any TOTP app) adds a code that changes every 30 seconds."),
  twoFactorRequired: t("Your account needs it before you can read patients' diaries."),
  twoFactorOn: (left) => nt("On. {n} unused recovery code left.", "On. {n} unused recovery codes left.", left),
  twoFactorPending: t("On for this account; sign in again with a code to use it in this session."),
  addApp: t("Add an authenticator app"),
  scan: t("Scan this code with the app, or type the key into it. Then enter the 6-digit code it shows."),
  key: t("Key: {key}"),
  code: t("6-digit code"),
  confirm: t("Turn on"),
  recoveryTitle: t("Your recovery codes"),
  recoveryHint: t("Each signs you in once if the phone is lost. Keep them somewhere safe, away from the phone: they are shown only now."),
  newCodes: t("New recovery codes"),
  turnOff: t("Turn off"),
  turnedOff: t("Two-step sign-in is off."),
  linkTitleVerify: t("Confirm your email"),
  linkTitleChange: t("Confirm your new email"),
  linkWorking: t("One moment…"),
  openApp: t("Open Neckline"),
  again: t("Please try again."),
  offline: t("You seem to be offline. This needs the network."),
  notChanged: t("Not changed"),
});

/** "Key: {key}" with the key as an element in its place, the sentence kept whole. */
function withCode(text, element) {
  const [before, after = ""] = text.split("{key}");
  return [before, element, after];
}

function passwordInput(name, autocomplete) {
  return h("input", { type: "password", name, autocomplete, required: true, minlength: 8 });
}

/** A form that posts `body()` to `path`; `done(response)` on success. */
function postForm({ path, body, done, submitText, summary, fields }) {
  const problems = h("div", {});
  async function submit(event) {
    event.preventDefault();
    const form = event.target;
    showProblems(form, {}, { top: problems });
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await refreshCsrf();
      const response = await api("POST", path, body());
      if (response.ok) done(response, form);
      else showProblems(form, response.data || { detail: t("Please try again.") }, { top: problems, summary });
    } catch {
      showProblems(form, { detail: t("You seem to be offline. This needs the network.") }, { top: problems, summary: t("Offline") });
    } finally {
      button.disabled = false;
    }
  }
  return h("form", { class: "card", onsubmit: submit, novalidate: true },
    ...fields, problems,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary wide" }, submitText)));
}

function forgot() {
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const sent = h("p", { role: "status" });
  return h("section", {},
    h("h1", {}, t("Forgot your password?")),
    h("p", { class: "hint" }, t("We email you a link to choose a new one. It works once, for an hour.")),
    postForm({
      path: "/api/v1/auth/password/reset/", body: () => ({ email: email.value.trim() }),
      done: (response) => { sent.textContent = response.data.detail; }, submitText: t("Email me a link"), summary: t("Not sent"),
      fields: [field(t("Email"), email, null, "email")],
    }),
    sent,
    h("p", {}, h("a", { href: "#/login" }, t("Back to log in"))));
}

function reset(params) {
  const [uid, token] = params;
  const password = passwordInput("new_password", "new-password");
  const done = h("p", { role: "status" });
  return h("section", {},
    h("h1", {}, t("Choose a new password")),
    postForm({
      path: "/api/v1/auth/password/reset/confirm/", body: () => ({ uid, token, new_password: password.value }),
      done: () => { done.replaceChildren(t("Your password is changed."), " ", h("a", { href: "#/login" }, t("Log in"))); },
      submitText: t("Save the new password"), summary: t("Not changed"),
      fields: [field(t("New password"), password, t("At least 8 characters, not a common one."), "new_password")],
    }),
    done);
}

/** #/verify-email/<token> and #/confirm-email/<token>: post the link's token, say what happened. */
async function emailLink(name, params) {
  const path = name === "verify-email" ? "/api/v1/auth/email/verify/" : "/api/v1/auth/email/change/confirm/";
  const TEXT = words();
  const outcome = h("p", { role: "status" }, TEXT.linkWorking);
  const section = h("section", {}, h("h1", {}, name === "verify-email" ? TEXT.linkTitleVerify : TEXT.linkTitleChange), outcome,
    h("p", {}, h("a", { href: "/" }, TEXT.openApp))); // a fresh start reads the changed account
  try {
    await refreshCsrf();
    const response = await api("POST", path, { token: params.join("/") });
    outcome.textContent = response.ok ? response.data.detail : (response.data?.token || [TEXT.again]).join(" ");
  } catch {
    outcome.textContent = TEXT.offline;
  }
  return section;
}

async function emailSection(user) {
  const TEXT = words();
  const status = h("p", {}, user.email_verified ? TEXT.verified : (user.role === "clinician" ? TEXT.unverifiedClinician : TEXT.unverified));
  const sent = h("p", { role: "status" });
  const newEmail = h("input", { type: "email", name: "new_email", autocomplete: "email", required: true });
  const password = passwordInput("password", "current-password");
  const changed = h("p", { role: "status" });
  return h("section", { class: "card", "aria-labelledby": "email-title" },
    h("h2", { id: "email-title" }, TEXT.emailTitle),
    h("p", {}, h("strong", {}, user.email)), status,
    user.email_verified ? null : h("button", { type: "button", onclick: async () => {
      await refreshCsrf();
      const response = await api("POST", "/api/v1/auth/email/verify/send/");
      sent.textContent = response.ok ? response.data.detail : Object.values(response.data || {}).flat().join(" ") || TEXT.again;
    } }, TEXT.sendLink),
    sent,
    h("details", {}, h("summary", {}, TEXT.changeEmail), postForm({
      path: "/api/v1/auth/email/change/", body: () => ({ new_email: newEmail.value.trim(), password: password.value }),
      done: (response, form) => { form.reset(); changed.textContent = response.data.detail; }, submitText: TEXT.changeEmail, summary: TEXT.notChanged,
      fields: [field(TEXT.newEmail, newEmail, TEXT.changeHint, "new_email"), field(TEXT.password, password, null, "password")],
    })),
    changed);
}

function recoveryCodes(codes) {
  const TEXT = words();
  return h("div", { class: "recovery-codes" },
    h("h3", {}, TEXT.recoveryTitle),
    h("p", { class: "hint" }, TEXT.recoveryHint),
    h("ul", { class: "codes", "aria-label": TEXT.recoveryTitle }, ...codes.map((code) => h("li", {}, h("code", {}, code)))));
}

async function twoFactorSection(user) {
  const TEXT = words();
  const box = h("section", { class: "card", "aria-labelledby": "two-factor-title" });
  async function show(extra = null) {
    const response = await get("/api/v1/auth/two-factor/");
    const state = response.ok ? response.data : { enabled: false, required: false, verified: false, recovery_codes_left: 0 };
    const password = passwordInput("password", "current-password");
    const parts = [h("h2", { id: "two-factor-title" }, TEXT.twoFactorTitle)];
    if (!state.enabled) {
      parts.push(h("p", {}, TEXT.twoFactorOff));
      if (state.required) parts.push(h("p", { class: "notice", role: "note" }, TEXT.twoFactorRequired));
      if (extra) parts.push(extra);
      parts.push(postForm({
        path: "/api/v1/auth/two-factor/totp/", body: () => ({ password: password.value }),
        done: (started) => box.replaceChildren(...enrolment(started.data)), submitText: TEXT.addApp, summary: t("Not started"),
        fields: [field(TEXT.password, password, null, "password")],
      }));
    } else {
      parts.push(h("p", {}, state.verified ? TEXT.twoFactorOn(state.recovery_codes_left) : TEXT.twoFactorPending));
      if (extra) parts.push(extra); // the new recovery codes first: they are shown only now
      const action = (path, method, done, text) => h("button", { type: "button", onclick: async (event) => {
        const form = event.target.closest("section");
        await refreshCsrf();
        const answer = await api(method, path, { password: password.value });
        if (answer.ok) done(answer);
        else showProblems(form, answer.data || { detail: TEXT.again }, { summary: t("Not done") });
      } }, text);
      parts.push(field(TEXT.password, password, null, "password"),
        h("div", { class: "actions" },
          action("/api/v1/auth/two-factor/recovery-codes/", "POST", (answer) => show(recoveryCodes(answer.data.recovery_codes)), TEXT.newCodes),
          action("/api/v1/auth/two-factor/", "DELETE", () => show(h("p", { role: "status" }, TEXT.turnedOff)), TEXT.turnOff)));
    }
    box.replaceChildren(...parts);
  }

  function enrolment({ secret, qr_svg: qrSvg }) {
    const code = h("input", { type: "text", name: "code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: 6, required: true });
    // The server makes the QR code (an SVG of squares, no script), so it works offline of any CDN.
    const picture = h("div", { class: "qr", role: "img", "aria-label": t("QR code for the authenticator app") });
    // Parsed as HTML, which puts <svg> in the SVG namespace whether or not it names it.
    const parsed = new DOMParser().parseFromString(qrSvg, "text/html").querySelector("svg");
    if (parsed) picture.append(document.importNode(parsed, true));
    return [
      h("h2", { id: "two-factor-title" }, TEXT.twoFactorTitle),
      h("p", {}, TEXT.scan),
      picture,
      h("p", {}, withCode(TEXT.key, h("code", { class: "secret" }, secret.replace(/(.{4})/g, "$1 ").trim()))),
      postForm({
        path: "/api/v1/auth/two-factor/totp/confirm/", body: () => ({ code: code.value.trim() }),
        done: (answer) => {
          // This session passed the second step: the app's copy of the account no longer lacks it.
          user.requirements = (user.requirements || []).filter((requirement) => requirement !== "two_factor");
          return show(recoveryCodes(answer.data.recovery_codes));
        },
        submitText: TEXT.confirm, summary: t("Not turned on"),
        fields: [field(TEXT.code, code, null, "code")],
      }),
    ];
  }

  await show();
  return box;
}

async function security({ user }) {
  const current = passwordInput("current_password", "current-password");
  const next = passwordInput("new_password", "new-password");
  const changed = h("p", { role: "status" });
  const list = h("ul", { class: "sessions" });
  const ended = h("p", { role: "status" });

  async function showSessions() {
    const response = await get("/api/v1/auth/sessions/");
    list.replaceChildren(...(response.ok ? response.data : []).map((session) => h("li", {},
      session.current ? t("{device} (this device)", { device: session.device || t("Unknown device") }) : session.device || t("Unknown device"),
      h("br"), h("small", {}, t("Last used {moment}", { moment: formatDateTime(session.last_used_at) })))));
  }
  await showSessions();

  const [email, twoFactor] = await Promise.all([emailSection(user), twoFactorSection(user)]);

  return h("section", {},
    h("h1", {}, t("Password and sessions")),
    email,
    twoFactor,
    h("h2", {}, t("Change your password")),
    h("p", { class: "hint" }, t("Every other device is signed out.")),
    postForm({
      path: "/api/v1/auth/password/change/", body: () => ({ current_password: current.value, new_password: next.value }),
      done: (_, form) => { form.reset(); changed.textContent = t("Password changed. Other devices are signed out."); showSessions(); },
      submitText: t("Change password"), summary: t("Not changed"),
      fields: [field(t("Current password"), current, null, "current_password"), field(t("New password"), next, null, "new_password")],
    }),
    changed,
    h("section", { class: "card", "aria-labelledby": "sessions-title" },
      h("h2", { id: "sessions-title" }, t("Where you are signed in")),
      list,
      h("button", { type: "button", onclick: async () => {
        const response = await api("POST", "/api/v1/auth/sessions/end-others/");
        ended.textContent = response.ok
          ? nt("Signed out of {n} other session.", "Signed out of {n} other sessions.", response.data.ended) : t("Please try again.");
        await showSessions();
      } }, t("Sign out everywhere else")),
      ended));
}

export function render({ name, params, user }) {
  if (name === "forgot") return forgot();
  if (name === "reset") return reset(params);
  if (name === "verify-email" || name === "confirm-email") return emailLink(name, params);
  return security({ user });
}
