// Create a contest from a definition: a YAML/JSON file or pasted text.
// State: `define: {busy, created, error}`.
import { api } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";
import { textWithFile } from "./text-input.js";

export const DEFINE = { busy: false, created: null, error: null };

function mediaType(text, filename) {
  if (/\.json$/i.test(filename) || text.trim().startsWith("{")) return "application/json";
  return "application/yaml";
}

async function create(ctx) {
  const text = byId("definition-text").value;
  const filename = byId("definition-file").files[0]?.name ?? "";
  ctx.store.update("define", { busy: true });
  try {
    const { token } = ctx.store.get();
    const created = await api("/api/contests", { token, method: "POST", body: text, contentType: mediaType(text, filename) });
    ctx.store.set({ define: { busy: false, created: created.id, error: null } });
    await ctx.contestCreated(created.id);
  } catch (error) {
    ctx.store.set({ define: { busy: false, created: null, error } });
  }
}

export function defineSection(ctx) {
  return h("section", { class: "card", id: "define" },
    h("h2", {}, t("console.define.title")),
    textWithFile({
      id: "definition-text", fileId: "definition-file", accept: ".yaml,.yml,.json,application/json,application/yaml",
      label: t("console.define.file"), rows: 7, placeholder: t("console.define.paste"),
    }),
    h("div", { class: "actions" }, h("button", { id: "definition-submit", class: "primary", type: "button", onclick: () => create(ctx) }, t("console.define.create"))),
    h("div", { id: "definition-result", "aria-live": "polite" }));
}

export function renderDefine({ define }) {
  byId("definition-submit").disabled = define.busy;
  let result = null;
  if (define.error) result = problemView(define.error);
  else if (define.created) result = h("p", { class: "ok" }, t("console.define.created", { id: define.created }));
  mount(byId("definition-result"), result);
}
