// Every mark, penalty and attempt of the contest (of the chief's venues): filtered by
// venue, referee, aspect and a contestant search, each with its referee, time, status
// and the two actions, correct and void (a reason is asked; no id is typed).
// State: `filters: {venue, referee, subject, query}`.
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { contestantName, entryValue, refereeName, subjectName, timeOf } from "./names.js";

export const FILTERS = { venue: "", referee: "", subject: "", query: "" };

function select(ctx, key, label, options) {
  return h("label", { class: "filter" }, label,
    h("select", { id: `filter-${key}`, onchange: (event) => ctx.store.update("filters", { [key]: event.target.value }) },
      h("option", { value: "" }, t("common.all")),
      options.map(([value, text]) => h("option", { value }, text))));
}

export function marksSection(ctx, names) {
  const referees = [...names.referees.values()].map((r) => [r.id, r.name]);
  const subjects = [...names.subjects.entries()];
  return h("section", { class: "card", id: "marks" },
    h("div", { class: "card-head" }, h("h2", {}, t("chief.marks.title")), h("span", { id: "marks-count", class: "muted" })),
    h("div", { class: "filters" },
      select(ctx, "venue", t("chief.filter.venue"), [...names.venues.entries()]),
      select(ctx, "referee", t("chief.filter.referee"), referees),
      select(ctx, "subject", t("chief.filter.aspect"), subjects),
      h("label", { class: "filter" }, t("chief.filter.contestant"),
        h("input", { id: "filter-query", type: "search", placeholder: t("common.search"),
          oninput: (event) => ctx.store.update("filters", { query: event.target.value }) }))),
    h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "marks-table" },
      h("thead", {}, h("tr", {}, ["contestant", "aspect", "referee", "value", "time", "status", "actions"]
        .map((c) => h("th", {}, t(`chief.col.${c}`))))),
      h("tbody", { id: "marks-rows" }))));
}

function shown(entry, filters, names) {
  const contestant = names.contestants.get(entry.contestant_id);
  if (filters.venue && contestant?.venue !== filters.venue) return false;
  if (filters.referee && entry.referee_id !== filters.referee) return false;
  if (filters.subject && entry.subject_id !== filters.subject) return false;
  const query = filters.query.trim().toLowerCase();
  return !query || `${entry.contestant_id} ${contestant?.name ?? ""}`.toLowerCase().includes(query);
}

function statusChips(entry, rescore, locked) {
  return [
    entry.void ? h("span", { class: "chip chip-rejected" }, t("ref.status.void")) : null,
    !entry.void && entry.corrections.length ? h("span", { class: "chip chip-corrected" }, t("chief.status.corrected")) : null,
    entry.requested ? h("span", { class: "chip chip-pending" }, t("ref.status.requested")) : null,
    rescore ? h("span", { class: "chip chip-rescore" }, t("ref.rescore")) : null,
    locked ? h("span", { class: "chip chip-locked" }, t("ref.locked")) : null,
  ];
}

export function entryActions(ctx, entry, locked) {
  if (locked) return null;
  const open = (kind) => () => ctx.store.set({ dialog: { kind, entry, value: entry.value ?? "", error: "" } });
  return [
    entry.kind === "mark" ? h("button", { type: "button", class: "act", dataset: { act: "correct" }, onclick: open("correct") }, t("ref.correct")) : null,
    entry.void ? null : h("button", { type: "button", class: "act", dataset: { act: "void" }, onclick: open("void") }, t("chief.void")),
  ];
}

function row(ctx, entry, names, rescoring, signedOff) {
  const locked = entry.contestant_id in signedOff;
  const rescore = rescoring.has(entry.command_id);
  const last = entry.corrections.at(-1);
  return h("tr", { class: rescore ? "flag" : null, dataset: { entry: entry.command_id, contestant: entry.contestant_id, subject: entry.subject_id } },
    h("td", {}, contestantName(names, entry.contestant_id)),
    h("td", {}, subjectName(names, entry.subject_id)),
    h("td", {}, refereeName(names, entry.referee_id)),
    h("td", { class: "num" }, entryValue(entry)),
    h("td", { class: "time" }, timeOf(entry.at)),
    h("td", { class: "status" }, statusChips(entry, rescore, locked),
      last?.reason ? h("span", { class: "muted reason" }, last.reason) : null),
    h("td", { class: "actions" }, entryActions(ctx, entry, locked)));
}

export function renderMarks(ctx, { desk, names, filters }) {
  const rescoring = new Set(desk.queue.flatMap((panel) => panel.entries));
  const entries = desk.entries.filter((entry) => shown(entry, filters, names));
  byId("marks-count").textContent = t("chief.marks.count", { shown: entries.length, all: desk.entries.length });
  mount(byId("marks-rows"), entries.length
    ? entries.slice().reverse().map((entry) => row(ctx, entry, names, rescoring, desk.signed_off))
    : h("tr", {}, h("td", { colspan: 7, class: "muted" }, t("chief.marks.none"))));
}
