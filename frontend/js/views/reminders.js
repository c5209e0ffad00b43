// Reminders: the settings form, turning on push for this device (permission
// is asked only when the patient taps the button), and the reminder inbox.

import { api, get } from "../api.js";
import { formatDate, nt, t, weekdayNames } from "../i18n.js";
import { REMINDER_KINDS } from "../vocabulary.js";
import { announce, choiceGroup, errorList, field, h, showProblems, write } from "../ui.js";

// Monday first, as the API counts them (0-6), named short in the language in use.
const WEEKDAYS = () => weekdayNames("short").map((name, day) => [day, name]);
const MAX_TIMES = 12;
// Every kind of docs/api.md's inbox in words, diary/choices.py's ReminderKind (a kind added later reads "Reminder", never its code).
const KINDS = () => Object.fromEntries(REMINDER_KINDS);

// Server messages said in the words of the question they belong to.
const WORDS = {
  times: () => t("Please give each reminder time as hours and minutes, each time once."),
  weekdays: () => t("Please tap at least one day, or turn the reminders off."),
};

const hhmm = (time) => (time ? time.slice(0, 5) : "");
const timeInput = (value, onchange) => h("input", { type: "time", value: hhmm(value), onchange });

function settingsForm(settings) {
  const state = { ...settings, times: [...settings.times] };
  const top = h("div", {});
  const status = h("p", { class: "saved", role: "status", "aria-live": "polite" });

  const enabled = h("input", { type: "checkbox", checked: state.enabled, onchange: (e) => { state.enabled = e.target.checked; } });
  const adaptive = h("input", { type: "checkbox", checked: state.adaptive, onchange: (e) => { state.adaptive = e.target.checked; } });
  const times = h("div", {});
  const drawTimes = () => {
    times.replaceChildren(...state.times.map((time, index) => h("div", { class: "row" },
      field(t("Reminder time {number}", { number: index + 1 }), timeInput(time, (e) => { state.times[index] = e.target.value; })),
      h("div", { class: "actions" }, h("button", { type: "button", onclick: () => { state.times.splice(index, 1); drawTimes(); } },
        t("Remove time {number}", { number: index + 1 }))))));
  };
  drawTimes();
  const addTime = h("button", { type: "button", onclick: () => {
    if (state.times.length >= MAX_TIMES) return;
    state.times.push("");
    drawTimes();
    times.lastChild.querySelector("input").focus();
  } }, t("Add a time"));
  const setTime = (name) => (e) => { state[name] = e.target.value || null; };

  async function save(event) {
    event.preventDefault();
    status.textContent = "";
    showProblems(form, {}, { top });
    const body = {
      enabled: state.enabled, times: state.times.filter(Boolean), weekdays: [...state.weekdays].sort((a, b) => a - b),
      quiet_start: state.quiet_start || null, quiet_end: state.quiet_end || null,
      diary_nudge_time: state.diary_nudge_time || null, adaptive: state.adaptive,
    };
    const button = form.querySelector("button[type=submit]");
    const response = await write(button, () => api("PUT", "/api/v1/reminders/settings/", body),
      () => ({ ok: false, data: { detail: t("You are offline, so your reminder settings were not saved. Try again when you are back online.") } }));
    if (!response.ok) {
      showProblems(form, response.data || { detail: t("Not saved. Please try again.") }, { top, words: WORDS, summary: t("Not saved") });
      return;
    }
    status.textContent = t("Reminder settings saved.");
    announce(status.textContent);
  }

  const form = h("form", { class: "card", "aria-labelledby": "settings-title", onsubmit: save },
    h("h2", { id: "settings-title" }, t("Posture reminders")),
    top,
    h("label", { class: "check" }, enabled, t("Send me posture reminders")),
    h("fieldset", { class: "plain", "data-field": "times" }, h("legend", {}, t("At these times")), times, addTime),
    choiceGroup({ legend: t("On these days"), name: "weekdays", options: WEEKDAYS(), value: state.weekdays, multiple: true,
      onChange: (days) => { state.weekdays = days; } }),
    h("fieldset", { class: "plain" }, h("legend", {}, t("Quiet hours (no reminders)")),
      h("div", { class: "row" },
        field(t("Quiet from"), timeInput(state.quiet_start, setTime("quiet_start")), null, "quiet_start"),
        field(t("Quiet until"), timeInput(state.quiet_end, setTime("quiet_end")), null, "quiet_end"))),
    field(t("Evening reminder to log the day"), timeInput(state.diary_nudge_time, setTime("diary_nudge_time")),
      t("Leave it empty for no evening reminder."), "diary_nudge_time"),
    h("label", { class: "check" }, adaptive, t("Also remind me 45 minutes before my neck headaches usually start")),
    state.adaptive_time ? h("p", { class: "hint" }, t("Your usual time, from the diary: {time}.", { time: hhmm(state.adaptive_time) })) : null,
    h("p", { class: "hint" }, t("Times are in your timezone, {timezone}. You can change it under Sharing & account.",
      { timezone: (state.timezone || "").replaceAll("_", " ") })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary wide" }, t("Save reminder settings"))),
    status);
  return form;
}

/** The VAPID key as the bytes pushManager.subscribe wants. */
function base64UrlBytes(text) {
  const base64 = text.replaceAll("-", "+").replaceAll("_", "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function within(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

const PUSH = () => {
  const inboxStill = t("Your reminders still arrive in the inbox below.");
  return {
    on: t("Push notifications are on for this device."),
    unsupported: `${t("This browser cannot show push notifications.")} ${inboxStill}`,
    blocked: t("Notifications are blocked for Neckline. To turn them on, allow notifications for this site "
      + "in your browser or phone settings, then tap the button again."),
    noKey: t("Push notifications are not set up on the server yet."),
    notStored: t("This device could not be registered for push. Please try again later."),
    offline: `${t("You are offline, so push could not be turned on. Try again when you are back online.")} ${inboxStill}`,
    // subscribe() refuses in private windows and where the push service is unreachable.
    failed: `${t("Push notifications could not be turned on in this browser (private windows do not allow them).")} ${inboxStill}`,
  };
};

/** Ask, subscribe, and send the subscription; returns a PUSH message key. */
async function subscribe() {
  if (!("Notification" in window) || !("serviceWorker" in navigator)) return "unsupported";
  if (await Notification.requestPermission() !== "granted") return "blocked";
  const registration = await within(navigator.serviceWorker.ready, 10000).catch(() => null);
  if (!registration || !registration.pushManager) return "unsupported";
  const key = await get("/api/v1/push/key/");
  if (!key.ok || !key.data.public_key) return "noKey";
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true, applicationServerKey: base64UrlBytes(key.data.public_key),
  });
  const { endpoint, keys } = subscription.toJSON();
  const saved = await api("POST", "/api/v1/push/subscriptions/", { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  return saved.ok ? "on" : "notStored";
}

function pushSection() {
  const result = h("p", { role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "wide", onclick: async () => {
    button.disabled = true;
    result.className = "";
    result.textContent = t("Turning on push notifications…");
    const outcome = await subscribe().catch((error) => (error && error.name === "NetworkError" ? "offline" : "failed"));
    button.disabled = false;
    result.className = outcome === "on" ? "saved" : "error";
    result.textContent = PUSH()[outcome];
  } }, t("Enable push notifications"));
  const denied = "Notification" in window && Notification.permission === "denied";
  // Say so if this device is already subscribed (without waiting on a worker that may not exist).
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.getRegistration()
      .then((registration) => registration && registration.pushManager && registration.pushManager.getSubscription())
      .then((subscription) => { if (subscription && !result.textContent) result.textContent = PUSH().on; })
      .catch(() => {});
  }
  return h("section", { class: "card", "aria-labelledby": "push-title" },
    h("h2", { id: "push-title" }, t("Notifications on this device")),
    h("p", {}, t("Get reminders on this phone even when Neckline is closed. Your phone asks for permission after you tap.")),
    denied ? h("p", { class: "hint" }, t("Notifications are currently blocked for this site in your browser settings.")) : null,
    button, result);
}

function inboxItem(reminder) {
  const titleId = `reminder-${reminder.id}`;
  const doneBadge = () => h("span", { class: "badge" }, t("✓ Done"));
  const problem = h("p", { class: "field-error", hidden: true });
  const button = h("button", { type: "button", "aria-describedby": titleId, onclick: async () => {
    problem.hidden = true;
    const response = await write(button, () => api("POST", `/api/v1/reminders/${reminder.id}/done/`),
      () => ({ ok: false, offline: true }));
    if (response.ok) {
      button.replaceWith(doneBadge());
      announce(t("Marked done: {title}", { title: reminder.title }));
    } else {
      problem.textContent = response.offline ? t("You are offline, so it was not marked done. Try again when you are back online.")
        : t("Could not mark it done. Please try again.");
      problem.hidden = false;
      announce(problem.textContent);
    }
  } }, t("Done"));
  // Weekday, day, month and time in the language in use (a 24-hour clock where it has one).
  const sent = formatDate(reminder.sent_at, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  // `pushed` (docs/api.md): whether a notification went out too; the inbox holds it either way.
  const how = reminder.pushed === true ? t("{moment} · also sent as a notification", { moment: sent })
    : reminder.pushed === false ? t("{moment} · in this inbox only", { moment: sent }) : sent;
  return h("li", {},
    h("div", {},
      h("h3", { id: titleId }, reminder.title),
      h("p", {}, reminder.body),
      h("p", { class: "hint" }, h("span", { class: "badge" }, KINDS()[reminder.kind] || t("Reminder")), ` ${how}`),
      problem),
    reminder.done ? doneBadge() : button);
}

export async function render() {
  const [settings, inbox] = await Promise.all([get("/api/v1/reminders/settings/"), get("/api/v1/reminders/")]);
  if (!settings.ok || !inbox.ok) {
    const failed = settings.ok ? inbox : settings;
    return h("section", {}, h("h1", {}, t("Reminders")), errorList(failed.data || { detail: t("Could not load your reminders.") }));
  }
  const reminders = Array.isArray(inbox.data) ? inbox.data : inbox.data.results || [];
  return h("section", {},
    h("h1", {}, t("Reminders")),
    h("div", { "data-slot": "treatments" }), // a post-block question (slots.js)
    pushSection(),
    settingsForm(settings.data),
    h("section", { class: "card", "aria-labelledby": "inbox-title" },
      h("h2", { id: "inbox-title" }, t("Inbox")),
      h("p", { class: "hint" }, t("Every reminder that fell due is here, whether or not a notification reached a device.")),
      reminders.length ? h("ul", { class: "list" }, reminders.map(inboxItem)) : h("p", {}, t("No reminders yet."))));
}
