// The top three: a panel beside the board while the contest runs, a podium across the
// screen once it is over (with the awards, when a contest has them).
import { formatMark, h } from "../../dom.js";
import { placeText } from "../../story.js";

/** The first three ranked rows of `rows` (in ranking order). */
export function topThree(rows) {
  return (rows ?? []).filter((row) => row.rank).slice(0, 3);
}

function scoreText(row, policy) {
  const score = row.score ?? {};
  if (policy === "points") return formatMark(score.total);
  return `${score.stages_cleared ?? 0} · ${score.time ?? 0}′`;
}

/** One place of the podium (`place` 1 to 3): medal with the rank, name, organization, score. */
export function podiumCard(row, policy, place) {
  return h("div", { class: ["podium-card", `place-${Math.min(place, row.rank)}`], dataset: { podium: row.contestant_id } },
    h("span", { class: "medal" }, row.rank),
    h("span", { class: "who" },
      h("span", { class: "name fit" }, row.name),
      h("span", { class: "org fit" }, row.organization ?? "")),
    h("span", { class: "score" }, scoreText(row, policy)));
}

/** The final podium: second, first, third side by side, first highest. */
export function finalPodium(rows, policy) {
  const top = topThree(rows);
  return [1, 0, 2].filter((i) => top[i]).map((i) => h("div", { class: ["step", `step-${i + 1}`] },
    podiumCard(top[i], policy, i + 1), h("span", { class: "block" }, placeText(top[i].rank))));
}

/** The podium beside the board. */
export function sidePodium(rows, policy) {
  return topThree(rows).map((row, i) => podiumCard(row, policy, i + 1));
}

/**
 * The awards of a contest, when it has them: `[{name, winners: [{name, organization}]}]`.
 * No contest has awards yet; the list stays empty and the section hidden until one does.
 */
export function awardItems(awards) {
  return (awards ?? []).map((award) => h("li", { class: "award" },
    h("span", { class: "award-name" }, award.name),
    h("span", { class: "award-winners" }, (award.winners ?? []).map((w) => w.name).join("、"))));
}
