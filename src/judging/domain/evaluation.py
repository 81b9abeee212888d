"""Evaluation campaigns: a form applied to subjects over a period, answered by raters.

A form is the contest definition's criteria (aspects and marking rules reused as they
are), each with a `weight`. A campaign applies it to subjects (a trainer, a course,
a mentor...) between `period.start` and `period.end`. Raters are either identified
(each has a personal link naming them) or anonymous (one-time links: one submission
each). Paper forms are entered by the organizer as a batch.

Anonymity, by construction of the events of stream `campaign-<id>`:
- links are issued as SHA-256 hashes of their tokens (the tokens never reach the log);
- an anonymous answer (`answer_submitted`) holds the subject and the values only;
  that its link is spent is a separate `link_used` event holding the link's hash;
- the report (`report`) shows an anonymous subject only once it has at least
  `min_answers` answers, and then the aggregate only, never one rater's answer.

What this does not hide: the log's order and server times. A `link_used` event is
appended together with its answers, so whoever can read the raw log, and knows who
was handed which link, can pair them; hand printed links out shuffled. The reports
and read models show neither positions nor times of anonymous answers.

Everything here is pure: `decide_*` take the folded state and a command and return
events or raise `CampaignRejected`; `evolve` folds one event into the state.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, model_validator

from judging.domain.definition import (
    Criterion,
    JudgementAspect,
    MeasurementAspect,
    Model,
    Name,
    Slug,
)
from judging.domain.marking import (
    aggregate_panel,
    judgement_mark,
    measurement_mark,
    value_in_range,
)

CAMPAIGN_PREFIX = "campaign-"
MAX_SUBJECTS = 200
MAX_LINKS = 500  # links issued by one command
MAX_BATCH = 1000  # paper answers entered by one command

CampaignKind = Literal["training", "course", "mentor", "apprentice", "worker", "other"]
SubjectKind = Literal["trainer", "course", "mentor", "apprentice", "worker", "other"]
RaterMode = Literal["identified", "anonymous"]
Value = float | bool
Values = Annotated[dict[Slug, Value], Field(min_length=1, max_length=200)]
LinkHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
CommandId = Annotated[str, Field(min_length=1, max_length=64)]
Weight = Annotated[float, Field(strict=True, gt=0, le=1000)]

RejectionCode = Literal[
    "campaign_exists",
    "campaign_unknown",
    "campaign_closed",
    "campaign_not_open",
    "link_unknown",
    "link_already_used",
    "subject_unknown",
    "answer_invalid",
    "not_a_rater",
]


class CampaignRejected(Exception):
    """A refused campaign command: a stable code and an English message."""

    def __init__(self, code: RejectionCode, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code: RejectionCode = code
        self.message = message


def campaign_stream(campaign_id: str) -> str:
    return f"{CAMPAIGN_PREFIX}{campaign_id}"


# --- the definition ---------------------------------------------------------------


class FormCriterion(Criterion):
    """A criterion of the contest definition with its weight in the total (default 1)."""

    weight: Weight = 1.0


class Form(Model):
    criteria: Annotated[list[FormCriterion], Field(min_length=1, max_length=50)]

    @model_validator(mode="after")
    def _unique_ids(self) -> Form:
        _unique((c.id for c in self.criteria), "criterion")
        _unique((a.id for c in self.criteria for a in c.aspects), "aspect")
        for criterion in self.criteria:
            for aspect in criterion.aspects:
                if isinstance(aspect, JudgementAspect):
                    low, top = aspect.scale_range
                    if not low < top:
                        raise ValueError(f"aspect {aspect.id!r}: the scale must rise")
        return self

    @property
    def aspects(self) -> dict[str, JudgementAspect | MeasurementAspect]:
        return {a.id: a for c in self.criteria for a in c.aspects}


class Subject(Model):
    id: Slug
    name: Name
    kind: SubjectKind = "other"
    worker_id: Slug | None = None


class Period(Model):
    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if (self.start.tzinfo is None) != (self.end.tzinfo is None):
            raise ValueError("start and end must both carry a time zone, or neither")
        if not self.start < self.end:
            raise ValueError("the period must end after it starts")
        return self

    def holds(self, at: datetime) -> bool:
        start, end = self.start, self.end
        if start.tzinfo is None:  # a naive period is read as UTC
            at = at.replace(tzinfo=None)
        return start <= at <= end


class CampaignDefinition(Model):
    id: Slug
    title: Name
    kind: CampaignKind = "training"
    form: Form
    subjects: Annotated[list[Subject], Field(min_length=1, max_length=MAX_SUBJECTS)]
    period: Period
    raters: RaterMode = "anonymous"
    rater_ids: Annotated[list[Slug], Field(max_length=1000)] = Field(default_factory=list)
    participants: Annotated[list[Slug], Field(max_length=10000)] = Field(default_factory=list)
    min_answers: Annotated[int, Field(strict=True, ge=1, le=100)] = 3

    @model_validator(mode="after")
    def _consistent(self) -> CampaignDefinition:
        _unique((s.id for s in self.subjects), "subject")
        if self.rater_ids and self.raters != "identified":
            raise ValueError("rater_ids name the raters of an identified campaign only")
        return self

    def subject(self, subject_id: str) -> Subject | None:
        return next((s for s in self.subjects if s.id == subject_id), None)


def _unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what} id {item!r} appears twice")
        seen.add(item)


# --- events ---------------------------------------------------------------------


class IssuedLink(Model):
    hash: LinkHash
    rater_id: Slug | None = None


class CampaignDefined(Model):
    type: Literal["campaign_defined"] = "campaign_defined"
    campaign: CampaignDefinition


class LinksIssued(Model):
    type: Literal["links_issued"] = "links_issued"
    links: list[IssuedLink]


class LinkUsed(Model):
    """A one-time link is spent (kept apart from the answer it carried)."""

    type: Literal["link_used"] = "link_used"
    hash: LinkHash


class AnswerSubmitted(Model):
    """An anonymous answer: the subject and the values, nothing else."""

    type: Literal["answer_submitted"] = "answer_submitted"
    subject_id: Slug
    values: dict[str, Value]


class RaterAnswered(Model):
    """An identified rater's answer for one subject (a later one replaces it)."""

    type: Literal["rater_answered"] = "rater_answered"
    rater_id: Slug
    subject_id: Slug
    values: dict[str, Value]


