// What changed between two standings documents: events for the ticker and highlights.

function byId(rows) {
  return new Map((rows ?? []).filter((row) => row.contestant_id).map((row) => [row.contestant_id, row]));
}

function stageEvents(row, before, stageNames) {
  const events = [];
  for (const [stageId, now] of Object.entries(row.stages ?? {})) {
    const was = before.stages?.[stageId] ?? { cleared: false, attempts: 0, pending: 0 };
    const stage = stageNames.get(stageId) ?? stageId;
    if (now.cleared && !was.cleared) events.push({ kind: "cleared", stage });
    else if ((now.pending ?? 0) > (was.pending ?? 0)) events.push({ kind: "pending", stage });
    else if (!now.cleared && now.attempts > was.attempts) events.push({ kind: "failed", stage });
  }
  return events;
}

/**
 * Events from `previous` to `next`: `{contestant_id, name, kind, stage?, delta?, rank?}`.
 * `stageNames` maps stage ids to names. The first board (no previous) makes none.
 */
export function boardEvents(previous, next, stageNames = new Map()) {
  if (!previous) return [];
  const before = byId(previous.rows);
  const events = [];
  for (const row of next.rows ?? []) {
    const was = before.get(row.contestant_id);
    if (!was) continue;
    const base = { contestant_id: row.contestant_id, name: row.name };
    for (const event of stageEvents(row, was, stageNames)) events.push({ ...base, ...event });
    const delta = (row.score?.total ?? 0) - (was.score?.total ?? 0);
    if (Math.abs(delta) > 1e-9) events.push({ ...base, kind: "score", delta });
    if (row.rank && was.rank && row.rank < was.rank && row.rank <= 3) events.push({ ...base, kind: "rank", rank: row.rank });
  }
  return events;
}

/** Contestant ids whose row changed (score, stages or rank). */
export function changedIds(previous, next) {
  const before = byId(previous?.rows);
  const changed = new Set();
  for (const row of next.rows ?? []) {
    const was = before.get(row.contestant_id);
    if (!was) continue;
    const same = was.rank === row.rank && JSON.stringify(was.score) === JSON.stringify(row.score)
      && JSON.stringify(was.stages) === JSON.stringify(row.stages);
    if (!same) changed.add(row.contestant_id);
  }
  return changed;
}
