// Replay: a slider over the log positions of the contest (from its definition,
// `defined_position`, to its last event) showing the live standings at that moment,
// and a play button that steps through them.
import { api, contestPath } from "../../api.js";
import { formatMark, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

const SPEEDS = [1, 2, 5, 10];

async function standingsAt(ctx, position) {
  const query = `?view=live&at=${position}`;
  return api(contestPath(ctx.cid, "standings") + query, { token: ctx.token });
}

function standingsTable(document, venueNames) {
  return h("table", { class: "grid", id: "replay-table" },
    h("thead", {}, h("tr", {}, ["rank", "name", "organization", "venue", "total"].map((c) => h("th", {}, t(`console.replay.${c}`))))),
    h("tbody", {}, document.rows.map((row) => h("tr", { dataset: { contestant: row.contestant_id } },
      h("td", { class: "num" }, row.rank ?? "–"), h("td", {}, row.name), h("td", {}, row.organization ?? ""),
      h("td", {}, venueNames.get(row.venue) ?? row.venue ?? ""), h("td", { class: "num" }, formatMark(row.score?.total))))));
}

export function replaySection(ctx) {
  const slider = h("input", { id: "replay-slider", type: "range", min: 1, max: 1, value: 1, step: 1, disabled: true });
  const label = h("output", { id: "replay-position" }, "–");
  const speed = h("select", { id: "replay-speed" }, SPEEDS.map((n) => h("option", { value: n }, t("console.replay.speed", { n }))));
  const play = h("button", { id: "replay-play", type: "button", disabled: true }, t("console.replay.play"));
  const table = h("div", { id: "replay-board" });
  let timer = null;
  let shown = 0;
  let venueNames = new Map();
  const show = async () => {
    const position = Number(slider.value);
    label.textContent = t("console.replay.at", { position, head: slider.max });
    try {
      const document = await standingsAt(ctx, position);
      if (Number(slider.value) !== position) return; // a newer request is on its way
      shown = position;
      mount(table, standingsTable(document, venueNames));
      table.dataset.position = String(shown);
    } catch (error) {
      mount(table, problemView(error));
    }
  };
  const stop = () => { clearInterval(timer); timer = null; play.textContent = t("console.replay.play"); };
  play.addEventListener("click", () => {
    if (timer) { stop(); return; }
    if (Number(slider.value) >= Number(slider.max)) slider.value = slider.min;
    play.textContent = t("console.replay.pause");
    timer = setInterval(async () => {
      if (Number(slider.value) >= Number(slider.max)) { stop(); return; }
      slider.value = String(Number(slider.value) + 1);
      await show();
    }, 1000 / Number(speed.value));
  });
  slider.addEventListener("input", show);
  const load = async () => {
    const detail = await api(contestPath(ctx.cid), { token: ctx.token });
    venueNames = new Map((detail.definition?.venues ?? []).map((v) => [v.id, v.name]));
    const first = detail.defined_position || 1;
    Object.assign(slider, { min: first, max: detail.position, value: detail.position, disabled: false });
    play.disabled = false;
    await show();
  };
  const reload = h("button", { type: "button", id: "replay-reload", onclick: () => { stop(); load(); } }, t("console.refresh"));
  load().catch((error) => mount(table, problemView(error)));
  const section = h("section", { class: "card", id: "replay" },
    h("div", { class: "card-head" }, h("h2", {}, t("console.replay.title")), reload),
    h("div", { class: "replay-controls" }, play, slider, label, speed), table);
  section.stop = stop;
  return section;
}
