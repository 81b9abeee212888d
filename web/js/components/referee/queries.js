// What the tablet's state says about a contestant or a task (lookups, no changes).
import { taskKeyOf } from "./tasks.js";

const COMMAND_OF = {
  mark: (entry) => ({ type: "award_mark", aspect_id: entry.subject_id, value: entry.first_value }),
  attempt: (entry) => ({ type: "record_attempt", stage_id: entry.subject_id, result: entry.result }),
  penalty: (entry) => ({ type: "impose_penalty", penalty_id: entry.subject_id, reason: "" }),
};

/**
 * One of the referee's entries on the server that this tablet did not send (another
 * device, a script) as a history item, in the state "recorded".
 */
export function sentItem(entry) {
  const command = { command_id: entry.command_id, contestant_id: entry.contestant_id, ...COMMAND_OF[entry.kind](entry) };
  return { command, state: "recorded", queued_at: entry.at };
}

/**
 * The latest queued command (not rejected) for a contestant and task; else the
 * referee's entry the server has for it (sent from another device).
 */
export function latestFor(state, contestantId, taskKey) {
  const items = state.outbox?.items ?? [];
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const { command, state: sync } = items[i];
    if (sync !== "rejected" && command.contestant_id === contestantId && taskKeyOf(command) === taskKey) return items[i];
  }
  const entries = [...(state.desk?.mine.values() ?? [])].map(sentItem)
    .filter(({ command }) => command.contestant_id === contestantId && taskKeyOf(command) === taskKey);
  return entries.at(-1) ?? null;
}

export function contestantName(state, id) {
  return state.contestants.find((c) => c.id === id)?.name ?? id;
}

export function taskOf(state, key) {
  return state.tasks.find((task) => task.key === key) ?? null;
}

/**
 * The tablet document (`GET .../tablet`) indexed for lookups: panels by
 * "contestant|aspect", the referee's own entries by command id, signed-off entries.
 */
export function indexDesk(doc) {
  return {
    version: doc.version,
    panels: new Map(doc.panels.map((panel) => [`${panel.contestant_id}|${panel.aspect_id}`, panel])),
    mine: new Map(doc.mine.map((entry) => [entry.command_id, entry])),
    locked: new Set(doc.signed_off),
  };
}

/** The panel of a contestant's aspect (`{marked, size, rescore}`), if the desk knows it. */
export function panelOf(state, contestantId, aspectId) {
  return state.desk?.panels.get(`${contestantId}|${aspectId}`) ?? null;
}

/** Whether any panel of the contestant awaits re-scoring. */
export function awaitsRescore(state, contestantId) {
  if (!state.desk) return false;
  return state.tasks.some((task) => task.kind === "aspect" && panelOf(state, contestantId, task.id)?.rescore);
}

/** The server's view of one of the referee's entries (corrected, void, requested). */
export function entryOf(state, commandId) {
  return state.desk?.mine.get(commandId) ?? null;
}
