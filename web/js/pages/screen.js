// The venue big screen: the live cross-venue ranking, paged, with a ticker and the reveal.
import { api, contestPath, tokenStore } from "../api.js";
import { boardEvents, changedIds } from "../board-diff.js";
import { stageCells } from "../charts.js";
import { byId, connectionBadge, dropHash, formatMark, h, hashParam, languageButton, lifecycleKey, mount, pathParam } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { Reveal } from "../components/screen/reveal.js";

const PAGE_MS = 10000;
const ROW_PX = 80;
const TICKER_SIZE = 6;

const cid = pathParam("screen");
const tokens = tokenStore("screen", cid);
const conn = connectionBadge();
const screen = {
  definition: null,
  venueNames: new Map(),
  stageNames: new Map(),
  doc: null,
  view: "public",
  venue: new URLSearchParams(location.search).get("venue"),
  page: 0,
  changed: new Set(),
  ticker: [],
  reveal: null,
};

function visibleRows() {
  const rows = screen.doc?.rows ?? [];
  return screen.venue ? rows.filter((row) => row.venue === screen.venue) : rows;
}

function rowsPerPage() {
  const board = document.querySelector(".board");
  const available = board.clientHeight - 70;
  return Math.max(3, Math.floor(available / ROW_PX));
}

function scoreCell(row) {
  const policy = screen.definition?.ranking?.policy ?? "points";
  const score = row.score ?? {};
  const text = policy === "points" ? formatMark(score.total) : `${score.stages_cleared ?? 0} · ${score.time ?? 0}′`;
  return h("td", { class: "col-total" }, text, row.provisional ? h("span", { class: "tag" }, t("screen.provisional")) : null);
}

function statusTag(row) {
  if (row.status === "disqualified") return h("span", { class: "tag out" }, t("screen.disqualified"));
  if (row.status === "withdrawn") return h("span", { class: "tag out" }, t("screen.withdrawn"));
  return null;
}

export function boardRow(row, highlight = false) {
  const stages = screen.definition?.stages ?? [];
  return h("tr", {
    class: [row.rank <= 3 ? `top${row.rank}` : null, row.provisional ? "provisional" : null,
      screen.changed.has(row.contestant_id) ? "changed" : null, highlight ? "revealed" : null],
    dataset: { contestant: row.contestant_id },
  },
  h("td", { class: "col-rank" }, row.rank ?? "–"),
  h("td", { class: "col-name" }, row.name, statusTag(row)),
  h("td", { class: "col-org" }, row.organization ?? ""),
  h("td", { class: "col-venue" }, screen.venueNames.get(row.venue) ?? row.venue ?? ""),
  stages.length ? h("td", { class: "col-stages" }, row.stages ? stageCells(stages, row.stages) : null) : null,
  scoreCell(row));
}

function renderHead() {
  const stages = screen.definition?.stages ?? [];
  mount(byId("board-head"),
    h("th", { class: "col-rank" }, t("screen.rank")),
    h("th", { class: "col-name" }, t("screen.name")),
    h("th", { class: "col-org" }, t("screen.organization")),
    h("th", { class: "col-venue" }, t("screen.venue")),
    stages.length ? h("th", { class: "col-stages" }, t("screen.stages")) : null,
    h("th", { class: "col-total" }, t("screen.total")));
}

function renderBoard() {
  if (screen.reveal?.active) return;
  const rows = visibleRows();
  const size = rowsPerPage();
  const pages = Math.max(1, Math.ceil(rows.length / size));
  screen.page %= pages;
  mount(byId("rows"), rows.slice(screen.page * size, (screen.page + 1) * size).map((row) => boardRow(row)));
  byId("empty").classList.toggle("hidden", rows.length > 0);
  byId("page").textContent = pages > 1 ? t("screen.page", { page: screen.page + 1, pages }) : "";
}

function renderState() {
  const state = screen.doc?.state;
  const key = lifecycleKey(state);
  const status = byId("state");
  status.textContent = t(key);
  status.dataset.state = key;
  const frozen = Boolean(state?.frozen && !state?.thawed);
  const banner = byId("banner");
  banner.classList.toggle("hidden", !frozen || Boolean(screen.reveal?.active)); // the reveal bar says it all
  banner.textContent = frozen ? t(screen.doc.view === "live" ? "screen.frozen_live" : "screen.frozen_banner") : "";
}

function renderVenues() {
  const venues = screen.definition?.venues ?? [];
  if (venues.length < 2) return;
  const button = (id, label) => h("button", {
    type: "button",
    "aria-pressed": String((screen.venue ?? null) === id),
    dataset: { venue: id ?? "" },
    onclick: () => { screen.venue = id; screen.page = 0; renderVenues(); renderBoard(); },
  }, label);
  mount(byId("venues"), button(null, t("common.all")), venues.map((v) => button(v.id, v.name)));
}

function eventText(event) {
  if (event.kind === "score") {
    const delta = `${event.delta > 0 ? "+" : ""}${formatMark(event.delta)}`;
    return t("event.score", { name: event.name, delta });
  }
  return t(`event.${event.kind}`, event);
}

function renderTicker() {
  const items = screen.ticker.map((event) => h("li", {}, eventText(event)));
  mount(byId("ticker"), items.length ? items : h("li", { class: "muted" }, t("screen.ticker_empty")));
}

function onData(doc) {
  const events = boardEvents(screen.doc, doc, screen.stageNames);
  screen.changed = changedIds(screen.doc, doc);
  screen.doc = doc;
  screen.ticker = [...events.reverse(), ...screen.ticker].slice(0, TICKER_SIZE);
  renderState();
  renderBoard();
  renderTicker();
}

async function loadDefinition() {
  try {
    const detail = await api(contestPath(cid));
    screen.definition = detail.definition;
    byId("title").textContent = detail.definition.title;
    document.title = detail.definition.title;
    screen.venueNames = new Map(detail.definition.venues.map((v) => [v.id, v.name]));
    screen.stageNames = new Map(detail.definition.stages.map((s) => [s.id, s.name]));
  } catch {
    byId("title").textContent = cid;
  }
}

async function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  mount(byId("conn"), conn);
  const fromLink = hashParam("token");
  if (fromLink) {
    tokens.set(fromLink);
    dropHash();
  }
  const token = tokens.get();
  screen.view = token ? "live" : "public";
  await loadDefinition();
  renderHead();
  renderVenues();
  renderTicker();
  const live = new LiveStandings({ cid, view: screen.view, token, onData, onState: (state) => conn.update(state) });
  live.start();
  const names = new Map([...screen.stageNames, ...(screen.definition?.criteria ?? []).map((c) => [c.id, c.name])]);
  const known = (id) => screen.doc?.rows?.find((row) => row.contestant_id === id);
  screen.reveal = new Reveal({ cid, token, row: boardRow, known, names, rowsPerPage, onExit: () => { renderState(); renderBoard(); } });
  setInterval(() => { screen.page += 1; renderBoard(); }, PAGE_MS);
  window.addEventListener("resize", renderBoard);
}

main();
