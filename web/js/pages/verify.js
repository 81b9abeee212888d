// Verify an award: `/verify/<code>` asks the server to recompute the hash of the log
// event the code names (from its stored data and the event before it) and shows the
// award with the log position that proves it, or says plainly that the proof fails.
import { api } from "../api.js";
import { byId, h, mount, pathParam } from "../dom.js";
import { has, t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore } from "../store.js";

const code = pathParam("verify");
const store = createStore({ proof: null, error: null });

function field(label, ...value) {
  return [h("dt", {}, t(label)), h("dd", {}, ...value)];
}

function hashLine(label, value, id) {
  return field(label, h("code", { class: "hash", id }, value));
}

function verdict(proof) {
  if (!proof.holds) {
    return h("div", { class: "verdict verdict-bad", id: "verdict", dataset: { holds: "false" } },
      h("strong", {}, t("verify.fails")),
      h("p", {}, t(`verify.reason.${proof.reason}`)));
  }
  return h("div", { class: "verdict verdict-ok", id: "verdict", dataset: { holds: "true" } },
    h("strong", {}, t("verify.holds")),
    h("p", {}, t("verify.holds_detail", { position: proof.position })));
}

function awardPart(proof) {
  if (!proof.award) return h("p", { class: "muted" }, t("verify.no_award"));
  const who = proof.contestant;
  const contest = proof.contest;
  return h("dl", { class: "facts", id: "award" },
    field("verify.award", h("strong", { class: "award-name" }, proof.award.award_name ?? proof.award.award_id)),
    field("verify.contestant", h("strong", {}, who.name ?? who.id), who.organization ? h("span", { class: "muted" }, ` · ${who.organization}`) : ""),
    field("verify.rank", String(proof.award.rank)),
    field("verify.contest", contest ? h("a", { href: `/awards/${encodeURIComponent(contest.id)}` }, contest.title ?? contest.id) : "–"));
}

function proofPart(proof) {
  return h("section", { class: "card", id: "proof" }, h("h2", {}, t("verify.proof")),
    h("dl", { class: "facts" },
      field("verify.code", h("code", {}, proof.code)),
      field("verify.position", h("strong", { id: "proof-position" }, String(proof.position)), h("span", { class: "muted" }, ` · ${t("verify.award_index", { index: proof.index })}`)),
      hashLine("verify.stored_hash", proof.stored_hash, "stored-hash"),
      hashLine("verify.computed_hash", proof.computed_hash, "computed-hash"),
      hashLine("verify.prev_hash", proof.prev_hash, "prev-hash")),
    h("p", { class: "muted small" }, t("verify.how")));
}

function result({ proof, error }) {
  if (error) {
    const key = `verify.error.${error.code}`;
    return h("div", { class: "verdict verdict-bad", id: "verdict", dataset: { holds: "error" } },
      h("strong", {}, t("verify.fails")), h("p", {}, has(key) ? t(key) : error.message));
  }
  if (!proof) return h("p", { class: "muted" }, t("common.loading"));
  return [
    verdict(proof),
    proof.superseded && proof.award ? h("p", { class: "chip chip-pending", id: "superseded" }, t("verify.superseded")) : "",
    h("section", { class: proof.holds ? "card" : "card unproven" }, awardPart(proof)),
    proofPart(proof),
  ];
}

function lookup(event) {
  event.preventDefault();
  const typed = byId("code-input").value.trim();
  if (typed) location.assign(`/verify/${encodeURIComponent(typed)}`);
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", {}, t("verify.title")), navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "page narrow verify-page" },
      h("div", { id: "result" }),
      h("form", { class: "card lookup", onsubmit: lookup },
        h("label", { for: "code-input" }, t("verify.another")),
        h("input", { id: "code-input", autocomplete: "off", spellcheck: "false", placeholder: "1207-3-9F2AB81C0D3E-K", value: code ?? "" }),
        h("button", { type: "submit", class: "primary" }, t("verify.check")))),
  ];
}

function render(state) {
  mount(byId("result"), result(state));
}

async function main() {
  await startPage({ style: "print", bodyClass: "paper", layout, store, render });
  if (!code) return store.set({ error: { code: "verification_code_invalid", message: "" } });
  try {
    store.set({ proof: await api(`/api/verify/${encodeURIComponent(code)}`) });
  } catch (error) {
    store.set({ error: { code: error.code, message: error.message } });
  }
}

main();