class PaperAnswer(Model):
    subject_id: Slug
    values: Values
    rater_id: Slug | None = None  # identified campaigns only


class PaperBatchEntered(Model):
    type: Literal["paper_batch_entered"] = "paper_batch_entered"
    answers: list[PaperAnswer]


class CampaignClosed(Model):
    type: Literal["campaign_closed"] = "campaign_closed"
    at: datetime


CampaignEvent = (
    CampaignDefined
    | LinksIssued
    | LinkUsed
    | AnswerSubmitted
    | RaterAnswered
    | PaperBatchEntered
    | CampaignClosed
)
CAMPAIGN_EVENTS: tuple[type[CampaignEvent], ...] = get_args(CampaignEvent)


# --- commands -------------------------------------------------------------------


class AnswerItem(Model):
    subject_id: Slug
    values: Values


class DefineCampaign(Model):
    campaign: CampaignDefinition


class IssueLinks(Model):
    """Links to issue, as the hashes of their tokens (made by the application)."""

    links: Annotated[list[IssuedLink], Field(min_length=1, max_length=MAX_LINKS)]


class SubmitAnswers(Model):
    """A rater's submission through a link (its hash), for one or more subjects."""

    link_hash: LinkHash
    answers: Annotated[list[AnswerItem], Field(min_length=1, max_length=MAX_SUBJECTS)]
    at: datetime


class EnterPaperBatch(Model):
    answers: Annotated[list[PaperAnswer], Field(min_length=1, max_length=MAX_BATCH)]


class CloseCampaign(Model):
    at: datetime


# --- state and fold ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    subject_id: str
    values: dict[str, Value]
    rater_id: str | None = None


@dataclass(slots=True)
class CampaignState:
    definition: CampaignDefinition | None = None
    links: dict[str, str | None] = field(default_factory=dict)  # hash -> rater id
    used: set[str] = field(default_factory=set)
    anonymous: list[Answer] = field(default_factory=list)
    by_rater: dict[tuple[str, str], Answer] = field(default_factory=dict)  # (rater, subject)
    closed: bool = False

    def answers(self) -> list[Answer]:
        return [*self.anonymous, *self.by_rater.values()]


