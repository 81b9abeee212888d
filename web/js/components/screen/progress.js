// Per venue, how far its contestants are: how many cleared each stage (or, in a
// contest without stages, were marked in each criterion), and how many finished all.
import { h } from "../../dom.js";
import { t } from "../../i18n.js";

/** The items counted: the stages, else the criteria. */
function items(definition) {
  const stages = definition?.stages ?? [];
  if (stages.length) return { kind: "stage", list: stages, done: (row, id) => Boolean(row.stages?.[id]?.cleared) };
  return { kind: "criterion", list: definition?.criteria ?? [], done: (row, id) => row.criteria?.[id] !== undefined };
}

/** `[{venue, name, size, counts: [n per item], finished}]` for every venue with contestants. */
export function venueProgress(definition, rows) {
  const { list, done } = items(definition);
  const venues = definition?.venues?.length ? definition.venues : [{ id: null, name: "" }];
  return venues.map((venue) => {
    const own = (rows ?? []).filter((row) => venue.id === null || row.venue === venue.id);
    const counts = list.map((item) => own.filter((row) => done(row, item.id)).length);
    const finished = own.filter((row) => list.length && list.every((item) => done(row, item.id))).length;
    return { venue: venue.id, name: venue.name, size: own.length, counts, finished };
  }).filter((venue) => venue.size > 0);
}

function countCell(count, size, title) {
  const fill = h("span", { class: "fill" });
  fill.style.width = `${size ? (100 * count) / size : 0}%`;
  return h("td", { class: "count", title }, fill, h("span", { class: "n" }, count));
}

/** The summary table: a row per venue, a column per stage (or criterion), then "all". */
export function progressTable(definition, rows) {
  const { kind, list } = items(definition);
  const summary = venueProgress(definition, rows);
  if (!list.length || !summary.length) return [];
  return [
    h("caption", {}, t(kind === "stage" ? "screen.progress_stages" : "screen.progress_criteria")),
    h("thead", {}, h("tr", {}, h("th", {}, t("screen.venue")),
      list.map((item, i) => h("th", { title: item.name }, String(i + 1))), h("th", {}, t("screen.progress_all")))),
    h("tbody", {}, summary.map((venue) => h("tr", { dataset: { venue: venue.venue ?? "" } },
      h("th", { class: "venue-name" }, venue.name, h("span", { class: "size" }, ` ${venue.size}`)),
      venue.counts.map((count, i) => countCell(count, venue.size, `${venue.name} · ${list[i].name}: ${count}/${venue.size}`)),
      countCell(venue.finished, venue.size, `${venue.finished}/${venue.size}`)))),
  ];
}
