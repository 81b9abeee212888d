"""The entry facts each view may see: what `ranking` turns into scores and ranks.

Live view: everything, partial judgement panels aggregated over what is there.
Public view: entries recorded while frozen stay hidden until the thaw (hidden stage
attempts count as pending), a correction recorded while frozen shows the value from
before it, and a judgement panel shows no mark until it is complete (blind panels).
Screen view: the frozen results as live shows them, blind panels as public does.
"""

from __future__ import annotations

import math

from judging.domain.definition import Aspect, Criterion, JudgementAspect
from judging.domain.facts import Attempt, EntryFacts, View
from judging.domain.marking import judgement_mark, measurement_mark, needs_rescoring
from judging.domain.state import ContestState, EntryState, Filed, Record, Value


def entry_facts(state: ContestState, view: View) -> list[EntryFacts]:
    """One `EntryFacts` per registered contestant, in registration-id order."""
    return [facts_for(state, cid, view) for cid in sorted(state.contestants)]


def facts_for(state: ContestState, contestant_id: str, view: View) -> EntryFacts:
    """What `view` may see of one contestant's entry (KeyError if unknown)."""
    entry = state.contestants[contestant_id]
    seer = _Seer(state, entry, view)
    contestant = entry.contestant
    criteria, provisional = seer.criteria()
    points, minutes = seer.penalties()
    attempts, pending = seer.attempts()
    return EntryFacts(
        contestant_id=contestant.id,
        name=contestant.name,
        organization=contestant.organization,
        team=contestant.team,
        workshop=contestant.workshop,
        venue=contestant.venue,
        worker_id=contestant.worker_id,
        status=entry.status,
        provisional=provisional,
        criteria=criteria,
        penalty_points=points,
        penalty_minutes=minutes,
        attempts=attempts,
        pending_attempts=pending,
    )


class _Seer:
    """One contestant's entry as one view sees it."""

    def __init__(self, state: ContestState, entry: EntryState, view: View) -> None:
        self.state = state
        self.filed: Filed = state.filed(entry.contestant.id)  # one walk of the entry
        self.live = view == "live"  # incomplete panels shown
        self.revealed = view != "public" or state.lifecycle.revealed

    def _counted(self, record: Record) -> bool:
        version = record.seen(self.revealed)
        return version is not None and not version.void

    def _values(self, aspect_id: str) -> list[Value]:
        values: list[Value] = []
        for record in self.filed.marks.get(aspect_id, ()):
            version = record.seen(self.revealed)
            if version is not None and not version.void and version.value is not None:
                values.append(version.value)
        return values

    def aspect_mark(self, aspect: Aspect) -> tuple[float | None, bool]:
        """The aspect's visible mark (None: nothing to show) and whether it is provisional."""
        values = self._values(aspect.id)
        if not isinstance(aspect, JudgementAspect):
            return (measurement_mark(values[-1], aspect) if values else None), False
        numbers = [float(value) for value in values]
        complete = len(numbers) >= aspect.panel.size
        provisional = not complete or needs_rescoring(numbers, aspect)
        if not numbers or not (complete or self.live):
            return None, provisional
        return judgement_mark(numbers, aspect), provisional

    def criterion_mark(self, criterion: Criterion) -> tuple[float | None, bool]:
        marks: list[float] = []
        provisional = False
        for aspect in criterion.aspects:
            mark, unsure = self.aspect_mark(aspect)
            provisional = provisional or unsure
            if mark is not None:
                marks.append(mark)
        return (math.fsum(marks) if marks else None), provisional

    def criteria(self) -> tuple[dict[str, float], bool]:
        criteria: dict[str, float] = {}
        provisional = False
        for criterion in self.state.definition.criteria:
            mark, unsure = self.criterion_mark(criterion)
            provisional = provisional or unsure
            if mark is not None:
                criteria[criterion.id] = mark
        return criteria, provisional

    def penalties(self) -> tuple[float, float]:
        """Penalty points and minutes of the penalties this view counts."""
        kinds = [
            self.state.catalog.penalties[record.subject_id]
            for record in self.filed.penalties
            if self._counted(record)
        ]
        return math.fsum(p.points for p in kinds), math.fsum(p.minutes for p in kinds)

    def attempts(self) -> tuple[dict[str, tuple[Attempt, ...]], dict[str, int]]:
        attempts: dict[str, tuple[Attempt, ...]] = {}
        pending: dict[str, int] = {}
        for stage in self.state.definition.stages:
            stage_id = stage.id
            shown, hidden = self._stage(self.filed.attempts.get(stage_id, []))
            if shown:
                attempts[stage_id] = shown
            if hidden:
                pending[stage_id] = hidden
        return attempts, pending

    def _stage(self, records: list[Record]) -> tuple[tuple[Attempt, ...], int]:
        """The counted attempts in contest-time order up to the first clear, and how
        many are pending (hidden from this view and still standing)."""
        seen = sorted((r for r in records if self._counted(r)), key=lambda r: r.contest_time)
        shown: list[Attempt] = []
        for record in seen:
            shown.append(Attempt(record.result, record.contest_time, record.penalty))
            if record.result == "cleared":
                return tuple(shown), 0
        hidden = sum(1 for r in records if r.seen(self.revealed) is None and not r.void)
        return tuple(shown), hidden
