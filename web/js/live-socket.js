// A board over a websocket: a snapshot, then updates; what every live page builds on.
//
// Never backwards: a board older than the one shown (a snapshot from a server that is
// behind, an update delivered late, an HTTP read that crossed a newer message) is
// ignored, so what the page shows only moves forward, through reconnects and restarts.
//
// States: connecting → live; on a close: reconnecting (backoff 0.5 s doubling to 15 s,
// with jitter, `since=<position>` on the next try), and "offline" while the browser
// says so. While the socket cannot be opened the board is read over HTTP once per
// attempt ("polling"), so a page never stays empty while the live route is unreachable.
//
// A subclass says where: `url()`, `protocols()`, `read()` (one HTTP read of the board,
// as a message `{position, data}`), and what a refusal means: `refused(code)` (true:
// stop trying) and `readFailed(error)`.
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class LiveSocket {
  constructor({ onData, onState = () => {} }) {
    Object.assign(this, { onData, onState });
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

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  /** The subprotocols of the next connection (none by default). */
  protocols() {
    return [];
  }

  /** A close code the server chose; true: stop trying (the board is gone). */
  refused(_code) {
    return false;
  }

  /** An HTTP read failed (the state turns offline by itself when the browser is). */
  readFailed(_error) {}

  connect() {
    if (this.stopped) return;
    this.setState(this.failures === 0 ? "connecting" : "reconnecting");
    let opened = false;
    const socket = new WebSocket(this.url(), this.protocols());
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
      if (this.refused(event.code)) {
        this.stopped = true;
        return;
      }
      if (!opened) this.poll();
      this.failures += 1;
      this.reconnectSoon();
    };
    socket.onerror = () => {}; // a close always follows; handled there
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
    try {
      this.deliver(await this.read());
      if (this.state !== "live") this.setState("polling");
    } catch (error) {
      this.readFailed(error);
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
