// The spectator page: live public standings on a phone, searched by name or
// organization and filtered by venue, followed contestants first, and a contestant's
// radar and timeline.
import { api, contestPath } from "../api.js";
import { boardStory, changedIds } from "../board-diff.js";
import { radarChart, stageCells } from "../charts.js";
import { loadSeen, remember, stageAttempts, timelineEntries, timelineList } from "../components/live/timeline.js";
import { contestHeading, showTitle } from "../contest.js";
import { byId, connectionBadge, formatMark, h, lifecycleKey, mount, pathParam } from "../dom.js";
import { t } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { languageSwitch, startPage } from "../page.js";
import { advancingIds, awardBadge, cutAfter, cutCaption, loadRounds, roundClasses, roundLinks } from "../rounds.js";
import { createStore, touched } from "../store.js";

const cid = pathParam("live");
const FOLLOW_KEY = `judging.follow.${cid}`;
const conn = connectionBadge();
const follows = loadFollows();
const store = createStore({
  title: "…",
  definition: null,
  venueNames: new Map(),
  stageNames: new Map(),
  criterionNames: new Map(),
  doc: null,
  changed: new Set(),
  follows,
  seen: loadSeen(cid, follows), // id → the stories seen of that contestant
  query: "",
  venue: "",
  connection: null, // the live connection's state, once it reports one
  detail: null, // {id, axes, attempts}: the dialog; axes and attempts null while loading
  rounds: [], // the rounds of this contest's event (the switcher), when it is a round
});

function loadFollows() {
  try {
    return new Set(JSON.parse(localStorage.getItem(FOLLOW_KEY) ?? "[]"));
  } catch {
    return new Set();
  }
}

function toggleFollow(id) {
  const next = new Set(store.get().follows);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  localStorage.setItem(FOLLOW_KEY, JSON.stringify([...next]));
  store.set({ follows: next });
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", { id: "title" }), h("span", { id: "conn" }, conn), languageSwitch()),
    h("nav", { id: "rounds", class: "rounds hidden", "aria-label": t("rounds.label") }),
    h("div", { id: "banner", class: "banner hidden", role: "status" }),
    h("main", { class: "page" },
      h("div", { class: "filters", role: "search" },
        h("input", {
          id: "search", type: "search", placeholder: t("live.search"), "aria-label": t("live.search"), autocomplete: "off",
          oninput: (event) => store.set({ query: event.target.value }),
        }),
        h("select", { id: "venue-filter", "aria-label": t("live.venue"), onchange: (event) => store.set({ venue: event.target.value }) })),
      h("section", { id: "followed-section", class: "hidden" }, h("h2", {}, t("live.following")), h("ol", { id: "followed", class: "rows" })),
      h("section", {},
        h("h2", {}, h("span", {}, t("live.all")), " ", h("span", { id: "state", class: "chip chip-sent" }), " ", h("span", { id: "shown", class: "muted small" }),
          " ", h("a", { id: "awards-link", class: "awards-link small hidden", href: `/awards/${encodeURIComponent(cid)}` }, t("index.awards"))),
        h("p", { id: "cut-note", class: "cut-note hidden" }),
        h("ol", { id: "rows", class: "rows" }))),
    h("dialog", { id: "detail", onclose: () => store.get().detail && store.set({ detail: null }) },
      h("div", { class: "detail-head" },
        h("h2", { id: "detail-name" }),
        h("button", { id: "detail-close", type: "button", onclick: () => store.set({ detail: null }) }, t("common.close"))),
      h("p", { id: "detail-meta", class: "muted" }),
      h("h3", {}, t("live.radar")),
      h("div", { id: "detail-radar" }),
      h("ul", { id: "detail-legend", class: "legend" }),
      h("h3", {}, t("live.timeline")),
      h("div", { id: "detail-timeline" })),
  ];
}

