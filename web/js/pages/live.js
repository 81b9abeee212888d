// The spectator page: live public standings, followed contestants, a contestant's radar.
import { api, contestPath } from "../api.js";
import { changedIds } from "../board-diff.js";
import { radarChart, stageCells } from "../charts.js";
import { contestHeading, showTitle } from "../contest.js";
import { byId, connectionBadge, formatMark, h, lifecycleKey, mount, pathParam } from "../dom.js";
import { t } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const cid = pathParam("live");
const FOLLOW_KEY = `judging.follow.${cid}`;
const conn = connectionBadge();
const store = createStore({
  title: "…",
  definition: null,
  venueNames: new Map(),
  doc: null,
  changed: new Set(),
  follows: loadFollows(),
  connection: null, // the live connection's state, once it reports one
  detail: null, // {row, axes}: the radar dialog; axes null while loading
});

function loadFollows() {
  try {
    return new Set(JSON.parse(localStorage.getItem(FOLLOW_KEY) ?? "[]"));
  } catch {
    return new Set();
  }
}

function toggleFollow(id) {
  const follows = new Set(store.get().follows);
  if (follows.has(id)) follows.delete(id);
  else follows.add(id);
  localStorage.setItem(FOLLOW_KEY, JSON.stringify([...follows]));
  store.set({ follows });
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", { id: "title" }), h("span", { id: "conn" }, conn), languageSwitch()),
    h("div", { id: "banner", class: "banner hidden", role: "status" }),
    h("main", { class: "page" },
      h("section", { id: "followed-section", class: "hidden" }, h("h2", {}, t("live.following")), h("ol", { id: "followed", class: "rows" })),
      h("section", {},
        h("h2", {}, h("span", {}, t("live.all")), " ", h("span", { id: "state", class: "chip chip-sent" })),
        h("ol", { id: "rows", class: "rows" }))),
    h("dialog", { id: "detail", onclose: () => store.get().detail && store.set({ detail: null }) },
      h("div", { class: "detail-head" },
        h("h2", { id: "detail-name" }),
        h("button", { id: "detail-close", type: "button", onclick: () => store.set({ detail: null }) }, t("common.close"))),
      h("p", { id: "detail-meta", class: "muted" }),
      h("h3", {}, t("live.radar")),
      h("div", { id: "detail-radar" }),
      h("ul", { id: "detail-legend", class: "legend" })),
  ];
}

function rowItem(state, row) {
  const followed = state.follows.has(row.contestant_id);
  const stages = state.definition?.stages ?? [];
  const sub = [row.organization, state.venueNames.get(row.venue) ?? row.venue].filter(Boolean).join(" · ");
  return h("li", {
    class: [followed ? "followed" : null, state.changed.has(row.contestant_id) ? "changed" : null],
    dataset: { contestant: row.contestant_id },
  },
  h("span", { class: "rank" }, row.rank ?? "–"),
  h("button", { type: "button", class: "who", onclick: () => openDetail(row) },
    h("span", { class: "name" }, row.name), h("span", { class: "sub" }, sub)),
  h("span", { class: ["total", row.provisional ? "provisional" : null], title: row.provisional ? t("screen.provisional") : null }, formatMark(row.score?.total)),
  h("button", {
    type: "button",
    class: "follow",
    "aria-pressed": String(followed),
    "aria-label": t(followed ? "live.unfollow" : "live.follow"),
    onclick: () => toggleFollow(row.contestant_id),
  }, followed ? "★" : "☆"),
  stages.length ? h("span", { class: "stages" }, stageCells(stages, row.stages)) : null);
}

function renderRows(state) {
  const rows = state.doc?.rows ?? [];
  const followed = rows.filter((row) => state.follows.has(row.contestant_id));
  byId("followed-section").classList.toggle("hidden", followed.length === 0);
  mount(byId("followed"), followed.map((row) => rowItem(state, row)));
  mount(byId("rows"), rows.length ? rows.map((row) => rowItem(state, row)) : h("li", { class: "muted" }, t("screen.no_rows")));
}

function renderState(state) {
  const lifecycle = state.doc?.state;
  byId("state").textContent = t(lifecycleKey(lifecycle));
  const frozen = Boolean(lifecycle?.frozen && !lifecycle?.thawed);
  byId("banner").classList.toggle("hidden", !frozen);
  byId("banner").textContent = frozen ? t("screen.frozen_banner") : "";
}

function legendItem(axis) {
  const percentile = axis.percentile !== null && axis.percentile !== undefined ? ` · ${t("live.percentile", { p: formatMark(axis.percentile) })}` : "";
  return h("li", {}, h("span", {}, axis.label), h("span", {}, `${formatMark(axis.mark)} / ${formatMark(axis.max)}`, percentile));
}

function radarView(row, axes) {
  if (!axes) return h("p", { class: "muted" }, t("common.loading"));
  if (axes.length < 3) return h("p", { class: "muted" }, t("live.no_radar"));
  return radarChart(axes, { title: `${t("live.radar")} · ${row.name}` });
}

function renderDetail({ detail }) {
  const dialog = byId("detail");
  if (!detail) {
    if (dialog.open) dialog.close();
    return;
  }
  const { row, axes } = detail;
  byId("detail-name").textContent = row.name;
  byId("detail-meta").textContent = [`#${row.rank ?? "–"}`, row.organization, formatMark(row.score?.total)].filter(Boolean).join(" · ");
  mount(byId("detail-radar"), radarView(row, axes));
  mount(byId("detail-legend"), (axes ?? []).map(legendItem));
  if (!dialog.open) dialog.showModal();
}

function render(state, changes) {
  showTitle(byId("title"), state);
  if (state.connection) conn.update(state.connection);
  if (!state.doc) return; // nothing to show before the first board
  if (touched(changes, "doc", "follows", "definition", "venueNames")) renderRows(state);
  renderState(state);
  if (touched(changes, "detail")) renderDetail(state);
}

/** Radar axes from the API, else from the row's criteria marks and the definition. */
async function radarAxes(row) {
  try {
    const radar = await api(contestPath(cid, "contestants", row.contestant_id, "radar"));
    return radar.criteria.map((c) => ({ label: c.name, percent: c.percent, cohort: c.cohort_mean_percent, mark: c.mark, max: c.max, percentile: c.percentile }));
  } catch {
    return (store.get().definition?.criteria ?? []).map((criterion) => {
      const max = criterion.aspects.reduce((sum, aspect) => sum + aspect.max, 0);
      const mark = row.criteria?.[criterion.id] ?? null;
      return { label: criterion.name, percent: mark === null ? 0 : (100 * mark) / max, cohort: null, mark, max, percentile: null };
    });
  }
}

async function openDetail(row) {
  store.set({ detail: { row, axes: null } });
  const axes = await radarAxes(row);
  if (store.get().detail?.row === row) store.set({ detail: { row, axes } });
}

async function main() {
  await startPage({ style: "live", bodyClass: "spectator", layout, store, render });
  store.set(await contestHeading(cid));
  const live = new LiveStandings({
    cid,
    view: "public",
    onData: (doc) => store.set(({ doc: previous }) => ({ doc, changed: changedIds(previous, doc) })),
    onState: (connection) => store.set({ connection }),
  });
  live.start();
}

main();
