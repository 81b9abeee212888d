// The rater's outbox: the tablet's persistent outbox (web/js/outbox.js), sending each
// queued answer to its campaign instead of a contest's commands. Answers are kept in
// localStorage until the server answers, and resent with the same `command_id`, so a
// cut network loses nothing and a resend is a "duplicate", never a second answer.
// No client clock leaves the phone: an anonymous answer carries nothing but itself.
import { api, ApiError } from "../../api.js";
import { Outbox } from "../../outbox.js";

const RETRIED = new Set([408, 429]);

export class AnswerOutbox extends Outbox {
  constructor({ campaignId, link, onChange }) {
    // One outbox per link: several raters may share one phone.
    super({ cid: `campaign.${campaignId}`, owner: link.slice(-16), getToken: () => link, onChange });
    this.campaignId = campaignId;
  }

  async send(batch) {
    for (const item of batch) {
      const { client_time: _dropped, ...answer } = item.command;
      let result;
      try {
        result = await api(`/api/campaigns/${encodeURIComponent(this.campaignId)}/answers`, { method: "POST", body: answer });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500 || RETRIED.has(error.status)) throw error;
        result = { command_id: answer.command_id, status: "rejected", error: { code: error.code, message: error.message } };
      }
      this.settle(item, result);
      this.save();
    }
  }
}
