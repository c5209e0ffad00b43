// Neckline PWA: boot, routing, navigation, and the outbox sync loop.
// Views live in ./views/*.js; each exports `render(ctx)` returning an Element
// (or a Promise of one). ctx = {user, params, query, navigate, sync, reload}.

import { api, get, NetworkError } from "./api.js";
import { currentLanguage, nt, t, useLanguage } from "./i18n.js";
import { flush, items } from "./outbox.js";
import { fillSlots } from "./slots.js";
import { announce, h } from "./ui.js";

// The main navigation: the everyday screens in one line, the others behind "More", so the nav
// stays one line (and the Log screen fits a phone) however long the words of a language are.
// Functions, not lists: the words are looked up once the language is loaded.
const PATIENT_NAV = () => [["log", t("Log")], ["history", t("History")], ["insights", t("Insights")]];
const PATIENT_MORE = () => [["treatments", t("Treatments")], ["exercises", t("Exercises")], ["reminders", t("Reminders")],
  ["account", t("Sharing & account")], ["security", t("Password")]];
const CLINICIAN_NAV = () => [["patients", t("Patients")], ["account", t("Account")], ["security", t("Password")]];

const VIEWS = {
  login: () => import("./views/auth.js"),
  register: () => import("./views/auth.js"),
  log: () => import("./views/log.js"),
  history: () => import("./views/history.js"),
  insights: () => import("./views/insights.js"),
  reminders: () => import("./views/reminders.js"),
  exercises: () => import("./views/exercises.js"),
  account: () => import("./views/account.js"),
  patients: () => import("./views/clinician.js"),
  treatments: () => import("./views/treatments.js"),
  forgot: () => import("./views/security.js"),
  reset: () => import("./views/security.js"),
  security: () => import("./views/security.js"),
  "verify-email": () => import("./views/security.js"),
  "confirm-email": () => import("./views/security.js"),
  import: () => import("./views/import.js"),
};

// Screens for someone not signed in (a forgotten password); any other name shows login.
const ANONYMOUS_VIEWS = ["register", "forgot", "reset"];
// Emailed links, opened signed in or not (perhaps in another browser than the app's).
const LINK_VIEWS = ["verify-email", "confirm-email"];

let user = null;

function parseHash() {
  const [path, queryString] = (location.hash.replace(/^#\/?/, "") || "").split("?");
  const [name, ...params] = path.split("/").filter(Boolean);
  return { name, params, query: new URLSearchParams(queryString || "") };
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function renderNav(current) {
  const nav = document.getElementById("nav");
  nav.replaceChildren();
  nav.hidden = !user;
  if (!user) return;
  const link = ([name, text]) => h("a", { href: `#/${name}`, "aria-current": name === current ? "page" : false }, text);
  if (user.role === "clinician") {
    nav.append(...CLINICIAN_NAV().map(link));
    return;
  }
  nav.append(...PATIENT_NAV().map(link));
  // A disclosure, not a menu widget: its links stay ordinary links in the Main landmark.
  const others = PATIENT_MORE();
  const inMore = others.some(([name]) => name === current);
  const more = h("details", { class: "nav-more" },
    h("summary", { class: inMore ? "current" : null }, t("More")),
    h("div", { class: "nav-menu" }, others.map(link)));
  more.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !more.open) return;
    more.open = false;
    more.querySelector("summary").focus();
  });
  nav.append(more);
  fitNav(nav);
}

/** One line whatever the language or text size: the everyday links that do not fit go first in "More"
 *  (the open screen's link stays in the line). Measured, so longer words need no rule of their own. */
function fitNav(nav) {
  const more = nav.querySelector(".nav-more");
  if (!more) return;
  const menu = more.querySelector(".nav-menu");
  for (const link of menu.querySelectorAll("[data-moved]")) {
    link.removeAttribute("data-moved");
    more.before(link);
  }
  const oneLine = () => more.offsetTop <= nav.firstElementChild.offsetTop;
  while (!oneLine()) {
    const link = [...nav.querySelectorAll(":scope > a")].reverse().find((a) => !a.hasAttribute("aria-current"));
    if (!link) break;
    link.setAttribute("data-moved", "");
    menu.prepend(link);
  }
}

// Refit when the nav's size changes (a turned phone, a larger text size): on the next frame, so the
// refit is not a resize inside the observer's own callback.
const navObserver = new ResizeObserver(() => requestAnimationFrame(() => fitNav(document.getElementById("nav"))));
navObserver.observe(document.getElementById("nav"));

// A tap outside the open "More" closes it.
document.addEventListener("click", (event) => {
  const more = document.querySelector(".nav-more[open]");
  if (more && !more.contains(event.target)) more.open = false;
});

// Each route change gets a number; a slow screen that finishes after a newer one started is dropped.
let routeCount = 0;

async function route() {
  const mine = ++routeCount;
  let { name, params, query } = parseHash();
  if (!user && !ANONYMOUS_VIEWS.includes(name) && !LINK_VIEWS.includes(name)) name = "login";
  if (user && (!name || !VIEWS[name] || name === "login" || ANONYMOUS_VIEWS.includes(name))) {
    name = user.role === "clinician" ? "patients" : "log";
  }
  // A clinician who must still verify the email or add a second step reads no diary: the
  // security screen says what to do (the server refuses patient data meanwhile).
  if (user && name === "patients" && (user.requirements || []).length) name = "security";
  renderNav(name);
  const main = document.getElementById("main");
  try {
    const view = await VIEWS[name]();
    const element = await view.render({ user, name, params, query, navigate, sync, reload: boot });
    if (mine !== routeCount) return;
    main.replaceChildren(element);
    if (user) fillSlots(element, { user, name, params, query, navigate, sync, reload: boot });
    const heading = main.querySelector("h1");
    if (heading) document.title = t("{screen} · Neckline", { screen: heading.textContent });
  } catch (error) {
    if (mine !== routeCount) return;
    console.error(error);
    const offline = error instanceof NetworkError;
    main.replaceChildren(h("div", { class: "card", role: "alert" },
      h("h1", {}, offline ? t("You are offline") : t("Something went wrong")),
      h("p", {}, offline ? t("This screen needs the network. Logging a headache works offline.") : t("Please try again.")),
      h("button", { type: "button", onclick: route }, t("Try again"))));
  }
  focusScreen(main);
}

