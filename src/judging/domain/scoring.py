"""Scores: what an entry's facts are worth under its contest's ranking policy.

Contest time is counted in whole minutes, rounded down (seconds // 60), as CLICS
does. A stage's attempts are taken in contest-time order (recorded order on equal
times); the first cleared attempt is the clear and nothing after it counts.
Totals are exact (`math.fsum`); rounding is for display only (`marking.display`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from judging.domain.definition import ContestDefinition
from judging.domain.facts import Attempt, EntryFacts

# Whole minutes: an int, unless a definition's penalty minutes are fractional.
Minutes = int | float


@dataclass(frozen=True, slots=True)
class StageScore:
    """One stage of one entry.

    `time` is the minute of the clear plus `penalty_minutes` per failed attempt with
    penalty before it (None if not cleared); `attempts` counts attempts up to and
    including the clear (all of them if not cleared); `pending` counts attempts the
    view hides (0 once cleared: they come after the clear); `cleared_at` is the
    minute of the clear.
    """

    cleared: bool
    time: Minutes | None
    attempts: int
    pending: int
    cleared_at: int | None = None


@dataclass(frozen=True, slots=True)
class Score:
    """An entry's score; `time` and `last_clear` in whole contest minutes."""

    total: float
    criteria: Mapping[str, float]
    stages: Mapping[str, StageScore]
    stages_cleared: int
    time: Minutes
    last_clear: int | None
    penalty_points: float = 0.0
    penalty_minutes: Minutes = 0

    def clear_minutes(self) -> tuple[int, ...]:
        """Minutes of every clear, latest first."""
        found = (stage.cleared_at for stage in self.stages.values())
        return tuple(sorted((m for m in found if m is not None), reverse=True))


def minute_of(contest_time: float) -> int:
    """Whole contest minutes of a contest time in seconds, rounded down."""
    return int(contest_time // 60)


def whole(value: float) -> Minutes:
    """An integral number as an int (so JSON shows 1299, not 1299.0)."""
    return int(value) if float(value).is_integer() else value


def stage_score(attempts: Iterable[Attempt], pending: int, penalty_minutes: float) -> StageScore:
    """Score one stage from its attempts (see the module doc for the rules)."""
    ordered = sorted(attempts, key=lambda attempt: attempt.contest_time)
    failed = 0
    for count, attempt in enumerate(ordered, start=1):
        if attempt.result == "cleared":
            minute = minute_of(attempt.contest_time)
            time = whole(minute + penalty_minutes * failed)
            return StageScore(True, time, count, 0, minute)
        failed += attempt.penalty
    return StageScore(False, None, len(ordered), pending)


def _stage_ids(facts: EntryFacts, definition: ContestDefinition) -> list[str]:
    known = [stage.id for stage in definition.stages]
    seen = {*facts.attempts, *facts.pending_attempts}
    return known + sorted(seen.difference(known))


def _criteria(facts: EntryFacts, definition: ContestDefinition) -> dict[str, float]:
    order = [c.id for c in definition.criteria if c.id in facts.criteria]
    extra = sorted(set(facts.criteria).difference(order))
    return {cid: facts.criteria[cid] for cid in order + extra}


def _time(stages: Mapping[str, StageScore], last_clear: int | None, policy: str) -> float:
    """Stage minutes: the ICPC sum, or for `time` the last clear plus penalties."""
    cleared = [stage for stage in stages.values() if stage.cleared_at is not None]
    if policy != "time":
        return math.fsum(stage.time or 0 for stage in cleared)
    penalties = math.fsum((stage.time or 0) - (stage.cleared_at or 0) for stage in cleared)
    return (last_clear or 0) + penalties


def score(facts: EntryFacts, definition: ContestDefinition) -> Score:
    """The score of one entry under the definition's ranking policy."""
    ranking = definition.ranking
    stages = {
        sid: stage_score(
            facts.attempts.get(sid, ()),
            facts.pending_attempts.get(sid, 0),
            ranking.penalty_minutes,
        )
        for sid in _stage_ids(facts, definition)
    }
    clears = [stage.cleared_at for stage in stages.values() if stage.cleared_at is not None]
    last_clear = max(clears, default=None)
    criteria = _criteria(facts, definition)
    stage_time = _time(stages, last_clear, ranking.policy)
    return Score(
        total=math.fsum([*criteria.values(), -facts.penalty_points]),
        criteria=criteria,
        stages=stages,
        stages_cleared=len(clears),
        time=whole(stage_time + facts.penalty_minutes),
        last_clear=last_clear,
        penalty_points=facts.penalty_points,
        penalty_minutes=whole(facts.penalty_minutes),
    )
