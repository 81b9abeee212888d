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

/** A label in lines of at most 5 wide (CJK) or 12 narrow characters. */
function labelLines(label) {
  const wide = /[\u3000-\u9fff]/.test(label);
  const width = wide ? 5 : 12;
  const lines = [];
  for (let i = 0; i < label.length && lines.length < 3; i += width) lines.push(label.slice(i, i + width));
  return lines;
}

/**
 * A radar of `axes` = [{label, percent, cohort?}] (percents 0..100): grid rings at
 * 25/50/75/100 %, the cohort mean dashed, the contestant filled.
 */
export function radarChart(axes, { size = 300, title = "" } = {}) {
  const margin = 120;
  const cx = size / 2 + margin;
  const cy = size / 2 + 30;
  const radius = size / 2;
  const step = (2 * Math.PI) / Math.max(axes.length, 1);
  const svg = s("svg", {
    class: "radar",
    viewBox: `0 0 ${size + 2 * margin} ${size + 60}`,
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
    const [lx, ly] = point(cx, cy, radius + 18, i * step);
    const anchor = Math.abs(lx - cx) < 4 ? "middle" : lx > cx ? "start" : "end";
    const lines = labelLines(axis.label);
    const top = ly + 7 - ((lines.length - 1) * 24) / 2;
    svg.append(s("text", { class: "radar-label", x: lx.toFixed(1), y: top.toFixed(1), "text-anchor": anchor },
      lines.map((line, n) => s("tspan", { x: lx.toFixed(1), dy: n === 0 ? 0 : 24 }, line))));
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
