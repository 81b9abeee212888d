// Live standings over the websocket: snapshot, then updates; reconnects with since=<position>.
//
// Never backwards: a board older than the one shown (a snapshot from a server that is
// behind, an update delivered late, an HTTP read that crossed a newer message) is
// ignored, so what the page shows only moves forward, through reconnects and restarts.
//
// States: connecting → live; on a close: reconnecting (backoff 0.5 s doubling to 15 s,
// with jitter), and "offline" while the browser says so. While the socket cannot be
// opened the board is fetched over HTTP once per attempt ("polling"), so a screen
// never stays empty while the live route is unreachable.
//
// The token travels in the subprotocols ("bearer", <token>), never in the URL: a URL
// is written to the server's access log. (A token a protocol header cannot carry
// goes in the URL, where the server redacts it from its logs.)
import { api, ApiError, contestPath } from "./api.js";

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;
const PROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 7230 token characters

/** The subprotocols that carry a token to the server (none without one). */
function protocolsFor(token) {
  return token && PROTOCOL_TOKEN.test(token) ? ["bearer", token] : [];
}

export class LiveStandings {
  /**
   * @param {object} options cid, view ("public" | "live"), group, token,
   *   onData(document, message), onState(state)
   */
  constructor({ cid, view = "public", group = null, token = null, onData, onState = () => {} }) {
    Object.assign(this, { cid, view, group, token, onData, onState });
    this.position = null;
    this.failures = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = true;
    this.state = null;
    window.addEventListener("online", () => this.reconnectSoon(0));
    window.addEventListener("offline", () => this.setState("offline"));
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000, "bye");
  }

  /** Change view or group: forget the position and start over with a snapshot. */
  reset(changes) {
    Object.assign(this, changes);
    this.position = null;
    if (this.socket) this.socket.close(1000, "reset");
    else this.reconnectSoon(0);
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = new URLSearchParams({ view: this.view });
    if (this.group) query.set("group", this.group);
    if (this.token && !PROTOCOL_TOKEN.test(this.token)) query.set("token", this.token);
    if (this.position !== null) query.set("since", String(this.position));
    return `${scheme}//${location.host}/ws/contests/${encodeURIComponent(this.cid)}/standings?${query}`;
  }

  connect() {
    if (this.stopped) return;
    this.setState(this.failures === 0 ? "connecting" : "reconnecting");
    let opened = false;
    const socket = new WebSocket(this.url(), protocolsFor(this.token));
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (event) => {
      this.failures = 0;
      this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.socket = null;
      if (this.stopped) return;
      this.refused(event.code);
      if (!opened) this.poll();
      this.failures += 1;
      this.reconnectSoon();
    };
    socket.onerror = () => {}; // a close always follows; handled there
  }

  /** 4403: the live view is not ours, fall back to public; 4401: the token is not valid.
   * The position is kept: positions are the log's, the same for every view. */
  refused(code) {
    if (code === 4403 && this.view === "live") this.view = "public";
    if (code === 4401) this.token = null;
  }

  receive(raw) {
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (message.type !== "snapshot" && message.type !== "update") return;
    this.deliver(message);
    this.setState("live");
  }

  /** Hand a board to the page unless it is older than the one shown. */
  deliver(message) {
    if (this.position !== null && !(message.position >= this.position)) return;
    this.position = message.position;
    this.onData(message.data, message);
  }

  /** One HTTP read of the board, while the socket is down. */
  async poll() {
    const query = new URLSearchParams({ view: this.view });
    if (this.group) query.set("group", this.group);
    try {
      const data = await api(`${contestPath(this.cid, "standings")}?${query}`, { token: this.token });
      this.deliver({ type: "snapshot", position: data.position, data });
      if (this.state !== "live") this.setState("polling");
    } catch (error) {
      if (error instanceof ApiError && error.status === 403 && this.view === "live") this.view = "public";
      if (!navigator.onLine) this.setState("offline");
    }
  }

  reconnectSoon(delay = null) {
    clearTimeout(this.timer);
    if (this.stopped || (delay === 0 && this.socket)) return;
    if (this.state === "live" || this.state === "connecting") this.setState("reconnecting");
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.min(this.failures, 10));
    const wait = delay ?? base * (0.75 + Math.random() * 0.5);
    this.timer = setTimeout(() => this.connect(), wait);
  }
}
