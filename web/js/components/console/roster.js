// The roster from a CSV (id,name,organization,team,workshop,venue,worker_id), parsed
// here with errors per line, then registered in one request.
import { api, contestPath } from "../../api.js";
import { h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { ROSTER_COLUMNS, tableFromCsv } from "./csv.js";
import { lineErrors, problemView } from "./problems.js";

function preview(items) {
  const columns = Object.keys(ROSTER_COLUMNS);
  return h("table", { class: "grid compact", id: "roster-preview" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c)))),
    h("tbody", {}, items.slice(0, 200).map((item) => h("tr", {}, columns.map((c) => h("td", {}, item[c] ?? ""))))));
}

export function rosterSection(ctx) {
  const text = h("textarea", { id: "roster-text", rows: 5, spellcheck: "false", placeholder: "id,name,organization,team,workshop,venue,worker_id" });
  const output = h("div", { id: "roster-result", "aria-live": "polite" });
  const upload = h("button", { id: "roster-upload", class: "primary", type: "button", disabled: true }, t("console.roster.upload"));
  let parsed = { items: [], errors: [] };
  const check = () => {
    parsed = tableFromCsv(text.value, ROSTER_COLUMNS);
    upload.disabled = parsed.errors.length > 0 || parsed.items.length === 0;
    mount(output,
      parsed.errors.length ? lineErrors(parsed.errors) : null,
      parsed.items.length ? h("p", { class: "muted" }, t("console.roster.parsed", { n: parsed.items.length })) : null,
      parsed.items.length ? preview(parsed.items) : null);
  };
  const file = h("input", { id: "roster-file", type: "file", accept: ".csv,text/csv", onchange: async () => {
    if (file.files[0]) { text.value = await file.files[0].text(); check(); }
  } });
  text.addEventListener("input", check);
  upload.addEventListener("click", async () => {
    upload.disabled = true;
    try {
      const done = await api(contestPath(ctx.cid, "contestants"), { token: ctx.token, method: "POST", body: parsed.items });
      mount(output, h("p", { class: "ok", id: "roster-done" }, t("console.roster.done", { n: done.count })));
      await ctx.refresh();
    } catch (error) {
      mount(output, problemView(error));
      upload.disabled = false;
    }
  });
  return h("section", { class: "card", id: "roster" },
    h("h2", {}, t("console.roster.title")),
    h("label", { class: "file" }, t("console.roster.file"), " ", file),
    text, h("div", { class: "actions" }, upload), output);
}
