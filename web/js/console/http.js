// Console requests beyond JSON: a definition sent as YAML, and problems as text.
import { ApiError, NetworkError } from "../api.js";
import { rejectionText, t } from "../i18n.js";
import { h } from "../dom.js";

/** POST `text` with its content type; parsed JSON, or ApiError / NetworkError. */
export async function postText(path, text, contentType, token) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": contentType, Authorization: `Bearer ${token}` },
      body: text,
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const body = await response.json().catch(() => ({ title: response.statusText }));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** An error as a message, with a problem's `errors` listed by path. */
export function problemView(error) {
  const message = rejectionText({ code: error.code, message: error.message });
  const items = error.problem?.errors ?? [];
  return h("div", { class: "problem", role: "alert" },
    h("p", { class: "error" }, message),
    items.length ? h("ul", { class: "problem-list" }, items.map((item) =>
      h("li", {}, h("code", { class: "path" }, item.path || "–"), " ", item.message))) : null);
}

/** Errors of a parsed CSV, one per line. */
export function lineErrors(errors) {
  return h("ul", { class: "problem-list" }, errors.map((e) =>
    h("li", { dataset: { line: e.line } }, h("code", { class: "path" }, t("csv.line", { line: e.line })), " ", t(e.key, e.vars))));
}
