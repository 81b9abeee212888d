// The mentor's report and the pools of a programme: drawn from GET .../report and
// GET .../mentors|apprentices (read models), laid out by the programme page.
import { h } from "../../dom.js";
import { t } from "../../i18n.js";

export function score(value) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(1);
}

export function stateChip(state) {
  const tone = state === "active" ? "chip-sent" : state === "formed" ? "chip-pending" : state === "ended_early" ? "chip-rejected" : "";
  return h("span", { class: ["chip", tone], dataset: { state } }, t(`prog.state.${state}`));
}

function person(id, name) {
  return name ? `${name} (${id})` : id;
}

function assessmentTable(assessments, periods) {
  if (!assessments.length) return h("p", { class: "muted" }, t("prog.no_assessments"));
  const heads = ["prog.period", "prog.kpi", "prog.improvement", "prog.attitude", "prog.score"];
  return h("div", { class: "scroll" }, h("table", { class: "grid compact" },
    h("thead", {}, h("tr", {}, heads.map((key, i) => h("th", { class: i ? "num" : null }, t(key))))),
    h("tbody", {}, assessments.map((a) => h("tr", { dataset: { period: a.period_id } },
      h("td", {}, periods[a.period_id] ?? a.period_id), h("td", { class: "num" }, score(a.kpi)), h("td", { class: "num" }, score(a.improvement)),
      h("td", { class: "num" }, score(a.attitude)), h("td", { class: "num strong" }, score(a.score)))))));
}

function creditLine(credit) {
  const detail = credit.detail ?? {};
  const place = detail.rank ? t("prog.rank", { rank: detail.rank, size: detail.field_size ?? "?" }) : "";
  const extra = credit.kind === "award" ? String(detail.award_name ?? detail.award ?? "") : credit.kind === "level" ? `${detail.skill ?? ""}` : "";
  return h("li", { class: "credit", dataset: { kind: credit.kind, source: credit.source } },
    h("span", { class: "muted" }, credit.on), " ",
    h("span", { class: "chip" }, t(`prog.credit.${credit.kind}`)), " ",
    h("strong", {}, credit.title), place ? ` · ${place}` : "", extra ? ` · ${extra}` : "",
    " · ", person(credit.apprentice_id, credit.apprentice_name));
}

/** One pair of the report: who, when, its state, period scores and credits. */
export function reportPair(pair, periods = {}) {
  return h("article", { class: "report-pair", dataset: { pair: pair.pair_id } },
    h("div", { class: "report-head" },
      h("strong", {}, `${person(pair.mentor_id, pair.mentor_name)} → ${person(pair.apprentice_id, pair.apprentice_name)}`),
      stateChip(pair.state)),
    h("p", { class: "muted small" }, `${pair.start} – ${pair.end ?? "…"}`,
      pair.goals?.length ? ` · ${t("prog.goals_list", { goals: pair.goals.join("；") })}` : ""),
    assessmentTable(pair.assessments, periods),
    h("h4", {}, t("prog.credits")),
    pair.credits.length ? h("ul", { class: "credits" }, pair.credits.map(creditLine)) : h("p", { class: "muted" }, t("prog.no_credits")));
}

export function reportView(report) {
  if (!report) return h("p", { class: "muted" }, t("common.loading"));
  if (!report.pairs.length) return h("p", { class: "muted" }, t("prog.no_pairs"));
  const periods = Object.fromEntries((report.programme.periods ?? []).map((p) => [p.id, p.name]));
  return report.pairs.map((pair) => reportPair(pair, periods));
}

/** One row's cells, each labelled with its column (a phone shows them as a card). */
export function labelled(heads, cells) {
  return cells.map((cell, i) => h("td", { class: heads[i] === "prog.score" || heads[i] === "prog.latest" ? "num" : null, dataset: { label: t(heads[i]) } }, cell));
}

/** The pool's table: mentors (one row each) or apprentices (one row per pair). */
export function poolTable(role, data) {
  if (!data) return h("p", { class: "muted" }, t("common.loading"));
  if (!data.items.length) return h("p", { class: "muted" }, t("prog.pool_empty"));
  const mentor = role === "mentors";
  const heads = mentor
    ? ["prog.worker_id", "prog.person_name", "prog.organization", "prog.apprentice", "prog.state", "prog.score"]
    : ["prog.worker_id", "prog.person_name", "prog.organization", "prog.mentor", "prog.state", "prog.score"];
  return h("div", { class: "scroll" }, h("table", { class: "grid compact cards", id: "pool-table" },
    h("thead", {}, h("tr", {}, heads.map((key) => h("th", { class: key === "prog.score" ? "num" : null }, t(key))))),
    h("tbody", {}, data.items.map((row) => h("tr", { dataset: { worker: row.worker_id } },
      labelled(heads, [row.worker_id, row.name ?? "", row.organization ?? "",
        mentor ? row.apprentices.join(", ") : person(row.mentor_id, row.mentor_name),
        h("span", { class: "chips" }, row.states.map(stateChip)), score(row.score)]))))));
}
