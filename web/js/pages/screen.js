// The venue big screen: the live cross-venue ranking filling the screen at any size,
// the top three, each venue's progress, a ticker in words, the reveal, and the final
// results once the contest is over. Operator controls stay hidden from the audience
// (components/screen/operator.js).
import { tokenStore } from "../api.js";
import { boardStory, changedIds, rankMoves } from "../board-diff.js";
import { boardRow, capacity, pageOf, renderHead, showRows } from "../components/screen/board.js";
import { operatorPanel, renderOperator, renderVenues, wake } from "../components/screen/operator.js";
import { frozenPublic, pendingCriteria } from "../components/screen/pending.js";
import { awardItems, finalPodium, sidePodium } from "../components/screen/podium.js";
import { progressTable } from "../components/screen/progress.js";
import { nextStep, openReveal, revealCaption, revealRows } from "../components/screen/reveal.js";
import { nextTicker, recentItems, resultsOut, tickerItems, trimOverflow } from "../components/screen/ticker.js";
import { contestHeading } from "../contest.js";
import { byId, connectionBadge, dropHash, h, hashParam, lifecycleKey, mount, pathParam } from "../dom.js";
import { fitAll, keepFitted } from "../fit.js";
import { t } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { startPage } from "../page.js";
import { advancingIds, awardBadge, awardsOf, cutAfter, cutCaption, loadRounds, roundClasses, roundLinks } from "../rounds.js";
import { createStore, touched } from "../store.js";

const PAGE_MS = 10000;
const ROUNDS_MS = 30000; // how often the round switcher reads its rounds' states again
const MAX_ROW_FACTOR = 3.3; // a row never grows past this many minimum rows

const cid = pathParam("screen");
const params = new URLSearchParams(location.search);
const tokens = tokenStore("screen", cid);
const conn = connectionBadge();
const store = createStore({
  title: "…",
  definition: null,
  venueNames: new Map(),
  stageNames: new Map(),
  criterionNames: new Map(),
  token: null,
  view: null, // the board shown: "live" (a screen token's default) or "public"
  doc: null,
  liveRows: null, // the live board's rows by id, read to mark pending cells of a frozen public board
  changed: new Set(),
  moves: new Map(),
  ticker: [],
  venue: params.get("venue"),
  page: Math.max(0, Number(params.get("page") ?? 1) - 1) || 0, // ?page=N starts there; counts up every PAGE_MS
  mode: params.get("mode") ?? "auto", // auto (final results once over), board or final
  connection: null,
  reveal: null, // see components/screen/reveal.js
  operator: false, // the operator panel is showing
  pinned: params.has("operator"),
  now: Date.now(),
  size: 0, // counts window resizes
  rounds: [], // the rounds of this contest's event (the switcher), when it is a round
});
let board = null; // the LiveStandings of the board shown
let titleFit = null; // keeps the title fitted to the header's room
let shadow = null; // the live board behind a frozen public one

const known = (id) => store.get().doc?.rows?.find((row) => row.contestant_id === id);

/** Whether the final results show: asked for, or (auto) the contest is over and its
 * results are out (finalized, or ended without a freeze still waiting for the reveal). */
function isFinal({ mode, doc, reveal }) {
  if (reveal || mode === "board") return false;
  return mode === "final" || resultsOut(doc);
}

