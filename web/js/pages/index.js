// The index: every contest with links to its tablet, big screen and live pages.
import { api } from "../api.js";
import { byId, h, languageButton, lifecycleKey, mount } from "../dom.js";
import { t, translatePage } from "../i18n.js";

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

async function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  const status = byId("status");
  try {
    const contests = await api("/api/contests");
    mount(byId("contests"), contests.map(contestItem));
    status.textContent = contests.length ? "" : t("index.empty");
  } catch (error) {
    status.textContent = t("index.load_failed", { reason: error.message });
    status.className = "error";
  }
}

main();
