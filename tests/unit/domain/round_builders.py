"""Builders for rounds and awards: a points contest whose scores are given as facts.

`round_history(scores)` is a finalized round: one measured aspect (0..100) whose
value is the contestant's total; `out` withdraws or disqualifies some contestants.
"""

from __future__ import annotations

from typing import Any

from builders import at

from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    ContestantDisqualified,
    ContestantsRegistered,
    ContestantWithdrew,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    Event,
    MarkAwarded,
    RefereesRegistered,
)
from judging.domain.evolve import fold
from judging.domain.roster import Contestant, Referee
from judging.domain.state import ContestState


def round_definition(contest_id: str = "prelim", **overrides: Any) -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": f"Round {contest_id}",
            "duration_minutes": 120,
            "criteria": [
                {
                    "id": "dance",
                    "name": "Dance",
                    "aspects": [
                        {"id": "points", "name": "Points", "type": "measurement", "max": 100}
                    ],
                }
            ],
            **overrides,
        }
    )


def round_history(
    scores: dict[str, float],
    *,
    contest_id: str = "prelim",
    orgs: dict[str, str] | None = None,
    out: dict[str, str] | None = None,
    finalized: bool = True,
    **overrides: Any,
) -> list[Event]:
    """A round (ended, and finalized unless told) where each contestant scored `scores`."""
    orgs = orgs or {}
    people = [Contestant(id=cid, name=f"Name {cid}", organization=orgs.get(cid)) for cid in scores]
    history: list[Event] = [
        ContestDefined(definition=round_definition(contest_id, **overrides)),
        ContestantsRegistered(contestants=people),
        RefereesRegistered(
            referees=[
                Referee(id="r1", name="Referee"),
                Referee(id="chief", name="Chief", role="chief"),
            ]
        ),
        ContestStarted(at=at(0)),
    ]
    for index, (cid, value) in enumerate(scores.items()):
        history.append(
            MarkAwarded(
                command_id=f"m-{cid}",
                contestant_id=cid,
                aspect_id="points",
                referee_id="r1",
                value=value,
                at=at(1 + index / 100),
            )
        )
    for cid, status in (out or {}).items():
        kind = ContestantWithdrew if status == "withdrawn" else ContestantDisqualified
        history.append(kind(contestant_id=cid, reason="out", at=at(50)))
    history.append(ContestEnded(at=at(60)))
    if finalized:
        history.append(ContestFinalized(at=at(61)))
    return history


def round_state(scores: dict[str, float], **options: Any) -> ContestState:
    return fold(round_history(scores, **options))


def field_of(size: int, prefix: str = "e") -> dict[str, float]:
    """`size` contestants with distinct scores, best first: e01 scores 99, e02 98..."""
    return {f"{prefix}{i:02d}": float(100 - i) for i in range(1, size + 1)}
