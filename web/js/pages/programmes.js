// The organizer's mentor–apprentice programme page: sign in with the organizer token
// (the console's), pick or create a programme, form pairs, sign their agreements,
// enter period assessments, end pairs; the mentor's report (pairs, period scores,
// credits) and the mentor and apprentice pools with filters and paging.
import { api, tokenStore } from "../api.js";
import { labelled, poolTable, reportView, score, stateChip } from "../components/programmes/report.js";
import { byId, dropHash, h, hashParam, mount } from "../dom.js";
import { rejectionText, t } from "../i18n.js";
import { languageSwitch, navLink, startPage } from "../page.js";
import { createStore, touched } from "../store.js";

const tokens = tokenStore("organizer", "console");
const PROGRAMME_KEY = "judging.programmes.open";
const PAGE_SIZE = 10;
const POOL = { role: "mentors", organization: "", state: "", minScore: "", offset: 0, data: null };

const store = createStore({
  session: null, // "signin" | "organizer"
  signinMessage: "",
  token: null,
  programmes: [],
  pid: null,
  programme: null, // GET /api/programmes/{id}
  mentor: "", // the report's mentor ("" : all)
  report: null,
  pool: POOL,
  message: null, // {ok, text}
});

const path = (...parts) => ["/api/programmes", ...parts.map(encodeURIComponent)].join("/");
const call = (url, options = {}) => api(url, { token: store.get().token, ...options });
const today = () => new Date().toISOString().slice(0, 10);

function say(ok, text) {
  store.set({ message: { ok, text } });
}

function failed(error) {
  say(false, rejectionText({ code: error.code, message: error.message }));
}

// Loading ---------------------------------------------------------------------------

async function begin(token) {
  try {
    const me = await api("/api/me", { token });
    if (me.role !== "organizer") throw Object.assign(new Error(t("console.sign.not_organizer")), { code: "forbidden" });
  } catch (error) {
    tokens.clear();
    store.set({ session: "signin", signinMessage: rejectionText({ code: error.code, message: error.message }), token: null });
    return;
  }
  tokens.set(token);
  store.set({ session: "organizer", token });
  await loadList(new URLSearchParams(location.search).get("programme") || localStorage.getItem(PROGRAMME_KEY));
}

async function loadList(wanted) {
  const programmes = await call(path());
  store.set({ programmes });
  const ids = programmes.map((p) => p.programme_id);
  const pick = ids.includes(wanted) ? wanted : ids.length === 1 ? ids[0] : null;
  await open(pick);
}

async function open(pid) {
  if (!pid) return store.set({ pid: null, programme: null, report: null });
  localStorage.setItem(PROGRAMME_KEY, pid);
  const programme = await call(path(pid));
  store.set({ pid, programme, mentor: "", report: null, pool: POOL, message: null });
  await Promise.all([loadReport(), loadPool()]);
}

async function refresh() {
  const { pid } = store.get();
  store.set({ programme: await call(path(pid)) });
  await Promise.all([loadReport(), loadPool()]);
}

async function loadReport() {
  const { pid, mentor } = store.get();
  const query = mentor ? `?mentor=${encodeURIComponent(mentor)}` : "";
  try {
    store.set({ report: await call(`${path(pid, "report")}${query}`) });
  } catch (error) {
    failed(error);
  }
}

async function loadPool() {
  const { pid, pool } = store.get();
  const query = new URLSearchParams({ limit: PAGE_SIZE, offset: pool.offset });
  if (pool.organization) query.set("organization", pool.organization);
  if (pool.state) query.set("state", pool.state);
  if (pool.minScore !== "") query.set("min_score", pool.minScore);
  try {
    const data = await call(`${path(pid, pool.role)}?${query}`);
    store.update("pool", { data });
  } catch (error) {
    failed(error);
  }
}

