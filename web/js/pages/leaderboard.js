// The craftsman leaderboard (openskill ratings across contests, shown as points that
// are never negative, the model named and explained) and, below it, the capability
// view against a position standard with a drill-down from a group to its workers.
import { api } from "../api.js";
import { capabilitySection, initialCapability, renderCapability, startCapability, toggleGroup } from "../components/talent/capability.js";
import { points } from "../components/talent/format.js";
import { byId, formatMark, h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const PAGE = 50;
const store = createStore({
  rows: [],
  total: null, // null until the first page is read
  model: null, // the rating model, as the API names it
  error: null,
  capability: initialCapability(),
});

function row(entry) {
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
    const page = await api(`/api/leaderboard?limit=${PAGE}&offset=${store.get().rows.length}`);
    store.set(({ rows }) => ({ rows: [...rows, ...page.rows], total: page.total, model: page.model ?? null }));
  } catch (error) {
    store.set({ error: error.message });
  }
}

function boardSection() {
  const columns = ["talent.rank", "board.worker", "board.ordinal", "board.contests", "board.best_rank"];
  return h("section", { class: "card", id: "board" }, h("h2", {}, t("board.title")),
    h("details", { class: "explain", id: "board-explain" },
      h("summary", {}, t("board.how")), h("p", { id: "board-model" })),
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
