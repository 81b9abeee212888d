// Live standings over the websocket (`LiveSocket`: snapshot, updates, never backwards,
// reconnects with since=<position>, HTTP reads while the socket is down).
//
// The token travels in the subprotocols ("bearer", <token>), never in the URL: a URL
// is written to the server's access log. (A token a protocol header cannot carry
// goes in the URL, where the server redacts it from its logs.)
import { api, ApiError, contestPath } from "./api.js";
import { LiveSocket } from "./live-socket.js";

const PROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 7230 token characters

export class LiveStandings extends LiveSocket {
  /**
   * @param {object} options cid, view ("public" | "live"), group, token,
   *   onData(document, message), onState(state)
   */
  constructor({ cid, view = "public", group = null, token = null, onData, onState }) {
    super({ onData, onState });
    Object.assign(this, { cid, view, group, token });
  }

  /** Change view or group: forget the position and start over with a snapshot. */
  reset(changes) {
    Object.assign(this, changes);
    this.position = null;
    if (this.socket) this.socket.close(1000, "reset");
    else this.reconnectSoon(0);
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = new URLSearchParams({ view: this.view });
    if (this.group) query.set("group", this.group);
    if (this.token && !PROTOCOL_TOKEN.test(this.token)) query.set("token", this.token);
    if (this.position !== null) query.set("since", String(this.position));
    return `${scheme}//${location.host}/ws/contests/${encodeURIComponent(this.cid)}/standings?${query}`;
  }

  /** The subprotocols that carry the token to the server (none without one). */
  protocols() {
    return this.token && PROTOCOL_TOKEN.test(this.token) ? ["bearer", this.token] : [];
  }

  /** 4403: the live view is not ours, fall back to public; 4401: the token is not valid.
   * The position is kept: positions are the log's, the same for every view. */
  refused(code) {
    if (code === 4403 && this.view === "live") this.view = "public";
    if (code === 4401) this.token = null;
    return false;
  }

  async read() {
    const query = new URLSearchParams({ view: this.view });
    if (this.group) query.set("group", this.group);
    const data = await api(`${contestPath(this.cid, "standings")}?${query}`, { token: this.token });
    return { type: "snapshot", position: data.position, data };
  }

  readFailed(error) {
    if (error instanceof ApiError && error.status === 403 && this.view === "live") this.view = "public";
  }
}
