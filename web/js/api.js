// The one fetch client: a Bearer token, JSON (or a typed text body) in, JSON out;
// problem+json errors as ApiError, a failed connection as NetworkError.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || "http_error";
    this.problem = problem;
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super(`network: ${cause?.message ?? cause}`);
    this.code = "network";
  }
}

const TIMEOUT_MS = 15000;

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return { title: response.statusText };
  }
}

/** What goes over the wire: JSON, or a string as it is when its `contentType` is named. */
function encoded(body, contentType) {
  if (body === undefined) return {};
  if (contentType) return { payload: String(body), type: contentType };
  return { payload: JSON.stringify(body), type: "application/json" };
}

/**
 * `api("/api/contests", {token, method, body, contentType})` → parsed JSON, or throws
 * ApiError / NetworkError. `body` is sent as JSON, unless `contentType` says what the
 * string already is (a YAML definition as typed: `contentType: "application/yaml"`).
 */
export async function api(path, { token = null, method = "GET", body = undefined, contentType = null, timeout = TIMEOUT_MS } = {}) {
  const { payload, type } = encoded(body, contentType);
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (type) headers["Content-Type"] = type;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, signal: controller.signal, cache: "no-store" });
  } catch (error) {
    throw new NetworkError(error);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  return response.json();
}

export function contestPath(cid, ...rest) {
  return ["/api/contests", encodeURIComponent(cid), ...rest.map(encodeURIComponent)].join("/");
}

/** Tokens kept per page kind and contest in localStorage. */
export function tokenStore(kind, cid) {
  const key = `judging.token.${kind}.${cid}`;
  return {
    get: () => localStorage.getItem(key),
    set: (token) => localStorage.setItem(key, token),
    clear: () => localStorage.removeItem(key),
  };
}