/** Send a write; on success `clear()` its form, say `done(answer)` and read the programme again. */
async function send(url, body, done, clear = () => {}) {
  try {
    const answer = await call(url, { method: "POST", body });
    clear();
    say(true, done(answer));
    await refresh();
    return answer;
  } catch (error) {
    failed(error);
    return null;
  }
}

// Forms -----------------------------------------------------------------------------

function field(key, input) {
  return h("label", { class: "field" }, h("span", {}, t(key)), input);
}

function input(id, attributes = {}) {
  return h("input", { id, name: id, autocomplete: "off", ...attributes });
}

function value(id) {
  return byId(id).value.trim();
}

function parsePeriods(text) {
  const periods = [];
  const lines = text.split("\n").map((line) => line.trim());
  for (const [index, line] of lines.entries()) {
    if (!line) continue;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*[:：\s]\s*(.+)$/.exec(line);
    if (!match) return { error: t("prog.bad_period", { line: index + 1, text: line }) };
    periods.push({ id: match[1], name: match[2].trim() });
  }
  return periods.length ? { periods } : { error: t("prog.need_periods") };
}

function newProgrammeSection() {
  const submit = async (event) => {
    event.preventDefault();
    const { periods, error } = parsePeriods(byId("new-periods").value);
    if (error) return say(false, error);
    const weights = Object.fromEntries(["kpi", "improvement", "attitude"].map((part) => [part, Number(value(`new-w-${part}`) || 0)]));
    const body = { id: value("new-id"), title: value("new-title"), weights, periods };
    if (value("new-org")) body.organization = value("new-org");
    if (value("new-max")) body.max_apprentices = Number(value("new-max"));
    try {
      await call(path(), { method: "POST", body });
      await loadList(body.id); // opening it clears the message line: say it after
      say(true, t("prog.created", { id: body.id }));
    } catch (failure) {
      failed(failure);
    }
  };
  const weight = (part) => field(`prog.${part}`, input(`new-w-${part}`, { type: "number", min: 0, step: "any", value: part === "kpi" ? 2 : 1 }));
  return h("details", { class: "card", id: "new-programme-card", open: !store.get().programmes.length },
    h("summary", {}, h("h2", {}, t("prog.new"))),
    h("form", { class: "form-grid", id: "new-programme", onsubmit: submit },
    field("prog.id", input("new-id", { required: true, pattern: "[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}", placeholder: "fitters-2026" })),
    field("prog.name", input("new-title", { required: true, placeholder: "钳工师带徒 2026" })),
    field("prog.organization", input("new-org")),
    h("fieldset", { class: "weights" }, h("legend", {}, t("prog.weights")), ["kpi", "improvement", "attitude"].map(weight)),
    field("prog.periods", h("textarea", { id: "new-periods", rows: 3, placeholder: "q1 第一季度\nq2 第二季度" })),
    field("prog.max_apprentices", input("new-max", { type: "number", min: 1 })),
    h("button", { class: "primary", type: "submit" }, t("prog.create"))));
}

function pairSection() {
  const submit = async (event) => {
    event.preventDefault();
    if (!value("pair-mentor") || !value("pair-apprentice")) return say(false, t("prog.need_ids"));
    const who = (role) => ({ worker_id: value(`pair-${role}`), ...(value(`pair-${role}-name`) ? { name: value(`pair-${role}-name`) } : {}) });
    const goals = byId("pair-goals").value.split("\n").map((g) => g.trim()).filter(Boolean);
    const body = { mentor: who("mentor"), apprentice: who("apprentice"), start: value("pair-start") || today(), goals };
    const form = event.target;
    const clear = () => {
      form.reset();
      byId("pair-start").value = today();
    };
    await send(path(store.get().pid, "pairs"), body, (answer) => t("prog.formed", { id: answer.id }), clear);
  };
  return h("form", { class: "card form-grid", id: "pair-form", onsubmit: submit },
    h("h2", {}, t("prog.form_pair")),
    h("div", { class: "two" },
      field("prog.mentor", input("pair-mentor", { placeholder: t("prog.worker_id") })),
      field("prog.person_name", input("pair-mentor-name"))),
    h("div", { class: "two" },
      field("prog.apprentice", input("pair-apprentice", { placeholder: t("prog.worker_id") })),
      field("prog.person_name", input("pair-apprentice-name"))),
    field("prog.start", input("pair-start", { type: "date", value: today() })),
    field("prog.goals", h("textarea", { id: "pair-goals", rows: 2 })),
    h("button", { class: "primary", type: "submit" }, t("prog.form_pair")));
}

