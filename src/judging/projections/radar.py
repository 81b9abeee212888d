"""The radar (report card) of one contestant: one axis per criterion.

Per criterion: `mark` (None when no mark is visible yet), `max`, `percent`
(mark / max × 100, an unmarked criterion counts as 0), the cohort's mean percent
and the contestant's **percentile**, the classic percentile rank:

    percentile = 100 × (B + E / 2) / N

where N is the cohort size, B the number of cohort members with a strictly lower
percent and E the number with an equal percent (the contestant itself included
when it belongs to the cohort). Alone in its cohort a contestant is at 50; above
everyone else it approaches 100. The cohort is the contest's active contestants (or
those of one venue) as the same view sees them, so blind panels and the freeze hide
in the radar what they hide on the board. Figures are rounded to 2 decimals for
display; they are computed exactly (`math.fsum`).

`Cohort` keeps each criterion's percents in a sorted list, so a contestant's update
costs O(criteria × log n) and a percentile is two bisects.
"""

from __future__ import annotations

import math
from typing import TypedDict

from sortedcontainers import SortedList

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts
from judging.domain.marking import display


class RadarAxis(TypedDict):
    criterion_id: str
    name: str
    mark: float | None
    max: float
    percent: float
    cohort_mean_percent: float | None
    percentile: float | None


class Radar(TypedDict):
    contestant_id: str
    cohort_size: int
    criteria: list[RadarAxis]


def percents(facts: EntryFacts, definition: ContestDefinition) -> tuple[float, ...]:
    """The percent of every criterion, in the definition's order."""
    return tuple(facts.criteria.get(c.id, 0.0) / c.max * 100 for c in definition.criteria)


class Cohort:
    """Per criterion, the sorted percents of a set of contestants."""

    def __init__(self, size: int) -> None:
        self._members: dict[str, tuple[float, ...]] = {}
        self._axes: list[SortedList[float]] = [SortedList() for _ in range(size)]

    def __len__(self) -> int:
        return len(self._members)

    def put(self, contestant_id: str, values: tuple[float, ...] | None) -> None:
        """Add, move or (with None) remove a contestant."""
        old = self._members.pop(contestant_id, None)
        if old is not None:
            for axis, value in zip(self._axes, old, strict=True):
                axis.remove(value)
        if values is not None:
            self._members[contestant_id] = values
            for axis, value in zip(self._axes, values, strict=True):
                axis.add(value)

    def mean(self, axis: int) -> float | None:
        values = self._axes[axis]
        return math.fsum(values) / len(values) if values else None

    def percentile(self, axis: int, value: float) -> float | None:
        values = self._axes[axis]
        if not values:
            return None
        below = values.bisect_left(value)
        equal = values.bisect_right(value) - below
        return 100 * (below + equal / 2) / len(values)


def _rounded(value: float | None) -> float | None:
    return None if value is None else display(value)


def radar(facts: EntryFacts, cohort: Cohort, definition: ContestDefinition) -> Radar:
    """`{"contestant_id", "cohort_size", "criteria": [{...}, ...]}` (see the module doc)."""
    own = percents(facts, definition)
    axes: list[RadarAxis] = []
    for axis, criterion in enumerate(definition.criteria):
        mark = facts.criteria.get(criterion.id)
        axes.append(
            {
                "criterion_id": criterion.id,
                "name": criterion.name,
                "mark": _rounded(mark),
                "max": criterion.max,
                "percent": display(own[axis]),
                "cohort_mean_percent": _rounded(cohort.mean(axis)),
                "percentile": _rounded(cohort.percentile(axis, own[axis])),
            }
        )
    return {"contestant_id": facts.contestant_id, "cohort_size": len(cohort), "criteria": axes}
