// A meet's board over the websocket `/ws/meets/{mid}`: a snapshot, then updates.
//
// Never backwards: a board older than the one shown is ignored. On a close the socket
// reconnects with `since=<position>` (backoff 0.5 s doubling to 15 s, with jitter);
// while it cannot open, the board is read once per attempt over HTTP ("polling"), so
// the page never stays empty. States: connecting, live, polling, reconnecting, offline.
import { api } from "../../api.js";

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class MeetSocket {
  constructor({ mid, onData, onState = () => {}, onMissing = () => {} }) {
    Object.assign(this, { mid, onData, onState, onMissing });
    this.position = null;
    this.failures = 0;
    this.socket = null;
    this.timer = null;
    this.state = null;
    window.addEventListener("online", () => this.reconnectSoon(0));
    window.addEventListener("offline", () => this.setState("offline"));
  }

  start() {
    this.connect();
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const since = this.position === null ? "" : `?since=${this.position}`;
    return `${scheme}//${location.host}/ws/meets/${encodeURIComponent(this.mid)}${since}`;
  }

  connect() {
    this.setState(this.failures === 0 ? "connecting" : "reconnecting");
    let opened = false;
    const socket = new WebSocket(this.url());
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
      if (event.code === 4404) {
        this.onMissing();
        return;
      }
      if (!opened) this.poll();
      this.failures += 1;
      this.reconnectSoon();
    };
    socket.onerror = () => {}; // a close always follows
  }

  receive(raw) {
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (message.type !== "snapshot" && message.type !== "update") return;
    this.deliver(message.position, message.data);
    this.setState("live");
  }

  deliver(position, data) {
    if (this.position !== null && !(position >= this.position)) return;
    this.position = position;
    this.onData(data);
  }

  async poll() {
    try {
      const data = await api(`/api/meets/${encodeURIComponent(this.mid)}/table`);
      this.deliver(data.position, data);
      if (this.state !== "live") this.setState("polling");
    } catch {
      if (!navigator.onLine) this.setState("offline");
    }
  }

  reconnectSoon(delay = null) {
    clearTimeout(this.timer);
    if (delay === 0 && this.socket) return;
    if (this.state === "live" || this.state === "connecting") this.setState("reconnecting");
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.min(this.failures, 10));
    const wait = delay ?? base * (0.75 + Math.random() * 0.5);
    this.timer = setTimeout(() => this.connect(), wait);
  }
}
