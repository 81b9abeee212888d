// Capability per team / workshop / organization and skill against a position standard:
// one bar per skill (mean percent of the group's workers) with the required level marked.
// Its state, in the leaderboard's store: `capability: {token, standards, standard, by, groups, error}`.
import { api, tokenStore } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { percent } from "./format.js";

const GROUPS = ["team", "workshop", "organization"];

export function initialCapability() {
  const token = tokenStore("organizer", "console").get();
  return { token, standards: [], standard: "", by: GROUPS[0], groups: null, error: null };
}

function skillBar(skill) {
  const fill = h("span", { class: ["cap-fill", skill.gap !== null && skill.gap < 0 ? "below" : null] });
  fill.style.width = `${Math.max(0, Math.min(100, skill.mean ?? 0))}%`;
  const bar = h("span", { class: "cap-bar", role: "meter", "aria-valuenow": skill.mean ?? 0, "aria-valuemin": 0, "aria-valuemax": 100 }, fill);
  if (skill.required !== null) {
    const line = h("span", { class: "cap-required", title: t("cap.required", { percent: skill.required }) });
    line.style.left = `${skill.required}%`;
    bar.append(line);
  }
  const gap = skill.gap === null ? null
    : h("span", { class: ["cap-gap", skill.gap < 0 ? "bad" : "good"] }, t("cap.gap", { gap: `${skill.gap >= 0 ? "+" : ""}${skill.gap.toFixed(1)}` }));
  return h("div", { class: "cap-row", dataset: { skill: skill.skill } },
    h("span", { class: "cap-skill" }, skill.skill), bar,
    h("span", { class: "cap-value" }, percent(skill.mean)), gap);
}

function groupCard(group) {
  return h("div", { class: "cap-group", dataset: { group: group.group ?? "" } },
    h("h3", {}, group.group ?? t("cap.no_group"), " ", h("span", { class: "muted small" }, t("cap.workers", { n: group.workers }))),
    group.skills.map(skillBar));
}

async function loadGroups(store) {
  const { token, by, standard } = store.get().capability;
  const query = new URLSearchParams({ by });
  if (standard) query.set("standard", standard);
  try {
    const table = await api(`/api/capability?${query}`, { token });
    store.update("capability", { groups: table.groups, error: null });
  } catch (error) {
    store.update("capability", { error: error.message });
  }
}

function choose(store, fields) {
  store.update("capability", fields);
  loadGroups(store);
}

/** The section, laid out once: its controls keep their place while the groups change. */
export function capabilitySection(store) {
  const { token } = store.get().capability;
  const section = h("section", { class: "card", id: "capability" }, h("h2", {}, t("cap.title")));
  if (!token) {
    section.append(h("p", { class: "muted", id: "cap-needs-token" }, t("cap.needs_token"), " ", h("a", { href: "/console" }, t("nav.console"))));
    return section;
  }
  const standard = h("select", { id: "cap-standard", onchange: (event) => choose(store, { standard: event.target.value }) });
  const by = h("select", { id: "cap-by", onchange: (event) => choose(store, { by: event.target.value }) },
    GROUPS.map((g) => h("option", { value: g }, t(`cap.by.${g}`))));
  section.append(h("div", { class: "cap-controls" },
    h("label", {}, t("cap.standard"), " ", standard), h("label", {}, t("cap.by"), " ", by)),
  h("div", { id: "cap-groups", class: "cap-groups" }));
  return section;
}

/** The standards to choose from (the first chosen), then the groups. */
export async function startCapability(store) {
  if (!store.get().capability.token) return;
  try {
    const standards = await api("/api/standards");
    choose(store, { standards, standard: standards[0]?.id ?? "" });
  } catch {
    loadGroups(store);
  }
}

function groupsView({ groups, error }) {
  if (error) return h("p", { class: "error" }, t("talent.load_failed", { reason: error }));
  if (!groups) return null;
  return groups.length ? groups.map(groupCard) : h("p", { class: "muted" }, t("cap.empty"));
}

export function renderCapability({ capability }) {
  if (!capability.token) return;
  const standard = byId("cap-standard");
  mount(standard, h("option", { value: "" }, t("cap.none")), capability.standards.map((s) => h("option", { value: s.id }, s.name)));
  standard.value = capability.standard;
  byId("cap-by").value = capability.by;
  mount(byId("cap-groups"), groupsView(capability));
}
