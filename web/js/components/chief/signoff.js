// Sign-off per contestant: how many entries, whether a panel or a request still
// waits, and the sign-off (asked to confirm: it locks the entry for good).
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { timeOf } from "./names.js";

export function signoffSection() {
  return h("section", { class: "card", id: "signoff" },
    h("h2", {}, t("chief.signoff.title")),
    h("div", { class: "table-wrap" }, h("table", { class: "grid compact", id: "signoff-table" },
      h("thead", {}, h("tr", {}, ["contestant", "entries", "status", "actions"].map((c) => h("th", {}, t(`chief.signoff.${c}`))))),
      h("tbody", { id: "signoff-rows" }))));
}

function contestantRow(ctx, contestant, desk) {
  const entries = desk.entries.filter((e) => e.contestant_id === contestant.id && !e.void).length;
  const waiting = desk.queue.some((p) => p.contestant_id === contestant.id) || desk.requests.some((r) => r.contestant_id === contestant.id);
  const signed = desk.signed_off[contestant.id];
  const open = () => ctx.store.set({ dialog: { kind: "sign_off", contestantId: contestant.id, error: "" } });
  return h("tr", { dataset: { contestant: contestant.id } },
    h("td", {}, contestant.name),
    h("td", { class: "num" }, entries),
    h("td", {},
      signed ? h("span", { class: "chip chip-locked" }, t("chief.signoff.signed", { time: timeOf(signed) })) : null,
      !signed && waiting ? h("span", { class: "chip chip-rescore" }, t("chief.signoff.waiting")) : null),
    h("td", {}, signed ? null : h("button", { type: "button", class: "act", dataset: { act: "sign-off" }, onclick: open }, t("chief.signoff.sign"))));
}

export function renderSignoff(ctx, { desk, names, me }) {
  const venues = me.referee?.venues ?? [];
  const contestants = [...names.contestants.values()]
    .filter((c) => c.status === "active" || c.id in desk.signed_off)
    .filter((c) => !venues.length || venues.includes(c.venue));
  mount(byId("signoff-rows"), contestants.map((contestant) => contestantRow(ctx, contestant, desk)));
}
