// A campaign's report: per subject the weighted score and each criterion's percent,
// or "fewer than K answers" (nothing else: no count, no mark); the whole campaign's
// aggregate; per-rater rows only for identified campaigns in the organizer's view.
import { formatMark, h } from "../../dom.js";
import { t } from "../../i18n.js";

function percent(value) {
  return value === null || value === undefined ? "–" : `${formatMark(value)}%`;
}

function criteriaCells(criteria) {
  return criteria.map((c) => h("td", { class: "num" }, percent(c.percent)));
}

function subjectRows(doc, subject, criteriaHead) {
  if (!subject.shown) {
    const note = subject.fewer_than ? t("campaigns.hidden", { k: subject.fewer_than }) : "–";
    return [h("tr", { dataset: { subject: subject.id }, class: "report-hidden" },
      h("td", {}, subject.name), h("td", { class: "muted", colspan: criteriaHead.length + 2 }, note))];
  }
  const rows = [h("tr", { dataset: { subject: subject.id } },
    h("td", { class: "strong" }, subject.name),
    h("td", { class: "num" }, subject.answers),
    ...criteriaCells(subject.criteria),
    h("td", { class: "num strong" }, percent(subject.score)))];
  for (const rater of subject.raters ?? []) {
    rows.push(h("tr", { class: "report-rater", dataset: { rater: rater.rater_id } },
      h("td", {}, `↳ ${t("campaigns.rater")} ${rater.rater_id}`), h("td", {}),
      ...criteriaCells(rater.criteria), h("td", { class: "num" }, percent(rater.score))));
  }
  return rows;
}

/** The report table (a `doc` of GET /api/campaigns/{id}/report) with its form's criteria. */
export function reportTable(doc, form) {
  const criteriaHead = form.criteria.map((c) => h("th", { class: "num", title: t("campaigns.weight", { w: c.weight }) }, `${c.name} ×${c.weight}`));
  const overall = doc.campaign.shown
    ? [h("td", { class: "num" }, doc.campaign.answers), h("td", { colspan: criteriaHead.length }), h("td", { class: "num strong" }, percent(doc.campaign.score))]
    : [h("td", { class: "muted", colspan: criteriaHead.length + 2 }, t("campaigns.hidden", { k: doc.min_answers }))];
  return h("div", { class: "scroll-x" }, h("table", { class: "grid", id: "report-table" },
    h("thead", {}, h("tr", {}, h("th", {}, t("campaigns.subject")), h("th", { class: "num" }, t("campaigns.answers")), criteriaHead, h("th", { class: "num" }, t("campaigns.score")))),
    h("tbody", {}, doc.subjects.flatMap((subject) => subjectRows(doc, subject, criteriaHead))),
    h("tfoot", {}, h("tr", { id: "report-overall" }, h("th", {}, t("campaigns.overall")), overall))));
}
