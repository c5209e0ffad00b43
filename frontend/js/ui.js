// Small DOM helpers. Text always goes in as text nodes, never as HTML, so no
// diary content can ever run as markup. Dates and times come from i18n.js, in the language
// of the sentence around them.

import * as i18n from "./i18n.js";
import { nt, t } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

/** Tell screen readers (and everyone: the text shows briefly) what just happened. */
export function announce(message) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  // A fresh text node after a tick makes screen readers read it even if it repeats.
  setTimeout(() => { region.textContent = message; }, 50);
}

/** A group of toggle buttons where one (or, with multiple, several) can be pressed. */
export function choiceGroup({ legend, options, value, multiple = false, onChange, className = "", name = null }) {
  // Keys are compared as text (a severity 5 is the button "5"); onChange gets the codes back.
  const codeOf = new Map(options.map(([code]) => [String(code), code]));
  const initial = multiple ? value || [] : value === null || value === undefined ? [] : [value];
  const selected = new Set(initial.map(String));
  const buttons = options.map(([code, text]) => {
    const key = String(code);
    const button = h("button", { type: "button", "aria-pressed": selected.has(key) ? "true" : "false", "data-value": key }, text);
    button.addEventListener("click", () => {
      const wasOn = selected.has(key);
      if (!multiple) selected.clear();
      if (wasOn) selected.delete(key);
      else selected.add(key);
      for (const b of buttons) b.setAttribute("aria-pressed", selected.has(b.dataset.value) ? "true" : "false");
      const codes = [...selected].map((k) => codeOf.get(k));
      onChange(multiple ? codes : (codes.length ? codes[0] : null));
    });
    return button;
  });
  return h("fieldset", { class: `choices ${className}`, "data-field": name }, h("legend", {}, legend), buttons);
}

export function field(labelText, input, hint, name = null) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return h("div", { "data-field": name }, h("label", { for: id }, labelText), input, hint ? h("p", { class: "hint", id: hintId }, hint) : null);
}

/** Server messages as plain text: {field: [messages]} values may be lists, objects or strings. */
export function messagesOf(messages) {
  if (messages === null || messages === undefined) return "";
  if (typeof messages === "string") return messages;
  if (Array.isArray(messages)) return messages.map(messagesOf).filter(Boolean).join(" ");
  if (typeof messages === "object") return Object.values(messages).map(messagesOf).filter(Boolean).join(" ");
  return String(messages);
}

/** Errors with nowhere better to go (a whole request refused), in the error style; an
 * alert unless the caller announces them itself (showProblems does, once). */
export function errorList(errors, names = {}, { alert = true } = {}) {
  // errors: {field: [messages]} or {detail: "..."} as the API answers.
  const items = [];
  for (const [name, messages] of Object.entries(errors || {})) {
    const text = messagesOf(messages);
    const general = name === "detail" || name === "non_field_errors";
    items.push(h("li", {}, general ? text : t("{question}: {problem}", { question: names[name] || name.replaceAll("_", " "), problem: text })));
  }
  return h("div", { class: "errors", role: alert ? "alert" : null }, h("ul", {}, items));
}

/**
 * Show what was refused next to the question it belongs to, in the error style,
 * announced once, with the first wrong question focused.
 * - `scope`: the element holding the questions; each question (a fieldset or a field's
 *   wrapper) carries data-field="<API name>".
 * - `errors`: {field: [messages]} as the API answers (or as the screen found them).
 * - `top`: where errors that belong to no question go.
 * - `words`: optional {field: (serverText) => text in the question's own words}.
 * Returns the number of problems shown (0 clears the old ones).
 */
