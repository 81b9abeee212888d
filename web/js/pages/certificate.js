// Printable certificates of a contest's awards, one per printed page (or only one
// contestant's with `?contestant=<id>`): the award, the contestant, the contest, the
// verification code and a QR code that opens /verify/<code> on this server.
import { brokenWarning, finalizedDay, startAwardsPage, verifyUrl } from "../components/awards/published.js";
import { h, pathParam } from "../dom.js";
import { currentLanguage, t } from "../i18n.js";
import { languageSwitch, navLink } from "../page.js";
import { qrSvg } from "../qr-svg.js";

const cid = pathParam("certificates");
const only = new URLSearchParams(location.search).get("contestant");

function certificate(award, tier, contest) {
  const url = verifyUrl(award.code);
  return h("article", { class: "certificate", dataset: { contestant: award.contestant_id, code: award.code } },
    h("div", { class: "cert-frame" },
      h("p", { class: "cert-kicker" }, t("cert.kicker")),
      h("h1", { class: "cert-title" }, t("cert.title")),
      h("p", { class: "cert-name" }, award.name ?? award.contestant_id),
      award.organization ? h("p", { class: "cert-org" }, award.organization) : "",
      h("p", { class: "cert-text" }, t("cert.text", { contest: contest.definition.title })),
      h("p", { class: "cert-award" }, tier?.name ?? award.award_id),
      h("p", { class: "cert-rank" }, t("cert.rank", { rank: award.rank })),
      h("p", { class: "cert-date" }, finalizedDay(contest, currentLanguage())),
      h("div", { class: "cert-proof" },
        qrSvg(url, { size: 132, label: t("cert.qr") }),
        h("div", {},
          h("p", { class: "small" }, t("cert.code")),
          h("p", { class: "cert-code" }, award.code),
          h("p", { class: "small" }, t("cert.verify_at")),
          h("a", { class: "cert-link", href: url }, url)))));
}

function certificates({ contest, tiers, awards, notFinalized }) {
  document.title = `${contest.definition.title} · ${t("cert.title")}`;
  if (notFinalized) return h("p", { class: "verdict verdict-pending", id: "status" }, t("awards.not_finalized"));
  const shown = awards.filter((a) => !only || a.contestant_id === only);
  if (!shown.length) return h("p", { class: "muted", id: "status" }, t("awards.none"));
  const tierOf = new Map(tiers.map((tier) => [tier.id, tier]));
  return [brokenWarning(awards), ...shown.map((a) => certificate(a, tierOf.get(a.award_id), contest))];
}

function layout() {
  return [
    h("header", { class: "topbar no-print" }, h("h1", {}, t("cert.page")),
      h("button", { type: "button", onclick: () => window.print() }, t("awards.print")),
      navLink(`/awards/${encodeURIComponent(cid)}`, "awards.title"), navLink("/", "nav.contests"), languageSwitch()),
    h("main", { class: "certificates", id: "sheet" }),
  ];
}

startAwardsPage(cid, { layout, body: certificates });
