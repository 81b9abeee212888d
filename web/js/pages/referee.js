// The referee tablet: sign in by token, pick a contestant and a task, enter the value;
// commands go through the persistent outbox, so marking works on flaky venue Wi-Fi.
// The tablet document (`GET .../tablet`: panel progress, entries awaiting re-score, the
// referee's own entries as the chief left them) is read again whenever the live board
// moves, an answer comes back, and every half minute. No contestant's total is shown.
import { api, ApiError, contestPath, NetworkError, tokenStore } from "../api.js";
import { EMPTY_ENTRY, renderEntry } from "../components/referee/entry.js";
import { entryDialog, renderDialog, renderHistory } from "../components/referee/history.js";
import { awaitsRescore, indexDesk, latestFor, panelOf } from "../components/referee/queries.js";
import { atVenues, tasksFor } from "../components/referee/tasks.js";
import { byId, connectionBadge, dropHash, h, hashParam, mount, pathParam } from "../dom.js";
import { t } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { Outbox } from "../outbox.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const cid = pathParam("referee");
const tokens = tokenStore("referee", cid);
const conn = connectionBadge();
const CACHE_KEY = `judging.tablet.${cid}`;
const DESK_PERIOD_MS = 30000;
const store = createStore({
  view: null, // "signin" | "workspace"; neither until the token is checked
  signinError: "",
  title: "…",
  who: "",
  me: null,
  contestants: [],
  tasks: [],
  desk: null, // the tablet document, indexed (queries.indexDesk)
  outbox: null,
  corrects: false,
  dialog: null,
  contestantId: null,
  taskKey: null,
  query: "",
  connection: null, // the live connection's state, once it reports one
  ...EMPTY_ENTRY,
});

function signInForm() {
  const submit = (event) => {
    event.preventDefault();
    signIn(byId("token").value.trim());
  };
  return h("main", { id: "signin", class: "page narrow hidden" },
    h("form", { id: "signin-form", class: "card signin", onsubmit: submit },
      h("h2", {}, t("sign.title")),
      h("label", { for: "token" }, t("sign.token")),
      h("input", { id: "token", name: "token", type: "password", autocomplete: "off", required: true }),
      h("p", { class: "muted" }, t("sign.token_hint")),
      h("p", { id: "signin-error", class: "error", role: "alert" }),
      h("button", { type: "submit", class: "primary big" }, t("sign.submit"))));
}

function workspace() {
  return h("main", { id: "workspace", class: "workspace hidden" },
    h("section", { class: "column contestants" },
      h("h2", {}, t("ref.contestant")),
      h("input", { id: "search", type: "search", placeholder: t("common.search"), oninput: (event) => store.set({ query: event.target.value }) }),
      h("div", { id: "contestant-list", class: "pick-list" })),
    h("section", { class: "column tasks" }, h("h2", {}, t("ref.aspect")), h("div", { id: "task-list", class: "pick-list" })),
    h("section", { class: "column entry" },
      h("div", { id: "entry", class: "card entry-card" }),
      h("div", { class: "history-head" },
        h("h2", {}, t("ref.my_marks")),
        h("a", { id: "chief-desk", class: "hidden", href: `/chief/${encodeURIComponent(cid)}` }, t("ref.chief_desk"))),
      h("ol", { id: "history", class: "history" })));
}

function layout() {
  return [
    h("header", { class: "topbar" },
      h("h1", { id: "title" }),
      h("span", { id: "who", class: "who" }),
      h("span", { id: "sync", class: "sync" }),
      h("span", { id: "conn" }, conn),
      languageSwitch(),
      h("button", { id: "signout", type: "button", class: "hidden", onclick: signOut }, t("sign.out"))),
    signInForm(),
    workspace(),
    entryDialog(store),
    h("div", { id: "toast", class: "toast", role: "status", "aria-live": "polite" }),
  ];
}

/** Pick a contestant or a task; a new pair starts with an empty entry. */
function pick(patch) {
  store.set(({ contestantId, taskKey }) => {
    const same = (patch.contestantId ?? contestantId) === contestantId && (patch.taskKey ?? taskKey) === taskKey;
    return same ? patch : { ...patch, ...EMPTY_ENTRY };
  });
}

