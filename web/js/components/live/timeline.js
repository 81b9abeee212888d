// A contestant's timeline: each stage attempt at its contest minute (from the public
// progress board), and each mark, penalty and stage result seen while a spectator
// watched (kept on the phone for the contestants they follow), after the marks the
// contestant already had when the page first saw them.
import { api, contestPath } from "../../api.js";
import { formatMark, h } from "../../dom.js";
import { t } from "../../i18n.js";
import { storyText } from "../../story.js";

const KEEP = 40; // stories kept per contestant
const key = (cid, id) => `judging.timeline.${cid}.${id}`;

/** The stories seen of followed contestants, as kept on the phone: id → [{at, parts}]. */
export function loadSeen(cid, ids) {
  const seen = new Map();
  for (const id of ids) {
    try {
      seen.set(id, JSON.parse(localStorage.getItem(key(cid, id)) ?? "[]"));
    } catch {
      seen.set(id, []);
    }
  }
  return seen;
}

/** `seen` with the new stories added (the stage parts come from the progress board). */
export function remember(cid, seen, stories, follows) {
  const next = new Map(seen);
  const at = Date.now();
  for (const story of stories) {
    const parts = story.parts.filter((part) => !["cleared", "failed", "pending"].includes(part.kind));
    if (!parts.length) continue;
    const list = [...(next.get(story.contestant_id) ?? []), { at, parts, rank: story.rank, rankBefore: story.rankBefore }].slice(-KEEP);
    next.set(story.contestant_id, list);
    if (follows.has(story.contestant_id)) localStorage.setItem(key(cid, story.contestant_id), JSON.stringify(list));
  }
  return next;
}

/** The contestant's stage attempts from the public progress board: [{minute, kind, stage}]. */
export async function stageAttempts(cid, id) {
  const board = await api(contestPath(cid, "progress"));
  const own = (board.rows ?? []).find((row) => row.contestant_id === id);
  const attempts = [];
  for (const stage of own?.stages ?? []) {
    const times = stage.attempt_times ?? [];
    times.forEach((minute, i) => {
      const cleared = stage.cleared && i === times.length - 1;
      attempts.push({ minute, kind: cleared ? "cleared" : "failed", stage: stage.stage_id });
    });
    for (let i = 0; i < (stage.pending ?? 0); i += 1) attempts.push({ minute: null, kind: "pending", stage: stage.stage_id });
  }
  return attempts;
}

function clock(at) {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}

/**
 * The timeline's entries, oldest first: `{when, text, kind}`. `row` is the contestant's
 * row now, `seen` the stories seen of them, `attempts` their stage attempts, `started`
 * the contest's start (to place what was seen among the attempts).
 */
export function timelineEntries({ row, seen, attempts, started, names }) {
  const start = started ? Date.parse(started) : null;
  const seenMarks = new Set(seen.flatMap((story) => story.parts.filter((p) => p.kind === "criterion").map((p) => p.criterion)));
  const before = Object.entries(row.criteria ?? {}).filter(([id]) => !seenMarks.has(id)).map(([id, mark]) => ({
    sort: -1, when: t("timeline.before"), kind: "criterion", text: t("timeline.mark", { criterion: names.criteria.get(id) ?? id, mark: formatMark(mark) }),
  }));
  const staged = attempts.map((attempt) => ({
    sort: attempt.minute ?? Number.MAX_SAFE_INTEGER, when: attempt.minute === null ? "?" : `${attempt.minute}′`,
    kind: attempt.kind, text: storyText({ parts: [attempt], rank: null }, names, { withName: false }),
  }));
  const watched = seen.map((story) => ({
    sort: start === null ? Number.MAX_SAFE_INTEGER - 1 : (story.at - start) / 60000, when: clock(story.at),
    kind: story.parts[0].kind, text: storyText({ ...story, name: "" }, names, { withName: false }),
  }));
  return [...before, ...[...staged, ...watched].sort((a, b) => a.sort - b.sort)];
}

/** The timeline as a list. */
export function timelineList(entries) {
  if (!entries.length) return h("p", { class: "muted" }, t("timeline.empty"));
  return h("ol", { class: "timeline" }, entries.map((entry) => h("li", { class: `tl-${entry.kind}` },
    h("span", { class: "when" }, entry.when), h("span", { class: "what" }, entry.text))));
}
