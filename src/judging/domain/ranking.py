"""Sort keys and ranks: smaller keys are better, equal keys share a rank.

A key is a tuple of numbers (descending quantities negated, never rounded), so a
projection can keep entries in a sorted list and find a rank by bisecting. Its first
element is the status order: active entries (0) come before withdrawn (1) and
disqualified (2) ones, which get no rank and are listed by name, then id.

After the policy's keys come the definition's tie-breaks, in order:

- `criterion:<id>`: that criterion's mark, higher better (missing counts as 0);
- `countback`: for `points`, the criterion marks one by one in the order the
  definition lists them, higher better (missing count as 0); for `stages` and
  `time`, the minutes of the clears from the latest backwards, earlier better
  (the entries compared have cleared as many stages, so these tuples align).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts, Status
from judging.domain.scoring import Score

SortKey = tuple[float, ...]
RankStyle = Literal["standard", "dense"]

STATUS_ORDER: dict[Status, int] = {"active": 0, "withdrawn": 1, "disqualified": 2}


def tie_break_key(score: Score, definition: ContestDefinition) -> SortKey:
    """The definition's tie-breaks for one score, in order (see the module doc)."""
    return tie_break_values(score.criteria, score.clear_minutes(), definition)


def tie_break_values(
    criteria: Mapping[str, float], clears: tuple[int, ...], definition: ContestDefinition
) -> SortKey:
    """The tie-breaks from criterion marks and clear minutes (latest first)."""
    key: list[float] = []
    for tie_break in definition.ranking.tie_breaks:
        if tie_break == "countback":
            key.extend(_countback(criteria, clears, definition))
        elif tie_break.startswith("criterion:"):
            key.append(-criteria.get(tie_break.removeprefix("criterion:"), 0.0))
        else:
            raise ValueError(f"unknown tie-break {tie_break!r}")
    return tuple(key)


def _countback(
    criteria: Mapping[str, float], clears: tuple[int, ...], definition: ContestDefinition
) -> SortKey:
    if definition.ranking.policy == "points":
        return tuple(-criteria.get(c.id, 0.0) for c in definition.criteria)
    return clears


def policy_key(score: Score, definition: ContestDefinition) -> SortKey:
    """The ranking policy's own keys, before any tie-break."""
    policy = definition.ranking.policy
    if policy == "points":
        return (-score.total,)
    if policy == "stages":
        return (-score.stages_cleared, score.time, score.last_clear or 0)
    return (-score.stages_cleared, score.time)


def sort_key(score: Score, status: Status, definition: ContestDefinition) -> SortKey:
    """A totally ordered key: smaller is better, equal keys share a rank.

    Withdrawn and disqualified entries get the bare key `(status order,)`: after
    every active entry, equal among themselves, so names then ids order them.
    """
    if status != "active":
        return (STATUS_ORDER[status],)
    return (0, *policy_key(score, definition), *tie_break_key(score, definition))


def ranks_for(keys: Sequence[SortKey], style: RankStyle) -> list[int]:
    """The rank of each key, in the order given.

    standard ("1224"): 1 + the number of strictly better keys;
    dense ("1223"): 1 + the number of distinct strictly better keys.
    """
    ordered = sorted(keys) if style == "standard" else sorted(set(keys))
    return [1 + bisect_left(ordered, key) for key in keys]


@dataclass(frozen=True, slots=True)
class RankedRow:
    """One row of a ranking; `rank` is None for withdrawn and disqualified entries."""

    rank: int | None
    contestant_id: str
    name: str
    organization: str | None
    team: str | None
    workshop: str | None
    venue: str | None
    status: Status
    provisional: bool
    score: Score


def ranked_row(facts: EntryFacts, score: Score, rank: int | None) -> RankedRow:
    """One row of a board; withdrawn and disqualified entries never carry a rank."""
    return RankedRow(
        rank=rank if facts.status == "active" else None,
        contestant_id=facts.contestant_id,
        name=facts.name,
        organization=facts.organization,
        team=facts.team,
        workshop=facts.workshop,
        venue=facts.venue,
        status=facts.status,
        provisional=facts.provisional,
        score=score,
    )


def rank(
    entries: Sequence[tuple[EntryFacts, Score]], definition: ContestDefinition
) -> list[RankedRow]:
    """Rank entries: ordered by key, then name, then id; inactive ones last, unranked."""
    keyed = sorted(
        ((sort_key(score, facts.status, definition), facts, score) for facts, score in entries),
        key=lambda item: (item[0], item[1].name, item[1].contestant_id),
    )
    active = [key for key, facts, _ in keyed if facts.status == "active"]
    ranks: list[int | None] = [*ranks_for(active, definition.ranking.rank_style)]
    ranks.extend([None] * (len(keyed) - len(active)))
    return [ranked_row(facts, score, r) for r, (_, facts, score) in zip(ranks, keyed, strict=True)]
