// The roster: a CSV (id,name,organization,team,workshop,venue,worker_id) checked here
// line by line (columns, required fields, duplicates, venues of the contest), then
// registered in one request; a refusal is shown on its line (row, field, value). The
// registered contestants are listed below, each editable in place (re-registering an
// id replaces its details).
// State: `roster: {parsed, busy, outcome, editing}`; outcome `{done}` or `{error,
// lines}`; editing the id of the contestant being edited.
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { ROSTER_COLUMNS, tableFromCsv } from "./csv.js";
import { lineErrors, problemView } from "./problems.js";
import { textWithFile } from "./text-input.js";

export const ROSTER = { parsed: { items: [], lines: [], errors: [] }, busy: false, outcome: null, editing: null };
const EDITED = ["name", "organization", "team", "workshop", "venue"];
const uploadedKey = (cid) => `judging.console.roster.${cid}`;

/** Lines whose venue the contest does not have, as line errors. */
function venueErrors(parsed, venues) {
  const known = [...venues.keys()];
  return parsed.items.flatMap((item, i) => item.venue && !venues.has(item.venue)
    ? [{ line: parsed.lines[i], key: "csv.unknown_venue", vars: { value: item.venue, known: known.join(", ") } }]
    : []);
}

function check(ctx, text) {
  const parsed = tableFromCsv(text, ROSTER_COLUMNS);
  const { names } = ctx.store.get();
  parsed.errors = [...parsed.errors, ...venueErrors(parsed, names.venues)].sort((a, b) => a.line - b.line);
  ctx.store.update("roster", { parsed, outcome: null });
}

/** A refusal of the API on the lines it names (`body[3].venue` is the fourth item). */
function apiLineErrors(error, parsed, names) {
  const fromPaths = (error.problem?.errors ?? []).flatMap((item) => {
    const match = /^body\[(\d+)\](?:\.(\w+))?/.exec(item.path ?? "");
    if (!match) return [];
    const index = Number(match[1]);
    const field = match[2] ?? "";
    const value = field ? parsed.items[index]?.[field] ?? "" : "";
    return [{ line: parsed.lines[index] ?? index + 2, key: "csv.api_field", vars: { field, value, message: item.message } }];
  });
  if (fromPaths.length) return fromPaths;
  if (error.code === "unknown_venue") return venueErrors(parsed, names.venues);
  return [];
}

/** The details kept for each uploaded id (worker ids are not in the contest's detail). */
function uploaded(cid) {
  try {
    return JSON.parse(sessionStorage.getItem(uploadedKey(cid)) ?? "{}");
  } catch {
    return {};
  }
}

async function register(ctx, items) {
  const { cid, token } = ctx.store.get();
  const done = await api(contestPath(cid, "contestants"), { token, method: "POST", body: items });
  const kept = uploaded(cid);
  for (const item of items) kept[item.id] = { ...kept[item.id], ...item };
  sessionStorage.setItem(uploadedKey(cid), JSON.stringify(kept));
  await ctx.refresh();
  return done;
}

async function upload(ctx) {
  const { roster, names } = ctx.store.get();
  ctx.store.update("roster", { busy: true });
  try {
    const done = await register(ctx, roster.parsed.items);
    ctx.store.update("roster", { busy: false, outcome: { done: done.count } });
  } catch (error) {
    ctx.store.update("roster", { busy: false, outcome: { error, lines: apiLineErrors(error, roster.parsed, names) } });
  }
}

async function saveEdit(ctx, id) {
  const { cid } = ctx.store.get();
  const item = { ...uploaded(cid)[id], id };
  for (const field of EDITED) {
    const value = byId(`edit-${field}`).value.trim();
    if (value) item[field] = value;
    else delete item[field];
  }
  ctx.store.update("roster", { busy: true });
  try {
    await register(ctx, [item]);
    ctx.store.update("roster", { busy: false, editing: null, outcome: null });
  } catch (error) {
    ctx.store.update("roster", { busy: false, outcome: { error, lines: [] } });
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
    h("div", { id: "roster-result", "aria-live": "polite" }),
    h("h3", { class: "sub-title" }, t("console.roster.registered")),
    h("div", { id: "roster-list", class: "roster-list" }));
}

function preview(items) {
  const columns = Object.keys(ROSTER_COLUMNS);
  return h("table", { class: "grid compact", id: "roster-preview" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c)))),
    h("tbody", {}, items.slice(0, 200).map((item) => h("tr", {}, columns.map((c) => h("td", {}, item[c] ?? ""))))));
}

function parsedView({ items, errors }) {
  return [
    errors.length ? lineErrors(errors) : null,
    items.length ? h("p", { class: "muted" }, t("console.roster.parsed", { n: items.length })) : null,
    items.length ? preview(items) : null,
  ];
}

function editRow(ctx, contestant, names) {
  const input = (field) => field === "venue"
    ? h("select", { id: "edit-venue" }, h("option", { value: "" }, "–"),
      [...names.venues.entries()].map(([id, name]) => h("option", { value: id, selected: contestant.venue === id }, name)))
    : h("input", { id: `edit-${field}`, value: contestant[field] ?? "" });
  return h("tr", { class: "editing", dataset: { contestant: contestant.id } },
    h("td", {}, contestant.id),
    EDITED.map((field) => h("td", {}, input(field))),
    h("td", { class: "row-actions" },
      h("button", { type: "button", class: "primary", id: "edit-save", onclick: () => saveEdit(ctx, contestant.id) }, t("common.save")),
      h("button", { type: "button", onclick: () => ctx.store.update("roster", { editing: null }) }, t("common.cancel"))));
}

function contestantRow(ctx, contestant, names) {
  return h("tr", { dataset: { contestant: contestant.id } },
    h("td", {}, contestant.id),
    EDITED.map((field) => h("td", {}, field === "venue" ? names.venues.get(contestant.venue) ?? contestant.venue ?? "" : contestant[field] ?? "")),
    h("td", { class: "row-actions" },
      h("button", { type: "button", class: "edit", onclick: () => ctx.store.update("roster", { editing: contestant.id }) }, t("common.edit"))));
}

function registeredList(ctx, { detail, names, roster }) {
  if (!detail.contestants.length) return h("p", { class: "muted" }, t("console.roster.none"));
  return h("table", { class: "grid compact", id: "roster-table" },
    h("thead", {}, h("tr", {}, ["id", ...EDITED, ""].map((c) => h("th", {}, c ? t(`console.roster.col.${c}`) : "")))),
    h("tbody", {}, detail.contestants.map((c) => (roster.editing === c.id ? editRow(ctx, c, names) : contestantRow(ctx, c, names)))));
}

export function renderRoster(ctx, state) {
  const { parsed, busy, outcome } = state.roster;
  byId("roster-upload").disabled = busy || outcome?.done !== undefined || parsed.errors.length > 0 || parsed.items.length === 0;
  let view = parsedView(parsed);
  if (outcome?.error && outcome.lines.length) {
    view = [h("p", { class: "error", role: "alert", dataset: { code: outcome.error.code } }, rejectionText(outcome.error)), lineErrors(outcome.lines)];
  } else if (outcome?.error) view = problemView(outcome.error);
  else if (outcome) view = h("p", { class: "ok", id: "roster-done" }, t("console.roster.done", { n: outcome.done }));
  mount(byId("roster-result"), view);
  mount(byId("roster-list"), registeredList(ctx, state));
}
