// What changed between two standings documents: a story per contestant for the
// tickers and timelines, and the rows to highlight.

function byId(rows) {
  return new Map((rows ?? []).filter((row) => row.contestant_id).map((row) => [row.contestant_id, row]));
}

function stageParts(row, before) {
  const parts = [];
  for (const [stage, now] of Object.entries(row.stages ?? {})) {
    const was = before.stages?.[stage] ?? { cleared: false, attempts: 0, pending: 0 };
    if (now.cleared && !was.cleared) parts.push({ kind: "cleared", stage, time: now.time, attempts: now.attempts });
    else if ((now.pending ?? 0) > (was.pending ?? 0)) parts.push({ kind: "pending", stage });
    else if (!now.cleared && now.attempts > was.attempts) parts.push({ kind: "failed", stage, attempts: now.attempts });
  }
  return parts;
}

function criterionParts(row, before) {
  const parts = [];
  for (const [criterion, mark] of Object.entries(row.criteria ?? {})) {
    const was = before.criteria?.[criterion];
    if (was === undefined || Math.abs(mark - was) > 1e-9) parts.push({ kind: "criterion", criterion, mark, was: was ?? null });
  }
  return parts;
}

function penaltyParts(row, before) {
  const points = (row.score?.penalty_points ?? 0) - (before.score?.penalty_points ?? 0);
  const minutes = (row.score?.penalty_minutes ?? 0) - (before.score?.penalty_minutes ?? 0);
  return points > 1e-9 || minutes > 0 ? [{ kind: "penalty", points, minutes }] : [];
}

function statusParts(row, before) {
  return row.status && row.status !== (before.status ?? "active") ? [{ kind: row.status }] : [];
}

/**
 * What happened to each contestant from `previous` to `next`, newest board order:
 * `{contestant_id, name, parts: [{kind, stage?, criterion?, mark?, points?...}],
 * rank, rankBefore, total, delta}`. The first board (no previous) tells nothing.
 */
export function boardStory(previous, next) {
  if (!previous) return [];
  const before = byId(previous.rows);
  const stories = [];
  for (const row of next.rows ?? []) {
    const was = before.get(row.contestant_id);
    if (!was) continue;
    const parts = [...statusParts(row, was), ...stageParts(row, was), ...criterionParts(row, was), ...penaltyParts(row, was)];
    const delta = (row.score?.total ?? 0) - (was.score?.total ?? 0);
    if (!parts.length && Math.abs(delta) > 1e-9) parts.push({ kind: "score", delta });
    if (!parts.length && row.rank === was.rank) continue;
    stories.push({
      contestant_id: row.contestant_id, name: row.name, parts, rank: row.rank ?? null,
      rankBefore: was.rank ?? null, total: row.score?.total ?? null, delta,
    });
  }
  return stories.filter((story) => story.parts.length);
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

/** Rank moves from `previous` to `next`: id → places gained (positive) or lost. */
export function rankMoves(previous, next) {
  const before = byId(previous?.rows);
  const moves = new Map();
  for (const row of next.rows ?? []) {
    const was = before.get(row.contestant_id)?.rank;
    if (was && row.rank && was !== row.rank) moves.set(row.contestant_id, was - row.rank);
  }
  return moves;
}
