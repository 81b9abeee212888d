// The entry panel: the chosen contestant and task, the value input fitting its scale,
// the allowed range (checked here before anything is sent), the panel's progress.
// The value tapped is `state.choice`; what is typed is `state.typed` (the input already
// shows it, so typing does not draw the panel again); `state.entryError` says why the
// last value was not sent. The value sent last stays highlighted (`.chosen`).
import { byId, h, mount, toast } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { contestantName, entryOf, latestFor, panelOf, taskOf } from "./queries.js";
import { commandFor, entryMode, entryValueText, rangeProblem, valueText } from "./tasks.js";

/** The entry of a newly picked contestant or task, and after a send. */
export const EMPTY_ENTRY = { choice: null, typed: { text: "", reason: "" }, entryError: "" };

function choice(state, store, value, label, sent) {
  return h("button", {
    type: "button",
    class: sent !== undefined && sent === value ? "chosen" : null,
    "aria-pressed": String(state.choice === value),
    dataset: { value: String(value) },
    onclick: () => store.set({ choice: value, entryError: "" }),
  }, label);
}

function typing(store, field) {
  return (event) => {
    const { typed, entryError } = store.get();
    store.set({ typed: { ...typed, [field]: event.target.value }, ...(entryError ? { entryError: "" } : {}) });
  };
}

function numberInput(state, store, mode) {
  return h("input", {
    id: "entry-number",
    type: "number",
    inputmode: "decimal",
    step: "any",
    min: mode.lo ?? undefined,
    max: mode.hi ?? undefined,
    value: state.typed.text,
    "aria-invalid": state.entryError ? "true" : null,
    placeholder: t("ref.value_placeholder"),
    oninput: typing(store, "text"),
  });
}

/** The allowed values of an aspect, in words. */
function rangeHint(aspect, mode) {
  const unit = aspect.unit ? ` (${aspect.unit})` : "";
  if (mode.kind === "pass_fail") return t("ref.range_pass_fail", { max: aspect.max });
  if (mode.lo === null) return t("ref.measure", { unit, max: aspect.max });
  return t("ref.range", { lo: mode.lo, hi: mode.hi, unit, max: aspect.max });
}

function aspectInput(state, store, aspect, sent) {
  const mode = entryMode(aspect);
  const hint = h("p", { class: "range", id: "entry-range" }, rangeHint(aspect, mode));
  if (mode.kind === "levels") {
    const levels = [];
    for (let level = mode.lo; level <= mode.hi; level += 1) levels.push(choice(state, store, level, String(level), sent));
    return [hint, h("div", { class: "levels" }, levels)];
  }
  if (mode.kind === "pass_fail") {
    return [hint, h("div", { class: "levels toggle" }, choice(state, store, true, t("ref.pass"), sent), choice(state, store, false, t("ref.fail"), sent))];
  }
  return [hint, numberInput(state, store, mode)];
}

function taskInput(state, store, task, sent) {
  if (task.kind === "aspect") return aspectInput(state, store, task.spec, sent);
  if (task.kind === "stage") {
    return h("div", { class: "levels toggle" }, choice(state, store, "cleared", t("ref.cleared"), sent), choice(state, store, "failed", t("ref.failed"), sent));
  }
  return h("input", {
    id: "entry-reason", type: "text", maxlength: 1000, value: state.typed.reason,
    placeholder: t("ref.penalty_reason"), oninput: typing(store, "reason"),
  });
}

/** `{value}` to send, or `{error}` saying why it cannot be sent. */
function enteredValue(state, task) {
  if (task.kind === "penalty") return { value: null };
  if (task.kind === "aspect") {
    const mode = entryMode(task.spec);
    if (mode.kind === "number") {
      const number = state.typed.text.trim() === "" ? Number.NaN : Number(state.typed.text);
      const problem = rangeProblem(mode, number);
      return problem ? { error: problem } : { value: number };
    }
  }
  return state.choice === null ? { error: t("ref.pick_value") } : { value: state.choice };
}

function submit(store, task) {
  const state = store.get();
  const { value, error } = enteredValue(state, task);
  if (error) {
    store.set({ entryError: error });
    return;
  }
  store.set(EMPTY_ENTRY);
  state.outbox.add(commandFor(task, state.contestantId, value, state.typed.reason));
  toast(t("ref.queued"));
}

/** The value the latest queued command for this task sent (to highlight it). */
function sentValue(latest) {
  if (!latest) return undefined;
  const { command } = latest;
  return command.type === "record_attempt" ? command.result : command.value;
}

function markedLine(state, task, latest) {
  if (!latest) return null;
  const entry = entryOf(state, latest.command.command_id);
  const corrected = entry && (entry.void || entry.corrections.length > 0);
  return h("p", { class: "marked-line", id: "entry-marked" },
    h("span", {}, `${t("ref.marked")}: ${valueText(latest.command)}`),
    h("span", { class: `chip chip-${latest.state}` }, t(`outbox.${latest.state}`)),
    corrected ? h("span", { class: "chip chip-corrected" }, entry.void ? t("ref.status.void") : t("ref.status.corrected", { value: entryValueText(entry) })) : null,
    latest.error ? h("span", { class: "error" }, rejectionText(latest.error)) : null);
}

/** n of the panel's size, and a badge when it waits for re-scoring. */
function panelLine(state, task) {
  if (task.kind !== "aspect") return null;
  const panel = panelOf(state, state.contestantId, task.id);
  const locked = state.desk?.locked.has(state.contestantId);
  if (!panel && !locked) return null;
  return h("p", { class: "panel-line", id: "entry-panel" },
    panel ? h("span", { class: "chip chip-progress" }, t("ref.panel", { n: panel.marked, size: panel.size })) : null,
    panel?.rescore ? h("span", { class: "chip chip-rescore" }, t("ref.rescore")) : null,
    locked ? h("span", { class: "chip chip-locked" }, t("ref.locked")) : null);
}

export function renderEntry(state, store) {
  const task = taskOf(state, state.taskKey);
  const element = byId("entry");
  if (!state.contestantId || !task) {
    mount(element, h("p", { class: "muted" }, t(state.contestantId ? "ref.pick_aspect" : "ref.pick_contestant")));
    return;
  }
  const focused = document.activeElement?.id;
  const latest = latestFor(state, state.contestantId, task.key);
  const done = task.kind === "aspect" && latest !== null; // one value per referee: a change is a correction
  mount(element,
    h("h3", {}, `${contestantName(state, state.contestantId)} · ${task.name}`),
    panelLine(state, task),
    markedLine(state, task, latest),
    taskInput(state, store, task, sentValue(latest)),
    h("p", { id: "entry-error", class: "error", role: "alert" }, state.entryError),
    done ? h("p", { class: "muted", id: "entry-done" }, t("ref.already_sent")) : null,
    h("button", { type: "button", id: "entry-send", class: "primary send", onclick: () => submit(store, task) },
      task.kind === "penalty" ? t("ref.impose") : t("ref.send")));
  if (focused && byId(focused)) byId(focused).focus();
}
