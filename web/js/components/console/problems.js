// How the console shows what went wrong, in the page's language: a problem by its
// `code` with the API's own detail kept beside it, its `errors` listed by path (a
// definition's problems by their codes), and the errors of a parsed CSV by line.
import { h } from "../../dom.js";
import { has, rejectionText, t } from "../../i18n.js";

/** An item of a problem's `errors`: ours by its code, the API's message kept. */
function errorItem(item) {
  const key = `definition.${item.code}`;
  const text = item.code && has(key) ? t(key) : item.message;
  return h("li", { dataset: { code: item.code ?? null } },
    h("code", { class: "path" }, item.path || "–"), " ", text,
    text !== item.message ? h("span", { class: "detail" }, ` (${item.message})`) : null);
}

/** An error as a message, with a problem's `errors` listed by path. */
export function problemView(error) {
  const message = rejectionText({ code: error.code, message: error.message });
  const detail = error.message && error.message !== message ? error.message : "";
  const items = error.problem?.errors ?? [];
  return h("div", { class: "problem", role: "alert", dataset: { code: error.code } },
    h("p", { class: "error" }, message, detail ? h("span", { class: "detail" }, ` (${detail})`) : null),
    items.length ? h("ul", { class: "problem-list" }, items.map(errorItem)) : null);
}

/** Errors of a parsed CSV, one per line. */
export function lineErrors(errors) {
  return h("ul", { class: "problem-list", id: "line-errors" }, errors.map((e) =>
    h("li", { dataset: { line: e.line } }, h("code", { class: "path" }, t("csv.line", { line: e.line })), " ", t(e.key, e.vars))));
}
