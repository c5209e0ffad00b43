// Account security: forgot password (#/forgot), the emailed reset link (#/reset/<uid>/<token>),
// and, signed in, password change and the account's sessions (#/security).

import { api, get, refreshCsrf } from "../api.js";
import { field, h, showProblems } from "../ui.js";

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

async function security() {
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

  return h("section", {},
    h("h1", {}, "Password and sessions"),
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

export function render({ name, params }) {
  if (name === "forgot") return forgot();
  if (name === "reset") return reset(params);
  return security();
}
