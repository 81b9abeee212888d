// The venue big screen: the live cross-venue ranking, paged, with a ticker and the reveal.
import { tokenStore } from "../api.js";
import { boardEvents, changedIds } from "../board-diff.js";
import { stageCells } from "../charts.js";
import { nextStep, openReveal, revealCaption, revealRows } from "../components/screen/reveal.js";
import { contestHeading, showTitle } from "../contest.js";
import { byId, connectionBadge, dropHash, formatMark, h, hashParam, lifecycleKey, mount, pathParam } from "../dom.js";
import { t } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const PAGE_MS = 10000;
const ROW_PX = 80;
const TICKER_SIZE = 6;

const cid = pathParam("screen");
const tokens = tokenStore("screen", cid);
const conn = connectionBadge();
const store = createStore({
  title: "…",
  definition: null,
  venueNames: new Map(),
  stageNames: new Map(),
  token: null,
  doc: null,
  changed: new Set(),
  ticker: [],
  venue: new URLSearchParams(location.search).get("venue"),
  page: 0, // counts up every PAGE_MS; the page shown is this modulo the pages
  connection: null, // the live connection's state, once it reports one
  reveal: null, // see components/screen/reveal.js
});

function layout() {
  return [
    h("header", { class: "screen-head" },
      h("h1", { id: "title" }),
      h("span", { id: "state", class: "state" }),
      h("nav", { id: "venues", class: "venues" }),
      h("span", { id: "page", class: "page-no" }),
      h("span", { id: "conn" }, conn),
      h("button", { id: "reveal-open", type: "button", class: "hidden", onclick: startReveal }, t("screen.reveal")),
      languageSwitch()),
    h("div", { id: "banner", class: "banner hidden", role: "status" }),
    h("div", { id: "reveal-bar", class: "reveal-bar hidden" },
      h("span", { id: "reveal-caption" }),
      h("button", { id: "reveal-next", type: "button", class: "primary", onclick: stepReveal }, t("screen.reveal_next")),
      h("button", { id: "reveal-exit", type: "button", onclick: () => store.set({ reveal: null }) }, t("screen.reveal_exit"))),
    h("main", { class: "board" },
      h("table", { id: "board" }, h("thead", {}, h("tr", { id: "board-head" })), h("tbody", { id: "rows" })),
      h("p", { id: "empty", class: "empty hidden" }, t("screen.no_rows"))),
    h("footer", { class: "ticker" }, h("ol", { id: "ticker" })),
  ];
}

const known = (id) => store.get().doc?.rows?.find((row) => row.contestant_id === id);

function names({ stageNames, definition }) {
  return new Map([...stageNames, ...(definition?.criteria ?? []).map((c) => [c.id, c.name])]);
}

async function startReveal() {
  const { token } = store.get();
  if (token) store.set({ reveal: await openReveal(cid, token) });
}

function stepReveal() {
  const { reveal } = store.get();
  if (reveal) store.set({ reveal: nextStep(reveal, known) });
}

function onKey(event) {
  const { reveal } = store.get();
  if (event.key === "r" && !reveal) startReveal();
  else if (reveal && (event.key === " " || event.key === "ArrowRight")) {
    event.preventDefault();
    stepReveal();
  } else if (reveal && event.key === "Escape") store.set({ reveal: null });
}

function visibleRows({ doc, venue }) {
  const rows = doc?.rows ?? [];
  return venue ? rows.filter((row) => row.venue === venue) : rows;
}

function rowsPerPage() {
  const available = document.querySelector(".board").clientHeight - 70;
  return Math.max(3, Math.floor(available / ROW_PX));
}

function scoreCell(state, row) {
  const policy = state.definition?.ranking?.policy ?? "points";
  const score = row.score ?? {};
  const text = policy === "points" ? formatMark(score.total) : `${score.stages_cleared ?? 0} · ${score.time ?? 0}′`;
  return h("td", { class: "col-total" }, text, row.provisional ? h("span", { class: "tag" }, t("screen.provisional")) : null);
}

function statusTag(row) {
  if (row.status === "disqualified") return h("span", { class: "tag out" }, t("screen.disqualified"));
  if (row.status === "withdrawn") return h("span", { class: "tag out" }, t("screen.withdrawn"));
  return null;
}

function boardRow(state, row, highlight = false) {
  const stages = state.definition?.stages ?? [];
  return h("tr", {
    class: [row.rank <= 3 ? `top${row.rank}` : null, row.provisional ? "provisional" : null,
      state.changed.has(row.contestant_id) ? "changed" : null, highlight ? "revealed" : null],
    dataset: { contestant: row.contestant_id },
  },
  h("td", { class: "col-rank" }, row.rank ?? "–"),
  h("td", { class: "col-name" }, row.name, statusTag(row)),
  h("td", { class: "col-org" }, row.organization ?? ""),
  h("td", { class: "col-venue" }, state.venueNames.get(row.venue) ?? row.venue ?? ""),
  stages.length ? h("td", { class: "col-stages" }, row.stages ? stageCells(stages, row.stages) : null) : null,
  scoreCell(state, row));
}