function contestantButton(state, contestant, scoped) {
  const marked = scoped.filter((task) => latestFor(state, contestant.id, task.key)).length;
  const rescore = awaitsRescore(state, contestant.id);
  const locked = state.desk?.locked.has(contestant.id);
  return h("button", {
    type: "button",
    class: ["pick", contestant.status && contestant.status !== "active" ? "out" : null],
    "aria-pressed": String(contestant.id === state.contestantId),
    dataset: { contestant: contestant.id, rescore: rescore ? "true" : null },
    onclick: () => pick({ contestantId: contestant.id }),
  },
  h("span", {}, contestant.name),
  h("span", { class: "chips" },
    rescore ? h("span", { class: "chip chip-rescore" }, t("ref.rescore")) : null,
    locked ? h("span", { class: "chip chip-locked" }, t("ref.locked")) : null,
    h("span", { class: "chip chip-sent" }, `${marked}/${scoped.length}`)),
  h("span", { class: "sub" }, [contestant.id, contestant.organization].filter(Boolean).join(" · ")));
}

function renderContestants(state) {
  const query = state.query.trim().toLowerCase();
  const scoped = state.tasks.filter((task) => task.kind === "aspect");
  const visible = state.contestants.filter((c) => !query || `${c.id} ${c.name} ${c.organization ?? ""}`.toLowerCase().includes(query));
  mount(byId("contestant-list"), visible.length
    ? visible.map((contestant) => contestantButton(state, contestant, scoped))
    : h("p", { class: "muted" }, t("ref.no_contestants")));
}

function renderTasks(state) {
  const items = [];
  let group = null;
  for (const task of state.tasks) {
    if (task.group !== group) {
      group = task.group;
      items.push(h("div", { class: "group" }, group));
    }
    const latest = state.contestantId ? latestFor(state, state.contestantId, task.key) : null;
    const panel = state.contestantId && task.kind === "aspect" ? panelOf(state, state.contestantId, task.id) : null;
    items.push(h("button", {
      type: "button",
      class: "pick",
      "aria-pressed": String(task.key === state.taskKey),
      dataset: { task: task.key },
      onclick: () => pick({ taskKey: task.key }),
    },
    h("span", {}, task.name),
    h("span", { class: "chips" },
      panel?.rescore ? h("span", { class: "chip chip-rescore" }, t("ref.rescore")) : null,
      panel ? h("span", { class: "chip chip-progress", dataset: { panel: `${panel.marked}/${panel.size}` } }, `${panel.marked}/${panel.size}`) : null,
      latest ? h("span", { class: `chip chip-${latest.state}` }, t("ref.marked")) : null)));
  }
  mount(byId("task-list"), items);
}

function renderSync(state) {
  const counts = state.outbox.counts();
  mount(byId("sync"),
    h("span", { class: "chip chip-pending", dataset: { count: counts.pending }, id: "sync-pending" }, `${t("outbox.pending")} ${counts.pending}`),
    h("span", { class: "chip chip-sent", id: "sync-sent" }, `${t("outbox.sent")} ${counts.sent}`),
    h("span", { class: "chip chip-rejected", id: "sync-rejected" }, `${t("outbox.rejected")} ${counts.rejected}`));
}

function renderFrame(state) {
  byId("title").textContent = state.title;
  byId("who").textContent = state.who;
  if (state.connection) conn.update(state.connection);
  byId("signin").classList.toggle("hidden", state.view !== "signin");
  byId("workspace").classList.toggle("hidden", state.view !== "workspace");
  byId("signout").classList.toggle("hidden", state.view !== "workspace");
  byId("signin-error").textContent = state.signinError;
}

