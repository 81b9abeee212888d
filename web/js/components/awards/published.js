// A contest's published awards as the award list and the certificates show them: the
// definition's tiers (best first), the awards of each, and the log event they are from.
import { api, contestPath } from "../../api.js";
import { byId, h, mount } from "../../dom.js";
import { t } from "../../i18n.js";
import { startPage } from "../../page.js";
import { createStore } from "../../store.js";

/** `/verify/<code>` on this server: what a certificate's QR code and link point at. */
export function verifyUrl(code) {
  return `${location.origin}/verify/${encodeURIComponent(code)}`;
}

/**
 * `{contest, tiers, awards, head, notFinalized}` of contest `cid`: `tiers` are the
 * definition's, each with its awards in published order; `head` is `{position, hash}`
 * of the `awards_published` event. Throws the ApiError of anything else.
 */
export async function loadAwards(cid) {
  const contest = await api(contestPath(cid));
  let awards = [];
  try {
    awards = await api(contestPath(cid, "awards"));
  } catch (error) {
    if (error.code === "not_finalized") return { contest, tiers: [], awards: [], head: null, notFinalized: true };
    throw error;
  }
  const defined = contest.definition.awards ?? [];
  const tiers = defined.map((tier) => ({ ...tier, awards: awards.filter((a) => a.award_id === tier.id) }));
  const head = awards.length ? { position: awards[0].position, hash: awards[0].hash } : null;
  return { contest, tiers, awards, head, notFinalized: false };
}

/** The day a contest was finalized, as the page's language writes dates. */
export function finalizedDay(contest, language) {
  const at = contest.state?.finalized;
  if (!at) return "";
  return new Date(at).toLocaleDateString(language === "zh" ? "zh-CN" : "en-GB", { year: "numeric", month: "long", day: "numeric" });
}

/** A warning when the awards' log event no longer matches its hash (`holds: false`). */
export function brokenWarning(awards) {
  if (awards.every((a) => a.holds !== false)) return "";
  return h("p", { class: "verdict verdict-bad", id: "broken" }, t("awards.broken"));
}

/**
 * Start a printed page of contest `cid`'s awards: `layout()` has a `#sheet`, which
 * shows `body(data)` once `loadAwards` answers (or the reason it could not).
 */
export async function startAwardsPage(cid, { layout, body }) {
  const store = createStore({ data: null, error: null });
  const render = ({ data, error }) => {
    if (error) return mount(byId("sheet"), h("p", { class: "error", id: "status" }, t("awards.load_failed", { reason: error })));
    mount(byId("sheet"), data ? body(data) : h("p", { class: "muted" }, t("common.loading")));
  };
  await startPage({ style: "print", bodyClass: "paper", layout, store, render });
  try {
    store.set({ data: await loadAwards(cid) });
  } catch (error) {
    store.set({ error: error.message });
  }
}