export function showProblems(scope, errors, { top = null, words = {}, summary = t("Not saved") } = {}) {
  for (const old of scope.querySelectorAll(".field-error")) old.remove();
  for (const old of scope.querySelectorAll("[aria-invalid]")) old.removeAttribute("aria-invalid");
  if (top) top.replaceChildren();
  const entries = Object.entries(errors || {});
  if (!entries.length) return 0;
  const general = {};
  const shown = [];
  for (const [name, messages] of entries) {
    const question = scope.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const serverText = messagesOf(messages);
    if (!question) {
      general[name] = serverText;
      continue;
    }
    const text = words[name] ? words[name](serverText) : serverText;
    const id = `error-${name}-${Math.random().toString(36).slice(2, 7)}`;
    const note = h("p", { class: "field-error", id }, text);
    const heading = question.querySelector(":scope > legend, :scope > label");
    if (heading) heading.after(note);
    else question.prepend(note);
    const controls = question.matches("input, select, textarea") ? [question] : [...question.querySelectorAll("input, select, textarea, button")];
    for (const control of controls) {
      if (!control.matches("button")) control.setAttribute("aria-invalid", "true");
      const described = (control.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.startsWith("error-"));
      control.setAttribute("aria-describedby", [...described, id].join(" "));
    }
    shown.push({ question, text, controls });
  }
  if (top && Object.keys(general).length) top.replaceChildren(errorList(general, {}, { alert: false }));
  const first = shown.sort((a, b) => (a.question.compareDocumentPosition(b.question) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
  const count = shown.length + Object.keys(general).length;
  const lead = nt("{n} answer needs a look", "{n} answers need a look", count);
  announce(t("{summary}: {count}. {problem}", { summary, count: lead, problem: first ? first.text : Object.values(general)[0] }));
  if (first) {
    const details = first.question.closest("details");
    if (details) details.open = true;
    const target = first.controls.find((c) => c.getAttribute("aria-pressed") === "true") || first.controls[0];
    if (target) target.focus();
  } else if (top) {
    top.setAttribute("tabindex", "-1");
    top.focus();
  }
  return count;
}

/**
 * Run a write from a button: the button is disabled while it runs and always given
 * back; offline, `onOffline` is called (with nothing written) instead of a stuck screen.
 */
export async function write(button, work, onOffline) {
  if (button) button.disabled = true;
  try {
    return await work();
  } catch (error) {
    if (error && error.name === "NetworkError") return onOffline();
    throw error;
  } finally {
    if (button) button.disabled = false;
  }
}

/** What a screen says when a write could not reach the server. Better, a whole sentence of the
 * screen's own through t(); `what` (already in the reader's language) is for older callers. */
export const offline = (what) => (what
  ? t("You are offline, so {what}. Try again when you are back online.", { what })
  : t("You are offline, so this was not saved. Try again when you are back online."));

export function localToday() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

const SHORT_DAY = { weekday: "short", day: "numeric", month: "short" };

/** "Sun 6 Dec", "So., 6. Dez.", "dim. 6 déc.": a day ("YYYY-MM-DD", or a timestamp) in the language
 * of the app. Put into a sentence whole, through t(): t("Today, {date}", { date: formatDate(day) }). */
export function formatDate(iso) {
  const value = String(iso || "");
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return i18n.formatDay(value, SHORT_DAY);
  return valid(value) ? i18n.formatDate(value, SHORT_DAY) : "";
}

/** "6 Dec 2026, 14:05" (the month in words, never "12/6/2026"), in the language of the app, on its clock. */
export function formatDateTime(iso) {
  return valid(iso) ? i18n.formatDateTime(iso) : "";
}

// Intl refuses an invalid date (a RangeError): a missing one shows as nothing, never a broken screen.
const valid = (value) => Boolean(value) && !Number.isNaN(new Date(value).getTime());

export const label = (code) => (code || "").replaceAll("_", " ");

/** "14:05" (or "2:05 PM" where the language's clock has 12 hours) for a time ("14:05:00") or a timestamp. */
export function formatTime(value) {
  if (!value) return "";
  const time = /^(\d{2}):(\d{2})/.exec(value);
  if (time) return i18n.formatTime(new Date(2000, 0, 1, Number(time[1]), Number(time[2])));
  return valid(value) ? i18n.formatTime(value) : "";
}
