// The skill resume of one worker: contests and ranks, a radar of the latest contest
// against the earlier ones, and every skill's percent over time.
import { api } from "../api.js";
import { byId, formatMark, h, languageButton, mount, pathParam } from "../dom.js";
import { radarChart } from "../charts.js";
import { t, translatePage } from "../i18n.js";
import { day, mean, percent } from "../components/talent/format.js";

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

function render(resume) {
  document.title = `${resume.name} · ${t("talent.resume")}`;
  mount(byId("resume"),
    h("div", { class: "resume-head" }, h("h2", { id: "worker-name" }, resume.name), h("span", { class: "chip chip-sent" }, resume.worker_id), ratingLine(resume.rating)),
    h("div", { class: "resume-grid" },
      h("section", { class: "card" }, h("p", { class: "muted small" }, t("talent.radar")), radar(resume)),
      h("section", { class: "card" }, h("h3", {}, t("talent.contests")), contestsTable(resume.contests))),
    h("section", { class: "card" }, h("h3", {}, t("talent.skills")), skillsTable(resume)));
}

async function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  const workerId = pathParam("workers");
  try {
    render(await api(`/api/workers/${encodeURIComponent(workerId)}/resume`));
  } catch (error) {
    const text = error.code === "unknown_worker" ? t("talent.no_worker", { id: workerId }) : t("talent.load_failed", { reason: error.message });
    mount(byId("resume"), h("p", { class: "error", id: "resume-error" }, text));
  }
}

main();
