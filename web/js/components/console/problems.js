// How the console shows what went wrong: a problem with its `errors` by path, and
// the errors of a parsed CSV by line.
import { h } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";

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
