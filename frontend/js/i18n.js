// The PWA's words in the reader's language (issue 25).
//
// Messages: `t("Saved {count} entries", { count })` and `nt(singular, plural, n, params)`
// look the English text up in the catalogue of the chosen language, an ES module compiled
// from locale/<lang>/LC_MESSAGES/djangojs.po (config/translations.py) that the service
// worker precaches with the app, so the app opens in its language offline. English is the
// msgid itself: it needs no catalogue. `python manage.py makemessages -d djangojs -a`
// finds every t() and nt() (CONTRIBUTING.md, Add a language).
//
// Dates, times, numbers and lists come from Intl in the same language as the sentence
// around them, never from the browser's own locale: a German sentence gets German
// weekday names, and a 24-hour clock where the language's locale uses one. Only the region
// comes from the browser, when it asks for that same language (en-GB: "Sun 6 Dec", 14:05).

export const LANGUAGES = ["en", "de", "fr", "it", "es"];
const STORED = "neckline-language";

// Literal import() paths: `collectstatic` rewrites them to the hashed names.
const CATALOGUES = {
  de: () => import("./catalogues/de.js"),
  fr: () => import("./catalogues/fr.js"),
  it: () => import("./catalogues/it.js"),
  es: () => import("./catalogues/es.js"),
};

// The tests' pseudo-language (config/translations.py, tests/frontend/test_pseudo_language.py):
// its catalogue ({language, messages}) is put in the page by the test itself before the app
// starts. The app ships none and never lists it, so no user is ever given it.
const PSEUDO = globalThis.NECKLINE_PSEUDO;
const speaks = (code) => LANGUAGES.includes(code) || (PSEUDO !== undefined && code === PSEUDO.language);

let language = "en";
// The locale of dates, times and numbers: the language now in use, with the browser's own region
// where the browser asks for that language ("en-GB": "Sun 6 Dec", a 24-hour clock; "de-AT": "Jänner").
let locale = "en";
let messages = {};

/** The language now in use ("en", "de", ...). */
export const currentLanguage = () => language;

/** The first of the browser's languages that the app speaks, else English. */
export function browserLanguage(preferred = navigator.languages || [navigator.language]) {
  for (const tag of preferred) {
    const code = String(tag || "").toLowerCase().split("-")[0];
    if (speaks(code)) return code;
  }
  return "en";
}

/** Load a language: the account's own (`chosen`, from /me/; null when the account follows
 * the browser), else, signed out or offline (`chosen` undefined), the account's language
 * remembered from the last visit, else the browser's. Sets <html lang>. A catalogue that
 * cannot load leaves English, never a blank screen. */
export async function useLanguage(chosen) {
  if (speaks(chosen)) localStorage.setItem(STORED, chosen);
  else if (chosen !== undefined) localStorage.removeItem(STORED);
  const remembered = localStorage.getItem(STORED);
  const code = speaks(remembered) ? remembered : browserLanguage();
  messages = {};
  language = "en";
  if (code !== "en") {
    try {
      messages = code === PSEUDO?.language ? PSEUDO.messages : (await CATALOGUES[code]()).default.messages;
      language = code;
    } catch {
      messages = {};
    }
  }
  locale = regionalLocale(language);
  document.documentElement.lang = language;
  translateStatic();
  return language;
}

function regionalLocale(code, preferred = navigator.languages || [navigator.language]) {
  const tag = preferred.find((one) => String(one || "").toLowerCase().split("-")[0] === code);
  try {
    return tag ? Intl.getCanonicalLocales(tag)[0] : code;
  } catch {
    return code;
  }
}

function fill(text, params) {
  return params ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;
}

/** The message in the current language, with {name} placeholders filled from `params`. */
export function t(msgid, params) {
  const found = messages[msgid];
  return fill(typeof found === "string" && found ? found : msgid, params);
}

/** A message with a count: the plural form the language's rules pick for `n`. `n` is
 * also offered to the text as {n} unless `params` names it otherwise. */
