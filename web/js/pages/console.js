// The organizer console: sign in with the organizer token, pick or create a contest,
// then its roster, referees and their printable token sheet, lifecycle steps, judge
// consistency and replay; once finalized its award list, certificates, re-opening and
// advancing to the next round; meets, position standards and links to evaluations and
// mentoring programmes for every contest.
import { api, contestPath, tokenStore } from "../api.js";
import { DEFINE, defineSection, renderDefine } from "../components/console/define.js";
import { JUDGES, judgesSection, loadJudges, renderJudges } from "../components/console/judges.js";
import { LIFECYCLE_STATE, lifecycleSection, renderLifecycle } from "../components/console/lifecycle.js";
import { loadMeets, MEETS, meetsSection, renderMeets } from "../components/console/meets.js";
import { namesOf } from "../components/chief/names.js";
import { initialBase, keptCards, REFEREES, refereesSection, renderReferees } from "../components/console/referees.js";
import { loadReplay, renderReplay, REPLAY, replaySection, stopReplay } from "../components/console/replay.js";
import { renderRoster, ROSTER, rosterSection } from "../components/console/roster.js";
import { loadRounds, renderRounds, ROUNDS, roundsSection } from "../components/console/rounds.js";
import { loadStandards, renderStandards, STANDARDS, standardsSection } from "../components/console/standards.js";
import { byId, dropHash, h, hashParam, lifecycleKey, mount } from "../dom.js";
import { rejectionText, t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const tokens = tokenStore("organizer", "console");
const CONTEST_KEY = "judging.console.contest";
/** What a contest's sections show when it is opened. */
const CONTEST_PARTS = { roster: ROSTER, referees: REFEREES, lifecycle: LIFECYCLE_STATE, rounds: ROUNDS, judges: JUDGES, replay: REPLAY };

const store = createStore({
  session: null, // "signin" | "organizer"; neither while the token is checked
  signinMessage: "",
  token: null,
  contests: [],
  cid: null,
  detail: null,
  names: null,
  site: null, // GET /api/site: the public base URL of printed links
  define: DEFINE,
  standards: STANDARDS,
  meets: MEETS,
  ...CONTEST_PARTS,
});
const ctx = { store, refresh, contestCreated };

function layout() {
  return [
    h("header", { class: "topbar" },
      h("h1", {}, t("nav.console")),
      h("span", { id: "session", class: "session" }),
      navLink("/", "nav.contests"), navLink("/leaderboard", "nav.leaderboard"),
      navLink("/campaigns", "nav.campaigns"), navLink("/programmes", "nav.programmes"),
      languageSwitch()),
    h("div", { class: "console-layout" }, h("aside", { id: "sidebar", class: "sidebar" }), h("main", { id: "contest", class: "contest-area" })),
  ];
}

async function organizer(token) {
  const me = await api("/api/me", { token });
  if (me.role !== "organizer") throw Object.assign(new Error(t("console.sign.not_organizer")), { code: "forbidden" });
  return me;
}

async function begin(token) {
  try {
    await organizer(token);
  } catch (error) {
    tokens.clear();
    const message = error.code === "forbidden" ? error.message : rejectionText({ code: error.code, message: error.message });
    store.set({ session: "signin", signinMessage: message, token: null });
    return;
  }
  tokens.set(token);
  const site = await api("/api/site", { token }).catch(() => null);
  store.set({ session: "organizer", token, site });
  loadStandards(ctx);
  loadMeets(ctx);
  await loadContests(new URLSearchParams(location.search).get("contest") || localStorage.getItem(CONTEST_KEY));
}

/** The picker's contests; opens `wanted` if it is one of them, else the only one. */
async function loadContests(wanted) {
  const contests = await api("/api/contests", { token: store.get().token });
  store.set({ contests });
  const only = contests.length === 1 ? contests[0].id : "";
  await open(contests.some((c) => c.id === wanted) ? wanted : only);
}

async function open(cid) {
  stopReplay(ctx);
  if (!cid) {
    store.set({ cid: null, detail: null });
    return;
  }
  localStorage.setItem(CONTEST_KEY, cid);
  const detail = await api(contestPath(cid), { token: store.get().token });
  const referees = { ...REFEREES, issued: keptCards(cid), base: initialBase(store.get().site) };
  store.set({ cid, detail, names: namesOf(detail), ...CONTEST_PARTS, referees });
  loadJudges(ctx);
  loadReplay(ctx);
  loadRounds(ctx);
}

async function refresh() {
  const { cid, token } = store.get();
  const detail = await api(contestPath(cid), { token });
  store.set({ detail, names: namesOf(detail) });
}

async function contestCreated(id) {
  await loadContests(id);
}

function signInForm(message) {
  const input = h("input", { id: "token-input", type: "password", autocomplete: "off", placeholder: t("sign.token") });
  const submit = (event) => {
    event.preventDefault();
    begin(input.value.trim());
  };
  return h("form", { class: "card signin-card", id: "signin", onsubmit: submit },
    h("h2", {}, t("console.sign.title")), h("p", { class: "muted" }, t("console.sign.hint")),
    input, h("button", { class: "primary", type: "submit" }, t("sign.submit")),
    message ? h("p", { class: "error", role: "alert" }, message) : null);
}

function contestHeader(detail) {
  const state = lifecycleKey(detail.state);
  return h("div", { class: "contest-head", id: "contest-head", dataset: { state } },
    h("h2", {}, detail.definition.title),
    h("span", { class: "chip chip-sent", id: "contest-state" }, t(state)),
    h("span", { class: "muted" }, t("console.head.counts", { contestants: detail.contestants.length, referees: detail.referees.length, position: detail.position })),
    h("a", { href: `/chief/${encodeURIComponent(detail.id)}`, target: "_blank" }, t("chief.title")),
    h("a", { href: `/screen/${encodeURIComponent(detail.id)}`, target: "_blank" }, t("index.screen")),
    h("a", { href: `/live/${encodeURIComponent(detail.id)}`, target: "_blank" }, t("index.live")),
    detail.state.finalized ? h("a", { href: `/awards/${encodeURIComponent(detail.id)}`, target: "_blank", id: "head-awards" }, t("awards.title")) : null);
}

function signOut() {
  tokens.clear();
  location.reload();
}

/** Signed in: the picker, the definition form and a place for the contest's forms. */
function layoutSession({ session, signinMessage }) {
  const signedIn = session === "organizer";
  mount(byId("session"), signedIn
    ? [h("span", { class: "who" }, t("role.organizer")), h("button", { type: "button", id: "sign-out", onclick: signOut }, t("sign.out"))]
    : null);
  mount(byId("sidebar"), signedIn
    ? [h("section", { class: "card" }, h("h2", {}, t("console.contests")), h("select", { id: "contest-select", onchange: (event) => open(event.target.value) })),
      defineSection(ctx), h("div", { id: "contest-forms", class: "column" }), meetsSection(ctx), standardsSection(ctx)]
    : null);
  mount(byId("contest"), session === "signin" ? signInForm(signinMessage) : null);
}

/** The open contest's sections, laid out once per contest. */
function layoutContest({ cid, detail }) {
  mount(byId("contest-forms"), cid ? rosterSection(ctx) : null);
  mount(byId("contest"), cid
    ? [contestHeader(detail), h("div", { class: "columns" },
      h("div", { class: "column" }, lifecycleSection(ctx), roundsSection(ctx), refereesSection(ctx)),
      h("div", { class: "column" }, replaySection(ctx), judgesSection(ctx)))]
    : h("p", { class: "muted card" }, t("console.pick_hint")));
}

function renderPicker({ contests, cid }) {
  const select = byId("contest-select");
  mount(select, h("option", { value: "" }, t("console.pick")), contests.map((c) => h("option", { value: c.id }, `${c.title} (${c.id})`)));
  select.value = cid || "";
}

const SECTIONS = {
  roster: (state) => renderRoster(ctx, state),
  referees: renderReferees,
  lifecycle: renderLifecycle,
  rounds: (state) => renderRounds(ctx, state),
  judges: renderJudges,
  replay: renderReplay,
};
/** What else each section shows besides its own part of the state. */
const READS = { roster: ["detail"], referees: ["detail"], lifecycle: ["detail"], rounds: ["detail"] };

function render(state, changes) {
  const session = touched(changes, "session", "signinMessage");
  if (session) layoutSession(state);
  if (state.session !== "organizer") return;
  if (session || touched(changes, "contests", "cid")) renderPicker(state);
  if (session || touched(changes, "define")) renderDefine(state);
  if (session || touched(changes, "standards")) renderStandards(state);
  if (session || touched(changes, "meets")) renderMeets(state);
  const opened = session || touched(changes, "cid");
  if (opened) layoutContest(state);
  if (!state.cid) return;
  if (!opened && touched(changes, "detail")) byId("contest-head").replaceWith(contestHeader(state.detail));
  for (const [key, draw] of Object.entries(SECTIONS)) if (opened || touched(changes, key, ...(READS[key] ?? []))) draw(state);
}

async function main() {
  const fromHash = hashParam("token");
  if (fromHash) {
    tokens.set(fromHash);
    dropHash();
  }
  await startPage({ style: "console", bodyClass: "console", layout, store, render });
  const token = tokens.get();
  if (token) await begin(token);
  else store.set({ session: "signin" });
}

main();
