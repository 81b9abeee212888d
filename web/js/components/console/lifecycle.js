// The contest's lifecycle as steps: done steps are ticked, only the valid next ones
// can be pressed (the rules of the domain's `decide`), each disabled one says what it
// waits for, and end and finalize ask to confirm, naming the consequence.
// State: `lifecycle: {busy, result, confirming}`; busy is the command on its way,
// result `{type, outcome}` or `{type, error}`, confirming the step asked about.
import { api, contestPath } from "../../api.js";
import { timeOfDay } from "../../clock.js";
import { byId, h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { newCommandId } from "../../outbox.js";

export const LIFECYCLE = ["start", "freeze", "end", "thaw", "finalize"];
export const LIFECYCLE_STATE = { busy: null, result: null, confirming: null };
const CONFIRMED = new Set(["end", "finalize"]);
const MOMENT = { start: "started", freeze: "frozen", end: "ended", thaw: "thawed", finalize: "finalized" };

/** Why a step cannot be taken now (a label key), or null when it can (as `decide`). */
export function blocker(type, state) {
  const running = state.started && !state.ended;
  const freezing = state.frozen && !state.thawed;
  if (state.finalized) return "console.life.needs.final";
  if (type === "start") return state.started ? "console.life.needs.done" : null;
  if (type === "freeze") return state.frozen ? "console.life.needs.done" : running ? null : "console.life.needs.running";
  if (type === "end") return state.ended ? "console.life.needs.done" : running ? null : "console.life.needs.running";
  if (type === "thaw") return state.thawed ? "console.life.needs.done" : state.frozen || state.ended ? null : "console.life.needs.frozen";
  if (!state.ended) return "console.life.needs.ended";
  return freezing ? "console.life.needs.thawed" : null;
}

async function send(ctx, type) {
  const { cid, token } = ctx.store.get();
  ctx.store.update("lifecycle", { busy: type, confirming: null });
  try {
    const body = [{ command_id: newCommandId(), type }];
    const { results: [outcome] } = await api(contestPath(cid, "commands"), { token, method: "POST", body });
    ctx.store.set({ lifecycle: { busy: null, confirming: null, result: { type, outcome } } });
    await ctx.refresh();
  } catch (error) {
    ctx.store.set({ lifecycle: { busy: null, confirming: null, result: { type, error } } });
  }
}

function press(ctx, type) {
  if (CONFIRMED.has(type)) ctx.store.update("lifecycle", { confirming: type });
  else send(ctx, type);
}

function resultView({ type, outcome, error }) {
  const action = t(`console.life.${type}`);
  const failure = error ?? (outcome.status === "rejected" ? outcome.error : null);
  if (failure) {
    return h("span", { class: "error", dataset: { code: failure.code } }, action, ": ", rejectionText(failure),
      failure.message ? h("span", { class: "detail" }, ` (${failure.message})`) : null);
  }
  return h("span", { class: "ok" }, t("console.life.done", { action, position: outcome.position }));
}

export function lifecycleSection(ctx) {
  return h("section", { class: "card", id: "lifecycle" },
    h("h2", {}, t("console.life.title")),
    h("ol", { class: "steps" }, LIFECYCLE.map((type) => h("li", { class: "step", dataset: { step: type } },
      h("button", { type: "button", dataset: { command: type }, onclick: () => press(ctx, type) }, t(`console.life.${type}`)),
      h("span", { class: "step-note" })))),
    h("div", { id: "lifecycle-confirm", class: "confirm hidden", role: "alertdialog" },
      h("p", { id: "lifecycle-confirm-text" }),
      h("div", { class: "actions" },
        h("button", { type: "button", id: "lifecycle-cancel", onclick: () => ctx.store.update("lifecycle", { confirming: null }) }, t("common.cancel")),
        h("button", { type: "button", id: "lifecycle-confirm-button", class: "primary danger",
          onclick: () => send(ctx, ctx.store.get().lifecycle.confirming) }))),
    h("p", { id: "lifecycle-result", "aria-live": "polite" }));
}

export function renderLifecycle({ lifecycle, detail }) {
  const state = detail.state;
  for (const step of byId("lifecycle").querySelectorAll("li.step")) {
    const type = step.dataset.step;
    const done = Boolean(state[MOMENT[type]]);
    const waits = blocker(type, state);
    step.classList.toggle("done", done);
    step.classList.toggle("next", !waits);
    const button = step.querySelector("button");
    button.disabled = Boolean(waits) || Boolean(lifecycle.busy) || Boolean(lifecycle.confirming);
    const note = done ? t("console.life.at", { time: timeOfDay(state[MOMENT[type]]) }) : waits ? t(waits) : "";
    step.querySelector(".step-note").textContent = note;
  }
  const confirming = lifecycle.confirming;
  byId("lifecycle-confirm").classList.toggle("hidden", !confirming);
  if (confirming) {
    byId("lifecycle-confirm-text").textContent = t(`console.life.confirm.${confirming}`);
    byId("lifecycle-confirm-button").textContent = t(`console.life.${confirming}`);
  }
  mount(byId("lifecycle-result"), lifecycle.result ? resultView(lifecycle.result) : null);
}
