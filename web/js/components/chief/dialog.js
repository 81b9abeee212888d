// The chief's one dialog: correct an entry (a new value), void it, or sign off a
// contestant, each with what it will do in words; a reason is required to change an
// entry. State: `dialog: {kind: "correct" | "void" | "sign_off", entry?, contestantId?,
// value?, error}`.
import { byId, h } from "../../dom.js";
import { t } from "../../i18n.js";
import { contestantName, entryValue, refereeName, subjectName, valueWords } from "./names.js";
import { sendCommand } from "./send.js";

function parsed(text) {
  if (text === "true" || text === t("ref.pass")) return true;
  if (text === "false" || text === t("ref.fail")) return false;
  const number = text === "" ? Number.NaN : Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** The aspect's allowed values (judgement scale, or a direct measurement's 0..max). */
function rangeOf(aspect) {
  if (!aspect) return null;
  if ((aspect.type ?? "judgement") === "judgement") {
    const [lo, hi] = aspect.scale ?? [0, aspect.max];
    return { lo, hi };
  }
  return (aspect.rule?.kind ?? "direct") === "direct" ? { lo: 0, hi: aspect.max } : null;
}

function commandOf(state) {
  const { dialog, names } = state;
  if (dialog.kind === "sign_off") return { command: { type: "sign_off", contestant_id: dialog.contestantId } };
  const reason = byId("chief-reason").value.trim();
  if (!reason) return { error: t("ref.correct_reason") };
  const supersedes = dialog.entry.command_id;
  if (dialog.kind === "void") return { command: { type: "correct", supersedes, void: true, reason } };
  const value = parsed(byId("chief-value").value.trim());
  if (value === undefined) return { error: t("ref.bad_number") };
  const range = typeof value === "number" ? rangeOf(names.aspects.get(dialog.entry.subject_id)) : null;
  if (range && (value < range.lo || value > range.hi)) {
    return { error: t("ref.out_of_range", { value, lo: range.lo, hi: range.hi }) };
  }
  return { command: { type: "correct", supersedes, value, reason } };
}

function doneText(state, command) {
  const name = contestantName(state.names, command.contestant_id ?? state.dialog.entry?.contestant_id);
  if (command.type === "sign_off") return t("chief.done.signed_off", { name });
  if (command.void) return t("chief.done.voided", { name });
  return t("chief.done.corrected", { name, value: valueWords(command.value) });
}

async function submit(event, ctx) {
  event.preventDefault();
  const state = ctx.store.get();
  const { command, error } = commandOf(state);
  if (error) {
    ctx.store.update("dialog", { error });
    return;
  }
  const text = doneText(state, command);
  ctx.store.set({ dialog: null });
  await sendCommand(ctx, command, text);
}

export function chiefDialog(ctx) {
  const close = () => ctx.store.get().dialog && ctx.store.set({ dialog: null });
  return h("dialog", { id: "chief-dialog", onclose: close },
    h("form", { id: "chief-form", method: "dialog", class: "chief-form", onsubmit: (event) => submit(event, ctx) },
      h("h2", { id: "chief-dialog-title" }),
      h("p", { id: "chief-dialog-subject" }),
      h("p", { id: "chief-dialog-effect", class: "muted" }),
      h("label", { id: "chief-value-label", for: "chief-value" }, t("ref.correct_value")),
      h("input", { id: "chief-value", inputmode: "decimal", autocomplete: "off" }),
      h("label", { id: "chief-reason-label", for: "chief-reason" }, t("ref.correct_reason")),
      h("textarea", { id: "chief-reason", rows: 2, maxlength: 1000 }),
      h("p", { id: "chief-dialog-error", class: "error", role: "alert" }),
      h("div", { class: "dialog-buttons" },
        h("button", { type: "button", id: "chief-cancel", onclick: close }, t("common.cancel")),
        h("button", { type: "submit", id: "chief-confirm", class: "primary" }, t("common.confirm")))));
}

function subjectLine(names, entry) {
  return [
    contestantName(names, entry.contestant_id), subjectName(names, entry.subject_id),
    refereeName(names, entry.referee_id), entryValue(entry),
  ].join(" · ");
}

export function renderDialog({ dialog, names }) {
  const element = byId("chief-dialog");
  if (!dialog) {
    if (element.open) element.close();
    return;
  }
  byId("chief-dialog-error").textContent = dialog.error ?? "";
  if (element.open) return;
  const signing = dialog.kind === "sign_off";
  byId("chief-dialog-title").textContent = t(`chief.dialog.${dialog.kind}`);
  byId("chief-dialog-subject").textContent = signing ? contestantName(names, dialog.contestantId) : subjectLine(names, dialog.entry);
  byId("chief-dialog-effect").textContent = t(`chief.effect.${dialog.kind}`);
  for (const id of ["chief-value", "chief-value-label"]) byId(id).classList.toggle("hidden", dialog.kind !== "correct");
  for (const id of ["chief-reason", "chief-reason-label"]) byId(id).classList.toggle("hidden", signing);
  byId("chief-value").value = dialog.value ?? "";
  byId("chief-reason").value = dialog.reason ?? "";
  element.showModal();
}
