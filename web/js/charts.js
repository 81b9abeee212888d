// Small SVG charts of our own: a radar of percents, progress bars and stage cells.
import { h, s } from "./dom.js";

function point(cx, cy, radius, angle) {
  return [cx + radius * Math.sin(angle), cy - radius * Math.cos(angle)];
}

function polygon(values, cx, cy, radius) {
  const step = (2 * Math.PI) / values.length;
  return values
    .map((value, i) => point(cx, cy, (radius * Math.max(0, Math.min(100, value ?? 0))) / 100, i * step))
    .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
    .join(" ");
}

const LABEL_PX = 21; // the labels' font size (.radar-label), in the chart's units
const LINE_PX = 24;

/** A label in lines of at most 6 wide (CJK) characters or 14 narrow ones, broken at
 * spaces, dots and dashes where it can; never more than 3 lines (then shortened). */
function labelLines(label) {
  const wide = /[\u3000-\u9fff\uff00-\uffef]/.test(label);
  const width = wide ? 6 : 14;
  const words = wide ? [...label] : label.split(/(?<=[\s.\-/_])/);
  const lines = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + word).trimEnd().length <= width) lines[lines.length - 1] = last + word;
    else for (let i = 0; i < word.length; i += width) lines.push(word.slice(i, i + width));
  }
  const trimmed = lines.map((line) => line.trim()).filter(Boolean);
  return trimmed.length > 3 ? [...trimmed.slice(0, 2), `${trimmed[2].slice(0, width - 1)}…`] : trimmed;
}

/** The width a line takes, estimated: a CJK character is 1 em, others about 0.6 em. */
function lineWidth(line) {
  return [...line].reduce((sum, c) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.6), 0) * LABEL_PX;
}

/** Where an axis label goes and the box it takes. */
function labelBox(label, x, y, cx) {
  const lines = labelLines(label);
  const anchor = Math.abs(x - cx) < 4 ? "middle" : x > cx ? "start" : "end";
  const width = Math.max(...lines.map(lineWidth), 0);
  const height = lines.length * LINE_PX;
  const top = y - height / 2;
  const left = anchor === "start" ? x : anchor === "middle" ? x - width / 2 : x - width;
  return { lines, anchor, x, top, left, right: left + width, bottom: top + height };
}

/**
 * A radar of `axes` = [{label, percent, cohort?, title?}] (percents 0..100, null: not
 * assessed, drawn at the centre with its label muted): grid rings at 25/50/75/100 %,
 * the cohort mean dashed, the contestant filled. The view box holds every label, so
 * none is ever clipped, whatever its length.
 */
export function radarChart(axes, { size = 300, title = "" } = {}) {
  const radius = size / 2;
  const cx = 0;
  const cy = 0;
  const step = (2 * Math.PI) / Math.max(axes.length, 1);
  const boxes = axes.map((axis, i) => {
    const [lx, ly] = point(cx, cy, radius + 14, i * step);
    return labelBox(axis.label, lx, ly, cx);
  });
  const left = Math.min(-radius, ...boxes.map((b) => b.left)) - 6;
  const right = Math.max(radius, ...boxes.map((b) => b.right)) + 6;
  const top = Math.min(-radius, ...boxes.map((b) => b.top)) - 6;
  const bottom = Math.max(radius, ...boxes.map((b) => b.bottom)) + 6;
  const svg = s("svg", {
    class: "radar",
    viewBox: `${left.toFixed(1)} ${top.toFixed(1)} ${(right - left).toFixed(1)} ${(bottom - top).toFixed(1)}`,
    role: "img",
    "aria-label": title,
  });
  if (title) svg.append(s("title", {}, title));
  for (const ring of [25, 50, 75, 100]) {
    svg.append(s("polygon", { class: "radar-ring", points: polygon(axes.map(() => ring), cx, cy, radius) }));
  }
  axes.forEach((axis, i) => {
    const [x, y] = point(cx, cy, radius, i * step);
    svg.append(s("line", { class: "radar-axis", x1: cx, y1: cy, x2: x.toFixed(1), y2: y.toFixed(1) }));
    const box = boxes[i];
    const unassessed = axis.percent === null || axis.percent === undefined;
    svg.append(s("text", {
      class: ["radar-label", unassessed ? "radar-unassessed" : null],
      x: box.x.toFixed(1), y: (box.top + LABEL_PX * 0.85).toFixed(1), "text-anchor": box.anchor,
    },
    axis.title ? s("title", {}, axis.title) : null,
    box.lines.map((line, n) => s("tspan", { x: box.x.toFixed(1), dy: n === 0 ? 0 : LINE_PX }, line))));
  });
  if (axes.some((axis) => axis.cohort !== null && axis.cohort !== undefined)) {
    svg.append(s("polygon", { class: "radar-cohort", points: polygon(axes.map((a) => a.cohort), cx, cy, radius) }));
  }
  svg.append(s("polygon", { class: "radar-own", points: polygon(axes.map((a) => a.percent), cx, cy, radius) }));
  return svg;
}

/** A horizontal bar `value` of `max`, with its label. */
export function progressBar(value, max, label = "") {
  const percent = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  const fill = h("span", { class: "bar-fill" });
  fill.style.width = `${percent}%`;
  return h("span", { class: "bar", role: "meter", "aria-valuenow": value, "aria-valuemin": 0, "aria-valuemax": max },
    fill, label ? h("span", { class: "bar-label" }, label) : null);
}

/**
 * One cell per stage: cleared (with its minute), failed attempts, or pending.
 * `stages` is the row's `{stage_id: {cleared, time, attempts, pending}}`.
 */
export function stageCells(definitionStages, stages) {
  return definitionStages.map((stage) => {
    const result = stages?.[stage.id];
    let kind = "none";
    let text = "";
    if (result?.cleared) {
      kind = "cleared";
      const time = result.time !== null && result.time !== undefined ? `${result.time}′` : "✓";
      text = result.attempts > 1 ? `${time} ×${result.attempts}` : time;
    } else if (result?.pending) {
      kind = "pending";
      text = "?";
    } else if (result?.attempts) {
      kind = "failed";
      text = `×${result.attempts}`;
    }
    const title = result ? `${stage.name}: ${result.attempts ?? 0}` : stage.name;
    return h("span", { class: ["stage", `stage-${kind}`], title, dataset: { stage: stage.id } }, text || "\u00a0");
  });
}
