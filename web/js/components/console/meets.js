// Meets (GET/POST /api/meets): each one links to its board (/meets/{mid}); a new meet
// is its definition typed as JSON (id, title, events with their rounds' contest ids,
// units), started from a template of the contests defined so far.
// State: `meets: {list, busy, error, created}`.
import { api } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

export const MEETS = { list: null, busy: false, error: null, created: null };

export async function loadMeets(ctx) {
  try {
    const list = await api("/api/meets", { token: ctx.store.get().token });
    ctx.store.update("meets", { list });
  } catch (error) {
    ctx.store.update("meets", { list: [], error });
  }
}

/** A definition to start from: one event per contest defined so far. */
function template(contests) {
  const events = contests.slice(0, 3).map((c) => ({ id: c.id, title: c.title, rounds: [c.id] }));
  return JSON.stringify({ id: "meet-2026", title: t("console.meets.example_title"), events, units: [] }, null, 2);
}

async function create(ctx) {
  let body;
  try {
    body = JSON.parse(byId("meet-definition").value);
  } catch (error) {
    ctx.store.update("meets", { error: { code: "validation_error", message: t("console.meets.bad_json", { reason: error.message }) } });
    return;
  }
  ctx.store.update("meets", { busy: true, error: null, created: null });
  try {
    const created = await api("/api/meets", { token: ctx.store.get().token, method: "POST", body });
    ctx.store.update("meets", { busy: false, created: created.id });
    await loadMeets(ctx);
  } catch (error) {
    ctx.store.update("meets", { busy: false, error });
  }
}

export function meetsSection(ctx) {
  return h("section", { class: "card", id: "meets" },
    h("h2", {}, t("index.meets")),
    h("ul", { id: "meet-list", class: "link-list" }),
    h("details", { id: "meet-new" },
      h("summary", {}, t("console.meets.new")),
      h("p", { class: "muted small" }, t("console.meets.hint")),
      h("textarea", { id: "meet-definition", rows: 10, spellcheck: "false", "aria-label": t("console.meets.new") }),
      h("div", { class: "actions" },
        h("button", { type: "button", id: "meet-template", onclick: () => { byId("meet-definition").value = template(ctx.store.get().contests); } }, t("console.meets.template")),
        h("button", { type: "button", id: "meet-create", class: "primary", onclick: () => create(ctx) }, t("console.meets.create")))),
    h("div", { id: "meet-result", "aria-live": "polite" }));
}

export function renderMeets({ meets }) {
  const list = meets.list ?? [];
  mount(byId("meet-list"), list.length
    ? list.map((meet) => h("li", { dataset: { meet: meet.id } },
      h("a", { href: `/meets/${encodeURIComponent(meet.id)}`, target: "_blank" }, meet.title),
      " ", h("span", { class: "muted small" }, t("index.meet_events", { n: meet.events }))))
    : h("li", { class: "muted" }, meets.list === null ? t("common.loading") : t("console.meets.none")));
  byId("meet-create").disabled = meets.busy;
  let result = null;
  if (meets.error) result = problemView(meets.error);
  else if (meets.created) {
    result = h("p", { class: "ok" }, t("console.meets.created"), " ",
      h("a", { href: `/meets/${encodeURIComponent(meets.created)}`, target: "_blank" }, meets.created));
  }
  mount(byId("meet-result"), result);
}
