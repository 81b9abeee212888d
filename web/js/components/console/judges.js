// The judge consistency table (GET /api/contests/{cid}/judges).
// State: `judges: {judges, error}`; judges null until read.
import { api, contestPath } from "../../api.js";
import { byId, formatMark, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

const COLUMNS = ["name", "role", "marks_given", "panel_marks", "mean_deviation", "mean_abs_deviation", "spread_violations", "corrected"];
export const JUDGES = { judges: null, error: null };

function cell(judge, column) {
  const value = judge[column];
  if (column === "role") return t(`role.${value}`);
  if (column.startsWith("mean")) return formatMark(value);
  return value ?? "–";
}

export async function loadJudges(ctx) {
  const { cid, token } = ctx.store.get();
  try {
    const { judges } = await api(contestPath(cid, "judges"), { token });
    ctx.store.set({ judges: { judges, error: null } });
  } catch (error) {
    ctx.store.update("judges", { error });
  }
}

export function judgesSection(ctx) {
  return h("section", { class: "card", id: "judges" },
    h("div", { class: "card-head" },
      h("h2", {}, t("console.judges.title")),
      h("button", { type: "button", id: "judges-refresh", onclick: () => loadJudges(ctx) }, t("console.refresh"))),
    h("div", { id: "judges-table" }));
}

function table(judges) {
  return h("table", { class: "grid" },
    h("thead", {}, h("tr", {}, COLUMNS.map((c) => h("th", {}, t(`console.judges.${c}`))))),
    h("tbody", {}, judges.map((judge) => h("tr", { class: judge.spread_violations ? "flag" : null, dataset: { referee: judge.referee_id } },
      COLUMNS.map((c) => h("td", { class: c === "name" || c === "role" ? null : "num" }, cell(judge, c)))))));
}

export function renderJudges({ judges: { judges, error } }) {
  let view = null;
  if (error) view = problemView(error);
  else if (judges) view = judges.length ? table(judges) : h("p", { class: "muted" }, t("console.judges.none"));
  mount(byId("judges-table"), view);
}
