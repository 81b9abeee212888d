"""The contest definition (DESIGN.md §4): what is judged, how, and how it ranks.

These are the shapes only; `judging.domain.validation` checks the cross-field rules
and reports every problem with its path. No number is NaN or infinite (`Model`), and
times are bounded (`MAX_MINUTES`): every number a command brings is one the board can
rank and encode.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


class Model(BaseModel):
    """Base of every definition model: immutable, unknown keys rejected."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )


Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
MAX_MINUTES = 366 * 24 * 60  # a contest lasts at most a (leap) year
MAX_AMOUNT = 1e9  # no mark, measure, scale or penalty is larger: sums stay exact enough
# Strict: a number is a number ("60" is refused, not read as 60).
Minutes = Annotated[float, Field(strict=True, ge=0, le=MAX_MINUTES)]
Amount = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT)]
Number = Annotated[float, Field(strict=True, ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Maximum = Annotated[float, Field(strict=True, gt=0, le=MAX_AMOUNT)]


class Venue(Model):
    id: Slug
    name: Name


class Panel(Model):
    """A panel of referees each giving one value on the aspect's scale."""

    size: Annotated[int, Field(strict=True, ge=1, le=15)] = 1
    aggregate: Literal["mean", "median", "trimmed", "closest_pair"] = "mean"
    drop: Annotated[int, Field(strict=True, ge=0, le=7)] = 0  # trimmed: drop k highest and k lowest
    max_spread: Amount | None = None


class DirectRule(Model):
    """The measured value is the mark (0..max)."""

    kind: Literal["direct"] = "direct"


class PassFailRule(Model):
    """True (or 1) gives full marks, false (or 0) gives none."""

    kind: Literal["pass_fail"] = "pass_fail"


class Tier(Model):
    below: Number
    mark: Amount


class TiersRule(Model):
    """The first tier whose `below` exceeds the value gives its mark, else `else`."""

    kind: Literal["tiers"] = "tiers"
    tiers: Annotated[list[Tier], Field(min_length=1)]
    otherwise: Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, alias="else")] = 0


class LinearRule(Model):
    """Full marks within `tolerance` of `target`, falling linearly to 0 at `zero_at` away."""

    kind: Literal["linear"] = "linear"
    target: Number
    tolerance: Amount = 0
    zero_at: Maximum


Rule = Annotated[DirectRule | PassFailRule | TiersRule | LinearRule, Field(discriminator="kind")]


class JudgementAspect(Model):
    """Judged by a panel; each referee gives a value on `scale` (default [0, max])."""

    id: Slug
    name: Name
    type: Literal["judgement"] = "judgement"
    max: Maximum
    scale: tuple[Number, Number] | None = None
    panel: Panel = Panel()

    @property
    def scale_range(self) -> tuple[float, float]:
        return self.scale if self.scale is not None else (0.0, self.max)


MAX_OPTIONS = 10


class Question(Model):
    """A question a candidate answers online (`judging.domain.online`): one of
    `options`, the one at index `answer` being right. Only in a contest of kind
    `assessment`, on a `pass_fail` measurement; the key (`answer`) stays with the
    organizer (`public_definition` leaves it out)."""

    prompt: Annotated[str, Field(min_length=1, max_length=1000)]
    options: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=200)]],
        Field(min_length=2, max_length=MAX_OPTIONS),
    ]
    answer: Annotated[int, Field(strict=True, ge=0, lt=MAX_OPTIONS)]


class MeasurementAspect(Model):
    """One measured value per contestant, turned into a mark by `rule`; with a
    `question`, the value is the candidate's answer marked against its key."""

    id: Slug
    name: Name
    type: Literal["measurement"] = "measurement"
    max: Maximum
    unit: str | None = None
    rule: Rule = DirectRule()
    question: Question | None = Field(default=None, exclude_if=lambda value: value is None)


def _aspect_type(value: Any) -> str | None:
    """The aspect's `type`, defaulting to judgement when it is left out."""
    found = (
        value.get("type", "judgement") if isinstance(value, dict) else getattr(value, "type", None)
    )
    return found if isinstance(found, str) else None


