// The offline outbox: every entry is written here first, under the UUID the
// app made for it, then sent. Used by the page and by the service worker
// (Background Sync), so it touches neither the DOM nor document.cookie.
//
// PUT is idempotent on the entry's id, so sending the same entry twice (a
// retry, the page and the service worker at once) still stores it once. The
// few POSTs kept here are idempotent on a natural key instead (a doctor's check
// of a red flag: its code, date and entry), which is also their outbox id, so a
// second tap replaces the first and a replay never stores a second row. The post-block
// answers (treatments.js) are kept the same way, under their prompt (block and slot).
//
// A write queued again while an earlier copy of it is on its way (a second tap) is never
// lost: when the answer comes, only the copy that was sent is dropped or marked, and the
// newer one waits for the next flush.

const DB_NAME = "neckline";
const STORE = "outbox";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

/** Keep an entry until the server has it. `body` is the request body; `path` is where it
 * goes when it is not a diary entry (an exercise session, a questionnaire answer, a
 * doctor's check), and `method` how (PUT, or POST for an idempotent POST). */
export function queue(id, body, path = null, method = "PUT") {
  // `copy` tells two taps in the same millisecond apart (see settle).
  const copy = `${Date.now()}-${Math.random()}`;
  return withStore("readwrite", (store) => store.put({ id, body, path, method, state: "pending", errors: null, queuedAt: Date.now(), copy }));
}

export function items() {
  return withStore("readonly", (store) => store.getAll());
}

/** The diary entries alone (what the Log and History screens show as waiting). */
export async function entryItems() {
  return (await items()).filter((item) => !item.path);
}

export function discard(id) {
  return withStore("readwrite", (store) => store.delete(id));
}

/** Replace or drop `item` with `next` (null: drop) only if it is still the copy that was
 *  read (same `copy`): a newer copy queued meanwhile stays, untouched. */
function settle(item, next) {
  return withStore("readwrite", (store) => {
    const request = store.get(item.id);
    request.onsuccess = () => {
      if (!request.result || request.result.copy !== item.copy) return;
      if (next) store.put(next);
      else store.delete(item.id);
    };
  });
}

/** Ask the service worker to send the outbox when the connection returns (Background Sync),
 *  where the browser has it; the page's own `online` handler sends it too. */
export function sendWhenOnline() {
  if (typeof navigator === "undefined" || !navigator.serviceWorker) return;
  navigator.serviceWorker.ready.then((registration) => registration.sync && registration.sync.register("outbox")).catch(() => {});
}

/**
 * Send every pending entry with `send(id, body, path, method) -> {status, data}` (which
 * throws when offline; method is "PUT" unless queued otherwise). Refused entries (400, 404) stay, marked with the server's
 * reasons, for the patient to fix or discard: never dropped silently.
 * Returns {sent, refused, left, responses}: responses maps an id to what the
 * server answered, so the screen that saved an entry can show its advice.
 */
export async function flush(send) {
  const counts = { sent: 0, refused: 0, left: 0, responses: new Map() };
  for (const item of await items()) {
    if (item.state !== "pending") continue;
    let response;
    try {
      response = await send(item.id, item.body, item.path, item.method || "PUT");
    } catch {
      counts.left += 1;
      break; // offline: try again later, in order
    }
    counts.responses.set(item.id, response);
    if (response.status === 200 || response.status === 201) {
      await settle(item, null);
      counts.sent += 1;
    } else if (response.status === 400 || response.status === 404) {
      await settle(item, { ...item, state: "refused", errors: response.data });
      counts.refused += 1;
    } else {
      counts.left += 1; // logged out, throttled, or the server is busy: keep it
      break;
    }
  }
  return counts;
}
