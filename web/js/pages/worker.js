// The skill resume of one worker: contests and ranks, a radar of the latest assessed
// contest against the earlier ones, every skill's percent over time by name, and the
// craftsman points explained, each result's award with its certificate; then position
// levels over time, training taken, mentors and apprentices (components/talent/record.js).
// "Not assessed" is said, never 0 %.
import { api } from "../api.js";
import { radarChart } from "../charts.js";
import { day, mean, percent, points } from "../components/talent/format.js";
import { levelsSection, mentoringSection, trainingSection } from "../components/talent/record.js";
import { skillLabel, skillName, skillNames } from "../components/talent/skill-names.js";
import { byId, formatMark, h, mount, pathParam } from "../dom.js";
import { t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore } from "../store.js";

const workerId = pathParam("workers");
const store = createStore({ resume: null, names: null, error: null });

const notAssessed = () => h("span", { class: "unassessed" }, t("talent.not_assessed"));

function rankText(c) {
  if (!c.assessed) return notAssessed();
  return c.rank === null ? "–" : t("talent.of", { rank: c.rank, field: c.field_size });
}

/** The award of a result (its tier's name) and a link to its certificate, under its title. */
function awardLine(c) {
  if (!c.award) return null;
  const href = `/certificates/${encodeURIComponent(c.contest_id)}?contestant=${encodeURIComponent(c.contestant_id)}`;
  return h("span", { class: "award-line", dataset: { award: c.award } },
    h("span", { class: "chip chip-award", title: t("talent.award") }, c.award_name ?? c.award), " ",
    h("a", { href, class: "cert-link" }, t("talent.certificate")));
}

function contestsTable(contests) {
  return h("div", { class: "scroll-x" }, h("table", { class: "grid", id: "resume-contests" },
    h("thead", {}, h("tr", {}, ["contest", "date", "rank", "percentile", "total"].map((c) => h("th", {}, t(`talent.${c}`))))),
    h("tbody", {}, [...contests].reverse().map((c) => h("tr", { dataset: { contest: c.contest_id }, class: c.assessed ? null : "muted" },
      h("td", {}, h("a", { href: `/live/${encodeURIComponent(c.contest_id)}` }, c.title), awardLine(c)),
      h("td", { class: "nowrap" }, day(c.finalized_at)),
      h("td", { class: "num" }, rankText(c)),
      h("td", { class: "num" }, c.assessed ? percent(c.percentile) : ""),
      h("td", { class: "num" }, c.assessed ? percent(c.total_percent) : ""))))));
}

function radar(resume, names) {
  const skills = Object.keys(resume.skills);
  const assessed = resume.contests.filter((c) => Object.keys(c.skills).length);
  const [latest, ...earlier] = [...assessed].reverse();
  if (!latest || skills.length < 3) return h("p", { class: "muted" }, t("live.no_radar"));
  const axes = skills.map((skill) => ({
    label: skillName(names, skill),
    title: skill,
    percent: latest.skills[skill] ?? null,
    cohort: earlier.length ? mean(earlier.map((c) => c.skills[skill])) : null,
  }));
  return radarChart(axes, { size: 300, title: t("talent.radar") });
}

function skillCell(contest, skill) {
  const value = contest.skills[skill];
  return h("td", { class: "num" }, value === undefined ? h("span", { class: "unassessed", title: t("talent.not_assessed") }, "—") : percent(value));
}

function skillsTable(resume, names) {
  const contests = resume.contests;
  return h("div", { class: "scroll-x" }, h("table", { class: "grid", id: "resume-skills" },
    h("thead", {}, h("tr", {}, h("th", {}, t("talent.skill")),
      contests.map((c) => h("th", { class: "num", title: day(c.finalized_at) }, c.title)),
      ["latest", "best", "mean"].map((k) => h("th", { class: "num" }, t(`talent.${k}`))))),
    h("tbody", {}, Object.entries(resume.skills).map(([skill, summary]) => h("tr", { dataset: { skill } },
      h("td", {}, skillLabel(names, skill)),
      contests.map((c) => skillCell(c, skill)),
      h("td", { class: "num strong" }, percent(summary.latest)),
      h("td", { class: "num" }, percent(summary.best)),
      h("td", { class: "num" }, percent(summary.mean)))))),
  h("p", { class: "muted small" }, t("talent.skills_note")));
}

