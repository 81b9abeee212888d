"""Contest results for the talent database, taken when a contest is finalized.

Pure: given the contest's definition and the entries' final facts (the live view, which
equals the public one once the contest is final), rank them with the domain ranking
and turn every entry that has a `worker_id` into a `ContestResult`.
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


def skill_percents(facts: EntryFacts, definition: ContestDefinition) -> dict[str, float]:
    """Percent per skill; criteria sharing a tag are pooled (marks over maxima)."""
    marks: dict[str, list[float]] = {}
    maxima: dict[str, list[float]] = {}
    for criterion in definition.criteria:
        key = skill_key(definition.id, criterion.id, criterion.skill)
        marks.setdefault(key, []).append(facts.criteria.get(criterion.id, 0.0))
        maxima.setdefault(key, []).append(criterion.max)
    pooled = {key: percent(math.fsum(marks[key]), math.fsum(maxima[key])) for key in marks}
    return {key: value for key, value in pooled.items() if value is not None}


def _result(
    row: RankedRow,
    facts: EntryFacts,
    definition: ContestDefinition,
    finalized_at: str,
    ranks: Sequence[int],
) -> ContestResult:
    assert facts.worker_id is not None
    return ContestResult(
        contest_id=definition.id,
        contestant_id=facts.contestant_id,
        worker_id=facts.worker_id,
        name=facts.name,
        title=definition.title,
        finalized_at=finalized_at,
        rank=row.rank,
        field_size=len(ranks),
        percentile=percentile(row.rank, ranks),
        total_percent=percent(row.score.total, definition.max_total),
        organization=facts.organization,
        team=facts.team,
        workshop=facts.workshop,
        skills=skill_percents(facts, definition),
    )


def contest_results(
    definition: ContestDefinition, entries: Sequence[EntryFacts], finalized_at: str
) -> list[ContestResult]:
    """Rank the entries and keep those of workers, in rank order."""
    by_id = {facts.contestant_id: facts for facts in entries}
    rows = rank([(facts, score(facts, definition)) for facts in entries], definition)
    ranks = [row.rank for row in rows if row.rank is not None]
    return [
        _result(row, by_id[row.contestant_id], definition, finalized_at, ranks)
        for row in rows
        if by_id[row.contestant_id].worker_id is not None
    ]
