// The reveal: from the frozen board to the final one, one result per step (space / →).
// A reveal is a value in the screen's state: `{steps, index, rows, highlight, stages}`;
// these functions make the next one and say what it shows.
import { api, contestPath } from "../../api.js";
import { formatMark } from "../../dom.js";
import { t } from "../../i18n.js";

/**
 * The stage cells and criterion marks as the frozen public board shows them (pending
 * attempts as "?"): the reveal's compact rows carry neither, so the steps are applied
 * on top.
 */
async function publicCells(cid) {
  const doc = await api(`${contestPath(cid, "standings")}?view=public`);
  const rows = doc.rows ?? [];
  return {
    stages: new Map(rows.map((row) => [row.contestant_id, { ...(row.stages ?? {}) }])),
    criteria: new Map(rows.map((row) => [row.contestant_id, { ...(row.criteria ?? {}) }])),
  };
}

/** The reveal at its start (the frozen board); with no steps when it cannot be read. */
export async function openReveal(cid, token) {
  let answer = null;
  let cells = { stages: new Map(), criteria: new Map() };
  try {
    answer = await api(contestPath(cid, "reveal"), { token });
    cells = await publicCells(cid);
  } catch {
    // no reveal (or no public board): shown as unavailable, or without cells
  }
  return { steps: answer?.steps ?? [], index: 0, rows: answer?.frozen ?? [], highlight: null, ...cells };
}

/** A revealed stage shows its final (live) result, else what the step says. */
function stagesAfter(stages, step, known) {
  const own = { ...(stages.get(step.contestant_id) ?? {}) };
  const final = known(step.contestant_id)?.stages?.[step.stage_id];
  const cleared = step.result === "cleared";
  own[step.stage_id] = final && Boolean(final.cleared) === cleared && !final.pending
    ? { ...final }
    : { cleared, attempts: Math.max(1, own[step.stage_id]?.attempts ?? 0), time: null, pending: false };
  return new Map(stages).set(step.contestant_id, own);
}

/** The reveal one step on; `known(id)` is a contestant's live row. */
export function nextStep(reveal, known) {
  const step = reveal.steps[reveal.index];
  if (!step) return reveal;
  const stages = step.kind === "stage" ? stagesAfter(reveal.stages, step, known) : reveal.stages;
  const criteria = step.kind === "criterion"
    ? new Map(reveal.criteria).set(step.contestant_id, { ...reveal.criteria.get(step.contestant_id), [step.criterion_id]: step.mark })
    : reveal.criteria;
  return { ...reveal, index: reveal.index + 1, rows: step.board_after, highlight: step.contestant_id, stages, criteria };
}

/** What the bar says: the step just revealed, with its move in the ranking. */
export function revealCaption(reveal, names) {
  const total = reveal.steps.length;
  if (reveal.index === 0) return total ? t("screen.reveal_step", { step: 0, steps: total }) : t("screen.reveal_unavailable");
  const step = reveal.steps[reveal.index - 1];
  const row = step.board_after.find((r) => r.contestant_id === step.contestant_id);
  const nameOf = (id) => names.get(id) ?? id;
  let what = "";
  if (step.kind === "stage") what = `${nameOf(step.stage_id)} ${t(step.result === "cleared" ? "ref.cleared" : "ref.failed")}`;
  else if (step.kind === "criterion") what = `${nameOf(step.criterion_id)} ${formatMark(step.mark)}`;
  const move = step.rank_before && step.rank_after ? ` · #${step.rank_before} → #${step.rank_after}` : "";
  return `${t("screen.reveal_step", { step: step.step, steps: total })} · ${row?.name ?? step.contestant_id} ${what}${move}`;
}

/** The compact rows around the highlighted contestant, with organization, venue, stages
 * and criterion marks as revealed so far. */
export function revealRows(reveal, size, known) {
  const { rows, highlight } = reveal;
  const at = Math.max(0, rows.findIndex((r) => r.contestant_id === highlight));
  const start = Math.max(0, Math.min(at - Math.floor(size / 2), rows.length - size));
  return rows.slice(start, start + size).map((r) => {
    const live = known(r.contestant_id) ?? {};
    const revealed = { stages: reveal.stages.get(r.contestant_id) ?? {}, criteria: reveal.criteria.get(r.contestant_id) ?? {} };
    return { organization: live.organization, venue: live.venue, ...revealed, ...r };
  });
}
