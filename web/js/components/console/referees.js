// Referees (CSV: id,name,role,organization,venues,criteria,aspects; lists split on ";"),
// their tokens shown once with a QR code of each tablet link, and screen tokens.
// State: `referees: {busy, lines, error, issued}`: CSV errors by line, a refused
// request, and the token cards issued (`{title, subtitle, kind, token}`).
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { qrSvg } from "../../qr-svg.js";
import { refereesFromCsv } from "./csv.js";
import { lineErrors, problemView } from "./problems.js";
import { textWithFile } from "./text-input.js";

export const REFEREES = { busy: false, lines: null, error: null, issued: [] };

function pageLink(kind, cid, token) {
  return `${location.origin}/${kind}/${encodeURIComponent(cid)}#token=${token}`;
}

function tokenCard(cid, { title, subtitle, kind, token }) {
  const url = pageLink(kind, cid, token);
  return h("figure", { class: "token-card", dataset: { token } },
    qrSvg(url, { size: 128, label: title }),
    h("figcaption", {},
      h("strong", {}, title), h("span", { class: "muted" }, subtitle),
      h("code", { class: "token" }, token),
      h("a", { href: url, target: "_blank", rel: "noopener" }, t("console.referees.open"))));
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
    const cards = issued.map((r) => ({ title: r.name, subtitle: t(`role.${r.role}`), kind: "referee", token: r.token }));
    ctx.store.update("referees", { busy: false, issued: cards });
    await ctx.refresh();
  } catch (error) {
    ctx.store.update("referees", { busy: false, error });
  }
}

async function screenToken(ctx) {
  const { cid, token } = ctx.store.get();
  try {
    const issued = await api(contestPath(cid, "tokens"), { token, method: "POST", body: { role: "screen" } });
    const card = { title: t("role.screen"), subtitle: issued.subject_id, kind: "screen", token: issued.token };
    ctx.store.set(({ referees }) => ({ referees: { ...referees, issued: [...referees.issued, card] } }));
  } catch (error) {
    ctx.store.update("referees", { error });
  }
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
      h("button", { id: "screen-token", type: "button", onclick: () => screenToken(ctx) }, t("console.referees.screen"))),
    h("div", { id: "referees-errors" }),
    h("div", { id: "referees-note" }),
    h("div", { class: "token-cards", id: "token-cards", "aria-live": "polite" }));
}

export function renderReferees({ cid, referees }) {
  const { busy, lines, error, issued } = referees;
  byId("referees-register").disabled = busy;
  mount(byId("referees-errors"), error ? problemView(error) : lines ? lineErrors(lines) : null);
  mount(byId("referees-note"), issued.some((card) => card.kind === "referee") ? h("p", { class: "warn-note" }, t("console.referees.once")) : null);
  mount(byId("token-cards"), issued.map((card) => tokenCard(cid, card)));
}
