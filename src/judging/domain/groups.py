"""Rankings by group: individuals re-ranked per venue, and teams, workshops and
organizations ranked as groups.

A group's score sums (or averages, `ranking.team_score: mean`) its ACTIVE members'
totals, stages cleared, times and criterion marks (a missing mark counts as 0).
Groups rank like individuals with the same rank style: `points` by total, `stages`
and `time` by stages cleared then time; then the `criterion:<id>` tie-breaks and,
for `points`, the criterion countback. Clear-minute keys (the ICPC last clear, the
stage countback) are individual and do not apply to groups. A group with no active
member gets no rank and is listed last. Entries without a value for the grouping
field are left out.

A grouping is asked for as text (`venue:<id>`, `team`, `workshop`, `organization`);
`parse_grouping` turns it into a `Grouping` once, where it enters the system.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts
from judging.domain.ranking import RankedRow, SortKey, rank, ranks_for, tie_break_values
from judging.domain.scoring import Minutes, Score, whole

GroupField = Literal["team", "workshop", "organization"]
GROUP_FIELDS: tuple[GroupField, ...] = ("team", "workshop", "organization")
Entries = Sequence[tuple[EntryFacts, Score]]


@dataclass(frozen=True, slots=True)
class ByVenue:
    """One venue's entries, ranked among themselves (`venue:<id>`)."""

    venue: str

    def __str__(self) -> str:
        return f"venue:{self.venue}"


@dataclass(frozen=True, slots=True)
class ByField:
    """Teams, workshops or organizations, ranked as groups."""

    field: GroupField

    def __str__(self) -> str:
        return self.field


Grouping = ByVenue | ByField


class UnknownGrouping(ValueError):
    """A grouping text that is none of `venue:<id>`, team, workshop, organization."""


def parse_grouping(text: str | None) -> Grouping | None:
    """The grouping a text names (None for none); `UnknownGrouping` otherwise."""
    if text is None:
        return None
    if text.startswith("venue:"):
        return ByVenue(text.removeprefix("venue:"))
    for field in GROUP_FIELDS:
        if text == field:
            return ByField(field)
    raise UnknownGrouping(f"unknown group {text!r}: venue:<id>, team, workshop or organization")


@dataclass(frozen=True, slots=True)
class GroupScore:
    """Summed or mean values over a group's `counted` (active) members."""

    total: float
    stages_cleared: Minutes
    time: Minutes
    criteria: Mapping[str, float]
    counted: int


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One group; `members` in the order of their individual ranking."""

    rank: int | None
    group: str
    members: tuple[str, ...]
    score: GroupScore


def venue_rows(entries: Entries, definition: ContestDefinition, venue: str) -> list[RankedRow]:
    """The individual ranking of one venue's entries, ranked among themselves."""
    return rank([(facts, s) for facts, s in entries if facts.venue == venue], definition)


def _combine(values: Iterable[float], how: str, count: int) -> float:
    total = math.fsum(values)
    return total / count if how == "mean" and count else total


def group_score(scores: Sequence[Score], definition: ContestDefinition) -> GroupScore:
    """The group score of its active members' scores."""
    how, n = definition.ranking.team_score, len(scores)
    ids = [c.id for c in definition.criteria]
    ids += sorted({cid for s in scores for cid in s.criteria}.difference(ids))
    return GroupScore(
        total=_combine((s.total for s in scores), how, n),
        stages_cleared=whole(_combine((s.stages_cleared for s in scores), how, n)),
        time=whole(_combine((s.time for s in scores), how, n)),
        criteria={cid: _combine((s.criteria.get(cid, 0.0) for s in scores), how, n) for cid in ids},
        counted=n,
    )


def group_key(score: GroupScore, definition: ContestDefinition) -> SortKey:
    """Smaller is better; a group with no active member sorts last."""
    if not score.counted:
        return (1,)
    if definition.ranking.policy == "points":
        primary: SortKey = (-score.total,)
    else:
        primary = (-score.stages_cleared, score.time)
    return (0, *primary, *tie_break_values(score.criteria, (), definition))


def _members(rows: list[RankedRow], by: GroupField) -> dict[str, list[RankedRow]]:
    groups: dict[str, list[RankedRow]] = {}
    for row in rows:
        value = getattr(row, by)
        if value is not None:
            groups.setdefault(value, []).append(row)
    return groups


def group_rows(entries: Entries, definition: ContestDefinition, by: GroupField) -> list[GroupRow]:
    """Groups by `by`, ranked with the definition's rank style; ties listed by name."""
    groups = _members(rank(entries, definition), by)
    scored = [
        (name, rows, group_score([r.score for r in rows if r.status == "active"], definition))
        for name, rows in groups.items()
    ]
    keyed = sorted(
        ((group_key(s, definition), name, rows, s) for name, rows, s in scored),
        key=lambda item: (item[0], item[1]),
    )
    active = [key for key, *_, s in keyed if s.counted]
    ranks: list[int | None] = [*ranks_for(active, definition.ranking.rank_style)]
    ranks.extend([None] * (len(keyed) - len(active)))
    return [
        GroupRow(r, name, tuple(m.contestant_id for m in rows), s)
        for r, (_, name, rows, s) in zip(ranks, keyed, strict=True)
    ]
