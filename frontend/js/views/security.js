// Account security: forgot password (#/forgot), the emailed reset link (#/reset/<uid>/<token>),
// the emailed email links (#/verify-email/<token>, #/confirm-email/<token>), and, signed in,
// the email address, two-step sign-in, password change and the account's sessions (#/security).

import { api, get, refreshCsrf } from "../api.js";
import { field, h, showProblems } from "../ui.js";

// The sentences of the email and two-step parts, in one place for the coming catalogue.
const TEXT = {
  emailTitle: "Email address",
  verified: "Verified.",
  unverified: "Not verified yet: open the link we emailed you, so that a reset link can reach you.",
  unverifiedClinician: "Not verified yet: you can read patients' diaries once you open the link we emailed you.",
  sendLink: "Email me a new link",
  changeEmail: "Change email",
  newEmail: "New email",
  changeHint: "We send a link to the new address; your address changes when you open it.",
  password: "Your password",
  twoFactorTitle: "Two-step sign-in",
  twoFactorOff: "Off. Signing in asks for your password only. An authenticator app on your phone (any TOTP app) adds a code that changes every 30 seconds.",
  twoFactorRequired: "Your account needs it before you can read patients' diaries.",
  twoFactorOn: (left) => `On. ${left} unused recovery ${left === 1 ? "code" : "codes"} left.`,
  twoFactorPending: "On for this account; sign in again with a code to use it in this session.",
  addApp: "Add an authenticator app",
  scan: "Scan this code with the app, or type the key into it. Then enter the 6-digit code it shows.",
  key: "Key",
  code: "6-digit code",
  confirm: "Turn on",
  recoveryTitle: "Your recovery codes",
  recoveryHint: "Each signs you in once if the phone is lost. Keep them somewhere safe, away from the phone: they are shown only now.",
  newCodes: "New recovery codes",
  turnOff: "Turn off",
  turnedOff: "Two-step sign-in is off.",
  linkTitleVerify: "Confirm your email",
  linkTitleChange: "Confirm your new email",
  linkWorking: "One moment…",
  openApp: "Open Neckline",
};

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
      else showProblems(form, response.data || { detail: "Please try again." }, { top: problems, summary });
    } catch {
      showProblems(form, { detail: "You seem to be offline. This needs the network." }, { top: problems, summary: "Offline" });
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
    h("h1", {}, "Forgot your password?"),
    h("p", { class: "hint" }, "We email you a link to choose a new one. It works once, for an hour."),
    postForm({
      path: "/api/v1/auth/password/reset/", body: () => ({ email: email.value.trim() }),
      done: (response) => { sent.textContent = response.data.detail; }, submitText: "Email me a link", summary: "Not sent",
      fields: [field("Email", email, null, "email")],
    }),
    sent,
    h("p", {}, h("a", { href: "#/login" }, "Back to log in")));
}

function reset(params) {
  const [uid, token] = params;
  const password = passwordInput("new_password", "new-password");
  const done = h("p", { role: "status" });
  return h("section", {},
    h("h1", {}, "Choose a new password"),
    postForm({
      path: "/api/v1/auth/password/reset/confirm/", body: () => ({ uid, token, new_password: password.value }),
      done: () => { done.replaceChildren("Your password is changed. ", h("a", { href: "#/login" }, "Log in")); },
      submitText: "Save the new password", summary: "Not changed",
      fields: [field("New password", password, "At least 8 characters, not a common one.", "new_password")],
    }),
    done);
}

/** #/verify-email/<token> and #/confirm-email/<token>: post the link's token, say what happened. */
async function emailLink(name, params) {
  const path = name === "verify-email" ? "/api/v1/auth/email/verify/" : "/api/v1/auth/email/change/confirm/";
  const outcome = h("p", { role: "status" }, TEXT.linkWorking);
  const section = h("section", {}, h("h1", {}, name === "verify-email" ? TEXT.linkTitleVerify : TEXT.linkTitleChange), outcome,
    h("p", {}, h("a", { href: "/" }, TEXT.openApp))); // a fresh start reads the changed account
  try {
    await refreshCsrf();
    const response = await api("POST", path, { token: params.join("/") });
    outcome.textContent = response.ok ? response.data.detail : (response.data?.token || ["Please try again."]).join(" ");
  } catch {
    outcome.textContent = "You seem to be offline. This needs the network.";
  }
  return section;
}