function layout() {
  return [
    h("header", { class: "screen-head" },
      h("h1", { id: "title" }),
      h("nav", { id: "rounds", class: "rounds hidden", "aria-label": t("rounds.label") }),
      h("span", { id: "state", class: "state" }),
      h("span", { id: "view-note", class: "view-note hidden" }),
      h("span", { id: "clock", class: "clock" }),
      h("span", { id: "conn" }, conn)),
    operatorPanel({ reveal: startReveal, toggleView, toggleMode }),
    h("div", { id: "reveal-bar", class: "reveal-bar hidden" },
      h("span", { id: "reveal-caption" }),
      h("button", { id: "reveal-next", type: "button", class: "primary", onclick: stepReveal }, t("screen.reveal_next")),
      h("button", { id: "reveal-exit", type: "button", onclick: () => store.set({ reveal: null }) }, t("screen.reveal_exit"))),
    h("div", { class: "stage-area" },
      h("main", { id: "board-area", class: "board" },
        h("table", { id: "board" }, h("colgroup", { id: "board-cols" }), h("thead", {}, h("tr", { id: "board-head" })), h("tbody", { id: "rows" })),
        h("p", { id: "empty", class: "empty hidden" }, t("screen.no_rows"))),
      h("aside", { id: "side", class: "side" },
        h("section", { id: "final", class: "final hidden" },
          h("h2", { id: "final-title" }), h("div", { id: "final-podium", class: "final-podium" }), h("ol", { id: "awards", class: "awards hidden" })),
        h("section", { id: "podium-section", class: "podium" }, h("h2", {}, t("screen.podium")), h("div", { id: "podium" })),
        h("section", { id: "progress-section", class: "progress" }, h("table", { id: "progress" }),
          h("p", { id: "legend", class: "legend hidden" }, t("screen.provisional_legend"))),
        h("section", { id: "recent-section", class: "recent" }, h("h2", {}, t("screen.recent")), h("ol", { id: "recent" })))),
    h("footer", { class: "ticker" }, h("ol", { id: "ticker" }), h("span", { id: "page", class: "page-no" })),
  ];
}

async function startReveal() {
  const { token } = store.get();
  if (token) store.set({ reveal: await openReveal(cid, token) });
}

function stepReveal() {
  const { reveal } = store.get();
  if (reveal) store.set({ reveal: nextStep(reveal, known) });
}

function toggleMode() {
  store.set((state) => ({ mode: isFinal(state) ? "board" : "final" }));
}

function nextVenue() {
  const venues = [null, ...(store.get().definition?.venues ?? []).map((v) => v.id)];
  store.set(({ venue }) => ({ venue: venues[(venues.indexOf(venue ?? null) + 1) % venues.length], page: 0 }));
}

function venueButton(id, label) {
  return h("button", {
    type: "button",
    "aria-pressed": String((store.get().venue ?? null) === id),
    dataset: { venue: id ?? "" },
    onclick: () => store.set({ venue: id, page: 0 }),
  }, label);
}

function onKey(event) {
  if (event.target.closest?.("input, textarea, select")) return;
  const { reveal } = store.get();
  wake(store);
  if (event.key === "r" && !reveal) startReveal();
  else if (reveal && (event.key === " " || event.key === "ArrowRight")) {
    event.preventDefault();
    stepReveal();
  } else if (reveal && event.key === "Escape") store.set({ reveal: null });
  else if (event.key === "f") toggleMode();
  else if (event.key === "v") nextVenue();
  else if (event.key === "o") store.set(({ pinned }) => ({ pinned: !pinned }));
}

function visibleRows({ doc, venue }) {
  const rows = doc?.rows ?? [];
  return venue ? rows.filter((row) => row.venue === venue) : rows;
}

/** The live board, one page of it, or the reveal's rows around its last step. */
function renderBoard(state, changes, final) {
  const { available, gap, perPage } = capacity();
  const { reveal } = state;
  let rows;
  let pageText = "";
  if (reveal) {
    rows = revealRows(reveal, perPage, known);
  } else {
    const all = visibleRows(state);
    const shown = pageOf(all, state.page, perPage);
    rows = shown.rows;
    pageText = shown.pages > 1 ? t("screen.page", { page: shown.index + 1, pages: shown.pages }) : "";
  }
  const minRow = available / perPage;
  const height = Math.min(minRow * MAX_ROW_FACTOR, (available - gap * rows.length) / Math.max(1, rows.length));
  const view = { ...state, final };
  const ids = reveal ? null : advancingIds(state.doc);
  const cutId = reveal ? null : cutAfter(state.doc);
  const cut = cutCaption(state.doc);
  const items = rows.map((row) => boardRow(view, row, {
    highlight: Boolean(reveal) && row.contestant_id === reveal.highlight,
    pending: pendingCriteria(state, row),
    classes: roundClasses(row, ids, cutId),
    cut: row.contestant_id === cutId ? cut : "",
    badge: final ? awardBadge(row, state.definition) : null,
  }));
  const moved = touched(changes, "doc") && !touched(changes, "page", "venue", "size", "reveal", "mode");
  showRows(items, { height, animate: moved && Boolean(changes) });
  byId("empty").classList.toggle("hidden", rows.length > 0 || Boolean(reveal && reveal.rows.length));
  byId("page").textContent = pageText;
  byId("page").classList.toggle("hidden", Boolean(reveal) || !pageText);
  byId("board-area").dataset.position = String(state.doc?.position ?? "");
}

