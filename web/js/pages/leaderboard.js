// The craftsman leaderboard (openskill ratings across contests, shown as points that
// are never negative, the model named and explained) and, below it, the capability
// view against a position standard with a drill-down from a group to its workers.
// Source weights (contests, levels, mentoring, training; `?w_levels=1` etc. in the
// address, default contests alone) rank by the weighted score instead.
import { api } from "../api.js";
import { capabilitySection, initialCapability, renderCapability, startCapability, toggleGroup } from "../components/talent/capability.js";
import { points } from "../components/talent/format.js";
import { byId, formatMark, h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const PAGE = 50;
const SOURCES = ["contests", "levels", "mentoring", "training"];
const DEFAULT_WEIGHTS = { contests: 1, levels: 0, mentoring: 0, training: 0 };

function weightsFromAddress() {
  const query = new URLSearchParams(location.search);
  const weights = { ...DEFAULT_WEIGHTS };
  for (const source of SOURCES) {
    const value = Number(query.get(`w_${source}`));
    if (query.has(`w_${source}`) && Number.isFinite(value) && value >= 0) weights[source] = value;
  }
  return weights;
}

const weighted = (weights) => SOURCES.some((s) => weights[s] !== DEFAULT_WEIGHTS[s]);
const weightQuery = (weights) => SOURCES.map((s) => `w_${s}=${encodeURIComponent(weights[s])}`).join("&");

const store = createStore({
  weights: weightsFromAddress(),
  rows: [],
  total: null, // null until the first page is read
  model: null, // the rating model, as the API names it
  error: null,
  capability: initialCapability(),
});

function sourcesTitle(entry) {
  return SOURCES.map((s) => `${t(`board.w.${s}`)} ${formatMark(entry.sources?.[s] ?? 0)}`).join(" · ");
}

function row(entry) {
  if (entry.score !== undefined) {
    return h("tr", { dataset: { worker: entry.worker_id } },
      h("td", { class: "num rank" }, entry.rank),
      h("td", { class: "who" }, h("a", { href: `/workers/${encodeURIComponent(entry.worker_id)}` }, entry.name),
        h("span", { class: "worker-id muted small" }, entry.worker_id)),
      h("td", { class: "num strong", title: sourcesTitle(entry) }, formatMark(entry.score)),
      h("td", { class: "num" }, entry.contests),
      h("td", { class: "num" }, entry.best_rank ?? "–"));
  }
  return h("tr", { dataset: { worker: entry.worker_id } },
    h("td", { class: "num rank" }, entry.rank),
    h("td", { class: "who" }, h("a", { href: `/workers/${encodeURIComponent(entry.worker_id)}` }, entry.name),
      h("span", { class: "worker-id muted small" }, entry.worker_id)),
    h("td", { class: "num strong", title: `μ ${formatMark(entry.mu)} · σ ${formatMark(entry.sigma)} · μ − 3σ ${formatMark(entry.ordinal)}` }, points(entry)),
    h("td", { class: "num" }, entry.contests),
    h("td", { class: "num" }, entry.best_rank ?? "–"));
}

/** The next page of the board, after the rows already shown. */
async function loadMore() {
  try {
    const { rows, weights } = store.get();
    const page = await api(`/api/leaderboard?limit=${PAGE}&offset=${rows.length}&${weightQuery(weights)}`);
    store.set(({ rows }) => ({ rows: [...rows, ...page.rows], total: page.total, model: page.model ?? null }));
  } catch (error) {
    store.set({ error: error.message });
  }
}

/** Rank again under the weights typed in (kept in the address). */
function applyWeights(event) {
  event.preventDefault();
  const weights = {};
  for (const source of SOURCES) {
    const value = Number(byId(`board-w-${source}`).value);
    weights[source] = Number.isFinite(value) && value >= 0 ? value : DEFAULT_WEIGHTS[source];
  }
  history.replaceState(null, "", weighted(weights) ? `?${weightQuery(weights)}${location.hash}` : location.pathname + location.hash);
  store.set({ weights, rows: [], total: null, error: null });
  loadMore();
}

function weightsForm(weights) {
  return h("details", { class: "explain", id: "board-weights", open: weighted(weights) },
    h("summary", {}, t("board.weights")),
    h("p", { class: "muted small" }, t("board.weights_note")),
    h("form", { class: "board-weights", onsubmit: applyWeights },
      SOURCES.map((s) => h("label", {}, t(`board.w.${s}`), " ",
        h("input", { type: "number", id: `board-w-${s}`, min: "0", max: "1000", step: "any", value: String(weights[s]) }))),
      h("button", { type: "submit", id: "board-w-apply" }, t("board.w.apply"))));
}

function boardSection() {
  const { weights } = store.get();
  const score = weighted(weights) ? "board.score" : "board.ordinal";
  const columns = ["talent.rank", "board.worker", score, "board.contests", "board.best_rank"];
  return h("section", { class: "card", id: "board" }, h("h2", {}, t("board.title")),
    h("details", { class: "explain", id: "board-explain" },
      h("summary", {}, t("board.how")), h("p", { id: "board-model" })),
    weightsForm(weights),
    h("div", { class: "scroll-x" }, h("table", { class: "grid", id: "board-table" },
      h("thead", {}, h("tr", {}, columns.map((k) => h("th", { class: k === "board.worker" ? null : "num" }, t(k))))),
      h("tbody", { id: "board-rows" }))),
    h("p", { id: "board-status", class: "muted" }),
    h("button", { type: "button", id: "board-more", class: "hidden", onclick: loadMore }, t("board.more")));
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", {}, t("nav.leaderboard")), navLink("/console", "nav.console"), navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "page talent-columns", id: "content" }, boardSection(), capabilitySection(store)),
  ];
}

function statusText({ total, error }) {
  if (error) return t("talent.load_failed", { reason: error });
  if (total === null) return t("common.loading");
  return total ? "" : t("board.empty");
}

function render(state, changes) {
  if (touched(changes, "weights")) byId("board-table").querySelector("thead th:nth-child(3)").textContent = t(weighted(state.weights) ? "board.score" : "board.ordinal");
  if (touched(changes, "rows")) mount(byId("board-rows"), state.rows.map(row));
  if (touched(changes, "model")) {
    const model = state.model ? `${state.model.name} ${state.model.model}` : "openskill PlackettLuce";
    byId("board-model").textContent = t("board.explain", { model });
  }
  const status = byId("board-status");
  status.textContent = statusText(state);
  status.className = state.error ? "error" : "muted";
  byId("board-more").classList.toggle("hidden", state.total === null || state.rows.length >= state.total);
  if (touched(changes, "capability")) renderCapability(state, (group, open) => toggleGroup(store, group, open));
}

async function main() {
  await startPage({ style: "talent", layout, store, render });
  if (location.hash === "#capability") byId("capability").scrollIntoView();
  await Promise.all([loadMore(), startCapability(store)]);
}

main();
