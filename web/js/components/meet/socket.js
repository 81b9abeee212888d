// A meet's board over the websocket `/ws/meets/{mid}` (`LiveSocket`: a snapshot, then
// updates, never backwards, reconnects with since=<position>, HTTP reads of the table
// while the socket is down). A close with 4404 means there is no such meet: the page
// says so (`onMissing`) and the socket stops trying.
import { api } from "../../api.js";
import { LiveSocket } from "../../live-socket.js";

export class MeetSocket extends LiveSocket {
  constructor({ mid, onData, onState, onMissing = () => {} }) {
    super({ onData, onState });
    Object.assign(this, { mid, onMissing });
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const since = this.position === null ? "" : `?since=${this.position}`;
    return `${scheme}//${location.host}/ws/meets/${encodeURIComponent(this.mid)}${since}`;
  }

  refused(code) {
    if (code !== 4404) return false;
    this.onMissing();
    return true;
  }

  async read() {
    const data = await api(`/api/meets/${encodeURIComponent(this.mid)}/table`);
    return { type: "snapshot", position: data.position, data };
  }
}
