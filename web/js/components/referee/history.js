// The referee's own entries with their sync state and what the chief made of them
// (corrected, void, a correction asked for), and the two dialogs on an entry:
// a referee asks the chief for a correction (`request_correction`, an event in the
// log that the chief's desk lists); a chief corrects or voids it directly.
// `state.dialog` is the open dialog: `{kind: "request" | "correct", command, error}`.
import { byId, h, mount, toast } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { timeOfDay } from "../../clock.js";
import { contestantName, entryOf, sentItem, taskOf } from "./queries.js";
import { entryValueText, taskKeyOf, valueText } from "./tasks.js";

const SHOWN = 60;
const ENTRY_TYPES = new Set(["award_mark", "record_attempt", "impose_penalty"]);

function what(state, command, meta = {}) {
  if (command.type === "correct" || command.type === "request_correction") {
    const contestant = meta.contestant_id ? contestantName(state, meta.contestant_id) : "";
    const subject = meta.subject ? ` · ${meta.subject}` : "";
    return `${t(`cmd.${command.type}`)}: ${contestant}${subject}`;
  }
  const task = taskOf(state, taskKeyOf(command));
  return `${contestantName(state, command.contestant_id)} · ${task?.name ?? command.type}`;
}

function stateLabel(item) {
  if (item.state === "sent" && item.status === "duplicate") return t("outbox.duplicate");
  return t(`outbox.${item.state}`);
}

/** What the server made of a sent entry: corrected, void, a request waiting. */
function serverStatus(entry) {
  if (!entry) return null;
  if (entry.void) return h("span", { class: "chip chip-corrected", dataset: { status: "void" } }, t("ref.status.void"));
  if (entry.corrections.length) {
    return h("span", { class: "chip chip-corrected", dataset: { status: "corrected" } }, t("ref.status.corrected", { value: entryValueText(entry) }));
  }
  if (entry.requested) return h("span", { class: "chip chip-pending", dataset: { status: "requested" } }, t("ref.status.requested"));
  return null;
}

function actionButton(state, store, item, entry) {
  const { command } = item;
  if (!["sent", "recorded"].includes(item.state) || !ENTRY_TYPES.has(command.type)) return null;
  if (state.desk?.locked.has(command.contestant_id)) return null;
  const open = (kind) => () => store.set({ dialog: { kind, command, error: "" } });
  if (state.corrects) return h("button", { type: "button", class: "correct", onclick: open("correct") }, t("ref.correct"));
  if (!entry || entry.requested) return null;
  return h("button", { type: "button", class: "request", onclick: open("request") }, t("ref.request"));
}

function historyItem(state, store, item) {
  const { command } = item;
  const entry = entryOf(state, command.command_id);
  return h("li", {
    class: (command.contestant_id ?? item.meta?.contestant_id) === state.contestantId ? "current" : null,
    dataset: { commandId: command.command_id, state: item.state },
  },
  h("span", { class: "what" }, `${what(state, command, item.meta)}: ${valueText(command)}`),
  h("span", { class: "status" },
    h("span", { class: `chip chip-${item.state}` }, stateLabel(item)),
    serverStatus(entry),
    actionButton(state, store, item, entry)),
  item.error ? h("span", { class: "reason" }, rejectionText(item.error)) : null,
  h("span", { class: "meta" }, timeOfDay(item.queued_at)));
}

/** The referee's entries the server has but this tablet never sent (another device). */
function fromServer(state) {
  const queued = new Set(state.outbox.items.map((item) => item.command.command_id));
  return [...(state.desk?.mine.values() ?? [])].filter((entry) => !queued.has(entry.command_id)).map(sentItem);
}

export function renderHistory(state, store) {
  const all = [...fromServer(state), ...state.outbox.items].sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  const items = all.slice(-SHOWN).reverse();
  mount(byId("history"), items.length ? items.map((item) => historyItem(state, store, item)) : h("li", { class: "muted" }, t("ref.no_marks")));
}

function parseValue(text) {
  if (text === "true" || text === t("ref.pass")) return true;
  if (text === "false" || text === t("ref.fail")) return false;
  const number = text === "" ? Number.NaN : Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** The command the open dialog makes, or an error message. */
function dialogCommand(open) {
  const supersedes = open.command.command_id;
  const reason = byId("correct-reason").value.trim();
  if (!reason) return { error: t("ref.correct_reason") };
  if (open.kind === "request") return { command: { type: "request_correction", supersedes, reason } };
  if (byId("correct-void").checked) return { command: { type: "correct", supersedes, void: true, reason } };
  const value = parseValue(byId("correct-value").value.trim());
  if (value === undefined) return { error: t("ref.bad_number") };
  return { command: { type: "correct", supersedes, value, reason } };
}

function submitDialog(event, store) {
  event.preventDefault();
  const state = store.get();
  const open = state.dialog;
  const { command, error } = dialogCommand(open);
  if (error) {
    store.set({ dialog: { ...open, error } });
    return;
  }
  store.set({ dialog: null });
  const task = taskOf(state, taskKeyOf(open.command));
  state.outbox.add(command, { contestant_id: open.command.contestant_id, subject: task?.name ?? "" });
  toast(t("ref.queued"));
}

/** The request / correction dialog; its fields are read when it is sent. */
export function entryDialog(store) {
  const close = () => store.get().dialog && store.set({ dialog: null });
  return h("dialog", { id: "entry-dialog", onclose: close },
    h("form", { id: "entry-dialog-form", method: "dialog", class: "correct-form", onsubmit: (event) => submitDialog(event, store) },
      h("h2", { id: "dialog-title" }),
      h("p", { id: "dialog-subject", class: "muted" }),
      h("p", { id: "dialog-hint", class: "muted" }),
      h("div", { id: "dialog-change", class: "correct-form" },
        h("label", { for: "correct-value" }, t("ref.correct_value")),
        h("input", { id: "correct-value", name: "value", inputmode: "decimal" }),
        h("label", { class: "check" }, h("input", { id: "correct-void", type: "checkbox" }), " ", h("span", {}, t("ref.correct_void")))),
      h("label", { for: "correct-reason" }, t("ref.correct_reason")),
      h("textarea", { id: "correct-reason", rows: 2, maxlength: 1000 }),
      h("p", { id: "dialog-error", class: "error", role: "alert" }),
      h("div", { class: "dialog-buttons" },
        h("button", { type: "button", id: "correct-cancel", onclick: close }, t("common.cancel")),
        h("button", { type: "submit", id: "correct-submit", class: "primary" }, t("common.confirm")))));
}

/** Opened with empty fields for `state.dialog`, closed without it. */
export function renderDialog(state) {
  const dialog = byId("entry-dialog");
  const open = state.dialog;
  if (!open) {
    if (dialog.open) dialog.close();
    return;
  }
  byId("dialog-error").textContent = open.error;
  if (dialog.open) return;
  const requesting = open.kind === "request";
  byId("dialog-title").textContent = t(requesting ? "ref.request_title" : "ref.correct_title");
  byId("dialog-subject").textContent = `${what(state, open.command)}: ${valueText(open.command)}`;
  byId("dialog-hint").textContent = requesting ? t("ref.request_hint") : "";
  byId("dialog-change").classList.toggle("hidden", requesting);
  byId("correct-value").value = "";
  byId("correct-void").checked = false;
  byId("correct-reason").value = "";
  dialog.showModal();
}
