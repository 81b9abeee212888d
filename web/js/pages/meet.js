// A meet's board (赛事): its events with their state, rounds and winners, and the unit
// table (medals by tier, or points per place), live over `/ws/meets/{mid}`.
import { MeetSocket } from "../components/meet/socket.js";
import { byId, connectionBadge, formatMark, h, mount, pathParam } from "../dom.js";
import { has, t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const mid = pathParam("meets");
const store = createStore({ board: null, missing: false });
const badge = connectionBadge();

function layout() {
  return [
    h("header", { class: "topbar" },
      h("h1", { id: "meet-title" }, t("meet.title")),
      badge, navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "page meet-page" },
      h("p", { id: "meet-status", class: "muted" }, t("common.loading")),
      h("div", { class: "meet-columns" },
        h("section", { class: "card unit-table", id: "unit-table" },
          h("h2", { id: "table-title" }, t("meet.table.medals")),
          h("div", { class: "scroll-x" }, h("table", { class: "grid meet-grid" },
            h("thead", {}, h("tr", { id: "table-head" })),
            h("tbody", { id: "table-rows" }))),
          h("p", { id: "unmatched", class: "muted small hidden" })),
        h("section", { class: "meet-events", "aria-labelledby": "events-title" },
          h("h2", { id: "events-title" }, t("meet.events")),
          h("div", { id: "events", class: "event-grid" })))),
  ];
}

function medalLabel(column) {
  if (column.name) return column.name;
  const key = `meet.medal.${column.id}`;
  return has(key) ? t(key) : column.id;
}

function tableHead(table) {
  const cells = [h("th", { class: "num" }, t("meet.rank")), h("th", {}, t("meet.unit"))];
  if (table.mode === "medals") {
    table.columns.forEach((column, index) =>
      cells.push(h("th", { class: `num medal-col medal-${index + 1}` }, medalLabel(column))));
    cells.push(h("th", { class: "num" }, t("meet.total")));
  } else {
    cells.push(h("th", { class: "num" }, t("meet.points")));
  }
  return cells;
}

function tableRow(table, row) {
  const cells = [h("td", { class: "num rank" }, row.rank), h("td", { class: "who" }, row.name)];
  if (table.mode === "medals") {
    row.medals.forEach((count, index) =>
      cells.push(h("td", { class: ["num medal-count", `medal-${index + 1}`, count ? null : "zero"] }, count)));
    cells.push(h("td", { class: "num strong" }, row.medal_total));
  } else {
    cells.push(h("td", { class: "num strong" }, formatMark(row.points)));
  }
  return h("tr", { dataset: { unit: row.unit_id }, class: row.rank <= 3 ? `top top-${row.rank}` : null }, cells);
}

function renderTable(board) {
  const table = board.table;
  byId("table-title").textContent = t(table.mode === "points" ? "meet.table.points" : "meet.table.medals");
  mount(byId("table-head"), tableHead(table));
  mount(byId("table-rows"), table.rows.map((row) => tableRow(table, row)));
  const unmatched = byId("unmatched");
  unmatched.classList.toggle("hidden", !table.unmatched.length);
  unmatched.textContent = t("meet.unmatched", { names: table.unmatched.map((n) => n || "–").join("、") });
}

function roundLabel(event, round) {
  if (event.rounds.length === 1) return t("meet.final");
  return round.order === event.rounds.length ? t("meet.final") : t("meet.round", { n: round.order });
}

function roundItem(event, round) {
  const id = encodeURIComponent(round.contest_id);
  return h("li", { class: "round", dataset: { contest: round.contest_id } },
    h("span", { class: "round-name" }, roundLabel(event, round),
      round.title === event.title ? null : h("span", { class: "round-title muted" }, round.title ?? round.contest_id)),
    h("span", { class: `chip state-chip state-${round.state}` }, t(`meet.state.${round.state}`)),
    round.advanced === null ? null : h("span", { class: "chip advanced-chip" }, t("meet.advanced", { n: round.advanced })),
    round.state === "not_defined" ? null : h("span", { class: "links" },
      h("a", { href: `/screen/${id}` }, t("index.screen")),
      h("a", { href: `/live/${id}` }, t("index.live")),
      round.state === "finalized" ? h("a", { href: `/awards/${id}`, class: "awards-link" }, t("index.awards")) : null));
}

function winnerItem(units, winner) {
  const unit = units.get(winner.unit_id) ?? winner.organization ?? "";
  return h("li", { class: `winner place-${Math.min(winner.place, 4)}` },
    h("span", { class: "place-badge", "aria-label": t("meet.place", { n: winner.place }) }, winner.place),
    h("span", { class: "winner-name" }, winner.name, h("span", { class: "winner-unit muted" }, unit)),
    winner.award_name || winner.award_id ? h("span", { class: "award" }, winner.award_name ?? winner.award_id) : null);
}

function eventCard(units, event) {
  const winners = event.winners.length
    ? h("ol", { class: "winners" }, event.winners.map((w) => winnerItem(units, w)))
    : h("p", { class: "muted no-winners" }, t(event.state === "finalized" ? "meet.no_result" : "meet.waiting"));
  return h("article", { class: `card event-card event-${event.state}`, dataset: { event: event.id } },
    h("header", { class: "event-head" },
      h("h3", {}, event.title),
      h("span", { class: "chip kind-chip" }, t(`meet.kind.${event.kind}`)),
      h("span", { class: `chip state-chip state-${event.state}` }, t(`meet.state.${event.state}`))),
    winners,
    h("ul", { class: "rounds" }, event.rounds.map((round) => roundItem(event, round))));
}

function render(state, changes) {
  const status = byId("meet-status");
  if (state.missing) {
    status.textContent = t("meet.missing", { id: mid ?? "" });
    status.className = "error";
    return;
  }
  if (!touched(changes, "board") || !state.board) return;
  const board = state.board;
  status.textContent = "";
  status.className = "hidden";
  byId("meet-title").textContent = board.title;
  document.title = `${board.title} · ${t("meet.title")}`;
  renderTable(board);
  const units = new Map(board.units.map((unit) => [unit.id, unit.name]));
  mount(byId("events"), board.events.map((event) => eventCard(units, event)));
}

async function main() {
  await startPage({ style: "meet", bodyClass: "meet", layout, store, render });
  new MeetSocket({
    mid,
    onData: (board) => store.set({ board }),
    onState: (state) => badge.update(state),
    onMissing: () => store.set({ missing: true }),
  }).start();
}

main();
