// Create a contest from a definition: a YAML/JSON file or pasted text.
import { api } from "../../api.js";
import { h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { problemView } from "./problems.js";

function mediaType(text, filename) {
  if (/\.json$/i.test(filename) || text.trim().startsWith("{")) return "application/json";
  return "application/yaml";
}

export function defineSection(ctx) {
  const text = h("textarea", { id: "definition-text", rows: 7, spellcheck: "false", placeholder: t("console.define.paste") });
  let filename = "";
  const file = h("input", {
    id: "definition-file", type: "file", accept: ".yaml,.yml,.json,application/json,application/yaml",
    onchange: async () => {
      const chosen = file.files[0];
      if (!chosen) return;
      filename = chosen.name;
      text.value = await chosen.text();
    },
  });
  const result = h("div", { id: "definition-result", "aria-live": "polite" });
  const submit = h("button", { id: "definition-submit", class: "primary", type: "button" }, t("console.define.create"));
  submit.addEventListener("click", async () => {
    submit.disabled = true;
    try {
      const created = await api("/api/contests", { token: ctx.token, method: "POST", body: text.value, contentType: mediaType(text.value, filename) });
      mount(result, h("p", { class: "ok" }, t("console.define.created", { id: created.id })));
      await ctx.contestCreated(created.id);
    } catch (error) {
      mount(result, problemView(error));
    } finally {
      submit.disabled = false;
    }
  });
  return h("section", { class: "card", id: "define" },
    h("h2", {}, t("console.define.title")),
    h("label", { class: "file" }, t("console.define.file"), " ", file),
    text,
    h("div", { class: "actions" }, submit),
    result);
}
