// The organizer console: sign in with the organizer token, pick or create a contest,
// then its roster, referees, lifecycle, judge consistency and replay.
import { api, contestPath, tokenStore } from "../api.js";
import { byId, dropHash, h, hashParam, languageButton, lifecycleKey, mount } from "../dom.js";
import { rejectionText, t, translatePage } from "../i18n.js";
import { defineSection } from "../components/console/define.js";
import { judgesSection } from "../components/console/judges.js";
import { lifecycleSection } from "../components/console/lifecycle.js";
import { refereesSection } from "../components/console/referees.js";
import { replaySection } from "../components/console/replay.js";
import { rosterSection } from "../components/console/roster.js";

const tokens = tokenStore("organizer", "console");
const CONTEST_KEY = "judging.console.contest";

async function organizer(token) {
  const me = await api("/api/me", { token });
  if (me.role !== "organizer") throw Object.assign(new Error(t("console.sign.not_organizer")), { code: "forbidden" });
  return me;
}

function signInForm(onToken, message = "") {
  const input = h("input", { id: "token-input", type: "password", autocomplete: "off", placeholder: t("sign.token") });
  const form = h("form", { class: "card signin-card", id: "signin" },
    h("h2", {}, t("console.sign.title")), h("p", { class: "muted" }, t("console.sign.hint")),
    input, h("button", { class: "primary", type: "submit" }, t("sign.submit")),
    message ? h("p", { class: "error", role: "alert" }, message) : null);
  form.addEventListener("submit", (event) => { event.preventDefault(); onToken(input.value.trim()); });
  return form;
}

function contestHeader(detail) {
  return h("div", { class: "contest-head", id: "contest-head", dataset: { state: lifecycleKey(detail.state) } },
    h("h2", {}, detail.definition.title),
    h("span", { class: "chip chip-sent", id: "contest-state" }, t(lifecycleKey(detail.state))),
    h("span", { class: "muted" }, t("console.head.counts", { contestants: detail.contestants.length, referees: detail.referees.length, position: detail.position })),
    h("a", { href: `/screen/${encodeURIComponent(detail.id)}`, target: "_blank" }, t("index.screen")),
    h("a", { href: `/live/${encodeURIComponent(detail.id)}`, target: "_blank" }, t("index.live")));
}

class Console {
  constructor(token) {
    this.token = token;
    // ?contest=<id> (the demo prints it) wins over the contest opened last time.
    this.cid = new URLSearchParams(location.search).get("contest") || localStorage.getItem(CONTEST_KEY);
    this.listeners = [];
  }

  async start() {
    mount(byId("sidebar"), this.picker(), defineSection(this), h("div", { id: "contest-forms", class: "column" }));
    await this.loadContests();
  }

  picker() {
    this.select = h("select", { id: "contest-select", onchange: () => this.open(this.select.value) });
    return h("section", { class: "card" }, h("h2", {}, t("console.contests")), this.select);
  }

  async loadContests() {
    const contests = await api("/api/contests", { token: this.token });
    mount(this.select, h("option", { value: "" }, t("console.pick")),
      contests.map((c) => h("option", { value: c.id }, `${c.title} (${c.id})`)));
    const known = contests.some((c) => c.id === this.cid);
    const only = contests.length === 1 ? contests[0].id : "";
    await this.open(known ? this.cid : only);
  }

  async contestCreated(id) {
    this.cid = id;
    await this.loadContests();
  }

  onChange(listener) { this.listeners.push(listener); }

  async refresh() {
    const detail = await api(contestPath(this.cid), { token: this.token });
    byId("contest-head").replaceWith(contestHeader(detail));
    this.listeners.forEach((listener) => listener());
  }

  async open(cid) {
    this.replay?.stop();
    this.listeners = [];
    this.cid = cid || null;
    this.select.value = cid || "";
    const main = byId("contest");
    mount(byId("contest-forms"));
    if (!cid) { mount(main, h("p", { class: "muted card" }, t("console.pick_hint"))); return; }
    localStorage.setItem(CONTEST_KEY, cid);
    const detail = await api(contestPath(cid), { token: this.token });
    this.replay = replaySection(this);
    const judges = judgesSection(this);
    mount(byId("contest-forms"), rosterSection(this));
    mount(main, contestHeader(detail),
      h("div", { class: "columns" },
        h("div", { class: "column" }, lifecycleSection(this), refereesSection(this)),
        h("div", { class: "column" }, this.replay, judges)));
  }
}

async function begin(token) {
  const bar = byId("session");
  try {
    await organizer(token);
  } catch (error) {
    tokens.clear();
    mount(byId("sidebar"));
    mount(byId("contest"), signInForm(begin, error.code === "forbidden" ? error.message : rejectionText({ code: error.code, message: error.message })));
    mount(bar);
    return;
  }
  tokens.set(token);
  mount(bar, h("span", { class: "who" }, t("role.organizer")),
    h("button", { type: "button", id: "sign-out", onclick: () => { tokens.clear(); location.reload(); } }, t("sign.out")));
  await new Console(token).start();
}

async function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  const fromHash = hashParam("token");
  if (fromHash) { tokens.set(fromHash); dropHash(); }
  const token = tokens.get();
  if (token) await begin(token);
  else mount(byId("contest"), signInForm(begin));
}

main();
