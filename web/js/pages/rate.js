// The rater's form, opened from a link or QR code (`/rate.html#<token>`, or `?link=`):
// phone first. The rater picks a value per aspect for every subject and sends; the
// answer goes through the persistent outbox, so a cut network keeps it on the phone
// and sends it when the network is back (exactly once: a resend is a duplicate).
// States: loading, the form, sending / waiting for the network, sent, already used,
// closed. The token stays in the fragment, which never reaches a server log.
import { api, NetworkError } from "../api.js";
import { AnswerOutbox } from "../components/campaigns/answer-outbox.js";
import { byId, h, mount } from "../dom.js";
import { currentLanguage, rejectionText, t } from "../i18n.js";
import { languageSwitch, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const MAX_BUTTONS = 11; // a scale with more steps than this is typed as a number

function linkToken() {
  const fromHash = decodeURIComponent(location.hash.slice(1)).trim();
  if (fromHash) return fromHash;
  return (new URLSearchParams(location.search).get("link") || "").trim() || null;
}

const link = linkToken();
const campaignId = link && link.includes(".") ? link.slice(0, link.lastIndexOf(".")) : null;
const FORM_KEY = `judging.rate.form.${campaignId}`;

const store = createStore({
  doc: null, // the form as the server sent it (or as saved, offline)
  offlineForm: false,
  error: null,
  values: {}, // subject id -> aspect id -> value
  outbox: null,
  online: navigator.onLine,
});

function aspects(doc) {
  return doc.form.criteria.flatMap((criterion) => criterion.aspects.map((aspect) => ({ ...aspect, criterion })));
}

function choices(aspect) {
  if (aspect.type === "measurement") {
    if (aspect.rule?.kind === "pass_fail") return [[true, t("rate.yes")], [false, t("rate.no")]];
    return null;
  }
  const [low, top] = aspect.scale ?? [0, aspect.max];
  if (!Number.isInteger(low) || !Number.isInteger(top) || top - low + 1 > MAX_BUTTONS) return null;
  return Array.from({ length: top - low + 1 }, (_, i) => [low + i, String(low + i)]);
}

function choose(subjectId, aspectId, value) {
  store.set(({ values }) => {
    const mine = { ...(values[subjectId] ?? {}) };
    if (value === null) delete mine[aspectId];
    else mine[aspectId] = value;
    return { values: { ...values, [subjectId]: mine } };
  });
}

function aspectControl(subject, aspect) {
  const options = choices(aspect);
  const name = `${subject.id}.${aspect.id}`;
  if (options) {
    return h("div", { class: "rate-scale", role: "group", "aria-label": aspect.name },
      options.map(([value, label]) => h("button", {
        type: "button", class: "rate-choice", dataset: { field: name, value: String(value) },
        "aria-pressed": "false", onclick: () => choose(subject.id, aspect.id, value),
      }, label)));
  }
  const [low, top] = aspect.type === "judgement" ? (aspect.scale ?? [0, aspect.max]) : [0, aspect.max];
  return h("input", {
    type: "number", inputmode: "decimal", step: "any", min: low, max: top, class: "rate-number",
    dataset: { field: name }, "aria-label": aspect.name,
    oninput: (event) => {
      const value = event.target.value === "" ? null : Number(event.target.value);
      choose(subject.id, aspect.id, value === null || Number.isNaN(value) ? null : value);
    },
  });
}

function subjectCard(doc, subject) {
  return h("section", { class: "card rate-subject", dataset: { subject: subject.id } },
    h("h2", {}, subject.name, h("span", { class: "rate-kind" }, t(`rate.subject_kind.${subject.kind}`))),
    aspects(doc).map((aspect) => {
      const range = choices(aspect) && aspect.type === "judgement" ? h("span", { class: "muted small" }, `${t("rate.low")} → ${t("rate.high")}`) : null;
      return h("div", { class: "rate-aspect" },
        h("div", { class: "rate-aspect-name" }, h("span", {}, aspect.name), range),
        aspectControl(subject, aspect));
    }));
}

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(currentLanguage() === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

function layout() {
  return [
    h("header", { class: "topbar" }, h("h1", { id: "rate-title" }, t("rate.title")), languageSwitch()),
    h("main", { class: "page narrow rate-page" },
      h("p", { id: "rate-status", class: "rate-status", role: "status", "aria-live": "polite" }),
      h("div", { id: "rate-head" }),
      h("div", { id: "rate-form" }),
      h("div", { id: "rate-bar", class: "rate-bar hidden" },
        h("span", { id: "rate-left", class: "muted" }),
        h("button", { type: "button", id: "rate-submit", class: "primary", onclick: submit }, t("rate.submit")))),
  ];
}

function missing(state) {
  const { doc, values } = state;
  if (!doc) return 0;
  const ids = aspects(doc).map((aspect) => aspect.id);
  return doc.subjects.reduce((left, subject) => left + ids.filter((id) => !(id in (values[subject.id] ?? {}))).length, 0);
}

function submit() {
  const state = store.get();
  if (!state.doc || missing(state) > 0 || !state.outbox || state.outbox.items.length > 0) return;
  const answers = state.doc.subjects.map((subject) => ({ subject_id: subject.id, values: state.values[subject.id] }));
  state.outbox.add({ link, answers });
}

/** What the page shows: from the outbox first (an answer queued here), then the link. */
function phase(state) {
  if (!link || !campaignId) return "no_link";
  const item = state.outbox?.items.at(-1);
  if (item?.state === "pending") return state.online ? "sending" : "waiting";
  if (item?.state === "sent") return "sent";
  if (item?.state === "rejected") {
    if (item.error?.code === "link_already_used") return "used";
    if (item.error?.code === "campaign_closed") return "closed";
    return "rejected";
  }
  if (state.error && !state.doc) return "error";
  if (!state.doc) return "loading";
  if (state.doc.used) return "used";
  if (state.doc.closed) return "closed";
  if (state.doc.open === false) return "not_open";
  return "form";
}

const STATUS = {
  no_link: ["rate.no_link", "bad"],
  loading: ["rate.loading", "muted"],
  sending: ["rate.sending", "warn"],
  waiting: ["rate.waiting", "warn"],
  sent: ["rate.sent", "ok"],
  used: ["rate.used", "bad"],
  closed: ["rate.closed", "bad"],
  not_open: ["reject.campaign_not_open", "bad"],
};

function statusText(state, now) {
  if (now === "rejected") return t("rate.rejected", { reason: rejectionText(state.outbox.items.at(-1).error) });
  if (now === "error") return rejectionText(state.error);
  if (now === "form") return state.offlineForm ? t("rate.offline_form") : "";
  return t(STATUS[now][0]);
}

function renderValues(state) {
  for (const element of document.querySelectorAll("[data-field]")) {
    const [subjectId, aspectId] = element.dataset.field.split(".");
    const value = state.values[subjectId]?.[aspectId];
    if (element.tagName === "BUTTON") element.setAttribute("aria-pressed", String(value !== undefined && String(value) === element.dataset.value));
  }
  const left = missing(state);
  byId("rate-left").textContent = left ? t("rate.left", { n: left }) : "";
  byId("rate-submit").disabled = left > 0;
}

function render(state, changes) {
  const now = phase(state);
  const status = byId("rate-status");
  status.textContent = statusText(state, now);
  status.dataset.phase = now;
  status.className = `rate-status rate-${STATUS[now]?.[1] ?? (now === "form" ? "muted" : "bad")}`;
  if (touched(changes, "doc") && state.doc) {
    const doc = state.doc;
    document.title = `${doc.title} · ${t("rate.title")}`;
    byId("rate-title").textContent = doc.title;
    mount(byId("rate-head"),
      h("p", { class: "rate-intro" }, t(doc.raters === "anonymous" ? "rate.intro" : "rate.intro_identified")),
      h("p", { class: "muted small" }, t("rate.period", { start: formatTime(doc.period.start), end: formatTime(doc.period.end) })));
    mount(byId("rate-form"), doc.subjects.map((subject) => subjectCard(doc, subject)));
  }
  const showForm = now === "form";
  byId("rate-form").classList.toggle("hidden", !showForm);
  byId("rate-bar").classList.toggle("hidden", !showForm);
  if (showForm) renderValues(state);
}

async function loadForm() {
  try {
    const doc = await api(`/api/campaigns/${encodeURIComponent(campaignId)}/form`, { method: "POST", body: { link } });
    localStorage.setItem(FORM_KEY, JSON.stringify(doc));
    store.set({ doc, error: null, offlineForm: false });
  } catch (error) {
    const saved = error instanceof NetworkError ? localStorage.getItem(FORM_KEY) : null;
    if (saved) store.set({ doc: JSON.parse(saved), offlineForm: true });
    else store.set({ error: { code: error.code, message: error.message } });
    if (error instanceof NetworkError) setTimeout(loadForm, 3000);
  }
}

async function main() {
  await startPage({ style: "rate", layout, store, render });
  if (!link || !campaignId) return;
  const outbox = new AnswerOutbox({ campaignId, link, onChange: (changed) => store.set({ outbox: changed }) });
  store.set({ outbox });
  window.addEventListener("online", () => store.set({ online: true }));
  window.addEventListener("offline", () => store.set({ online: false }));
  outbox.start();
  await loadForm();
}

window.addEventListener("hashchange", () => location.reload()); // another link: another form
main();
