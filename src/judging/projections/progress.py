"""Stage progress of one contestant, as a view may see it.

Built from the entry's facts and score (the standings keep both per view, so
progress costs nothing to keep current). Per stage, in the definition's order
(stages only seen in attempts follow, by id):

`{"stage_id", "name", "cleared", "attempts", "pending", "time", "cleared_at",
"attempt_times"}` — `time` is the stage's ranking minutes (the clear's minute plus
penalties, None if not cleared), `cleared_at` the minute of the clear, and
`attempt_times` the whole minutes of every visible attempt in contest-time order.
The public view of a frozen contest shows attempts made after the freeze only as
`pending` (their result and time are hidden).
"""

from __future__ import annotations

from typing import TypedDict

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts, Status
from judging.domain.scoring import Minutes, Score, minute_of


class StageProgress(TypedDict):
    stage_id: str
    name: str
    cleared: bool
    attempts: int
    pending: int
    time: Minutes | None
    cleared_at: int | None
    attempt_times: list[int]


class Progress(TypedDict):
    contestant_id: str
    name: str
    status: Status
    stages_cleared: int
    pending: int
    stages: list[StageProgress]


def stage_progress(
    facts: EntryFacts, score: Score, definition: ContestDefinition
) -> list[StageProgress]:
    names = {stage.id: stage.name for stage in definition.stages}
    rows: list[StageProgress] = []
    for stage_id, stage in score.stages.items():
        attempts = sorted(facts.attempts.get(stage_id, ()), key=lambda a: a.contest_time)
        rows.append(
            {
                "stage_id": stage_id,
                "name": names.get(stage_id, stage_id),
                "cleared": stage.cleared,
                "attempts": stage.attempts,
                "pending": stage.pending,
                "time": stage.time,
                "cleared_at": stage.cleared_at,
                "attempt_times": [minute_of(a.contest_time) for a in attempts],
            }
        )
    return rows


def progress(facts: EntryFacts, score: Score, definition: ContestDefinition) -> Progress:
    """`{"contestant_id", "name", "status", "stages_cleared", "pending", "stages": [...]}`."""
    stages = stage_progress(facts, score, definition)
    return {
        "contestant_id": facts.contestant_id,
        "name": facts.name,
        "status": facts.status,
        "stages_cleared": score.stages_cleared,
        "pending": sum(stage["pending"] for stage in stages),
        "stages": stages,
    }
