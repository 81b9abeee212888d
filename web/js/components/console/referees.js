// Referees (CSV: id,name,role,organization,venues,criteria,aspects; lists split on ";"),
// their tokens and screen tokens as cards (name, role, venues, aspects, QR code, link),
// kept on the page (and in this tab's session storage) until dismissed, with a
// printable sheet of one card per person. Links use the public base URL: the server's
// setting (`GET /api/site`), or what the organizer typed; a loopback address is warned
// about, since no tablet can reach it.
// State: `referees: {busy, lines, error, issued, base}`.
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { qrSvg } from "../../qr-svg.js";
import { refereesFromCsv } from "./csv.js";
import { lineErrors, problemView } from "./problems.js";
import { textWithFile } from "./text-input.js";

export const REFEREES = { busy: false, lines: null, error: null, issued: [], base: "" };
const BASE_KEY = "judging.console.public_base";

const issuedKey = (cid) => `judging.console.tokens.${cid}`;

/** The cards issued for a contest and not dismissed yet (this tab only). */
export function keptCards(cid) {
  try {
    return JSON.parse(sessionStorage.getItem(issuedKey(cid)) ?? "[]");
  } catch {
    return [];
  }
}

function keep(ctx, issued) {
  const { cid } = ctx.store.get();
  sessionStorage.setItem(issuedKey(cid), JSON.stringify(issued));
  ctx.store.update("referees", { issued });
}

/** The base URL of printed links: typed, else the server's setting, else this page's. */
export function initialBase(site) {
  return localStorage.getItem(BASE_KEY) || site?.public_base_url || location.origin;
}

export function isLoopback(base) {
  try {
    const host = new URL(base).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host.startsWith("127.") || host === "::1" || host === "0.0.0.0";
  } catch {
    return true;
  }
}

function pageLink(base, kind, cid, token) {
  return `${base.replace(/\/+$/, "")}/${kind}/${encodeURIComponent(cid)}#token=${token}`;
}

function scopeLine(card, names) {
  const venues = (card.venues ?? []).map((v) => names.venues.get(v) ?? v).join("、") || t("console.cards.all_venues");
  const scope = [...(card.criteria ?? []).map((c) => names.criteria.get(c) ?? c), ...(card.aspects ?? []).map((a) => names.subjects.get(a) ?? a)];
  const aspects = scope.join("、") || t("console.cards.all_aspects");
  return [`${t("console.cards.venues")}: ${venues}`, `${t("console.cards.aspects")}: ${aspects}`];
}

const PAGE_OF = { screen: "screen", candidate: "assess" };

function tokenCard(cid, base, card, names) {
  const page = PAGE_OF[card.kind] ?? (card.role === "chief" ? "chief" : "referee");
  const url = pageLink(base, page, cid, card.token);
  const referee = !(card.kind in PAGE_OF);
  const role = referee ? t(`role.${card.role}`) : t(`role.${card.kind}`);
  return h("figure", { class: "token-card", dataset: { token: card.token, referee: card.id ?? null, kind: card.kind ?? null } },
    qrSvg(url, { size: 132, label: card.name }),
    h("figcaption", {},
      h("strong", { class: "card-name" }, card.name),
      h("span", { class: "muted" }, role),
      referee ? scopeLine(card, names).map((line) => h("span", { class: "scope" }, line)) : null,
      h("a", { class: "link", href: url, target: "_blank", rel: "noopener" }, url)));
}

async function register(ctx) {
  const parsed = refereesFromCsv(byId("referees-text").value);
  if (parsed.errors.length || !parsed.items.length) {
    ctx.store.update("referees", { lines: parsed.errors, error: null });
    return;
  }
  const { cid, token } = ctx.store.get();
  ctx.store.update("referees", { lines: null, error: null, busy: true });
  try {
    const issued = await api(contestPath(cid, "referees"), { token, method: "POST", body: parsed.items });
    const scopes = new Map(parsed.items.map((item) => [item.id, item]));
    const cards = issued.map((r) => ({ ...scopes.get(r.id), ...r, kind: "referee" }));
    const kept = ctx.store.get().referees.issued.filter((card) => !cards.some((c) => c.id === card.id));
    keep(ctx, [...kept, ...cards]);
    ctx.store.update("referees", { busy: false });
    await ctx.refresh();
  } catch (error) {
    ctx.store.update("referees", { busy: false, error });
  }
}

