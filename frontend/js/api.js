// The API client: JSON in and out, session cookie, CSRF token in X-CSRFToken.
// An expired or missing CSRF token is refreshed once and the request retried.

export class NetworkError extends Error {
  name = "NetworkError";
}

function csrfFromCookie() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

let csrfToken = "";

export async function refreshCsrf() {
  const response = await fetch("/api/v1/auth/csrf/", { credentials: "same-origin" });
  csrfToken = (await response.json()).csrf_token;
  return csrfToken;
}

async function send(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!["GET", "HEAD"].includes(method)) headers["X-CSRFToken"] = csrfToken || csrfFromCookie() || (await refreshCsrf());
  try {
    return await fetch(path, {
      method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error.message);
  }
}

/** Returns {ok, status, data}. Throws NetworkError when offline or unreachable. */
export async function api(method, path, body) {
  let response = await send(method, path, body);
  if (response.status === 403 && method !== "GET") {
    const data = await response.clone().json().catch(() => ({}));
    if (/CSRF/i.test(data.detail || "")) {
      await refreshCsrf();
      response = await send(method, path, body);
    }
  }
  const type = response.headers.get("Content-Type") || "";
  const data = response.status === 204 ? null : type.includes("json") ? await response.json().catch(() => null) : await response.blob();
  return { ok: response.ok, status: response.status, data };
}

export const get = (path) => api("GET", path);

/**
 * Every entry from `from` to `to` (inclusive), newest first, as {ok, status, data: [...]}.
 * Reads a plain list or pages ({results, next}, docs/api-extensions.md) alike, following
 * `next` to the end, so a screen never shows only the first page of a month.
 */
export async function entriesBetween(from, to) {
  let response = await get(`/api/v1/entries/?from=${from}&to=${to}`);
  const all = [];
  for (let pages = 0; response.ok; pages += 1) {
    const data = response.data;
    if (Array.isArray(data)) return { ...response, data: [...all, ...data] };
    all.push(...(data.results || []));
    if (!data.next || pages > 100) break;
    const next = new URL(data.next, location.origin);
    response = await get(`${next.pathname}${next.search}`);
  }
  return response.ok ? { ...response, data: all } : response;
}