def evolve(state: CampaignState, event: CampaignEvent) -> None:
    """Fold one event into the state, in place."""
    if isinstance(event, CampaignDefined):
        state.definition = event.campaign
    elif isinstance(event, LinksIssued):
        state.links.update({link.hash: link.rater_id for link in event.links})
    elif isinstance(event, LinkUsed):
        state.used.add(event.hash)
    elif isinstance(event, AnswerSubmitted):
        state.anonymous.append(Answer(event.subject_id, event.values))
    elif isinstance(event, RaterAnswered):
        _by_rater(state, Answer(event.subject_id, event.values, event.rater_id))
    elif isinstance(event, PaperBatchEntered):
        for row in event.answers:
            if row.rater_id is None:
                state.anonymous.append(Answer(row.subject_id, row.values))
            else:
                _by_rater(state, Answer(row.subject_id, row.values, row.rater_id))
    elif isinstance(event, CampaignClosed):
        state.closed = True


def _by_rater(state: CampaignState, answer: Answer) -> None:
    assert answer.rater_id is not None
    state.by_rater[(answer.rater_id, answer.subject_id)] = answer


# --- decisions --------------------------------------------------------------------


def decide_define(state: CampaignState, command: DefineCampaign) -> list[CampaignDefined]:
    if state.definition is not None:
        raise CampaignRejected(
            "campaign_exists", f"campaign {command.campaign.id!r} is already defined"
        )
    return [CampaignDefined(campaign=command.campaign)]


def _open(state: CampaignState) -> CampaignDefinition:
    if state.definition is None:
        raise CampaignRejected("campaign_unknown", "no such campaign")
    if state.closed:
        raise CampaignRejected("campaign_closed", "this campaign is closed")
    return state.definition


def decide_links(state: CampaignState, command: IssueLinks) -> list[LinksIssued]:
    definition = _open(state)
    for link in command.links:
        _check_link_rater(definition, link.rater_id)
    return [LinksIssued(links=command.links)]


def _check_link_rater(definition: CampaignDefinition, rater_id: str | None) -> None:
    if definition.raters == "anonymous" and rater_id is not None:
        raise CampaignRejected("not_a_rater", "an anonymous campaign's links name nobody")
    if definition.raters == "identified":
        if rater_id is None:
            raise CampaignRejected(
                "not_a_rater", "an identified campaign's links each name their rater"
            )
        if definition.rater_ids and rater_id not in definition.rater_ids:
            raise CampaignRejected("not_a_rater", f"{rater_id!r} is not a rater of this campaign")


def decide_answers(state: CampaignState, command: SubmitAnswers) -> list[CampaignEvent]:
    """A link's submission: anonymous (once per link) or an identified rater's."""
    definition = _open(state)
    if command.link_hash not in state.links:
        raise CampaignRejected("link_unknown", "this link is not one of this campaign's")
    if not definition.period.holds(command.at):
        raise CampaignRejected("campaign_not_open", "this campaign is not open at this time")
    _unique_subjects(command.answers)
    for item in command.answers:
        check_answer(definition, item.subject_id, item.values)
    rater_id = state.links[command.link_hash]
    if definition.raters == "identified":
        if rater_id is None:
            raise CampaignRejected("not_a_rater", "this link names no rater")
        return [RaterAnswered(rater_id=rater_id, **item.model_dump()) for item in command.answers]
    if command.link_hash in state.used:
        raise CampaignRejected("link_already_used", "this link was already used to answer")
    answers = [AnswerSubmitted(**item.model_dump()) for item in command.answers]
    return [LinkUsed(hash=command.link_hash), *answers]


def _unique_subjects(items: Sequence[AnswerItem]) -> None:
    try:
        _unique((item.subject_id for item in items), "subject")
    except ValueError as twice:
        raise CampaignRejected("answer_invalid", str(twice)) from None


def decide_paper(state: CampaignState, command: EnterPaperBatch) -> list[PaperBatchEntered]:
    """Paper forms typed in by the organizer: accepted after the period too (not closed)."""
    definition = _open(state)
    for row in command.answers:
        check_answer(definition, row.subject_id, row.values)
        if definition.raters == "anonymous" and row.rater_id is not None:
            raise CampaignRejected("not_a_rater", "an anonymous campaign's answers name nobody")
        if definition.raters == "identified":
            _check_link_rater(definition, row.rater_id)
    return [PaperBatchEntered(answers=command.answers)]


def decide_close(state: CampaignState, command: CloseCampaign) -> list[CampaignClosed]:
    _open(state)
    return [CampaignClosed(at=command.at)]


