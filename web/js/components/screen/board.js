// The big screen's ranking table. Its columns come from the contest (a column per
// criterion with its name for a points contest, a column per stage with its name),
// its rows are sized so that one page of them fills the board's height, and a row
// that changes place slides there from where it was.
import { stageCells } from "../../charts.js";
import { byId, formatMark, h, mount } from "../../dom.js";
import { fitAll } from "../../fit.js";
import { t } from "../../i18n.js";

const MIN_ROW_REM = 2.9; // the smallest row still readable across a hall
const GAP_REM = 0.22;
const SLIDE_MS = 900;

/** A portrait screen (or a phone) shows only the essential columns. */
function portrait() {
  return window.matchMedia("(max-aspect-ratio: 1/1)").matches;
}

/** Which columns the board has: criteria (points contests), stages, venue. The final
 * results (beside the podium) and portrait screens keep rank, name and score. */
export function plan({ definition, venue, final }) {
  const policy = definition?.ranking?.policy ?? "points";
  const compact = Boolean(final) || portrait();
  return {
    policy,
    criteria: !compact && policy === "points" ? definition?.criteria ?? [] : [],
    stages: compact ? [] : definition?.stages ?? [],
    venues: !portrait() && (definition?.venues?.length ?? 0) > 1 && !venue,
  };
}

function rem() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/** A cell column's width: what the name leaves, between 3.2 and 5.4 rem. */
function cellWidth(columns, tableWidth) {
  const cells = columns.criteria.length + columns.stages.length;
  if (!cells) return 0;
  const fixed = (4.4 + (columns.venues ? 5 : 0) + 7 + 15) * rem();
  return Math.max(3.2 * rem(), Math.min(5.4 * rem(), (tableWidth - fixed) / cells));
}

export function renderHead(state) {
  const columns = plan(state);
  const table = byId("board");
  table.style.setProperty("--cell-w", `${cellWidth(columns, table.clientWidth)}px`);
  const cell = (item, kind) => h("th", { class: ["col-cell", `col-${kind}`], title: item.skill ?? item.id, dataset: { [kind]: item.id } },
    h("span", { class: ["head-name", /\s/.test(item.name) ? "spaced" : null] }, item.name));
  mount(byId("board-cols"),
    h("col", { class: "c-rank" }), h("col", { class: "c-name" }), columns.venues ? h("col", { class: "c-venue" }) : null,
    [...columns.criteria, ...columns.stages].map(() => h("col", { class: "c-cell" })), h("col", { class: "c-total" }));
  mount(byId("board-head"),
    h("th", { class: "col-rank" }, t("screen.rank")),
    h("th", { class: "col-name" }, t("screen.name")),
    columns.venues ? h("th", { class: "col-venue" }, t("screen.venue")) : null,
    columns.criteria.map((criterion) => cell(criterion, "criterion")),
    columns.stages.map((stage) => cell(stage, "stage")),
    h("th", { class: "col-total" }, t(columns.policy === "points" ? "screen.total" : "screen.cleared_time")));
}

/** How many rows a page holds, and the px left for them below the head. */
export function capacity() {
  const area = byId("board-area");
  const gap = GAP_REM * rem();
  const available = area.clientHeight - byId("board-head").offsetHeight - 2 * gap;
  return { available, gap, perPage: Math.max(1, Math.floor(available / (MIN_ROW_REM * rem() + gap))) };
}

/** The page to show: `rows` split into pages of nearly equal size (so each fills). */
export function pageOf(rows, page, perPage) {
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const size = Math.ceil(rows.length / pages) || 1;
  const index = page % pages;
  return { rows: rows.slice(index * size, (index + 1) * size), index, pages };
}

function criterionCell(row, criterion, pending) {
  const mark = row.criteria?.[criterion.id];
  const known = mark !== undefined && mark !== null;
  let content = h("span", { class: "cell cell-none" }, "–");
  if (pending.has(criterion.id)) content = h("span", { class: "cell cell-pending", title: t("screen.pending") }, "?");
  else if (known) content = h("span", { class: "cell cell-mark" }, formatMark(mark));
  return h("td", { class: "col-cell", dataset: { criterion: criterion.id } }, content);
}

