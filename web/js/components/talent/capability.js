// Capability per team / workshop / organization and skill against a position standard:
// one bar per skill (mean percent of the group's workers assessed in it) with the
// required level marked and how many were not assessed, and a drill-down from the
// group to its workers and on to their resumes; above them, per position standard with
// levels, how many workers hold each level, per skill and for the position.
// Its state, in the leaderboard's store:
// `capability: {token, standards, standard, by, groups, levels, names, opened, error}`, `opened`
// the groups whose workers are shown (kept while the groups are read again).
import { api, tokenStore } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { percent } from "./format.js";
import { skillLabel, skillName, skillNames } from "./skill-names.js";

const GROUPS = ["team", "workshop", "organization"];

export function initialCapability() {
  const token = tokenStore("organizer", "console").get();
  return { token, standards: [], standard: "", by: GROUPS[0], groups: null, levels: [], names: new Map(), opened: new Set(), error: null };
}

function skillBar(skill, names) {
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
  const value = skill.mean === null ? h("span", { class: "unassessed" }, t("talent.not_assessed")) : percent(skill.mean);
  const counted = skill.not_assessed ? t("cap.assessed_of", { n: skill.workers, missing: skill.not_assessed }) : null;
  return h("div", { class: "cap-row", dataset: { skill: skill.skill } },
    h("span", { class: "cap-skill" }, skillLabel(names, skill.skill)), bar,
    h("span", { class: "cap-value" }, value), h("span", { class: "cap-note" }, gap, counted ? h("span", { class: "cap-count muted" }, counted) : null));
}

function memberRow(member, skills, names) {
  return h("tr", { dataset: { worker: member.worker_id } },
    h("td", {}, h("a", { href: `/workers/${encodeURIComponent(member.worker_id)}` }, member.name)),
    skills.map((skill) => {
      const value = member.skills[skill];
      return h("td", { class: "num", title: skillName(names, skill) },
        value === undefined ? h("span", { class: "unassessed" }, t("talent.not_assessed")) : percent(value));
    }));
}

/** The group's workers, one row each, a column per skill: opened from the group. */
function membersTable(group, { names, opened }, onToggle) {
  const skills = group.skills.map((s) => s.skill);
  const id = group.group ?? "";
  return h("details", { class: "cap-members", open: opened.has(id), ontoggle: (event) => onToggle(id, event.target.open) },
    h("summary", {}, t("cap.members", { n: group.members?.length ?? group.workers })),
    h("div", { class: "scroll-x" }, h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, h("th", {}, t("board.worker")), skills.map((skill) => h("th", { class: "num", title: skill }, skillName(names, skill))))),
      h("tbody", {}, (group.members ?? []).map((member) => memberRow(member, skills, names))))));
}

function groupCard(group, capability, onToggle) {
  return h("div", { class: "cap-group", dataset: { group: group.group ?? "" } },
    h("h3", {}, group.group ?? t("cap.no_group"), " ", h("span", { class: "muted small" }, t("cap.workers", { n: group.workers }))),
    group.skills.map((skill) => skillBar(skill, capability.names)),
    membersTable(group, capability, onToggle));
}

async function loadGroups(store) {
  const { token, by, standard } = store.get().capability;
  const query = new URLSearchParams({ by });
  if (standard) query.set("standard", standard);
  try {
    const table = await api(`/api/capability?${query}`, { token });
    const names = await skillNames(table.contests ?? []);
    store.update("capability", { groups: table.groups, levels: table.levels ?? [], names, error: null });
  } catch (error) {
    store.update("capability", { error: error.message });
  }
}

/** Keep a group's workers open (or closed) in the state. */
export function toggleGroup(store, group, open) {
  const { opened } = store.get().capability;
  if (opened.has(group) === open) return;
  const next = new Set(opened);
  if (open) next.add(group);
  else next.delete(group);
  store.update("capability", { opened: next });
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

function countRow(label, counts, ladder, data) {
  return h("tr", { dataset: data }, h("td", {}, label), ladder.map((level) => h("td", { class: "num", dataset: { level: level.id } }, h("strong", {}, counts[level.id] ?? 0))));
}

/** Workers per level of one standard: the position first, then each skill. */
function levelCounts(counts, names) {
  const ladder = counts.levels;
  return h("div", { class: "lv-standard", dataset: { standard: counts.standard_id } },
    h("h3", {}, t("cap.levels_of", { name: counts.name })),
    h("div", { class: "scroll-x" }, h("table", { class: "grid lv-table" },
      h("thead", {}, h("tr", {}, h("th", {}, ""), ladder.map((level) => h("th", { class: "num", title: t("cap.level_min", { percent: level.min_percent }) }, level.name)))),
      h("tbody", {},
        countRow(h("strong", {}, t("cap.levels_position")), counts.position, ladder, { row: "position" }),
        counts.skills.map((row) => countRow(skillLabel(names, row.skill), row.counts, ladder, { skill: row.skill }))))),
    counts.partial ? h("p", { class: "muted small" }, t("cap.levels_partial", { n: counts.partial })) : null);
}

function levelsView({ levels, names, groups }) {
  if (!groups || !levels?.length) return null;
  return h("div", { id: "cap-levels" }, h("p", { class: "muted small" }, t("cap.levels_note")), levels.map((counts) => levelCounts(counts, names)));
}

function groupsView(capability, onToggle) {
  const { groups, error } = capability;
  if (error) return h("p", { class: "error" }, t("talent.load_failed", { reason: error }));
  if (!groups) return null;
  return groups.length ? groups.map((group) => groupCard(group, capability, onToggle)) : h("p", { class: "muted" }, t("cap.empty"));
}

/** `onToggle(group, open)` is called when a group's workers are opened or closed. */
export function renderCapability({ capability }, onToggle) {
  if (!capability.token) return;
  const standard = byId("cap-standard");
  mount(standard, h("option", { value: "" }, t("cap.none")), capability.standards.map((s) => h("option", { value: s.id }, s.name)));
  standard.value = capability.standard;
  byId("cap-by").value = capability.by;
  mount(byId("cap-groups"), levelsView(capability), groupsView(capability, onToggle));
}
