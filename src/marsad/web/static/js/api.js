// The HTTP API of the same server: reads for everyone, reviews with the bearer token.

const TOKEN_KEY = "marsad.token";
const REVIEWER_KEY = "marsad.reviewer";
const PAGE = 200; // the API's page limit
const MAX_EVENTS = 5000; // the overview loads at most this many events

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// The API's error code of each status, for an answer without the usual error body (a proxy's, say).
const STATUS_CODES = { 401: "unauthorized", 403: "read_only", 404: "not_found", 405: "method_not_allowed",
  409: "conflict", 413: "payload_too_large", 422: "invalid_request", 500: "internal_error", 503: "store_unavailable" };

/** JSON from the server; an ApiError with the API's `{"error": {"code", "message"}}` (code "network" when
 * no answer came) otherwise. The UI shows a translation chosen by the code (format.js `errorText`). */
async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json", ...options.headers }, ...options,
      credentials: "same-origin" });
  } catch (error) {
    throw new ApiError(0, "network", String(error?.message ?? error));
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = body?.error ?? {};
    throw new ApiError(response.status, error.code ?? STATUS_CODES[response.status] ?? "error",
      error.message ?? response.statusText);
  }
  return body;
}

export const getArticle = (id) => request(`/articles/${encodeURIComponent(id)}`);
export const getEvent = (id) => request(`/events/${encodeURIComponent(id)}`);
export const getStats = (filters) => request(`/stats${query(filters)}`);
export const getActors = () => request(`/actors${query({ limit: PAGE })}`);
// The governorate boundaries shipped with the UI (relative to /ui/).
export const getBoundaries = () => request("data/syria-adm1.json");

/** Every event of the filters (pages of 200, at most MAX_EVENTS). */
export async function getAllEvents(filters) {
  const items = [];
  let total = 0;
  for (let offset = 0; offset < MAX_EVENTS; offset += PAGE) {
    const page = await request(`/events${query({ ...filters, limit: PAGE, offset })}`);
    total = page.total;
    items.push(...page.items);
    if (items.length >= total || page.items.length === 0) break;
  }
  return { total, items };
}

/** Every article matching the text search and the filters (at most MAX_EVENTS hits). */
export async function searchArticles(text, filters) {
  const hits = [];
  let total = 0;
  for (let offset = 0; offset < MAX_EVENTS; offset += PAGE) {
    const page = await request(`/search${query({ ...filters, q: text, limit: PAGE, offset })}`);
    total = page.total;
    hits.push(...page.items);
    if (hits.length >= total || page.items.length === 0) break;
  }
  return { total, hits };
}

export function exportUrl(format, filters) {
  return `/export${query({ ...filters, format })}`;
}

export function credentials() {
  return {
    token: sessionStorage.getItem(TOKEN_KEY) ?? "",
    reviewer: sessionStorage.getItem(REVIEWER_KEY) ?? "",
  };
}

export function saveCredentials(token, reviewer) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  if (reviewer) sessionStorage.setItem(REVIEWER_KEY, reviewer);
  else sessionStorage.removeItem(REVIEWER_KEY);
}

/** A write with the bearer token: JSON in (when a body is given), JSON or nothing out. */
function write(path, method, body) {
  const { token } = credentials();
  const headers = { Accept: "application/json", Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export function reviewEvent(id, body) {
  return write(`/events/${encodeURIComponent(id)}/review`, "POST", body);
}

// Standing alerts (docs/alerts.md): list and read for everyone, create and remove with the token.
export const getAlerts = () => request("/alerts");
export const getAlert = (id) => request(`/alerts/${encodeURIComponent(id)}`);
export const alertFeedUrl = (id) => `/alerts/${encodeURIComponent(id)}/feed.atom`;
export const createAlert = (spec) => write("/alerts", "POST", spec);
export const deleteAlert = (id) => write(`/alerts/${encodeURIComponent(id)}`, "DELETE");
