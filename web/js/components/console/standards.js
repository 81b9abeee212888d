// Position standards (`GET/POST /api/standards`): listed, created and edited here. A
// standard is an id, a name and the percent required per skill tag, typed one skill a
// line ("elec.wiring: 80"); saving an existing id replaces it.
// State: `standards: {list, error, busy, saved}`.
import { api } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

export const STANDARDS = { list: null, error: null, busy: false, saved: null };

export async function loadStandards(ctx) {
  try {
    const list = await api("/api/standards", { token: ctx.store.get().token });
    ctx.store.update("standards", { list });
  } catch (error) {
    ctx.store.update("standards", { error });
  }
}

/** `{required}` from "skill: percent" lines, or `{error}` naming the first bad line. */
function requirements(text) {
  const required = {};
  const lines = text.split(/\n/).map((line) => line.trim()).filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const match = /^([^:：=\s]+)\s*[:：=]\s*([\d.]+)\s*%?$/.exec(line);
    const percent = match ? Number(match[2]) : Number.NaN;
    if (!match || !(percent >= 0 && percent <= 100)) return { error: t("console.standards.bad_line", { line: index + 1, text: line }) };
    required[match[1]] = percent;
  }
  return lines.length ? { required } : { error: t("console.standards.none_required") };
}

async function save(ctx) {
  const id = byId("standard-id").value.trim();
  const name = byId("standard-name").value.trim();
  const { required, error } = requirements(byId("standard-required").value);
  if (error || !id || !name) {
    ctx.store.update("standards", { error: { code: "validation_error", message: error ?? t("console.standards.id_name") } });
    return;
  }
  ctx.store.update("standards", { busy: true, error: null });
  try {
    await api("/api/standards", { token: ctx.store.get().token, method: "POST", body: { id, name, required } });
    ctx.store.update("standards", { busy: false, saved: id });
    await loadStandards(ctx);
  } catch (failure) {
    ctx.store.update("standards", { busy: false, error: failure });
  }
}

function edit(standard) {
  byId("standard-id").value = standard.id;
  byId("standard-name").value = standard.name;
  byId("standard-required").value = Object.entries(standard.required).map(([skill, percent]) => `${skill}: ${percent}`).join("\n");
}

export function standardsSection(ctx) {
  return h("section", { class: "card", id: "standards" },
    h("div", { class: "card-head" },
      h("h2", {}, t("console.standards.title")),
      h("button", { type: "button", id: "standards-refresh", onclick: () => loadStandards(ctx) }, t("console.refresh"))),
    h("div", { id: "standards-list" }),
    h("div", { class: "standard-form" },
      h("label", {}, t("console.standards.id"), h("input", { id: "standard-id", autocomplete: "off", placeholder: "electrician-l3" })),
      h("label", {}, t("console.standards.name"), h("input", { id: "standard-name", autocomplete: "off", placeholder: t("console.standards.name_example") })),
      h("label", {}, t("console.standards.required"),
        h("textarea", { id: "standard-required", rows: 3, spellcheck: "false", placeholder: "elec.wiring: 80\nelec.theory: 70" }))),
    h("div", { class: "actions" }, h("button", { type: "button", id: "standard-save", class: "primary", onclick: () => save(ctx) }, t("common.save"))),
    h("div", { id: "standards-result", "aria-live": "polite" }));
}

function table(list) {
  if (!list.length) return h("p", { class: "muted" }, t("console.standards.empty"));
  return h("table", { class: "grid compact", id: "standards-table" },
    h("thead", {}, h("tr", {}, ["id", "name", "required", ""].map((c) => h("th", {}, c ? t(`console.standards.${c}`) : "")))),
    h("tbody", {}, list.map((standard) => h("tr", { dataset: { standard: standard.id } },
      h("td", {}, standard.id), h("td", {}, standard.name),
      h("td", {}, Object.entries(standard.required).map(([skill, percent]) => `${skill} ${percent}%`).join(" · ")),
      h("td", {}, h("button", { type: "button", class: "edit", onclick: () => edit(standard) }, t("common.edit")))))));
}

export function renderStandards({ standards }) {
  byId("standard-save").disabled = standards.busy;
  mount(byId("standards-list"), standards.list ? table(standards.list) : null);
  let result = null;
  if (standards.error) result = problemView(standards.error);
  else if (standards.saved) result = h("p", { class: "ok" }, t("console.standards.saved", { id: standards.saved }));
  mount(byId("standards-result"), result);
}