export function nt(singular, plural, n, params) {
  const forms = messages[`${singular}\u0000${plural}`];
  const values = { n, ...params };
  if (!Array.isArray(forms)) return fill(n === 1 ? singular : plural, values);
  // The catalogue's forms follow the Plural-Forms of its .po file; for the five languages
  // it has two: [one, other]. French says "one" for 0 and 1, as its Plural-Forms does.
  const form = new Intl.PluralRules(language).select(n) === "one" ? 0 : forms.length - 1;
  return fill(forms[form] || (n === 1 ? singular : plural), values);
}

const asDate = (value) => (value instanceof Date ? value : new Date(value));

/** "Sunday 6 December" and the like, in the current language; `options` as Intl.DateTimeFormat's. */
export function formatDate(value, options = { weekday: "long", day: "numeric", month: "long" }) {
  return new Intl.DateTimeFormat(locale, options).format(asDate(value));
}

/** The hour and minute options of the clock the locale uses: two-digit hours on a 24-hour clock. */
function clock() {
  const hourCycle = new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions().hourCycle;
  return hourCycle === "h23" || hourCycle === "h24" ? { hour: "2-digit", minute: "2-digit" } : { hour: "numeric", minute: "2-digit" };
}

/** "06:04" in German, French, Italian, Spanish (a 24-hour clock, two-digit hours); "6:04 AM"
 * in English: the clock the language's locale uses. */
export function formatTime(value, options) {
  return new Intl.DateTimeFormat(locale, options || clock()).format(asDate(value));
}

/** "6. Dez. 2026, 06:04": a day and its time joined as the language joins them, on its clock. */
export function formatDateTime(value, options = { day: "numeric", month: "short", year: "numeric" }) {
  return new Intl.DateTimeFormat(locale, { ...options, ...clock() }).format(asDate(value));
}

/** A calendar date given as "YYYY-MM-DD", read as that day (not as midnight UTC). */
export function formatDay(isoDay, options) {
  const [year, month, day] = isoDay.split("-").map(Number);
  return formatDate(new Date(year, month - 1, day), options);
}

/** 2.5 as "2,5" in German, French, Italian and Spanish. */
export function formatNumber(value, options) {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** ["a", "b", "c"] as "a, b and c" / "a, b und c" / "a, b et c". */
export function formatList(items, options = { style: "long", type: "conjunction" }) {
  return new Intl.ListFormat(locale, options).format(items.map(String));
}

/** The weekday names Monday first, short, in the current language (a calendar's header). */
export function weekdayNames(width = "short") {
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, i) => formatDate(new Date(2024, 0, 1 + i), { weekday: width }));
}

// The static texts of index.html, marked with data-i18n (their English text is the msgid).
// Listed here as t() calls so that makemessages finds them.
const STATIC_TEXTS = () => ({
  skip: t("Skip to content"),
  main: t("Main"),
  loading: t("Loading…"),
  description: t("A headache diary for headaches that may start in the neck."),
  noscript: t("Neckline needs JavaScript to run."),
});

function translateStatic() {
  const texts = STATIC_TEXTS();
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = texts[element.dataset.i18n];
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", texts[element.dataset.i18nLabel]);
  }
  for (const element of document.querySelectorAll("[data-i18n-content]")) {
    element.setAttribute("content", texts[element.dataset.i18nContent]);
  }
}

/** "call the emergency number 112" where the account's number is known (/me/'s
 * `emergency_number`, remembered with the account so it works offline), else "call your
 * local emergency number"; `start` for the start of a sentence. The server's advice says the
 * same (diary/red_flags.py, call_emergency). */
export function callEmergency({ start = false } = {}) {
  const number = (JSON.parse(localStorage.getItem("neckline-user") || "null") || {}).emergency_number;
  if (number) return start ? t("Call the emergency number {number}", { number }) : t("call the emergency number {number}", { number });
  return start ? t("Call your local emergency number") : t("call your local emergency number");
}
