// The referee tablet: sign in by token, pick a contestant and a task, enter the value;
// commands go through the persistent outbox, so marking works on flaky venue Wi-Fi.
import { api, ApiError, contestPath, NetworkError, tokenStore } from "../api.js";
import { byId, connectionBadge, dropHash, hashParam, h, languageButton, mount, pathParam } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { LiveStandings } from "../live.js";
import { Outbox } from "../outbox.js";
import { renderEntry } from "../components/referee/entry.js";
import { renderHistory, setupCorrections } from "../components/referee/history.js";
import { latestFor, tablet } from "../components/referee/state.js";
import { atVenues, tasksFor } from "../components/referee/tasks.js";

const cid = pathParam("referee");
const tokens = tokenStore("referee", cid);
const conn = connectionBadge();
const CACHE_KEY = `judging.tablet.${cid}`;
tablet.cid = cid;

function showSignIn(message = "") {
  byId("workspace").classList.add("hidden");
  byId("signout").classList.add("hidden");
  byId("signin").classList.remove("hidden");
  byId("signin-error").textContent = message;
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
  tablet.me = loaded.me;
  start(loaded.detail);
}

function signOut() {
  tokens.clear();
  localStorage.removeItem(CACHE_KEY);
  location.reload();
}

function start(detail) {
  const { me } = tablet;
  tablet.referee = me.referee ?? null;
  tablet.definition = detail.definition;
  tablet.contestants = detail.contestants.filter((c) => atVenues(tablet.referee, c));
  tablet.tasks = tasksFor(detail.definition, tablet.referee);
  byId("title").textContent = detail.definition.title;
  byId("who").textContent = `${me.referee?.name ?? me.subject_id} · ${t(`role.${me.role}`)}`;
  byId("signin").classList.add("hidden");
  byId("workspace").classList.remove("hidden");
  byId("signout").classList.remove("hidden");
  tablet.outbox = new Outbox({
    cid,
    owner: me.subject_id ?? "anonymous",
    getToken: tokens.get,
    onChange: renderAll,
    onAuthError: () => showSignIn(t("reject.invalid_token")),
  });
  tablet.render = renderAll;
  setupCorrections(me.role === "chief" || me.role === "organizer");
  renderAll();
  tablet.outbox.start();
  startLive();
}

function startLive() {
  const live = new LiveStandings({
    cid,
    view: tablet.me.role === "referee" ? "public" : "live",
    token: tokens.get(),
    onData: (doc) => {
      tablet.rows = new Map((doc.rows ?? []).map((row) => [row.contestant_id, row]));
      renderContestants();
      renderEntry();
    },
    onState: (state) => conn.update(state),
  });
  live.start();
}

function renderContestants() {
  const query = byId("search").value.trim().toLowerCase();
  const scoped = tablet.tasks.filter((task) => task.kind === "aspect");
  const visible = tablet.contestants.filter((c) => !query || `${c.id} ${c.name} ${c.organization ?? ""}`.toLowerCase().includes(query));
  if (!visible.length) {
    mount(byId("contestant-list"), h("p", { class: "muted" }, t("ref.no_contestants")));
    return;
  }
  mount(byId("contestant-list"), visible.map((c) => {
    const marked = scoped.filter((task) => latestFor(c.id, task.key)).length;
    const total = tablet.rows.get(c.id)?.score?.total;
    return h("button", {
      type: "button",
      class: ["pick", c.status && c.status !== "active" ? "out" : null],
      "aria-pressed": String(c.id === tablet.contestantId),
      dataset: { contestant: c.id },
      onclick: () => { tablet.contestantId = c.id; renderAll(); },
    },
    h("span", {}, c.name),
    h("span", { class: "chip chip-sent" }, `${marked}/${scoped.length}`),
    h("span", { class: "sub" }, [c.id, c.organization, total !== undefined ? `${t("ref.current")} ${total}` : null].filter(Boolean).join(" · ")));
  }));
}

function renderTasks() {
  const items = [];
  let group = null;
  for (const task of tablet.tasks) {
    if (task.group !== group) {
      group = task.group;
      items.push(h("div", { class: "group" }, group));
    }
    const latest = tablet.contestantId ? latestFor(tablet.contestantId, task.key) : null;
    items.push(h("button", {
      type: "button",
      class: "pick",
      "aria-pressed": String(task.key === tablet.taskKey),
      dataset: { task: task.key },
      onclick: () => { tablet.taskKey = task.key; renderAll(); },
    },
    h("span", {}, task.name),
    latest ? h("span", { class: `chip chip-${latest.state}` }, t("ref.marked")) : ""));
  }
  mount(byId("task-list"), items);
}

function renderSync() {
  const counts = tablet.outbox.counts();
  mount(byId("sync"),
    h("span", { class: "chip chip-pending", dataset: { count: counts.pending }, id: "sync-pending" }, `${t("outbox.pending")} ${counts.pending}`),
    h("span", { class: "chip chip-sent", id: "sync-sent" }, `${t("outbox.sent")} ${counts.sent}`),
    h("span", { class: "chip chip-rejected", id: "sync-rejected" }, `${t("outbox.rejected")} ${counts.rejected}`));
}

function renderAll() {
  if (!tablet.outbox) return;
  renderSync();
  renderContestants();
  renderTasks();
  renderEntry();
  renderHistory();
}

function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  mount(byId("conn"), conn);
  byId("signout").addEventListener("click", signOut);
  byId("search").addEventListener("input", renderContestants);
  byId("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn(byId("token").value.trim());
  });
  const fromLink = hashParam("token");
  if (fromLink) {
    tokens.set(fromLink);
    dropHash();
  }
  const token = tokens.get();
  if (token) signIn(token).catch((error) => showSignIn(error.message));
  else showSignIn();
}

main();