async function screenToken(ctx) {
  const { cid, token } = ctx.store.get();
  try {
    const issued = await api(contestPath(cid, "tokens"), { token, method: "POST", body: { role: "screen" } });
    const card = { id: issued.subject_id, name: `${t("role.screen")} ${issued.subject_id}`, kind: "screen", token: issued.token };
    keep(ctx, [...ctx.store.get().referees.issued, card]);
  } catch (error) {
    ctx.store.update("referees", { error });
  }
}

/** Online assessment: a personal link per candidate (issuing again ends the earlier ones). */
async function candidateLinks(ctx) {
  const { cid, token } = ctx.store.get();
  try {
    const issued = await api(contestPath(cid, "candidates", "tokens"), { token, method: "POST" });
    if (!issued.length) {
      ctx.store.update("referees", { error: { code: "no_candidates", message: t("console.candidates.none") } });
      return;
    }
    const cards = issued.map((c) => ({ id: c.contestant_id, name: c.name, kind: "candidate", token: c.token }));
    const kept = ctx.store.get().referees.issued.filter((card) => card.kind !== "candidate");
    keep(ctx, [...kept, ...cards]);
    ctx.store.update("referees", { error: null });
  } catch (error) {
    ctx.store.update("referees", { error });
  }
}

function hasQuestions(definition) {
  return (definition?.criteria ?? []).some((c) => c.aspects.some((a) => a.question));
}

function setBase(ctx, value) {
  localStorage.setItem(BASE_KEY, value.trim());
  ctx.store.update("referees", { base: value.trim() });
}


export function refereesSection(ctx) {
  return h("section", { class: "card", id: "referees" },
    h("h2", {}, t("console.referees.title")),
    textWithFile({
      id: "referees-text", accept: ".csv,text/csv", label: t("console.referees.file"),
      rows: 4, placeholder: "id,name,role,venues\nr1,赵裁判,referee,wz\nchief,周裁判长,chief,",
    }),
    h("div", { class: "actions" },
      h("button", { id: "referees-register", class: "primary", type: "button", onclick: () => register(ctx) }, t("console.referees.register")),
      h("button", { id: "screen-token", type: "button", onclick: () => screenToken(ctx) }, t("console.referees.screen")),
      h("button", { id: "candidate-links", type: "button", class: "hidden", title: t("console.candidates.hint"), onclick: () => candidateLinks(ctx) }, t("console.candidates.links"))),
    h("div", { id: "referees-errors" }),
    h("label", { class: "base-url" }, t("console.base.label"),
      h("input", { id: "public-base", type: "url", placeholder: "http://192.168.1.20:8000", onchange: (event) => setBase(ctx, event.target.value) })),
    h("p", { id: "public-base-warning", class: "warn-note hidden", role: "alert" }, t("console.base.loopback")),
    h("div", { id: "token-sheet", class: "token-sheet hidden" },
      h("p", { class: "warn-note" }, t("console.referees.once")),
      h("div", { class: "actions no-print" },
        h("button", { id: "print-tokens", type: "button", class: "primary", onclick: () => window.print() }, t("console.referees.print")),
        h("button", { id: "dismiss-tokens", type: "button", onclick: () => keep(ctx, []) }, t("console.referees.dismiss"))),
      h("h2", { class: "print-only", id: "token-sheet-title" }),
      h("div", { class: "token-cards", id: "token-cards", "aria-live": "polite" })));
}

export function renderReferees({ cid, detail, names, referees }) {
  const { busy, lines, error, issued, base } = referees;
  byId("referees-register").disabled = busy;
  byId("candidate-links").classList.toggle("hidden", !hasQuestions(detail.definition));
  mount(byId("referees-errors"), error ? problemView(error) : lines ? lineErrors(lines) : null);
  const input = byId("public-base");
  if (document.activeElement !== input) input.value = base;
  byId("public-base-warning").classList.toggle("hidden", !isLoopback(base));
  byId("token-sheet").classList.toggle("hidden", issued.length === 0);
  byId("token-sheet-title").textContent = `${detail.definition.title} · ${t("console.referees.sheet")}`;
  mount(byId("token-cards"), issued.map((card) => tokenCard(cid, base, card, names)));
}
