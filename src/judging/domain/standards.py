"""Position standards: the skill levels a position requires (talent analysis).

A standard names the percent (0..100) it requires in each cross-contest skill tag,
e.g. `{"elec.wiring": 80}`, and optionally its `levels`: an ordered ladder such as
初级 60 / 中级 75 / 高级 90, each with the minimum percent that grants it. A worker's
percent in a skill the standard covers, measured by a finalized contest of kind
`assessment`, grants the highest level whose minimum it reaches (`level_for`).
Standards live in their own stream, `standards`; defining a standard again replaces it.

`levels` was added to `standard_defined` after events of it were stored: it is an
optional field (default: no levels), so a stored version-1 event reads as a standard
without levels and no upcaster is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from judging.domain.definition import Model, Name, Slug

STANDARDS_STREAM = "standards"

SkillTag = Annotated[str, Field(min_length=1, max_length=100)]
Percent = Annotated[float, Field(ge=0, le=100)]
MAX_LEVELS = 20


class Level(Model):
    """One rung of a standard's ladder: granted from `min_percent` up."""

    id: Slug
    name: Name
    min_percent: Percent


Levels = Annotated[tuple[Level, ...], Field(max_length=MAX_LEVELS)]


def _by_skill(required: dict[str, float]) -> dict[str, float]:
    """The requirements in skill order: as the store keeps them (its JSON is key-sorted),
    so a standard reads the same just appended and read back."""
    return dict(sorted(required.items()))


Requirements = Annotated[dict[SkillTag, Percent], AfterValidator(_by_skill)]


class InvalidStandard(ValueError):
    """A standard whose levels are not a ladder (code `standard_invalid`)."""

    code = "standard_invalid"


class DefineStandard(Model):
    """Define (or redefine) a position standard."""

    type: Literal["define_standard"] = "define_standard"
    command_id: Annotated[str, Field(min_length=1, max_length=64)]
    id: Slug
    name: Name
    required: Annotated[Requirements, Field(min_length=1)]
    levels: Levels = ()


class StandardDefined(Model):
    type: Literal["standard_defined"] = "standard_defined"
    id: Slug
    name: Name
    required: Requirements
    levels: Levels = ()  # optional: standards stored before levels existed have none


def ladder_problem(levels: Sequence[Level]) -> str | None:
    """Why `levels` is no ladder (ids repeat, minimums not strictly ascending), or None."""
    ids = [level.id for level in levels]
    if len(set(ids)) != len(ids):
        return "level ids must be unique"
    minimums = [level.min_percent for level in levels]
    if any(b <= a for a, b in pairwise(minimums)):
        return "levels must be listed lowest first, each min_percent above the one before"
    return None


def decide_standard(command: DefineStandard) -> list[StandardDefined]:
    """Accepted once its shape is valid (pydantic) and its levels form a ladder."""
    problem = ladder_problem(command.levels)
    if problem is not None:
        raise InvalidStandard(problem)
    event = StandardDefined(
        id=command.id, name=command.name, required=command.required, levels=command.levels
    )
    return [event]


# A percent is a quotient of marks (29 of 100 is 28.999999999999996 in floats): one
# that misses a minimum by less than this reaches it.
TOLERANCE = 1e-9


def level_for(levels: Sequence[Level], percent: float) -> Level | None:
    """The highest level whose minimum `percent` reaches; None below the lowest."""
    reached = [level for level in levels if percent + TOLERANCE >= level.min_percent]
    return max(reached, key=lambda level: level.min_percent) if reached else None
