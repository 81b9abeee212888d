// The referee's own commands with their sync state, and the chief's corrections.
import { byId, h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { contestantName, tablet, taskOf, toast } from "./state.js";
import { taskKeyOf, valueText } from "./tasks.js";

const SHOWN = 60;
let corrects = false;
let correcting = null;

function what(command, meta = {}) {
  if (command.type === "correct") {
    const subject = meta.contestant_id ? `${contestantName(meta.contestant_id)} · ` : "";
    return `${subject}${t("cmd.correct")} ${command.supersedes.slice(0, 8)}`;
  }
  const task = taskOf(taskKeyOf(command));
  return `${contestantName(command.contestant_id)} · ${task?.name ?? command.type}`;
}

function stateLabel(item) {
  if (item.state === "sent" && item.status === "duplicate") return t("outbox.duplicate");
  return t(`outbox.${item.state}`);
}

function historyItem(item) {
  const { command } = item;
  const correctable = corrects && item.state === "sent" && command.type !== "correct";
  return h("li", {
    class: (command.contestant_id ?? item.meta?.contestant_id) === tablet.contestantId ? "current" : null,
    dataset: { commandId: command.command_id, state: item.state },
  },
  h("span", { class: "what" }, `${what(command, item.meta)}: ${valueText(command)}`),
  h("span", {},
    h("span", { class: `chip chip-${item.state}` }, stateLabel(item)),
    correctable ? h("button", { type: "button", class: "correct", onclick: () => openCorrection(command) }, t("ref.correct")) : null),
  item.error ? h("span", { class: "reason" }, rejectionText(item.error)) : null,
  h("span", { class: "meta" }, `${new Date(item.queued_at).toLocaleTimeString()} · ${command.command_id.slice(0, 8)}`));
}

export function renderHistory() {
  const items = tablet.outbox.items.slice(-SHOWN).reverse();
  mount(byId("history"), items.length ? items.map(historyItem) : h("li", { class: "muted" }, t("ref.no_marks")));
}

function openCorrection(command) {
  correcting = command;
  byId("correct-subject").textContent = command ? `${what(command)}: ${valueText(command)}` : "";
  byId("correct-id").value = command?.command_id ?? "";
  byId("correct-id").classList.toggle("hidden", Boolean(command));
  byId("correct-id-label").classList.toggle("hidden", Boolean(command));
  byId("correct-value").value = "";
  byId("correct-void").checked = false;
  byId("correct-reason").value = "";
  byId("correct-error").textContent = "";
  byId("correct-dialog").showModal();
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

export function setupCorrections(allowed) {
  corrects = allowed;
  byId("correct-any").classList.toggle("hidden", !allowed);
  byId("correct-any").onclick = () => openCorrection(null);
  byId("correct-cancel").onclick = () => byId("correct-dialog").close();
  byId("correct-form").onsubmit = (event) => {
    event.preventDefault();
    const { command, error } = correction();
    if (error) {
      byId("correct-error").textContent = error;
      return;
    }
    tablet.outbox.add(command, correcting ? { contestant_id: correcting.contestant_id } : {});
    byId("correct-dialog").close();
    toast(t("ref.queued"));
  };
}
