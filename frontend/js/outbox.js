// The offline outbox: every entry is written here first, under the UUID the
// app made for it, then sent. Used by the page and by the service worker
// (Background Sync), so it touches neither the DOM nor document.cookie.
//
// PUT is idempotent on the entry's id, so sending the same entry twice (a
// retry, the page and the service worker at once) still stores it once. The
// few POSTs kept here are idempotent on a natural key instead (a doctor's check
// of a red flag: its code, date and entry), which is also their outbox id, so a
// second tap replaces the first and a replay never stores a second row.

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
  return withStore("readwrite", (store) => store.put({ id, body, path, method, state: "pending", errors: null, queuedAt: Date.now() }));
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
      await discard(item.id);
      counts.sent += 1;
    } else if (response.status === 400 || response.status === 404) {
      await withStore("readwrite", (store) => store.put({ ...item, state: "refused", errors: response.data }));
      counts.refused += 1;
    } else {
      counts.left += 1; // logged out, throttled, or the server is busy: keep it
      break;
    }
  }
  return counts;
}