async function emailSection(user) {
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
      sent.textContent = response.ok ? response.data.detail : Object.values(response.data || {}).flat().join(" ") || "Please try again.";
    } }, TEXT.sendLink),
    sent,
    h("details", {}, h("summary", {}, TEXT.changeEmail), postForm({
      path: "/api/v1/auth/email/change/", body: () => ({ new_email: newEmail.value.trim(), password: password.value }),
      done: (response, form) => { form.reset(); changed.textContent = response.data.detail; }, submitText: TEXT.changeEmail, summary: "Not changed",
      fields: [field(TEXT.newEmail, newEmail, TEXT.changeHint, "new_email"), field(TEXT.password, password, null, "password")],
    })),
    changed);
}

function recoveryCodes(codes) {
  return h("div", { class: "recovery-codes" },
    h("h3", {}, TEXT.recoveryTitle),
    h("p", { class: "hint" }, TEXT.recoveryHint),
    h("ul", { class: "codes", "aria-label": TEXT.recoveryTitle }, ...codes.map((code) => h("li", {}, h("code", {}, code)))));
}

async function twoFactorSection(user) {
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
        done: (started) => box.replaceChildren(...enrolment(started.data)), submitText: TEXT.addApp, summary: "Not started",
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
        else showProblems(form, answer.data || { detail: "Please try again." }, { summary: "Not done" });
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
    const picture = h("div", { class: "qr", role: "img", "aria-label": "QR code for the authenticator app" });
    // Parsed as HTML, which puts <svg> in the SVG namespace whether or not it names it.
    const parsed = new DOMParser().parseFromString(qrSvg, "text/html").querySelector("svg");
    if (parsed) picture.append(document.importNode(parsed, true));
    return [
      h("h2", { id: "two-factor-title" }, TEXT.twoFactorTitle),
      h("p", {}, TEXT.scan),
      picture,
      h("p", {}, `${TEXT.key}: `, h("code", { class: "secret" }, secret.replace(/(.{4})/g, "$1 ").trim())),
      postForm({
        path: "/api/v1/auth/two-factor/totp/confirm/", body: () => ({ code: code.value.trim() }),
        done: (answer) => {
          // This session passed the second step: the app's copy of the account no longer lacks it.
          user.requirements = (user.requirements || []).filter((requirement) => requirement !== "two_factor");
          return show(recoveryCodes(answer.data.recovery_codes));
        },
        submitText: TEXT.confirm, summary: "Not turned on",
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
      session.device || "Unknown device", session.current ? " (this device)" : "",
      h("br"), h("small", {}, `Last used ${new Date(session.last_used_at).toLocaleString()}`))));
  }
  await showSessions();

  const [email, twoFactor] = await Promise.all([emailSection(user), twoFactorSection(user)]);

  return h("section", {},
    h("h1", {}, "Password and sessions"),
    email,
    twoFactor,
    h("h2", {}, "Change your password"),
    h("p", { class: "hint" }, "Every other device is signed out."),
    postForm({
      path: "/api/v1/auth/password/change/", body: () => ({ current_password: current.value, new_password: next.value }),
      done: (_, form) => { form.reset(); changed.textContent = "Password changed. Other devices are signed out."; showSessions(); },
      submitText: "Change password", summary: "Not changed",
      fields: [field("Current password", current, null, "current_password"), field("New password", next, null, "new_password")],
    }),
    changed,
    h("section", { class: "card", "aria-labelledby": "sessions-title" },
      h("h2", { id: "sessions-title" }, "Where you are signed in"),
      list,
      h("button", { type: "button", onclick: async () => {
        const response = await api("POST", "/api/v1/auth/sessions/end-others/");
        ended.textContent = response.ok ? `Signed out of ${response.data.ended} other ${response.data.ended === 1 ? "session" : "sessions"}.` : "Please try again.";
        await showSessions();
      } }, "Sign out everywhere else"),
      ended));
}

export function render({ name, params, user }) {
  if (name === "forgot") return forgot();
  if (name === "reset") return reset(params);
  if (name === "verify-email" || name === "confirm-email") return emailLink(name, params);
  return security({ user });
}