function ratingLine(rating) {
  if (!rating) return h("p", { class: "rating muted", id: "resume-rating" }, t("talent.unrated"));
  return h("p", { class: "rating", id: "resume-rating" },
    h("span", { class: "muted" }, t("talent.rating"), " "), h("strong", { id: "resume-points" }, points(rating)),
    h("span", { class: "muted" }, ` · ${t("board.contests")} ${rating.contests} · ${t("board.best_rank")} ${rating.best_rank ?? "–"}`));
}

/** How the points are made, with this worker's numbers. */
function ratingExplained(rating) {
  if (!rating) return null;
  return h("details", { class: "explain", id: "resume-explain" },
    h("summary", {}, t("board.how")),
    h("p", {}, t("board.explain", { model: `${rating.model?.name ?? "openskill"} ${rating.model?.model ?? "PlackettLuce"}` })),
    h("p", { class: "muted" }, t("board.mine", { mu: formatMark(rating.mu), sigma: formatMark(rating.sigma), ordinal: formatMark(rating.ordinal), points: points(rating) })));
}

/** Contests, radar and skills; for a worker with no finalized contest, one line. */
function contestsView(resume, names) {
  if (!resume.contests.length) return [h("p", { class: "muted", id: "resume-no-contests" }, t("talent.no_contests"))];
  return [
    h("div", { class: "resume-grid" },
      h("section", { class: "card" }, h("p", { class: "muted small" }, t("talent.radar")), radar(resume, names)),
      h("section", { class: "card" }, h("h3", {}, t("talent.contests")), contestsTable(resume.contests))),
    levelsSection(resume.levels ?? [], names),
    h("section", { class: "card" }, h("h3", {}, t("talent.skills")), skillsTable(resume, names)),
  ];
}

function resumeView(resume, names) {
  return [
    h("div", { class: "resume-head" }, h("h2", { id: "worker-name" }, resume.name), h("span", { class: "chip chip-sent" }, resume.worker_id), ratingLine(resume.rating)),
    ratingExplained(resume.rating),
    ...contestsView(resume, names),
    h("div", { class: "record-columns" }, trainingSection(resume.training ?? []), mentoringSection(resume.mentoring, names)),
  ];
}

function errorText(error) {
  return error.code === "unknown_worker" ? t("talent.no_worker", { id: workerId }) : t("talent.load_failed", { reason: error.message });
}

function render({ resume, names, error }) {
  if (resume) document.title = `${resume.name} · ${t("talent.resume")}`;
  let content = h("p", { class: "muted" }, t("common.loading"));
  if (resume) content = resumeView(resume, names);
  else if (error) content = h("p", { class: "error", id: "resume-error" }, errorText(error));
  mount(byId("resume"), content);
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", {}, t("talent.resume")), navLink("/leaderboard", "nav.leaderboard"), navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "page", id: "resume" }),
  ];
}

async function main() {
  await startPage({ style: "talent", layout, store, render });
  let resume;
  try {
    resume = await api(`/api/workers/${encodeURIComponent(workerId)}/resume`);
  } catch (error) {
    store.set({ error });
    return;
  }
  // the apprentices' level credits name skills of contests the worker may not have taken
  const credited = (resume.mentoring?.credits ?? []).filter((c) => c.kind === "level").map((c) => c.source);
  const names = await skillNames([...resume.contests.map((c) => c.contest_id), ...credited]);
  store.set({ resume, names });
}

main();