function assessSection() {
  const submit = async (event) => {
    event.preventDefault();
    const pair = value("assess-pair");
    const body = { period: value("assess-period") };
    for (const part of ["kpi", "improvement", "attitude"]) body[part] = Number(value(`assess-${part}`));
    if (value("assess-assessor")) body.assessor = value("assess-assessor");
    if (byId("assess-correct").checked) Object.assign(body, { correct: true, reason: value("assess-reason") || null });
    const url = path(store.get().pid, "pairs", pair, "assessments");
    const clear = () => {
      for (const part of ["kpi", "improvement", "attitude"]) byId(`assess-${part}`).value = "";
    };
    await send(url, body, (answer) => t("prog.assessed", { score: score(answer.score) }), clear);
  };
  const part = (name) => field(`prog.${name}`, input(`assess-${name}`, { type: "number", min: 0, max: 100, step: "any", required: true, inputmode: "decimal" }));
  return h("form", { class: "card form-grid", id: "assess-form", onsubmit: submit },
    h("h2", {}, t("prog.assess")),
    h("div", { class: "two" }, field("prog.pair", h("select", { id: "assess-pair" })), field("prog.period", h("select", { id: "assess-period" }))),
    h("div", { class: "three" }, part("kpi"), part("improvement"), part("attitude")),
    field("prog.assessor", input("assess-assessor")),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "assess-correct" }), t("prog.correct")),
    field("prog.reason", input("assess-reason")),
    h("button", { class: "primary", type: "submit" }, t("prog.submit_assessment")));
}

function pairActions(pair) {
  if (pair.state === "completed" || pair.state === "ended_early") return `${t("prog.end")} ${pair.end ?? ""}`;
  const base = path(store.get().pid, "pairs", pair.id);
  const sign = () => send(`${base}/agreement`, { signed_on: today() }, () => t("prog.signed", { id: pair.id }));
  const outcome = h("select", { class: "outcome", "aria-label": t("prog.end_pair") },
    ["completed", "ended_early"].map((o) => h("option", { value: o }, t(`prog.outcome.${o}`))));
  const end = () => send(`${base}/end`, { outcome: outcome.value, on: today() }, () => t("prog.ended", { id: pair.id }));
  return h("div", { class: "row-actions" },
    pair.state === "formed" ? h("button", { type: "button", class: "sign", onclick: sign }, t("prog.sign")) : null,
    outcome, h("button", { type: "button", class: "end", onclick: end }, t("prog.end_pair")));
}

function latest(pair) {
  const scored = Object.values(pair.assessments);
  return scored.length ? score(scored[scored.length - 1].score) : "–";
}

function pairsTable(programme) {
  if (!programme.pairs.length) return h("p", { class: "muted" }, t("prog.no_pairs"));
  const heads = ["prog.pair", "prog.mentor", "prog.apprentice", "prog.start", "prog.state", "prog.latest", "prog.actions"];
  return h("div", { class: "scroll" }, h("table", { class: "grid cards", id: "pairs-table" },
    h("thead", {}, h("tr", {}, heads.map((key) => h("th", { class: key === "prog.latest" ? "num" : null }, t(key))))),
    h("tbody", {}, programme.pairs.map((pair) => h("tr", { dataset: { pair: pair.id, state: pair.state } },
      labelled(heads, [pair.id, pair.mentor.name ?? pair.mentor.worker_id, pair.apprentice.name ?? pair.apprentice.worker_id,
        pair.start, stateChip(pair.state), latest(pair), pairActions(pair)]))))));
}