function renderRevealBar({ reveal, stageNames, definition }) {
  byId("reveal-bar").classList.toggle("hidden", !reveal);
  if (!reveal) return;
  const names = new Map([...stageNames, ...(definition?.criteria ?? []).map((c) => [c.id, c.name])]);
  byId("reveal-caption").textContent = revealCaption(reveal, names);
  byId("reveal-next").disabled = reveal.index >= reveal.steps.length;
}

function renderHeader(state) {
  const title = byId("title");
  if (title.textContent !== state.title) {
    title.textContent = state.title;
    if (state.definition) document.title = state.definition.title;
    titleFit?.refit();
  }
  const { doc } = state;
  const key = lifecycleKey(doc?.state);
  const status = byId("state");
  status.textContent = doc ? t(key) : "";
  status.dataset.state = key;
  const liveDuringFreeze = Boolean(doc?.state?.frozen && !doc.state.thawed && doc.view === "live");
  byId("view-note").classList.toggle("hidden", !liveDuringFreeze);
  byId("view-note").textContent = liveDuringFreeze ? t("screen.frozen_live") : "";
}

function renderClock({ doc, definition, now }) {
  const state = doc?.state;
  const clock = byId("clock");
  const minutes = definition?.duration_minutes;
  if (!state?.started || state.ended || !minutes) {
    clock.textContent = "";
    return;
  }
  const left = Math.max(0, Date.parse(state.started) + minutes * 60000 - now);
  const seconds = Math.floor(left / 1000);
  const hms = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((n, i) => (i ? String(n).padStart(2, "0") : String(n))).join(":");
  clock.textContent = t("screen.time_left", { time: hms });
}

function renderSide(state, final) {
  const policy = state.definition?.ranking?.policy ?? "points";
  const rows = state.reveal ? state.reveal.rows.map((row) => ({ organization: known(row.contestant_id)?.organization, ...row })) : visibleRows(state);
  byId("final").classList.toggle("hidden", !final);
  byId("podium-section").classList.toggle("hidden", final);
  byId("progress-section").classList.toggle("hidden", final || Boolean(state.reveal));
  byId("recent-section").classList.toggle("hidden", final);
  if (final) {
    byId("final-title").textContent = t(state.doc?.state?.finalized ? "screen.final_results" : "screen.ended_results");
    mount(byId("final-podium"), finalPodium(rows, policy));
    const awards = awardsOf(state.doc, state.definition);
    mount(byId("awards"), awardItems(awards));
    byId("awards").classList.toggle("hidden", !awards.length);
    fitAll(byId("final"), ".fit");
    return;
  }
  mount(byId("podium"), sidePodium(rows, policy));
  fitAll(byId("podium"), ".fit");
  mount(byId("progress"), progressTable(state.definition, visibleRows(state)));
  byId("legend").classList.toggle("hidden", !byId("rows").querySelector("tr.provisional"));
  byId("recent-section").classList.toggle("hidden", !state.ticker.length || Boolean(state.reveal));
  trimOverflow(mount(byId("recent"), recentItems(state)));
}

let headKey = null; // what the board's head was drawn for

