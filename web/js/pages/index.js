// The index: meets, and the contests newest first, a page at a time (a platform keeps
// years of them), with links to each one's tablet, big screen and live pages (and its
// award list once finalized).
import { api } from "../api.js";
import { byId, h, lifecycleKey, mount } from "../dom.js";
import { t } from "../i18n.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore } from "../store.js";

const PAGE = 50; // contests per page
const store = createStore({ contests: null, meets: [], error: null, more: false, loading: false });

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", {}, t("app.name")), languageSwitch()),
    h("main", { class: "page" },
      h("section", { id: "meets-section", class: "hidden" },
        h("h2", {}, t("index.meets")), h("ul", { id: "meets", class: "contest-list" })),
      h("h2", {}, t("index.title")),
      h("ul", { id: "contests", class: "contest-list" }),
      h("button", { id: "more", type: "button", class: "hidden", onclick: loadMore }, t("index.more")),
      h("p", { id: "status", class: "muted" }),
      h("nav", { class: "muted" }, h("a", { href: "/console" }, t("nav.console")), " · ", h("a", { href: "/leaderboard" }, t("nav.leaderboard")))),
  ];
}

function contestItem(contest) {
  const id = encodeURIComponent(contest.id);
  return h("li", { class: "card", dataset: { contest: contest.id } },
    h("span", { class: "title" }, contest.title, h("span", { class: "contest-id" }, contest.id)),
    h("span", { class: "chip chip-sent" }, t(lifecycleKey(contest.state))),
    h("span", { class: "muted" }, t("index.contestants", { n: contest.contestants })),
    h("span", { class: "links" },
      h("a", { href: `/referee/${id}` }, t("index.referee")),
      h("a", { href: `/screen/${id}` }, t("index.screen")),
      h("a", { href: `/live/${id}` }, t("index.live")),
      contest.state?.finalized ? h("a", { href: `/awards/${id}`, class: "awards-link" }, t("index.awards")) : null));
}

function meetItem(meet) {
  return h("li", { class: "card", dataset: { meet: meet.id } },
    h("a", { class: "title", href: `/meets/${encodeURIComponent(meet.id)}` }, meet.title, h("span", { class: "contest-id" }, meet.id)),
    h("span", { class: "muted" }, t("index.meet_events", { n: meet.events })));
}

function statusText({ contests, error }) {
  if (error) return t("index.load_failed", { reason: error });
  if (contests === null) return t("common.loading");
  return contests.length ? "" : t("index.empty");
}

function render(state) {
  mount(byId("contests"), (state.contests ?? []).map(contestItem));
  mount(byId("meets"), state.meets.map(meetItem));
  byId("meets-section").classList.toggle("hidden", !state.meets.length);
  const more = byId("more");
  more.classList.toggle("hidden", !state.more);
  more.disabled = state.loading;
  const status = byId("status");
  status.textContent = statusText(state);
  status.className = state.error ? "error" : "muted";
}

async function contestPage(offset) {
  return api(`/api/contests?order=recent&limit=${PAGE + 1}&offset=${offset}`);
}

async function loadMore() {
  const shown = store.get().contests ?? [];
  store.set({ loading: true });
  try {
    const page = await contestPage(shown.length);
    store.set({ contests: [...shown, ...page.slice(0, PAGE)], more: page.length > PAGE, error: null });
  } catch (error) {
    store.set({ error: error.message });
  } finally {
    store.set({ loading: false });
  }
}

async function main() {
  await startPage({ layout, store, render });
  try {
    const meets = api("/api/meets").catch(() => []);
    const page = await contestPage(0);
    store.set({ contests: page.slice(0, PAGE), more: page.length > PAGE, meets: await meets });
  } catch (error) {
    store.set({ error: error.message });
  }
}

main();
