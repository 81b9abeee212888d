// The ticker: what just happened, in words, newest first; before the start, during a
// freeze and after the end it says so instead of waiting for results.
import { formatMark, h, lifecycleKey } from "../../dom.js";
import { t } from "../../i18n.js";
import { storyText } from "../../story.js";
import { topThree } from "./podium.js";

export const TICKER_SIZE = 8;

/** The ticker's stories after a new board: the new ones first, at most TICKER_SIZE,
 * each with the time it was seen at (`at`, ms). */
export function nextTicker(ticker, stories) {
  const at = Date.now();
  return [...stories.map((story) => ({ ...story, at })), ...ticker].slice(0, TICKER_SIZE);
}

function clockTime(at) {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}

/** Whether a contest's results are out: finalized, or ended with no freeze in force
 * (an ended contest still frozen waits for its reveal). */
export function resultsOut(doc) {
  const state = doc?.state;
  return Boolean(state?.finalized || (state?.ended && !(state.frozen && !state.thawed)));
}

/** The line that leads the ticker in a state other than running (or null). */
function stateLine(doc, policy, reveal) {
  const key = lifecycleKey(doc?.state);
  if (reveal) return t("ticker.reveal");
  if (key === "state.ended" && !resultsOut(doc)) return t("ticker.ended_frozen");
  if (key === "state.finalized" || key === "state.ended") {
    const [first] = topThree(doc.rows);
    const winner = first ? t("ticker.winner", { name: first.name, score: policy === "points" ? formatMark(first.score?.total) : `${first.score?.stages_cleared ?? 0}` }) : "";
    return [t(key === "state.finalized" ? "ticker.finalized" : "ticker.ended"), winner].filter(Boolean).join(" · ");
  }
  if (key === "state.not_started") return t("ticker.not_started");
  if (key === "state.frozen" && doc.view === "public") return t("ticker.frozen");
  return null;
}

/** The ticker's items: a state line, then the stories; a quiet line when there are none. */
export function tickerItems({ doc, ticker, definition, stageNames, criterionNames, reveal }) {
  const names = { stages: stageNames, criteria: criterionNames };
  const lead = stateLine(doc, definition?.ranking?.policy ?? "points", reveal);
  const items = ticker.map((story) => h("li", { dataset: { story: story.contestant_id } }, storyText(story, names)));
  if (lead) items.unshift(h("li", { class: "lead" }, lead));
  return items.length ? items : [h("li", { class: "muted" }, t("screen.ticker_empty"))];
}

/** The latest stories beside the board, each with the time it was seen. */
export function recentItems({ ticker, stageNames, criterionNames }) {
  const names = { stages: stageNames, criteria: criterionNames };
  return ticker.map((story) => h("li", { dataset: { story: story.contestant_id } },
    h("span", { class: "when" }, clockTime(story.at)),
    h("span", { class: "what" }, storyText(story, names))));
}

/** Hide the items of `list` that do not fit whole in it (never half an item), but the
 * first: on a narrow screen it is cut rather than hidden. */
export function trimOverflow(list) {
  const box = list.getBoundingClientRect();
  for (const item of [...list.children].slice(1)) {
    const own = item.getBoundingClientRect();
    item.classList.toggle("overflowing", own.right > box.right + 0.5 || own.bottom > box.bottom + 0.5);
  }
}
