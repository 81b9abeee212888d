// The one page shell. A page's HTML holds only its title and its entry script; this
// adds the rest of the head (icon, viewport, stylesheets), lays out the body and
// subscribes the page's render to its store.
import { h, mount } from "./dom.js";
import { switchLanguage, t } from "./i18n.js";

function stylesheet(name) {
  const link = h("link", { rel: "stylesheet", href: new URL(`../css/${name}.css`, import.meta.url).href });
  const loaded = new Promise((resolve) => {
    link.onload = resolve;
    link.onerror = resolve;
  });
  document.head.append(link);
  return loaded;
}

/**
 * `startPage({style, bodyClass, meta, layout, store, render})`: the head with base.css
 * and `style`.css (the body is laid out once they are loaded, so nothing shows
 * unstyled), `layout()` as the body, then `render(state)` now and after every change.
 */
export async function startPage({ style = null, bodyClass = null, meta = {}, layout, store, render }) {
  document.head.append(
    h("link", { rel: "icon", href: "data:," }),
    h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
    ...Object.entries(meta).map(([name, content]) => h("meta", { name, content })));
  await Promise.all(["base", style].filter(Boolean).map(stylesheet));
  if (bodyClass) document.body.className = bodyClass;
  mount(document.body, layout());
  store.subscribe(render);
  render(store.get());
}

/** The language switch of a page's header (`#lang`). */
export function languageSwitch() {
  return h("span", { id: "lang" }, h("button", { class: "lang-switch", type: "button", onclick: switchLanguage }, t("lang.switch")));
}

/** A link of a page's header to another page. */
export function navLink(href, key) {
  return h("a", { class: "nav", href }, t(key));
}
