"""Contest results for the talent database, taken when a contest is finalized.

Pure: given the contest's definition and the entries' final facts (the live view, which
equals the public one once the contest is final), rank them with the domain ranking
and turn every entry that has a `worker_id` into a `ContestResult`.

"Not assessed" is kept apart from 0 %: an entry that nobody marked and that never
attempted a stage is not ranked (no rank, percentile or total, so it plays no match
of the leaderboard and has no best rank), and a skill none of whose criteria was
marked has no percent at all, so it counts in no mean. A skill with some of its
criteria marked is a percent of all of them: the unmarked part earned nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts
from judging.domain.ranking import RankedRow, rank
from judging.domain.scoring import score


@dataclass(frozen=True, slots=True)
class ContestResult:
    """One worker's result in one finalized contest; percents are 0..100."""

    contest_id: str
    contestant_id: str
    worker_id: str
    name: str
    title: str
    finalized_at: str
    rank: int | None
    field_size: int
    percentile: float | None
    total_percent: float | None
    organization: str | None
    team: str | None
    workshop: str | None
    skills: Mapping[str, float]


def percentile(own: int | None, ranks: Sequence[int]) -> float | None:
    """The share (0..100) of the ranked field ranked strictly below `own`."""
    if own is None or not ranks:
        return None
    below = sum(1 for other in ranks if other > own)
    return below / len(ranks) * 100


def percent(value: float, maximum: float) -> float | None:
    return value / maximum * 100 if maximum > 0 else None


def skill_key(contest_id: str, criterion_id: str, skill: str | None) -> str:
    """A criterion's skill tag, else `<contest>:<criterion id>`."""
    return skill if skill else f"{contest_id}:{criterion_id}"


def assessed(facts: EntryFacts) -> bool:
    """Whether anything was recorded for the entry: a mark or a stage attempt."""
    return bool(facts.criteria) or any(facts.attempts.values())


def skill_percents(facts: EntryFacts, definition: ContestDefinition) -> dict[str, float]:
    """Percent per assessed skill; criteria sharing a tag are pooled (marks over maxima).

    A skill none of whose criteria has a mark is left out (not assessed, not 0 %)."""
    marks: dict[str, list[float]] = {}
    maxima: dict[str, list[float]] = {}
    marked: set[str] = set()
    for criterion in definition.criteria:
        key = skill_key(definition.id, criterion.id, criterion.skill)
        marks.setdefault(key, []).append(facts.criteria.get(criterion.id, 0.0))
        maxima.setdefault(key, []).append(criterion.max)
        if criterion.id in facts.criteria:
            marked.add(key)
    pooled = {key: percent(math.fsum(marks[key]), math.fsum(maxima[key])) for key in marked}
    return {key: value for key, value in pooled.items() if value is not None}


def _result(
    row: RankedRow | None,
    facts: EntryFacts,
    definition: ContestDefinition,
    finalized_at: str,
    ranks: Sequence[int],
) -> ContestResult:
    """A ranked entry's result, or (no row) the result of an entry never assessed:
    no rank, percentile, total or skill."""
    assert facts.worker_id is not None
    return ContestResult(
        contest_id=definition.id,
        contestant_id=facts.contestant_id,
        worker_id=facts.worker_id,
        name=facts.name,
        title=definition.title,
        finalized_at=finalized_at,
        rank=None if row is None else row.rank,
        field_size=len(ranks),
        percentile=None if row is None else percentile(row.rank, ranks),
        total_percent=None if row is None else percent(row.score.total, definition.max_total),
        organization=facts.organization,
        team=facts.team,
        workshop=facts.workshop,
        skills={} if row is None else skill_percents(facts, definition),
    )


def contest_results(
    definition: ContestDefinition, entries: Sequence[EntryFacts], finalized_at: str
) -> list[ContestResult]:
    """Rank the assessed entries and keep those of workers, in rank order; workers
    never assessed follow, unranked."""
    by_id = {facts.contestant_id: facts for facts in entries}
    scored = [(facts, score(facts, definition)) for facts in entries if assessed(facts)]
    rows = rank(scored, definition)
    ranks = [row.rank for row in rows if row.rank is not None]
    ranked = [
        _result(row, by_id[row.contestant_id], definition, finalized_at, ranks)
        for row in rows
        if by_id[row.contestant_id].worker_id is not None
    ]
    unassessed = [
        _result(None, facts, definition, finalized_at, ranks)
        for facts in entries
        if facts.worker_id is not None and not assessed(facts)
    ]
    return [*ranked, *unassessed]
