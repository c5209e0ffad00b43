// Neckline service worker: precaches the versioned app shell and serves it cache-first
// (updated in the background for the next visit), serves a patient's API
// reads network-first with the last good answer as a fallback (a clinician's: never kept), never caches writes,
// and sends the outbox by Background Sync. Served at /sw.js (scope /), with
// the version stamped in by Django so a new deploy replaces the old cache.

import { flush } from "/static/js/outbox.js";

const VERSION = "dev"; // replaced by the content hash of the frontend when served (config/views.py)
const SHELL_CACHE = `shell-${VERSION}`;
const API_CACHE = "api-reads";
const CLINICIAN_READS = "/api/v1/clinician/";
// The app's own files, listed by Django from the frontend folder when it serves
// this worker (config/views.py), so the list cannot go stale.
const STATIC_FILES = [];
// The vocabulary (the diary's codes and labels, api/vocabulary/views.py) is part of
// the shell: every screen needs it, offline too. Served from the cache, re-read behind it.
const VOCABULARY = "/api/v1/vocabulary/";
const SHELL = ["/", "/manifest.webmanifest", VOCABULARY, ...STATIC_FILES];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // One missing file must not stop the rest from being cached.
    await Promise.all(SHELL.map((url) => cache.add(new Request(url, { cache: "reload" })).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    // What an earlier worker kept of a clinician's reads goes with it.
    const reads = await caches.open(API_CACHE);
    for (const request of await reads.keys()) {
      if (new URL(request.url).pathname.startsWith(CLINICIAN_READS)) await reads.delete(request);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return; // writes go straight to the network
  if (url.pathname.startsWith("/api/")) {
    if (url.pathname.includes("/export/") || url.pathname.startsWith("/api/v1/auth/")) return;
    // A clinician's reads are never kept on the device: they must not outlive the patient's
    // consent (issue 24: a revoked diary was still shown offline). Offline, they fail.
    if (url.pathname.startsWith(CLINICIAN_READS)) return;
    // The words are part of the shell: from the cache at once, refreshed for the next visit
    // (network-first cost every start a round trip before the Log screen could show).
    if (url.pathname === VOCABULARY) return fromCacheThenUpdate(event, request, VOCABULARY);
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate" && url.pathname === "/") {
    // The app shell from the cache at once, the network's copy kept for the next visit
    // (issue 27: network-first cost a repeat visit a round trip before anything showed).
    fromCacheThenUpdate(event, request, "/");
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match("/", { cacheName: SHELL_CACHE })) || Response.error()));
  } else {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
  }
});

/** Answer from the shell cache when it has `key`, the network otherwise; either way the
 * network's answer replaces the cached one in the background. */
function fromCacheThenUpdate(event, request, key) {
  const update = (async () => {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SHELL_CACHE)).put(key, response.clone());
    return response;
  })();
  event.waitUntil(update.catch(() => {}));
  event.respondWith((async () => (await caches.match(key, { cacheName: SHELL_CACHE })) || update)()
    .catch(() => Response.error()));
}

async function networkFirst(request) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    else if (response.status === 401 || response.status === 403) await caches.delete(API_CACHE); // logged out
    return response;
  } catch {
    const cached = (await cache.match(request)) || (await caches.match(request, { cacheName: SHELL_CACHE }));
    if (cached) return cached;
    throw new TypeError("offline");
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(sendOutbox());
});

async function sendOutbox() {
  // A worker cannot read the CSRF cookie, so it asks for a token the same way the page can.
  const token = (await (await fetch("/api/v1/auth/csrf/", { credentials: "same-origin" })).json()).csrf_token;
  const result = await flush(async (id, body, path, method) => {
    const response = await fetch(path || `/api/v1/entries/${id}/`, {
      method, credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
    });
    return { ok: response.ok, status: response.status, data: await response.json().catch(() => null) };
  });
  for (const client of await self.clients.matchAll()) client.postMessage("outbox-synced");
  if (result.left) throw new Error("outbox not empty"); // let the browser retry the sync later
}

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = { title: "Neckline", body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "Neckline", {
    body: data.body || "", tag: data.tag || undefined, icon: "/static/icons/icon-192.png", data: { url: data.url || "/#/reminders" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url || "/"));
});
