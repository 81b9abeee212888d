// The printable award list of a contest: each tier (best first) with its winners'
// places, names, organizations and verification codes, and the log event (position
// and hash) the list was built from. The print stylesheet drops the page's controls.
import { brokenWarning, finalizedDay, startAwardsPage } from "../components/awards/published.js";
import { h, pathParam } from "../dom.js";
import { currentLanguage, t } from "../i18n.js";
import { languageSwitch, navLink } from "../page.js";

const cid = pathParam("awards");
const COLUMN_CLASS = { "awards.rank": "num", "awards.organization": "org" };

function certificateLink(award) {
  const href = `/certificates/${encodeURIComponent(cid)}?contestant=${encodeURIComponent(award.contestant_id)}`;
  return h("a", { href, class: "no-print" }, t("awards.certificate"));
}

function tierSection(tier) {
  return h("section", { class: "tier", dataset: { tier: tier.id } },
    h("h2", {}, tier.name, h("span", { class: "tier-count" }, t("awards.count", { n: tier.awards.length }))),
    tier.awards.length === 0 ? h("p", { class: "muted" }, t("awards.tier_empty")) :
      h("table", { class: "grid award-table" },
        h("thead", {}, h("tr", {}, ["awards.rank", "awards.name", "awards.organization", "awards.code"].map((k) => h("th", { class: COLUMN_CLASS[k] ?? null }, t(k))), h("th", { class: "no-print cert" }))),
        h("tbody", {}, tier.awards.map((a) => h("tr", { dataset: { contestant: a.contestant_id } },
          h("td", { class: "num" }, String(a.rank)),
          h("td", { class: "strong" }, a.name ?? a.contestant_id, a.organization ? h("span", { class: "org-inline" }, a.organization) : ""),
          h("td", { class: "org" }, a.organization ?? ""),
          h("td", {}, h("a", { class: "code", href: `/verify/${encodeURIComponent(a.code)}` }, a.code)),
          h("td", { class: "no-print cert" }, certificateLink(a)))))));
}

function sheet({ contest, tiers, awards, head, notFinalized }) {
  const title = contest.definition.title;
  document.title = `${title} · ${t("awards.title")}`;
  const top = [h("p", { class: "sheet-kicker" }, t("awards.title")), h("h1", { class: "sheet-title" }, title),
    h("p", { class: "muted" }, finalizedDay(contest, currentLanguage()))];
  if (notFinalized) return [...top, h("p", { class: "verdict verdict-pending", id: "status" }, t("awards.not_finalized"))];
  if (!tiers.length) return [...top, h("p", { class: "muted", id: "status" }, t("awards.none"))];
  return [...top, brokenWarning(awards), ...tiers.map(tierSection),
    h("footer", { class: "sheet-foot", id: "head" },
      head ? h("p", {}, t("awards.head", { position: head.position }), " ", h("code", { class: "hash" }, head.hash)) : "",
      h("p", { class: "muted small" }, t("awards.verify_hint", { url: `${location.origin}/verify/…` })))];
}

function layout() {
  return [
    h("header", { class: "topbar no-print" }, h("h1", {}, t("awards.title")),
      h("button", { type: "button", onclick: () => window.print() }, t("awards.print")),
      h("a", { class: "nav", href: `/certificates/${encodeURIComponent(cid)}` }, t("awards.certificates")),
      navLink(`/live/${encodeURIComponent(cid)}`, "awards.live"), navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "sheet", id: "sheet" }),
  ];
}

startAwardsPage(cid, { layout, body: sheet });
