// Capability per team / workshop / organization and skill against a position standard:
// one bar per skill (mean percent of the group's workers) with the required level marked.
import { api, tokenStore } from "../../api.js";
import { h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { percent } from "./format.js";

const GROUPS = ["team", "workshop", "organization"];

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

export function capabilitySection() {
  const token = tokenStore("organizer", "console").get();
  const standard = h("select", { id: "cap-standard" }, h("option", { value: "" }, t("cap.none")));
  const by = h("select", { id: "cap-by" }, GROUPS.map((g) => h("option", { value: g }, t(`cap.by.${g}`))));
  const body = h("div", { id: "cap-groups", class: "cap-groups" });
  const section = h("section", { class: "card", id: "capability" }, h("h2", {}, t("cap.title")));
  if (!token) {
    section.append(h("p", { class: "muted", id: "cap-needs-token" }, t("cap.needs_token"), " ", h("a", { href: "/console" }, t("nav.console"))));
    return section;
  }
  const load = async () => {
    const query = new URLSearchParams({ by: by.value });
    if (standard.value) query.set("standard", standard.value);
    try {
      const table = await api(`/api/capability?${query}`, { token });
      mount(body, table.groups.length ? table.groups.map(groupCard) : h("p", { class: "muted" }, t("cap.empty")));
    } catch (error) {
      mount(body, h("p", { class: "error" }, t("talent.load_failed", { reason: error.message })));
    }
  };
  api("/api/standards").then((standards) => {
    standard.append(...standards.map((s) => h("option", { value: s.id }, s.name)));
    if (standards.length) standard.value = standards[0].id;
    load();
  }).catch(() => load());
  standard.addEventListener("change", load);
  by.addEventListener("change", load);
  section.append(h("div", { class: "cap-controls" },
    h("label", {}, t("cap.standard"), " ", standard), h("label", {}, t("cap.by"), " ", by)), body);
  return section;
}
