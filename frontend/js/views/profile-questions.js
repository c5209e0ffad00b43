// The optional health questions of the profile (docs/api.md, GET/PATCH /api/v1/me/):
// they feed the warning signs and differentials of docs/screening.md. Asked on the
// registration and account screens, with why; every one may be left unanswered.

import { t } from "../i18n.js";
import { choiceGroup, field, h, localToday } from "../ui.js";

// This screen's words, in one place (frontend/js/i18n.js: read once the language is loaded).
const YES_NO = [[true, t("Yes")], [false, t("No")]];
export const QUESTIONS = [
  ["headaches_began_after_injury", t("Did your headaches begin within a week of that injury?")],
  ["cancer_history", t("Have you ever had cancer?")],
  ["immunosuppressed", t("Is your immune system weakened, by an illness or by medicine?")],
  ["pregnant_or_postpartum", t("Are you pregnant, or did you give birth in the last 6 weeks?")],
];
const TEXT = {
  legend: t("About your health (optional)"),
  why: t("Why we ask: some headaches need a doctor's look sooner when they begin after an injury, or together with "
    + "cancer, a weakened immune system or a pregnancy. Your answers only shape the warning signs and what Insights "
    + "says. Skip any you prefer not to answer; tap an answer again to clear it."),
  injury: t("Date of a head or neck injury, a fall or whiplash, if you had one"),
};
export const NAMES = ["injury_date", ...QUESTIONS.map(([name]) => name)];

/** Whether the server's profile has these fields (older servers refuse unknown fields). */
export const supported = (profile) => Boolean(profile) && NAMES.every((name) => name in profile);

/** The questions as a fieldset, and `values()` giving what to PATCH (null where unanswered). */
export function healthQuestions(profile = {}) {
  const answers = Object.fromEntries(QUESTIONS.map(([name]) => [name, profile[name] ?? null]));
  const injury = h("input", { type: "date", value: profile.injury_date || "", max: localToday() });
  const element = h("fieldset", { class: "plain health" },
    h("legend", {}, TEXT.legend),
    h("p", { class: "hint" }, TEXT.why),
    field(TEXT.injury, injury, null, "injury_date"),
    QUESTIONS.map(([name, legend]) => choiceGroup({ legend, name, options: YES_NO, value: answers[name],
      onChange: (value) => { answers[name] = value ?? null; }, className: "yes-no" })));
  return { element, values: () => ({ injury_date: injury.value || null, ...answers }) };
}
