// The candidate's online assessment, opened on a phone from a personal link or QR code
// (`/assess/<cid>#token=...`): the questions (never their key), one answer each, then
// submit. The answers go through the persistent outbox, so a cut network keeps them
// on the phone and sends them when the network is back, exactly once: a resend under
// the same command id is a duplicate. The token moves from the fragment to this
// phone's storage, so a reload (or the phone's browser restarting) keeps the page.
// States: no link, loading, not started, the questions, sending / waiting for the
// network, submitted, rejected, ended.
import { api, ApiError, contestPath, NetworkError, tokenStore } from "../api.js";
import { byId, dropHash, h, hashParam, mount, pathParam } from "../dom.js";
import { rejectionText, t } from "../i18n.js";
import { Outbox } from "../outbox.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const cid = pathParam("assess");
const tokens = tokenStore("assess", cid);
if (hashParam("token")) {
  tokens.set(hashParam("token"));
  dropHash();
}
const token = tokens.get();
const PAPER_KEY = `judging.assess.paper.${cid}`;
const RETRIED = new Set([401, 408, 429]);
const REFRESH_MS = 5000;

/** The tablet's outbox, sending each queued answer set to the candidate's endpoint. */
class AnswersOutbox extends Outbox {
  async send(batch) {
    for (const item of batch) {
      let result;
      try {
        result = await api(contestPath(this.cid, "candidates", "answers"), { method: "POST", token: this.getToken(), body: item.command });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) this.onAuthError(error);
        if (!(error instanceof ApiError) || error.status >= 500 || RETRIED.has(error.status)) throw error;
        result = { command_id: item.command.command_id, status: "rejected", error: { code: error.code, message: error.message } };
      }
      this.settle(item, result);
      this.save();
    }
  }
}

const store = createStore({
  paper: null, // the questions as the server sent them (or as saved, offline)
  offline: false,
  error: null,
  values: {}, // aspect id -> option index
  outbox: null,
  online: navigator.onLine,
});

function open(paper) {
  return paper.questions.filter((question) => !question.answered);
}

function choose(aspectId, index) {
  store.set(({ values }) => ({ values: { ...values, [aspectId]: index } }));
}

function questionCard(question, number) {
  return h("section", { class: "card assess-question", dataset: { question: question.aspect_id } },
    h("h2", {}, h("span", {}, t("assess.question", { n: number })), h("span", {}, question.criterion)),
    h("p", { class: "assess-prompt" }, question.prompt),
    h("div", { class: "assess-options", role: "group", "aria-label": question.prompt },
      question.options.map((option, index) => h("button", {
        type: "button", class: "assess-option", "aria-pressed": "false",
        dataset: { field: question.aspect_id, value: String(index) },
        onclick: () => choose(question.aspect_id, index),
      }, h("span", { class: "assess-option-key" }, String.fromCharCode(65 + index)), option))));
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", { id: "assess-title" }, t("assess.title")), languageSwitch()),
    h("main", { class: "page narrow assess-page" },
      h("p", { id: "assess-status", class: "assess-status", role: "status", "aria-live": "polite" }),
      h("p", { id: "assess-intro", class: "assess-intro" }),
      h("div", { id: "assess-form" }),
      h("div", { id: "assess-bar", class: "assess-bar hidden" },
        h("span", { id: "assess-left", class: "muted" }),
        h("button", { type: "button", id: "assess-submit", class: "primary", onclick: submit }, t("assess.submit")))),
  ];
}

function missing(state) {
  return state.paper ? open(state.paper).filter((q) => !(q.aspect_id in state.values)).length : 0;
}

function submit() {
  const state = store.get();
  if (!state.paper || missing(state) > 0 || !state.outbox || state.outbox.pending().length > 0) return;
  const answers = Object.fromEntries(open(state.paper).map((q) => [q.aspect_id, state.values[q.aspect_id]]));
  state.outbox.add({ answers });
}

