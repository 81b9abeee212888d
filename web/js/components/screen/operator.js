// The operator's controls, hidden from the audience: a panel that appears when the
// mouse moves or a key is pressed and hides again after a few idle seconds (the `o`
// key pins it). Everything it sets can also be set in the URL: `?venue=<id>`,
// `?view=public|live`, `?mode=board|final`, `?page=2` (the page to start from: two
// screens side by side can show pages 1 and 2), `?reveal=1`, `?lang=en`, `?operator=1`.
// Keys: r reveal, space/→ next step, Esc leave the reveal, f final results / board,
// v next venue, o pin the panel.
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { languageSwitch } from "../../page.js";

const IDLE_MS = 4000;
let timer = null;

/** The panel, laid out once; its buttons call `actions`. */
export function operatorPanel(actions) {
  return h("div", { id: "operator", class: "operator hidden", role: "toolbar", "aria-label": t("screen.operator") },
    h("button", { id: "reveal-open", type: "button", class: "hidden", onclick: actions.reveal }, t("screen.reveal")),
    h("nav", { id: "venues", class: "venues" }),
    h("button", { id: "view-toggle", type: "button", class: "hidden", onclick: actions.toggleView }),
    h("button", { id: "mode-toggle", type: "button", onclick: actions.toggleMode }),
    h("button", { id: "fullscreen", type: "button", onclick: () => document.documentElement.requestFullscreen?.() }, t("screen.fullscreen")),
    h("span", { id: "position", class: "position" }),
    languageSwitch());
}

/** Show the panel now and hide it after IDLE_MS (unless pinned or hovered). */
export function wake(store) {
  clearTimeout(timer);
  if (!store.get().operator) store.set({ operator: true });
  timer = setTimeout(() => {
    const { pinned } = store.get();
    if (!pinned && !byId("operator").matches(":hover")) store.set({ operator: false });
    else wake(store);
  }, IDLE_MS);
}

export function renderOperator(state) {
  const panel = byId("operator");
  panel.classList.toggle("hidden", !(state.operator || state.pinned));
  document.body.classList.toggle("idle", !(state.operator || state.pinned));
  byId("reveal-open").classList.toggle("hidden", !state.token);
  const view = byId("view-toggle");
  view.classList.toggle("hidden", !state.token);
  view.textContent = t(state.view === "live" ? "screen.show_public" : "screen.show_live");
  byId("mode-toggle").textContent = t(state.final ? "screen.show_board" : "screen.show_final");
  byId("position").textContent = state.doc ? t("screen.position", { position: state.doc.position }) : "";
}

/** The venue filter's buttons (a contest of one venue has none). */
export function renderVenues({ definition }, venueButton) {
  const venues = definition?.venues ?? [];
  mount(byId("venues"), venues.length < 2 ? [] : [venueButton(null, t("common.all")), venues.map((v) => venueButton(v.id, v.name))]);
}
