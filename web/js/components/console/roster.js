// The roster from a CSV (id,name,organization,team,workshop,venue,worker_id), parsed
// here with errors per line, then registered in one request.
// State: `roster: {parsed, busy, outcome}`; outcome `{done}` (registered) or `{error}`.
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { ROSTER_COLUMNS, tableFromCsv } from "./csv.js";
import { lineErrors, problemView } from "./problems.js";
import { textWithFile } from "./text-input.js";

export const ROSTER = { parsed: { items: [], errors: [] }, busy: false, outcome: null };

function preview(items) {
  const columns = Object.keys(ROSTER_COLUMNS);
  return h("table", { class: "grid compact", id: "roster-preview" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c)))),
    h("tbody", {}, items.slice(0, 200).map((item) => h("tr", {}, columns.map((c) => h("td", {}, item[c] ?? ""))))));
}

function check(ctx, text) {
  ctx.store.update("roster", { parsed: tableFromCsv(text, ROSTER_COLUMNS), outcome: null });
}

async function upload(ctx) {
  const { cid, token, roster } = ctx.store.get();
  ctx.store.update("roster", { busy: true });
  try {
    const done = await api(contestPath(cid, "contestants"), { token, method: "POST", body: roster.parsed.items });
    ctx.store.update("roster", { busy: false, outcome: { done: done.count } });
    await ctx.refresh();
  } catch (error) {
    ctx.store.update("roster", { busy: false, outcome: { error } });
  }
}

export function rosterSection(ctx) {
  return h("section", { class: "card", id: "roster" },
    h("h2", {}, t("console.roster.title")),
    textWithFile({
      id: "roster-text", fileId: "roster-file", accept: ".csv,text/csv", label: t("console.roster.file"),
      rows: 5, placeholder: "id,name,organization,team,workshop,venue,worker_id", onText: (text) => check(ctx, text),
    }),
    h("div", { class: "actions" }, h("button", { id: "roster-upload", class: "primary", type: "button", onclick: () => upload(ctx) }, t("console.roster.upload"))),
    h("div", { id: "roster-result", "aria-live": "polite" }));
}

function parsedView({ items, errors }) {
  return [
    errors.length ? lineErrors(errors) : null,
    items.length ? h("p", { class: "muted" }, t("console.roster.parsed", { n: items.length })) : null,
    items.length ? preview(items) : null,
  ];
}

export function renderRoster({ roster }) {
  const { parsed, busy, outcome } = roster;
  byId("roster-upload").disabled = busy || outcome?.done !== undefined || parsed.errors.length > 0 || parsed.items.length === 0;
  let view = parsedView(parsed);
  if (outcome?.error) view = problemView(outcome.error);
  else if (outcome) view = h("p", { class: "ok", id: "roster-done" }, t("console.roster.done", { n: outcome.done }));
  mount(byId("roster-result"), view);
}
