// Log in, or create an account (patients by default; clinicians say so).

import { api, refreshCsrf } from "../api.js";
import { errorList, field, h } from "../ui.js";

export function render({ name, reload }) {
  const registering = name === "register";
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const password = h("input", { type: "password", name: "password", required: true, minlength: 8,
    autocomplete: registering ? "new-password" : "current-password" });
  const clinician = h("input", { type: "checkbox", name: "clinician" });
  const problems = h("div", { "aria-live": "polite" });

  async function submit(event) {
    event.preventDefault();
    problems.replaceChildren();
    const body = { email: email.value.trim(), password: password.value };
    if (registering) {
      body.role = clinician.checked ? "clinician" : "patient";
      body.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    }
    try {
      await refreshCsrf();
      const response = await api("POST", `/api/v1/auth/${registering ? "register" : "login"}/`, body);
      if (!response.ok) {
        problems.replaceChildren(errorList(response.data));
        return;
      }
      await refreshCsrf(); // Django rotates the token at login
      location.hash = "";
      await reload();
    } catch {
      problems.replaceChildren(errorList({ detail: "You seem to be offline. Logging in needs the network once." }));
    }
  }

  return h("section", {},
    h("h1", {}, registering ? "Create your diary" : "Log in"),
    h("p", { class: "hint" }, registering
      ? "A private headache diary. Only you, and the clinicians you choose, can read it."
      : "Welcome back."),
    h("form", { class: "card", onsubmit: submit, novalidate: true },
      field("Email", email),
      field("Password", password, registering ? "At least 8 characters, not a common one." : null),
      registering ? h("label", { class: "check" }, clinician, "I am a clinician") : null,
      problems,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary wide" }, registering ? "Create account" : "Log in"))),
    h("p", {}, registering
      ? h("a", { href: "#/login" }, "I already have an account")
      : h("a", { href: "#/register" }, "Create an account")));
}