function reportSection() {
  const pick = (event) => {
    store.set({ mentor: event.target.value, report: null });
    loadReport();
  };
  return h("section", { class: "card", id: "report" },
    h("div", { class: "card-head" }, h("h2", {}, t("prog.report")),
      h("select", { id: "report-mentor", "aria-label": t("prog.report_mentor"), onchange: pick })),
    h("div", { id: "report-body" }));
}

function poolSection() {
  const apply = (event) => {
    event.preventDefault();
    store.update("pool", { role: value("pool-role"), organization: value("pool-org"), state: value("pool-state"), minScore: value("pool-min"), offset: 0, data: null });
    loadPool();
  };
  const page = (step) => () => {
    const { pool } = store.get();
    store.update("pool", { offset: Math.max(0, pool.offset + step * PAGE_SIZE) });
    loadPool();
  };
  const states = ["formed", "active", "completed", "ended_early"];
  return h("section", { class: "card", id: "pools" },
    h("h2", {}, t("prog.pools")),
    h("form", { class: "filters", id: "pool-filters", onsubmit: apply },
      h("select", { id: "pool-role", "aria-label": t("prog.pools") }, ["mentors", "apprentices"].map((r) => h("option", { value: r }, t(`prog.pool.${r}`)))),
      input("pool-org", { placeholder: t("prog.organization"), "aria-label": t("prog.organization") }),
      h("select", { id: "pool-state", "aria-label": t("prog.state") }, h("option", { value: "" }, t("prog.any_state")), states.map((s) => h("option", { value: s }, t(`prog.state.${s}`)))),
      input("pool-min", { type: "number", min: 0, max: 100, step: "any", placeholder: t("prog.min_score"), "aria-label": t("prog.min_score") }),
      h("button", { type: "submit" }, t("prog.filter"))),
    h("div", { id: "pool-body" }),
    h("div", { class: "pager" },
      h("button", { type: "button", id: "pool-prev", onclick: page(-1) }, t("prog.prev")),
      h("span", { id: "pool-total", class: "muted" }),
      h("button", { type: "button", id: "pool-next", onclick: page(1) }, t("prog.next"))));
}

// Layout and render ------------------------------------------------------------------

function signOut() {
  tokens.clear();
  location.reload();
}

function signInForm(message) {
  const field = h("input", { id: "token-input", type: "password", autocomplete: "off", placeholder: t("sign.token") });
  const submit = (event) => {
    event.preventDefault();
    begin(field.value.trim());
  };
  return h("form", { class: "card signin-card", id: "signin", onsubmit: submit },
    h("h2", {}, t("console.sign.title")), h("p", { class: "muted" }, t("console.sign.hint")),
    field, h("button", { class: "primary", type: "submit" }, t("sign.submit")),
    message ? h("p", { class: "error", role: "alert" }, message) : null);
}

function layout() {
  return [
    h("header", { class: "topbar" },
      h("h1", {}, t("prog.title")),
      h("span", { id: "session", class: "session" }),
      navLink("/console", "nav.console"), navLink("/", "nav.contests"), languageSwitch()),
    h("p", { id: "prog-message", class: "message", role: "status", "aria-live": "polite" }),
    h("div", { class: "prog-layout" }, h("aside", { id: "sidebar", class: "sidebar" }), h("main", { id: "programme", class: "programme-area" })),
  ];
}

function layoutSession({ session, signinMessage }) {
  const signedIn = session === "organizer";
  mount(byId("session"), signedIn ? [h("span", { class: "who" }, t("role.organizer")), h("button", { type: "button", id: "sign-out", onclick: signOut }, t("sign.out"))] : null);
  mount(byId("sidebar"), signedIn
    ? [h("section", { class: "card" }, h("h2", {}, t("prog.list")), h("select", { id: "programme-select", onchange: (event) => open(event.target.value) })), newProgrammeSection()]
    : null);
  mount(byId("programme"), session === "signin" ? signInForm(signinMessage) : null);
}

