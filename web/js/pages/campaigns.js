// Evaluation campaigns, for the organizer: sign in with the organizer token, create a
// campaign from a simple form (subjects and criteria a line each), issue rater links
// with QR codes on a printable sheet (tokens are shown once), type in a batch of
// paper forms, read the report, in the organizer's or the trainer's view, and close.
import { api, tokenStore } from "../api.js";
import { newCommandId } from "../outbox.js";
import { reportTable } from "../components/campaigns/report.js";
import { byId, dropHash, h, hashParam, mount } from "../dom.js";
import { rejectionText, t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { qrSvg } from "../qr-svg.js";
import { createStore, touched } from "../store.js";

const tokens = tokenStore("organizer", "console"); // the console's sign-in, shared
const KINDS = ["training", "course", "mentor", "apprentice", "worker", "other"];
const SCALE = [1, 5];

const store = createStore({
  session: null, token: null, list: [], selected: null, detail: null,
  links: [], paper: [], paperId: newCommandId(), report: null, trainerView: false, message: null,
});

const path = (...parts) => `/api/campaigns${parts.map((p) => `/${encodeURIComponent(p)}`).join("")}`;

async function call(url, options = {}) {
  try {
    return await api(url, { token: store.get().token, ...options });
  } catch (error) {
    store.set({ message: { error: true, text: t("campaigns.failed", { reason: rejectionText(error) }) } });
    throw error;
  }
}

async function begin(token) {
  try {
    const me = await api("/api/me", { token });
    if (me.role !== "organizer") throw new Error("not an organizer");
  } catch {
    tokens.clear();
    store.set({ session: "signin", token: null });
    return;
  }
  tokens.set(token);
  store.set({ session: "organizer", token });
  await loadList(new URLSearchParams(location.search).get("campaign"));
}

async function loadList(select = null) {
  const list = await call(path());
  store.set({ list });
  const chosen = select ?? store.get().selected ?? list.at(-1)?.id;
  if (chosen) await selectCampaign(chosen);
}

async function selectCampaign(id) {
  store.set({ selected: id, links: [], paper: [], report: null });
  const detail = await call(path(id));
  store.set({ detail });
  await loadReport();
}

async function loadReport() {
  const { selected, trainerView } = store.get();
  const report = await call(`${path(selected, "report")}?view=${trainerView ? "trainer" : "organizer"}`);
  store.set({ report });
}

function lines(text) {
  return text.split("\n").map((line) => line.split(/[,，]/).map((part) => part.trim())).filter((parts) => parts[0]);
}

function ids(text) {
  return text.split(/[\s,，]+/).map((id) => id.trim()).filter(Boolean);
}

function definitionFrom(form) {
  const value = (name) => form.elements[name].value.trim();
  return {
    id: value("id"),
    title: value("title"),
    kind: value("kind"),
    raters: value("raters"),
    min_answers: Number(value("min_answers")),
    period: { start: new Date(value("start")).toISOString(), end: new Date(value("end")).toISOString() },
    subjects: lines(value("subjects")).map(([id, name, kind]) => ({ id, name: name || id, kind: KINDS.includes(kind) || kind === "trainer" ? kind : "other" })),
    form: {
      criteria: lines(value("criteria")).map(([id, name, weight]) => ({
        id, name: name || id, weight: Number(weight) || 1,
        aspects: [{ id, name: name || id, max: 10, scale: SCALE }],
      })),
    },
    participants: ids(value("participants")),
    ...(value("raters") === "identified" ? { rater_ids: ids(value("rater_ids")) } : {}),
  };
}

async function create(event) {
  event.preventDefault();
  const body = definitionFrom(event.target);
  await call(path(), { method: "POST", body });
  store.set({ message: { error: false, text: t("campaigns.created") } });
  await loadList(body.id);
}

function localInput(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

function field(key, control) {
  return h("label", { class: "field" }, h("span", {}, key ? t(key) : ""), control);
}

function createForm() {
  const now = new Date();
  const week = new Date(now.getTime() + 7 * 86400000);
  return h("form", { class: "card", id: "create", onsubmit: create },
    h("h2", {}, t("campaigns.new")),
    field("campaigns.name", h("input", { name: "title", required: true, value: "焊接技能培训反馈" })),
    field("campaigns.id", h("input", { name: "id", required: true, pattern: "[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}", value: `training-${now.toISOString().slice(0, 10)}` })),
    h("div", { class: "row" },
      field("campaigns.kind", h("select", { name: "kind" }, KINDS.map((k) => h("option", { value: k }, t(`campaigns.kind.${k}`))))),
      field("campaigns.raters", h("select", { name: "raters" },
        h("option", { value: "anonymous" }, t("campaigns.raters.anonymous")),
        h("option", { value: "identified" }, t("campaigns.raters.identified"))))),
    h("div", { class: "row" },
      field("campaigns.start", h("input", { name: "start", type: "datetime-local", required: true, value: localInput(now) })),
      field("campaigns.end", h("input", { name: "end", type: "datetime-local", required: true, value: localInput(week) }))),
    field("campaigns.min_answers", h("input", { name: "min_answers", type: "number", min: 1, max: 100, value: 3 })),
    field("campaigns.subjects", h("textarea", { name: "subjects", rows: 3 }, "wang, 王老师, trainer\ncourse, 焊接基础课程, course")),
    field("campaigns.criteria", h("textarea", { name: "criteria", rows: 3 }, "teaching, 讲授清晰, 2\npractice, 实操指导, 2\ndesign, 课程设计, 1")),
    field("campaigns.participants", h("textarea", { name: "participants", rows: 2 })),
    field("campaigns.rater_ids", h("input", { name: "rater_ids" })),
    h("button", { class: "primary", type: "submit" }, t("campaigns.create")));
}

function signInForm() {
  const input = h("input", { id: "token-input", type: "password", autocomplete: "off", placeholder: t("campaigns.signin") });
  return h("form", { class: "card", id: "signin", onsubmit: (event) => { event.preventDefault(); begin(input.value.trim()); } },
    h("h2", {}, t("campaigns.signin")), input, h("button", { class: "primary", type: "submit" }, t("campaigns.signin_button")));
}

function layout() {
  return [
    h("header", { class: "topbar no-print" }, h("h1", {}, t("campaigns.title")), navLink("/console", "nav.console"), navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "page campaigns-page" },
      h("div", { id: "signin-slot" }),
      h("p", { id: "message", role: "status" }),
      h("div", { id: "workspace", class: "campaigns-grid hidden" },
        h("aside", { class: "no-print" },
          h("section", { class: "card" }, h("h2", {}, t("campaigns.list")), h("ul", { id: "campaign-list", class: "campaign-list" })),
          createForm()),
        h("div", { id: "campaign" }))),
  ];
}

function listItem(entry, selected) {
  return h("li", {}, h("button", {
    type: "button", class: "campaign-pick", "aria-pressed": String(entry.id === selected), dataset: { campaign: entry.id },
    onclick: () => selectCampaign(entry.id),
  }, h("span", { class: "strong" }, entry.title), " ",
  h("span", { class: "muted small" }, `${t(`campaigns.kind.${entry.kind}`)} · ${entry.closed ? t("campaigns.closed") : t("campaigns.open")}`)));
}

async function issue(event) {
  event.preventDefault();
  const { selected, detail } = store.get();
  const value = event.target.elements.amount.value.trim();
  const body = detail.raters === "identified" ? { raters: ids(value) } : { count: Number(value) };
  const issued = await call(path(selected, "links"), { method: "POST", body });
  store.set({ links: issued.links });
  store.set({ detail: await call(path(selected)) });
}

function linkCard(link) {
  const url = new URL(link.url, location.origin).href;
  return h("figure", { class: "link-card" }, qrSvg(url, { size: 150, label: url }),
    h("figcaption", {}, store.get().detail.title, link.rater_id ? h("strong", {}, ` · ${link.rater_id}`) : null,
      h("code", { class: "link-url" }, url)));
}

function linksSection(detail, links) {
  const used = detail.links.used ?? t("campaigns.links_few", { k: detail.min_answers });
  const identified = detail.raters === "identified";
  return h("section", { class: "card", id: "links" }, h("h2", { class: "no-print" }, t("campaigns.links")),
    h("p", { class: "muted no-print", id: "links-state" }, t("campaigns.links_state", { issued: detail.links.issued, used })),
    h("form", { class: "row no-print", onsubmit: issue },
      identified
        ? field("campaigns.rater_ids", h("input", { name: "amount", required: true, value: (detail.rater_ids ?? []).join(" ") }))
        : field("campaigns.links_count", h("input", { name: "amount", type: "number", min: 1, max: 500, value: 10, required: true })),
      h("button", { type: "submit", class: "primary", id: "issue-links", disabled: detail.closed }, t("campaigns.issue")),
      links.length ? h("button", { type: "button", onclick: () => window.print() }, t("campaigns.print")) : null),
    links.length ? h("p", { class: "warn no-print" }, t("campaigns.links_once")) : null,
    h("div", { class: "link-sheet", id: "link-sheet" }, links.map(linkCard)));
}

function paperSection(detail, rows) {
  const aspects = detail.form.criteria.flatMap((c) => c.aspects);
  const add = (event) => {
    event.preventDefault();
    const form = event.target;
    const values = Object.fromEntries(aspects.map((a) => [a.id, Number(form.elements[`a-${a.id}`].value)]));
    const row = { subject_id: form.elements.subject.value, values };
    if (detail.raters === "identified") row.rater_id = form.elements.rater.value.trim();
    store.set(({ paper }) => ({ paper: [...paper, row] }));
    form.reset();
  };
  const send = async () => {
    // One command id per batch: sending it again after a lost reply enters it once.
    await call(path(detail.id, "answers"), { method: "POST", body: { batch: rows, command_id: store.get().paperId } });
    store.set({ paper: [], paperId: newCommandId(), message: { error: false, text: t("campaigns.paper_sent", { n: rows.length }) } });
    await loadReport();
  };
  return h("section", { class: "card no-print", id: "paper" }, h("h2", {}, t("campaigns.paper")),
    h("form", { class: "row", onsubmit: add },
      field("campaigns.subject", h("select", { name: "subject" }, detail.subjects.map((s) => h("option", { value: s.id }, s.name)))),
      detail.raters === "identified" ? field("campaigns.rater", h("input", { name: "rater", required: true })) : null,
      aspects.map((a) => {
        const [low, top] = a.scale ?? [0, a.max];
        return field(null, h("input", { name: `a-${a.id}`, type: "number", min: low, max: top, step: "any", required: true, placeholder: a.name, "aria-label": a.name, class: "paper-value" }));
      }),
      h("button", { type: "submit" }, t("campaigns.paper_add"))),
    h("button", { type: "button", class: "primary", id: "paper-send", disabled: rows.length === 0, onclick: send }, t("campaigns.paper_send", { n: rows.length })));
}

function reportSection(detail, report, trainerView) {
  const toggle = async () => {
    store.set({ trainerView: !trainerView });
    await loadReport();
  };
  const close = async () => {
    await call(path(detail.id, "close"), { method: "POST" });
    await selectCampaign(detail.id);
    await loadList(detail.id);
  };
  return h("section", { class: "card", id: "report" },
    h("div", { class: "row no-print" }, h("h2", {}, t("campaigns.report")),
      h("button", { type: "button", "aria-pressed": String(trainerView), onclick: toggle, id: "trainer-view" }, t("campaigns.trainer_view")),
      h("button", { type: "button", onclick: loadReport }, t("campaigns.refresh")),
      detail.closed ? null : h("button", { type: "button", class: "danger", onclick: close, id: "close-campaign" }, t("campaigns.close"))),
    report ? reportTable(report, detail.form) : null);
}

function campaignView(state) {
  const { detail } = state;
  if (!detail) return null;
  const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" });
  const period = `${when(detail.period.start)} – ${when(detail.period.end)}`;
  return [
    h("div", { class: "campaign-head" }, h("h2", {}, detail.title),
      h("span", { class: detail.closed ? "chip chip-rejected" : "chip chip-sent" }, detail.closed ? t("campaigns.closed") : t("campaigns.open")),
      h("span", { class: "muted" }, `${t(`campaigns.kind.${detail.kind}`)} · ${t(`campaigns.raters.${detail.raters}`)} · ${period}`)),
    linksSection(detail, state.links),
    paperSection(detail, state.paper),
    reportSection(detail, state.report, state.trainerView),
  ];
}

function render(state, changes) {
  if (touched(changes, "session")) {
    mount(byId("signin-slot"), state.session === "signin" ? signInForm() : null);
    byId("workspace").classList.toggle("hidden", state.session !== "organizer");
  }
  if (touched(changes, "message")) {
    const message = byId("message");
    message.textContent = state.message?.text ?? "";
    message.className = state.message?.error ? "error" : "muted";
  }
  if (touched(changes, "list", "selected")) mount(byId("campaign-list"), state.list.length ? state.list.map((e) => listItem(e, state.selected)) : h("li", { class: "muted" }, t("campaigns.empty")));
  if (touched(changes, "detail", "links", "paper", "report", "trainerView")) mount(byId("campaign"), campaignView(state));
}

async function main() {
  const fromHash = hashParam("token"); // a link with #token=, as the console takes it
  if (fromHash) {
    tokens.set(fromHash);
    dropHash();
  }
  await startPage({ style: "campaigns", layout, store, render });
  const token = tokens.get();
  if (token) await begin(token);
  else store.set({ session: "signin" });
}

main();
