// Safe DOM building: text always goes through text nodes, never through HTML parsing.
import { t } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "value" || name === "checked" || name === "disabled") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** `h("td", {class: "rank"}, row.rank)`: an HTML element; strings become text nodes. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** An SVG element, same calling convention as `h`. */
export function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** Replace the children of `element`. */
export function mount(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

/** The path segment after `/prefix/`, decoded (the contest id of a page). */
export function pathParam(prefix) {
  const parts = location.pathname.split("/").filter(Boolean);
  const at = parts.indexOf(prefix);
  return at >= 0 && parts[at + 1] ? decodeURIComponent(parts[at + 1]) : null;
}

/** A parameter of the URL's fragment (`#token=...`), so it never reaches a server log. */
export function hashParam(name) {
  return new URLSearchParams(location.hash.slice(1)).get(name);
}

export function dropHash() {
  history.replaceState(null, "", location.pathname + location.search);
}

/** Marks shown with at most two decimals (the API sends exact values). */
export function formatMark(value) {
  if (value === null || value === undefined) return "–";
  return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
}

/** The lifecycle label of a standings/contest `state`. */
export function lifecycleKey(state) {
  if (!state || !state.started) return "state.not_started";
  if (state.finalized) return "state.finalized";
  if (state.ended) return "state.ended";
  if (state.frozen && !state.thawed) return "state.frozen";
  return "state.running";
}

/** A badge that shows a live connection's state. */
export function connectionBadge() {
  const badge = h("span", { class: "conn conn-connecting", role: "status", "aria-live": "polite" }, t("conn.connecting"));
  badge.update = (state) => {
    badge.className = `conn conn-${state}`;
    badge.textContent = t(`conn.${state}`);
    badge.dataset.state = state;
  };
  return badge;
}

/** A passing message in the page's `#toast`. */
export function toast(text) {
  const element = byId("toast");
  element.textContent = text;
  element.classList.add("show");
  clearTimeout(element.timer);
  element.timer = setTimeout(() => element.classList.remove("show"), 2200);
}
