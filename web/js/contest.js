// What the contest pages need of a contest's definition: its title and names by id.
import { api, contestPath } from "./api.js";

const namesOf = (items) => new Map((items ?? []).map((item) => [item.id, item.name]));

/**
 * The definition with its venue and stage names, as a patch of a page's state; when
 * it cannot be read, only a title: the contest id.
 */
export async function contestHeading(cid, token = null) {
  try {
    const { definition } = await api(contestPath(cid), { token });
    return { definition, title: definition.title, venueNames: namesOf(definition.venues), stageNames: namesOf(definition.stages) };
  } catch {
    return { title: cid };
  }
}

/** The header's title: the contest's once its definition is read. */
export function showTitle(element, { title, definition }) {
  element.textContent = title;
  if (definition) document.title = definition.title;
}
