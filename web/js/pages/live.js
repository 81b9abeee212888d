// The spectator page: live public standings, followed contestants, a contestant's radar.
import { api, contestPath } from "../api.js";
import { changedIds } from "../board-diff.js";
import { radarChart, stageCells } from "../charts.js";
import { byId, connectionBadge, formatMark, h, languageButton, lifecycleKey, mount, pathParam } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { LiveStandings } from "../live.js";

const cid = pathParam("live");
const FOLLOW_KEY = `judging.follow.${cid}`;
const conn = connectionBadge();
const view = { definition: null, venueNames: new Map(), doc: null, changed: new Set(), follows: loadFollows() };

function loadFollows() {
  try {
    return new Set(JSON.parse(localStorage.getItem(FOLLOW_KEY) ?? "[]"));
  } catch {
    return new Set();
  }
}

function toggleFollow(id) {
  if (view.follows.has(id)) view.follows.delete(id);
  else view.follows.add(id);
  localStorage.setItem(FOLLOW_KEY, JSON.stringify([...view.follows]));
  render();
}

function rowItem(row) {
  const followed = view.follows.has(row.contestant_id);
  const stages = view.definition?.stages ?? [];
  const sub = [row.organization, view.venueNames.get(row.venue) ?? row.venue].filter(Boolean).join(" · ");
  return h("li", {
    class: [followed ? "followed" : null, view.changed.has(row.contestant_id) ? "changed" : null],
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

function render() {
  const rows = view.doc?.rows ?? [];
  const followed = rows.filter((row) => view.follows.has(row.contestant_id));
  byId("followed-section").classList.toggle("hidden", followed.length === 0);
  mount(byId("followed"), followed.map(rowItem));
  mount(byId("rows"), rows.length ? rows.map(rowItem) : h("li", { class: "muted" }, t("screen.no_rows")));
  const state = view.doc?.state;
  byId("state").textContent = t(lifecycleKey(state));
  const frozen = Boolean(state?.frozen && !state?.thawed);
  byId("banner").classList.toggle("hidden", !frozen);
  byId("banner").textContent = frozen ? t("screen.frozen_banner") : "";
}

/** Radar axes from the API, else from the row's criteria marks and the definition. */
async function radarAxes(row) {
  try {
    const radar = await api(contestPath(cid, "contestants", row.contestant_id, "radar"));
    return radar.criteria.map((c) => ({ label: c.name, percent: c.percent, cohort: c.cohort_mean_percent, mark: c.mark, max: c.max, percentile: c.percentile }));
  } catch {
    return (view.definition?.criteria ?? []).map((criterion) => {
      const max = criterion.aspects.reduce((sum, aspect) => sum + aspect.max, 0);
      const mark = row.criteria?.[criterion.id] ?? null;
      return { label: criterion.name, percent: mark === null ? 0 : (100 * mark) / max, cohort: null, mark, max, percentile: null };
    });
  }
}

async function openDetail(row) {
  byId("detail-name").textContent = row.name;
  byId("detail-meta").textContent = [`#${row.rank ?? "–"}`, row.organization, formatMark(row.score?.total)].filter(Boolean).join(" · ");
  mount(byId("detail-radar"), h("p", { class: "muted" }, t("common.loading")));
  mount(byId("detail-legend"));
  byId("detail").showModal();
  const axes = await radarAxes(row);
  if (axes.length < 3) {
    mount(byId("detail-radar"), h("p", { class: "muted" }, t("live.no_radar")));
  } else {
    mount(byId("detail-radar"), radarChart(axes, { title: `${t("live.radar")} · ${row.name}` }));
  }
  mount(byId("detail-legend"), axes.map((axis) => h("li", {},
    h("span", {}, axis.label),
    h("span", {}, `${formatMark(axis.mark)} / ${formatMark(axis.max)}`,
      axis.percentile !== null && axis.percentile !== undefined ? ` · ${t("live.percentile", { p: formatMark(axis.percentile) })}` : ""))));
}

async function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  mount(byId("conn"), conn);
  byId("detail-close").addEventListener("click", () => byId("detail").close());
  try {
    const detail = await api(contestPath(cid));
    view.definition = detail.definition;
    byId("title").textContent = detail.definition.title;
    document.title = detail.definition.title;
    view.venueNames = new Map(detail.definition.venues.map((v) => [v.id, v.name]));
  } catch {
    byId("title").textContent = cid;
  }
  const live = new LiveStandings({
    cid,
    view: "public",
    onData: (doc) => {
      view.changed = changedIds(view.doc, doc);
      view.doc = doc;
      render();
    },
    onState: (state) => conn.update(state),
  });
  live.start();
}

main();
