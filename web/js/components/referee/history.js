// The referee's own commands with their sync state, and the chief's corrections:
// `state.correction` is the open dialog (`{command, error}`; command null: by id).
import { byId, h, mount, toast } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { contestantName, taskOf } from "./queries.js";
import { taskKeyOf, valueText } from "./tasks.js";

const SHOWN = 60;

function what(state, command, meta = {}) {
  if (command.type === "correct") {
    const subject = meta.contestant_id ? `${contestantName(state, meta.contestant_id)} · ` : "";
    return `${subject}${t("cmd.correct")} ${command.supersedes.slice(0, 8)}`;
  }
  const task = taskOf(state, taskKeyOf(command));
  return `${contestantName(state, command.contestant_id)} · ${task?.name ?? command.type}`;
}

function stateLabel(item) {
  if (item.state === "sent" && item.status === "duplicate") return t("outbox.duplicate");
  return t(`outbox.${item.state}`);
}

function historyItem(state, store, item) {
  const { command } = item;
  const correctable = state.corrects && item.state === "sent" && command.type !== "correct";
  const correct = () => store.set({ correction: { command, error: "" } });
  return h("li", {
    class: (command.contestant_id ?? item.meta?.contestant_id) === state.contestantId ? "current" : null,
    dataset: { commandId: command.command_id, state: item.state },
  },
  h("span", { class: "what" }, `${what(state, command, item.meta)}: ${valueText(command)}`),
  h("span", {},
    h("span", { class: `chip chip-${item.state}` }, stateLabel(item)),
    correctable ? h("button", { type: "button", class: "correct", onclick: correct }, t("ref.correct")) : null),
  item.error ? h("span", { class: "reason" }, rejectionText(item.error)) : null,
  h("span", { class: "meta" }, `${new Date(item.queued_at).toLocaleTimeString()} · ${command.command_id.slice(0, 8)}`));
}

export function renderHistory(state, store) {
  const items = state.outbox.items.slice(-SHOWN).reverse();
  mount(byId("history"), items.length ? items.map((item) => historyItem(state, store, item)) : h("li", { class: "muted" }, t("ref.no_marks")));
  byId("correct-any").classList.toggle("hidden", !state.corrects);
}

function parseValue(text) {
  if (text === "true" || text === t("ref.pass")) return true;
  if (text === "false" || text === t("ref.fail")) return false;
  const number = Number.parseFloat(text);
  return Number.isFinite(number) ? number : undefined;
}

/** The correct command from the dialog, or an error message. */
function correction() {
  const supersedes = byId("correct-id").value.trim();
  const reason = byId("correct-reason").value.trim();
  const voiding = byId("correct-void").checked;
  if (!supersedes) return { error: t("ref.correct_id") };
  if (!reason) return { error: t("ref.correct_reason") };
  if (voiding) return { command: { type: "correct", supersedes, void: true, reason } };
  const value = parseValue(byId("correct-value").value.trim());
  if (value === undefined) return { error: t("ref.bad_number") };
  return { command: { type: "correct", supersedes, value, reason } };
}

function submitCorrection(event, store) {
  event.preventDefault();
  const { outbox, correction: open } = store.get();
  const { command, error } = correction();
  if (error) {
    store.set({ correction: { ...open, error } });
    return;
  }
  store.set({ correction: null });
  outbox.add(command, open.command ? { contestant_id: open.command.contestant_id } : {});
  toast(t("ref.queued"));
}

/** The correction dialog; its fields are read when it is sent. */
export function correctionDialog(store) {
  const close = () => store.get().correction && store.set({ correction: null });
  return h("dialog", { id: "correct-dialog", onclose: close },
    h("form", { id: "correct-form", method: "dialog", class: "correct-form", onsubmit: (event) => submitCorrection(event, store) },
      h("h2", {}, t("ref.correct_title")),
      h("p", { id: "correct-subject", class: "muted" }),
      h("label", { id: "correct-id-label", for: "correct-id" }, t("ref.correct_id")),
      h("input", { id: "correct-id", name: "supersedes", autocomplete: "off" }),
      h("label", { for: "correct-value" }, t("ref.correct_value")),
      h("input", { id: "correct-value", name: "value", inputmode: "decimal" }),
      h("label", { class: "check" }, h("input", { id: "correct-void", type: "checkbox" }), " ", h("span", {}, t("ref.correct_void"))),
      h("label", { for: "correct-reason" }, t("ref.correct_reason")),
      h("textarea", { id: "correct-reason", rows: 2, maxlength: 1000 }),
      h("p", { id: "correct-error", class: "error", role: "alert" }),
      h("div", { class: "dialog-buttons" },
        h("button", { type: "button", id: "correct-cancel", onclick: close }, t("common.cancel")),
        h("button", { type: "submit", id: "correct-submit", class: "primary" }, t("common.confirm")))));
}

/** Opened with empty fields for `state.correction`, closed without it. */
export function renderCorrection(state) {
  const dialog = byId("correct-dialog");
  const { correction: open } = state;
  if (!open) {
    if (dialog.open) dialog.close();
    return;
  }
  byId("correct-error").textContent = open.error;
  if (dialog.open) return;
  const { command } = open;
  byId("correct-subject").textContent = command ? `${what(state, command)}: ${valueText(command)}` : "";
  byId("correct-id").value = command?.command_id ?? "";
  byId("correct-id").classList.toggle("hidden", Boolean(command));
  byId("correct-id-label").classList.toggle("hidden", Boolean(command));
  byId("correct-value").value = "";
  byId("correct-void").checked = false;
  byId("correct-reason").value = "";
  dialog.showModal();
}