function programmeHeader(programme) {
  const weights = t("prog.weights_text", programme.weights);
  return h("div", { class: "programme-head", id: "programme-head" },
    h("h2", {}, programme.title),
    programme.organization ? h("span", { class: "chip" }, programme.organization) : null,
    h("span", { class: "muted" }, weights),
    h("span", { class: "muted" }, `${t("prog.periods_short")}: ${programme.periods.map((p) => p.name).join(" · ")}`));
}

function layoutProgramme({ pid, programme }) {
  mount(byId("programme"), pid && programme
    ? [h("div", { id: "head-slot" }), h("div", { class: "columns" },
      h("div", { class: "column" }, h("section", { class: "card", id: "pairs" }, h("h2", {}, t("prog.pairs")), h("div", { id: "pairs-body" })), pairSection(), assessSection()),
      h("div", { class: "column" }, reportSection(), poolSection()))]
    : h("p", { class: "muted card" }, t("prog.pick_hint")));
}

function options(select, items, keep = true) {
  const before = select.value;
  mount(select, items.map(([id, label]) => h("option", { value: id }, label)));
  if (keep && items.some(([id]) => id === before)) select.value = before;
}

function renderProgramme({ programme }) {
  mount(byId("head-slot"), programmeHeader(programme));
  mount(byId("pairs-body"), pairsTable(programme));
  const open = programme.pairs.filter((p) => p.state === "active" || p.state === "formed");
  const label = (p) => `${p.id} · ${p.mentor.name ?? p.mentor.worker_id} → ${p.apprentice.name ?? p.apprentice.worker_id}`;
  options(byId("assess-pair"), open.map((p) => [p.id, label(p)]));
  options(byId("assess-period"), programme.periods.map((p) => [p.id, `${p.name} (${p.id})`]));
  const mentors = [...new Map(programme.pairs.map((p) => [p.mentor.worker_id, p.mentor.name ?? p.mentor.worker_id])).entries()];
  options(byId("report-mentor"), [["", t("prog.all_mentors")], ...mentors.map(([id, name]) => [id, name === id ? id : `${name} (${id})`])]);
}

function renderPool({ pool }) {
  mount(byId("pool-body"), poolTable(pool.role, pool.data));
  const total = pool.data?.total ?? 0;
  byId("pool-total").textContent = pool.data ? t("prog.total", { n: total }) : "";
  byId("pool-prev").disabled = pool.offset === 0;
  byId("pool-next").disabled = pool.offset + PAGE_SIZE >= total;
}

function render(state, changes) {
  const session = touched(changes, "session", "signinMessage");
  if (session) layoutSession(state);
  if (touched(changes, "message")) {
    const line = byId("prog-message");
    line.textContent = state.message?.text ?? "";
    line.className = `message ${state.message ? (state.message.ok ? "ok" : "error") : ""}`;
  }
  if (state.session !== "organizer") return;
  if (session || touched(changes, "programmes", "pid")) {
    const select = byId("programme-select");
    options(select, [["", t("prog.pick")], ...state.programmes.map((p) => [p.programme_id, `${p.title} (${p.programme_id})`])], false);
    select.value = state.pid || "";
    if (touched(changes, "programmes")) byId("new-programme-card").open = !state.programmes.length;
  }
  const opened = session || touched(changes, "pid");
  if (opened) layoutProgramme(state);
  if (!state.pid || !state.programme) return;
  if (opened || touched(changes, "programme")) renderProgramme(state);
  if (opened || touched(changes, "report")) mount(byId("report-body"), reportView(state.report));
  if (opened || touched(changes, "pool")) renderPool(state);
}

async function main() {
  const fromHash = hashParam("token");
  if (fromHash) {
    tokens.set(fromHash);
    dropHash();
  }
  await startPage({ style: "programmes", bodyClass: "programmes", layout, store, render });
  const token = tokens.get();
  if (token) await begin(token);
  else store.set({ session: "signin" });
}

main();
