// Skills by name. The talent database keys a skill by its tag (`elec.wiring`), or by
// `<contest>:<criterion>` for a criterion without one; the contests' definitions name
// them. The latest contest naming a skill wins; criteria of one contest sharing a tag
// are named together. Pages show the name, with the key as a tooltip.
import { api, contestPath } from "../../api.js";
import { h } from "../../dom.js";

/** Skill key → name, from the definitions of `contestIds` (oldest first). */
export async function skillNames(contestIds) {
  const definitions = await Promise.all([...new Set(contestIds)].map(async (cid) => {
    try {
      return (await api(contestPath(cid))).definition;
    } catch {
      return null; // a contest that cannot be read names nothing: its keys show
    }
  }));
  const names = new Map();
  for (const definition of definitions.filter(Boolean)) {
    const own = new Map();
    for (const criterion of definition.criteria ?? []) {
      const key = criterion.skill || `${definition.id}:${criterion.id}`;
      own.set(key, [...(own.get(key) ?? []), criterion.name]);
    }
    for (const [key, list] of own) names.set(key, list.join(" / "));
  }
  return names;
}

/** A skill's name, or its key when no contest names it. */
export function skillName(names, key) {
  return names?.get(key) ?? key;
}

/** A skill's name with its key as the tooltip. */
export function skillLabel(names, key) {
  return h("span", { class: "skill-name", title: key }, skillName(names, key));
}