/** A new screen: focus on what must be read first (advice), else its heading, as a route change. */
function focusScreen(main) {
  const heading = main.querySelector("h1");
  if (heading) heading.setAttribute("tabindex", "-1");
  const first = main.querySelector("[data-focus]") || heading;
  if (first) first.focus({ preventScroll: !first.hasAttribute("data-focus") });
}

// --- Sync: one flush at a time, whoever asks (start, online event, a save) ---
let running = null;

/** Send the outbox; `ownId` is the entry the calling screen reports on itself. */
export function sync(ownId = null) {
  running ??= (async () => {
    try {
      const result = await flush((id, body, path, method) => api(method, path || `/api/v1/entries/${id}/`, body));
      if (result.sent) announce(nt("{n} saved entry synced.", "{n} saved entries synced.", result.sent));
      // An entry written offline and refused now is kept; the Log screen lists it with the reason.
      const refused = result.refused - (ownId && result.responses.has(ownId) && !result.responses.get(ownId).ok ? 1 : 0);
      if (refused > 0) announce(nt("{n} entry was not saved: see the Log screen.", "{n} entries were not saved: see the Log screen.", refused));
      // The server has judged what was sent: the Log screen swaps its offline advice for the server's.
      if (result.sent) window.dispatchEvent(new Event("neckline:synced"));
      return result;
    } finally {
      running = null;
      showConnection();
    }
  })();
  return running;
}

async function showConnection() {
  const pending = (await items()).filter((item) => item.state === "pending").length;
  const status = document.getElementById("connection");
  const waiting = nt("{n} waiting to sync", "{n} waiting to sync", pending);
  if (!navigator.onLine) status.textContent = pending ? t("Offline · {waiting}", { waiting }) : t("Offline");
  else status.textContent = pending ? waiting : "";
}

// Who was signed in last, so a returning visit shows its screen at once and opens offline
// (issue 27: the start waited a round trip for /api/v1/me/). The account's own settings only,
// never diary data or a clinician's patients; forgotten at logout, deletion or a refused session.
const REMEMBERED = "neckline-user";
const KEPT = ["id", "email", "role", "timezone", "language", "requirements", "email_verified", "emergency_number"];

function rememberedUser() {
  try {
    return JSON.parse(localStorage.getItem(REMEMBERED) || "null");
  } catch {
    return null;
  }
}

function remember(me) {
  localStorage.setItem(REMEMBERED, JSON.stringify(Object.fromEntries(KEPT.filter((name) => name in me).map((name) => [name, me[name]]))));
}

/** Ask the server who is signed in: the answer, or null when the session is refused (401/403);
 * throws offline or when the server fails (a busy server signs nobody out). */
async function askServer() {
  const me = await get("/api/v1/me/");
  if (me.ok) {
    remember(me.data);
    return me.data;
  }
  if (me.status !== 401 && me.status !== 403) throw new Error(`/api/v1/me/ answered ${me.status}`);
  localStorage.removeItem(REMEMBERED);
  return null;
}

async function boot() {
  // The diary's words are read beside the question of who is signed in, not after it: one round
  // trip on a first start instead of two (they come from the server, in the account's language).
  import("./vocabulary.js").catch(() => {}); // a failure shows on the screen that needs them
  const remembered = rememberedUser();
  if (remembered) {
    // The remembered account's screen now; the server's word on the session comes behind it.
    user = remembered;
    await useLanguage(); // the account's language, remembered from the last visit
    const refreshed = confirmUser(remembered);
    await route();
    if (user && user.role === "patient") sync();
    return refreshed;
  }
  try {
    user = await askServer();
    // Before any screen is imported: screens word their texts when they load (frontend/js/i18n.js).
    await useLanguage(user ? user.language ?? null : undefined);
  } catch {
    user = null;
    await useLanguage(); // offline and never signed in here: the language remembered from the last visit
  }
  await route();
  if (user && user.role === "patient") sync();
}

/** After a remembered start: a refused session (401/403) ends on the login screen; another account,
 * role or language starts again as the server says; offline, the remembered account stays. */
async function confirmUser(remembered) {
  let me;
  try {
    me = await askServer();
  } catch {
    return;
  }
  if (user !== remembered) return; // logged out or in meanwhile: that path has started again
  if (!me) {
    user = null;
    await route();
    return;
  }
  const changed = (name) => JSON.stringify(me[name] ?? null) !== JSON.stringify(remembered[name] ?? null);
  user = me;
  // Screens word their texts when they load: a language chosen on another device needs a fresh start.
  const inUse = currentLanguage();
  if ((await useLanguage(me.language ?? null)) !== inUse) location.reload();
  else if (changed("id") || changed("role") || changed("requirements") || changed("email_verified")) await route();
}

window.addEventListener("hashchange", route);
window.addEventListener("online", () => { showConnection(); sync(); });
window.addEventListener("offline", showConnection);
window.addEventListener("neckline:saved", showConnection);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" }).catch(() => {});
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data === "outbox-synced") {
      showConnection();
      window.dispatchEvent(new Event("neckline:synced"));
    }
  });
}

boot();
