// The reveal: from the frozen board to the final one, one result per step (space / →).
import { api, contestPath } from "../../api.js";
import { byId, formatMark, mount } from "../../dom.js";
import { t } from "../../i18n.js";

export class Reveal {
  /**
   * `row(row, highlight)` renders one board row; `known(id)` is the live row of a
   * contestant (for its organization and venue); `names` maps stage and criterion
   * ids to names; `rowsPerPage()` how many rows fit; `onExit` restores the live board.
   */
  constructor({ cid, token, row, known, names, rowsPerPage, onExit }) {
    Object.assign(this, { cid, token, row, known, names, rowsPerPage, onExit });
    this.active = false;
    this.stages = new Map();
    this.steps = [];
    this.index = 0;
    byId("reveal-open").classList.toggle("hidden", !token);
    byId("reveal-open").onclick = () => this.open();
    byId("reveal-next").onclick = () => this.next();
    byId("reveal-exit").onclick = () => this.exit();
    document.addEventListener("keydown", (event) => this.key(event));
    if (new URLSearchParams(location.search).has("reveal") && token) this.open();
  }

  key(event) {
    if (event.key === "r" && !this.active && this.token) this.open();
    else if (this.active && (event.key === " " || event.key === "ArrowRight")) {
      event.preventDefault();
      this.next();
    } else if (this.active && event.key === "Escape") this.exit();
  }

  async open() {
    let answer;
    let frozenStages = new Map();
    try {
      answer = await api(contestPath(this.cid, "reveal"), { token: this.token });
      frozenStages = await this.publicStages();
    } catch {
      answer = answer ?? null;
    }
    this.active = true;
    byId("page").classList.add("hidden");
    byId("banner").classList.add("hidden");
    byId("reveal-bar").classList.remove("hidden");
    this.steps = answer?.steps ?? [];
    this.index = 0;
    this.stages = frozenStages;
    this.show(answer?.frozen ?? [], null);
    byId("reveal-caption").textContent = this.steps.length ? t("screen.reveal_step", { step: 0, steps: this.steps.length }) : t("screen.reveal_unavailable");
    byId("reveal-next").disabled = this.steps.length === 0;
  }

  /**
   * The stage cells as the frozen public board shows them (pending attempts as "?"):
   * the reveal's compact rows carry no stages, so the steps are applied on top.
   */
  async publicStages() {
    const doc = await api(`${contestPath(this.cid, "standings")}?view=public`);
    return new Map((doc.rows ?? []).map((row) => [row.contestant_id, { ...(row.stages ?? {}) }]));
  }

  /** A revealed stage shows its final (live) result, else what the step says. */
  applyStage(step) {
    const stages = this.stages.get(step.contestant_id) ?? {};
    const final = this.known(step.contestant_id)?.stages?.[step.stage_id];
    const cleared = step.result === "cleared";
    stages[step.stage_id] = final && Boolean(final.cleared) === cleared && !final.pending
      ? { ...final }
      : { cleared, attempts: Math.max(1, stages[step.stage_id]?.attempts ?? 0), time: null, pending: false };
    this.stages.set(step.contestant_id, stages);
  }

  caption(step) {
    const row = step.board_after.find((r) => r.contestant_id === step.contestant_id);
    const name = row?.name ?? step.contestant_id;
    let what = "";
    const nameOf = (id) => this.names.get(id) ?? id;
    if (step.kind === "stage") what = `${nameOf(step.stage_id)} ${t(step.result === "cleared" ? "ref.cleared" : "ref.failed")}`;
    else if (step.kind === "criterion") what = `${nameOf(step.criterion_id)} ${formatMark(step.mark)}`;
    const move = step.rank_before && step.rank_after ? ` · #${step.rank_before} → #${step.rank_after}` : "";
    return `${t("screen.reveal_step", { step: step.step, steps: this.steps.length })} · ${name} ${what}${move}`;
  }

  next() {
    const step = this.steps[this.index];
    if (!step) return;
    this.index += 1;
    if (step.kind === "stage") this.applyStage(step);
    this.show(step.board_after, step.contestant_id);
    byId("reveal-caption").textContent = this.caption(step);
    byId("reveal-next").disabled = this.index >= this.steps.length;
  }

  /** Compact rows (no stages): the board around the highlighted contestant, stages from the steps. */
  show(rows, highlight) {
    const size = this.rowsPerPage();
    const at = Math.max(0, rows.findIndex((r) => r.contestant_id === highlight));
    const start = Math.max(0, Math.min(at - Math.floor(size / 2), rows.length - size));
    const shown = rows.slice(start, start + size).map((r) => {
      const live = this.known(r.contestant_id) ?? {};
      return { organization: live.organization, venue: live.venue, stages: this.stages.get(r.contestant_id) ?? {}, ...r };
    });
    mount(byId("rows"), shown.map((r) => this.row(r, r.contestant_id === highlight)));
    byId("empty").classList.toggle("hidden", rows.length > 0);
  }

  exit() {
    this.active = false;
    byId("page").classList.remove("hidden");
    byId("reveal-bar").classList.add("hidden");
    this.onExit();
  }
}
