// The tablet's persistent outbox: commands kept in localStorage until the server answers.
//
// Each command gets its `command_id` when it is queued, so re-sending it after a lost
// answer is safe (the server answers "duplicate"). Items go out in order, in batches;
// an answer moves an item from pending to sent (accepted or duplicate) or rejected
// (with the error). A network failure or a server error keeps them pending and retries
// with backoff; `online` and a periodic timer retry too. Writes are synchronous, so a
// reload or a crash loses nothing that was queued.
import { api, ApiError, contestPath } from "./api.js";

const BATCH = 20;
const KEEP_FINISHED = 300;
const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;
const PERIOD_MS = 10000;

/** A v4 UUID; `crypto.randomUUID` only exists in secure contexts (not plain http on a LAN). */
export function newCommandId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Outbox {
  /**
   * @param {object} options cid, owner (who queues: one outbox per referee),
   *   getToken(), onChange(outbox), onAuthError(error)
   */
  constructor({ cid, owner, getToken, onChange = () => {}, onAuthError = () => {} }) {
    Object.assign(this, { cid, getToken, onChange, onAuthError });
    this.key = `judging.outbox.${cid}.${owner}`;
    this.items = this.load();
    this.sending = false;
    this.failures = 0;
    this.retryAt = null;
    this.timer = null;
  }

  load() {
    try {
      const items = JSON.parse(localStorage.getItem(this.key) ?? "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  save() {
    const finished = this.items.filter((item) => item.state !== "pending");
    if (finished.length > KEEP_FINISHED) {
      const drop = new Set(finished.slice(0, finished.length - KEEP_FINISHED));
      this.items = this.items.filter((item) => !drop.has(item));
    }
    localStorage.setItem(this.key, JSON.stringify(this.items));
    this.onChange(this);
  }

  /**
   * Queue a command (without `command_id`); `meta` is kept beside it for display.
   * The tablet's clock goes along as `client_time`. Sending starts at once.
   */
  add(command, meta = {}) {
    const queuedAt = new Date().toISOString();
    const item = {
      command: { ...command, command_id: newCommandId(), client_time: queuedAt },
      meta,
      state: "pending",
      queued_at: queuedAt,
    };
    this.items.push(item);
    this.save();
    this.flushSoon(0);
    return item;
  }

  pending() {
    return this.items.filter((item) => item.state === "pending");
  }

  counts() {
    const counts = { pending: 0, sent: 0, rejected: 0 };
    for (const item of this.items) counts[item.state] += 1;
    return counts;
  }

  clearFinished() {
    this.items = this.items.filter((item) => item.state === "pending");
    this.save();
  }

  start() {
    window.addEventListener("online", () => this.flushSoon(0));
    window.addEventListener("offline", () => this.onChange(this));
    setInterval(() => this.flush(), PERIOD_MS);
    this.flushSoon(0);
  }

  flushSoon(delay) {
    clearTimeout(this.timer);
    this.retryAt = delay > 0 ? Date.now() + delay : null;
    this.timer = setTimeout(() => this.flush(), delay);
  }

  /** Send every pending item, in order, batch by batch. */
  async flush() {
    if (this.sending || !this.getToken()) return;
    this.sending = true;
    try {
      let batch;
      while ((batch = this.pending().slice(0, BATCH)).length > 0) {
        await this.send(batch);
      }
      this.failures = 0;
      this.retryAt = null;
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.min(this.failures - 1, 6));
      if (!(error instanceof ApiError && error.status === 401)) this.flushSoon(delay);
    } finally {
      this.sending = false;
      this.onChange(this);
    }
  }

  async send(batch) {
    let answer;
    try {
      answer = await api(contestPath(this.cid, "commands"), {
        method: "POST",
        token: this.getToken(),
        body: batch.map((item) => item.command),
      });
    } catch (error) {
      if (this.refuseWhole(batch, error)) return;
      throw error;
    }
    const results = Array.isArray(answer) ? answer : answer.results;
    const byId = new Map(results.map((result) => [result.command_id, result]));
    for (const item of batch) this.settle(item, byId.get(item.command.command_id));
    this.save();
  }

  settle(item, result) {
    if (!result) return; // not answered for: stays pending
    item.status = result.status;
    item.position = result.position ?? null;
    item.answered_at = new Date().toISOString();
    if (result.status === "rejected") {
      item.state = "rejected";
      item.error = result.error ?? { code: "invalid_command", message: "" };
    } else {
      item.state = "sent";
    }
  }

  /**
   * A request refused as a whole. Other 4xx answers reject the batch (true); network
   * failures, server errors and 401 (sign in again) keep it pending (false).
   */
  refuseWhole(batch, error) {
    if (!(error instanceof ApiError)) return false;
    if (error.status === 401) {
      this.onAuthError(error);
      return false;
    }
    if (error.status >= 500 || error.status === 429 || error.status === 408) return false;
    for (const item of batch) {
      item.state = "rejected";
      item.status = "rejected";
      item.error = { code: error.code, message: error.message };
    }
    this.save();
    return true;
  }
}
