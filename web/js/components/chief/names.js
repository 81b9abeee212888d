// What the chief's desk calls things: contestants, referees, aspects, stages and
// penalties by name, and an entry's value in words (from the contest's detail).
import { formatMark } from "../../dom.js";
import { t } from "../../i18n.js";

/** Lookups of one contest's detail (`GET /api/contests/{cid}`). */
export function namesOf(detail) {
  const definition = detail.definition;
  const subjects = new Map();
  const aspects = new Map();
  for (const criterion of definition.criteria ?? []) {
    for (const aspect of criterion.aspects) {
      subjects.set(aspect.id, aspect.name);
      aspects.set(aspect.id, aspect);
    }
  }
  for (const stage of definition.stages ?? []) subjects.set(stage.id, stage.name);
  for (const penalty of definition.penalties ?? []) subjects.set(penalty.id, penalty.name);
  return {
    contestants: new Map(detail.contestants.map((c) => [c.id, c])),
    referees: new Map(detail.referees.map((r) => [r.id, r])),
    venues: new Map((definition.venues ?? []).map((v) => [v.id, v.name])),
    subjects,
    aspects,
    criteria: new Map((definition.criteria ?? []).map((c) => [c.id, c.name])),
  };
}

export function contestantName(names, id) {
  return names.contestants.get(id)?.name ?? id;
}

export function refereeName(names, id) {
  return names.referees.get(id)?.name ?? id;
}

export function subjectName(names, id) {
  return names.subjects.get(id) ?? id;
}

/** A value as entered or corrected: pass/fail in words, marks with two decimals. */
export function valueWords(value) {
  if (value === true) return t("ref.pass");
  if (value === false) return t("ref.fail");
  if (value === null || value === undefined) return "–";
  return formatMark(value);
}

/** An entry's value: "0 → 2" when corrected, the attempt's result, or the penalty. */
export function entryValue(entry) {
  if (entry.kind === "attempt") return t(entry.result === "cleared" ? "ref.cleared" : "ref.failed");
  if (entry.kind === "penalty") return t("cmd.impose_penalty");
  if (entry.corrections.length && !entry.void) return `${valueWords(entry.first_value)} → ${valueWords(entry.value)}`;
  return valueWords(entry.first_value);
}

export { timeOfDay as timeOf } from "../../clock.js";