function totalCell(columns, row) {
  const score = row.score ?? {};
  if (columns.policy === "points") {
    return h("td", { class: "col-total", title: row.provisional ? t("screen.provisional") : null },
      h("span", { class: "total fit" }, formatMark(score.total)));
  }
  return h("td", { class: "col-total" }, h("span", { class: "total fit" }, h("span", { class: "solved" }, score.stages_cleared ?? 0),
    h("span", { class: "time" }, `${score.time ?? 0}′`)));
}

function statusTag(row) {
  if (row.status === "disqualified") return h("span", { class: "tag out" }, t("screen.disqualified"));
  if (row.status === "withdrawn") return h("span", { class: "tag out" }, t("screen.withdrawn"));
  return null;
}

function rankCell(row, move) {
  const arrow = move ? h("span", { class: ["move", move > 0 ? "up" : "down"] }, move > 0 ? "▲" : "▼") : null;
  return h("td", { class: "col-rank" }, h("span", { class: "rank-no" }, row.rank ?? "–"), arrow);
}

/** One row; `highlight` marks the reveal's last step. A round's row may advance
 * (`classes`), carry the cut line under it (`cut`: its caption) and, in the final
 * results, its award (`badge`). */
export function boardRow(state, row, { highlight = false, pending = new Set(), classes = [], cut = "", badge = null } = {}) {
  const columns = plan(state);
  return h("tr", {
    class: [row.rank && row.rank <= 3 ? `top${row.rank}` : null, row.provisional ? "provisional" : null,
      state.changed.has(row.contestant_id) ? "changed" : null, highlight ? "revealed" : null, ...classes],
    dataset: cut ? { contestant: row.contestant_id, cut } : { contestant: row.contestant_id },
  },
  rankCell(row, state.moves.get(row.contestant_id)),
  h("td", { class: "col-name", dataset: cut ? { cut } : null },
    h("span", { class: "name fit" }, row.name, statusTag(row), badge),
    h("span", { class: "org fit" }, row.organization ?? "")),
  columns.venues ? h("td", { class: "col-venue" }, state.venueNames.get(row.venue) ?? row.venue ?? "") : null,
  columns.criteria.map((criterion) => criterionCell(row, criterion, pending)),
  stageCells(columns.stages, row.stages).map((cell) => h("td", { class: "col-cell col-stage" }, cell)),
  totalCell(columns, row));
}

function topsOf(tbody) {
  return new Map([...tbody.children].map((tr) => [tr.dataset.contestant, tr.getBoundingClientRect().top]));
}

/** Slide every row that was shown before to its new place (FLIP); new rows fade in. */
function slide(tbody, before) {
  for (const tr of tbody.children) {
    const top = before.get(tr.dataset.contestant);
    if (top === undefined) {
      tr.classList.add("entering");
      continue;
    }
    const dy = top - tr.getBoundingClientRect().top;
    if (Math.abs(dy) < 1) continue;
    tr.style.transition = "none";
    tr.style.transform = `translateY(${dy}px)`;
    tr.getBoundingClientRect(); // apply the start before the transition
    tr.style.transition = `transform ${SLIDE_MS}ms cubic-bezier(0.2, 0.7, 0.2, 1)`;
    tr.style.transform = "";
    tr.classList.add("moving");
  }
}

/** Put `rows` on the board, each `height` px tall, sliding from where they were. */
export function showRows(rows, { height, animate }) {
  const tbody = byId("rows");
  const table = byId("board");
  const before = animate ? topsOf(tbody) : new Map();
  table.style.setProperty("--row-h", `${Math.floor(height)}px`);
  mount(tbody, rows);
  fitAll(tbody, ".fit");
  const over = table.offsetHeight - byId("board-area").clientHeight;
  if (over > 0 && rows.length) { // content made some rows taller than asked: share the excess
    table.style.setProperty("--row-h", `${Math.floor(height - over / rows.length) - 1}px`);
    fitAll(tbody, ".fit");
  }
  if (animate) slide(tbody, before);
}

export { SLIDE_MS };
