// The skill resume of one worker: contests and ranks, a radar of the latest contest
// against the earlier ones, and every skill's percent over time.
import { api } from "../api.js";
import { radarChart } from "../charts.js";
import { day, mean, percent } from "../components/talent/format.js";
import { byId, formatMark, h, mount, pathParam } from "../dom.js";
import { t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore } from "../store.js";

const workerId = pathParam("workers");
const store = createStore({ resume: null, error: null });

function contestsTable(contests) {
  return h("table", { class: "grid", id: "resume-contests" },
    h("thead", {}, h("tr", {}, ["contest", "date", "rank", "percentile", "total"].map((c) => h("th", {}, t(`talent.${c}`))))),
    h("tbody", {}, [...contests].reverse().map((c) => h("tr", { dataset: { contest: c.contest_id } },
      h("td", {}, h("a", { href: `/live/${encodeURIComponent(c.contest_id)}` }, c.title)),
      h("td", {}, day(c.finalized_at)),
      h("td", { class: "num" }, c.rank === null ? "–" : t("talent.of", { rank: c.rank, field: c.field_size })),
      h("td", { class: "num" }, percent(c.percentile)),
      h("td", { class: "num" }, percent(c.total_percent))))));
}

function radar(resume) {
  const skills = Object.keys(resume.skills);
  const [latest, ...earlier] = [...resume.contests].reverse();
  const axes = skills.map((skill) => ({
    label: skill,
    percent: latest.skills[skill] ?? null,
    cohort: earlier.length ? mean(earlier.map((c) => c.skills[skill])) : null,
  }));
  return radarChart(axes, { size: 300, title: t("talent.radar") });
}

function skillsTable(resume) {
  const contests = resume.contests;
  return h("table", { class: "grid", id: "resume-skills" },
    h("thead", {}, h("tr", {}, h("th", {}, t("talent.skill")),
      contests.map((c) => h("th", { class: "num", title: day(c.finalized_at) }, c.title)),
      ["latest", "best", "mean"].map((k) => h("th", { class: "num" }, t(`talent.${k}`))))),
    h("tbody", {}, Object.entries(resume.skills).map(([skill, summary]) => h("tr", { dataset: { skill } },
      h("td", {}, skill),
      contests.map((c) => h("td", { class: "num" }, percent(c.skills[skill]))),
      h("td", { class: "num strong" }, percent(summary.latest)),
      h("td", { class: "num" }, percent(summary.best)),
      h("td", { class: "num" }, percent(summary.mean))))));
}

function ratingLine(rating) {
  if (!rating) return null;
  return h("p", { class: "rating", id: "resume-rating" },
    h("span", { class: "muted" }, t("talent.rating"), " "), h("strong", {}, formatMark(rating.ordinal)),
    h("span", { class: "muted" }, ` · ${t("board.contests")} ${rating.contests} · ${t("board.best_rank")} ${rating.best_rank ?? "–"}`));
}

function resumeView(resume) {
  return [
    h("div", { class: "resume-head" }, h("h2", { id: "worker-name" }, resume.name), h("span", { class: "chip chip-sent" }, resume.worker_id), ratingLine(resume.rating)),
    h("div", { class: "resume-grid" },
      h("section", { class: "card" }, h("p", { class: "muted small" }, t("talent.radar")), radar(resume)),
      h("section", { class: "card" }, h("h3", {}, t("talent.contests")), contestsTable(resume.contests))),
    h("section", { class: "card" }, h("h3", {}, t("talent.skills")), skillsTable(resume)),
  ];
}

function errorText(error) {
  return error.code === "unknown_worker" ? t("talent.no_worker", { id: workerId }) : t("talent.load_failed", { reason: error.message });
}

function render({ resume, error }) {
  if (resume) document.title = `${resume.name} · ${t("talent.resume")}`;
  let content = h("p", { class: "muted" }, t("common.loading"));
  if (resume) content = resumeView(resume);
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
  try {
    store.set({ resume: await api(`/api/workers/${encodeURIComponent(workerId)}/resume`) });
  } catch (error) {
    store.set({ error });
  }
}

main();
