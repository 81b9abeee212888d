// The entry panel: the chosen contestant and task, the value input fitting its scale.
// The value tapped is `state.choice`; what is typed is `state.typed` (the input already
// shows it, so typing does not draw the panel again).
import { byId, formatMark, h, mount, toast } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { contestantName, latestFor, taskOf } from "./queries.js";
import { commandFor, entryMode, valueText } from "./tasks.js";

/** The entry of a newly picked contestant or task, and after a send. */
export const EMPTY_ENTRY = { choice: null, typed: { text: "", reason: "" } };

function choice(state, store, value, label) {
  return h("button", {
    type: "button",
    "aria-pressed": String(state.choice === value),
    dataset: { value: String(value) },
    onclick: () => store.set({ choice: value }),
  }, label);
}

function typing(store, field) {
  return (event) => store.set({ typed: { ...store.get().typed, [field]: event.target.value } });
}

function numberInput(state, store, lo, hi) {
  return h("input", {
    id: "entry-number",
    type: "number",
    inputmode: "decimal",
    step: "any",
    min: lo ?? undefined,
    max: hi ?? undefined,
    value: state.typed.text,
    placeholder: t("ref.value_placeholder"),
    oninput: typing(store, "text"),
  });
}

function aspectInput(state, store, aspect) {
  const mode = entryMode(aspect);
  if (mode.kind === "levels") {
    const levels = [];
    for (let level = mode.lo; level <= mode.hi; level += 1) levels.push(choice(state, store, level, String(level)));
    return [h("p", { class: "muted" }, t("ref.scale", { lo: mode.lo, hi: mode.hi, max: aspect.max })), h("div", { class: "levels" }, levels)];
  }
  if (mode.kind === "pass_fail") {
    return [h("p", { class: "muted" }, t("ref.measure", { unit: "", max: aspect.max })),
      h("div", { class: "levels toggle" }, choice(state, store, true, t("ref.pass")), choice(state, store, false, t("ref.fail")))];
  }
  const hint = mode.lo === null
    ? t("ref.measure", { unit: aspect.unit ? ` (${aspect.unit})` : "", max: aspect.max })
    : t("ref.scale", { lo: mode.lo, hi: mode.hi, max: aspect.max });
  return [h("p", { class: "muted" }, hint), numberInput(state, store, mode.lo, mode.hi)];
}

function taskInput(state, store, task) {
  if (task.kind === "aspect") return aspectInput(state, store, task.spec);
  if (task.kind === "stage") {
    return h("div", { class: "levels toggle" }, choice(state, store, "cleared", t("ref.cleared")), choice(state, store, "failed", t("ref.failed")));
  }
  return h("input", {
    id: "entry-reason", type: "text", maxlength: 1000, value: state.typed.reason,
    placeholder: t("ref.penalty_reason"), oninput: typing(store, "reason"),
  });
}

/** The value to send, or undefined (with a message) when it is not usable. */
function enteredValue(state, task) {
  if (task.kind === "penalty") return null;
  if (task.kind === "aspect" && entryMode(task.spec).kind === "number") {
    const number = Number.parseFloat(state.typed.text);
    if (!Number.isFinite(number)) {
      toast(t("ref.bad_number"));
      return undefined;
    }
    return number;
  }
  return state.choice ?? undefined;
}

function submit(store, task) {
  const state = store.get();
  const value = enteredValue(state, task);
  if (value === undefined) return;
  store.set(EMPTY_ENTRY);
  state.outbox.add(commandFor(task, state.contestantId, value, state.typed.reason));
  toast(t("ref.queued"));
}

function markedLine(state, task) {
  const latest = latestFor(state, state.contestantId, task.key);
  if (!latest) return null;
  return h("p", { class: "marked-line" },
    h("span", {}, `${t("ref.marked")}: ${valueText(latest.command)}`),
    h("span", { class: `chip chip-${latest.state}` }, t(`outbox.${latest.state}`)),
    latest.error ? h("span", { class: "error" }, rejectionText(latest.error)) : null);
}

function currentScore(state) {
  const row = state.rows.get(state.contestantId);
  if (!row) return null;
  const parts = [`${t("ref.current")}: ${formatMark(row.score?.total)}`];
  if (row.rank) parts.push(`#${row.rank}`);
  return h("p", { class: "muted", id: "current-score" }, parts.join(" · "));
}

export function renderEntry(state, store) {
  const task = taskOf(state, state.taskKey);
  const element = byId("entry");
  if (!state.contestantId || !task) {
    mount(element, h("p", { class: "muted" }, t(state.contestantId ? "ref.pick_aspect" : "ref.pick_contestant")));
    return;
  }
  const focused = document.activeElement?.id;
  mount(element,
    h("h3", {}, `${contestantName(state, state.contestantId)} · ${task.name}`),
    currentScore(state),
    markedLine(state, task),
    taskInput(state, store, task),
    h("button", { type: "button", id: "entry-send", class: "primary send", onclick: () => submit(store, task) },
      task.kind === "penalty" ? t("ref.impose") : t("ref.send")));
  if (focused && byId(focused)) byId(focused).focus();
}
