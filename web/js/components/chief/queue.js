// The re-score queue: every panel whose spread exceeds its `max_spread`, with its
// marks and a one-click fix (the mark furthest from the panel's median becomes the
// median, with the reason recorded); a panel leaves the queue once corrected.
import { byId, formatMark, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { contestantName, refereeName, subjectName, valueWords } from "./names.js";
import { entryActions } from "./marks.js";
import { sendCommand } from "./send.js";

export function queueSection() {
  return h("section", { class: "card", id: "queue" },
    h("div", { class: "card-head" }, h("h2", {}, t("chief.queue.title")), h("span", { id: "queue-count", class: "chip" })),
    h("div", { id: "queue-list", class: "stack" }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The mark furthest from the panel's median and the median: the suggested fix. */
export function suggestion(marks) {
  const values = marks.map((entry) => Number(entry.value));
  const target = median(values);
  const outlier = marks.reduce((far, entry) => (Math.abs(entry.value - target) > Math.abs(far.value - target) ? entry : far));
  return { entry: outlier, value: target };
}

function fixButton(ctx, panel, marks, names) {
  const { entry, value } = suggestion(marks);
  const referee = refereeName(names, entry.referee_id);
  const reason = t("chief.queue.reason", { spread: formatMark(panel.spread), max: formatMark(panel.max_spread), value: valueWords(value) });
  const done = t("chief.done.corrected", { name: contestantName(names, panel.contestant_id), value: valueWords(value) });
  const fix = () => sendCommand(ctx, { type: "correct", supersedes: entry.command_id, value, reason }, done);
  return h("button", { type: "button", class: "primary fix", dataset: { entry: entry.command_id }, onclick: fix },
    t("chief.queue.fix", { referee, from: valueWords(entry.value), to: valueWords(value) }));
}

function panelCard(ctx, panel, byId_, names, locked) {
  const marks = panel.entries.map((id) => byId_.get(id)).filter(Boolean);
  return h("article", { class: "queue-item", dataset: { contestant: panel.contestant_id, aspect: panel.aspect_id } },
    h("h3", {}, `${contestantName(names, panel.contestant_id)} · ${subjectName(names, panel.aspect_id)}`),
    h("p", { class: "muted" }, t("chief.queue.spread", {
      spread: formatMark(panel.spread), max: formatMark(panel.max_spread), n: panel.marked, size: panel.size,
    })),
    h("ul", { class: "panel-marks" }, marks.map((entry) => h("li", { dataset: { entry: entry.command_id } },
      h("span", {}, refereeName(names, entry.referee_id)), h("strong", {}, valueWords(entry.value)),
      h("span", { class: "actions" }, entryActions(ctx, entry, locked))))),
    locked || marks.length < 2 ? null : fixButton(ctx, panel, marks, names));
}

export function renderQueue(ctx, { desk, names }) {
  const entries = new Map(desk.entries.map((entry) => [entry.command_id, entry]));
  byId("queue-count").textContent = String(desk.queue.length);
  byId("queue-count").className = `chip ${desk.queue.length ? "chip-rescore" : "chip-sent"}`;
  mount(byId("queue-list"), desk.queue.length
    ? desk.queue.map((panel) => panelCard(ctx, panel, entries, names, panel.contestant_id in desk.signed_off))
    : h("p", { class: "muted", id: "queue-empty" }, t("chief.queue.empty")));
}
