// The referees' correction requests still waiting: who asked about which entry and
// why, with the entry's actions; a request leaves the list once the entry is corrected.
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { entryActions } from "./marks.js";
import { contestantName, entryValue, refereeName, subjectName, timeOf } from "./names.js";

export function requestsSection() {
  return h("section", { class: "card", id: "requests" },
    h("div", { class: "card-head" }, h("h2", {}, t("chief.requests.title")), h("span", { id: "requests-count", class: "chip" })),
    h("div", { id: "requests-list", class: "stack" }));
}

function requestCard(ctx, request, entry, names, locked) {
  return h("article", { class: "request-item", dataset: { entry: request.entry_id } },
    h("h3", {}, `${contestantName(names, request.contestant_id)} · ${entry ? subjectName(names, entry.subject_id) : ""}`),
    h("p", {}, t("chief.requests.asked", { referee: refereeName(names, request.referee_id), time: timeOf(request.at) }),
      " ", h("q", {}, request.reason)),
    entry ? h("p", { class: "muted" }, `${t("chief.col.value")}: ${entryValue(entry)}`) : null,
    h("div", { class: "actions" }, entry ? entryActions(ctx, entry, locked) : null));
}

export function renderRequests(ctx, { desk, names }) {
  const entries = new Map(desk.entries.map((entry) => [entry.command_id, entry]));
  byId("requests-count").textContent = String(desk.requests.length);
  byId("requests-count").className = `chip ${desk.requests.length ? "chip-pending" : "chip-sent"}`;
  mount(byId("requests-list"), desk.requests.length
    ? desk.requests.map((request) => requestCard(ctx, request, entries.get(request.entry_id), names, request.contestant_id in desk.signed_off))
    : h("p", { class: "muted" }, t("chief.requests.empty")));
}
