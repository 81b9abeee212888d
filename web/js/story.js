// A contestant's story in words, for the big screen's ticker and a spectator's
// timeline: "张伟 通过「第三关」，升至第 2 名" / "Zhang Wei cleared Stage 3, now 2nd".
import { formatMark } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";

/** "2nd" in English, "第 2 名" in Chinese. */
export function placeText(rank) {
  if (currentLanguage() !== "en") return t("story.place", { rank });
  const tens = rank % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[rank % 10] ?? "th");
  return `${rank}${suffix}`;
}

function partText(part, names) {
  const stage = names.stages?.get(part.stage) ?? part.stage;
  const criterion = names.criteria?.get(part.criterion) ?? part.criterion;
  switch (part.kind) {
    case "criterion":
      return t("story.criterion", { criterion, mark: formatMark(part.mark) });
    case "score":
      return t("story.score", { delta: `${part.delta > 0 ? "+" : ""}${formatMark(part.delta)}` });
    case "penalty":
      return part.points > 0 ? t("story.penalty_points", { points: formatMark(part.points) }) : t("story.penalty_minutes", { minutes: part.minutes });
    default:
      return t(`story.${part.kind}`, { stage });
  }
}

/** The rank's part of a story: where the move took the contestant, if it moved. */
function rankText(story) {
  const { rank, rankBefore } = story;
  if (!rank || rank === rankBefore) return null;
  const place = placeText(rank);
  if (!rankBefore) return t("story.rank_now", { place });
  return t(rank < rankBefore ? "story.rank_up" : "story.rank_down", { place });
}

/** The whole story in one line; `names` = {stages, criteria}: maps of ids to names. */
export function storyText(story, names, { withName = true } = {}) {
  const parts = story.parts.slice(0, 2).map((part) => partText(part, names));
  if (story.parts.length > 2) parts.push(t("story.more", { n: story.parts.length - 2 }));
  const rank = rankText(story);
  if (rank) parts.push(rank);
  const text = parts.join(t("story.separator"));
  return withName ? `${story.name} ${text}` : text;
}