/** What the page shows: the outbox first (answers queued here), then the paper. */
function phase(state) {
  if (!token || !cid) return "no_token";
  const item = state.outbox?.items.at(-1);
  if (item?.state === "pending") return state.online ? "sending" : "waiting";
  if (item?.state === "sent") return "submitted";
  if (item?.state === "rejected" && item.error?.code !== "already_answered") return "rejected";
  if (state.error && !state.paper) return "error";
  if (!state.paper) return "loading";
  if (state.paper.questions.length === 0) return "no_questions";
  if (open(state.paper).length === 0 || item?.state === "rejected") return "submitted";
  if (state.paper.state.ended) return "ended";
  if (!state.paper.state.started) return "not_started";
  return "form";
}

const STATUS = {
  no_token: ["assess.no_token", "bad"],
  loading: ["assess.loading", "muted"],
  not_started: ["assess.not_started", "warn"],
  sending: ["assess.sending", "warn"],
  waiting: ["assess.waiting", "warn"],
  submitted: ["assess.submitted", "ok"],
  ended: ["assess.ended", "bad"],
  no_questions: ["assess.no_questions", "bad"],
};

function statusText(state, now) {
  if (now === "rejected") return t("assess.rejected", { reason: rejectionText(state.outbox.items.at(-1).error) });
  if (now === "error") return rejectionText(state.error);
  if (now === "form") return state.offline ? t("assess.offline_paper") : "";
  return t(STATUS[now][0]);
}

function renderValues(state) {
  for (const button of document.querySelectorAll("[data-field]")) {
    const chosen = state.values[button.dataset.field];
    button.setAttribute("aria-pressed", String(chosen !== undefined && String(chosen) === button.dataset.value));
  }
  const left = missing(state);
  byId("assess-left").textContent = left ? t("assess.left", { n: left }) : "";
  byId("assess-submit").disabled = left > 0;
}

function render(state, changes) {
  const now = phase(state);
  const status = byId("assess-status");
  status.textContent = statusText(state, now);
  status.dataset.phase = now;
  status.className = `assess-status assess-${STATUS[now]?.[1] ?? (now === "form" ? "muted" : "bad")}`;
  if (touched(changes, "paper") && state.paper) {
    const paper = state.paper;
    document.title = `${paper.title} · ${t("assess.title")}`;
    byId("assess-title").textContent = paper.title;
    byId("assess-intro").textContent = t("assess.intro", { name: paper.name });
    mount(byId("assess-form"), open(paper).map((question) => questionCard(question, paper.questions.indexOf(question) + 1)));
  }
  const showForm = now === "form";
  byId("assess-intro").classList.toggle("hidden", !showForm);
  byId("assess-form").classList.toggle("hidden", !showForm);
  byId("assess-bar").classList.toggle("hidden", !showForm);
  if (showForm) renderValues(state);
}

async function loadPaper() {
  try {
    const paper = await api(contestPath(cid, "candidates", "me"), { token });
    localStorage.setItem(PAPER_KEY, JSON.stringify(paper));
    const changed = JSON.stringify(paper) !== JSON.stringify(store.get().paper);
    store.set({ ...(changed ? { paper } : {}), error: null, offline: false });
    if (!paper.state.started) return setTimeout(loadPaper, REFRESH_MS);
  } catch (error) {
    const saved = error instanceof NetworkError ? localStorage.getItem(PAPER_KEY) : null;
    if (saved && !store.get().paper) store.set({ paper: JSON.parse(saved), offline: true });
    else if (!saved) store.set({ error: { code: error.code, message: error.message } });
    if (error instanceof NetworkError) setTimeout(loadPaper, REFRESH_MS);
  }
  return null;
}

async function main() {
  await startPage({ style: "assess", layout, store, render });
  if (!token || !cid) return;
  const outbox = new AnswersOutbox({
    cid, owner: `assess.${token.slice(-12)}`, getToken: () => token,
    onChange: (changed) => store.set({ outbox: changed }),
  });
  store.set({ outbox });
  window.addEventListener("online", () => store.set({ online: true }));
  window.addEventListener("offline", () => store.set({ online: false }));
  outbox.start();
  await loadPaper();
}

main();
