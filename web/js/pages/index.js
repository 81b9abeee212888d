// The index: every contest with links to its tablet, big screen and live pages.
import { api } from "../api.js";
import { byId, h, lifecycleKey, mount } from "../dom.js";
import { t } from "../i18n.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore } from "../store.js";

const store = createStore({ contests: null, error: null });

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", {}, t("app.name")), languageSwitch()),
    h("main", { class: "page" },
      h("h2", {}, t("index.title")),
      h("ul", { id: "contests", class: "contest-list" }),
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
      h("a", { href: `/live/${id}` }, t("index.live"))));
}

function statusText({ contests, error }) {
  if (error) return t("index.load_failed", { reason: error });
  if (contests === null) return t("common.loading");
  return contests.length ? "" : t("index.empty");
}

function render(state) {
  mount(byId("contests"), (state.contests ?? []).map(contestItem));
  const status = byId("status");
  status.textContent = statusText(state);
  status.className = state.error ? "error" : "muted";
}

async function main() {
  await startPage({ layout, store, render });
  try {
    store.set({ contests: await api("/api/contests") });
  } catch (error) {
    store.set({ error: error.message });
  }
}

main();
