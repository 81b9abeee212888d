// Lifecycle buttons: each sends one command with a fresh command id.
// State: `lifecycle: {busy, result}`; busy is the command on its way, result
// `{type, outcome}` (the command's result) or `{type, error}` (refused as a whole).
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { newCommandId } from "../../outbox.js";

export const LIFECYCLE = ["start", "freeze", "end", "thaw", "finalize"];
export const LIFECYCLE_STATE = { busy: null, result: null };

async function send(ctx, type) {
  const { cid, token } = ctx.store.get();
  ctx.store.update("lifecycle", { busy: type });
  try {
    const body = [{ command_id: newCommandId(), type }];
    const { results: [outcome] } = await api(contestPath(cid, "commands"), { token, method: "POST", body });
    ctx.store.set({ lifecycle: { busy: null, result: { type, outcome } } });
    await ctx.refresh();
  } catch (error) {
    ctx.store.set({ lifecycle: { busy: null, result: { type, error } } });
  }
}

function resultView({ type, outcome, error }) {
  const action = t(`console.life.${type}`);
  if (error) return h("span", { class: "error" }, rejectionText({ code: error.code, message: error.message }));
  if (outcome.status === "rejected") {
    return h("span", { class: "error", dataset: { code: outcome.error.code } }, action, ": ", rejectionText(outcome.error));
  }
  return h("span", { class: "ok" }, t("console.life.done", { action, position: outcome.position }));
}

export function lifecycleSection(ctx) {
  return h("section", { class: "card", id: "lifecycle" },
    h("h2", {}, t("console.life.title")),
    h("div", { class: "actions" }, LIFECYCLE.map((type) =>
      h("button", { type: "button", dataset: { command: type }, onclick: () => send(ctx, type) }, t(`console.life.${type}`)))),
    h("p", { id: "lifecycle-result", "aria-live": "polite" }));
}

export function renderLifecycle({ lifecycle }) {
  for (const button of byId("lifecycle").querySelectorAll("button[data-command]")) {
    button.disabled = lifecycle.busy === button.dataset.command;
  }
  mount(byId("lifecycle-result"), lifecycle.result ? resultView(lifecycle.result) : null);
}
