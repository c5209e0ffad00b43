// Log in, or create an account (patients by default; clinicians say so). An account with
// two-step sign-in is asked for its code in the same form, after the password.

import { api, refreshCsrf } from "../api.js";
import { t } from "../i18n.js";
import { field, h, showProblems } from "../ui.js";
import { healthQuestions, supported } from "./profile-questions.js";

export function render({ name, reload }) {
  // The two-step part's sentences, in the reader's language.
  const TEXT = {
    codeLabel: t("Code from your authenticator app"),
    codeHint: t("6 digits, or one of your recovery codes if the phone is lost."),
    codeAsked: t("Your account asks for a second step."),
  };
  const registering = name === "register";
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const password = h("input", { type: "password", name: "password", required: true, minlength: 8,
    autocomplete: registering ? "new-password" : "current-password" });
  const clinician = h("input", { type: "checkbox", name: "clinician" });
  const code = h("input", { type: "text", name: "code", autocomplete: "one-time-code", inputmode: "numeric", maxlength: 32 });
  const codeBox = h("div", { hidden: true }, h("p", { role: "status" }, TEXT.codeAsked), field(TEXT.codeLabel, code, TEXT.codeHint, "code"));
  const problems = h("div", {});
  const health = registering ? healthQuestions() : null;
  // Shown only to patients: a clinician's account has no diary.
  const healthBox = registering ? h("div", {}, health.element) : null;
  clinician.addEventListener("change", () => { healthBox.hidden = clinician.checked; });

  async function submit(event) {
    event.preventDefault();
    const form = event.target;
    showProblems(form, {}, { top: problems });
    const body = { email: email.value.trim(), password: password.value };
    if (!codeBox.hidden && code.value.trim()) body.code = code.value.trim();
    if (registering) {
      body.role = clinician.checked ? "clinician" : "patient";
      body.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await refreshCsrf();
      const response = await api("POST", `/api/v1/auth/${registering ? "register" : "login"}/`, body);
      if (!response.ok && response.data && response.data.two_factor_required) {
        const { two_factor_required: _, ...problemsToShow } = response.data;
        const firstAsk = codeBox.hidden;
        codeBox.hidden = false;
        showProblems(form, firstAsk ? {} : problemsToShow, { top: problems, summary: t("Not logged in") });
        code.focus();
        return;
      }
      if (!response.ok) {
        showProblems(form, response.data || { detail: t("Please try again.") }, { top: problems, summary: registering ? t("Not created") : t("Not logged in") });
        return;
      }
      await refreshCsrf(); // Django rotates the token at login
      const answers = registering && !clinician.checked && supported(response.data) ? health.values() : {};
      if (Object.values(answers).some((value) => value !== null)) {
        await api("PATCH", "/api/v1/me/", answers).catch(() => null); // optional: can be given later under Account
      }
      location.hash = "";
      await reload();
    } catch {
      showProblems(form, { detail: t("You seem to be offline. Logging in needs the network once.") }, { top: problems, summary: t("Offline") });
    } finally {
      button.disabled = false;
    }
  }

  return h("section", {},
    h("h1", {}, registering ? t("Create your diary") : t("Log in")),
    h("p", { class: "hint" }, registering
      ? t("A private headache diary. Only you, and the clinicians you choose, can read it.")
      : t("Welcome back.")),
    h("form", { class: "card", onsubmit: submit, novalidate: true },
      field(t("Email"), email, null, "email"),
      field(t("Password"), password, registering ? t("At least 8 characters, not a common one.") : null, "password"),
      registering ? null : codeBox,
      registering ? h("label", { class: "check" }, clinician, t("I am a clinician")) : null,
      healthBox,
      problems,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary wide" }, registering ? t("Create account") : t("Log in")))),
    h("p", {}, registering
      ? h("a", { href: "#/login" }, t("I already have an account"))
      : h("a", { href: "#/register" }, t("Create an account"))),
    registering ? null : h("p", {}, h("a", { href: "#/forgot" }, t("Forgot your password?"))));
}