/** The board's head, drawn again only when its columns or the screen's size change. */
function renderHeadOnce(state, final) {
  const key = [state.definition?.id, state.venue, state.size, final].join("|");
  if (key === headKey) return;
  headKey = key;
  byId("board").classList.toggle("compact", final);
  renderHead({ ...state, final });
}

function renderRounds({ rounds }) {
  const links = roundLinks(rounds, cid, (id) => `/screen/${encodeURIComponent(id)}${location.search}`);
  mount(byId("rounds"), links);
  byId("rounds").classList.toggle("hidden", !links.length);
  titleFit?.refit();
}

function render(state, changes) {
  if (state.connection) conn.update(state.connection);
  if (touched(changes, "rounds")) renderRounds(state);
  const final = isFinal(state);
  document.body.classList.toggle("final", final);
  document.body.classList.toggle("revealing", Boolean(state.reveal));
  renderOperator({ ...state, final });
  if (touched(changes, "definition", "venue")) renderVenues(state, venueButton);
  if (touched(changes, "now", "doc", "definition")) renderClock(state);
  if (touched(changes, "title", "definition", "doc", "size")) renderHeader(state);
  renderRevealBar(state);
  if (touched(changes, "ticker", "doc", "definition", "size", "reveal")) trimOverflow(mount(byId("ticker"), tickerItems(state)));
  if (!state.doc && !state.reveal) return; // nothing to show before the first board
  renderHeadOnce(state, final);
  if (touched(changes, "doc", "page", "venue", "reveal", "definition", "size", "mode", "liveRows")) {
    renderBoard(state, changes, final);
    renderSide(state, final);
  }
}

function onData(doc) {
  store.set(({ doc: previous, ticker }) => ({
    doc,
    changed: changedIds(previous, doc),
    moves: rankMoves(previous, doc),
    ticker: nextTicker(ticker, boardStory(previous, doc)),
  }));
}

/** With a token, a frozen public board is shown with the live one read behind it. */
function followShadow({ token, view, doc }) {
  const wanted = Boolean(token && view === "public" && frozenPublic(doc));
  if (wanted && !shadow) {
    shadow = new LiveStandings({
      cid, view: "live", token,
      onData: (live) => store.set({ liveRows: new Map(live.rows.map((row) => [row.contestant_id, row])) }),
    });
    shadow.start();
  } else if (!wanted && shadow) {
    shadow.stop();
    shadow = null;
    store.set({ liveRows: null });
  }
}

function toggleView() {
  const view = store.get().view === "live" ? "public" : "live";
  store.set({ view, doc: null, ticker: [], changed: new Set(), moves: new Map() });
  board.reset({ view });
}

async function main() {
  const fromLink = hashParam("token");
  if (fromLink) {
    tokens.set(fromLink);
    dropHash();
  }
  const token = tokens.get();
  const asked = params.get("view");
  const view = token && asked !== "public" ? "live" : "public";
  await startPage({ style: "screen", bodyClass: "bigscreen idle", layout, store, render });
  titleFit = keepFitted(byId("title"), { min: 0.5 });
  const heading = await contestHeading(cid);
  const criterionNames = new Map((heading.definition?.criteria ?? []).map((c) => [c.id, c.name]));
  store.set({ token, view, ...heading, criterionNames });
  if (heading.definition?.round) {
    const refresh = async () => store.set({ rounds: await loadRounds(cid) });
    refresh();
    setInterval(refresh, ROUNDS_MS);
  }
  board = new LiveStandings({ cid, view, token, onData, onState: (connection) => store.set({ connection }) });
  board.start();
  store.subscribe((state, changes) => touched(changes, "doc", "view") && followShadow(state));
  document.addEventListener("keydown", onKey);
  document.addEventListener("mousemove", () => wake(store));
  if (params.has("reveal")) startReveal();
  setInterval(() => store.set(({ page }) => ({ page: page + 1 })), PAGE_MS);
  setInterval(() => store.set({ now: Date.now() }), 1000);
  window.addEventListener("resize", () => store.set(({ size }) => ({ size: size + 1 })));
}

main();
