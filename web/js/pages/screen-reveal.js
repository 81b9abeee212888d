// The reveal: from the frozen board to the final one, one result per step (space / →).
import { api, contestPath } from "../api.js";
import { byId, formatMark, mount } from "../dom.js";
import { t } from "../i18n.js";

export class Reveal {
  /**
   * `row(row, highlight)` renders one board row; `known(id)` is the live row of a
   * contestant (for its organization and venue); `names` maps stage and criterion
   * ids to names; `onExit` restores the live board.
   */
  constructor({ cid, token, row, known, names, onExit }) {
    Object.assign(this, { cid, token, row, known, names, onExit });
    this.active = false;
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
    try {
      answer = await api(contestPath(this.cid, "reveal"), { token: this.token });
    } catch {
      answer = null;
    }
    this.active = true;
    byId("reveal-bar").classList.remove("hidden");
    this.steps = answer?.steps ?? [];
    this.index = 0;
    this.show(answer?.frozen ?? [], null);
    byId("reveal-caption").textContent = this.steps.length ? t("screen.reveal_step", { step: 0, steps: this.steps.length }) : t("screen.reveal_unavailable");
    byId("reveal-next").disabled = this.steps.length === 0;
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
    this.show(step.board_after, step.contestant_id);
    byId("reveal-caption").textContent = this.caption(step);
    byId("reveal-next").disabled = this.index >= this.steps.length;
  }

  /** Compact rows (no stages): the board around the highlighted contestant. */
  show(rows, highlight) {
    const at = Math.max(0, rows.findIndex((r) => r.contestant_id === highlight));
    const start = Math.max(0, Math.min(at - 4, rows.length - 10));
    const shown = rows.slice(start, start + 10).map((r) => {
      const live = this.known(r.contestant_id) ?? {};
      return { organization: live.organization, venue: live.venue, ...r };
    });
    mount(byId("rows"), shown.map((r) => this.row(r, r.contestant_id === highlight)));
    byId("empty").classList.toggle("hidden", rows.length > 0);
  }

  exit() {
    this.active = false;
    byId("reveal-bar").classList.add("hidden");
    this.onExit();
  }
}
