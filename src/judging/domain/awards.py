"""Awards over the official result (pure): which tier each entry gets.

The result is the public view of the finalized contest, active entries only:
withdrawn and disqualified entries never get an award. An entry's `place` is 1 +
the number of entries strictly better (the standard competition position, whatever
the definition's rank style), so a tie shares one place.

Tiers are ordered best first. Each sized tier adds its size to a running cut: a
`count` tier adds N, a `percent` tier floor(P/100 x field) where the field is the
number of active ranked entries. An entry gets the first tier whose cut its place is
within (when the tier has a size) and whose `min_score` its score reaches (when
set); a tier with only `min_score` has no cut. Ties therefore share the higher
award. The score is the total for `points`, the stages cleared for `stages`/`time`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from judging.domain.board import entry_facts
from judging.domain.definition import AwardTier, ContestDefinition
from judging.domain.events import AwardGiven
from judging.domain.ranking import rank, ranks_for, sort_key
from judging.domain.scoring import Score, score
from judging.domain.state import ContestState

_EPSILON = 1e-9  # 29% of 100 is 29, not 28.999...


@dataclass(frozen=True, slots=True)
class Placed:
    """One active entry of the official result: its rank, place and score."""

    contestant_id: str
    rank: int
    place: int  # 1 + the number of entries strictly better
    tied: int  # how many entries share this place (itself included)
    score: float
    group: str | None = None


def result_score(value: Score, definition: ContestDefinition) -> float:
    """What `min_score` compares with: the total, or the stages cleared."""
    if definition.ranking.policy == "points":
        return value.total
    return float(value.stages_cleared)


def share(percent: float, field: int) -> int:
    """floor(percent/100 x field), robust to binary fractions."""
    return math.floor(percent * field / 100 + _EPSILON)


def placed(state: ContestState) -> list[Placed]:
    """The active entries of the public result in ranking order, with their places."""
    definition = state.definition
    entries = [(facts, score(facts, definition)) for facts in entry_facts(state, "public")]
    rows = [row for row in rank(entries, definition) if row.rank is not None]
    keys = [sort_key(row.score, row.status, definition) for row in rows]
    places = ranks_for(keys, "standard")
    counts: dict[tuple[float, ...], int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [
        Placed(
            row.contestant_id,
            row.rank if row.rank is not None else place,
            place,
            counts[key],
            result_score(row.score, definition),
        )
        for row, key, place in zip(rows, keys, places, strict=True)
    ]


def tier_for(entry: Placed, tiers: list[AwardTier], field: int) -> AwardTier | None:
    """The first tier `entry` qualifies for (None: no award)."""
    cut = 0
    for tier in tiers:
        size = tier.count if tier.count is not None else None
        if tier.percent is not None:
            size = share(tier.percent, field)
        if size is not None:
            cut += size
        within = size is None or entry.place <= cut
        scores = tier.min_score is None or entry.score >= tier.min_score - _EPSILON
        if within and scores:
            return tier
    return None


def compute_awards(state: ContestState) -> list[AwardGiven]:
    """The awards of the contest's result, in ranking order (see the module doc)."""
    tiers = list(state.definition.awards)
    if not tiers:
        return []
    entries = placed(state)
    given: list[AwardGiven] = []
    for entry in entries:
        tier = tier_for(entry, tiers, len(entries))
        if tier is not None:
            given.append(
                AwardGiven(contestant_id=entry.contestant_id, award_id=tier.id, rank=entry.rank)
            )
    return given