function renderHead({ definition }) {
  const stages = definition?.stages ?? [];
  mount(byId("board-head"),
    h("th", { class: "col-rank" }, t("screen.rank")),
    h("th", { class: "col-name" }, t("screen.name")),
    h("th", { class: "col-org" }, t("screen.organization")),
    h("th", { class: "col-venue" }, t("screen.venue")),
    stages.length ? h("th", { class: "col-stages" }, t("screen.stages")) : null,
    h("th", { class: "col-total" }, t("screen.total")));
}

/** The live board, one page of it, or the reveal's rows around its last step. */
function renderBoard(state) {
  const size = rowsPerPage();
  const { reveal } = state;
  byId("page").classList.toggle("hidden", Boolean(reveal));
  if (reveal) {
    mount(byId("rows"), revealRows(reveal, size, known).map((row) => boardRow(state, row, row.contestant_id === reveal.highlight)));
    byId("empty").classList.toggle("hidden", reveal.rows.length > 0);
    return;
  }
  const rows = visibleRows(state);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = state.page % pages;
  mount(byId("rows"), rows.slice(page * size, (page + 1) * size).map((row) => boardRow(state, row)));
  byId("empty").classList.toggle("hidden", rows.length > 0);
  byId("page").textContent = pages > 1 ? t("screen.page", { page: page + 1, pages }) : "";
}

function renderRevealBar(state) {
  const { reveal } = state;
  byId("reveal-open").classList.toggle("hidden", !state.token);
  byId("reveal-bar").classList.toggle("hidden", !reveal);
  if (!reveal) return;
  byId("reveal-caption").textContent = revealCaption(reveal, names(state));
  byId("reveal-next").disabled = reveal.index >= reveal.steps.length;
}

function renderState({ doc, reveal }) {
  const key = lifecycleKey(doc?.state);
  const status = byId("state");
  status.textContent = t(key);
  status.dataset.state = key;
  const frozen = Boolean(doc?.state?.frozen && !doc.state.thawed);
  const banner = byId("banner");
  banner.classList.toggle("hidden", !frozen || Boolean(reveal)); // the reveal bar says it all
  banner.textContent = frozen ? t(doc.view === "live" ? "screen.frozen_live" : "screen.frozen_banner") : "";
}

function renderVenues({ definition, venue }) {
  const venues = definition?.venues ?? [];
  if (venues.length < 2) return;
  const button = (id, label) => h("button", {
    type: "button",
    "aria-pressed": String((venue ?? null) === id),
    dataset: { venue: id ?? "" },
    onclick: () => store.set({ venue: id, page: 0 }),
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

function renderTicker({ ticker }) {
  const items = ticker.map((event) => h("li", {}, eventText(event)));
  mount(byId("ticker"), items.length ? items : h("li", { class: "muted" }, t("screen.ticker_empty")));
}

function render(state, changes) {
  showTitle(byId("title"), state);
  if (state.connection) conn.update(state.connection);
  if (touched(changes, "definition")) renderHead(state);
  if (touched(changes, "definition", "venue")) renderVenues(state);
  renderRevealBar(state);
  if (touched(changes, "ticker")) renderTicker(state);
  if (!state.doc && !state.reveal) return; // nothing to show before the first board
  renderState(state);
  if (touched(changes, "doc", "page", "venue", "reveal", "definition")) renderBoard(state);
}

function onData(doc) {
  store.set(({ doc: previous, stageNames, ticker }) => ({
    doc,
    changed: changedIds(previous, doc),
    ticker: [...boardEvents(previous, doc, stageNames).reverse(), ...ticker].slice(0, TICKER_SIZE),
  }));
}

async function main() {
  const fromLink = hashParam("token");
  if (fromLink) {
    tokens.set(fromLink);
    dropHash();
  }
  const token = tokens.get();
  await startPage({ style: "screen", bodyClass: "bigscreen", layout, store, render });
  store.set({ token, ...(await contestHeading(cid)) });
  const view = token ? "live" : "public";
  new LiveStandings({ cid, view, token, onData, onState: (connection) => store.set({ connection }) }).start();
  document.addEventListener("keydown", onKey);
  if (new URLSearchParams(location.search).has("reveal")) startReveal();
  setInterval(() => store.set(({ page }) => ({ page: page + 1 })), PAGE_MS);
  window.addEventListener("resize", () => render(store.get()));
}

main();
