// fetch with a Bearer token, JSON in and out, problem+json errors as ApiError.

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

/** `api("/api/contests", {token, method, body})` → parsed JSON, or throws ApiError / NetworkError. */
export async function api(path, { token = null, method = "GET", body = undefined, timeout = TIMEOUT_MS } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: "no-store",
    });
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