function rowItem(state, row, round = {}) {
  const followed = state.follows.has(row.contestant_id);
  const cut = row.contestant_id === round.cutId ? round.caption : "";
  const stages = state.definition?.stages ?? [];
  const sub = [row.organization, state.venueNames.get(row.venue) ?? row.venue].filter(Boolean).join(" · ");
  return h("li", {
    class: [followed ? "followed" : null, state.changed.has(row.contestant_id) ? "changed" : null, ...roundClasses(row, round.ids, round.cutId)],
    dataset: cut ? { contestant: row.contestant_id, cut } : { contestant: row.contestant_id },
  },
  h("span", { class: "rank" }, row.rank ?? "–"),
  h("button", { type: "button", class: "who", onclick: () => openDetail(row.contestant_id) },
    h("span", { class: "name" }, row.name, awardBadge(row, state.definition)), h("span", { class: "sub" }, sub)),
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

/** Whether `row` matches the search (name or organization) and the venue filter. */
function matches(row, { query, venue }) {
  const wanted = query.trim().toLowerCase();
  const text = `${row.name ?? ""} ${row.organization ?? ""}`.toLowerCase();
  return (!venue || row.venue === venue) && (!wanted || text.includes(wanted));
}

function renderRows(state) {
  const rows = state.doc?.rows ?? [];
  const followed = rows.filter((row) => state.follows.has(row.contestant_id));
  byId("followed-section").classList.toggle("hidden", followed.length === 0);
  mount(byId("followed"), followed.map((row) => rowItem(state, row)));
  const shown = rows.filter((row) => matches(row, state));
  const empty = rows.length ? t("live.no_match") : t("screen.no_rows");
  const round = { ids: advancingIds(state.doc), cutId: cutAfter(state.doc), caption: cutCaption(state.doc) };
  byId("cut-note").textContent = round.caption;
  byId("cut-note").classList.toggle("hidden", !round.caption);
  mount(byId("rows"), shown.length ? shown.map((row) => rowItem(state, row, round)) : h("li", { class: "muted empty" }, empty));
  byId("shown").textContent = shown.length < rows.length ? t("live.shown", { shown: shown.length, all: rows.length }) : "";
}

function renderVenues({ definition, venue }) {
  const venues = definition?.venues ?? [];
  const select = byId("venue-filter");
  select.classList.toggle("hidden", venues.length < 2);
  mount(select, h("option", { value: "" }, t("live.all_venues")), venues.map((v) => h("option", { value: v.id }, v.name)));
  select.value = venue;
}

function renderState(state) {
  const lifecycle = state.doc?.state;
  byId("state").textContent = t(lifecycleKey(lifecycle));
  byId("awards-link").classList.toggle("hidden", !lifecycle?.finalized);
  const frozen = Boolean(lifecycle?.frozen && !lifecycle?.thawed);
  byId("banner").classList.toggle("hidden", !frozen);
  byId("banner").textContent = frozen ? t("screen.frozen_banner") : "";
}

function legendItem(axis) {
  if (axis.mark === null || axis.mark === undefined) {
    return h("li", { class: "unassessed" }, h("span", {}, axis.label), h("span", {}, t("live.not_assessed")));
  }
  const percentile = axis.percentile !== null && axis.percentile !== undefined ? ` · ${t("live.percentile", { p: formatMark(axis.percentile) })}` : "";
  return h("li", {}, h("span", {}, axis.label), h("span", {}, `${formatMark(axis.mark)} / ${formatMark(axis.max)}`, percentile));
}

function radarView(row, axes) {
  if (!axes) return h("p", { class: "muted" }, t("common.loading"));
  if (axes.length < 3) return h("p", { class: "muted" }, t("live.no_radar"));
  return radarChart(axes, { title: `${t("live.radar")} · ${row.name}` });
}

function renderDetail(state) {
  const dialog = byId("detail");
  const row = state.detail && state.doc?.rows?.find((r) => r.contestant_id === state.detail.id);
  if (!row) {
    if (dialog.open) dialog.close();
    return;
  }
  const { axes, attempts } = state.detail;
  byId("detail-name").textContent = row.name;
  byId("detail-meta").textContent = [`#${row.rank ?? "–"}`, row.organization, formatMark(row.score?.total)].filter(Boolean).join(" · ");
  mount(byId("detail-radar"), radarView(row, axes));
  mount(byId("detail-legend"), (axes ?? []).map(legendItem));
  const names = { stages: state.stageNames, criteria: state.criterionNames };
  const seen = state.seen.get(row.contestant_id) ?? [];
  mount(byId("detail-timeline"), attempts === null ? h("p", { class: "muted" }, t("common.loading"))
    : timelineList(timelineEntries({ row, seen, attempts, started: state.doc.state?.started, names })));
  if (!dialog.open) dialog.showModal();
}

function renderRounds({ rounds }) {
  const links = roundLinks(rounds, cid, (id) => `/live/${encodeURIComponent(id)}`);
  mount(byId("rounds"), links);
  byId("rounds").classList.toggle("hidden", !links.length);
}

function render(state, changes) {
  showTitle(byId("title"), state);
  if (touched(changes, "rounds")) renderRounds(state);
  if (state.connection) conn.update(state.connection);
  if (touched(changes, "definition", "venue")) renderVenues(state);
  if (!state.doc) return; // nothing to show before the first board
  if (touched(changes, "doc", "follows", "definition", "venueNames", "query", "venue")) renderRows(state);
  renderState(state);
  if (touched(changes, "detail", "doc", "seen")) renderDetail(state);
}

/** Radar axes from the API ("not assessed": no mark, no percent), else from the row. */
async function radarAxes(id) {
  const row = store.get().doc?.rows?.find((r) => r.contestant_id === id) ?? {};
  try {
    const radar = await api(contestPath(cid, "contestants", id, "radar"));
    return radar.criteria.map((c) => {
      const assessed = c.mark !== null && c.mark !== undefined;
      return { label: c.name, percent: assessed ? c.percent : null, cohort: c.cohort_mean_percent, mark: c.mark, max: c.max, percentile: assessed ? c.percentile : null };
    });
  } catch {
    return (store.get().definition?.criteria ?? []).map((criterion) => {
      const max = criterion.aspects.reduce((sum, aspect) => sum + aspect.max, 0);
      const mark = row.criteria?.[criterion.id] ?? null;
      return { label: criterion.name, percent: mark === null ? null : (100 * mark) / max, cohort: null, mark, max, percentile: null };
    });
  }
}

async function loadDetail(id) {
  const [axes, attempts] = await Promise.all([radarAxes(id), stageAttempts(cid, id).catch(() => [])]);
  if (store.get().detail?.id === id) store.set({ detail: { id, axes, attempts } });
}

function openDetail(id) {
  store.set({ detail: { id, axes: null, attempts: null } });
  loadDetail(id);
}

function onData(doc) {
  const { doc: previous, seen, follows: followed, detail } = store.get();
  const stories = boardStory(previous, doc);
  store.set({ doc, changed: changedIds(previous, doc), seen: stories.length ? remember(cid, seen, stories, followed) : seen });
  if (detail && stories.some((story) => story.contestant_id === detail.id)) loadDetail(detail.id);
}

async function main() {
  await startPage({ style: "live", bodyClass: "spectator", layout, store, render });
  const heading = await contestHeading(cid);
  store.set({ ...heading, criterionNames: new Map((heading.definition?.criteria ?? []).map((c) => [c.id, c.name])) });
  if (heading.definition?.round) loadRounds(cid).then((rounds) => store.set({ rounds }));
  new LiveStandings({ cid, view: "public", onData, onState: (connection) => store.set({ connection }) }).start();
}

main();
