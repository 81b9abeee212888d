// Rounds on the screen and spectator pages: the sibling rounds of an event (a switcher
// of links), who advances and where the cut falls, and the award of each row once a
// contest's awards are published (all read from the standings document and
// GET /api/contests/{cid}/rounds).
import { api, contestPath } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

/** The rounds of the contest's event (`[]` for a contest that is no round). */
export async function loadRounds(cid) {
  try {
    const { rounds } = await api(contestPath(cid, "rounds"));
    return rounds ?? [];
  } catch {
    return [];
  }
}

/** The round switcher: a link per round of the event, this one marked current. */
export function roundLinks(rounds, cid, hrefOf) {
  if ((rounds ?? []).length < 2) return [];
  return rounds.map((round) => h("a", {
    class: ["round-link", `round-${round.state}`],
    href: hrefOf(round.contest_id),
    "aria-current": round.contest_id === cid ? "page" : null,
    dataset: { round: round.contest_id },
    title: `${round.title} · ${t(`state.${round.state}`)}`,
  }, round.title || t("rounds.round", { order: round.order })));
}

/** The ids that advance (done or projected), as a set; null without a rule. */
export function advancingIds(doc) {
  const advancement = doc?.advancement;
  return advancement ? new Set(advancement.contestants ?? []) : null;
}

/**
 * The contestant under whose row the cut line is drawn: the last advancing row when
 * those advancing are the top of the ranking (by group they are not: no line then).
 */
export function cutAfter(doc) {
  const ids = advancingIds(doc);
  if (!ids || !ids.size) return null;
  const rows = doc.rows ?? [];
  let last = -1;
  for (let i = 0; i < rows.length; i += 1) {
    if (!ids.has(rows[i].contestant_id)) break;
    last = i;
  }
  const prefix = last + 1 === ids.size;
  return prefix && last < rows.length - 1 ? rows[last].contestant_id : null;
}

/** The caption of the cut: projected or done, where it falls. */
export function cutCaption(doc) {
  const advancement = doc?.advancement;
  if (!advancement) return "";
  const n = (advancement.contestants ?? []).length;
  return t(advancement.projected ? "rounds.cut_projected" : "rounds.cut_done", { n });
}

/** Classes of a row: advancing, and the row the cut line is drawn under. */
export function roundClasses(row, ids, cutId) {
  return [ids?.has(row.contestant_id) ? "advancing" : null, row.contestant_id === cutId ? "cut" : null];
}

/** An award's badge (tier by its place in the definition's list, best first). */
export function awardBadge(row, definition) {
  if (!row.award) return null;
  const tier = (definition?.awards ?? []).findIndex((award) => award.id === row.award.id);
  return h("span", { class: ["award-badge", `tier-${tier >= 0 ? Math.min(tier + 1, 4) : 4}`], dataset: { award: row.award.id } }, row.award.name);
}

/** The awards as the final podium lists them: `[{name, winners: [{name, organization}]}]`. */
export function awardsOf(doc, definition) {
  const tiers = (definition?.awards ?? []).map((award) => ({ id: award.id, name: award.name, winners: [] }));
  const byId = new Map(tiers.map((tier) => [tier.id, tier]));
  for (const row of doc?.rows ?? []) {
    const tier = row.award && byId.get(row.award.id);
    if (tier) tier.winners.push({ name: row.name, organization: row.organization });
  }
  return tiers.filter((tier) => tier.winners.length);
}
