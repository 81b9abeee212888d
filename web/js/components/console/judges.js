// The judge consistency table (GET /api/contests/{cid}/judges).
import { api, contestPath } from "../../api.js";
import { formatMark, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

const COLUMNS = ["name", "role", "marks_given", "panel_marks", "mean_deviation", "mean_abs_deviation", "spread_violations", "corrected"];

function cell(judge, column) {
  const value = judge[column];
  if (column === "role") return t(`role.${value}`);
  if (column.startsWith("mean")) return formatMark(value);
  return value ?? "–";
}

export function judgesSection(ctx) {
  const body = h("div", { id: "judges-table" });
  const load = async () => {
    try {
      const { judges } = await api(contestPath(ctx.cid, "judges"), { token: ctx.token });
      if (!judges.length) { mount(body, h("p", { class: "muted" }, t("console.judges.none"))); return; }
      mount(body, h("table", { class: "grid" },
        h("thead", {}, h("tr", {}, COLUMNS.map((c) => h("th", {}, t(`console.judges.${c}`))))),
        h("tbody", {}, judges.map((judge) => h("tr", { class: judge.spread_violations ? "flag" : null, dataset: { referee: judge.referee_id } },
          COLUMNS.map((c) => h("td", { class: c === "name" || c === "role" ? null : "num" }, cell(judge, c))))))));
    } catch (error) {
      mount(body, problemView(error));
    }
  };
  const refresh = h("button", { type: "button", id: "judges-refresh", onclick: load }, t("console.refresh"));
  load();
  return h("section", { class: "card", id: "judges" },
    h("div", { class: "card-head" }, h("h2", {}, t("console.judges.title")), refresh), body);
}
