// Replay: a slider over the log positions of the contest (from its definition,
// `defined_position`, to its last event) showing the live standings at that moment,
// and a play button that steps through them.
// State: `replay: {ready, min, max, position, speed, playing, shown, doc, error, venueNames}`;
// `shown` is the position whose board `doc` is.
import { api, contestPath } from "../../api.js";
import { byId, formatMark, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

const SPEEDS = [1, 2, 5, 10];
export const REPLAY = {
  ready: false, min: 1, max: 1, position: 1, speed: SPEEDS[0], playing: false,
  shown: null, doc: null, error: null, venueNames: new Map(),
};

let timer = null; // the play button's interval

function standingsTable(doc, venueNames) {
  return h("table", { class: "grid", id: "replay-table" },
    h("thead", {}, h("tr", {}, ["rank", "name", "organization", "venue", "total"].map((c) => h("th", {}, t(`console.replay.${c}`))))),
    h("tbody", {}, doc.rows.map((row) => h("tr", { dataset: { contestant: row.contestant_id } },
      h("td", { class: "num" }, row.rank ?? "–"), h("td", {}, row.name), h("td", {}, row.organization ?? ""),
      h("td", {}, venueNames.get(row.venue) ?? row.venue ?? ""), h("td", { class: "num" }, formatMark(row.score?.total))))));
}

/** Show the board at `position` (unless another position is asked for meanwhile). */
async function showAt(ctx, position) {
  const { cid, token } = ctx.store.get();
  ctx.store.update("replay", { position });
  try {
    const doc = await api(`${contestPath(cid, "standings")}?view=live&at=${position}`, { token });
    if (ctx.store.get().replay.position !== position) return; // a newer request is on its way
    ctx.store.update("replay", { shown: position, doc, error: null });
  } catch (error) {
    ctx.store.update("replay", { error });
  }
}

export function stopReplay(ctx) {
  clearInterval(timer);
  timer = null;
  if (ctx?.store.get().replay?.playing) ctx.store.update("replay", { playing: false });
}

function play(ctx) {
  if (timer) {
    stopReplay(ctx);
    return;
  }
  const { min, max, position, speed } = ctx.store.get().replay;
  if (position >= max) ctx.store.update("replay", { position: min });
  ctx.store.update("replay", { playing: true });
  timer = setInterval(async () => {
    const now = ctx.store.get().replay;
    if (now.position >= now.max) {
      stopReplay(ctx);
      return;
    }
    await showAt(ctx, now.position + 1);
  }, 1000 / speed);
}

/** The contest's span of positions, then the board at its head. */
export async function loadReplay(ctx) {
  const { cid, token } = ctx.store.get();
  try {
    const detail = await api(contestPath(cid), { token });
    const venueNames = new Map((detail.definition?.venues ?? []).map((v) => [v.id, v.name]));
    ctx.store.update("replay", { ready: true, min: detail.defined_position || 1, max: detail.position, venueNames });
    await showAt(ctx, detail.position);
  } catch (error) {
    ctx.store.update("replay", { error });
  }
}

export function replaySection(ctx) {
  const reload = () => {
    stopReplay(ctx);
    loadReplay(ctx);
  };
  return h("section", { class: "card", id: "replay" },
    h("div", { class: "card-head" },
      h("h2", {}, t("console.replay.title")),
      h("button", { type: "button", id: "replay-reload", onclick: reload }, t("console.refresh"))),
    h("div", { class: "replay-controls" },
      h("button", { id: "replay-play", type: "button", disabled: true, onclick: () => play(ctx) }, t("console.replay.play")),
      h("input", { id: "replay-slider", type: "range", min: 1, max: 1, value: 1, step: 1, disabled: true, oninput: (event) => showAt(ctx, Number(event.target.value)) }),
      h("output", { id: "replay-position" }, "–"),
      h("select", { id: "replay-speed", onchange: (event) => ctx.store.update("replay", { speed: Number(event.target.value) }) },
        SPEEDS.map((n) => h("option", { value: n }, t("console.replay.speed", { n }))))),
    h("div", { id: "replay-board" }));
}

export function renderReplay({ replay }) {
  const slider = byId("replay-slider");
  Object.assign(slider, { min: replay.min, max: replay.max, value: replay.position, disabled: !replay.ready });
  byId("replay-position").textContent = replay.ready ? t("console.replay.at", { position: replay.position, head: replay.max }) : "–";
  byId("replay-speed").value = String(replay.speed);
  const button = byId("replay-play");
  button.disabled = !replay.ready;
  button.textContent = t(replay.playing ? "console.replay.pause" : "console.replay.play");
  const board = byId("replay-board");
  if (replay.error) mount(board, problemView(replay.error));
  else if (replay.doc) mount(board, standingsTable(replay.doc, replay.venueNames));
  if (replay.shown !== null) board.dataset.position = String(replay.shown);
}
