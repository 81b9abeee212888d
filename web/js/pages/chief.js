// The chief's desk: every mark of the contest with its referee, time and status; one
// click to correct or void (with a reason, no id to type); the re-score queue of
// panels over their spread; the referees' correction requests; sign-off per
// contestant; the judge consistency table. Live: every move of the live board (over
// the websocket) reads the desk document again (`GET .../desk`).
import { api, ApiError, contestPath, tokenStore } from "../api.js";
import { chiefDialog, renderDialog } from "../components/chief/dialog.js";
import { FILTERS, marksSection, renderMarks } from "../components/chief/marks.js";
import { namesOf } from "../components/chief/names.js";
import { queueSection, renderQueue } from "../components/chief/queue.js";
import { renderRequests, requestsSection } from "../components/chief/requests.js";
import { renderSignoff, signoffSection } from "../components/chief/signoff.js";
import { JUDGES, judgesSection, loadJudges, renderJudges } from "../components/console/judges.js";
import { byId, connectionBadge, dropHash, h, hashParam, lifecycleKey, mount, pathParam } from "../dom.js";
import { rejectionText, t } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const cid = pathParam("chief");
const tokens = tokenStore("chief", cid);
const conn = connectionBadge();
const DESK_PERIOD_MS = 15000;

const store = createStore({
  view: null, // "signin" | "desk"
  signinError: "",
  token: null,
  cid,
  me: null,
  detail: null,
  names: null,
  desk: null,
  filters: FILTERS,
  dialog: null,
  sending: false,
  message: null, // {kind: "ok" | "error", text, detail?}
  judges: JUDGES,
  connection: null,
});

/** The desk document again; at most one request at a time (a newer wish waits). */
let reading = null;
let readAgain = false;
async function readDesk() {
  if (reading) {
    readAgain = true;
    return reading;
  }
  const { token } = store.get();
  reading = Promise.all([api(contestPath(cid, "desk"), { token }), api(contestPath(cid), { token })])
    .then(([desk, detail]) => store.set({ desk, detail, names: namesOf(detail) }))
    .catch((error) => store.set({ message: { kind: "error", text: rejectionText(error), detail: error.message } }))
    .finally(() => {
      reading = null;
      if (readAgain) {
        readAgain = false;
        readDesk();
      }
    });
  return reading;
}

const ctx = { store, readDesk };

function signInForm() {
  const submit = (event) => {
    event.preventDefault();
    signIn(byId("token").value.trim());
  };
  return h("main", { id: "signin", class: "page narrow hidden" },
    h("form", { class: "card signin", onsubmit: submit },
      h("h2", {}, t("chief.sign.title")),
      h("label", { for: "token" }, t("sign.token")),
      h("input", { id: "token", type: "password", autocomplete: "off", required: true }),
      h("p", { class: "muted" }, t("chief.sign.hint")),
      h("p", { id: "signin-error", class: "error", role: "alert" }),
      h("button", { type: "submit", class: "primary" }, t("sign.submit"))));
}

function layout() {
  return [
    h("header", { class: "topbar" },
      h("h1", { id: "title" }, t("chief.title")),
      h("span", { id: "contest-state", class: "chip chip-sent hidden" }),
      h("span", { id: "who", class: "who" }),
      h("span", { id: "conn" }, conn),
      languageSwitch(),
      h("button", { id: "signout", type: "button", class: "hidden", onclick: signOut }, t("sign.out"))),
    signInForm(),
    h("main", { id: "desk", class: "desk-layout hidden" }),
    chiefDialog(ctx),
  ];
}

/** The desk's sections, laid out once the contest's names are known. */
function layoutDesk({ names }) {
  mount(byId("desk"),
    h("div", { id: "desk-message", role: "status", "aria-live": "polite" }),
    h("div", { class: "desk-main" }, marksSection(ctx, names)),
    h("aside", { class: "desk-side" }, queueSection(), requestsSection(), signoffSection(), judgesSection(ctx)));
}

function renderMessage({ message }) {
  const element = byId("desk-message");
  if (!element) return;
  mount(element, message
    ? h("p", { class: message.kind === "ok" ? "ok" : "error", dataset: { code: message.code ?? null } },
      message.text, message.detail && message.detail !== message.text ? h("span", { class: "detail" }, ` (${message.detail})`) : null)
    : null);
}

function renderFrame(state) {
  byId("signin").classList.toggle("hidden", state.view !== "signin");
  byId("desk").classList.toggle("hidden", state.view !== "desk");
  byId("signout").classList.toggle("hidden", state.view !== "desk");
  byId("signin-error").textContent = state.signinError;
  if (state.connection) conn.update(state.connection);
  if (!state.detail) return;
  byId("title").textContent = `${t("chief.title")} · ${state.detail.definition.title}`;
  const chip = byId("contest-state");
  chip.textContent = t(lifecycleKey(state.detail.state));
  chip.classList.remove("hidden");
  byId("who").textContent = `${state.me.referee?.name ?? state.me.subject_id} · ${t(`role.${state.me.role}`)}`;
}

let laidOut = false;
function render(state, changes) {
  renderFrame(state);
  if (state.view !== "desk" || !state.desk || !state.names) return;
  if (!laidOut) {
    layoutDesk(state);
    laidOut = true;
    changes = null; // draw every section once
  }
  const doc = touched(changes, "desk", "names");
  if (doc || touched(changes, "filters")) renderMarks(ctx, state);
  if (doc) {
    renderQueue(ctx, state);
    renderRequests(ctx, state);
    renderSignoff(ctx, state);
  }
  if (touched(changes, "judges")) renderJudges(state);
  if (touched(changes, "dialog", "names")) renderDialog(state);
  if (touched(changes, "message")) renderMessage(state);
  for (const button of byId("desk").querySelectorAll("button.act, button.fix")) button.disabled = state.sending;
}

function showSignIn(message = "") {
  store.set({ view: "signin", signinError: message });
  byId("token").focus();
}

async function signIn(token) {
  let me;
  try {
    me = await api("/api/me", { token });
  } catch (error) {
    showSignIn(error instanceof ApiError && error.status === 401 ? t("sign.bad_token") : rejectionText(error));
    return;
  }
  if (!["chief", "organizer"].includes(me.role)) {
    showSignIn(t("chief.sign.wrong_role", { role: t(`role.${me.role}`) }));
    return;
  }
  if (me.contest_id !== null && me.contest_id !== cid) {
    showSignIn(t("sign.wrong_contest"));
    return;
  }
  tokens.set(token);
  store.set({ view: "desk", token, me, signinError: "" });
  await readDesk();
  loadJudges(ctx);
  setInterval(readDesk, DESK_PERIOD_MS);
  new LiveStandings({
    cid,
    view: "live",
    token,
    onData: () => {
      readDesk();
      loadJudges(ctx);
    },
    onState: (connection) => store.set({ connection }),
  }).start();
}

function signOut() {
  tokens.clear();
  location.reload();
}

async function main() {
  const fromLink = hashParam("token");
  if (fromLink) {
    tokens.set(fromLink);
    dropHash();
  }
  await startPage({ style: "chief", bodyClass: "chief", layout, store, render });
  const token = tokens.get();
  if (token) await signIn(token);
  else showSignIn();
}

main();
