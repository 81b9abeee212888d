// The entry panel: the chosen contestant and task, the value input fitting its scale.
import { byId, formatMark, h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { contestantName, latestFor, tablet, taskOf, toast } from "./state.js";
import { commandFor, entryMode, valueText } from "./tasks.js";

/** The value being entered: kept while the live board re-renders the panel. */
const draft = { key: null, value: null, text: "", reason: "" };

function choice(value, label, extra = {}) {
  return h("button", {
    type: "button",
    "aria-pressed": String(draft.value === value),
    dataset: { value: String(value) },
    onclick: () => { draft.value = value; renderEntry(); },
    ...extra,
  }, label);
}

function numberInput(lo, hi) {
  return h("input", {
    id: "entry-number",
    type: "number",
    inputmode: "decimal",
    step: "any",
    min: lo ?? undefined,
    max: hi ?? undefined,
    value: draft.text,
    placeholder: t("ref.value_placeholder"),
    oninput: (event) => { draft.text = event.target.value; },
  });
}

function aspectInput(aspect) {
  const mode = entryMode(aspect);
  if (mode.kind === "levels") {
    const levels = [];
    for (let level = mode.lo; level <= mode.hi; level += 1) levels.push(choice(level, String(level)));
    return [h("p", { class: "muted" }, t("ref.scale", { lo: mode.lo, hi: mode.hi, max: aspect.max })), h("div", { class: "levels" }, levels)];
  }
  if (mode.kind === "pass_fail") {
    return [h("p", { class: "muted" }, t("ref.measure", { unit: "", max: aspect.max })),
      h("div", { class: "levels toggle" }, choice(true, t("ref.pass")), choice(false, t("ref.fail")))];
  }
  const hint = mode.lo === null
    ? t("ref.measure", { unit: aspect.unit ? ` (${aspect.unit})` : "", max: aspect.max })
    : t("ref.scale", { lo: mode.lo, hi: mode.hi, max: aspect.max });
  return [h("p", { class: "muted" }, hint), numberInput(mode.lo, mode.hi)];
}

function taskInput(task) {
  if (task.kind === "aspect") return aspectInput(task.spec);
  if (task.kind === "stage") {
    return h("div", { class: "levels toggle" }, choice("cleared", t("ref.cleared")), choice("failed", t("ref.failed")));
  }
  return h("input", {
    id: "entry-reason", type: "text", maxlength: 1000, value: draft.reason,
    placeholder: t("ref.penalty_reason"), oninput: (event) => { draft.reason = event.target.value; },
  });
}

/** The value to send, or undefined (with a message) when it is not usable. */
function enteredValue(task) {
  if (task.kind === "penalty") return null;
  if (task.kind === "aspect" && entryMode(task.spec).kind === "number") {
    const number = Number.parseFloat(draft.text);
    if (!Number.isFinite(number)) {
      toast(t("ref.bad_number"));
      return undefined;
    }
    return number;
  }
  return draft.value ?? undefined;
}

function submit(task) {
  const value = enteredValue(task);
  if (value === undefined) return;
  tablet.outbox.add(commandFor(task, tablet.contestantId, value, draft.reason));
  Object.assign(draft, { value: null, text: "", reason: "" });
  toast(t("ref.queued"));
}

function markedLine(task) {
  const latest = latestFor(tablet.contestantId, task.key);
  if (!latest) return null;
  return h("p", { class: "marked-line" },
    h("span", {}, `${t("ref.marked")}: ${valueText(latest.command)}`),
    h("span", { class: `chip chip-${latest.state}` }, t(`outbox.${latest.state}`)),
    latest.error ? h("span", { class: "error" }, rejectionText(latest.error)) : null);
}

function currentScore() {
  const row = tablet.rows.get(tablet.contestantId);
  if (!row) return null;
  const parts = [`${t("ref.current")}: ${formatMark(row.score?.total)}`];
  if (row.rank) parts.push(`#${row.rank}`);
  return h("p", { class: "muted", id: "current-score" }, parts.join(" · "));
}

export function renderEntry() {
  const task = taskOf(tablet.taskKey);
  const element = byId("entry");
  if (!tablet.contestantId || !task) {
    mount(element, h("p", { class: "muted" }, t(tablet.contestantId ? "ref.pick_aspect" : "ref.pick_contestant")));
    return;
  }
  const key = `${tablet.contestantId}|${task.key}`;
  if (draft.key !== key) Object.assign(draft, { key, value: null, text: "", reason: "" });
  const focused = document.activeElement?.id;
  mount(element,
    h("h3", {}, `${contestantName(tablet.contestantId)} · ${task.name}`),
    currentScore(),
    markedLine(task),
    taskInput(task),
    h("button", { type: "button", id: "entry-send", class: "primary send", onclick: () => submit(task) },
      task.kind === "penalty" ? t("ref.impose") : t("ref.send")));
  if (focused && byId(focused)) byId(focused).focus();
}
