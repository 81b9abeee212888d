// The craftsman leaderboard (openskill ordinal across contests) and, below it, the
// capability view against a position standard.
import { api } from "../api.js";
import { byId, formatMark, h, languageButton, mount } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { capabilitySection } from "../components/talent/capability.js";

const PAGE = 50;

function row(entry) {
  return h("tr", { dataset: { worker: entry.worker_id } },
    h("td", { class: "num rank" }, entry.rank),
    h("td", {}, h("a", { href: `/workers/${encodeURIComponent(entry.worker_id)}` }, entry.name), " ",
      h("span", { class: "muted small" }, entry.worker_id)),
    h("td", { class: "num strong" }, formatMark(entry.ordinal)),
    h("td", { class: "num" }, entry.contests),
    h("td", { class: "num" }, entry.best_rank ?? "–"));
}

function boardSection() {
  const body = h("tbody", {});
  const more = h("button", { type: "button", id: "board-more", class: "hidden" }, t("board.more"));
  const status = h("p", { class: "muted" }, t("common.loading"));
  let offset = 0;
  const load = async () => {
    try {
      const page = await api(`/api/leaderboard?limit=${PAGE}&offset=${offset}`);
      body.append(...page.rows.map(row));
      offset += page.rows.length;
      more.classList.toggle("hidden", offset >= page.total);
      status.textContent = page.total ? "" : t("board.empty");
    } catch (error) {
      status.textContent = t("talent.load_failed", { reason: error.message });
      status.className = "error";
    }
  };
  more.addEventListener("click", load);
  load();
  return h("section", { class: "card", id: "board" }, h("h2", {}, t("board.title")),
    h("table", { class: "grid", id: "board-table" },
      h("thead", {}, h("tr", {}, ["talent.rank", "board.worker", "board.ordinal", "board.contests", "board.best_rank"].map((k) => h("th", {}, t(k))))),
      body),
    status, more);
}

function main() {
  translatePage();
  mount(byId("lang"), languageButton());
  mount(byId("content"), boardSection(), capabilitySection());
  if (location.hash === "#capability") byId("capability").scrollIntoView();
}

main();
