"""A round's standings document: its round, the projected or done advancement with
the cut, and the published award of each row; a contest without any keeps its shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AwardGiven,
    AwardsPublished,
    ContestantsAdvanced,
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    Event,
    MarkAwarded,
    RefereesRegistered,
    RoundAdvanced,
)
from judging.domain.roster import Contestant, Referee
from judging.projections.contest_board import ContestBoard

T0 = datetime(2025, 5, 1, 9, tzinfo=UTC)
SCORES = {"ann": 90.0, "bob": 80.0, "cat": 80.0, "dan": 50.0}


def definition(contest_id: str = "heat", **more: Any) -> ContestDefinition:
    aspect = {"id": "pts", "name": "Points", "type": "measurement", "max": 100}
    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": contest_id,
            "duration_minutes": 60,
            "criteria": [{"id": "c", "name": "C", "aspects": [aspect]}],
            **more,
        }
    )


def history(**more: Any) -> list[Event]:
    events: list[Event] = [
        ContestDefined(definition=definition(**more)),
        ContestantsRegistered(contestants=[Contestant(id=c, name=c.title()) for c in SCORES]),
        RefereesRegistered(referees=[Referee(id="r1", name="R1")]),
        ContestStarted(at=T0),
    ]
    for cid, value in SCORES.items():
        events.append(
            MarkAwarded(
                command_id=f"m-{cid}",
                contestant_id=cid,
                aspect_id="pts",
                referee_id="r1",
                value=value,
                at=T0 + timedelta(minutes=1),
            )
        )
    return events


def board_of(events: list[Event]) -> ContestBoard:
    board = ContestBoard()
    for position, event in enumerate(events, start=1):
        board.apply(event, position)
    return board


ROUND = {"round": {"event": "dance", "order": 1}, "advancement": {"top": 2}}


def test_a_plain_contest_keeps_its_document() -> None:
    document = board_of(history()).document("public")
    assert "advancement" not in document and "round" not in document


def test_the_projected_cut_then_the_advancement_done() -> None:
    events = history(**ROUND)
    document: Any = board_of(events).document("public")
    assert document["round"] == {"event": "dance", "order": 1}
    assert document["advancement"] == {
        "rule": {"top": 2, "ties": "all"},
        "to": None,
        "contestants": ["ann", "bob", "cat"],  # the tie at the cut goes through
        "cut": {"place": 2, "score": 80.0},
        "projected": True,
    }
    events += [ContestEnded(at=T0), ContestFinalized(at=T0)]
    events.append(RoundAdvanced(to="final", contestants=["ann", "bob", "cat"], at=T0))
    board = board_of(events)
    done: Any = board.document("public")
    assert done["advancement"]["to"] == "final" and not done["advancement"]["projected"]
    assert done["advancement"]["cut"] == {"place": 2, "score": 80.0}
    assert board.document("public") is done  # cached until the next event


def test_published_awards_mark_their_rows() -> None:
    awards = [{"id": "gold", "name": "Gold", "count": 1}]
    events = [*history(awards=awards), ContestEnded(at=T0), ContestFinalized(at=T0)]
    events.append(
        AwardsPublished(awards=[AwardGiven(contestant_id="ann", award_id="gold", rank=1)], at=T0)
    )
    document: Any = board_of(events).document("public")
    assert document["rows"][0]["award"] == {"id": "gold", "name": "Gold"}
    assert all("award" not in row for row in document["rows"][1:])
    grouped: Any = board_of(events).document("public", None)
    assert grouped["rows"][0]["award"]["id"] == "gold"


def test_a_new_advancement_replaces_the_rows_of_the_earlier() -> None:
    def brought(position: int, *ids: str) -> ContestantsAdvanced:
        people = [Contestant(id=cid, name=cid.title()) for cid in ids]
        return ContestantsAdvanced(from_contest="heat", from_position=position, contestants=people)

    final = [ContestDefined(definition=definition("final", round={"event": "dance", "order": 2}))]
    board = board_of([*final, brought(7, "ann", "bob"), brought(9, "ann", "cat")])
    rows = board.document("public")["rows"]
    assert sorted(row["contestant_id"] for row in rows) == ["ann", "cat"]
