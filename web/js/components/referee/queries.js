// What the tablet's state says about a contestant or a task (lookups, no changes).
import { taskKeyOf } from "./tasks.js";

/** The latest queued command (not rejected) for a contestant and task. */
export function latestFor(state, contestantId, taskKey) {
  const items = state.outbox?.items ?? [];
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const { command, state: sync } = items[i];
    if (sync !== "rejected" && command.contestant_id === contestantId && taskKeyOf(command) === taskKey) return items[i];
  }
  return null;
}

export function contestantName(state, id) {
  return state.contestants.find((c) => c.id === id)?.name ?? id;
}

export function taskOf(state, key) {
  return state.tasks.find((task) => task.key === key) ?? null;
}