def check_answer(definition: CampaignDefinition, subject_id: str, values: dict[str, Value]) -> None:
    """Every aspect of the form answered, on its scale, for a subject of the campaign."""
    if definition.subject(subject_id) is None:
        raise CampaignRejected("subject_unknown", f"{subject_id!r} is not a subject here")
    aspects = definition.form.aspects
    unknown = sorted(set(values) - set(aspects))
    missing = sorted(set(aspects) - set(values))
    if unknown or missing:
        raise CampaignRejected(
            "answer_invalid", f"unknown aspects {unknown}, unanswered aspects {missing}"
        )
    for aspect_id, value in values.items():
        if not value_in_range(value, aspects[aspect_id]):
            raise CampaignRejected("answer_invalid", f"{value!r} is out of range for {aspect_id!r}")


# --- the report -------------------------------------------------------------------


def criteria_marks(form: Form, answers: Sequence[Answer]) -> list[dict[str, Any]]:
    """Per criterion, the mark the answers give together (panel rules reused), its
    percent, its weight and its weighted share of the total (percent points)."""
    weights = math.fsum(c.weight for c in form.criteria)
    rows = []
    for criterion in form.criteria:
        mark = math.fsum(_aspect_mark(aspect, answers) for aspect in criterion.aspects)
        percent = mark / criterion.max * 100
        rows.append(
            {
                "id": criterion.id,
                "name": criterion.name,
                "weight": criterion.weight,
                "mark": mark,
                "max": criterion.max,
                "percent": percent,
                "weighted": percent * criterion.weight / weights,
            }
        )
    return rows


def _aspect_mark(aspect: JudgementAspect | MeasurementAspect, answers: Sequence[Answer]) -> float:
    values = [answer.values[aspect.id] for answer in answers]
    if isinstance(aspect, JudgementAspect):
        return judgement_mark([float(v) for v in values], aspect)
    return aggregate_panel([measurement_mark(v, aspect) for v in values], _MEAN)


_MEAN = JudgementAspect(id="mean", name="mean", max=1).panel


def score(criteria: Sequence[dict[str, Any]]) -> float:
    """The weighted total, in percent (0..100)."""
    return math.fsum(row["weighted"] for row in criteria)


Viewer = Literal["organizer", "public"]


def report(state: CampaignState, viewer: Viewer = "organizer") -> dict[str, Any]:
    """Per subject and for the campaign: weighted marks, under the anonymity rule.

    An anonymous subject with fewer than `min_answers` answers shows nothing (not
    even how many); with enough, the aggregate only. An identified campaign also
    gives the organizer one row per rater.
    """
    definition = state.definition
    assert definition is not None
    answers = state.answers()
    subjects = [_subject_report(definition, s, answers, viewer) for s in definition.subjects]
    shown = [row for row in subjects if row["shown"]]
    counted = sum(row["answers"] for row in shown)
    campaign = (
        {
            "shown": True,
            "answers": counted,
            "score": math.fsum(r["score"] for r in shown) / len(shown),
        }
        if shown
        else {"shown": False, "answers": None, "score": None}
    )
    return {
        "campaign_id": definition.id,
        "title": definition.title,
        "kind": definition.kind,
        "raters": definition.raters,
        "min_answers": definition.min_answers,
        "closed": state.closed,
        "campaign": campaign,
        "subjects": subjects,
    }


def _subject_report(
    definition: CampaignDefinition, subject: Subject, answers: Sequence[Answer], viewer: Viewer
) -> dict[str, Any]:
    mine = [a for a in answers if a.subject_id == subject.id]
    head: dict[str, Any] = {"id": subject.id, "name": subject.name, "kind": subject.kind}
    anonymous = definition.raters == "anonymous" or viewer != "organizer"
    if anonymous and len(mine) < definition.min_answers:
        return {**head, "shown": False, "answers": None, "fewer_than": definition.min_answers}
    if not mine:
        return {**head, "shown": False, "answers": 0, "criteria": [], "score": None}
    criteria = criteria_marks(definition.form, mine)
    row = {**head, "shown": True, "answers": len(mine), "criteria": criteria}
    row["score"] = score(criteria)
    if not anonymous:
        row["raters"] = [_rater_row(definition.form, a) for a in mine if a.rater_id is not None]
    return row


def _rater_row(form: Form, answer: Answer) -> dict[str, Any]:
    criteria = criteria_marks(form, [answer])
    return {"rater_id": answer.rater_id, "criteria": criteria, "score": score(criteria)}
