// The optional health questions of the profile (docs/api.md, GET/PATCH /api/v1/me/):
// they feed the warning signs and differentials of docs/screening.md. Asked on the
// registration and account screens, with why; every one may be left unanswered.

import { choiceGroup, field, h, localToday } from "../ui.js";

const YES_NO = [[true, "Yes"], [false, "No"]];
export const QUESTIONS = [
  ["headaches_began_after_injury", "Did your headaches begin within a week of that injury?"],
  ["cancer_history", "Have you ever had cancer?"],
  ["immunosuppressed", "Is your immune system weakened, by an illness or by medicine?"],
  ["pregnant_or_postpartum", "Are you pregnant, or did you give birth in the last 6 weeks?"],
];
export const NAMES = ["injury_date", ...QUESTIONS.map(([name]) => name)];

/** Whether the server's profile has these fields (older servers refuse unknown fields). */
export const supported = (profile) => Boolean(profile) && NAMES.every((name) => name in profile);

/** The questions as a fieldset, and `values()` giving what to PATCH (null where unanswered). */
export function healthQuestions(profile = {}) {
  const answers = Object.fromEntries(QUESTIONS.map(([name]) => [name, profile[name] ?? null]));
  const injury = h("input", { type: "date", value: profile.injury_date || "", max: localToday() });
  const element = h("fieldset", { class: "plain health" },
    h("legend", {}, "About your health (optional)"),
    h("p", { class: "hint" }, "Why we ask: some headaches need a doctor's look sooner when they begin after an injury, "
      + "or together with cancer, a weakened immune system or a pregnancy. Your answers only shape the warning signs "
      + "and what Insights says. Skip any you prefer not to answer; tap an answer again to clear it."),
    field("Date of a head or neck injury, a fall or whiplash, if you had one", injury, null, "injury_date"),
    QUESTIONS.map(([name, legend]) => choiceGroup({ legend, name, options: YES_NO, value: answers[name],
      onChange: (value) => { answers[name] = value ?? null; }, className: "yes-no" })));
  return { element, values: () => ({ injury_date: injury.value || null, ...answers }) };
}