function render(state, changes) {
  renderFrame(state);
  if (!state.outbox) return;
  const picked = ["contestantId", "taskKey", "outbox", "tasks", "contestants"];
  if (touched(changes, "outbox")) renderSync(state);
  if (touched(changes, ...picked, "desk", "query")) renderContestants(state);
  if (touched(changes, ...picked, "desk")) renderTasks(state);
  if (touched(changes, ...picked, "desk", "choice", "entryError")) renderEntry(state, store);
  if (touched(changes, ...picked, "desk", "corrects")) renderHistory(state, store);
  if (touched(changes, "dialog")) renderDialog(state);
}

function showSignIn(message = "") {
  store.set({ view: "signin", signinError: message });
  byId("token").focus();
}

async function identify(token) {
  const me = await api("/api/me", { token });
  if (me.role === "public") throw new Error(t("sign.bad_token"));
  if (me.contest_id !== null && me.contest_id !== cid) throw new Error(t("sign.wrong_contest"));
  if (!["referee", "chief", "organizer"].includes(me.role)) throw new Error(t("sign.wrong_role", { role: t(`role.${me.role}`) }));
  return me;
}

/** Who the token is and the contest; from the last visit's copy while offline. */
async function load(token) {
  try {
    const me = await identify(token);
    const detail = await api(contestPath(cid), { token });
    localStorage.setItem(CACHE_KEY, JSON.stringify({ token, me, detail }));
    return { me, detail };
  } catch (error) {
    const cached = JSON.parse(localStorage.getItem(CACHE_KEY) ?? "null");
    if (error instanceof NetworkError && cached?.token === token) return cached;
    throw error;
  }
}

async function signIn(token) {
  let loaded;
  try {
    loaded = await load(token);
  } catch (error) {
    const invalid = error instanceof ApiError && error.status === 401;
    showSignIn(invalid ? t("sign.bad_token") : error.message);
    return;
  }
  tokens.set(token);
  start(loaded);
}

function signOut() {
  tokens.clear();
  localStorage.removeItem(CACHE_KEY);
  location.reload();
}

/** The tablet document again, at most one request at a time (a newer wish waits). */
function deskReader(role) {
  let running = null;
  let again = false;
  const read = async () => {
    if (running) {
      again = true;
      return running;
    }
    running = api(contestPath(cid, "tablet"), { token: tokens.get() })
      .then((doc) => store.set({ desk: indexDesk(doc) }))
      .catch(() => {}) // offline: the last document stays; the next trigger reads again
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          read();
        }
      });
    return running;
  };
  return ["referee", "chief"].includes(role) ? read : () => {};
}

function start({ me, detail }) {
  const referee = me.referee ?? null;
  const readDesk = deskReader(me.role);
  let answered = 0;
  const outbox = new Outbox({
    cid,
    owner: me.subject_id ?? "anonymous",
    getToken: tokens.get,
    onChange: (changed) => {
      store.set({ outbox: changed });
      const settled = changed.items.filter((item) => item.state !== "pending").length;
      if (settled !== answered) readDesk();
      answered = settled;
    },
    onAuthError: () => showSignIn(t("reject.invalid_token")),
  });
  store.set({
    view: "workspace",
    me,
    title: detail.definition.title,
    who: `${referee?.name ?? me.subject_id} · ${t(`role.${me.role}`)}`,
    contestants: detail.contestants.filter((c) => atVenues(referee, c)),
    tasks: tasksFor(detail.definition, referee),
    corrects: me.role === "chief",
    outbox,
  });
  byId("chief-desk").classList.toggle("hidden", me.role !== "chief");
  outbox.start();
  readDesk();
  setInterval(readDesk, DESK_PERIOD_MS);
  new LiveStandings({
    cid,
    view: me.role === "referee" ? "public" : "live",
    token: tokens.get(),
    onData: () => readDesk(),
    onState: (connection) => store.set({ connection }),
  }).start();
}

async function main() {
  const fromLink = hashParam("token");
  if (fromLink) {
    tokens.set(fromLink);
    dropHash();
  }
  await startPage({ style: "referee", bodyClass: "tablet", meta: { "mobile-web-app-capable": "yes" }, layout, store, render });
  const token = tokens.get();
  if (token) signIn(token).catch((error) => showSignIn(error.message));
  else showSignIn();
}

main();
