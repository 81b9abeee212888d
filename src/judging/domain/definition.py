"""The contest definition (DESIGN.md §4): what is judged, how, and how it ranks.

These are the shapes only; `judging.domain.validation` checks the cross-field rules
and reports every problem with its path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


class Model(BaseModel):
    """Base of every definition model: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class Venue(Model):
    id: Slug
    name: Name


class Panel(Model):
    """A panel of referees each giving one value on the aspect's scale."""

    size: Annotated[int, Field(ge=1, le=15)] = 1
    aggregate: Literal["mean", "median", "trimmed", "closest_pair"] = "mean"
    drop: Annotated[int, Field(ge=0)] = 0  # trimmed: drop k highest and k lowest
    max_spread: Annotated[float, Field(ge=0)] | None = None


class DirectRule(Model):
    """The measured value is the mark (0..max)."""

    kind: Literal["direct"] = "direct"


class PassFailRule(Model):
    """True (or 1) gives full marks, false (or 0) gives none."""

    kind: Literal["pass_fail"] = "pass_fail"


class Tier(Model):
    below: float
    mark: Annotated[float, Field(ge=0)]


class TiersRule(Model):
    """The first tier whose `below` exceeds the value gives its mark, else `else`."""

    kind: Literal["tiers"] = "tiers"
    tiers: Annotated[list[Tier], Field(min_length=1)]
    otherwise: Annotated[float, Field(ge=0, alias="else")] = 0


class LinearRule(Model):
    """Full marks within `tolerance` of `target`, falling linearly to 0 at `zero_at` away."""

    kind: Literal["linear"] = "linear"
    target: float
    tolerance: Annotated[float, Field(ge=0)] = 0
    zero_at: Annotated[float, Field(gt=0)]


Rule = Annotated[DirectRule | PassFailRule | TiersRule | LinearRule, Field(discriminator="kind")]


class JudgementAspect(Model):
    """Judged by a panel; each referee gives a value on `scale` (default [0, max])."""

    id: Slug
    name: Name
    type: Literal["judgement"] = "judgement"
    max: Annotated[float, Field(gt=0)]
    scale: tuple[float, float] | None = None
    panel: Panel = Panel()

    @property
    def scale_range(self) -> tuple[float, float]:
        return self.scale if self.scale is not None else (0.0, self.max)


class MeasurementAspect(Model):
    """One measured value per contestant, turned into a mark by `rule`."""

    id: Slug
    name: Name
    type: Literal["measurement"] = "measurement"
    max: Annotated[float, Field(gt=0)]
    unit: str | None = None
    rule: Rule = DirectRule()


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
    total: float | None = None  # declared total; must equal the sum of aspect maxima
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
    points: Annotated[float, Field(ge=0)] = 0
    minutes: Annotated[float, Field(ge=0)] = 0


class Ranking(Model):
    policy: Literal["points", "stages", "time"] = "points"
    penalty_minutes: Annotated[float, Field(ge=0)] = 20
    # Ordered tie-breaks: "countback" or "criterion:<criterion id>".
    tie_breaks: list[str] = Field(default_factory=list)
    rank_style: Literal["standard", "dense"] = "standard"
    team_score: Literal["sum", "mean"] = "sum"


class ContestDefinition(Model):
    id: Slug
    title: Name
    kind: Literal["competition", "assessment"] = "competition"
    duration_minutes: Annotated[float, Field(gt=0)]
    freeze_minutes: Annotated[float, Field(ge=0)] | None = None
    total: float | None = None  # declared total; must equal the sum of criterion maxima
    ranking: Ranking = Ranking()
    venues: list[Venue] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)

    @property
    def max_total(self) -> float:
        return sum(criterion.max for criterion in self.criteria)