Aspect = Annotated[
    Annotated[JudgementAspect, Tag("judgement")] | Annotated[MeasurementAspect, Tag("measurement")],
    Discriminator(_aspect_type),
]


class Criterion(Model):
    """A skill dimension: one radar axis, the sum of its aspects' marks."""

    id: Slug
    name: Name
    skill: str | None = None  # cross-contest skill tag for the talent database
    total: Number | None = None  # declared total; must equal the sum of aspect maxima
    aspects: Annotated[list[Aspect], Field(min_length=1)]

    @property
    def max(self) -> float:
        return sum(aspect.max for aspect in self.aspects)


class Stage(Model):
    id: Slug
    name: Name


class Penalty(Model):
    id: Slug
    name: Name
    points: Amount = 0
    minutes: Minutes = 0


class Ranking(Model):
    policy: Literal["points", "stages", "time"] = "points"
    penalty_minutes: Minutes = 20
    # Ordered tie-breaks: "countback" or "criterion:<criterion id>".
    tie_breaks: list[str] = Field(default_factory=list)
    rank_style: Literal["standard", "dense"] = "standard"
    team_score: Literal["sum", "mean"] = "sum"


Percent = Annotated[float, Field(strict=True, gt=0, le=100)]
Count = Annotated[int, Field(strict=True, ge=1, le=1_000_000)]


class AwardTier(Model):
    """One award of the official result, best first (`judging.domain.awards`).

    A tier gives its award to the next `count` places, or the next `percent` of the
    ranked field, or (with only `min_score`) to every remaining entry scoring at least
    that; `min_score` with a size is one more condition. Ties share the higher award.
    """

    id: Slug
    name: Name
    count: Count | None = None
    percent: Percent | None = None
    min_score: Number | None = None


class Advancement(Model):
    """Who of this round goes on to the next (`judging.domain.advancement`).

    Every condition given must hold: a place within `top`, within `percent` of the
    ranked field, a score of at least `min_score`; with `per_group` places and field
    are counted within each venue, organization or team. `ties`: a tie at the cut goes
    through whole (`all`) or stays out whole (`none`).
    """

    top: Count | None = None
    percent: Percent | None = None
    min_score: Number | None = None
    per_group: Literal["venue", "organization", "team"] | None = None
    ties: Literal["all", "none"] = "all"


class RoundRef(Model):
    """This contest is round `order` (1 first) of the event `event`."""

    event: Slug
    order: Annotated[int, Field(strict=True, ge=1, le=100)]


class ContestDefinition(Model):
    id: Slug
    title: Name
    kind: Literal["competition", "assessment"] = "competition"
    duration_minutes: Annotated[float, Field(strict=True, gt=0, le=MAX_MINUTES)]
    freeze_minutes: Minutes | None = None
    # How long after the duration a stage attempt may still be timed (a tablet's clock,
    # an attempt judged at the bell); a clear is never timed after the duration.
    grace_minutes: Minutes = 5
    total: Number | None = None  # declared total; must equal the sum of criterion maxima
    ranking: Ranking = Ranking()
    venues: list[Venue] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)
    awards: list[AwardTier] = Field(default_factory=list)
    advancement: Advancement | None = None
    round: RoundRef | None = None

    @property
    def questions(self) -> dict[str, MeasurementAspect]:
        """The aspects answered online, by aspect id, in definition order."""
        return {
            aspect.id: aspect
            for criterion in self.criteria
            for aspect in criterion.aspects
            if isinstance(aspect, MeasurementAspect) and aspect.question is not None
        }

    @property
    def max_total(self) -> float:
        return sum(criterion.max for criterion in self.criteria)

    @property
    def duration_seconds(self) -> float:
        return self.duration_minutes * 60

    @property
    def latest_attempt_seconds(self) -> float:
        """The latest contest time an attempt may be recorded at: duration plus grace."""
        return (self.duration_minutes + self.grace_minutes) * 60


def public_definition(definition: ContestDefinition) -> dict[str, Any]:
    """The definition as JSON for anyone to read: the questions without their key."""
    data = definition.model_dump(mode="json", by_alias=True)
    for criterion in data["criteria"]:
        for aspect in criterion["aspects"]:
            if aspect.get("question") is not None:
                aspect["question"].pop("answer", None)
    return data
