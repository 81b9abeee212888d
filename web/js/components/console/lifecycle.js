// Lifecycle buttons: each sends one command with a fresh command id.
import { api, contestPath } from "../../api.js";
import { h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { newCommandId } from "../../outbox.js";

export const LIFECYCLE = ["start", "freeze", "end", "thaw", "finalize"];

export function lifecycleSection(ctx) {
  const result = h("p", { id: "lifecycle-result", "aria-live": "polite" });
  const send = async (type, button) => {
    button.disabled = true;
    try {
      const body = [{ command_id: newCommandId(), type }];
      const { results: [outcome] } = await api(contestPath(ctx.cid, "commands"), { token: ctx.token, method: "POST", body });
      if (outcome.status === "rejected") {
        mount(result, h("span", { class: "error", dataset: { code: outcome.error.code } }, t(`console.life.${type}`), ": ", rejectionText(outcome.error)));
      } else {
        mount(result, h("span", { class: "ok" }, t("console.life.done", { action: t(`console.life.${type}`), position: outcome.position })));
      }
      await ctx.refresh();
    } catch (error) {
      mount(result, h("span", { class: "error" }, rejectionText({ code: error.code, message: error.message })));
    } finally {
      button.disabled = false;
    }
  };
  const buttons = LIFECYCLE.map((type) => {
    const button = h("button", { type: "button", dataset: { command: type } }, t(`console.life.${type}`));
    button.addEventListener("click", () => send(type, button));
    return button;
  });
  return h("section", { class: "card", id: "lifecycle" },
    h("h2", {}, t("console.life.title")), h("div", { class: "actions" }, buttons), result);
}
