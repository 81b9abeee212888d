// What a referee may do on the tablet: its aspects, the stages and the penalties.
import { t } from "../../i18n.js";

/** Empty criteria and aspects scopes mean every aspect (as the domain rules). */
export function inScope(referee, criterion, aspect) {
  if (!referee || (!referee.criteria?.length && !referee.aspects?.length)) return true;
  return referee.aspects.includes(aspect.id) || referee.criteria.includes(criterion.id);
}

/** A referee scoped to venues sees only the contestants there (and those with none). */
export function atVenues(referee, contestant) {
  if (!referee || !referee.venues?.length || !contestant.venue) return true;
  return referee.venues.includes(contestant.venue);
}

/** Tasks: `{key, kind: aspect|stage|penalty, id, name, group, spec}` in display order. */
export function tasksFor(definition, referee) {
  const tasks = [];
  for (const criterion of definition.criteria ?? []) {
    for (const aspect of criterion.aspects) {
      if (!inScope(referee, criterion, aspect)) continue;
      tasks.push({ key: `aspect:${aspect.id}`, kind: "aspect", id: aspect.id, name: aspect.name, group: criterion.name, spec: aspect });
    }
  }
  for (const stage of definition.stages ?? []) {
    tasks.push({ key: `stage:${stage.id}`, kind: "stage", id: stage.id, name: stage.name, group: t("ref.stages"), spec: stage });
  }
  for (const penalty of definition.penalties ?? []) {
    tasks.push({ key: `penalty:${penalty.id}`, kind: "penalty", id: penalty.id, name: penalty.name, group: t("ref.penalties"), spec: penalty });
  }
  return tasks;
}

/**
 * How a value is entered for an aspect: level buttons, pass/fail, or a number, with
 * the range the server accepts (`lo`/`hi`, null when any number is allowed), as the
 * domain's `value_in_range` rules.
 */
export function entryMode(aspect) {
  if ((aspect.type ?? "judgement") === "judgement") {
    const [lo, hi] = aspect.scale ?? [0, aspect.max];
    const levels = Number.isInteger(lo) && Number.isInteger(hi) && hi - lo <= 10;
    return levels ? { kind: "levels", lo, hi } : { kind: "number", lo, hi };
  }
  const rule = aspect.rule?.kind ?? "direct";
  if (rule === "pass_fail") return { kind: "pass_fail" };
  if (rule === "direct") return { kind: "number", lo: 0, hi: aspect.max };
  return { kind: "number", lo: null, hi: null };
}

/** Why a number may not be sent for `mode` (null: it may). */
export function rangeProblem(mode, value) {
  if (!Number.isFinite(value)) return t("ref.bad_number");
  if ((mode.lo !== null && value < mode.lo) || (mode.hi !== null && value > mode.hi)) {
    return t("ref.out_of_range", { value, lo: mode.lo, hi: mode.hi });
  }
  return null;
}

/** The command a task's entered value makes. */
export function commandFor(task, contestantId, value, reason = "") {
  if (task.kind === "aspect") return { type: "award_mark", contestant_id: contestantId, aspect_id: task.id, value };
  if (task.kind === "stage") return { type: "record_attempt", contestant_id: contestantId, stage_id: task.id, result: value };
  return { type: "impose_penalty", contestant_id: contestantId, penalty_id: task.id, reason };
}

/** The task key a queued command belongs to. */
export function taskKeyOf(command) {
  if (command.type === "award_mark") return `aspect:${command.aspect_id}`;
  if (command.type === "record_attempt") return `stage:${command.stage_id}`;
  if (command.type === "impose_penalty") return `penalty:${command.penalty_id}`;
  return null;
}

/** An entry's value as the server holds it (`desk.mine` item) for display. */
export function entryValueText(entry) {
  if (entry.kind === "attempt") return t(entry.result === "cleared" ? "ref.cleared" : "ref.failed");
  if (entry.value === true) return t("ref.pass");
  if (entry.value === false) return t("ref.fail");
  return entry.value === null ? "" : String(entry.value);
}

/** A command's value for display. */
export function valueText(command) {
  if (command.type === "award_mark") {
    if (command.value === true) return t("ref.pass");
    if (command.value === false) return t("ref.fail");
    return String(command.value);
  }
  if (command.type === "record_attempt") return t(command.result === "cleared" ? "ref.cleared" : "ref.failed");
  if (command.type === "correct") return command.void ? t("cmd.void") : String(command.value);
  if (command.type === "request_correction") return command.reason;
  return command.reason ?? "";
}
