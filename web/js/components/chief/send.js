// The chief's commands (correct, void, sign off), sent at once with a fresh command
// id; the answer, or the refusal in the page's language, goes to `state.message`.
import { api, contestPath } from "../../api.js";
import { newCommandId } from "../../outbox.js";
import { rejectionText } from "../../i18n.js";

function refusal(error) {
  return { kind: "error", code: error.code, text: rejectionText(error), detail: error.message ?? "" };
}

/** Send `command` (without its id); true when accepted. `done` names what happened. */
export async function sendCommand(ctx, command, done) {
  const { token, cid } = ctx.store.get();
  ctx.store.set({ sending: true });
  try {
    const body = [{ ...command, command_id: newCommandId() }];
    const { results: [outcome] } = await api(contestPath(cid, "commands"), { token, method: "POST", body });
    if (outcome.status === "rejected") {
      ctx.store.set({ sending: false, message: refusal(outcome.error) });
      return false;
    }
    ctx.store.set({ sending: false, message: { kind: "ok", text: done } });
    await ctx.readDesk();
    return true;
  } catch (error) {
    ctx.store.set({ sending: false, message: refusal(error) });
    return false;
  }
}
