// The tablet's shared state, read by its render functions.
import { byId } from "../../dom.js";
import { taskKeyOf } from "./tasks.js";

export const tablet = {
  cid: null,
  me: null,
  referee: null,
  definition: null,
  contestants: [],
  tasks: [],
  rows: new Map(),
  outbox: null,
  contestantId: null,
  taskKey: null,
  render: () => {},
};

export function toast(text) {
  const element = byId("toast");
  element.textContent = text;
  element.classList.add("show");
  clearTimeout(element.timer);
  element.timer = setTimeout(() => element.classList.remove("show"), 2200);
}

/** The latest queued command (not rejected) for a contestant and task. */
export function latestFor(contestantId, taskKey) {
  const items = tablet.outbox?.items ?? [];
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const { command, state } = items[i];
    if (state !== "rejected" && command.contestant_id === contestantId && taskKeyOf(command) === taskKey) return items[i];
  }
  return null;
}

export function contestantName(id) {
  return tablet.contestants.find((c) => c.id === id)?.name ?? id;
}

export function taskOf(key) {
  return tablet.tasks.find((task) => task.key === key) ?? null;
}
