// Referees (CSV: id,name,role,organization,venues,criteria,aspects; lists split on ";"),
// their tokens shown once with a QR code of each tablet link, and screen tokens.
import { api, contestPath } from "../../api.js";
import { h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { qrSvg } from "../../qr-svg.js";
import { refereesFromCsv } from "./csv.js";
import { lineErrors, problemView } from "./problems.js";

function pageLink(kind, cid, token) {
  return `${location.origin}/${kind}/${encodeURIComponent(cid)}#token=${token}`;
}

function tokenCard(title, subtitle, url, token) {
  return h("figure", { class: "token-card", dataset: { token } },
    qrSvg(url, { size: 128, label: title }),
    h("figcaption", {},
      h("strong", {}, title), h("span", { class: "muted" }, subtitle),
      h("code", { class: "token" }, token),
      h("a", { href: url, target: "_blank", rel: "noopener" }, t("console.referees.open"))));
}

export function refereesSection(ctx) {
  const text = h("textarea", { id: "referees-text", rows: 4, spellcheck: "false", placeholder: "id,name,role,venues\nr1,赵裁判,referee,wz\nchief,周裁判长,chief," });
  const errors = h("div", { id: "referees-errors" });
  const note = h("div", {});
  const cards = h("div", { class: "token-cards", id: "token-cards", "aria-live": "polite" });
  const register = h("button", { id: "referees-register", class: "primary", type: "button" }, t("console.referees.register"));
  register.addEventListener("click", async () => {
    const parsed = refereesFromCsv(text.value);
    if (parsed.errors.length || !parsed.items.length) { mount(errors, lineErrors(parsed.errors)); return; }
    mount(errors);
    register.disabled = true;
    try {
      const issued = await api(contestPath(ctx.cid, "referees"), { token: ctx.token, method: "POST", body: parsed.items });
      mount(note, h("p", { class: "warn-note" }, t("console.referees.once")));
      mount(cards, issued.map((r) => tokenCard(r.name, t(`role.${r.role}`), pageLink("referee", ctx.cid, r.token), r.token)));
      await ctx.refresh();
    } catch (error) {
      mount(errors, problemView(error));
    } finally {
      register.disabled = false;
    }
  });
  const screen = h("button", { id: "screen-token", type: "button" }, t("console.referees.screen"));
  screen.addEventListener("click", async () => {
    try {
      const issued = await api(contestPath(ctx.cid, "tokens"), { token: ctx.token, method: "POST", body: { role: "screen" } });
      cards.append(tokenCard(t("role.screen"), issued.subject_id, pageLink("screen", ctx.cid, issued.token), issued.token));
    } catch (error) {
      mount(errors, problemView(error));
    }
  });
  const file = h("input", { type: "file", accept: ".csv,text/csv", onchange: async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  } });
  return h("section", { class: "card", id: "referees" },
    h("h2", {}, t("console.referees.title")),
    h("label", { class: "file" }, t("console.referees.file"), " ", file),
    text, h("div", { class: "actions" }, register, screen), errors, note, cards);
}
