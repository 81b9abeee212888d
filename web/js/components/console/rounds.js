// Results and rounds of the open contest: once finalized, its award list and
// certificates; `advance {to}` to each later round of its event (a round whose
// definition has `round`), and `reopen {reason}` to correct finalized results.
// Rejections are shown by their code in the page's language.
// State: `rounds: {list, advancement, busy, result, confirming}`; list is the event's
// rounds (GET /api/contests/{cid}/rounds), advancement the standings' (who advances, to
// where, projected or done), busy the command on its way, result
// `{type, to?, outcome}` or `{type, to?, error}`, confirming "reopen" while asked.
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { rejectionText, t } from "../../i18n.js";
import { newCommandId } from "../../outbox.js";

export const ROUNDS = { list: [], advancement: null, busy: null, result: null, confirming: null };

/** The rounds of the open contest's event ([] when it is no round) and who advances. */
export async function loadRounds(ctx) {
  const { cid, token, detail } = ctx.store.get();
  if (!detail?.definition?.round) return;
  try {
    const [{ rounds }, standings] = await Promise.all([
      api(contestPath(cid, "rounds"), { token }),
      detail.definition.advancement ? api(contestPath(cid, "standings"), { token }) : null,
    ]);
    if (ctx.store.get().cid === cid) ctx.store.update("rounds", { list: rounds ?? [], advancement: standings?.advancement ?? null });
  } catch {
    /* the rounds are optional: the section still offers re-open */
  }
}

async function send(ctx, command) {
  const { cid, token } = ctx.store.get();
  ctx.store.update("rounds", { busy: command.type, confirming: null });
  const result = { type: command.type, to: command.to ?? null };
  try {
    const body = [{ command_id: newCommandId(), ...command }];
    const { results: [outcome] } = await api(contestPath(cid, "commands"), { token, method: "POST", body });
    ctx.store.update("rounds", { busy: null, result: { ...result, outcome } });
    await ctx.refresh();
    await loadRounds(ctx);
  } catch (error) {
    ctx.store.update("rounds", { busy: null, result: { ...result, error } });
  }
}

function reopen(ctx) {
  const reason = byId("reopen-reason").value.trim();
  if (!reason) {
    ctx.store.update("rounds", { confirming: null, result: { type: "reopen", error: { code: "reason_required", message: "" } } });
    return;
  }
  send(ctx, { type: "reopen", reason });
}

function askReopen(ctx) {
  if (!byId("reopen-reason").value.trim()) reopen(ctx);
  else ctx.store.update("rounds", { confirming: "reopen", result: null });
}

function failureText(failure) {
  if (failure.code === "reason_required") return t("console.rounds.reason_required");
  return rejectionText(failure);
}

function resultView({ type, to, outcome, error }, names) {
  const action = type === "advance" ? t("console.rounds.advance_to", { title: names.get(to) ?? to }) : t("console.rounds.reopen");
  const failure = error ?? (outcome.status === "rejected" ? outcome.error : null);
  if (failure) {
    const text = failureText(failure);
    return h("span", { class: "error", dataset: { code: failure.code } }, action, ": ", text,
      failure.message && failure.message !== text ? h("span", { class: "detail" }, ` (${failure.message})`) : null);
  }
  return h("span", { class: "ok" }, t("console.life.done", { action, position: outcome.position }));
}

export function roundsSection(ctx) {
  return h("section", { class: "card", id: "results" },
    h("h2", {}, t("console.rounds.title")),
    h("p", { id: "results-links", class: "result-links" }),
    h("div", { id: "advance", class: "hidden" },
      h("h3", { class: "sub-title" }, t("console.rounds.advance_title")),
      h("p", { id: "advance-note", class: "muted small" }),
      h("div", { id: "advance-buttons", class: "actions" })),
    h("div", { id: "reopen", class: "reopen" },
      h("h3", { class: "sub-title" }, t("console.rounds.reopen_title")),
      h("label", { class: "base-url" }, t("console.rounds.reason"),
        h("input", { id: "reopen-reason", type: "text", maxlength: 1000, autocomplete: "off", placeholder: t("console.rounds.reason_hint") })),
      h("div", { class: "actions" },
        h("button", { type: "button", id: "reopen-button", dataset: { command: "reopen" }, onclick: () => askReopen(ctx) }, t("console.rounds.reopen")))),
    h("div", { id: "reopen-confirm", class: "confirm hidden", role: "alertdialog" },
      h("p", {}, t("console.rounds.confirm_reopen")),
      h("div", { class: "actions" },
        h("button", { type: "button", id: "reopen-cancel", onclick: () => ctx.store.update("rounds", { confirming: null }) }, t("common.cancel")),
        h("button", { type: "button", id: "reopen-confirm-button", class: "primary danger", onclick: () => reopen(ctx) }, t("console.rounds.reopen")))),
    h("p", { id: "results-result", "aria-live": "polite" }));
}

function resultLinks(detail) {
  const id = encodeURIComponent(detail.id);
  if (!detail.state.finalized) return [h("span", { class: "muted" }, t("console.rounds.not_final"))];
  return [
    h("a", { href: `/awards/${id}`, target: "_blank", id: "awards-link" }, t("awards.title")),
    h("a", { href: `/certificates/${id}`, target: "_blank", id: "certificates-link" }, t("awards.certificates")),
  ];
}

/** The later rounds of the event: the places `advance` may send this one's finalists. */
function laterRounds(list, detail) {
  const order = detail.definition.round?.order ?? 0;
  return list.filter((round) => round.contest_id !== detail.id && round.order > order);
}

function advanceNote(detail, later, advancement) {
  if (!detail.definition.advancement) return t("reject.no_advancement_rule");
  if (!later.length) return t("console.rounds.no_later");
  if (advancement && !advancement.projected) return t("rounds.cut_done", { n: (advancement.contestants ?? []).length });
  const note = detail.state.finalized ? t("console.rounds.advance_hint") : t("reject.round_not_final");
  return advancement ? `${note} ${t("rounds.cut_projected", { n: (advancement.contestants ?? []).length })}` : note;
}

export function renderRounds(ctx, { rounds, detail }) {
  const finalized = Boolean(detail.state.finalized);
  const busy = Boolean(rounds.busy) || Boolean(rounds.confirming);
  mount(byId("results-links"), resultLinks(detail));
  const isRound = Boolean(detail.definition.round);
  const later = laterRounds(rounds.list, detail);
  byId("advance").classList.toggle("hidden", !isRound || (!later.length && !detail.definition.advancement));
  const advanced = rounds.advancement && !rounds.advancement.projected ? rounds.advancement.to : null;
  byId("advance-note").textContent = isRound ? advanceNote(detail, later, rounds.advancement) : "";
  mount(byId("advance-buttons"), later.map((round) => h("button", {
    type: "button",
    class: finalized && round.contest_id !== advanced ? "primary" : null,
    dataset: { command: "advance", to: round.contest_id },
    disabled: !finalized || busy || !detail.definition.advancement,
    title: `${round.title} · ${t(`state.${round.state}`)}`,
    onclick: () => send(ctx, { type: "advance", to: round.contest_id }),
  }, t("console.rounds.advance_to", { title: round.title || t("rounds.round", { order: round.order }) }))));
  byId("reopen-button").disabled = !finalized || busy;
  byId("reopen-confirm").classList.toggle("hidden", rounds.confirming !== "reopen");
  const names = new Map(rounds.list.map((round) => [round.contest_id, round.title]));
  mount(byId("results-result"), rounds.result ? resultView(rounds.result, names) : null);
}

