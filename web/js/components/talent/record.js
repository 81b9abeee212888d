// The rest of a worker's record on the resume page: position levels over time (per
// standard and skill, the latest level first, then the earlier ones), training taken
// (with the campaign's aggregate only when enough raters answered, never anyone's own
// answers) and mentoring (mentors, apprentices, and the apprentices' achievements
// credited while the pair lasted).
import { h } from "../../dom.js";
import { t } from "../../i18n.js";
import { day, percent } from "./format.js";
import { skillLabel, skillName } from "./skill-names.js";

const none = (key) => h("p", { class: "muted empty-note" }, t(key));

function levelChip(grant, latest) {
  return h("span", { class: ["level-chip", `level-${Math.min(grant.rank, 5)}`, latest ? "latest" : null], title: `${grant.contest_id} · ${day(grant.granted_at)}` },
    h("strong", {}, grant.level_name), " ", h("span", { class: "small" }, `${percent(grant.percent)} · ${day(grant.granted_at)}`));
}

/** Levels over time: one row per standard and skill, the latest first, then earlier. */
export function levelsSection(levels, names) {
  const head = h("li", { class: "level-row level-head muted small", "aria-hidden": "true" },
    ["levels.standard", "talent.skill", "levels.latest", "levels.history"].map((k) => h("span", {}, t(k))));
  const rows = levels.map((row) => h("li", { class: "level-row", dataset: { standard: row.standard_id, skill: row.skill, level: row.latest.level_id } },
    h("span", { class: "level-standard" }, row.standard_name),
    h("span", { class: "level-skill" }, skillLabel(names, row.skill)),
    h("span", { class: "level-latest" }, levelChip(row.latest, true)),
    h("span", { class: "level-history" }, row.history.slice(1).map((grant) => levelChip(grant, false)))));
  const body = levels.length ? h("ul", { class: "level-list", id: "resume-levels" }, head, rows) : none("levels.none");
  return h("section", { class: "card", id: "resume-levels-card" }, h("h3", {}, t("levels.title")), body);
}

function trainingRow(item) {
  const score = item.aggregate?.score ?? null;
  return h("li", { class: "record-item", dataset: { campaign: item.campaign_id } },
    h("div", { class: "record-title" }, h("strong", {}, item.title), " ", h("span", { class: "chip chip-sent" }, t(`training.kind.${item.kind}`))),
    h("div", { class: "muted small" }, `${day(item.period?.start)} – ${day(item.period?.end)}`),
    h("div", { class: "small" }, (item.subjects ?? []).map((s) => s.name).join(" · ")),
    h("div", { class: "small" }, score === null ? h("span", { class: "muted" }, t("training.hidden", { k: item.min_answers })) : t("training.score", { score: percent(score) })));
}

export function trainingSection(training) {
  const body = training.length ? h("ul", { class: "record-list", id: "resume-training" }, training.map(trainingRow)) : none("training.none");
  return h("section", { class: "card", id: "resume-training-card" }, h("h3", {}, t("training.title")), h("p", { class: "muted small" }, t("training.note")), body);
}

function pairRow(pair, other) {
  return h("li", { class: "record-item", dataset: { pair: pair.pair_id, worker: pair[`${other}_id`] } },
    h("div", { class: "record-title" }, h("a", { href: `/workers/${encodeURIComponent(pair[`${other}_id`])}` }, pair[`${other}_name`] ?? pair[`${other}_id`]),
      " ", h("span", { class: `chip ${pair.state === "ended_early" ? "chip-rejected" : "chip-sent"}` }, t(`mentoring.state.${pair.state}`))),
    h("div", { class: "muted small" }, `${pair.programme_title ?? pair.programme_id} · ${day(pair.start)} – ${pair.end ? day(pair.end) : t("mentoring.ongoing")}`));
}

function creditRow(credit, names) {
  const level = credit.kind === "level" ? `${credit.title} (${skillName(names, credit.detail?.skill)})` : null;
  const what = level ?? (credit.detail?.award ? `${credit.title} · ${credit.detail.award}` : credit.title);
  return h("li", { class: "record-item small" }, h("strong", {}, credit.apprentice_name ?? credit.apprentice_id), ` · ${t(`mentoring.credit.${credit.kind}`)} · ${what} · ${day(credit.on)}`);
}

export function mentoringSection(mentoring, names) {
  const { mentors = [], apprentices = [], credits = [] } = mentoring ?? {};
  const list = (id, items, render) => (items.length ? h("ul", { class: "record-list", id }, items.map(render)) : none("mentoring.none"));
  return h("section", { class: "card", id: "resume-mentoring-card" }, h("h3", {}, t("mentoring.title")),
    h("div", { class: "record-columns" },
      h("div", {}, h("h4", {}, t("mentoring.mentors")), list("resume-mentors", mentors, (p) => pairRow(p, "mentor"))),
      h("div", {}, h("h4", {}, t("mentoring.apprentices")), list("resume-apprentices", apprentices, (p) => pairRow(p, "apprentice")))),
    credits.length ? h("div", {}, h("h4", {}, t("mentoring.credits")), h("ul", { class: "record-list", id: "resume-credits" }, credits.map((c) => creditRow(c, names)))) : null);
}
